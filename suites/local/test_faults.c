/*
 * test_faults.c - scenario suite for libfiu fault points: store
 * write failures and crashes inside server_save() swept call by call,
 * out-of-memory restarts, save-error handling told apart, determinism with
 * POSIX faults armed, and malloc faults under valgrind.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "campaign/sweep.h"
#include "sim/target.h"

TestSuite(faults, .timeout = 240);

struct tally {
	size_t reached, failed;
	char first_failure[8192];
};

static void count_step(const struct sweep_step *st, void *ud)
{
	struct tally *t = ud;

	t->reached += st->reached;
	if (st->failed && !t->first_failure[0])
		snprintf(t->first_failure, sizeof(t->first_failure), "N=%d broke %s (%s)", st->n,
			 st->failures, st->dir);
	t->failed += st->failed != 0;
}

/* Every open, write, short write, fsync and rename of the save path, and a
 * crash after each step of it, failed at the 1st..8th call: afterwards
 * server_load() returns the old table or the new one (persist-roundtrip),
 * and the robust meter's totals never go backwards. */
Test(faults, store_sweeps_leave_the_old_table_or_the_new_one)
{
	static const char *const points[] = {
		"agent/store/open", "agent/store/write", "agent/store/write-short",
		"agent/store/fsync", "agent/store/rename", "agent/store/crash/after-open",
		"agent/store/crash/after-write", "agent/store/crash/after-fsync",
		"agent/store/crash/after-rename",
	};
	size_t i;

	for (i = 0; i < sizeof(points) / sizeof(points[0]); i++) {
		struct sweep_opts o = {
			.base = { .target = "power_meter/robust", .seed = 3, .duration = "12m",
				  /* Restart between saves too, so loads happen after
				   * failed saves as well as after crashes. */
				  .faults = "every 3m30s agent/restart",
				  .checks = "persist-roundtrip,counter-monotonic:total_wh",
				  .watchdog_s = 20 },
			.point = points[i],
			.max = 8,
		};
		char dir[4096], err[1024];
		struct tally t = { 0 };
		size_t steps, broken;

		snprintf(dir, sizeof(dir), "%s/test-runs/sweep-%zu", impchaos_home(), i);
		o.base.out_dir = dir;
		cr_assert_eq(sweep_run(&o, count_step, &t, &steps, &broken, err, sizeof(err)), 0,
			     "%s: %s", points[i], err);
		cr_expect_eq(broken, 0, "%s: %s", points[i], t.first_failure);
		cr_expect_geq(t.reached, 3, "%s fired only %zu times: the sweep tested nothing",
			      points[i], t.reached);
	}
}

static int count_events(const char *dir, const char *needle)
{
	char path[4200], line[8192];
	FILE *f;
	int n = 0;

	snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += strstr(line, needle) != NULL;
	fclose(f);
	return n;
}

Test(faults, oom_restarts_the_agent_alone)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/robust", 1, "12h", "at 6h agent/mem/malloc", NULL,
				  &out), 0);
	cr_expect_eq(out.res.failed, 0);
	cr_expect_eq(count_events(out.dir, "\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":1,\"how\":\"oom\""), 1);
	cr_expect_eq(count_events(out.dir, "\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":2"), 1);
	/* The device never restarted: its only exit is the end of the run. */
	cr_expect_eq(count_events(out.dir, "\"ev\":\"proc.exit\",\"proc\":\"device\""), 1);
	cr_expect_eq(count_events(out.dir, "\"ev\":\"proc.start\",\"proc\":\"device\",\"inc\":2"), 0);
	run_outcome_release(&out);

	cr_assert_eq(scenario_run("power_meter/naive", 1, "12h", "at 6h agent/mem/malloc", NULL,
				  &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 0);
	run_outcome_release(&out);
}

Test(faults, memory_quota_restarts_an_agent_that_outgrows_it)
{
	struct run_opts o = { .target = "power_meter/robust", .seed = 1, .duration = "1h",
			      .agent_mem_quota = 4096, .watchdog_s = 20, .force = 1 };
	struct run_outcome out;
	char dir[4096], err[1024];

	snprintf(dir, sizeof(dir), "%s/test-runs/quota", impchaos_home());
	o.out_dir = dir;
	cr_assert_eq(run_execute(&o, &out, err, sizeof(err)), 0, "%s", err);
	cr_expect_geq(count_events(out.dir, "\"name\":\"memory-quota\",\"action\":\"oom\""), 1);
	cr_expect_geq(count_events(out.dir, "\"how\":\"oom\""), 1);
	run_outcome_release(&out);
}

Test(faults, save_errors_tell_the_careless_agent_from_the_careful_one)
{
	static const char *const schedule =
		"at 2h agent/store/write count=20 errno=ENOSPC; at 2h10m agent/crash";
	uint64_t seed;

	for (seed = 1; seed <= 3; seed++) {
		struct run_outcome out;

		cr_assert_eq(scenario_run("door_counter/naive", seed, "4h", schedule, NULL, &out), 0);
		cr_expect_eq(scenario_held(&out, "counter-monotonic:count"), 0, "seed %llu",
			     (unsigned long long)seed);
		cr_expect_eq(scenario_held(&out, "persist-roundtrip"), 1);
		run_outcome_release(&out);
		cr_assert_eq(scenario_run("door_counter/robust", seed, "4h", schedule, NULL, &out), 0);
		cr_expect_eq(out.res.failed, 0, "seed %llu, see %s", (unsigned long long)seed, out.dir);
		run_outcome_release(&out);
	}
}

Test(faults, posix_faults_keep_the_trace_deterministic)
{
	static const char *const schedule =
		"every 20m agent/store/write count=2 errno=EIO; at 1h agent/mem/malloc;"
		"every 45m agent/store/crash/after-write; at 2h agent/store/rename count=3";
	struct run_outcome a, b, c;

	cr_assert_eq(scenario_run("power_meter/robust", 9, "3h", schedule, NULL, &a), 0);
	cr_assert_eq(scenario_run("power_meter/robust", 9, "3h", schedule, NULL, &b), 0);
	cr_assert_eq(scenario_run("power_meter/robust", 10, "3h", schedule, NULL, &c), 0);
	cr_expect_gt(a.res.fired, 5, "only %llu faults fired", (unsigned long long)a.res.fired);
	cr_expect_str_eq(a.res.hash, b.res.hash);
	cr_expect_str_neq(a.res.hash, c.res.hash);
	run_outcome_release(&a);
	run_outcome_release(&b);
	run_outcome_release(&c);
}

static struct run_outcome run_valgrind(const char *target, const char *faults, const char *tag)
{
	struct run_opts o = { .target = target, .seed = 1, .duration = "30m", .faults = faults,
			      .valgrind = 1, .watchdog_s = 20, .force = 1 };
	struct run_outcome out;
	char dir[4096], err[1024];

	snprintf(dir, sizeof(dir), "%s/test-runs/valgrind-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(run_execute(&o, &out, err, sizeof(err)), 0, "%s", err);
	return out;
}

/* memcheck replaces malloc in every library, libfiu's wrapper
 * included, unless told --soname-synonyms=somalloc=nouserintercepts. */
Test(faults, malloc_faults_fire_under_valgrind)
{
	struct run_outcome out = run_valgrind("power_meter/robust", "at 10m agent/mem/malloc", "oom");

	cr_expect_eq(count_events(out.dir, "\"name\":\"agent/mem/malloc\",\"action\":\"oom\""), 1);
	cr_expect_eq(count_events(out.dir, "\"how\":\"oom\""), 1);
	cr_expect_eq(scenario_held(&out, "memcheck-clean"), 1);
	run_outcome_release(&out);

	/* ... and without the flag they silently do not: the flag is what
	 * makes the test above pass. */
	setenv("IMPCHAOS_VALGRIND_NO_SONAME", "1", 1);
	out = run_valgrind("power_meter/robust", "at 10m agent/mem/malloc", "oom-nosoname");
	unsetenv("IMPCHAOS_VALGRIND_NO_SONAME");
	cr_expect_eq(count_events(out.dir, "\"ev\":\"fault.fire\""), 0);
	run_outcome_release(&out);
}

Test(faults, memcheck_clean_fails_on_a_leaking_agent)
{
	struct run_outcome out;

	scenario_use_test_targets();
	out = run_valgrind("misbehave/leak", NULL, "leak");
	cr_expect_eq(scenario_held(&out, "memcheck-clean"), 0);
	run_outcome_release(&out);
}

/* 'from T to T p=P': a point fails each in-scope call with probability P
 * while the window is open, a cloud fault strikes at each simulated minute
 * with probability P, and nothing happens outside the window. */
Test(faults, windows_strike_only_while_open)
{
	struct run_outcome out;
	char path[4200], line[8192];
	long fires = 0, strikes = 0, outside = 0;
	FILE *f;

	cr_assert_eq(scenario_run("power_meter/robust", 4, "5h",
				  "from 1h to 2h p=0.5 agent/store/write; from 3h to 4h p=0.1 agent/restart",
				  NULL, &out), 0);
	snprintf(path, sizeof(path), "%s/trace.jsonl", out.dir);
	f = fopen(path, "r");
	cr_assert(f);
	while (fgets(line, sizeof(line), f)) {
		json_t *ev = json_loads(line, 0, NULL);
		const char *kind = json_string_value(json_object_get(ev, "ev"));
		const char *name = json_string_value(json_object_get(ev, "name"));
		long long t = json_integer_value(json_object_get(ev, "t"));

		if (kind && name && !strcmp(kind, "fault.fire") && !strcmp(name, "agent/store/write")) {
			fires++;
			outside += t < 3600000000LL || t >= 7200000000LL;
		}
		if (kind && name && !strcmp(kind, "fault") && !strcmp(name, "agent/restart")) {
			strikes++;
			outside += t < 10800000000LL || t >= 14400000000LL;
		}
		json_decref(ev);
	}
	fclose(f);
	/* About half of the window's writes fail (the robust meter retries a
	 * failed save every 5 s, so there are more than its 60 pulses); about
	 * a tenth of 60 minutes strike. */
	cr_expect(fires >= 15 && fires <= 400, "%ld store write failures in the window", fires);
	cr_expect(strikes >= 1 && strikes <= 20, "%ld restarts in the window", strikes);
	cr_expect_eq(outside, 0, "%ld injections outside their window", outside);
	cr_expect_eq(out.res.failed, 0);
	run_outcome_release(&out);
}
