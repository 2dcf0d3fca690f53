/*
 * agent_httpout.h - requests from the agent to web services, inside
 * imp-agent: http_sendasync()/http_sendsync() and the callbacks waiting for
 * answers. Internal to harness/host; the target sees impchaos/agent.h.
 */
#ifndef IMPCHAOS_AGENT_HTTPOUT_H
#define IMPCHAOS_AGENT_HTTPOUT_H

#include <jansson.h>

/* The agent role's frame hook for "httpdone" frames: 0 when the frame was
 * one, -ENOENT otherwise. */
int agent_httpout_frame(const char *type, const json_t *ev);

/* Forgets every waiting callback (at exit, for a clean leak check). */
void agent_httpout_release(void);

#endif
