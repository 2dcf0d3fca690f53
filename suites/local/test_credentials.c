/*
 * test_credentials.c - the agent's HTTP side in whole runs: the
 * credentials target (a forum answer's HTTP example) and the fates of requests,
 * shown with the test-only http_probe agents (suites/targets/http_probe):
 * 404 without a handler, 503 while the agent is down, answers held and
 * answered later, held answers lost with their instance (http.lost, then
 * 504), timeouts, misuse of http_respond(), and the workload's requests
 * drawn from the seed. Also the CLI's exit codes for the target and for a
 * malformed workload.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scenario.h"
#include "sim/target.h"

TestSuite(credentials_naive, .timeout = 120);
TestSuite(credentials_robust, .timeout = 240);
TestSuite(http, .timeout = 60);

#define RYW "http-read-your-writes:/credentials"

/* The target's invariants besides read-your-writes, and no-hang. */
static const char *const others[] = { "http-answered", "no-missing-handler", "persist-roundtrip",
				      "no-hang" };

static char *trace_of(const struct run_outcome *out)
{
	char *text = scenario_trace(out->dir);

	cr_assert_not_null(text, "no trace in %s", out->dir);
	return text;
}

static void expect_in(const char *trace, const char *want)
{
	cr_expect(strstr(trace, want), "the trace has no %s", want);
}

/* Runs the scenario and expects read-your-writes to be the only
 * invariant that failed (fail = 1) or every one to hold (fail = 0). */
static void expect_run(const char *target, uint64_t seed, const char *faults, int fail)
{
	struct run_outcome out;
	size_t i;

	cr_assert_eq(scenario_run(target, seed, NULL, faults, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, RYW), !fail, "%s seed %llu, faults '%s': %s %s",
		     target, (unsigned long long)seed, faults ? faults : "",
		     RYW, fail ? "held" : "failed");
	for (i = 0; i < sizeof(others) / sizeof(*others); i++)
		cr_expect_eq(scenario_held(&out, others[i]), 1, "%s seed %llu, faults '%s': %s failed",
			     target, (unsigned long long)seed, faults ? faults : "", others[i]);
	cr_expect_eq(out.res.failed, (size_t)fail);
	run_outcome_release(&out);
}

/* ---- credentials ---- */

Test(credentials_naive, holds_every_invariant_without_faults)
{
	uint64_t seed;

	for (seed = 1; seed <= 5; seed++)
		expect_run("credentials/naive", seed, NULL, 0);
}

Test(credentials_naive, loses_acknowledged_credentials_on_agent_restart)
{
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++)
		expect_run("credentials/naive", seed, "at 6h agent/restart", 1);
}

Test(credentials_naive, loses_acknowledged_credentials_on_agent_migration)
{
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++)
		expect_run("credentials/naive", seed, "at 6h agent/migrate", 1);
}

Test(credentials_naive, says_which_acknowledged_write_it_lost)
{
	struct run_outcome out;
	json_t *v;
	const char *msg;

	cr_assert_eq(scenario_run("credentials/naive", 1, NULL, "at 6h agent/restart", NULL, &out), 0);
	v = scenario_verdict(&out, RYW);
	cr_assert_not_null(v);
	msg = json_string_value(json_object_get(v, "message"));
	cr_expect(strstr(msg, "was answered 404, but POST request"), "%s", msg);
	cr_expect(strstr(msg, "lost an acknowledged write"), "%s", msg);
	run_outcome_release(&out);
}

Test(credentials_robust, keeps_credentials_through_restarts_migrations_and_crashes_over_20_seeds)
{
	static const char *const faults[] = {
		"at 6h agent/restart", "at 6h agent/migrate", "at 6h agent/crash",
		"every 5h agent/migrate; every 7h agent/crash; at 13h device/power-cycle",
	};
	uint64_t seed;
	size_t i;

	for (seed = 1; seed <= 20; seed++) {
		expect_run("credentials/robust", seed, NULL, 0);
		for (i = 0; i < sizeof(faults) / sizeof(*faults); i++)
			expect_run("credentials/robust", seed, faults[i], 0);
	}
}

Test(credentials_robust, answers_500_when_the_save_fails_and_keeps_the_old_credentials)
{
	struct run_outcome out;
	char *trace;

	/* Seed 1 acknowledges its first POST at 0:18:50 and makes its second
	 * at 2:14:25: the store fails that one's save. The restart after it
	 * must bring back the first credentials, which is what GET answers. */
	cr_assert_eq(scenario_run("credentials/robust", 1, "12h",
				  "at 1h agent/store/write; at 3h agent/restart", NULL, &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"method\":\"POST\",\"path\":\"/credentials\",\"status\":500");
	expect_in(trace, "\"status\":200,\"body\":{\"user\":\"mjkuwp94\",\"pw\":\"q7k4fbk43qky\"},"
		  "\"after_us\":0,\"by\":\"agent\",\"inc\":2");
	cr_expect_eq(scenario_held(&out, RYW), 1);
	cr_expect_eq(scenario_held(&out, "persist-roundtrip"), 1);
	cr_expect_eq(out.res.failed, 0);
	free(trace);
	run_outcome_release(&out);
}

/* ---- request fates, with http_probe: GET /probe every minute from 10s ---- */

Test(http, request_without_a_handler_gets_404_from_the_platform)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/nohandler", 1, "5m", NULL, NULL, &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\",\"path\":\"/probe\","
		  "\"status\":404");
	expect_in(trace, "\"by\":\"platform\",\"why\":\"no-handler\"");
	cr_expect_eq(scenario_held(&out, "http-answered"), 0);
	free(trace);
	run_outcome_release(&out);
}

Test(http, request_while_the_agent_is_down_gets_503_at_once)
{
	struct run_outcome out;
	char *trace;

	/* Down from 1m5s to 3m5s: the requests at 1m10s and 2m10s find no
	 * agent; the one at 3m10s finds the new instance. */
	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/echo", 1, "5m", "at 1m5s agent/restart outage=2m", NULL,
				  &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"t\":70000000,\"ev\":\"http.response\",\"id\":2,\"method\":\"GET\","
		  "\"path\":\"/probe\",\"status\":503");
	expect_in(trace, "\"t\":130000000,\"ev\":\"http.response\",\"id\":3,\"method\":\"GET\","
		  "\"path\":\"/probe\",\"status\":503");
	expect_in(trace, "\"after_us\":0,\"by\":\"platform\",\"why\":\"agent-down\"");
	expect_in(trace, "\"t\":190000000,\"ev\":\"http.response\",\"id\":4,\"method\":\"GET\","
		  "\"path\":\"/probe\",\"status\":200");
	cr_expect_eq(scenario_held(&out, "http-answered"), 1);
	free(trace);
	run_outcome_release(&out);
}

Test(http, response_held_by_the_agent_is_answered_later)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/held", 1, "5m", NULL, NULL, &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"t\":40000000,\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\","
		  "\"path\":\"/probe\",\"status\":200,\"body\":\"answered later\","
		  "\"after_us\":30000000,\"by\":\"agent\"");
	cr_expect_eq(out.res.failed, 0);
	free(trace);
	run_outcome_release(&out);
}

Test(http, response_held_by_an_instance_that_crashes_is_lost_and_times_out)
{
	struct run_outcome out;
	char *trace;
	const char *lost, *timeout;

	/* Request 1 comes at 10s and would be answered at 40s; the agent is
	 * killed at 20s holding it. Its client sees 504 at 70s. */
	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/held", 1, "5m", "at 20s agent/crash", NULL, &out), 0);
	trace = trace_of(&out);
	lost = strstr(trace, "\"t\":20000000,\"ev\":\"http.lost\",\"id\":1,\"inc\":1");
	timeout = strstr(trace, "\"t\":70000000,\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\","
			 "\"path\":\"/probe\",\"status\":504");
	cr_expect(lost, "no http.lost for request 1 at the crash");
	cr_expect(timeout, "no 504 for request 1 when its client timed out");
	cr_expect(lost && timeout && lost < timeout);
	expect_in(trace, "\"after_us\":60000000,\"by\":\"platform\",\"why\":\"lost\"");
	cr_expect_null(strstr(trace, "\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\","
			      "\"path\":\"/probe\",\"status\":200"));
	/* A loss is the platform's doing, not the target's. */
	cr_expect_eq(scenario_held(&out, "http-answered"), 1);
	free(trace);
	run_outcome_release(&out);
}

Test(http, restart_wipes_held_responses_too)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/held", 1, "5m", "at 20s agent/migrate", NULL, &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"t\":20000000,\"ev\":\"http.lost\",\"id\":1,\"inc\":1");
	free(trace);
	run_outcome_release(&out);
}

Test(http, request_nobody_answers_times_out_with_504)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/silent", 1, "5m", NULL, NULL, &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"t\":70000000,\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\","
		  "\"path\":\"/probe\",\"status\":504");
	expect_in(trace, "\"after_us\":60000000,\"by\":\"platform\",\"why\":\"timeout\"");
	cr_expect_eq(scenario_held(&out, "http-answered"), 0);
	free(trace);
	run_outcome_release(&out);
}

Test(http, answer_after_the_client_timed_out_is_traced_as_late)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/slow", 1, "5m", NULL, NULL, &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"t\":70000000,\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\","
		  "\"path\":\"/probe\",\"status\":504");
	expect_in(trace, "\"t\":100000000,\"ev\":\"http.late\",\"id\":1,\"inc\":1,\"status\":200");
	free(trace);
	run_outcome_release(&out);
}

Test(http, misusing_http_respond_is_a_target_error_not_a_crash)
{
	struct run_outcome out;
	char *trace;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/twice", 1, "3m", NULL, "no-target-error,http-answered",
				  &out), 0);
	trace = trace_of(&out);
	expect_in(trace, "\"name\":\"bad_status\",\"value\":-22");
	expect_in(trace, "\"name\":\"first\",\"value\":0");
	expect_in(trace, "\"name\":\"second\",\"value\":-114");
	expect_in(trace, "\"name\":\"bogus\",\"value\":-114");
	expect_in(trace, "\"ev\":\"http.response\",\"id\":1,\"method\":\"GET\",\"path\":\"/probe\","
		  "\"status\":200,\"body\":\"first\"");
	cr_expect_null(strstr(trace, "\"status\":500"), "the second answer reached the client");
	cr_expect_null(strstr(trace, "\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":1,\"how\":\"crashed\""));
	cr_expect_eq(scenario_held(&out, "no-target-error"), 0);
	cr_expect_eq(scenario_held(&out, "http-answered"), 1);
	free(trace);
	run_outcome_release(&out);
}

Test(http, requests_carry_the_query_and_body_drawn_from_the_seed)
{
	struct run_outcome a, b, c;
	char *ta, *tb, *tc, *req;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_probe/echo", 7, "10m", NULL, NULL, &a), 0);
	cr_assert_eq(scenario_run("http_probe/echo", 7, "10m", NULL, NULL, &b), 0);
	cr_assert_eq(scenario_run("http_probe/echo", 8, "10m", NULL, NULL, &c), 0);
	ta = trace_of(&a);
	tb = trace_of(&b);
	tc = trace_of(&c);
	cr_expect_str_eq(a.res.hash, b.res.hash, "the same seed gave different runs");
	/* The agent got what the trace says the client sent. */
	req = strstr(ta, "\"ev\":\"http.request\",\"id\":1,");
	cr_assert_not_null(req);
	{
		const char *q = strstr(req, "\"query\":"), *end = strchr(req, '\n');
		char want[512];

		cr_assert(q && end && q < end);
		snprintf(want, sizeof(want), "\"body\":{\"method\":\"GET\",\"path\":\"/probe\",%.*s",
			 (int)(end - q - 1), q);
		expect_in(ta, want);
	}
	/* Another seed draws other bodies at the same times. */
	cr_expect(strstr(tc, "\"t\":10000000,\"ev\":\"http.request\",\"id\":1,"));
	cr_expect_str_neq(a.res.hash, c.res.hash);
	cr_expect(strcmp(strstr(ta, "\"ev\":\"http.request\""), strstr(tc, "\"ev\":\"http.request\"")),
		  "seeds 7 and 8 drew the same request");
	/* Coverage counts requests and answers by path. */
	{
		json_t *p = json_object_get(json_object_get(a.res.coverage, "http"), "/probe");

		cr_expect_eq(json_integer_value(json_object_get(p, "request")), 10);
		cr_expect_eq(json_integer_value(json_object_get(p, "response")), 10);
	}
	free(ta);
	free(tb);
	free(tc);
	run_outcome_release(&a);
	run_outcome_release(&b);
	run_outcome_release(&c);
}

/* ---- the command line ---- */

static int cli(const char *const *args, char **output)
{
	int status = scenario_cli(args, output);

	cr_assert_not_null(*output);
	return status;
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

Test(credentials_naive, cli_run_exits_1_naming_the_invariant)
{
	char dir[4200], *output;
	int status;

	snprintf(dir, sizeof(dir), "%s/test-runs/cli-credentials-naive", impchaos_home());
	status = cli(ARGS("run", "credentials/naive", "--seed", "1", "--faults", "at 6h agent/restart",
			  "--out", dir, "--no-report", "--force"), &output);
	cr_expect_eq(status, 1, "exit %d; output:\n%s", status, output);
	cr_expect(strstr(output, "FAIL  " RYW), "%s", output);
	cr_expect(strstr(output, "pass  http-answered"), "%s", output);
	free(output);
}

Test(http, cli_refuses_a_malformed_workload_with_exit_2)
{
	char dir[4200], path[4300], *output;
	FILE *f;
	int status;

	/* A target whose manifest is all there is: the workload is checked
	 * before anything else. */
	snprintf(dir, sizeof(dir), "%s/test-runs/badhttp-%d", impchaos_home(), (int)getpid());
	snprintf(path, sizeof(path), "%s/bad", dir);
	cr_assert(mkdir(dir, 0755) == 0 || access(dir, W_OK) == 0);
	cr_assert(mkdir(path, 0755) == 0 || access(path, W_OK) == 0);
	snprintf(path, sizeof(path), "%s/bad/target.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"name\": \"bad\", \"variants\": {\"v\": {\"agent\": \"v\", \"device\": \"v\"}},\n"
	      " \"workload\": {\"http\": [{\"name\": \"get\", \"method\": \"GET\", \"path\": \"/x\",\n"
	      "                            \"every\": \"often\"}]}}\n", f);
	cr_assert_eq(fclose(f), 0);
	setenv("IMPCHAOS_TARGET_PATH", dir, 1);
	status = cli(ARGS("run", "bad/v"), &output);
	cr_expect_eq(status, 2, "exit %d; output:\n%s", status, output);
	cr_expect(strstr(output, "target 'bad': workload.http[0] (\"get\"): \"every\" must be a "
			 "duration such as \"90s\""), "%s", output);
	free(output);
}
