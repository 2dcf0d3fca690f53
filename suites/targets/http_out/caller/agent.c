/*
 * caller/agent.c - test-only agent (suites/targets/http_out, runs in
 * imp-agent): outbound HTTP through the C API. Once a minute from 1m on:
 * an async GET of the forecast (5 s timeout) and a sync one; at the first
 * tick also a GET of an undeclared URL and a POST to the 30 s report
 * service. Every answer is logged as "WHAT STATUS BODY" (a text body as it
 * is, any other as JSON), the way sq_caller logs it in Squirrel.
 */
#include <stdlib.h>

#include <impchaos/agent.h>

static int ticks;

static void log_reply(const char *what, const struct http_reply *r)
{
	char *body = json_is_string(r->body) ? NULL : json_dumps(r->body, JSON_COMPACT | JSON_ENCODE_ANY);

	server_log("%s %d %s", what, r->statuscode, body ? body : json_string_value(r->body));
	free(body);
}

static void on_reply(const struct http_reply *r, void *ud)
{
	log_reply(ud, r);
}

static void tick(void *ud)
{
	struct http_reply r;

	(void)ud;
	ticks++;
	http_sendasync("GET", "https://api.example.com/forecast?n=1", NULL, NULL, 5, on_reply,
		       (void *)"async");
	if (ticks == 1) {
		json_t *body = json_string("n=1");

		http_sendasync("GET", "https://nowhere.example.com/x", NULL, NULL, 0, on_reply,
			       (void *)"undeclared");
		http_sendasync("POST", "https://slow.example.com/report", NULL, body, 0, on_reply,
			       (void *)"report");
		json_decref(body);
	}
	http_sendsync("GET", "https://api.example.com/forecast?sync=1", NULL, NULL, &r);
	log_reply("sync", &r);
	http_reply_release(&r);
	imp_wakeup(60, tick, NULL);
}

void agent_main(void)
{
	imp_wakeup(60, tick, NULL);
}
