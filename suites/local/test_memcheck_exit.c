/*
 * test_memcheck_exit.c - memcheck-clean judges each incarnation when it
 * exits, however it exits (suites/local, real valgrind): an agent killed by
 * SIGKILL after an invalid write fails it, with the error's kind and
 * function in the message and in the trace (no PID, no address); a clean
 * agent killed the same way holds; the verdict is the same on a replay.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sim/home.h"
#include "sim/run.h"

static struct run_outcome run_vg(const char *target, const char *faults, const char *tag)
{
	struct run_opts o = { .target = target, .seed = 1, .duration = "30m", .faults = faults,
			      .valgrind = 1, .watchdog_s = 20, .force = 1 };
	struct run_outcome out;
	char dir[4096], err[1024];

	snprintf(dir, sizeof(dir), "%s/test-runs/memcheck-exit-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(run_execute(&o, &out, err, sizeof(err)), 0, "%s", err);
	return out;
}

Test(memcheck_exit, an_invalid_write_before_a_sigkill_fails_at_that_exit)
{
	struct run_outcome out, again;
	const char *msg;
	char *trace, *line;
	json_t *v;

	scenario_use_test_targets();
	/* The agent writes past a block at the device's hello, then is
	 * killed at 10m: valgrind never exits, so no exit status says so. */
	out = run_vg("misbehave/overrun", "at 10m agent/crash", "overrun");
	cr_assert_eq(scenario_held(&out, "memcheck-clean"), 0, "see %s", out.dir);
	v = scenario_verdict(&out, "memcheck-clean");
	msg = json_string_value(json_object_get(v, "message"));
	cr_assert_not_null(msg);
	cr_expect(strstr(msg, "Invalid write of size 1 in overrun_on_hello()"), "%s", msg);
	cr_expect(strstr(msg, "ending at 00:10:00.000 (killed)"), "%s", msg);
	/* Judged at the killed incarnation's exit, in the trace as stable
	 * text: no address, no PID. */
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace);
	line = strstr(trace, "\"how\":\"killed\",\"signal\":\"KILL\",\"memcheck\":"
			     "{\"kind\":\"Invalid write of size 1\",\"at\":\"overrun_on_hello\"}");
	cr_expect_not_null(line, "%s", trace);
	cr_expect_null(strstr(trace, "0x"), "an address in the trace");
	free(trace);
	/* The same run again: the same trace hash (the log name's PID
	 * differs, the trace does not). */
	again = run_vg("misbehave/overrun", "at 10m agent/crash", "overrun-again");
	cr_expect_str_eq(again.res.hash, out.res.hash);
	run_outcome_release(&again);
	run_outcome_release(&out);
}

Test(memcheck_exit, a_clean_agent_killed_the_same_way_holds)
{
	struct run_outcome out;
	char *trace;

	/* A clean agent, killed at 10m and restarted: nothing in its log. */
	out = run_vg("power_meter/robust", "at 10m agent/crash", "clean");
	cr_expect_eq(scenario_held(&out, "memcheck-clean"), 1, "see %s", out.dir);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace);
	cr_expect_not_null(strstr(trace, "\"inc\":1,\"how\":\"killed\",\"signal\":\"KILL\""), "%s",
			   trace);
	free(trace);
	run_outcome_release(&out);
}
