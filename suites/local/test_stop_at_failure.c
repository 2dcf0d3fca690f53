/*
 * test_stop_at_failure.c - `impchaos run --stop-at-failure`: a failing run
 * ends at the event its first invariant fails at, with the same first
 * violation and the same trace up to there as the whole run, and replays
 * to the same hash; a run that holds is byte for byte the run without the
 * flag; the checks do not make their end-of-run judgements on a run that
 * was cut short (run.stop); `impchaos chaos` stops its runs so unless
 * --full-runs. Runs go through the CLI, as a user runs them.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/check.h"
#include "scenario.h"
#include "sim/home.h"

TestSuite(stop_at_failure, .timeout = 300);

#define NAIVE_FAULTS "at 6h agent/restart"
#define TWO_DAYS_US (2 * 86400 * 1000000LL)

/* Runs `impchaos run TARGET --seed 1 --for 2d --faults NAIVE_FAULTS` into
 * build/test-runs/stop-TAG (with --stop-at-failure when stop); the exit
 * status. dir gets the run directory. */
static int run_cli(const char *target, const char *tag, int stop, char *dir, size_t len)
{
	const char *args[] = { "run", target, "--seed", "1", "--for", "2d", "--faults",
			       NAIVE_FAULTS, "--out", dir, "--force", "--no-report",
			       stop ? "--stop-at-failure" : NULL, NULL };
	char *output = NULL;
	int status;

	snprintf(dir, len, "%s/test-runs/stop-%s", impchaos_home(), tag);
	status = scenario_cli(args, &output);
	cr_assert(status == 0 || status == 1, "impchaos run %s: %d: %s", target, status,
		  output ? output : "");
	free(output);
	return status;
}

static json_t *load(const char *dir, const char *name)
{
	char path[4300];
	json_t *j;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	j = json_load_file(path, 0, NULL);
	cr_assert_not_null(j, "cannot read %s", path);
	return j;
}

/* The verdict entry of the first invariant that failed at an event. */
static json_t *first_failure(json_t *verdict)
{
	json_t *v;
	size_t i;

	json_array_foreach(json_object_get(verdict, "invariants"), i, v)
		if (!json_is_true(json_object_get(v, "ok")) &&
		    json_is_object(json_object_get(v, "first_violation")))
			return v;
	return NULL;
}

static json_int_t vio(json_t *inv, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(inv, "first_violation"), key));
}

Test(stop_at_failure, a_naive_run_stops_at_its_first_violation_and_replays)
{
	char full[4200], stop[4200], *tf, *ts, *output = NULL;
	json_t *vf, *vs, *ff, *fs, *cut, *scen, *inv;
	const char *replay[] = { "replay", stop, NULL };
	size_t i, prefix;

	cr_assert_eq(run_cli("power_meter/naive", "naive-full", 0, full, sizeof(full)), 1);
	cr_assert_eq(run_cli("power_meter/naive", "naive-stop", 1, stop, sizeof(stop)), 1);
	vf = load(full, "verdict.json");
	vs = load(stop, "verdict.json");
	ff = first_failure(vf);
	fs = first_failure(vs);
	cr_assert_not_null(ff, "the naive power meter held a whole run (%s)", full);
	cr_assert_not_null(fs, "the stopped run shows no failure at an event (%s)", stop);
	/* The same first violation: invariant, event and time. */
	cr_expect_str_eq(json_string_value(json_object_get(fs, "invariant")),
			 json_string_value(json_object_get(ff, "invariant")));
	cr_expect_eq(vio(fs, "seq"), vio(ff, "seq"));
	cr_expect_eq(vio(fs, "t"), vio(ff, "t"));
	/* Stopped there, well before the end, and the verdict says when. */
	cut = json_object_get(vs, "cut_short");
	cr_assert(json_is_object(cut), "no cut_short in %s/verdict.json", stop);
	cr_expect_eq(json_integer_value(json_object_get(cut, "t")), vio(ff, "t"));
	cr_expect_lt(json_integer_value(json_object_get(cut, "t")), TWO_DAYS_US);
	cr_expect_null(json_object_get(vf, "cut_short"), "the whole run says it was cut short");
	cr_expect_lt(json_integer_value(json_object_get(vs, "events")),
		     json_integer_value(json_object_get(vf, "events")));
	/* No end-of-run judgement of the stopped run: counter-exact's loss
	 * check, which the whole run fails at its end, is not made. */
	json_array_foreach(json_object_get(vs, "invariants"), i, inv)
		if (!strncmp(json_string_value(json_object_get(inv, "invariant")), "counter-exact:", 14)) {
			cr_expect(json_is_true(json_object_get(inv, "ok")));
			cr_expect(strstr(json_string_value(json_object_get(inv, "message")), "not made"),
				  "%s", json_string_value(json_object_get(inv, "message")));
		}
	/* The trace is the whole run's up to the violating event, then the end. */
	tf = scenario_trace(full);
	ts = scenario_trace(stop);
	cr_assert(tf && ts);
	for (prefix = 0; tf[prefix] && tf[prefix] == ts[prefix]; prefix++)
		;
	{
		char seq[64];

		snprintf(seq, sizeof(seq), "{\"seq\":%lld,", (long long)vio(ff, "seq") + 1);
		cr_expect(strstr(ts, seq) && (size_t)(strstr(ts, seq) - ts) <= prefix,
			  "the traces part before the violating event");
	}
	cr_expect(strstr(ts + prefix, "\"ev\":\"run.stop\",\"reason\":\"stopped at the first failure\""),
		  "no run.stop after the shared part");
	cr_expect(strstr(ts + prefix, "\"ev\":\"run.end\""));
	free(tf);
	free(ts);
	/* The run's report says it was cut short; the whole run's does not. */
	{
		char rep[4300], page[4400], *html;
		const char *args[] = { "report", stop, "-o", rep, NULL };
		int k;

		for (k = 0; k < 2; k++) {
			args[1] = k ? full : stop;
			snprintf(rep, sizeof(rep), "%s-report", args[1]);
			cr_assert_eq(scenario_cli(args, &output), 0, "%s", output ? output : "");
			free(output);
			output = NULL;
			snprintf(page, sizeof(page), "%s/runs/1-power_meter-naive-s1.html", rep);
			html = scenario_read_file(page);
			cr_assert_not_null(html, "no page %s", page);
			cr_expect_eq(strstr(html, "<th>cut short</th>") != NULL, !k, "%s", page);
			free(html);
		}
	}
	/* Recorded, and replayed the same. */
	scen = load(stop, "scenario.json");
	cr_expect(json_is_true(json_object_get(scen, "stop_at_failure")));
	cr_expect(strstr(json_string_value(json_object_get(scen, "command")), "--stop-at-failure"));
	cr_expect_eq(scenario_cli(replay, &output), 0, "%s", output ? output : "");
	cr_expect(strstr(output, json_string_value(json_object_get(vs, "trace_hash"))), "%s", output);
	free(output);
	json_decref(scen);
	json_decref(vf);
	json_decref(vs);
}

Test(stop_at_failure, a_run_that_holds_is_the_same_with_the_flag)
{
	char full[4200], stop[4200], *tf, *ts;
	json_t *vf, *vs;

	cr_assert_eq(run_cli("power_meter/robust", "robust-full", 0, full, sizeof(full)), 0);
	cr_assert_eq(run_cli("power_meter/robust", "robust-stop", 1, stop, sizeof(stop)), 0);
	vf = load(full, "verdict.json");
	vs = load(stop, "verdict.json");
	cr_expect_str_eq(json_string_value(json_object_get(vs, "trace_hash")),
			 json_string_value(json_object_get(vf, "trace_hash")));
	cr_expect_null(json_object_get(vs, "cut_short"));
	tf = scenario_trace(full);
	ts = scenario_trace(stop);
	cr_assert(tf && ts);
	cr_expect_str_eq(ts, tf);
	free(tf);
	free(ts);
	json_decref(vf);
	json_decref(vs);
}

/* A checker's end-of-run judgement ("never observed") is made at the end
 * of a run, and not on one that a run.stop event says was cut short. */
Test(stop_at_failure, end_of_run_judgements_wait_for_the_end)
{
	const char *specs[] = { "counter-monotonic:total_wh" };
	static const char *const stop = "{\"seq\":1,\"t\":5,\"ev\":\"run.stop\",\"reason\":\"x\"}";
	struct check_set *s;
	char err[256];
	json_t *ev, *v;
	int cut;

	for (cut = 0; cut < 2; cut++) {
		cr_assert_eq(check_set_new(&s, specs, 1, err, sizeof(err)), 0, "%s", err);
		ev = json_pack("{s:i, s:i, s:s}", "seq", 0, "t", 0, "ev", "run.start");
		check_set_event(s, ev);
		json_decref(ev);
		if (cut) {
			ev = json_loads(stop, 0, NULL);
			check_set_event(s, ev);
			json_decref(ev);
		}
		v = check_set_finish(s);
		cr_expect_eq(json_is_true(json_object_get(json_array_get(v, 0), "ok")), cut,
			     "cut short %d: %s", cut, json_string_value(json_object_get(
			     json_array_get(v, 0), "message")));
		json_decref(v);
		check_set_free(s);
	}
}

/* impchaos chaos power_meter/naive --runs 4 --for 12h, with and without
 * --full-runs: the failing runs of the first end at their first failure,
 * those of the second at 12h. */
Test(stop_at_failure, chaos_stops_failing_runs_unless_full_runs)
{
	int full;

	for (full = 0; full < 2; full++) {
		char dir[4200], rundir[4400], *output = NULL;
		const char *args[] = { "chaos", "power_meter/naive", "--runs", "4", "--for", "12h",
				       "--jobs", "2", "--no-shrink", "--recheck", "1", "--out", dir,
				       full ? "--full-runs" : NULL, NULL };
		json_t *c, *f, *v, *s;
		size_t i, failing = 0;

		snprintf(dir, sizeof(dir), "%s/test-runs/stop-chaos-%d", impchaos_home(), full);
		cr_assert_eq(scenario_cli(args, &output), 1, "%s", output ? output : "");
		free(output);
		c = load(dir, "campaign.json");
		cr_expect_eq(json_is_true(json_object_get(c, "stop_at_failure")), !full);
		cr_expect_eq(json_integer_value(json_object_get(json_object_get(c,
			     "determinism_checks"), "mismatches")), 0, "re-checks differ in %s", dir);
		json_array_foreach(json_object_get(c, "failures"), i, f) {
			json_t *cut;

			snprintf(rundir, sizeof(rundir), "%s/%s", dir,
				 json_string_value(json_object_get(f, "run")));
			v = load(rundir, "verdict.json");
			s = load(rundir, "scenario.json");
			cut = json_object_get(v, "cut_short");
			cr_expect_eq(json_is_true(json_object_get(s, "stop_at_failure")), !full, "%s",
				     rundir);
			if (full) {
				cr_expect_null(cut, "%s was cut short under --full-runs", rundir);
			} else {
				cr_expect(json_is_object(cut), "%s ran to its end", rundir);
				cr_expect_lt(json_integer_value(json_object_get(cut, "t")),
					     12 * 3600 * 1000000LL, "%s", rundir);
			}
			failing++;
			json_decref(v);
			json_decref(s);
		}
		cr_expect_gt(failing, 0, "no run of the naive power meter failed in %s", dir);
		json_decref(c);
	}
}
