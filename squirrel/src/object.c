/* object.c - the life end of every heap object: sq_obj_free releases what an
 * object holds and returns its memory, clearing any weak reference to it.
 *
 * Freeing is iterative past a small depth: a long chain of objects (a linked
 * list of tables, say) dying at once is queued on vm->freeq instead of recursing,
 * so the C stack stays bounded.
 */
#include <string.h>
#include "value.h"

static void unlink_gc(sq_vm *vm, sq_obj *o)
{
	if (o->gcprev) {
		o->gcprev->gcnext = o->gcnext;
		o->gcnext->gcprev = o->gcprev;
		o->gcprev = o->gcnext = NULL;
		vm->ncontainers--;
	}
}

static void release_obj(sq_vm *vm, void *p)
{
	if (p)
		sq_release(vm, sq_objval(p));
}

/* Drop every reference o holds; leaves o a valid, empty object. */
void sq_obj_free_contents(sq_vm *vm, sq_obj *o)
{
	uint32_t i;

	switch (o->type) {
	case SQ_TTABLE:
		sq_tab_free(vm, (sq_table *)o);
		break;
	case SQ_TARRAY:
		sq_arr_free(vm, (sq_array *)o);
		break;
	case SQ_TCLOSURE: {
		sq_closure *c = (sq_closure *)o;
		sq_proto *p = c->p;
		sq_value env = c->env;
		sq_value *d = c->defaults;
		void *own = c->owner;
		c->owner = NULL;
		release_obj(vm, own);
		c->env = sq_null();
		c->defaults = NULL;
		if (p) {
			for (i = 0; i < p->nupvals; i++) {
				sq_upval *u = c->up[i];
				c->up[i] = NULL;
				release_obj(vm, u);
			}
			if (d) {
				for (i = 0; i < p->ndefaults; i++)
					sq_release(vm, d[i]);
				sq_free(vm, d);
			}
		}
		sq_release(vm, env);
		break;
	}
	case SQ_TNATIVE: {
		sq_nclosure *n = (sq_nclosure *)o;
		sq_value env = n->env;
		n->env = sq_null();
		sq_release(vm, env);
		break;
	}
	case SQ_TCLASS: {
		sq_class *c = (sq_class *)o;
		sq_value ctor = c->ctor;
		void *m = c->members, *f = c->fields, *d = c->defaults, *b = c->base, *at = c->attrs;
		c->attrs = NULL;
		release_obj(vm, at);
		c->members = NULL;
		c->fields = NULL;
		c->defaults = NULL;
		c->base = NULL;
		c->ctor = sq_null();
		release_obj(vm, m);
		release_obj(vm, f);
		release_obj(vm, d);
		release_obj(vm, b);
		sq_release(vm, ctor);
		break;
	}
	case SQ_TINSTANCE: {
		sq_instance *in = (sq_instance *)o;
		for (i = 0; i < in->n; i++) {
			sq_value v = in->v[i];
			in->v[i] = sq_null();
			sq_release(vm, v);
		}
		break;
	}
	case SQ_TGENERATOR: {
		sq_generator *g = (sq_generator *)o;
		sq_value *s;
		while (g->openups) {	/* close over the values before they go */
			sq_upval *u = g->openups;
			g->openups = u->next;
			u->next = NULL;
			u->closed = *u->v;
			sq_incref(u->closed);
			u->v = &u->closed;
			release_obj(vm, u);
		}
		s = g->slots;
		uint32_t n = g->nslots;
		void *cl = g->cl;
		g->slots = NULL;
		g->nslots = 0;
		g->cl = NULL;
		sq_free(vm, g->handlers);
		g->handlers = NULL;
		g->nhandlers = 0;
		g->state = SQ_GEN_DEAD;
		for (i = 0; i < n; i++)
			sq_release(vm, s[i]);
		sq_free(vm, s);
		release_obj(vm, cl);
		break;
	}
	case SQ_TUPVAL: {
		sq_upval *u = (sq_upval *)o;
		sq_value v = u->closed;
		u->closed = sq_null();
		u->v = &u->closed;
		sq_release(vm, v);
		break;
	}
	default:
		break;
	}
}

static void destroy(sq_vm *vm, sq_obj *o)
{
	if (o->weak) {
		((sq_weakref *)o->weak)->target = NULL;
		o->weak = NULL;
	}
	switch (o->type) {
	case SQ_TSTRING:
		sq_string_unlink(vm, (sq_string *)o);
		break;
	case SQ_TINSTANCE: {
		sq_instance *in = (sq_instance *)o;
		sq_obj_free_contents(vm, o);
		if (in->udata && in->cls && in->cls->release)
			in->cls->release(vm, in->udata);
		in->udata = NULL;
		release_obj(vm, in->cls);
		break;
	}
	case SQ_TNATIVE: {
		sq_nclosure *n = (sq_nclosure *)o;
		sq_obj_free_contents(vm, o);
		release_obj(vm, n->name);
		sq_free(vm, n->typemask);
		break;
	}
	case SQ_TCLOSURE: {
		sq_closure *c = (sq_closure *)o;
		sq_obj_free_contents(vm, o);
		release_obj(vm, c->p);
		break;
	}
	case SQ_TPROTO: {
		sq_proto *p = (sq_proto *)o;
		uint32_t i;
		for (i = 0; i < p->nconsts; i++)
			sq_release(vm, p->consts[i]);
		for (i = 0; i < p->nprotos; i++)
			release_obj(vm, p->protos[i]);
		release_obj(vm, p->name);
		release_obj(vm, p->source);
		if (p->paramnames)
			for (i = 0; i < p->nparams; i++)
				release_obj(vm, p->paramnames[i]);
		sq_free(vm, p->paramnames);
		sq_free(vm, p->consts);
		sq_free(vm, p->protos);
		sq_free(vm, p->code);
		sq_free(vm, p->lines);
		sq_free(vm, p->updesc);
		break;
	}
	case SQ_TWEAKREF: {
		sq_weakref *w = (sq_weakref *)o;
		if (w->target && w->target->weak == o)
			w->target->weak = NULL;
		break;
	}
	case SQ_TUSERDATA: {
		sq_userdata *u = (sq_userdata *)o;
		if (u->release && u->p)
			u->release(vm, u->p);
		break;
	}
	default:
		sq_obj_free_contents(vm, o);
		break;
	}
	unlink_gc(vm, o);
	sq_free(vm, o);
}

void sq_obj_free(sq_vm *vm, sq_obj *o)
{
	if (vm->gc_running) {
		/* The collector owns the object's fate; it frees it itself. */
		if (o->gcflags & 2)
			return;
	}
	if (vm->free_depth > 64 && o->type != SQ_TSTRING) {
		unlink_gc(vm, o);
		o->gcnext = vm->freeq;
		vm->freeq = o;
		return;
	}
	vm->free_depth++;
	destroy(vm, o);
	vm->free_depth--;
	if (vm->free_depth == 0)
		while (vm->freeq) {
			sq_obj *q = vm->freeq;
			vm->freeq = q->gcnext;
			q->gcnext = NULL;
			vm->free_depth++;
			destroy(vm, q);
			vm->free_depth--;
		}
}

sq_value sq_weakref_get(sq_vm *vm, sq_value v)
{
	sq_weakref *w;
	(void)vm;
	if (v.type != SQ_TWEAKREF)
		return v;
	w = AS_WEAK(v);
	if (!w->target)
		return sq_null();
	return sq_objval(w->target);
}
