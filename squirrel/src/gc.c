/* gc.c - the cycle collector. Reference counting (sq_release) frees most
 * objects the moment they become unreachable; what it cannot free are cycles
 * (a table holding itself, a closure in a table it captures...). This finds them.
 *
 * DESIGN. Trial deletion over the list of container objects: copy each rc into
 * gcrefs, subtract one for every reference from another container; whatever
 * still has gcrefs > 0 is referenced from outside (the stack, the C code, a
 * host handle) and is a root. Everything reachable from a root lives; the rest
 * is garbage. Garbage is held (incref), emptied (which drops the cycle's internal
 * references), then released. No roots need enumerating, so C code holding
 * counted references is always safe. Runs when the number of containers passes
 * a threshold (twice the survivors of the last run, at least 20000).
 */
#include <stdlib.h>
#include "value.h"

typedef void (*visit_fn)(sq_obj *child, void *ud);

static void visitv(sq_value v, visit_fn f, void *ud)
{
	if (v.type >= SQ_TSTRING && v.u.o->gcprev)
		f(v.u.o, ud);
}

static void visito(void *o, visit_fn f, void *ud)
{
	if (o && ((sq_obj *)o)->gcprev)
		f(o, ud);
}

static void traverse(sq_obj *o, visit_fn f, void *ud)
{
	uint32_t i;

	switch (o->type) {
	case SQ_TTABLE: {
		sq_table *t = (sq_table *)o;
		for (i = 0; i < t->nused; i++) {
			visitv(t->entries[i].key, f, ud);
			visitv(t->entries[i].val, f, ud);
		}
		visito(t->delegate, f, ud);
		break;
	}
	case SQ_TARRAY: {
		sq_array *a = (sq_array *)o;
		for (i = 0; i < a->len; i++)
			visitv(a->items[i], f, ud);
		break;
	}
	case SQ_TCLOSURE: {
		sq_closure *c = (sq_closure *)o;
		visitv(c->env, f, ud);
		visito(c->owner, f, ud);
		if (c->p) {
			for (i = 0; i < c->p->nupvals; i++)
				visito(c->up[i], f, ud);
			if (c->defaults)
				for (i = 0; i < c->p->ndefaults; i++)
					visitv(c->defaults[i], f, ud);
		}
		break;
	}
	case SQ_TNATIVE:
		visitv(((sq_nclosure *)o)->env, f, ud);
		break;
	case SQ_TCLASS: {
		sq_class *c = (sq_class *)o;
		visito(c->members, f, ud);
		visito(c->fields, f, ud);
		visito(c->defaults, f, ud);
		visito(c->attrs, f, ud);
		visito(c->base, f, ud);
		visitv(c->ctor, f, ud);
		break;
	}
	case SQ_TINSTANCE: {
		sq_instance *in = (sq_instance *)o;
		visito(in->cls, f, ud);
		for (i = 0; i < in->n; i++)
			visitv(in->v[i], f, ud);
		break;
	}
	case SQ_TGENERATOR: {
		sq_generator *g = (sq_generator *)o;
		sq_upval *u;
		visito(g->cl, f, ud);
		for (i = 0; i < g->nslots; i++)
			visitv(g->slots[i], f, ud);
		for (u = g->openups; u; u = u->next)
			visito(u, f, ud);
		break;
	}
	case SQ_TUPVAL: {
		sq_upval *u = (sq_upval *)o;
		if (u->v == &u->closed)
			visitv(u->closed, f, ud);
		break;
	}
	default:
		break;
	}
}

static void dec_ref(sq_obj *c, void *ud)
{
	(void)ud;
	c->gcrefs--;
}

typedef struct objstack { sq_obj **p; size_t n, cap; int failed; } objstack;

static void push(objstack *s, sq_obj *o)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 256;
		sq_obj **np = realloc(s->p, nc * sizeof *np);
		if (!np) {
			s->failed = 1;
			return;
		}
		s->p = np;
		s->cap = nc;
	}
	s->p[s->n++] = o;
}

static void mark_child(sq_obj *c, void *ud)
{
	if (!(c->gcflags & 1)) {
		c->gcflags |= 1;
		push(ud, c);
	}
}

int sq_gc_collect(sq_vm *vm)
{
	sq_obj *o, *head = &vm->gclist;
	objstack st = { 0 }, garbage = { 0 };
	size_t i;

	if (vm->gc_running)
		return 0;
	vm->gc_running = 1;
	for (o = head->gcnext; o != head; o = o->gcnext) {
		o->gcrefs = o->rc;
		o->gcflags = 0;
	}
	for (o = head->gcnext; o != head; o = o->gcnext)
		traverse(o, dec_ref, NULL);
	for (o = head->gcnext; o != head; o = o->gcnext)
		if (o->gcrefs > 0 && !(o->gcflags & 1)) {
			o->gcflags |= 1;
			push(&st, o);
			while (st.n > 0 && !st.failed)
				traverse(st.p[--st.n], mark_child, &st);
		}
	if (st.failed) {
		free(st.p);
		vm->gc_running = 0;
		return 0;
	}
	for (o = head->gcnext; o != head; o = o->gcnext)
		if (!(o->gcflags & 1))
			push(&garbage, o);
	if (garbage.failed) {
		free(st.p);
		free(garbage.p);
		vm->gc_running = 0;
		return 0;
	}
	/* Hold every garbage object, empty them all, then let them go. */
	for (i = 0; i < garbage.n; i++) {
		garbage.p[i]->rc++;
		garbage.p[i]->gcflags |= 2;
	}
	for (i = 0; i < garbage.n; i++)
		sq_obj_free_contents(vm, garbage.p[i]);
	vm->gc_running = 0;
	for (i = 0; i < garbage.n; i++) {
		garbage.p[i]->gcflags = 0;
		sq_release(vm, sq_objval(garbage.p[i]));
	}
	free(st.p);
	free(garbage.p);
	vm->gc_threshold = vm->ncontainers * 2 > 20000 ? vm->ncontainers * 2 : 20000;
	return (int)garbage.n;
}

void sq_gc_maybe(sq_vm *vm)
{
	if (vm->ncontainers >= vm->gc_threshold && !vm->gc_running)
		sq_gc_collect(vm);
}

int sq_collect_garbage(sq_vm *vm)
{
	return sq_gc_collect(vm);
}
