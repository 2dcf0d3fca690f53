/*
 * sq_agent.h - the agent's imp API for Squirrel code (sq_agent.c, and its
 * HTTP half sq_agent_http.c), registered by imp-agent's role (agent.c).
 */
#ifndef IMPCHAOS_SQ_AGENT_H
#define IMPCHAOS_SQ_AGENT_H

struct sq_vm;

/* device.*, server.save/load, then sqb_agent_http_api. */
void sqb_agent_api(struct sq_vm *vm);

/* http.onrequest and the response object, http.jsonencode/jsondecode,
 * urlencode/urldecode, base64encode/base64decode, agenturl. */
void sqb_agent_http_api(struct sq_vm *vm);

/* http.get/post/put/httpdelete/request and the httprequest object
 * (sendasync, sendsync): requests to web services (sq_agent_httpout.c). */
void sqb_agent_httpout_api(struct sq_vm *vm);

/* http.hash.* (sq_agent_crypto.c, over OpenSSL's libcrypto). */
void sqb_agent_crypto_api(struct sq_vm *vm);

#endif
