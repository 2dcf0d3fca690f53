/* ops.c - the semantics of Squirrel's operators on values, shared by the VM
 * loop (vm.c) and the native API: indexing with delegates and metamethods
 * (get/set/newslot/delete), arithmetic with integer wraparound, comparison,
 * equality, tostring, typeof and clone. Every function returns 0 or SQ_ERROR
 * with the error set; out parameters are owned.
 */
#include <stdio.h>
#include <string.h>
#include <math.h>
#include "value.h"

int sq_truthy(sq_value v)
{
	switch (v.type) {
	case SQ_TNULL: return 0;
	case SQ_TBOOL: case SQ_TINTEGER: return v.u.i != 0;
	case SQ_TFLOAT: return v.u.f != 0.0f;
	default: return 1;
	}
}

static const char *keystr(sq_value k, char *buf, size_t n)
{
	if (k.type == SQ_TSTRING)
		return AS_STR(k)->s;
	if (k.type == SQ_TINTEGER || k.type == SQ_TFLOAT) {
		sq_num2str(k, buf, n);
		return buf;
	}
	return sq_typename(k);
}

static int no_index(sq_vm *vm, sq_value key)
{
	char b[32];
	return sq_throwf(vm, "the index '%s' does not exist", keystr(key, b, sizeof b));
}

/* The metamethod of a value, or null: instances look in their class, tables in
 * their delegate chain. */
static sq_value metamethod(sq_vm *vm, sq_value obj, int mm)
{
	if (obj.type == SQ_TINSTANCE)
		return sq_class_mm(vm, AS_INST(obj)->cls, mm);
	if (obj.type == SQ_TTABLE) {
		sq_table *d;
		for (d = AS_TABLE(obj)->delegate; d; d = d->delegate) {
			sq_value *p = sq_tab_findstr(d, vm->mm[mm]);
			if (p)
				return *p;
		}
	}
	return sq_null();
}

/* A method from the type's default delegate (string.len, array.push...). */
sq_value sq_type_delegate_get(sq_vm *vm, sq_value obj, sq_value key, int *found)
{
	sq_type t = obj.type == SQ_TNATIVE ? SQ_TCLOSURE : obj.type;
	sq_table *d = vm->typedeleg[t];
	sq_value *p = d ? sq_tab_find(d, key) : NULL;

	*found = p != NULL;
	return p ? *p : sq_null();
}

static int call_mm(sq_vm *vm, sq_value fn, sq_value self, int n, const sq_value *args, sq_value *out)
{
	return sq_vm_call(vm, fn, self, n, args, out);
}

/* raise = 0: return 1 when missing instead of an error. */
int sq_get_ex(sq_vm *vm, sq_value obj, sq_value key, sq_value *out, int raise)
{
	sq_value *p = NULL, mm;
	int found, isf;

	*out = sq_null();
	switch (obj.type) {
	case SQ_TTABLE: {
		sq_table *t;
		for (t = AS_TABLE(obj); t; t = t->delegate) {
			p = key.type == SQ_TSTRING ? sq_tab_findstr(t, AS_STR(key)) : sq_tab_find(t, key);
			if (p)
				break;
		}
		break;
	}
	case SQ_TARRAY:
		if (key.type == SQ_TINTEGER || key.type == SQ_TFLOAT) {
			int32_t i = sq_toint(key);
			if (i < 0 || (uint32_t)i >= AS_ARRAY(obj)->len)
				return raise ? no_index(vm, key) : 1;
			p = &AS_ARRAY(obj)->items[i];
		}
		break;
	case SQ_TSTRING:
		if (key.type == SQ_TINTEGER) {
			int32_t i = key.u.i;
			if (i < 0 || (uint32_t)i >= AS_STR(obj)->len)
				return raise ? no_index(vm, key) : 1;
			*out = sq_int((int32_t)(signed char)AS_STR(obj)->s[i]);
			return 0;
		}
		break;
	case SQ_TINSTANCE:
		p = sq_inst_lookup(AS_INST(obj), key, &isf);
		break;
	case SQ_TCLASS:
		p = sq_class_lookup(AS_CLASS(obj), key);
		break;
	case SQ_TWEAKREF:
		if (!AS_WEAK(obj)->target)
			break;
		break;
	default:
		break;
	}
	if (p) {
		*out = sq_realval(*p);
		sq_incref(*out);
		return 0;
	}
	*out = sq_type_delegate_get(vm, obj, key, &found);
	if (found) {
		sq_incref(*out);
		return 0;
	}
	mm = metamethod(vm, obj, SQ_MM_GET);
	if (mm.type != SQ_TNULL) {
		/* _get raising "the index does not exist" means missing; any
		 * throw from _get propagates. */
		return call_mm(vm, mm, obj, 1, &key, out);
	}
	return raise ? no_index(vm, key) : 1;
}

int sq_get(sq_vm *vm, sq_value obj, sq_value key, sq_value *out)
{
	return sq_get_ex(vm, obj, key, out, 1);
}

int sq_set(sq_vm *vm, sq_value obj, sq_value key, sq_value val)
{
	sq_value *p = NULL, mm, r;
	int isf, rc;

	switch (obj.type) {
	case SQ_TTABLE: {
		sq_table *t = AS_TABLE(obj);
		p = key.type == SQ_TSTRING ? sq_tab_findstr(t, AS_STR(key)) : sq_tab_find(t, key);
		break;
	}
	case SQ_TARRAY:
		if (key.type == SQ_TINTEGER || key.type == SQ_TFLOAT) {
			int32_t i = sq_toint(key);
			if (i < 0 || (uint32_t)i >= AS_ARRAY(obj)->len)
				return no_index(vm, key);
			p = &AS_ARRAY(obj)->items[i];
		}
		break;
	case SQ_TINSTANCE:
		p = sq_inst_lookup(AS_INST(obj), key, &isf);
		if (p && !isf)
			p = NULL;
		break;
	case SQ_TCLASS:
		p = sq_class_lookup(AS_CLASS(obj), key);
		break;
	default:
		break;
	}
	if (p) {
		sq_assign(vm, p, val);
		return 0;
	}
	mm = metamethod(vm, obj, SQ_MM_SET);
	if (mm.type != SQ_TNULL) {
		sq_value args[2] = { key, val };
		rc = call_mm(vm, mm, obj, 2, args, &r);
		sq_release(vm, r);
		return rc;
	}
	if (obj.type == SQ_TTABLE || obj.type == SQ_TINSTANCE || obj.type == SQ_TCLASS ||
	    obj.type == SQ_TARRAY)
		return no_index(vm, key);
	return sq_throwf(vm, "cannot set property of object of type '%s'", sq_typename(obj));
}

int sq_newslot(sq_vm *vm, sq_value obj, sq_value key, sq_value val)
{
	sq_value mm, r;
	int rc;

	if (key.type == SQ_TNULL)
		return sq_throwf(vm, "null cannot be used as index");
	switch (obj.type) {
	case SQ_TTABLE:
		if (!sq_tab_find(AS_TABLE(obj), key)) {
			mm = metamethod(vm, obj, SQ_MM_NEWSLOT);
			if (mm.type != SQ_TNULL) {
				sq_value args[2] = { key, val };
				rc = call_mm(vm, mm, obj, 2, args, &r);
				sq_release(vm, r);
				return rc;
			}
		}
		sq_tab_set(vm, AS_TABLE(obj), key, val);
		return 0;
	case SQ_TCLASS:
		mm = sq_class_mm(vm, AS_CLASS(obj), SQ_MM_NEWMEMBER);
		if (mm.type != SQ_TNULL) {
			sq_value args[4] = { key, val, sq_null(), sq_bool(0) };
			rc = call_mm(vm, mm, obj, 4, args, &r);
			sq_release(vm, r);
			return rc;
		}
		return sq_class_newmember(vm, AS_CLASS(obj), key, val, 0);
	case SQ_TINSTANCE:
		return sq_throwf(vm, "class instances do not support the new slot operator");
	default:
		return sq_throwf(vm, "indexing %s with %s", sq_typename(obj), sq_typename(key));
	}
}

int sq_delete(sq_vm *vm, sq_value obj, sq_value key)
{
	sq_value r;
	int rc;

	if (obj.type == SQ_TTABLE) {
		sq_value *p;
		sq_value mm = metamethod(vm, obj, SQ_MM_DELSLOT);
		if (mm.type != SQ_TNULL) {
			rc = call_mm(vm, mm, obj, 1, &key, &r);
			sq_release(vm, r);
			return rc;
		}
		p = sq_tab_find(AS_TABLE(obj), key);
		if (!p)
			return no_index(vm, key);
		sq_tab_del(vm, AS_TABLE(obj), key);
		return 0;
	}
	if (obj.type == SQ_TINSTANCE || obj.type == SQ_TCLASS)
		return sq_throwf(vm, "cannot delete a slot from %s", sq_typename(obj));
	return sq_throwf(vm, "attempt to delete a slot from a %s", sq_typename(obj));
}

int sq_rawget(sq_vm *vm, sq_value obj, sq_value key, sq_value *out)
{
	sq_value *p = NULL;
	int isf;

	*out = sq_null();
	switch (obj.type) {
	case SQ_TTABLE: p = sq_tab_find(AS_TABLE(obj), key); break;
	case SQ_TINSTANCE: p = sq_inst_lookup(AS_INST(obj), key, &isf); break;
	case SQ_TCLASS: p = sq_class_lookup(AS_CLASS(obj), key); break;
	case SQ_TARRAY:
		if (key.type == SQ_TINTEGER && key.u.i >= 0 && (uint32_t)key.u.i < AS_ARRAY(obj)->len)
			p = &AS_ARRAY(obj)->items[key.u.i];
		break;
	default:
		return sq_throwf(vm, "rawget works only on table, array, class and instance");
	}
	if (!p)
		return 0;
	*out = sq_dup(*p);
	return 1;
}

int sq_rawset(sq_vm *vm, sq_value obj, sq_value key, sq_value val)
{
	sq_value *p;
	int isf;

	switch (obj.type) {
	case SQ_TTABLE:
		if (key.type == SQ_TNULL)
			return sq_throwf(vm, "null cannot be used as index");
		sq_tab_set(vm, AS_TABLE(obj), key, val);
		return 0;
	case SQ_TINSTANCE:
		p = sq_inst_lookup(AS_INST(obj), key, &isf);
		if (!p || !isf)
			return no_index(vm, key);
		sq_assign(vm, p, val);
		return 0;
	case SQ_TCLASS:
		return sq_class_newmember(vm, AS_CLASS(obj), key, val, 0);
	case SQ_TARRAY:
		if (key.type != SQ_TINTEGER || key.u.i < 0 || (uint32_t)key.u.i >= AS_ARRAY(obj)->len)
			return no_index(vm, key);
		sq_assign(vm, &AS_ARRAY(obj)->items[key.u.i], val);
		return 0;
	default:
		return sq_throwf(vm, "rawset works only on table, array, class and instance");
	}
}

/* ---- arithmetic ---- */
static const char opchar[] = "+-*/%";

static int arith_error(sq_vm *vm, int op, sq_value a, sq_value b)
{
	return sq_throwf(vm, "arith op %c on between '%s' and '%s'", opchar[op], sq_typename(a), sq_typename(b));
}

/* op: 0 + 1 - 2 * 3 / 4 % (SQ_MM_ADD.. order). */
int sq_arith(sq_vm *vm, int op, sq_value a, sq_value b, sq_value *out)
{
	sq_value mm;

	*out = sq_null();
	if (a.type == SQ_TINTEGER && b.type == SQ_TINTEGER) {
		uint32_t x = (uint32_t)a.u.i, y = (uint32_t)b.u.i;
		switch (op) {
		case 0: *out = sq_int((int32_t)(x + y)); return 0;
		case 1: *out = sq_int((int32_t)(x - y)); return 0;
		case 2: *out = sq_int((int32_t)(x * y)); return 0;
		case 3:
			if (b.u.i == 0)
				return sq_throwf(vm, "division by zero");
			if (b.u.i == -1)
				*out = sq_int((int32_t)(0u - x));
			else
				*out = sq_int(a.u.i / b.u.i);
			return 0;
		default:
			if (b.u.i == 0)
				return sq_throwf(vm, "division by zero");
			*out = sq_int(b.u.i == -1 ? 0 : a.u.i % b.u.i);
			return 0;
		}
	}
	if (sq_isnumber(a) && sq_isnumber(b)) {
		float x = sq_tofloat(a), y = sq_tofloat(b);
		switch (op) {
		case 0: *out = sq_float(x + y); return 0;
		case 1: *out = sq_float(x - y); return 0;
		case 2: *out = sq_float(x * y); return 0;
		case 3: *out = sq_float(x / y); return 0;
		default: *out = sq_float(fmodf(x, y)); return 0;
		}
	}
	if (op == 0 && (a.type == SQ_TSTRING || b.type == SQ_TSTRING)) {
		sq_value sa, sb;
		if (a.type == SQ_TSTRING && b.type == SQ_TSTRING) {
			size_t la = AS_STR(a)->len, lb = AS_STR(b)->len;
			char *tmp;
			if (lb == 0) { *out = sq_dup(a); return 0; }
			if (la == 0) { *out = sq_dup(b); return 0; }
			if (!vm->scratch || vm->scratchlen < la + lb) {
				size_t n = la + lb + 64;
				vm->scratch = sq_realloc(vm, vm->scratch, n);
				vm->scratchlen = n;
			}
			tmp = vm->scratch;
			memcpy(tmp, AS_STR(a)->s, la);
			memcpy(tmp + la, AS_STR(b)->s, lb);
			*out = sq_string_new(vm, tmp, la + lb);
			return 0;
		}
		if (sq_tostring(vm, a, &sa))
			return SQ_ERROR;
		sq_tmp_push(vm, sa);
		if (sq_tostring(vm, b, &sb)) {
			sq_tmp_pop(vm, 1);
			sq_release(vm, sa);
			return SQ_ERROR;
		}
		sq_tmp_push(vm, sb);
		if (!vm->scratch || vm->scratchlen < AS_STR(sa)->len + AS_STR(sb)->len) {
			size_t n = AS_STR(sa)->len + AS_STR(sb)->len + 64;
			vm->scratch = sq_realloc(vm, vm->scratch, n);
			vm->scratchlen = n;
		}
		memcpy(vm->scratch, AS_STR(sa)->s, AS_STR(sa)->len);
		memcpy(vm->scratch + AS_STR(sa)->len, AS_STR(sb)->s, AS_STR(sb)->len);
		*out = sq_string_new(vm, vm->scratch, AS_STR(sa)->len + AS_STR(sb)->len);
		sq_tmp_pop(vm, 2);
		sq_release(vm, sa);
		sq_release(vm, sb);
		return 0;
	}
	mm = metamethod(vm, a, op);
	if (mm.type != SQ_TNULL)
		return call_mm(vm, mm, a, 1, &b, out);
	return arith_error(vm, op, a, b);
}

int sq_rawequal(sq_value a, sq_value b)
{
	if (a.type != b.type) {
		if (sq_isnumber(a) && sq_isnumber(b))
			return sq_tofloat(a) == sq_tofloat(b);
		return 0;
	}
	switch (a.type) {
	case SQ_TNULL: return 1;
	case SQ_TBOOL: case SQ_TINTEGER: return a.u.i == b.u.i;
	case SQ_TFLOAT: return a.u.f == b.u.f;
	default: return a.u.o == b.u.o;
	}
}

int sq_equal(sq_vm *vm, sq_value a, sq_value b)
{
	(void)vm;
	return sq_rawequal(a, b);
}

int sq_cmp(sq_vm *vm, sq_value a, sq_value b, int *res)
{
	if (a.type == SQ_TINTEGER && b.type == SQ_TINTEGER) {
		*res = a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
		return 0;
	}
	if (sq_isnumber(a) && sq_isnumber(b)) {
		float x = sq_tofloat(a), y = sq_tofloat(b);
		*res = x < y ? -1 : x > y;
		return 0;
	}
	if (a.type == SQ_TSTRING && b.type == SQ_TSTRING) {
		size_t la = AS_STR(a)->len, lb = AS_STR(b)->len;
		int c = memcmp(AS_STR(a)->s, AS_STR(b)->s, la < lb ? la : lb);
		*res = c ? (c < 0 ? -1 : 1) : (la < lb ? -1 : la > lb);
		return 0;
	}
	if (a.type == SQ_TINSTANCE || a.type == SQ_TTABLE) {
		sq_value mm = metamethod(vm, a, SQ_MM_CMP), r;
		if (mm.type != SQ_TNULL) {
			if (call_mm(vm, mm, a, 1, &b, &r))
				return SQ_ERROR;
			if (r.type != SQ_TINTEGER && r.type != SQ_TFLOAT) {
				sq_release(vm, r);
				return sq_throwf(vm, "_cmp must return an integer");
			}
			*res = sq_toint(r) < 0 ? -1 : sq_toint(r) > 0;
			return 0;
		}
	}
	if (a.type == b.type && a.type >= SQ_TSTRING) {
		/* same-type objects order by identity (creation serial): deterministic */
		*res = a.u.o == b.u.o ? 0 : a.u.o->serial < b.u.o->serial ? -1 : 1;
		return 0;
	}
	if (a.type == b.type && (a.type == SQ_TBOOL || a.type == SQ_TNULL)) {
		*res = a.u.i < b.u.i ? -1 : a.u.i > b.u.i;
		return 0;
	}
	return sq_throwf(vm, "comparison between '%s' and '%s'", sq_typename(a), sq_typename(b));
}

/* ---- tostring, typeof, clone ---- */
int sq_tostring(sq_vm *vm, sq_value v, sq_value *out)
{
	char buf[64];

	switch (v.type) {
	case SQ_TSTRING:
		*out = sq_dup(v);
		return 0;
	case SQ_TNULL: *out = sq_string_cstr(vm, "null"); return 0;
	case SQ_TBOOL: *out = sq_string_cstr(vm, v.u.i ? "true" : "false"); return 0;
	case SQ_TINTEGER: case SQ_TFLOAT:
		sq_num2str(v, buf, sizeof buf);
		*out = sq_string_cstr(vm, buf);
		return 0;
	case SQ_TINSTANCE: case SQ_TTABLE: {
		sq_value mm = metamethod(vm, v, SQ_MM_TOSTRING), r;
		if (mm.type != SQ_TNULL) {
			if (call_mm(vm, mm, v, 0, NULL, &r))
				return SQ_ERROR;
			if (r.type != SQ_TSTRING) {
				int rc = sq_tostring(vm, r, out);
				sq_release(vm, r);
				return rc;
			}
			*out = r;
			return 0;
		}
		break;
	}
	default:
		break;
	}
	{
		const char *tn = v.type == SQ_TINSTANCE && AS_INST(v)->cls->typeof_name ?
				 AS_INST(v)->cls->typeof_name : sq_typename(v);
		*out = sq_string_fmt(vm, "(%s : 0x%08x)", tn, (unsigned)v.u.o->serial);
	}
	return 0;
}

int sq_typeof(sq_vm *vm, sq_value v, sq_value *out)
{
	if (v.type == SQ_TINSTANCE || v.type == SQ_TTABLE) {
		sq_value mm = metamethod(vm, v, SQ_MM_TYPEOF);
		if (mm.type != SQ_TNULL)
			return call_mm(vm, mm, v, 0, NULL, out);
		if (v.type == SQ_TINSTANCE && AS_INST(v)->cls->typeof_name) {
			*out = sq_string_cstr(vm, AS_INST(v)->cls->typeof_name);
			return 0;
		}
	}
	*out = sq_string_cstr(vm, sq_typename(v));
	return 0;
}

int sq_clone(sq_vm *vm, sq_value v, sq_value *out)
{
	uint32_t i;

	switch (v.type) {
	case SQ_TTABLE: {
		sq_table *t = AS_TABLE(v), *n = sq_tab_new(vm, t->count);
		*out = sq_objval(n);
		for (i = 0; i < t->nused; i++)
			if (t->entries[i].key.type != SQ_TNULL)
				sq_tab_set(vm, n, t->entries[i].key, t->entries[i].val);
		if (t->delegate) {
			n->delegate = t->delegate;
			sq_incref(sq_objval(t->delegate));
		}
		break;
	}
	case SQ_TARRAY: {
		sq_array *a = AS_ARRAY(v), *n = sq_arr_new(vm, 0);
		*out = sq_objval(n);
		for (i = 0; i < a->len; i++)
			sq_arr_push(vm, n, a->items[i]);
		break;
	}
	case SQ_TINSTANCE: {
		sq_instance *in = AS_INST(v), *n;
		sq_value mm;
		if (in->cls->release)
			return sq_throwf(vm, "cannot clone %s", in->cls->typeof_name ? in->cls->typeof_name : "instance");
		sq_class_instantiate(vm, in->cls, out);
		n = AS_INST(*out);
		for (i = 0; i < in->n && i < n->n; i++)
			sq_assign(vm, &n->v[i], in->v[i]);
		mm = sq_class_mm(vm, in->cls, SQ_MM_CLONED);
		if (mm.type != SQ_TNULL) {
			sq_value r;
			if (call_mm(vm, mm, *out, 1, &v, &r)) {
				sq_release(vm, *out);
				*out = sq_null();
				return SQ_ERROR;
			}
			sq_release(vm, r);
		}
		break;
	}
	default:
		*out = sq_dup(v);
		break;
	}
	return 0;
}
