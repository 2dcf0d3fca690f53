/*
 * sq_json.c - Squirrel values as JSON and as log text, inside the child
 * hosts (see sq_host.h): messages and HTTP bodies cross as strict JSON (a
 * value JSON cannot hold is the caller's Squirrel error), the store and nv
 * as lenient JSON (what it cannot hold is dropped with a logged error, as
 * server.save() does on the platform), and server.log() prints a value
 * without ever naming an address, so traces stay deterministic.
 *
 * A blob crosses the link as {"$impchaos.blob": "BASE64"} (SQH_BLOB_KEY):
 * JSON has no bytes, the platform's link does, and an object of that one
 * reserved key is not something a product sends. The receiving side turns
 * it back into a blob, and the trace shows its bytes in base64. The store
 * and nv are the platform's JSON: a blob there is dropped with a log line.
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

/* ---- base64 (RFC 4648), for blobs on the link and http.base64* ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t sqh_base64_encode(const uint8_t *s, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i += 3) {
		uint32_t w = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0) |
			     (i + 2 < n ? s[i + 2] : 0);

		out[o++] = b64[w >> 18 & 63];
		out[o++] = b64[w >> 12 & 63];
		out[o++] = i + 1 < n ? b64[w >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? b64[w & 63] : '=';
	}
	out[o] = '\0';
	return o;
}

long sqh_base64_decode(const char *s, size_t n, uint8_t *out, size_t *bad)
{
	size_t i, o = 0;
	uint32_t w = 0;
	int bits = 0;

	for (i = 0; i < n && s[i] != '='; i++) {
		const char *p = s[i] ? strchr(b64, s[i]) : NULL;

		if (!p) {
			if (s[i] == '\n' || s[i] == '\r' || s[i] == ' ')
				continue;
			*bad = i;
			return -1;
		}
		w = w << 6 | (uint32_t)(p - b64);
		if ((bits += 6) >= 8) {
			bits -= 8;
			out[o++] = (uint8_t)(w >> bits & 0xff);
		}
	}
	return (long)o;
}

/* ---- the link: strict JSON, blobs under SQH_BLOB_KEY ---- */

static int blob_encode(sq_vm *vm, sq_value v, json_t **out, void *ud)
{
	size_t n;
	const uint8_t *bytes = sq_blob_bytes(vm, v, &n);
	char *text;

	(void)ud;
	if (!bytes)
		return 0;
	if (!(text = malloc(4 * ((n + 2) / 3) + 1)))
		return sq_throwf(vm, "out of memory");
	sqh_base64_encode(bytes, n, text);
	*out = json_pack("{s:s}", SQH_BLOB_KEY, text);
	free(text);
	return *out ? 1 : sq_throwf(vm, "out of memory");
}

static int blob_decode(sq_vm *vm, const json_t *obj, sq_value *out, void *ud)
{
	const json_t *text = json_object_get(obj, SQH_BLOB_KEY);
	size_t n, bad;
	uint8_t *bytes;
	long len;

	(void)ud;
	if (json_object_size(obj) != 1 || !json_is_string(text))
		return 0;
	n = json_string_length(text);
	if (!(bytes = malloc(n / 4 * 3 + 3)))
		return 0;
	len = sqh_base64_decode(json_string_value(text), n, bytes, &bad);
	if (len >= 0)
		sq_blob_new(vm, bytes, (size_t)len, out);
	free(bytes);
	return len >= 0 && out->type == SQ_TINSTANCE;
}

static const sq_json_hooks link_hooks = { blob_encode, blob_decode, NULL };

int sqh_to_json_link(sq_vm *vm, sq_value v, const char *what, json_t **out)
{
	sq_value e;

	*out = NULL;
	if (sq_to_json_with(vm, v, out, &link_hooks) == SQ_OK)
		return SQ_OK;
	e = sq_error_value(vm);
	if (e.type == SQ_TSTRING)
		return sq_throwf(vm, "%s: %s", what, sq_str(e));
	return SQ_ERROR;
}

int sqh_from_json_link(sq_vm *vm, const json_t *j, sq_value *out)
{
	return sq_from_json_with(vm, j, out, &link_hooks);
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

