/*
 * test_checks_http.c - unit tests for the HTTP invariant checkers
 * (harness/checks/checks_http.c), harness side.
 *
 * Each checker is fed hand-written http.request / http.response events,
 * built like the lines sim_http.c writes to the trace, and shown failing on
 * the trace that breaks its invariant (at the violating event, with a
 * message that says what went wrong) and passing on the nearest one that
 * does not.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checks/check.h"

TestSuite(check_http, .timeout = 10);

#define RYW "http-read-your-writes:/credentials"
#define SET1 "{\"user\":\"alice\",\"pw\":\"one\"}"
#define SET2 "{\"user\":\"bob\",\"pw\":\"two\"}"

struct feed {
	struct check_set *set;
	int seq;
};

static void start(struct feed *f, const char *spec)
{
	char err[256] = "";

	f->seq = 0;
	cr_assert_eq(check_set_new(&f->set, &spec, 1, err, sizeof(err)), 0, "'%s': %s", spec, err);
}

static void feed_text(struct feed *f, const char *text)
{
	json_error_t jerr;
	json_t *ev = json_loads(text, 0, &jerr);

	cr_assert_not_null(ev, "bad test event %s: %s", text, jerr.text);
	check_set_event(f->set, ev);
	json_decref(ev);
}

/* An http.request at t seconds; body is JSON text. Returns its seq. */
static int req(struct feed *f, int t, int id, const char *method, const char *path,
	       const char *body)
{
	char text[512];

	snprintf(text, sizeof(text), "{\"seq\":%d,\"t\":%lld,\"ev\":\"http.request\",\"id\":%d,"
		 "\"stream\":\"s\",\"method\":\"%s\",\"path\":\"%s\",\"body\":%s}", f->seq,
		 (long long)t * 1000000, id, method, path, body);
	feed_text(f, text);
	return f->seq++;
}

/* An http.response at t seconds to request id (answered by the agent's
 * code unless why names the platform's reason). Returns its seq. */
static int resp(struct feed *f, int t, int id, int status, const char *body, const char *why)
{
	char text[512], whys[64] = "";

	if (why)
		snprintf(whys, sizeof(whys), ",\"why\":\"%s\"", why);
	snprintf(text, sizeof(text), "{\"seq\":%d,\"t\":%lld,\"ev\":\"http.response\",\"id\":%d,"
		 "\"method\":\"GET\",\"path\":\"/x\",\"status\":%d,\"body\":%s,\"after_us\":0,"
		 "\"by\":\"%s\"%s}", f->seq, (long long)t * 1000000, id, status, body,
		 why ? "platform" : "agent", whys);
	feed_text(f, text);
	return f->seq++;
}

/* Ends the run: the verdict (a new reference); frees the set. */
static json_t *finish(struct feed *f)
{
	json_t *all = check_set_finish(f->set), *v = json_incref(json_array_get(all, 0));

	json_decref(all);
	check_set_free(f->set);
	f->set = NULL;
	return v;
}

static void expect_held(struct feed *f)
{
	json_t *v = finish(f);

	cr_expect(json_is_true(json_object_get(v, "ok")), "expected a pass, got: %s",
		  json_string_value(json_object_get(v, "message")));
	json_decref(v);
}

/* Expects a failure first seen at event seq whose message mentions want. */
static void expect_failed_at(struct feed *f, int seq, const char *want)
{
	json_t *v = finish(f), *first = json_object_get(v, "first_violation");
	const char *msg = json_string_value(json_object_get(v, "message"));

	cr_assert(json_is_false(json_object_get(v, "ok")), "expected a failure");
	if (seq >= 0)
		cr_expect_eq(json_integer_value(json_object_get(first, "seq")), seq,
			     "first violation at seq %lld, want %d (%s)",
			     (long long)json_integer_value(json_object_get(first, "seq")), seq, msg);
	cr_expect(strstr(msg, want), "message '%s' does not mention '%s'", msg, want);
	json_decref(v);
}

/* ---- http-read-your-writes ---- */

Test(check_http, read_your_writes_holds_when_gets_return_the_last_acknowledged_write)
{
	struct feed f;

	start(&f, RYW);
	req(&f, 1, 1, "GET", "/credentials", "null");
	resp(&f, 1, 1, 404, "\"no credentials set\"", NULL);
	req(&f, 2, 2, "POST", "/credentials", SET1);
	resp(&f, 2, 2, 200, "\"saved\"", NULL);
	req(&f, 3, 3, "GET", "/credentials", "null");
	resp(&f, 3, 3, 200, SET1, NULL);
	req(&f, 4, 4, "PUT", "/credentials", SET2);
	resp(&f, 4, 4, 204, "null", NULL);
	req(&f, 5, 5, "GET", "/credentials", "null");
	resp(&f, 5, 5, 200, SET2, NULL);
	expect_held(&f);
}

Test(check_http, read_your_writes_fails_when_a_get_returns_an_older_write)
{
	struct feed f;
	int bad;

	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "POST", "/credentials", SET2);
	resp(&f, 2, 2, 200, "\"saved\"", NULL);
	req(&f, 3, 3, "GET", "/credentials", "null");
	bad = resp(&f, 3, 3, 200, SET1, NULL);
	expect_failed_at(&f, bad, "\"bob\"");
}

Test(check_http, read_your_writes_fails_on_404_after_an_acknowledged_write)
{
	struct feed f;
	int bad;

	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 9, 2, "GET", "/credentials", "null");
	bad = resp(&f, 9, 2, 404, "\"no credentials set\"", NULL);
	expect_failed_at(&f, bad, "lost an acknowledged write");
}

Test(check_http, read_your_writes_fails_on_an_empty_body_after_a_restart)
{
	struct feed f;
	int bad;

	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	feed_text(&f, "{\"seq\":2,\"t\":5000000,\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":1}");
	f.seq++;
	req(&f, 9, 2, "GET", "/credentials", "null");
	bad = resp(&f, 9, 2, 200, "{\"user\":null,\"pw\":null}", NULL);
	expect_failed_at(&f, bad, "the last write answered 2xx");
}

Test(check_http, read_your_writes_does_not_count_a_write_answered_500)
{
	struct feed f;
	int bad;

	/* The client was told the write failed: the old value is right... */
	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "POST", "/credentials", SET2);
	resp(&f, 2, 2, 500, "\"could not store\"", NULL);
	req(&f, 3, 3, "GET", "/credentials", "null");
	resp(&f, 3, 3, 200, SET1, NULL);
	expect_held(&f);

	/* ... and the failed write's value is not. */
	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "POST", "/credentials", SET2);
	resp(&f, 2, 2, 500, "\"could not store\"", NULL);
	req(&f, 3, 3, "GET", "/credentials", "null");
	bad = resp(&f, 3, 3, 200, SET2, NULL);
	expect_failed_at(&f, bad, "\"alice\"");
}

Test(check_http, read_your_writes_accepts_either_value_after_a_write_timed_out)
{
	const char *const got[] = { SET1, SET2 };
	struct feed f;
	size_t i;

	for (i = 0; i < 2; i++) {
		start(&f, RYW);
		req(&f, 1, 1, "POST", "/credentials", SET1);
		resp(&f, 1, 1, 200, "\"saved\"", NULL);
		req(&f, 2, 2, "POST", "/credentials", SET2);
		resp(&f, 62, 2, 504, "\"gateway timeout\"", "lost");
		req(&f, 70, 3, "GET", "/credentials", "null");
		resp(&f, 70, 3, 200, got[i], NULL);
		expect_held(&f);
	}
	/* The next acknowledged write settles it. */
	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "POST", "/credentials", SET2);
	resp(&f, 62, 2, 504, "\"gateway timeout\"", "timeout");
	req(&f, 63, 3, "POST", "/credentials", SET1);
	resp(&f, 63, 3, 200, "\"saved\"", NULL);
	req(&f, 70, 4, "GET", "/credentials", "null");
	expect_failed_at(&f, resp(&f, 70, 4, 200, SET2, NULL), "\"alice\"");
}

Test(check_http, read_your_writes_lets_a_get_see_a_write_still_in_flight)
{
	struct feed f;

	/* The write is taken, the GET sees it, the write is answered later. */
	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "POST", "/credentials", SET2);
	req(&f, 3, 3, "GET", "/credentials", "null");
	resp(&f, 3, 3, 200, SET2, NULL);
	resp(&f, 30, 2, 200, "\"saved\"", NULL);
	expect_held(&f);

	/* A GET still pending when a later write is made and acknowledged may
	 * return the value from before it. */
	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "GET", "/credentials", "null");
	req(&f, 3, 3, "POST", "/credentials", SET2);
	resp(&f, 3, 3, 200, "\"saved\"", NULL);
	resp(&f, 20, 2, 200, SET1, NULL);
	expect_held(&f);
}

Test(check_http, read_your_writes_wants_404_after_an_acknowledged_delete)
{
	struct feed f;

	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "DELETE", "/credentials", "null");
	resp(&f, 2, 2, 204, "null", NULL);
	req(&f, 3, 3, "GET", "/credentials", "null");
	resp(&f, 3, 3, 404, "\"none\"", NULL);
	expect_held(&f);

	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	req(&f, 2, 2, "DELETE", "/credentials", "null");
	resp(&f, 2, 2, 204, "null", NULL);
	req(&f, 3, 3, "GET", "/credentials", "null");
	expect_failed_at(&f, resp(&f, 3, 3, 200, SET1, NULL), "a deleted value came back");
}

Test(check_http, read_your_writes_leaves_other_paths_and_platform_answers_alone)
{
	struct feed f;

	start(&f, RYW);
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	/* Another path has its own values. */
	req(&f, 2, 2, "POST", "/other", SET2);
	resp(&f, 2, 2, 200, "\"saved\"", NULL);
	req(&f, 3, 3, "GET", "/other", "null");
	resp(&f, 3, 3, 404, "\"none\"", NULL);
	/* Unavailable is not stale: 503 and 504 from the platform, 500 from
	 * the agent. */
	req(&f, 4, 4, "GET", "/credentials", "null");
	resp(&f, 4, 4, 503, "\"agent down\"", "agent-down");
	req(&f, 5, 5, "GET", "/credentials", "null");
	resp(&f, 65, 5, 504, "\"gateway timeout\"", "timeout");
	req(&f, 66, 6, "GET", "/credentials", "null");
	resp(&f, 66, 6, 500, "\"try again\"", NULL);
	req(&f, 67, 7, "GET", "/credentials", "null");
	resp(&f, 67, 7, 200, SET1, NULL);
	expect_held(&f);
}

Test(check_http, read_your_writes_fails_when_the_path_is_never_requested)
{
	struct feed f;

	start(&f, "http-read-your-writes:/credentails");
	req(&f, 1, 1, "POST", "/credentials", SET1);
	resp(&f, 1, 1, 200, "\"saved\"", NULL);
	expect_failed_at(&f, -1, "is the path right?");
}

Test(check_http, read_your_writes_refuses_an_argument_that_is_not_a_path)
{
	const char *specs[] = { "http-read-your-writes:credentials" };
	struct check_set *set = NULL;
	char err[256] = "";

	cr_expect_eq(check_set_new(&set, specs, 1, err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "http-read-your-writes:PATH"), "%s", err);
	cr_expect_null(set);
}

/* ---- http-answered ---- */

Test(check_http, answered_fails_when_a_request_times_out)
{
	struct feed f;

	start(&f, "http-answered");
	req(&f, 1, 1, "GET", "/probe", "null");
	resp(&f, 1, 1, 200, "\"ok\"", NULL);
	req(&f, 2, 2, "GET", "/probe", "null");
	expect_failed_at(&f, resp(&f, 62, 2, 504, "\"gateway timeout\"", "timeout"),
			 "never answered");
}

Test(check_http, answered_fails_when_no_handler_is_registered)
{
	struct feed f;

	start(&f, "http-answered");
	req(&f, 1, 1, "GET", "/probe", "null");
	expect_failed_at(&f, resp(&f, 1, 1, 404, "\"not found\"", "no-handler"), "http_onrequest()");
}

Test(check_http, answered_holds_for_agent_answers_outages_and_lost_responses)
{
	struct feed f;

	start(&f, "http-answered");
	req(&f, 1, 1, "GET", "/probe", "null");
	resp(&f, 1, 1, 404, "\"unknown path\"", NULL);     /* the agent's own 404 */
	req(&f, 2, 2, "GET", "/probe", "null");
	resp(&f, 2, 2, 500, "\"try again\"", NULL);
	req(&f, 3, 3, "GET", "/probe", "null");
	resp(&f, 3, 3, 503, "\"agent down\"", "agent-down");
	req(&f, 4, 4, "GET", "/probe", "null");
	resp(&f, 64, 4, 504, "\"gateway timeout\"", "lost");
	expect_held(&f);
}
