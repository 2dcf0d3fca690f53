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

#ifdef __cplusplus
}
#endif

#endif
