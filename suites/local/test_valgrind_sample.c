/*
 * test_valgrind_sample.c - memcheck in chaos campaigns (chaos
 * --valgrind-sample): which runs go under valgrind is a function of
 * (target, seed, share); those runs check memcheck-clean and say
 * --valgrind in their replay command; and the uplink device's
 * use-after-free on its reconnect path (targets/uplink), which only
 * memcheck sees, is found by a campaign and shrunk under valgrind to a
 * reproducer that fails again. Valgrind is slow: the campaigns here are
 * a few short runs.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "campaign/chaos.h"
#include "scenario.h"
#include "sim/target.h"

TestSuite(valgrind_sample, .timeout = 600);

Test(valgrind_sample, the_choice_is_a_function_of_target_seed_and_share)
{
	uint64_t seed;
	int n30 = 0, n02 = 0, differs = 0;

	for (seed = 1; seed <= 2000; seed++) {
		int a = chaos_valgrind_chosen("uplink/naive", seed, 0.3);

		cr_assert_eq(a, chaos_valgrind_chosen("uplink/naive", seed, 0.3));
		/* A larger share takes every run a smaller one takes. */
		if (chaos_valgrind_chosen("uplink/naive", seed, 0.02)) {
			n02++;
			cr_assert(a, "seed %llu: chosen at 0.02 but not at 0.3", (unsigned long long)seed);
		}
		n30 += a;
		differs += a != chaos_valgrind_chosen("uplink/robust", seed, 0.3);
		cr_assert_eq(chaos_valgrind_chosen("uplink/naive", seed, 0), 0);
		cr_assert_eq(chaos_valgrind_chosen("uplink/naive", seed, 1), 1);
	}
	cr_expect(n30 > 500 && n30 < 700, "%d of 2000 at 0.3", n30);
	cr_expect(n02 > 20 && n02 < 65, "%d of 2000 at 0.02", n02);
	cr_expect_gt(differs, 0, "every target got the same choice");
}

/* vg_for: --valgrind-for (0: no cap). */
static json_t *campaign_vg(const char *target, long runs, double share, int64_t vg_for,
			   const char *only, const char *duration, const char *tag,
			   struct chaos_summary *sum)
{
	const char *targets[] = { target };
	struct chaos_opts o = { .targets = targets, .ntargets = 1, .runs = runs, .seed_from = 1,
				.jobs = 2, .shard_k = 1, .shard_n = 1, .duration = duration,
				.shrink = CHAOS_SHRINK_FIRST, .pin = 1, .only = only,
				.valgrind_sample = share, .valgrind_for_us = vg_for };
	char dir[4096], path[4200], err[1024];
	json_t *c;

	snprintf(dir, sizeof(dir), "%s/test-runs/vgsample-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(chaos_run(&o, sum, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sum->errors, 0, "%ld runs could not be carried out (see %s)", sum->errors, dir);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json in %s", dir);
	json_object_set_new(c, "dir", json_string(dir));
	return c;
}

static json_t *campaign(const char *target, long runs, double share, const char *only,
			const char *duration, const char *tag, struct chaos_summary *sum)
{
	return campaign_vg(target, runs, share, 0, only, duration, tag, sum);
}

Test(valgrind_sample, the_chosen_runs_and_only_they_run_under_valgrind)
{
	struct chaos_summary sum;
	/* --valgrind-for 10m: the chosen runs last 10m, the others 30m. */
	json_t *c = campaign_vg("uplink/robust", 16, 0.25, 600 * 1000000LL, "device/disconnect", "30m",
				"robust", &sum);
	const char *dir = json_string_value(json_object_get(c, "dir"));
	long want = 0;
	uint64_t seed;

	for (seed = 1; seed <= 16; seed++) {
		int chosen = chaos_valgrind_chosen("uplink/robust", seed, 0.25);
		char path[4300];
		json_t *s;

		want += chosen;
		snprintf(path, sizeof(path), "%s/runs/uplink-robust-s%llu/scenario.json", dir,
			 (unsigned long long)seed);
		s = json_load_file(path, 0, NULL);
		cr_assert_not_null(s, "%s", path);
		cr_expect_eq(json_is_true(json_object_get(s, "valgrind")), chosen, "seed %llu",
			     (unsigned long long)seed);
		cr_expect_eq(strstr(json_string_value(json_object_get(s, "command")), "--valgrind") != NULL,
			     chosen, "seed %llu", (unsigned long long)seed);
		cr_expect_eq(strstr(json_string_value(json_object_get(s, "checks")), "memcheck-clean") != NULL,
			     chosen, "seed %llu", (unsigned long long)seed);
		cr_expect_str_eq(json_string_value(json_object_get(s, "duration")),
				 chosen ? "10m" : "30m", "seed %llu", (unsigned long long)seed);
		cr_expect_eq(strstr(json_string_value(json_object_get(s, "command")),
				    chosen ? "--for 10m" : "--for 30m") != NULL, 1, "seed %llu",
			     (unsigned long long)seed);
		json_decref(s);
	}
	cr_assert_gt(want, 0, "no seed of 1..16 chosen at 0.25: the test shows nothing");
	cr_expect_eq(sum.valgrind_runs, want);
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(c, "valgrind"), "runs")), want);
	cr_expect_str_eq(json_string_value(json_object_get(json_object_get(c, "valgrind"), "for")), "10m");
	/* The robust device frees nothing it uses: memcheck is clean. */
	cr_expect_eq(sum.failed, 0, "see %s", dir);
	json_decref(c);
}

Test(valgrind_sample, the_uplink_use_after_free_is_found_and_shrunk_under_memcheck)
{
	struct chaos_summary sum;
	json_t *c, *f, *found = NULL, *rep;
	size_t i;
	char *output = NULL;

	/* Without valgrind the naive uplink holds: nothing but memcheck sees it. */
	c = campaign("uplink/naive", 2, 0, "device/disconnect", "1h", "naive-plain", &sum);
	cr_expect_eq(sum.failed, 0, "see %s", json_string_value(json_object_get(c, "dir")));
	json_decref(c);

	c = campaign("uplink/naive", 2, 1, "device/disconnect", "1h", "naive", &sum);
	json_array_foreach(json_object_get(c, "failures"), i, f)
		if (!strcmp(json_string_value(json_object_get(f, "invariants")), "memcheck-clean") &&
		    json_is_object(json_object_get(f, "reproducer")))
			found = f;
	cr_assert_not_null(found, "no shrunk memcheck-clean failure in %s",
			   json_string_value(json_object_get(c, "dir")));
	cr_expect(json_is_true(json_object_get(found, "valgrind")));
	rep = json_object_get(found, "reproducer");
	cr_expect(json_is_true(json_object_get(rep, "fails_again")));
	cr_expect_leq(json_integer_value(json_object_get(rep, "faults_after")), 3);
	cr_expect_geq(json_integer_value(json_object_get(rep, "faults_after")), 1,
		      "a use-after-free on the reconnect path needs a lost connection");
	cr_expect(strstr(json_string_value(json_object_get(rep, "command")), "--valgrind"), "%s",
		  json_string_value(json_object_get(rep, "command")));
	{
		/* The shrunk reproducer, replayed: memcheck fails it again. */
		char shrunk[4300];
		const char *args[] = { "replay", shrunk, NULL };
		int status;

		snprintf(shrunk, sizeof(shrunk), "%s/%s/shrunk",
			 json_string_value(json_object_get(c, "dir")),
			 json_string_value(json_object_get(found, "run")));
		status = scenario_cli(args, &output);
		cr_expect_eq(status, 0, "replay of %s: %s", shrunk, output ? output : "");
		free(output);
	}
	json_decref(c);
}

/* libfiu keeps a copy of each armed point's name it never frees: without
 * the run directory's valgrind.supp, every run under valgrind with a point
 * fault armed failed memcheck-clean (the first nightly-style campaign of
 * the robust targets with --valgrind-sample did). A leak of the target's
 * own still fails it (faults/memcheck_clean_fails_on_a_leaking_agent). */
Test(valgrind_sample, a_point_fault_alone_does_not_fail_memcheck)
{
	struct run_opts o = { .target = "power_meter/robust", .seed = 1, .duration = "30m",
			      .faults = "at 5m agent/store/write; at 10m agent/store/open; "
					"at 12m posix/io/rw/write/reduce proc=agent",
			      .valgrind = 1, .watchdog_s = 20, .force = 1 };
	struct run_outcome out;
	char dir[4096], err[1024], path[4200];

	snprintf(dir, sizeof(dir), "%s/test-runs/vgsample-points", impchaos_home());
	o.out_dir = dir;
	cr_assert_eq(run_execute(&o, &out, err, sizeof(err)), 0, "%s", err);
	cr_expect_eq(scenario_held(&out, "memcheck-clean"), 1, "see %s", out.dir);
	snprintf(path, sizeof(path), "%s/valgrind.supp", out.dir);
	cr_expect_eq(access(path, R_OK), 0, "%s", path);
	run_outcome_release(&out);
}
