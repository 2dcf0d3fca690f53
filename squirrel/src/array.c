/* array.c - Squirrel arrays: a growable vector of values. The methods scripts
 * call (push, sort, map...) live in lib_array.c; this is the storage.
 */
#include <string.h>
#include "value.h"

sq_array *sq_arr_new(sq_vm *vm, uint32_t n)
{
	sq_array *a = (sq_array *)sq_obj_alloc(vm, sizeof(sq_array), SQ_TARRAY, 1);
	uint32_t i;

	if (n) {
		a->items = sq_malloc(vm, sizeof(sq_value) * n);
		for (i = 0; i < n; i++)
			a->items[i] = sq_null();
		a->cap = a->len = n;
	}
	return a;
}

static void reserve(sq_vm *vm, sq_array *a, uint32_t n)
{
	uint32_t nc;

	if (n <= a->cap)
		return;
	nc = a->cap ? a->cap * 2 : 4;
	while (nc < n)
		nc *= 2;
	a->items = sq_realloc(vm, a->items, sizeof(sq_value) * nc);
	a->cap = nc;
}

void sq_arr_push(sq_vm *vm, sq_array *a, sq_value v)
{
	reserve(vm, a, a->len + 1);
	sq_incref(v);
	a->items[a->len++] = v;
}

void sq_arr_free(sq_vm *vm, sq_array *a)
{
	sq_value *it = a->items;
	uint32_t n = a->len, i;

	a->items = NULL;
	a->len = a->cap = 0;
	for (i = 0; i < n; i++)
		sq_release(vm, it[i]);
	sq_free(vm, it);
}

sq_value sq_array_new(sq_vm *vm, uint32_t n)
{
	return sq_objval(sq_arr_new(vm, n));
}

uint32_t sq_array_len(sq_value a)
{
	return AS_ARRAY(a)->len;
}

sq_value sq_array_get(sq_value a, uint32_t i)
{
	return AS_ARRAY(a)->items[i];
}

sq_value *sq_array_items(sq_value a)
{
	return AS_ARRAY(a)->items;
}

void sq_array_set(sq_vm *vm, sq_value a, uint32_t i, sq_value v)
{
	sq_assign(vm, &AS_ARRAY(a)->items[i], v);
}

void sq_array_push(sq_vm *vm, sq_value a, sq_value v)
{
	sq_arr_push(vm, AS_ARRAY(a), v);
}

void sq_array_insert(sq_vm *vm, sq_value av, uint32_t i, sq_value v)
{
	sq_array *a = AS_ARRAY(av);

	reserve(vm, a, a->len + 1);
	memmove(a->items + i + 1, a->items + i, sizeof(sq_value) * (a->len - i));
	sq_incref(v);
	a->items[i] = v;
	a->len++;
}

void sq_array_remove(sq_vm *vm, sq_value av, uint32_t i)
{
	sq_array *a = AS_ARRAY(av);
	sq_value old = a->items[i];

	memmove(a->items + i, a->items + i + 1, sizeof(sq_value) * (a->len - i - 1));
	a->len--;
	sq_release(vm, old);
}

void sq_array_resize(sq_vm *vm, sq_value av, uint32_t n, sq_value fill)
{
	sq_array *a = AS_ARRAY(av);

	if (n > a->len) {
		reserve(vm, a, n);
		while (a->len < n) {
			sq_incref(fill);
			a->items[a->len++] = fill;
		}
	} else {
		while (a->len > n) {
			sq_value old = a->items[--a->len];
			sq_release(vm, old);
		}
	}
}
