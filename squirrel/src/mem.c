/* mem.c - the VM's one allocator: every byte the interpreter holds goes through
 * malloc here and counts against the VM's quota. When malloc fails (libfiu can
 * make it) or the quota would be passed, the allocation raises the Squirrel
 * error "out of memory" by unwinding (longjmp) to the innermost protected
 * boundary (vm.c's execute, sq_call, the compiler) - never a crash.
 *
 * Each block carries a 32-byte header holding its size (so sq_free needs no
 * size and the quota stays exact) and links in the VM's list of live blocks:
 * sq_vm_free returns whatever is still there, so nothing a script, an
 * unwind or a library leaked outlives its VM.
 */
#include <stdlib.h>
#include <string.h>
#include "value.h"

typedef struct blk blk;	/* declared in value.h inside sq_vm */
#define HDR sizeof(blk)

static void link_blk(sq_vm *vm, blk *b)
{
	b->prev = &vm->blocks;
	b->next = vm->blocks.next;
	vm->blocks.next->prev = b;
	vm->blocks.next = b;
}

static void unlink_blk(blk *b)
{
	b->prev->next = b->next;
	b->next->prev = b->prev;
}

void sq_mem_init(sq_vm *vm)
{
	vm->blocks.next = vm->blocks.prev = &vm->blocks;
}

void sq_mem_free_all(sq_vm *vm)
{
	while (vm->blocks.next != &vm->blocks) {
		blk *b = vm->blocks.next;
		unlink_blk(b);
		vm->mem_used -= b->size + HDR;
		free(b);
	}
}

void sq_oom(sq_vm *vm)
{
	/* The message was made at start-up: making it now could fail too. */
	sq_release(vm, vm->err);
	vm->err = sq_dup(vm->s_oom);
	vm->has_err = 1;
	vm->traced = 0;
	if (vm->oomjmp)
		longjmp(*vm->oomjmp, 1);
	abort();	/* no boundary: a bug in the caller, not a script's doing */
}

void *sq_malloc(sq_vm *vm, size_t n)
{
	char *p;

	/* Outside any VM boundary (a host building arguments) the quota is not
	 * enforced: there is nowhere to report it. */
	if (vm->mem_quota && vm->mem_used + n + HDR > vm->mem_quota && vm->oomjmp)
		sq_oom(vm);
	p = malloc(n + HDR);
	if (!p)
		sq_oom(vm);
	((blk *)p)->size = n;
	link_blk(vm, (blk *)p);
	vm->mem_used += n + HDR;
	return p + HDR;
}

void *sq_realloc(sq_vm *vm, void *ptr, size_t n)
{
	char *p, *q;
	size_t old;

	if (!ptr)
		return sq_malloc(vm, n);
	p = (char *)ptr - HDR;
	old = ((blk *)p)->size;
	if (n > old && vm->mem_quota && vm->mem_used + (n - old) > vm->mem_quota && vm->oomjmp)
		sq_oom(vm);
	unlink_blk((blk *)p);
	q = realloc(p, n + HDR);
	if (!q) {
		link_blk(vm, (blk *)p);
		sq_oom(vm);
	}
	((blk *)q)->size = n;
	link_blk(vm, (blk *)q);
	vm->mem_used = vm->mem_used - old + n;
	return q + HDR;
}

void sq_free(sq_vm *vm, void *ptr)
{
	char *p;

	if (!ptr)
		return;
	p = (char *)ptr - HDR;
	vm->mem_used -= ((blk *)p)->size + HDR;
	unlink_blk((blk *)p);
	free(p);
}

size_t sq_mem_used(sq_vm *vm)
{
	return vm->mem_used;
}

/* A new object with one reference (the caller's). Containers join the list the
 * cycle collector walks; allocation pressure on that list triggers it. */
sq_obj *sq_obj_alloc(sq_vm *vm, size_t size, sq_type t, int container)
{
	sq_obj *o;

	if (container)
		sq_gc_maybe(vm);
	o = sq_malloc(vm, size);
	memset(o, 0, size);
	o->rc = 1;
	o->type = (uint8_t)t;
	o->serial = ++vm->serial;
	if (container) {
		o->gcnext = vm->gclist.gcnext;
		o->gcprev = &vm->gclist;
		vm->gclist.gcnext->gcprev = o;
		vm->gclist.gcnext = o;
		vm->ncontainers++;
	}
	return o;
}

/* Release the temporaries registered above `to` (after an unwind). */
void sq_tmp_unwind(sq_vm *vm, int to)
{
	while (vm->ntmps > to) {
		vm->ntmps--;
		if (vm->ntmps < 16) {
			sq_value v = vm->tmps[vm->ntmps];
			vm->tmps[vm->ntmps] = sq_null();
			sq_release(vm, v);
		}
	}
}
