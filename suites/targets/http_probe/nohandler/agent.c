/*
 * nohandler/agent.c - test-only agent (suites/targets, runs in imp-agent):
 * registers an HTTP handler and removes it again, so requests find none and
 * the platform answers 404.
 */
#include <impchaos/agent.h>

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	(void)req;
	(void)ud;
	http_respond(resp, 200, NULL);
}

void agent_main(void)
{
	http_onrequest(on_request, NULL);
	http_onrequest(NULL, NULL);
}
