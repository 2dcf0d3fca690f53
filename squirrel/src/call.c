/* call.c - how the VM (vm.c) calls things: argument adjustment (defaults,
 * varargs), frames for closures, direct calls of natives, class construction,
 * _call, generator creation; the protected entry into the loop (sq_execute),
 * calls from C (sq_vm_call) and generator resumption; plus upvalue
 * capture/closing and the stack trace recorded when an error is raised.
 */
#include <stdio.h>
#include <string.h>
#include "value.h"
#include "opcodes.h"


void sq_close_upvals(sq_vm *vm, uint32_t level)
{
	sq_value *lv = vm->stack + level;

	while (vm->openupvals && vm->openupvals->v >= lv) {
		sq_upval *u = vm->openupvals;
		u->closed = *u->v;
		sq_incref(u->closed);
		u->v = &u->closed;
		vm->openupvals = u->next;
		u->next = NULL;
		sq_release(vm, sq_objval(u));	/* the open list's reference */
	}
}

static sq_upval *find_upval(sq_vm *vm, sq_value *slot)
{
	sq_upval **pp = &vm->openupvals, *u;

	while (*pp && (*pp)->v > slot)
		pp = &(*pp)->next;
	if (*pp && (*pp)->v == slot) {
		(*pp)->h.rc++;
		return *pp;
	}
	u = (sq_upval *)sq_obj_alloc(vm, sizeof(sq_upval), SQ_TUPVAL, 1);
	u->v = slot;
	u->closed = sq_null();
	u->next = *pp;
	*pp = u;
	u->h.rc++;	/* one for the open list, one for the caller */
	return u;
}

sq_value sq_mkclosure(sq_vm *vm, sq_proto *p, sq_closure *parent, uint32_t base)
{
	sq_closure *c = (sq_closure *)sq_obj_alloc(vm, sizeof(sq_closure) + p->nupvals * sizeof(sq_upval *),
						   SQ_TCLOSURE, 1);
	uint32_t i;

	c->env = sq_null();
	for (i = 0; i < p->nupvals; i++) {
		if (p->updesc[i].fromlocal) {
			c->up[i] = find_upval(vm, vm->stack + base + p->updesc[i].idx);
		} else {
			c->up[i] = parent->up[p->updesc[i].idx];
			c->up[i]->h.rc++;
		}
	}
	if (p->ndefaults) {
		c->defaults = sq_malloc(vm, p->ndefaults * sizeof(sq_value));
		for (i = 0; i < p->ndefaults; i++)
			c->defaults[i] = sq_null();
	}
	c->p = p;
	p->h.rc++;
	return sq_objval(c);
}

void sq_release_range(sq_vm *vm, uint32_t from, uint32_t to)
{
	while (to > from) {
		sq_value v = vm->stack[--to];
		vm->stack[to] = sq_null();
		sq_release(vm, v);
	}
}

static int wrong_params(sq_vm *vm)
{
	return sq_throwf(vm, "wrong number of parameters");
}

/* Call the value at stack[fnslot] with this and nargs arguments above it.
 * A closure gets a frame (*pushed = 1) that the loop then runs; anything else
 * runs now and leaves its result in stack[fnslot], vm->sp = fnslot + 1. */
int sq_precall(sq_vm *vm, uint32_t fnslot, int nargs, int *pushed)
{
	sq_value fn = vm->stack[fnslot];
	sq_value *args = vm->stack + fnslot + 1;
	*pushed = 0;

	switch (fn.type) {
	case SQ_TCLOSURE: {
		sq_closure *cl = AS_CLOSURE(fn);
		sq_proto *p = cl->p;
		int given = nargs + 1, i;
		uint32_t base = fnslot + 1;
		sq_frame *f;

		if (given < p->nparams) {
			int missing = p->nparams - given;
			if (missing > p->ndefaults)
				return wrong_params(vm);
			for (i = 0; i < missing; i++)
				vm->stack[vm->sp++] = sq_dup(cl->defaults[p->ndefaults - missing + i]);
		} else if (given > p->nparams && !p->varargs) {
			return wrong_params(vm);
		}
		if (p->varargs) {
			int extra = given > p->nparams ? given - p->nparams : 0;
			sq_array *va = sq_arr_new(vm, (uint32_t)extra);
			if (extra)
				memcpy(va->items, vm->stack + base + p->nparams, sizeof(sq_value) * (size_t)extra);
			vm->sp = base + p->nparams;
			vm->stack[vm->sp++] = sq_objval(va);
		}
		if (cl->hasenv)
			sq_assign(vm, &args[0], cl->env);
		if (p->generator) {
			sq_generator *g = (sq_generator *)sq_obj_alloc(vm, sizeof(sq_generator), SQ_TGENERATOR, 1);
			uint32_t n = vm->sp - base;
			g->slots = sq_malloc(vm, sizeof(sq_value) * (n ? n : 1));
			memcpy(g->slots, vm->stack + base, sizeof(sq_value) * n);
			g->nslots = n;
			g->cl = cl;	/* takes the callee slot's reference */
			g->state = SQ_GEN_SUSPENDED;
			vm->stack[fnslot] = sq_objval(g);
			vm->sp = base;
			return 0;
		}
		if (vm->nframes >= SQ_MAX_CALLS || NO_STACK_ROOM(vm, p->maxslots))
			return sq_throwf(vm, "stack overflow");
		f = &vm->frames[vm->nframes++];
		f->cl = cl;
		f->nc = NULL;
		f->pc = 0;
		f->base = base;
		f->gen = NULL;
		f->boundary = 0;
		f->is_ctor = 0;
		*pushed = 1;
		return 0;
	}
	case SQ_TNATIVE: {
		sq_nclosure *nc = AS_NATIVE(fn);
		sq_value ret = sq_null();
		int rc;
		if (nc->hasenv)
			sq_assign(vm, &args[0], nc->env);
		if ((nc->nparams || nc->typemask) &&
		    sq_check_args(vm, nargs + 1, args, nc->nparams, nc->typemask))
			return SQ_ERROR;
		if (++vm->cdepth > SQ_MAX_CDEPTH) {
			vm->cdepth--;
			return sq_throwf(vm, "stack overflow");
		}
		rc = nc->fn(vm, nargs + 1, args, &ret);
		vm->cdepth--;
		if (rc) {
			sq_release(vm, ret);
			if (!vm->has_err)
				sq_throwf(vm, "native function failed");
			return SQ_ERROR;
		}
		sq_release_range(vm, fnslot, vm->sp);
		vm->stack[fnslot] = ret;
		vm->sp = fnslot + 1;
		return 0;
	}
	case SQ_TCLASS: {
		sq_class *c = AS_CLASS(fn);
		sq_value inst, ctor = c->ctor;
		sq_class_instantiate(vm, c, &inst);
		sq_release(vm, args[0]);
		args[0] = inst;
		if (ctor.type == SQ_TNULL) {
			if (nargs)
				return wrong_params(vm);
			sq_incref(inst);
			sq_release_range(vm, fnslot, vm->sp);
			vm->stack[fnslot] = inst;
			vm->sp = fnslot + 1;
			return 0;
		}
		sq_incref(ctor);
		vm->stack[fnslot] = ctor;
		sq_release(vm, fn);
		if (ctor.type == SQ_TCLOSURE) {
			int rc = sq_precall(vm, fnslot, nargs, pushed);
			if (rc == 0 && *pushed)
				vm->frames[vm->nframes - 1].is_ctor = 1;
			return rc;
		}
		sq_incref(inst);
		if (sq_precall(vm, fnslot, nargs, pushed)) {
			sq_release(vm, inst);
			return SQ_ERROR;
		}
		sq_release(vm, vm->stack[fnslot]);
		vm->stack[fnslot] = inst;
		return 0;
	}
	case SQ_TINSTANCE:
	case SQ_TTABLE: {
		sq_value mm = fn.type == SQ_TINSTANCE ? sq_class_mm(vm, AS_INST(fn)->cls, SQ_MM_CALL) : sq_null();
		if (fn.type == SQ_TTABLE && AS_TABLE(fn)->delegate) {
			sq_value *p = sq_tab_findstr(AS_TABLE(fn)->delegate, vm->mm[SQ_MM_CALL]);
			if (p)
				mm = *p;
		}
		if (mm.type != SQ_TNULL) {
			/* _call(original this, args...): shift everything up one */
			if (NO_STACK_ROOM(vm, 1))
				return sq_throwf(vm, "stack overflow");
			memmove(vm->stack + fnslot + 2, vm->stack + fnslot + 1, sizeof(sq_value) * (size_t)(nargs + 1));
			vm->sp++;
			vm->stack[fnslot + 1] = fn;	/* this = the object */
			vm->stack[fnslot] = sq_dup(mm);
			return sq_precall(vm, fnslot, nargs + 1, pushed);
		}
		break;
	}
	default:
		break;
	}
	return sq_throwf(vm, "attempt to call '%s'", sq_typename(fn));
}

void sq_record_trace(sq_vm *vm)
{
	int i, n = 0;

	vm->lasterr.is_compile = 0;
	for (i = (int)vm->nframes - 1; i >= 0 && n < SQ_MAX_FRAMES; i--) {
		sq_frame *f = &vm->frames[i];
		sq_proto *p;
		if (!f->cl)
			continue;
		p = f->cl->p;
		snprintf(vm->trace_names[n], sizeof vm->trace_names[n], "%s", p->name ? p->name->s : "unknown");
		snprintf(vm->trace_files[n], sizeof vm->trace_files[n], "%s", p->source ? p->source->s : "?");
		vm->lasterr.frames[n].function = vm->trace_names[n];
		vm->lasterr.frames[n].file = vm->trace_files[n];
		vm->lasterr.frames[n].line = f->pc < p->ncode ? p->lines[f->pc] : 0;
		n++;
	}
	vm->lasterr.nframes = n;
	vm->traced = 1;
}

/* Run frames[entry] (already pushed, boundary) until it returns. The result is
 * left in its callee slot; on error the stack is cut to that slot. */
int sq_execute(sq_vm *vm, uint32_t entry)
{
	jmp_buf jb;
	jmp_buf *saved = vm->oomjmp;
	volatile int again = 0;
	int cdepth = vm->cdepth, ntmps = vm->ntmps, rc;

	vm->frames[entry].boundary = 1;
	if (setjmp(jb)) {
		vm->cdepth = cdepth;
		sq_tmp_unwind(vm, ntmps);
		again = 1;
	}
	vm->oomjmp = &jb;
	rc = sq_run(vm, entry, again);
	vm->oomjmp = saved;
	return rc;
}

int sq_vm_call(sq_vm *vm, sq_value fn, sq_value thisv, int nargs, const sq_value *args, sq_value *ret)
{
	uint32_t fnslot = vm->sp;
	int i, pushed, rc;

	*ret = sq_null();
	if (NO_STACK_ROOM(vm, nargs + 2) || vm->cdepth >= SQ_MAX_CDEPTH)
		return sq_throwf(vm, "stack overflow");
	vm->stack[vm->sp++] = sq_dup(fn);
	vm->stack[vm->sp++] = sq_dup(thisv);
	for (i = 0; i < nargs; i++)
		vm->stack[vm->sp++] = sq_dup(args[i]);
	vm->cdepth++;
	rc = sq_precall(vm, fnslot, nargs, &pushed);
	if (rc == 0 && pushed)
		rc = sq_execute(vm, vm->nframes - 1);
	vm->cdepth--;
	if (rc) {
		sq_release_range(vm, fnslot, vm->sp > fnslot ? vm->sp : fnslot);
		vm->sp = fnslot;
		return SQ_ERROR;
	}
	*ret = vm->stack[fnslot];
	vm->stack[fnslot] = sq_null();
	vm->sp = fnslot;
	return 0;
}

int sq_generator_resume(sq_vm *vm, sq_generator *g, sq_value *ret)
{
	uint32_t fnslot = vm->sp, n = g->nslots, i;
	sq_frame *f;
	int rc;

	*ret = sq_null();
	if (g->state == SQ_GEN_DEAD)
		return sq_throwf(vm, "resuming dead generator");
	if (g->state == SQ_GEN_RUNNING)
		return sq_throwf(vm, "resuming active generator");
	if (NO_STACK_ROOM(vm, g->cl->p->maxslots + 2) || vm->nframes >= SQ_MAX_CALLS ||
	    vm->cdepth >= SQ_MAX_CDEPTH)
		return sq_throwf(vm, "stack overflow");
	if (vm->nhandlers + g->nhandlers > vm->caphandlers) {
		uint32_t nc = vm->caphandlers ? vm->caphandlers : 16;
		while (nc < vm->nhandlers + g->nhandlers)
			nc *= 2;
		vm->handlers = sq_realloc(vm, vm->handlers, nc * sizeof *vm->handlers);
		vm->caphandlers = nc;
	}
	vm->stack[vm->sp++] = sq_dup(sq_objval(g->cl));
	memcpy(vm->stack + vm->sp, g->slots, sizeof(sq_value) * n);
	if (g->openups) {
		sq_upval *u, *last = NULL;
		for (u = g->openups; u; u = u->next) {
			u->v = vm->stack + vm->sp + (u->v - g->slots);
			last = u;
		}
		last->next = vm->openupvals;
		vm->openupvals = g->openups;
		g->openups = NULL;
	}
	vm->sp += n;
	g->nslots = 0;
	f = &vm->frames[vm->nframes++];
	memset(f, 0, sizeof *f);
	f->cl = g->cl;
	f->pc = g->pc;
	f->base = fnslot + 1;
	f->gen = g;
	for (i = 0; i < g->nhandlers; i++) {
		sq_handler *h = &vm->handlers[vm->nhandlers++];
		h->frame = vm->nframes - 1;
		h->pc = g->handlers[2 * i];
		h->sp = f->base + g->handlers[2 * i + 1];
	}
	g->nhandlers = 0;
	g->state = SQ_GEN_RUNNING;
	sq_incref(sq_objval(g));
	vm->cdepth++;
	rc = sq_execute(vm, vm->nframes - 1);
	vm->cdepth--;
	if (g->state == SQ_GEN_RUNNING)
		g->state = SQ_GEN_DEAD;
	sq_release(vm, sq_objval(g));
	if (rc)
		return SQ_ERROR;
	*ret = vm->stack[fnslot];
	vm->stack[fnslot] = sq_null();
	vm->sp = fnslot;
	return 0;
}
