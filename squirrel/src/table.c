/* table.c - Squirrel tables: hash maps that iterate in insertion order, so a
 * program's output never depends on addresses or hash seeds.
 *
 * DESIGN. entries[] holds key/value pairs in insertion order; a deleted pair
 * keeps its place with a null key (a hole) until the next rebuild. index[] is
 * an open-addressed (linear probing) array of entry numbers plus one (0 =
 * empty); a hole still occupies its probe position so chains stay intact.
 * Strings hash by content (cached in the string), numbers by value, other
 * objects by their creation serial number.
 */
#include <string.h>
#include "value.h"

uint32_t sq_hash(sq_value v)
{
	uint32_t h;

	switch (v.type) {
	case SQ_TSTRING:
		h = AS_STR(v)->hash;
		break;
	case SQ_TINTEGER:
	case SQ_TBOOL:
		h = (uint32_t)v.u.i;
		break;
	case SQ_TFLOAT:
		memcpy(&h, &v.u.f, 4);
		h ^= 0x9e3779b9u;
		break;
	default:
		h = v.u.o ? v.u.o->serial : 0;
		break;
	}
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	return h;
}

static inline int keyeq(sq_value a, sq_value b)
{
	if (a.type != b.type)
		return 0;
	switch (a.type) {
	case SQ_TINTEGER: case SQ_TBOOL: return a.u.i == b.u.i;
	case SQ_TFLOAT: return a.u.f == b.u.f;
	case SQ_TNULL: return 0;
	default: return a.u.o == b.u.o;
	}
}

sq_table *sq_tab_new(sq_vm *vm, uint32_t cap)
{
	sq_table *t = (sq_table *)sq_obj_alloc(vm, sizeof(sq_table), SQ_TTABLE, 1);

	(void)cap;
	return t;
}

static void rebuild(sq_vm *vm, sq_table *t, uint32_t need)
{
	uint32_t ncap = 4, nmask, i, j, *nindex;
	sq_tentry *ne;

	while (ncap < need * 2 && ncap < need + 16)
		ncap *= 2;
	while (ncap < need)
		ncap *= 2;
	nmask = ncap * 2 - 1;
	/* one block: entries then index, so a failed allocation leaves nothing behind */
	ne = sq_malloc(vm, sizeof(sq_tentry) * ncap + sizeof(uint32_t) * (nmask + 1));
	nindex = (uint32_t *)(ne + ncap);
	memset(nindex, 0, sizeof(uint32_t) * (nmask + 1));
	for (i = 0, j = 0; i < t->nused; i++) {
		uint32_t h;
		if (t->entries[i].key.type == SQ_TNULL)
			continue;
		ne[j] = t->entries[i];
		h = sq_hash(ne[j].key) & nmask;
		while (nindex[h])
			h = (h + 1) & nmask;
		nindex[h] = j + 1;
		j++;
	}
	sq_free(vm, t->entries);
	t->entries = ne;
	t->index = nindex;
	t->cap = ncap;
	t->mask = nmask;
	t->nused = j;
}

static inline sq_tentry *find_entry(const sq_table *t, sq_value key)
{
	uint32_t h, e;

	if (!t->index)
		return NULL;
	h = sq_hash(key) & t->mask;
	while ((e = t->index[h]) != 0) {
		sq_tentry *en = &t->entries[e - 1];
		if (keyeq(en->key, key))
			return en;
		h = (h + 1) & t->mask;
	}
	return NULL;
}

sq_value *sq_tab_find(sq_table *t, sq_value key)
{
	sq_tentry *e = find_entry(t, key);
	return e ? &e->val : NULL;
}

/* Fast path for interned-string keys: pointer comparison only. */
sq_value *sq_tab_findstr(sq_table *t, sq_string *key)
{
	uint32_t h, e, kh = key->hash;

	if (!t->index)
		return NULL;
	kh ^= kh >> 16;
	kh *= 0x7feb352du;
	kh ^= kh >> 15;
	h = kh & t->mask;
	while ((e = t->index[h]) != 0) {
		sq_tentry *en = &t->entries[e - 1];
		if (en->key.u.o == &key->h && en->key.type == SQ_TSTRING)
			return &en->val;
		h = (h + 1) & t->mask;
	}
	return NULL;
}

void sq_tab_set(sq_vm *vm, sq_table *t, sq_value key, sq_value val)
{
	sq_tentry *e = find_entry(t, key);
	uint32_t h;

	if (e) {
		sq_assign(vm, &e->val, val);
		return;
	}
	if (t->nused >= t->cap)
		rebuild(vm, t, t->count + 1);
	e = &t->entries[t->nused];
	sq_incref(key);
	sq_incref(val);
	e->key = key;
	e->val = val;
	h = sq_hash(key) & t->mask;
	while (t->index[h])
		h = (h + 1) & t->mask;
	t->index[h] = ++t->nused;
	t->count++;
}

int sq_tab_del(sq_vm *vm, sq_table *t, sq_value key)
{
	sq_tentry *e = find_entry(t, key);
	sq_value k, v;

	if (!e)
		return 0;
	k = e->key;
	v = e->val;
	e->key = sq_null();
	e->val = sq_null();
	t->count--;
	sq_release(vm, k);
	sq_release(vm, v);
	return 1;
}

void sq_table_clear(sq_vm *vm, sq_value tv)
{
	sq_table *t = AS_TABLE(tv);
	sq_tentry *en = t->entries;
	uint32_t n = t->nused, i;

	t->entries = NULL;
	t->index = NULL;
	t->nused = t->count = t->cap = t->mask = 0;
	for (i = 0; i < n; i++) {
		sq_release(vm, en[i].key);
		sq_release(vm, en[i].val);
	}
	sq_free(vm, en);
}

void sq_tab_free(sq_vm *vm, sq_table *t)
{
	sq_table *d = t->delegate;

	sq_table_clear(vm, sq_objval(t));
	t->delegate = NULL;
	if (d)
		sq_release(vm, sq_objval(d));
}

/* ---- native API ---- */
sq_value sq_table_new(sq_vm *vm)
{
	return sq_objval(sq_tab_new(vm, 0));
}

uint32_t sq_table_count(sq_value t)
{
	return AS_TABLE(t)->count;
}

int sq_table_rawget(sq_value t, sq_value key, sq_value *out)
{
	sq_value *p = sq_tab_find(AS_TABLE(t), key);

	if (!p) {
		*out = sq_null();
		return 0;
	}
	*out = *p;
	return 1;
}

void sq_table_rawset(sq_vm *vm, sq_value t, sq_value key, sq_value val)
{
	sq_tab_set(vm, AS_TABLE(t), key, val);
}

int sq_table_rawdelete(sq_vm *vm, sq_value t, sq_value key)
{
	return sq_tab_del(vm, AS_TABLE(t), key);
}

int sq_table_next(sq_value tv, uint32_t *it, sq_value *key, sq_value *val)
{
	sq_table *t = AS_TABLE(tv);

	while (*it < t->nused) {
		sq_tentry *e = &t->entries[(*it)++];
		if (e->key.type != SQ_TNULL) {
			*key = e->key;
			*val = e->val;
			return 1;
		}
	}
	return 0;
}

sq_value sq_table_getdelegate(sq_value t)
{
	sq_table *d = AS_TABLE(t)->delegate;
	return d ? sq_objval(d) : sq_null();
}

int sq_table_setdelegate(sq_vm *vm, sq_value tv, sq_value d)
{
	sq_table *t = AS_TABLE(tv), *old = t->delegate, *p;

	if (d.type != SQ_TNULL && d.type != SQ_TTABLE)
		return sq_throwf(vm, "only table and null can be used as delegate");
	if (d.type == SQ_TTABLE)
		for (p = AS_TABLE(d); p; p = p->delegate)
			if (p == t)
				return sq_throwf(vm, "delegate cycle detected");
	sq_incref(d);
	t->delegate = d.type == SQ_TTABLE ? AS_TABLE(d) : NULL;
	if (old)
		sq_release(vm, sq_objval(old));
	return 0;
}

void sq_table_setstr(sq_vm *vm, sq_value t, const char *name, sq_value val)
{
	sq_value k = sq_string_cstr(vm, name);
	sq_tmp_push(vm, k);
	sq_tab_set(vm, AS_TABLE(t), k, val);
	sq_tmp_pop(vm, 1);
	sq_release(vm, k);
}
