/*
 * agent_http.h - the agent's HTTP side inside imp-agent: the request handler
 * the target registers with http_onrequest() and the responses it holds.
 * Internal to harness/host; the target sees impchaos/agent.h.
 */
#ifndef IMPCHAOS_AGENT_HTTP_H
#define IMPCHAOS_AGENT_HTTP_H

#include <jansson.h>

/* The agent role's frame hook (struct rt_role.frame): handles "http"
 * frames. 0 when the frame was one, -ENOENT otherwise. */
int agent_http_frame(const char *type, const json_t *ev);

/* Forgets every held response (at exit, for a clean leak check). */
void agent_http_release(void);

#endif
