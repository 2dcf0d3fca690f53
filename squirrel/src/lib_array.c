/* lib_array.c - the array type's default delegate: len, append/push, extend,
 * pop, top, insert, remove, resize, sort, reverse, slice, tostring, clear, map,
 * apply, reduce, filter, find. Part of the target's language runtime; it
 * reaches the VM only through sq_native.h.
 *
 * Callbacks (sort's comparator, map/apply/reduce/filter's function) are called
 * with the array as `this`; an error they raise propagates unchanged.
 */
#include "sq_native.h"

#include <string.h>

/* Resolves a slice bound: negative counts from the end. 0 or -1 if outside. */
static int slice_index(int32_t i, uint32_t len, uint32_t *out)
{
	int64_t v = i;

	if (v < 0)
		v += len;
	if (v < 0 || v > (int64_t)len)
		return -1;
	*out = (uint32_t)v;
	return 0;
}

/* Squirrel's truth: null, false, 0 and 0.0 are false. */
static int truthy(sq_value v)
{
	switch (v.type) {
	case SQ_TNULL:
		return 0;
	case SQ_TBOOL:
	case SQ_TINTEGER:
		return v.u.i != 0;
	case SQ_TFLOAT:
		return v.u.f != 0.0f;
	default:
		return 1;
	}
}

static int arr_len(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	*ret = sq_int((int32_t)sq_array_len(argv[0]));
	return SQ_OK;
}

static int arr_append(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)ret;
	sq_array_push(vm, argv[0], argv[1]);
	return SQ_OK;
}

static int arr_extend(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t n = sq_array_len(argv[1]), i;

	(void)argc;
	(void)ret;
	/* n is read first so a.extend(a) doubles a once. */
	for (i = 0; i < n; i++)
		sq_array_push(vm, argv[0], sq_array_get(argv[1], i));
	return SQ_OK;
}

static int arr_pop(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t n = sq_array_len(argv[0]);

	(void)argc;
	if (n == 0)
		return sq_throwf(vm, "empty array");
	*ret = sq_dup(sq_array_get(argv[0], n - 1));
	sq_array_remove(vm, argv[0], n - 1);
	return SQ_OK;
}

static int arr_top(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t n = sq_array_len(argv[0]);

	(void)argc;
	if (n == 0)
		return sq_throwf(vm, "top() on a empty array");
	*ret = sq_dup(sq_array_get(argv[0], n - 1));
	return SQ_OK;
}

static int arr_insert(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	int32_t i = argv[1].type == SQ_TINTEGER ? argv[1].u.i : sq_toint(argv[1]);

	(void)argc;
	(void)ret;
	if (i < 0 || (uint32_t)i > sq_array_len(argv[0]))
		return sq_throwf(vm, "index out of range");
	sq_array_insert(vm, argv[0], (uint32_t)i, argv[2]);
	return SQ_OK;
}

static int arr_remove(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	int32_t i = argv[1].type == SQ_TINTEGER ? argv[1].u.i : sq_toint(argv[1]);

	(void)argc;
	if (i < 0 || (uint32_t)i >= sq_array_len(argv[0]))
		return sq_throwf(vm, "index out of range");
	*ret = sq_dup(sq_array_get(argv[0], (uint32_t)i));
	sq_array_remove(vm, argv[0], (uint32_t)i);
	return SQ_OK;
}

static int arr_resize(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	int32_t n = argv[1].type == SQ_TINTEGER ? argv[1].u.i : sq_toint(argv[1]);

	(void)ret;
	if (n < 0)
		return sq_throwf(vm, "negative size");
	sq_array_resize(vm, argv[0], (uint32_t)n, argc > 2 ? argv[2] : sq_null());
	return SQ_OK;
}

/* ---- sort ----
 * A stable top-down merge sort over a private copy of the items (so a
 * comparator that modifies the array cannot corrupt the sort), written back at
 * the end. Stable and deterministic: equal elements keep their order. The
 * comparator must return a number; its sign orders the pair. */

struct sorter {
	sq_vm *vm;
	sq_value arr;	/* `this` for the comparator */
	sq_value cmp;	/* null: the language's own < ordering */
};

/* *res <0, 0, >0 as a sorts before, with, after b. 0 or SQ_ERROR. */
static int compare(struct sorter *s, sq_value a, sq_value b, int *res)
{
	sq_value args[2] = { a, b }, r = sq_null();

	if (s->cmp.type == SQ_TNULL)
		return sq_cmp(s->vm, a, b, res);
	if (sq_call(s->vm, s->cmp, s->arr, 2, args, &r))
		return SQ_ERROR;
	if (r.type == SQ_TINTEGER) {
		*res = r.u.i < 0 ? -1 : r.u.i > 0;
	} else if (r.type == SQ_TFLOAT) {
		*res = r.u.f < 0 ? -1 : r.u.f > 0;
	} else {
		sq_release(s->vm, r);
		return sq_throwf(s->vm, "numeric value expected as return value of the compare function");
	}
	return SQ_OK;
}

/* Sorts v[0..n) using tmp[0..n) as scratch. */
static int merge_sort(struct sorter *s, sq_value *v, sq_value *tmp, uint32_t n)
{
	uint32_t mid = n / 2, i = 0, j, k = 0;
	int res;

	if (n < 2)
		return SQ_OK;
	if (merge_sort(s, v, tmp, mid) || merge_sort(s, v + mid, tmp, n - mid))
		return SQ_ERROR;
	j = mid;
	while (i < mid && j < n) {
		if (compare(s, v[j], v[i], &res))
			return SQ_ERROR;
		/* Take from the right only when strictly smaller: stability. */
		tmp[k++] = res < 0 ? v[j++] : v[i++];
	}
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, sizeof(*v) * n);
	return SQ_OK;
}

static int arr_sort(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sorter s = { vm, argv[0], argc > 1 ? argv[1] : sq_null() };
	uint32_t n = sq_array_len(argv[0]), i;
	sq_value *items, *tmp;
	int rc;

	(void)ret;
	if (n < 2)
		return SQ_OK;
	items = sq_malloc(vm, sizeof(*items) * n * 2);
	tmp = items + n;
	for (i = 0; i < n; i++)
		items[i] = sq_dup(sq_array_get(argv[0], i));
	rc = merge_sort(&s, items, tmp, n);
	if (rc == SQ_OK) {
		/* The comparator may have resized the array: write what fits. */
		uint32_t m = sq_array_len(argv[0]);

		for (i = 0; i < n && i < m; i++)
			sq_array_set(vm, argv[0], i, items[i]);
	}
	for (i = 0; i < n; i++)
		sq_release(vm, items[i]);
	sq_free(vm, items);
	return rc;
}

static int arr_reverse(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t n = sq_array_len(argv[0]), i;
	sq_value *v = sq_array_items(argv[0]);

	(void)vm;
	(void)argc;
	(void)ret;
	for (i = 0; i < n / 2; i++) {
		sq_value t = v[i];

		v[i] = v[n - 1 - i];
		v[n - 1 - i] = t;
	}
	return SQ_OK;
}

static int arr_slice(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t len = sq_array_len(argv[0]), from, to = len, i;
	sq_value out;

	if (slice_index(argv[1].u.i, len, &from) ||
	    (argc > 2 && slice_index(argv[2].u.i, len, &to)) || from > to)
		return sq_throwf(vm, "slice out of range");
	out = sq_array_new(vm, to - from);
	for (i = from; i < to; i++)
		sq_array_set(vm, out, i - from, sq_array_get(argv[0], i));
	*ret = out;
	return SQ_OK;
}

static int arr_tostring(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return sq_tostring(vm, argv[0], ret);
}

static int arr_clear(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)ret;
	sq_array_resize(vm, argv[0], 0, sq_null());
	return SQ_OK;
}

/* map(func): a new array of func(item) for each item. */
static int arr_map(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t i;
	sq_value out = sq_array_new(vm, 0);

	(void)argc;
	for (i = 0; i < sq_array_len(argv[0]); i++) {
		sq_value item = sq_dup(sq_array_get(argv[0], i)), r = sq_null();
		int rc = sq_call(vm, argv[1], argv[0], 1, &item, &r);

		sq_release(vm, item);
		if (rc) {
			sq_release(vm, out);
			return SQ_ERROR;
		}
		sq_array_push(vm, out, r);
		sq_release(vm, r);
	}
	*ret = out;
	return SQ_OK;
}

/* apply(func): replaces each item by func(item), in place. */
static int arr_apply(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t i;

	(void)argc;
	(void)ret;
	for (i = 0; i < sq_array_len(argv[0]); i++) {
		sq_value item = sq_dup(sq_array_get(argv[0], i)), r = sq_null();
		int rc = sq_call(vm, argv[1], argv[0], 1, &item, &r);

		sq_release(vm, item);
		if (rc)
			return SQ_ERROR;
		if (i < sq_array_len(argv[0]))
			sq_array_set(vm, argv[0], i, r);
		sq_release(vm, r);
	}
	return SQ_OK;
}

/* reduce(func): func(previous, current) folded left to right; null for an
 * empty array, the only item for a one-item array. */
static int arr_reduce(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t i;
	sq_value acc;

	(void)argc;
	if (sq_array_len(argv[0]) == 0)
		return SQ_OK;
	acc = sq_dup(sq_array_get(argv[0], 0));
	for (i = 1; i < sq_array_len(argv[0]); i++) {
		sq_value args[2], r = sq_null();
		int rc;

		args[0] = acc;
		args[1] = sq_dup(sq_array_get(argv[0], i));
		rc = sq_call(vm, argv[1], argv[0], 2, args, &r);
		sq_release(vm, args[1]);
		sq_release(vm, acc);
		if (rc)
			return SQ_ERROR;
		acc = r;
	}
	*ret = acc;
	return SQ_OK;
}

/* filter(func(index, value)): a new array of the items for which func is true. */
static int arr_filter(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t i;
	sq_value out = sq_array_new(vm, 0);

	(void)argc;
	for (i = 0; i < sq_array_len(argv[0]); i++) {
		sq_value args[2], r = sq_null();
		int rc;

		args[0] = sq_int((int32_t)i);
		args[1] = sq_dup(sq_array_get(argv[0], i));
		rc = sq_call(vm, argv[1], argv[0], 2, args, &r);
		if (rc) {
			sq_release(vm, args[1]);
			sq_release(vm, out);
			return SQ_ERROR;
		}
		if (truthy(r))
			sq_array_push(vm, out, args[1]);
		sq_release(vm, args[1]);
		sq_release(vm, r);
	}
	*ret = out;
	return SQ_OK;
}

/* find(value): the index of the first item equal to value (==), or null. */
static int arr_find(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t i, n = sq_array_len(argv[0]);

	(void)vm;
	(void)argc;
	for (i = 0; i < n; i++)
		if (sq_rawequal(sq_array_get(argv[0], i), argv[1])) {
			*ret = sq_int((int32_t)i);
			break;
		}
	return SQ_OK;
}

void sqlib_array_register(sq_vm *vm)
{
	sq_register_method(vm, SQ_TARRAY, "len", arr_len, 1, "a");
	sq_register_method(vm, SQ_TARRAY, "append", arr_append, 2, "a");
	sq_register_method(vm, SQ_TARRAY, "push", arr_append, 2, "a");
	sq_register_method(vm, SQ_TARRAY, "extend", arr_extend, 2, "aa");
	sq_register_method(vm, SQ_TARRAY, "pop", arr_pop, 1, "a");
	sq_register_method(vm, SQ_TARRAY, "top", arr_top, 1, "a");
	sq_register_method(vm, SQ_TARRAY, "insert", arr_insert, 3, "an");
	sq_register_method(vm, SQ_TARRAY, "remove", arr_remove, 2, "an");
	sq_register_method(vm, SQ_TARRAY, "resize", arr_resize, -2, "an");
	sq_register_method(vm, SQ_TARRAY, "sort", arr_sort, -1, "ac");
	sq_register_method(vm, SQ_TARRAY, "reverse", arr_reverse, 1, "a");
	sq_register_method(vm, SQ_TARRAY, "slice", arr_slice, -2, "aii");
	sq_register_method(vm, SQ_TARRAY, "tostring", arr_tostring, 1, "a");
	sq_register_method(vm, SQ_TARRAY, "clear", arr_clear, 1, "a");
	sq_register_method(vm, SQ_TARRAY, "map", arr_map, 2, "ac");
	sq_register_method(vm, SQ_TARRAY, "apply", arr_apply, 2, "ac");
	sq_register_method(vm, SQ_TARRAY, "reduce", arr_reduce, 2, "ac");
	sq_register_method(vm, SQ_TARRAY, "filter", arr_filter, 2, "ac");
	sq_register_method(vm, SQ_TARRAY, "find", arr_find, 2, "a");
}
