/* json.c - conversion between Squirrel values and jansson json_t for hosts
 * (server.save, http.jsonencode, agent<->device messages). Integers stay
 * integers and floats floats; tables become objects (keys tostring'ed),
 * arrays arrays. Functions, classes, instances... cannot be converted,
 * unless the host's hooks (sq_json_hooks) give them an encoding of its own.
 */
#include <jansson.h>
#include <string.h>
#include "value.h"

#define SQ_JSON_MAX_DEPTH 200

static int to_json(sq_vm *vm, sq_value v, json_t **out, int depth, const sq_json_hooks *h)
{
	uint32_t i;
	int rc;

	*out = NULL;
	if (depth > SQ_JSON_MAX_DEPTH)
		return sq_throwf(vm, "value nested too deeply for JSON");
	switch (v.type) {
	case SQ_TNULL: *out = json_null(); break;
	case SQ_TBOOL: *out = json_boolean(v.u.i); break;
	case SQ_TINTEGER: *out = json_integer(v.u.i); break;
	case SQ_TFLOAT: *out = json_real((double)v.u.f); break;
	case SQ_TSTRING: *out = json_stringn(AS_STR(v)->s, AS_STR(v)->len); break;
	case SQ_TARRAY: {
		sq_array *a = AS_ARRAY(v);
		*out = json_array();
		for (i = 0; *out && i < a->len; i++) {
			json_t *e;
			if (to_json(vm, a->items[i], &e, depth + 1, h)) {
				json_decref(*out);
				*out = NULL;
				return SQ_ERROR;
			}
			json_array_append_new(*out, e);
		}
		break;
	}
	case SQ_TTABLE: {
		uint32_t it = 0;
		sq_value k, val;
		*out = json_object();
		while (*out && sq_table_next(v, &it, &k, &val)) {
			json_t *e;
			sq_value ks;
			if (sq_tostring(vm, k, &ks) || to_json(vm, val, &e, depth + 1, h)) {
				json_decref(*out);
				*out = NULL;
				return SQ_ERROR;
			}
			json_object_setn_new(*out, AS_STR(ks)->s, AS_STR(ks)->len, e);
			sq_release(vm, ks);
		}
		break;
	}
	default:
		if (h && h->encode && (rc = h->encode(vm, v, out, h->ud)) != 0) {
			if (rc < 0)
				return SQ_ERROR;
			break;
		}
		return sq_throwf(vm, "cannot convert a value of type '%s' to JSON", sq_typename(v));
	}
	if (!*out)
		return sq_throwf(vm, "out of memory");
	return 0;
}

int sq_to_json(sq_vm *vm, sq_value v, json_t **out)
{
	return sq_to_json_with(vm, v, out, NULL);
}

int sq_to_json_with(sq_vm *vm, sq_value v, json_t **out, const sq_json_hooks *h)
{
	jmp_buf jb, *saved = vm->oomjmp;
	int rc;

	if (setjmp(jb)) {
		vm->oomjmp = saved;
		*out = NULL;
		return SQ_ERROR;
	}
	vm->oomjmp = &jb;
	rc = to_json(vm, v, out, 0, h);
	vm->oomjmp = saved;
	return rc;
}

static void from_json(sq_vm *vm, const json_t *j, sq_value *out, int depth,
		      const sq_json_hooks *h)
{
	size_t i;

	*out = sq_null();
	if (depth > SQ_JSON_MAX_DEPTH)
		return;
	switch (json_typeof(j)) {
	case JSON_NULL: break;
	case JSON_TRUE: *out = sq_bool(1); break;
	case JSON_FALSE: *out = sq_bool(0); break;
	case JSON_INTEGER: *out = sq_int((int32_t)json_integer_value(j)); break;
	case JSON_REAL: *out = sq_float((float)json_real_value(j)); break;
	case JSON_STRING: *out = sq_string_new(vm, json_string_value(j), json_string_length(j)); break;
	case JSON_ARRAY:
		*out = sq_array_new(vm, 0);
		for (i = 0; i < json_array_size(j); i++) {
			sq_value e;
			from_json(vm, json_array_get(j, i), &e, depth + 1, h);
			sq_array_push(vm, *out, e);
			sq_release(vm, e);
		}
		break;
	case JSON_OBJECT: {
		const char *k;
		json_t *val;
		if (h && h->decode && h->decode(vm, j, out, h->ud))
			break;
		*out = sq_table_new(vm);
		json_object_foreach((json_t *)j, k, val) {
			sq_value e, ks = sq_string_cstr(vm, k);
			from_json(vm, val, &e, depth + 1, h);
			sq_table_rawset(vm, *out, ks, e);
			sq_release(vm, ks);
			sq_release(vm, e);
		}
		break;
	}
	}
}

int sq_from_json(sq_vm *vm, const json_t *j, sq_value *out)
{
	return sq_from_json_with(vm, j, out, NULL);
}

int sq_from_json_with(sq_vm *vm, const json_t *j, sq_value *out, const sq_json_hooks *h)
{
	jmp_buf jb, *saved = vm->oomjmp;

	*out = sq_null();
	if (setjmp(jb)) {
		vm->oomjmp = saved;
		return SQ_ERROR;
	}
	vm->oomjmp = &jb;
	from_json(vm, j, out, 0, h);
	vm->oomjmp = saved;
	return 0;
}
