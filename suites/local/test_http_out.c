/*
 * test_http_out.c - outbound HTTP from the agent in whole runs, with the
 * test-only agents of suites/targets/http_out (caller: the C API;
 * sq_caller: the same in Squirrel). Once a minute from 1m on each makes an
 * async forecast request (5 s timeout) and a sync one; at 1m also one to an
 * undeclared URL and a POST to a service that takes 30 s. Shown here: a
 * declared endpoint's status, drawn body and latency; status 0 and a log
 * line for an undeclared URL; what http/out/error, /slow and /5xx change;
 * an answer for an instance that died (http.out.lost); sync against async;
 * a malformed endpoint refused with exit 2; the same seed giving the same
 * trace, in C and in Squirrel alike; and chaos campaigns that neither draw
 * nor expect http/out faults for a target that declares no endpoints.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "campaign/chaos.h"
#include "scenario.h"
#include "sim/target.h"

TestSuite(http_out, .timeout = 120);

#define SEC 1000000LL
#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* The trace's events, one JSON object each (a new array). */
static json_t *events_of(const struct run_outcome *out)
{
	char *text = scenario_trace(out->dir), *line, *save = NULL;
	json_t *evs = json_array();

	cr_assert_not_null(text, "no trace in %s", out->dir);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		json_array_append_new(evs, json_loads(line, 0, NULL));
	free(text);
	return evs;
}

/* The first event of kind ev whose id is id (borrowed), or NULL. */
static json_t *event(json_t *evs, const char *ev, long long id)
{
	json_t *e;
	size_t i;

	json_array_foreach(evs, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "ev")), ev) &&
		    json_integer_value(json_object_get(e, "id")) == id)
			return e;
	return NULL;
}

/* The first log line whose text starts with prefix (borrowed), or NULL. */
static json_t *log_line(json_t *evs, const char *prefix)
{
	json_t *e;
	size_t i;

	json_array_foreach(evs, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "ev")), "log") &&
		    !strncmp(json_string_value(json_object_get(e, "text")), prefix, strlen(prefix)))
			return e;
	return NULL;
}

static long long num(const json_t *e, const char *key)
{
	return json_integer_value(json_object_get(e, key));
}

/* Runs http_out/VARIANT for 5m with seed 1 and the faults; the trace's
 * events in *evs. */
static void run(const char *variant, const char *faults, struct run_outcome *out, json_t **evs)
{
	char target[64];

	scenario_use_test_targets();
	snprintf(target, sizeof(target), "http_out/%s", variant);
	cr_assert_eq(scenario_run(target, 1, "5m", faults, NULL, out), 0);
	*evs = events_of(out);
}

/* Request ids in every run without faults: 1 async forecast, 2 undeclared,
 * 3 the report POST, 4 sync forecast (all at 1m); 5 async and 6 sync at
 * 2m; 7 and 8 at 3m. */

Test(http_out, declared_endpoint_answers_with_its_status_and_drawn_body_after_its_latency)
{
	struct run_outcome out;
	json_t *evs, *req, *resp, *body, *t, *line;
	char *dump, want[512];

	run("caller", NULL, &out, &evs);
	req = event(evs, "http.out.request", 1);
	resp = event(evs, "http.out.response", 1);
	cr_assert(req && resp, "see %s", out.dir);
	cr_expect_str_eq(json_string_value(json_object_get(req, "endpoint")),
			 "GET https://api.example.com/forecast*");
	cr_expect_eq(num(req, "t"), 60 * SEC);
	cr_expect_eq(num(resp, "status"), 200);
	/* After the latency drawn from the endpoint's range. */
	cr_expect_eq(num(resp, "t") - num(req, "t"), num(resp, "latency_us"));
	cr_expect(num(resp, "latency_us") >= 200000 && num(resp, "latency_us") <= 800000,
		  "latency %lld outside 200ms-800ms", num(resp, "latency_us"));
	/* The body drawn from the template. */
	body = json_object_get(resp, "body");
	t = json_object_get(body, "temps");
	cr_assert_eq(json_array_size(t), 2);
	for (size_t i = 0; i < 2; i++)
		cr_expect(json_integer_value(json_array_get(t, i)) >= 10 &&
			  json_integer_value(json_array_get(t, i)) <= 20);
	cr_expect_eq(strlen(json_string_value(json_object_get(body, "id"))), 6);
	/* The agent's callback got it, in its own event at that time. */
	dump = json_dumps(body, JSON_COMPACT);
	snprintf(want, sizeof(want), "async 200 %s", dump);
	free(dump);
	line = log_line(evs, "async 200");
	cr_assert_not_null(line);
	cr_expect_str_eq(json_string_value(json_object_get(line, "text")), want);
	cr_expect_eq(num(line, "t"), num(resp, "t"));
	/* The other endpoint's text body and its fixed latency. */
	resp = event(evs, "http.out.response", 3);
	cr_assert_not_null(resp);
	cr_expect_eq(num(resp, "status"), 201);
	cr_expect_eq(num(resp, "t"), 90 * SEC);
	cr_expect_str_eq(json_string_value(json_object_get(resp, "body")), "filed");
	cr_expect_not_null(log_line(evs, "report 201 filed"));
	cr_expect_eq(out.res.failed, 0);
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, sync_is_answered_in_the_same_instant_async_after_the_latency)
{
	struct run_outcome out;
	json_t *evs, *req, *resp;

	run("sq_caller", NULL, &out, &evs);
	req = event(evs, "http.out.request", 4);
	resp = event(evs, "http.out.response", 4);
	cr_assert(req && resp, "see %s", out.dir);
	cr_expect(json_is_true(json_object_get(req, "sync")));
	cr_expect_eq(num(resp, "t"), num(req, "t"));
	cr_expect_eq(num(resp, "latency_us"), 0);
	cr_expect_eq(num(resp, "status"), 200);
	/* The sync answer is logged before the async one that was sent first. */
	cr_expect(log_line(evs, "sync 200 {\"temps\":["));
	cr_expect_lt(num(log_line(evs, "sync 200"), "seq"), num(log_line(evs, "async 200"), "seq"));
	req = event(evs, "http.out.request", 1);
	cr_expect(json_is_false(json_object_get(req, "sync")));
	cr_expect_eq(num(req, "timeout_us"), 5 * SEC);
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, undeclared_url_gets_status_0_and_a_log_line_naming_it)
{
	struct run_outcome out;
	json_t *evs, *resp, *line;

	run("caller", NULL, &out, &evs);
	resp = event(evs, "http.out.response", 2);
	cr_assert_not_null(resp, "see %s", out.dir);
	cr_expect_eq(num(resp, "status"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(resp, "why")), "undeclared");
	cr_expect_null(json_object_get(event(evs, "http.out.request", 2), "endpoint"));
	line = log_line(evs, "ERROR: http request to 'https://nowhere.example.com/x'");
	cr_assert_not_null(line, "see %s", out.dir);
	cr_expect(strstr(json_string_value(json_object_get(line, "text")),
			 "declare an endpoint for it in target.json's workload.endpoints"));
	cr_expect_str_eq(json_string_value(json_object_get(line, "source")), "platform");
	cr_expect_not_null(log_line(evs, "undeclared 0 "));
	/* The platform's line is not the target's error. */
	cr_expect_eq(scenario_held(&out, "no-target-error"), 1);
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, error_fault_fails_the_next_count_requests_with_status_0)
{
	struct run_outcome out;
	json_t *evs, *resp;

	run("caller", "at 90s http/out/error count=2", &out, &evs);
	cr_expect_eq(out.res.fired, 2, "see %s", out.dir);
	for (long long id = 5; id <= 6; id++) {
		resp = event(evs, "http.out.response", id);
		cr_assert_not_null(resp, "request %lld: see %s", id, out.dir);
		cr_expect_eq(num(resp, "status"), 0, "request %lld", id);
		cr_expect_str_eq(json_string_value(json_object_get(resp, "why")), "http/out/error");
	}
	/* The async one still takes the endpoint's time to fail. */
	cr_expect_gt(num(event(evs, "http.out.response", 5), "latency_us"), 0);
	cr_expect_not_null(log_line(evs, "sync 0 "));
	cr_expect_eq(num(event(evs, "http.out.response", 7), "status"), 200, "count=2 went on");
	cr_expect_eq(num(event(evs, "http.out.response", 3), "status"), 201, "it changed the past");
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, slow_fault_ends_the_request_at_its_timeout_with_status_28)
{
	struct run_outcome out;
	json_t *evs, *resp;

	run("sq_caller", "at 90s http/out/slow count=2", &out, &evs);
	resp = event(evs, "http.out.response", 5);
	cr_assert_not_null(resp, "see %s", out.dir);
	cr_expect_eq(num(resp, "status"), 28);
	cr_expect_str_eq(json_string_value(json_object_get(resp, "why")), "http/out/slow");
	cr_expect_eq(num(resp, "t"), 125 * SEC, "not at the 5 s timeout");
	cr_expect_not_null(log_line(evs, "async 28 "));
	/* A sync request times out too, at once: time does not pass in a handler. */
	resp = event(evs, "http.out.response", 6);
	cr_assert_not_null(resp);
	cr_expect_eq(num(resp, "status"), 28);
	cr_expect_eq(num(resp, "t"), 120 * SEC);
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, five_xx_fault_answers_a_server_error)
{
	struct run_outcome out;
	json_t *evs, *resp;
	long long st;

	run("caller", "at 90s http/out/5xx status=503; at 100s http/out/5xx", &out, &evs);
	resp = event(evs, "http.out.response", 5);
	cr_assert_not_null(resp, "see %s", out.dir);
	cr_expect_eq(num(resp, "status"), 503);
	cr_expect_str_eq(json_string_value(json_object_get(resp, "why")), "http/out/5xx");
	cr_expect_not_null(log_line(evs, "async 503 "));
	st = num(event(evs, "http.out.response", 6), "status");
	cr_expect(st == 500 || st == 502 || st == 503 || st == 504, "seeded status %lld", st);
	cr_expect_eq(num(event(evs, "http.out.response", 7), "status"), 200);
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, answer_for_an_instance_that_died_is_dropped_and_traced_as_lost)
{
	struct run_outcome out;
	json_t *evs, *lost;

	/* The report takes 30 s from 1m; the agent restarts at 1m10s. */
	run("caller", "at 70s agent/restart", &out, &evs);
	lost = event(evs, "http.out.lost", 3);
	cr_assert_not_null(lost, "see %s", out.dir);
	cr_expect_eq(num(lost, "t"), 90 * SEC);
	cr_expect_eq(num(lost, "inc"), 1);
	cr_expect_eq(num(lost, "status"), 201);
	cr_expect_null(event(evs, "http.out.response", 3));
	/* The new instance makes its own report request, and hears of it. */
	cr_expect_eq(num(log_line(evs, "report 201"), "inc"), 2, "a dead instance's callback ran");
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, faults_without_endpoints_are_skipped_saying_why)
{
	struct run_outcome out;
	json_t *evs, *e;
	size_t i;
	int skipped = 0;

	cr_assert_eq(scenario_run("power_meter/robust", 1, "2h", "at 1h http/out/error", NULL, &out), 0);
	evs = events_of(&out);
	json_array_foreach(evs, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "ev")), "fault.skip"))
			skipped = !strcmp(json_string_value(json_object_get(e, "why")),
					  "the target declares no outbound endpoints (workload.endpoints)");
	cr_expect(skipped, "see %s", out.dir);
	cr_expect_eq(out.res.failed, 0);
	json_decref(evs);
	run_outcome_release(&out);
}

Test(http_out, same_seed_same_trace_in_c_and_in_squirrel)
{
	struct run_outcome a, b, c, sq;
	char *ta, *ts;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("http_out/caller", 5, "5m", "at 2m http/out/5xx", NULL, &a), 0);
	cr_assert_eq(scenario_run("http_out/caller", 5, "5m", "at 2m http/out/5xx", NULL, &b), 0);
	cr_assert_eq(scenario_run("http_out/caller", 6, "5m", "at 2m http/out/5xx", NULL, &c), 0);
	cr_assert_eq(scenario_run("http_out/sq_caller", 5, "5m", "at 2m http/out/5xx", NULL, &sq), 0);
	cr_expect_str_eq(a.res.hash, b.res.hash, "the same seed gave different runs");
	cr_expect_str_neq(a.res.hash, c.res.hash, "another seed drew the same bodies and latencies");
	/* One model, two bindings: after run.start (which names the variant)
	 * the traces are the same. */
	ta = scenario_trace(a.dir);
	ts = scenario_trace(sq.dir);
	cr_assert(ta && ts);
	cr_expect_str_eq(strchr(ts, '\n'), strchr(ta, '\n'), "see %s and %s", a.dir, sq.dir);
	free(ta);
	free(ts);
	run_outcome_release(&a);
	run_outcome_release(&b);
	run_outcome_release(&c);
	run_outcome_release(&sq);
}

/* Writes a one-target manifest with the given workload into a fresh
 * directory and puts it on the target path. */
static void bad_target(const char *workload)
{
	char dir[4200], path[4300];
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/test-runs/badout-%d", impchaos_home(), (int)getpid());
	snprintf(path, sizeof(path), "%s/bad", dir);
	cr_assert(mkdir(dir, 0755) == 0 || access(dir, W_OK) == 0);
	cr_assert(mkdir(path, 0755) == 0 || access(path, W_OK) == 0);
	snprintf(path, sizeof(path), "%s/bad/target.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "{\"name\": \"bad\", \"variants\": {\"v\": {\"agent\": \"v\", \"device\": \"v\"}},\n"
		" \"workload\": %s}\n", workload);
	cr_assert_eq(fclose(f), 0);
	setenv("IMPCHAOS_TARGET_PATH", dir, 1);
}

static void expect_refused(const char *workload, const char *message)
{
	char *output;
	int status;

	bad_target(workload);
	status = scenario_cli(ARGS("run", "bad/v"), &output);
	cr_assert_not_null(output);
	cr_expect_eq(status, 2, "exit %d; output:\n%s", status, output);
	cr_expect(strstr(output, message), "want '%s' in:\n%s", message, output);
	free(output);
}

Test(http_out, malformed_endpoint_is_refused_with_exit_2_naming_it)
{
	expect_refused("{\"endpoints\": [{\"url\": \"https://a.example.com/x\", \"latency\": \"soon\"}]}",
		       "target 'bad': workload.endpoints[0] (\"https://a.example.com/x\"): \"latency\" "
		       "must be a duration such as \"300ms\"");
	expect_refused("{\"endpoints\": [{\"url\": \"ftp://a.example.com/x\"}]}",
		       "workload.endpoints[0] (\"ftp://a.example.com/x\"): \"url\" must be a string "
		       "starting with http:// or https://");
	expect_refused("{\"endpoints\": [{\"url\": \"https://a.example.com/x\", \"method\": \"GET\", "
		       "\"status\": 42}]}",
		       "workload.endpoints[0] (\"https://a.example.com/x\"): \"status\" must be an HTTP "
		       "status from 100 to 599");
	expect_refused("{\"endpoints\": [{\"url\": \"https://a.example.com/x\", "
		       "\"body\": {\"n\": {\"$int\": [5, 1]}}}]}",
		       "workload.endpoints[0] (\"https://a.example.com/x\"): body.n: \"$int\" takes "
		       "[MIN, MAX] with MIN <= MAX");
	expect_refused("{\"endpoints\": {\"url\": \"https://a.example.com/x\"}}",
		       "workload.endpoints must be an array");
}

static json_t *campaign(const char *target, const char *only, const char *tag)
{
	const char *targets[] = { target };
	struct chaos_opts o = { .targets = targets, .ntargets = 1, .runs = 4, .seed_from = 1,
				.jobs = 2, .shard_k = 1, .shard_n = 1, .duration = "10m",
				.recheck_share = 0, .shrink = 0, .pin = 1, .only = only };
	struct chaos_summary sum;
	char dir[4096], path[4200], err[1024];
	json_t *c;

	snprintf(dir, sizeof(dir), "%s/test-runs/chaos-httpout-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(chaos_run(&o, &sum, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sum.errors, 0, "see %s", dir);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json in %s", dir);
	return c;
}

Test(http_out, chaos_draws_http_out_faults_only_for_targets_with_endpoints)
{
	json_t *c, *v;
	const char *name;
	long long fired = 0;

	scenario_use_test_targets();
	/* No endpoints: never drawn, and so never expected to fire. */
	c = campaign("power_meter/robust", "http/out/*", "none");
	json_object_foreach(json_object_get(json_object_get(c, "coverage"), "faults"), name, v)
		cr_expect_eq(json_integer_value(json_object_get(v, "injected")), 0, "%s was drawn", name);
	cr_expect_eq(json_array_size(json_object_get(c, "uncovered")), 0,
		     "coverage expects a fault the target cannot fire");
	json_decref(c);
	/* Endpoints: drawn, and they fire on the agent's requests. */
	c = campaign("http_out/caller", "http/out/*", "caller");
	json_object_foreach(json_object_get(json_object_get(c, "coverage"), "faults"), name, v)
		fired += json_integer_value(json_object_get(v, "fired"));
	cr_expect_gt(fired, 0);
	json_decref(c);
}
