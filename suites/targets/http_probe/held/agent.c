/*
 * held/agent.c - test-only agent (suites/targets, runs in imp-agent): holds
 * every HTTP response and answers it 30 simulated seconds later from a
 * timer, so a test can see a late answer, and a response lost when the
 * instance dies while holding it.
 */
#include <impchaos/agent.h>

static void answer_later(void *ud)
{
	json_t *body = json_string("answered later");

	http_respond(ud, 200, body);
	json_decref(body);
}

static void on_request(const struct http_request *req, http_response *resp, void *ud)
{
	(void)req;
	(void)ud;
	imp_wakeup(30, answer_later, resp);
}

void agent_main(void)
{
	http_onrequest(on_request, NULL);
}
