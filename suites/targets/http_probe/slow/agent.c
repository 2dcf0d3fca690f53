/*
 * slow/agent.c - test-only agent (suites/targets, runs in imp-agent): answers
 * every HTTP request 90 simulated seconds later, after its client has timed
 * out (504), so the answer comes too late.
 */
#include <impchaos/agent.h>

static void answer_late(void *ud)
{
	json_t *body = json_string("too late");

	http_respond(ud, 200, body);
	json_decref(body);
}

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	(void)req;
	(void)ud;
	imp_wakeup(90, answer_late, resp);
}

void agent_main(void)
{
	http_onrequest(on_request, NULL);
}
