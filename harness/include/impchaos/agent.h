/*
 * agent.h - the target API seen by agent code (runs in imp-agent).
 *
 * A target's agent.so defines agent_main(), which the agent host calls once
 * when the agent instance starts, like the top level of Squirrel agent code.
 * Every restart, migration or crash recovery starts a new process and calls
 * agent_main() again: globals, timers and handlers do not survive; only what
 * was stored with server_save() does.
 */
#ifndef IMPCHAOS_AGENT_H
#define IMPCHAOS_AGENT_H

#include "imp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Defined by the target. */
void agent_main(void);

/* Registers the handler for messages the device sends with agent_send(name).
 * A second call for the same name replaces the handler; cb == NULL removes it.
 * A message that arrives for a name with no handler is dropped and logged as
 * "ERROR: no handler for agent.send()". */
void device_on(const char *name, imp_msg_cb cb, void *ud);

/* Sends a message to the device. data may be NULL (sent as json null).
 * As on the platform it reports nothing: a message to an offline device is
 * dropped. */
void device_send(const char *name, json_t *data);

/* Whether the device is connected to the cloud right now. */
bool device_isconnected(void);

/* Called when the device connects / disconnects (state changes only). */
void device_onconnect(imp_event_cb cb, void *ud);
void device_ondisconnect(imp_event_cb cb, void *ud);

/* Errors server_save() returns (negative, like every impchaos error). */
#define SAVE_ERROR_NOT_TABLE  (-22)  /* -EINVAL: the argument is not an object */
#define SAVE_ERROR_TOO_BIG    (-7)   /* -E2BIG: serialized table over 64 KB */
#define SAVE_ERROR_IO         (-5)   /* -EIO: the store could not be written */

/* Replaces the agent's whole persisted table (save({}) clears it).
 * Returns 0 when the table is durably stored, or a negative SAVE_ERROR_*;
 * on error the previously stored table is left intact. */
int server_save(json_t *table);

/* The last table saved, or an empty object when none was. A new reference. */
json_t *server_load(void);

/* ---- HTTP: the agent's URL (http.onrequest) ----
 *
 * Requests come from the scenario's workload (target.json "workload.http").
 * One handler answers them all. It may answer at once or keep the response
 * handle and answer later, from a timer or a device message. A request that
 * is not answered within 60 simulated seconds times out (status 504). A
 * restart, crash or migration wipes every response the instance still
 * holds: its clients time out. Without a handler the platform answers 404,
 * and while the agent is down (restarting, migrating) it answers 503. */

/* One request, borrowed for the duration of the handler: copy what you keep
 * (json_incref or json_deep_copy). */
struct http_request {
	const char *method;   /* "GET", "POST", "PUT", "DELETE" or "PATCH" */
	const char *path;     /* e.g. "/credentials"; starts with '/', no query */
	json_t *query;        /* the query parameters, an object ({} when none) */
	json_t *body;         /* the body, any JSON value (json null when none) */
};

/* The handle that answers one request. It is valid until it is answered or
 * the agent instance ends. */
typedef struct http_response http_response;

typedef void (*http_request_cb)(const struct http_request *req, http_response *resp, void *ud);

/* Registers the request handler. A second call replaces it; cb == NULL
 * removes it, and the platform answers 404 again. */
void http_onrequest(http_request_cb cb, void *ud);

/* Errors http_respond() returns. Both are target errors: they are logged
 * and break no-target-error, and the client's answer does not change. */
#define HTTP_ERROR_ANSWERED  (-114)  /* -EALREADY: answered already, or not a
                                      * handle of this instance */
#define HTTP_ERROR_STATUS    (-22)   /* -EINVAL: status outside 100..599 */

/* Answers a request with an HTTP status and a body (borrowed; NULL sends
 * json null; a json string is a plain-text body). Each request is answered
 * once. Returns 0 or a negative HTTP_ERROR_*. */
int http_respond(http_response *resp, int status, json_t *body);

/* ---- HTTP: requests from the agent (http.request(...).sendasync/sendsync) ----
 *
 * The agent calls web services. In the simulation they are the endpoints
 * the scenario's workload declares (target.json "workload.endpoints"): each
 * answers with its status, a body drawn from its template and its headers,
 * after its latency. A URL no endpoint declares gets status 0 (a transport
 * error: on the imp, statuses under 100 are libcurl's error codes) and a
 * log line that names it. The http/out faults make requests fail to
 * connect (0), time out (28) or get a 5xx. */

/* A response, borrowed for the duration of a callback. */
struct http_reply {
	int statuscode;       /* an HTTP status, or under 100 a transport error:
	                       * 0 no connection, 28 timed out */
	json_t *body;         /* any JSON value; a json string is a text body */
	json_t *headers;      /* an object of strings, names in lower case */
};

typedef void (*http_reply_cb)(const struct http_reply *reply, void *ud);

/* sendasync's timeout when none is given, in seconds (the platform's). */
#define HTTP_DEFAULT_TIMEOUT_S 600.0

/* Errors the request calls return: target errors (logged, breaking
 * no-target-error), never a crash; no request is made. */
#define HTTP_ERROR_REQUEST   (-22)   /* -EINVAL: NULL url, unknown method, or
                                      * headers that are not an object */

/* Sends a request (method "GET", "POST", "PUT", "DELETE" or "PATCH"; headers
 * an object or NULL; body any JSON value or NULL; all borrowed) and returns
 * at once. cb runs later, in its own event, once the answer comes: after
 * the endpoint's latency, or at timeout_s (<= 0: HTTP_DEFAULT_TIMEOUT_S)
 * with status 28 if the service is slower. An instance that ends first
 * (restart, crash, migration) never hears of it. 0 or HTTP_ERROR_REQUEST. */
int http_sendasync(const char *method, const char *url, json_t *headers, json_t *body,
		   double timeout_s, http_reply_cb cb, void *ud);

/* Sends a request and waits for its answer, which fills *reply (owned by
 * the caller: http_reply_release). Simulated time does not pass inside a
 * handler, so the answer comes in the same instant whatever the endpoint's
 * latency; a timeout (http/out/slow) shows as status 28 at once. 0, or
 * HTTP_ERROR_REQUEST with *reply empty (statuscode 0, null body). */
int http_sendsync(const char *method, const char *url, json_t *headers, json_t *body,
		  struct http_reply *reply);

/* Drops the references http_sendsync() gave; NULL does nothing. */
void http_reply_release(struct http_reply *reply);

#ifdef __cplusplus
}
#endif

#endif
