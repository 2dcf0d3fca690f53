/*
 * sq_json.c - Squirrel values as JSON and as log text, inside the child
 * hosts (see sq_host.h): messages and HTTP bodies cross as strict JSON (a
 * value JSON cannot hold is the caller's Squirrel error), the store and nv
 * as lenient JSON (what it cannot hold is dropped with a logged error, as
 * server.save() does on the platform), and server.log() prints a value
 * without ever naming an address, so traces stay deterministic.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sq_host.h"

int sqh_to_json(sq_vm *vm, sq_value v, const char *what, json_t **out)
{
	sq_value e;

	*out = NULL;
	if (sq_to_json(vm, v, out) == SQ_OK)
		return SQ_OK;
	e = sq_error_value(vm);
	if (e.type == SQ_TSTRING)
		return sq_throwf(vm, "%s: %s", what, sq_str(e));
	return SQ_ERROR;
}

/* Deeper than this is taken for a table that contains itself. */
#define SQH_MAX_DEPTH 64

/* 0 and *out, or 1 with *why when JSON cannot hold the value. */
static int lenient(sq_vm *vm, sq_value v, const char *path, int depth, json_t **out,
		   const char **why)
{
	*out = NULL;
	if (depth > SQH_MAX_DEPTH) {
		*why = "nested too deeply (does it contain itself?)";
		return 1;
	}
	switch (v.type) {
	case SQ_TNULL:
		*out = json_null();
		return 0;
	case SQ_TBOOL:
		*out = json_boolean(v.u.i);
		return 0;
	case SQ_TINTEGER:
		*out = json_integer(v.u.i);
		return 0;
	case SQ_TFLOAT:
		if (!isfinite(v.u.f)) {
			*why = "a number that is not finite";
			return 1;
		}
		*out = json_real(v.u.f);
		return 0;
	case SQ_TSTRING:
		if (memchr(sq_str(v), '\0', sq_strlen(v))) {
			*why = "a string with a NUL byte";
			return 1;
		}
		*out = json_stringn(sq_str(v), sq_strlen(v));
		if (!*out) {
			*why = "a string that is not UTF-8";
			return 1;
		}
		return 0;
	case SQ_TTABLE: {
		uint32_t it = 0;
		sq_value k, val;

		*out = json_object();
		while (sq_table_next(v, &it, &k, &val)) {
			char key[64], sub[512];
			const char *kname = key, *w = NULL;
			json_t *j;

			if (k.type == SQ_TSTRING)
				kname = sq_str(k);
			else if (sq_isnumber(k))
				sq_num2str(k, key, sizeof(key));
			else
				kname = NULL;
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "",
				 kname ? kname : sq_typename(k));
			if (!kname) {
				server_error("%s: dropped a key of type %s (keys are strings or numbers)",
					     path, sq_typename(k));
				continue;
			}
			if (lenient(vm, val, sub, depth + 1, &j, &w) == 1) {
				server_error("server.save: dropped '%s': %s", sub, w);
				continue;
			}
			json_object_set_new(*out, kname, j);
		}
		return 0;
	}
	case SQ_TARRAY: {
		uint32_t i, n = sq_array_len(v);

		*out = json_array();
		for (i = 0; i < n; i++) {
			char sub[512];
			const char *w = NULL;
			json_t *j;

			snprintf(sub, sizeof(sub), "%s[%u]", path, i);
			if (lenient(vm, sq_array_get(v, i), sub, depth + 1, &j, &w) == 1) {
				/* null keeps the other elements where they were */
				server_error("server.save: dropped '%s': %s", sub, w);
				j = json_null();
			}
			json_array_append_new(*out, j);
		}
		return 0;
	}
	default: {
		/* typeof's name: "blob", or a class's _typeof, rather than "instance" */
		static char name[64];
		sq_value tn;

		*why = sq_typename(v);
		if (sq_typeof(vm, v, &tn) == SQ_OK) {
			if (tn.type == SQ_TSTRING) {
				snprintf(name, sizeof(name), "%s", sq_str(tn));
				*why = name;
			}
			sq_release(vm, tn);
		} else {
			sq_clear_error(vm);
		}
		return 1;
	}
	}
}

int sqh_to_json_lenient(sq_vm *vm, sq_value v, const char *what, json_t **out)
{
	const char *why = NULL;

	if (lenient(vm, v, "", 0, out, &why) == 1) {
		server_error("%s: dropped a value JSON cannot hold: %s", what, why);
		*out = json_null();
	}
	return 0;
}

char *sqh_logtext(sq_vm *vm, sq_value v)
{
	char *s = NULL, num[64];
	sq_value str;

	switch (v.type) {
	case SQ_TNULL:
		return strdup("null");
	case SQ_TBOOL:
		return strdup(v.u.i ? "true" : "false");
	case SQ_TINTEGER:
	case SQ_TFLOAT:
		sq_num2str(v, num, sizeof(num));
		return strdup(num);
	case SQ_TSTRING:
		return strndup(sq_str(v), sq_strlen(v));
	case SQ_TINSTANCE:
		/* _tostring when the class has one; its default names an address */
		if (sq_tostring(vm, v, &str) == SQ_OK) {
			if (strstr(sq_str(str), "0x") == NULL)
				s = strndup(sq_str(str), sq_strlen(str));
			sq_release(vm, str);
		} else {
			sq_clear_error(vm);
		}
		if (s)
			return s;
		/* fall through */
	default:
		/* Creation numbers, never addresses: traces are deterministic. */
		if (asprintf(&s, "(%s : 0x%08x)", sq_typename(v), (unsigned)v.u.o->serial) < 0)
			abort();
		return s;
	}
}

