/*
 * sq_agent_httpout.c - the agent's outbound HTTP for Squirrel code, inside
 * imp-agent: http.get/post/put/httpdelete/request make an httprequest
 * object whose .sendasync(done[, stream, timeout]) and .sendsync() are a
 * binding over agent_httpout.c's http_sendasync()/http_sendsync().
 *
 *   http.get(url).sendasync(cb) -> n_sendasync -> http_sendasync()
 *   ... "httpdone" -> agent_httpout.c -> done_tramp -> cb(response)
 *
 * As on the platform, a response is a table {statuscode, body, headers}
 * whose body is a string (a service's JSON body arrives as its text) and
 * whose headers are a table of strings; statuses under 100 are transport
 * errors. A request's body is a string, sent as text. The streaming
 * callback is accepted and never called: the simulated services answer in
 * one piece.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/agent.h"
#include "sq_agent.h"
#include "sq_host.h"

/* What an httprequest instance holds until it is sent. */
struct sq_httpreq {
	char *method, *url;
	json_t *headers, *body;
};

static sq_handle *request_class;
static uint64_t next_slot;

static void req_free(sq_vm *vm, void *udata)
{
	struct sq_httpreq *r = udata;

	(void)vm;
	if (!r)
		return;
	free(r->method);
	free(r->url);
	json_decref(r->headers);
	json_decref(r->body);
	free(r);
}

/* The response as the platform hands it to Squirrel (owned). */
static sq_value response_table(sq_vm *vm, const struct http_reply *reply)
{
	sq_value t = sq_table_new(vm), h = sq_table_new(vm), v;
	const char *k;
	json_t *j;

	sq_table_setstr(vm, t, "statuscode", sq_int(reply->statuscode));
	if (json_is_string(reply->body)) {
		v = sq_string_new(vm, json_string_value(reply->body), json_string_length(reply->body));
	} else if (!reply->body || json_is_null(reply->body)) {
		v = sq_string_cstr(vm, "");
	} else {
		char *s = json_dumps(reply->body, JSON_COMPACT | JSON_ENCODE_ANY);

		v = sq_string_cstr(vm, s ? s : "");
		free(s);
	}
	sq_table_setstr(vm, t, "body", v);
	sq_release(vm, v);
	json_object_foreach(reply->headers, k, j) {
		v = sq_string_cstr(vm, json_string_value(j) ? json_string_value(j) : "");
		sq_table_setstr(vm, h, k, v);
		sq_release(vm, v);
	}
	sq_table_setstr(vm, t, "headers", h);
	sq_release(vm, h);
	return t;
}

/* Makes the httprequest instance; headers may be null. */
static int make_request(sq_vm *vm, const char *method, sq_value url, sq_value headers,
			sq_value body, const char *what, sq_value *ret)
{
	struct sq_httpreq *r = calloc(1, sizeof(*r));

	if (!r)
		abort();
	r->method = strdup(method);
	r->url = strndup(sq_str(url), sq_strlen(url));
	if (!r->method || !r->url)
		abort();
	if (headers.type != SQ_TNULL && sqh_to_json(vm, headers, what, &r->headers) != SQ_OK) {
		req_free(vm, r);
		return SQ_ERROR;
	}
	if (body.type == SQ_TSTRING) {
		r->body = json_stringn(sq_str(body), sq_strlen(body));
	} else if (body.type != SQ_TNULL && sqh_to_json(vm, body, what, &r->body) != SQ_OK) {
		req_free(vm, r);
		return SQ_ERROR;
	}
	*ret = sq_instance_new(vm, sq_handle_value(request_class));
	sq_instance_setudata(*ret, r);
	return 0;
}

/* http.get(url[, headers]) */
static int n_get(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	return make_request(vm, "GET", argv[1], argc > 2 ? argv[2] : sq_null(), sq_null(),
			    "http.get", ret);
}

/* http.httpdelete(url[, headers]) */
static int n_httpdelete(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	return make_request(vm, "DELETE", argv[1], argc > 2 ? argv[2] : sq_null(), sq_null(),
			    "http.httpdelete", ret);
}

/* http.post(url, headers, body) */
static int n_post(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return make_request(vm, "POST", argv[1], argv[2], argv[3], "http.post", ret);
}

/* http.put(url, headers, body) */
static int n_put(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	(void)argc;
	return make_request(vm, "PUT", argv[1], argv[2], argv[3], "http.put", ret);
}

/* http.request(method, url, headers, body) */
static int n_request(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	char method[16];
	size_t i, n = sq_strlen(argv[1]);

	(void)argc;
	if (n == 0 || n >= sizeof(method))
		return sq_throwf(vm, "http.request: unknown method '%s'", sq_str(argv[1]));
	for (i = 0; i < n; i++)
		method[i] = (char)(sq_str(argv[1])[i] >= 'a' && sq_str(argv[1])[i] <= 'z' ?
				   sq_str(argv[1])[i] - 32 : sq_str(argv[1])[i]);
	method[n] = '\0';
	return make_request(vm, method, argv[2], argv[3], argv[4], "http.request", ret);
}

static void done_tramp(const struct http_reply *reply, void *ud)
{
	struct sqh_cb *cb = ud;
	sq_vm *vm = sqh_vm();
	char slot[64];
	sq_value t = response_table(vm, reply);

	snprintf(slot, sizeof(slot), "%s", cb->slot);
	sqh_call(sq_handle_value(cb->fn), 1, &t, NULL);
	sq_release(vm, t);
	/* Called once: the slot goes (sqh_call held its own reference). */
	sqh_slot(slot, sq_null());
}

/* request.sendasync(done[, stream, timeout]) */
static int n_sendasync(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sq_httpreq *r = sq_instance_udata(argv[0]);
	double timeout = argc > 3 && sq_isnumber(argv[3]) ? (double)sq_tofloat(argv[3]) : 0;
	struct sqh_cb *cb;
	char slot[64];

	(void)ret;
	if (!r)
		return sq_throwf(vm, "sendasync: not an httprequest (make one with http.get, "
				 "http.post, http.put, http.httpdelete or http.request)");
	snprintf(slot, sizeof(slot), "httpout:%llu", (unsigned long long)++next_slot);
	cb = sqh_slot(slot, argv[1]);
	if (http_sendasync(r->method, r->url, r->headers, r->body, timeout, done_tramp, cb) < 0)
		sqh_slot(slot, sq_null());
	return 0;
}

/* request.sendsync() */
static int n_sendsync(sq_vm *vm, int argc, sq_value *argv, sq_value *ret)
{
	struct sq_httpreq *r = sq_instance_udata(argv[0]);
	struct http_reply reply;

	(void)argc;
	if (!r)
		return sq_throwf(vm, "sendsync: not an httprequest (make one with http.get, "
				 "http.post, http.put, http.httpdelete or http.request)");
	http_sendsync(r->method, r->url, r->headers, r->body, &reply);
	*ret = response_table(vm, &reply);
	http_reply_release(&reply);
	return 0;
}

void sqb_agent_httpout_api(struct sq_vm *vm)
{
	static const sq_method_def methods[] = {
		{ "sendasync", n_sendasync, -2, "xcc|on|o", 0 },
		{ "sendsync", n_sendsync, 1, "x", 0 },
		{ NULL, NULL, 0, NULL, 0 },
	};
	static const sq_class_def request = {
		.name = "httprequest",
		.typeof_name = NULL,
		.release = req_free,
		.methods = methods,
	};
	sq_value http = sqh_subtable(vm, "http");

	request_class = sq_handle_new(vm, sq_class_register(vm, &request));
	sq_table_setfn(vm, http, "get", n_get, -2, ".st|o");
	sq_table_setfn(vm, http, "httpdelete", n_httpdelete, -2, ".st|o");
	sq_table_setfn(vm, http, "post", n_post, 4, ".st|o.");
	sq_table_setfn(vm, http, "put", n_put, 4, ".st|o.");
	sq_table_setfn(vm, http, "request", n_request, 5, ".sst|o.");
}
