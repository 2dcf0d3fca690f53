/*
 * echo/agent.c - test-only agent (suites/targets, runs in imp-agent): answers
 * every HTTP request at once with 200 and what it received, so a test can
 * see requests reach the agent as the workload drew them.
 */
#include <impchaos/agent.h>

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	json_t *body = json_pack("{s:s, s:s, s:O, s:O}", "method", req->method, "path", req->path,
				 "query", req->query, "body", req->body);

	(void)ud;
	http_respond(resp, 200, body);
	json_decref(body);
}

void agent_main(void)
{
	http_onrequest(on_request, NULL);
}
