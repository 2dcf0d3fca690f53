/*
 * twice/agent.c - test-only agent (suites/targets, runs in imp-agent):
 * misuses the HTTP API the ways a target can (answers a request twice,
 * answers with an invalid status, answers a handle it never got), which
 * must be target errors and nothing worse. The results it got are
 * published with impchaos_observe() for the test to read.
 */
#include <impchaos/agent.h>

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	json_t *body = json_string("first");

	(void)req;
	(void)ud;
	impchaos_observe("bad_status", http_respond(resp, 999, body));
	impchaos_observe("first", http_respond(resp, 200, body));
	impchaos_observe("second", http_respond(resp, 500, body));
	impchaos_observe("bogus", http_respond((http_response *)(uintptr_t)0x5eed, 200, body));
	json_decref(body);
}

void agent_main(void)
{
	http_onrequest(on_request, NULL);
}
