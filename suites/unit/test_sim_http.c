/*
 * test_sim_http.c - unit tests for the workload's HTTP request streams
 * (harness/sim/sim_http.c, format in sim_http.h), harness side: what
 * target.json may say under "workload.http", and the messages that tell a
 * user what is wrong with it. What the streams do in a run is in
 * suites/local/test_credentials.c.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <string.h>

#include "sim/sim_http.h"

TestSuite(sim_http, .timeout = 10);

/* Checks the workload given as JSON text: 0 or -EINVAL, message in err. */
static int check(const char *text, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *w = json_loads(text, 0, &jerr);
	int rc;

	cr_assert_not_null(w, "bad test workload %s: %s", text, jerr.text);
	err[0] = '\0';
	rc = sim_http_check_workload(w, err, errlen);
	json_decref(w);
	return rc;
}

static void expect_ok(const char *text)
{
	char err[512];

	cr_expect_eq(check(text, err, sizeof(err)), 0, "refused %s: %s", text, err);
}

/* Refused, with a message that mentions each of want[] (NULL-ended). */
static void expect_refused(const char *text, const char *const *want)
{
	char err[512];

	cr_assert_eq(check(text, err, sizeof(err)), -EINVAL, "accepted %s", text);
	for (; *want; want++)
		cr_expect(strstr(err, *want), "message '%s' does not mention '%s'", err, *want);
}

#define WANT(...) ((const char *const[]){ __VA_ARGS__, NULL })

Test(sim_http, accepts_streams_with_templates)
{
	expect_ok("{}");
	expect_ok("{\"sensors\": {}}");
	expect_ok("{\"http\": []}");
	expect_ok("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"1s\"}]}");
	expect_ok("{\"http\": ["
		  "{\"name\": \"set\", \"method\": \"POST\", \"path\": \"/credentials\","
		  " \"every\": \"2h\", \"jitter\": \"30m\", \"start\": \"0s\","
		  " \"query\": {\"v\": {\"$int\": [1, 3]}},"
		  " \"body\": {\"user\": {\"$pick\": [\"a\", {\"$string\": 3}]}, \"pw\": {\"$string\": 12},"
		  "          \"w\": {\"$real\": [0.5, 2]}, \"list\": [1, {\"$int\": [0, 0]}]}},"
		  "{\"name\": \"get\", \"method\": \"GET\", \"path\": \"/credentials\", \"every\": \"10m\"}]}");
}

Test(sim_http, refuses_http_that_is_not_an_array)
{
	expect_refused("{\"http\": {\"method\": \"GET\"}}", WANT("workload.http must be an array"));
}

Test(sim_http, refuses_a_stream_that_is_not_an_object)
{
	expect_refused("{\"http\": [\"GET /x\"]}", WANT("workload.http[0]", "must be an object"));
}

Test(sim_http, names_an_unknown_key_and_the_known_ones)
{
	expect_refused("{\"http\": [{\"name\": \"get\", \"method\": \"GET\", \"path\": \"/x\", \"evry\": \"1m\"}]}",
		       WANT("workload.http[0] (\"get\")", "unknown key \"evry\"", "every"));
}

Test(sim_http, refuses_an_unknown_or_missing_method)
{
	expect_refused("{\"http\": [{\"method\": \"get\", \"path\": \"/x\", \"every\": \"1m\"}]}",
		       WANT("\"method\" must be one of GET, POST", "(got \"get\")"));
	expect_refused("{\"http\": [{\"path\": \"/x\", \"every\": \"1m\"}]}", WANT("\"method\""));
}

Test(sim_http, refuses_a_path_without_a_slash_or_with_a_query)
{
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"x\", \"every\": \"1m\"}]}",
		       WANT("\"path\" must be a string starting with '/'"));
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x?a=1\", \"every\": \"1m\"}]}",
		       WANT("put query parameters in \"query\""));
}

Test(sim_http, wants_a_period_of_at_least_a_second)
{
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\"}]}",
		       WANT("\"every\" must be a duration of at least 1s"));
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"500ms\"}]}",
		       WANT("at least 1s"));
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"soon\"}]}",
		       WANT("\"every\" must be a duration such as"));
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": 60}]}",
		       WANT("\"every\" must be a duration"));
}

Test(sim_http, refuses_jitter_over_the_period_and_a_malformed_start)
{
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"1m\", \"jitter\": \"2m\"}]}",
		       WANT("\"jitter\" must not exceed \"every\""));
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"1m\", \"start\": \"-1s\"}]}",
		       WANT("\"start\" must be a duration"));
}

Test(sim_http, refuses_malformed_generators_naming_where_they_are)
{
	expect_refused("{\"http\": [{\"method\": \"POST\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"body\": {\"pw\": {\"$strng\": 8}}}]}",
		       WANT("body.pw", "unknown generator \"$strng\"", "$pick, $int, $real or $string"));
	expect_refused("{\"http\": [{\"method\": \"POST\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"body\": {\"n\": {\"$int\": [5, 1]}}}]}", WANT("body.n", "MIN <= MAX"));
	expect_refused("{\"http\": [{\"method\": \"POST\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"body\": {\"n\": {\"$int\": [0.5, 1]}}}]}", WANT("both integers"));
	expect_refused("{\"http\": [{\"method\": \"POST\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"body\": [{\"$pick\": []}]}]}", WANT("body[0]", "non-empty array"));
	expect_refused("{\"http\": [{\"method\": \"POST\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"body\": {\"$pick\": [{\"$string\": 0}]}}]}",
		       WANT("body.$pick[0]", "length from 1 to 1024"));
	expect_refused("{\"http\": [{\"method\": \"POST\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"body\": {\"$string\": 4, \"user\": \"a\"}}]}", WANT("exactly one key"));
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"1m\","
		       " \"query\": \"a=1\"}]}", WANT("\"query\" must be an object"));
}

Test(sim_http, wants_distinct_stream_names)
{
	expect_refused("{\"http\": [{\"method\": \"GET\", \"path\": \"/x\", \"every\": \"1m\"},"
		       " {\"method\": \"GET\", \"path\": \"/x\", \"every\": \"5m\"}]}",
		       WANT("workload.http[1] (\"GET /x\")", "distinct \"name\""));
	expect_refused("{\"http\": [{\"name\": \"\", \"method\": \"GET\", \"path\": \"/x\", \"every\": \"1m\"}]}",
		       WANT("\"name\" must be a non-empty string"));
}
