/*
 * silent/agent.c - test-only agent (suites/targets, runs in imp-agent): takes
 * every HTTP request and never answers it, so its clients time out (504).
 */
#include <impchaos/agent.h>

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	(void)req;
	(void)resp;
	(void)ud;
}

void agent_main(void)
{
	http_onrequest(on_request, NULL);
}
