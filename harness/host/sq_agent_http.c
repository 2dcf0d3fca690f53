/*
 * sq_agent_http.c - the agent's HTTP API for Squirrel code, inside imp-agent:
 * http.onrequest(function(request, response) {...}) over agent_http.c's
 * http_onrequest/http_respond, and the http.* helpers (JSON, URL and base64
 * coding, agenturl).
 *
 *   harness "http" frame -> agent_http.c -> request_tramp -> the script's
 *   handler -> response.send(status, body) -> http_respond()
 *
 * As on the platform the request is a table {method, path, query, body,
 * headers} whose body is a string (a request's JSON body arrives encoded),
 * and response.send takes a string. The C API carries JSON values, so a
 * response body that is a JSON object or array in text is sent as that
 * value: http-read-your-writes compares bodies as JSON. Headers set with
 * response.header() are accepted; the simulation does not carry headers.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/agent.h"
#include "sq_agent.h"
#include "sq_host.h"

static sq_handle *response_class;

static int set_json_str(sq_vm *vm, sq_value t, const char *key, const json_t *j)
{
	sq_value v;

	if (json_is_string(j)) {
		v = sq_string_new(vm, json_string_value(j), json_string_length(j));
	} else if (!j || json_is_null(j)) {
		v = sq_string_cstr(vm, "");
	} else {
		char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);

		v = sq_string_cstr(vm, s ? s : "");
		free(s);
	}
	sq_table_setstr(vm, t, key, v);
	sq_release(vm, v);
	return 0;
}

static void request_tramp(const struct http_request *req, http_response *resp, void *ud)
{
	struct sqh_cb *cb = ud;
	sq_vm *vm = sqh_vm();
	sq_value args[2], q, h, s;
	const char *k;
	json_t *v;

	args[0] = sq_table_new(vm);
	s = sq_string_cstr(vm, req->method);
	sq_table_setstr(vm, args[0], "method", s);
	sq_release(vm, s);
	s = sq_string_cstr(vm, req->path);
	sq_table_setstr(vm, args[0], "path", s);
	sq_release(vm, s);
	q = sq_table_new(vm);
	json_object_foreach(req->query, k, v) {
		sq_value sv;

		if (json_is_string(v))
			sv = sq_string_new(vm, json_string_value(v), json_string_length(v));
		else if (sq_from_json(vm, v, &sv) != SQ_OK)
			sv = sq_null();
		sq_table_setstr(vm, q, k, sv);
		sq_release(vm, sv);
	}
	sq_table_setstr(vm, args[0], "query", q);
	sq_release(vm, q);
	set_json_str(vm, args[0], "body", req->body);
	h = sq_table_new(vm);
	if (req->body && !json_is_string(req->body) && !json_is_null(req->body)) {
		s = sq_string_cstr(vm, "application/json");
		sq_table_setstr(vm, h, "content-type", s);
		sq_release(vm, s);
	}
	sq_table_setstr(vm, args[0], "headers", h);
	sq_release(vm, h);
	args[1] = sq_instance_new(vm, sq_handle_value(response_class));
	sq_instance_setudata(args[1], resp);
	sqh_call(sq_handle_value(cb->fn), 2, args, NULL);
	sq_release(vm, args[0]);
	sq_release(vm, args[1]);
}

static int n_onrequest(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sqh_cb *cb = sqh_slot("http", argv[1]);

	(void)vm;
	(void)argc;
	(void)ret;
	http_onrequest(cb ? request_tramp : NULL, cb);
	return 0;
}

/* response.send(status, body) */
static int n_send(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	http_response *resp = sq_instance_udata(argv[0]);
	json_t *body = NULL;
	int rc;

	if (argc > 2 && argv[2].type == SQ_TSTRING) {
		json_t *parsed = json_loadb(sq_str(argv[2]), sq_strlen(argv[2]), JSON_DECODE_ANY, NULL);

		if (json_is_object(parsed) || json_is_array(parsed))
			body = parsed;
		else {
			json_decref(parsed);
			body = json_stringn(sq_str(argv[2]), sq_strlen(argv[2]));
		}
	} else if (argc > 2 && sqh_to_json(vm, argv[2], "response.send", &body) != SQ_OK) {
		return SQ_ERROR;
	}
	rc = http_respond(resp, sq_toint(argv[1]), body);
	json_decref(body);
	*ret = sq_int(rc);
	return 0;
}

static int n_header(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)vm;
	(void)argc;
	(void)argv;
	(void)ret;
	return 0;
}

/* ---- http.* helpers ---- */

static int n_jsonencode(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	json_t *j;
	char *s;

	(void)argc;
	if (sqh_to_json(vm, argv[1], "http.jsonencode", &j) != SQ_OK)
		return SQ_ERROR;
	s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(9));
	json_decref(j);
	*ret = sq_string_cstr(vm, s ? s : "null");
	free(s);
	return 0;
}

static int n_jsondecode(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	json_error_t jerr;
	json_t *j;
	int rc;

	(void)argc;
	j = json_loadb(sq_str(argv[1]), sq_strlen(argv[1]), JSON_DECODE_ANY, &jerr);
	if (!j)
		return sq_throwf(vm, "http.jsondecode: %s at position %d", jerr.text, jerr.position);
	rc = sq_from_json(vm, j, ret);
	json_decref(j);
	return rc;
}

static void url_escape(sq_vm *vm, sq_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("-_.~", c)) {
			sq_buf_addc(vm, b, (char)c);
		} else {
			sq_buf_addc(vm, b, '%');
			sq_buf_addc(vm, b, hex[c >> 4]);
			sq_buf_addc(vm, b, hex[c & 15]);
		}
	}
}

static int n_urlencode(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	uint32_t it = 0;
	sq_value k, v;
	sq_buf b;
	int first = 1;

	(void)argc;
	sq_buf_init(&b);
	while (sq_table_next(argv[1], &it, &k, &v)) {
		sq_value ks, vs;

		if (sq_tostring(vm, k, &ks) != SQ_OK) {
			sq_buf_release(vm, &b);
			return SQ_ERROR;
		}
		if (sq_tostring(vm, v, &vs) != SQ_OK) {
			sq_release(vm, ks);
			sq_buf_release(vm, &b);
			return SQ_ERROR;
		}
		if (!first)
			sq_buf_addc(vm, &b, '&');
		first = 0;
		url_escape(vm, &b, sq_str(ks), sq_strlen(ks));
		sq_buf_addc(vm, &b, '=');
		url_escape(vm, &b, sq_str(vs), sq_strlen(vs));
		sq_release(vm, ks);
		sq_release(vm, vs);
	}
	*ret = sq_buf_finish(vm, &b);
	return 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
	       c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static sq_value url_unescape(sq_vm *vm, const char *s, size_t n)
{
	sq_buf b;
	size_t i;

	sq_buf_init(&b);
	for (i = 0; i < n; i++) {
		if (s[i] == '+')
			sq_buf_addc(vm, &b, ' ');
		else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			sq_buf_addc(vm, &b, (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2])));
			i += 2;
		} else
			sq_buf_addc(vm, &b, s[i]);
	}
	return sq_buf_finish(vm, &b);
}

static int n_urldecode(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	const char *s = sq_str(argv[1]), *end = s + sq_strlen(argv[1]);

	(void)argc;
	*ret = sq_table_new(vm);
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s)), *eq;
		const char *pe = amp ? amp : end;
		sq_value k, v;

		eq = memchr(s, '=', (size_t)(pe - s));
		if (pe > s) {
			k = url_unescape(vm, s, (size_t)((eq ? eq : pe) - s));
			v = eq ? url_unescape(vm, eq + 1, (size_t)(pe - eq - 1)) : sq_string_cstr(vm, "");
			sq_table_rawset(vm, *ret, k, v);
			sq_release(vm, k);
			sq_release(vm, v);
		}
		s = amp ? amp + 1 : end;
	}
	return 0;
}

/* http.base64encode(string or blob) */
static int n_base64encode(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	size_t n;
	const uint8_t *s = sq_blob_bytes(vm, argv[1], &n);
	char *text;

	(void)argc;
	if (!s) {
		if (argv[1].type != SQ_TSTRING)
			return sq_throwf(vm, "http.base64encode: expected a string or a blob");
		s = (const uint8_t *)sq_str(argv[1]);
		n = sq_strlen(argv[1]);
	}
	text = sq_malloc(vm, 4 * ((n + 2) / 3) + 1);
	n = sqh_base64_encode(s, n, text);
	*ret = sq_string_new(vm, text, n);
	sq_free(vm, text);
	return 0;
}

static int n_base64decode(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	size_t n = sq_strlen(argv[1]), bad = 0;
	uint8_t *bytes = sq_malloc(vm, n / 4 * 3 + 3);
	long len;

	(void)argc;
	len = sqh_base64_decode(sq_str(argv[1]), n, bytes, &bad);
	if (len >= 0)
		*ret = sq_string_new(vm, (const char *)bytes, (size_t)len);
	sq_free(vm, bytes);
	if (len < 0)
		return sq_throwf(vm, "http.base64decode: not base64 at position %zu", bad);
	return 0;
}

static int n_agenturl(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	(void)argv;
	/* One agent per device; the simulation has one device. */
	*ret = sq_string_cstr(vm, "https://agent.electricimp.com/impchaos");
	return 0;
}

void sqb_agent_http_api(struct sq_vm *vm)
{
	static const sq_method_def methods[] = {
		{ "send", n_send, -2, "xn", 0 },
		{ "header", n_header, 3, "xss", 0 },
		{ NULL, NULL, 0, NULL, 0 },
	};
	static const sq_class_def response = {
		.name = "httpresponse",
		.typeof_name = NULL,
		.release = NULL,
		.methods = methods,
	};
	sq_value http = sqh_subtable(vm, "http");

	response_class = sq_handle_new(vm, sq_class_register(vm, &response));
	sq_table_setfn(vm, http, "onrequest", n_onrequest, 2, ".c|o");
	sq_table_setfn(vm, http, "jsonencode", n_jsonencode, 2, NULL);
	sq_table_setfn(vm, http, "jsondecode", n_jsondecode, 2, ".s");
	sq_table_setfn(vm, http, "urlencode", n_urlencode, 2, ".t");
	sq_table_setfn(vm, http, "urldecode", n_urldecode, 2, ".s");
	sq_table_setfn(vm, http, "base64encode", n_base64encode, 2, ".s|x");
	sq_table_setfn(vm, http, "base64decode", n_base64decode, 2, ".s");
	sq_table_setfn(vm, http, "agenturl", n_agenturl, 1, NULL);
}
