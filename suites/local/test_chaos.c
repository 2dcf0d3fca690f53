/*
 * test_chaos.c - chaos campaigns: swarm schedules find the bug
 * of every naive example target within a local budget and shrink it to a
 * reproducer of at most 3 faults that fails again on replay; robust targets
 * hold and re-checked runs are deterministic.
 *
 * chaos_run() runs everything in child processes and waits for them with
 * waitpid(); no test here runs a simulation in-process (libev would reap
 * those children first).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/chaos.h"
#include "scenario.h"
#include "sim/target.h"

TestSuite(chaos, .timeout = 300);

static json_t *campaign_only(const char *target, long runs, const char *tag, double recheck,
			     const char *only)
{
	const char *targets[] = { target };
	struct chaos_opts o = { .targets = targets, .ntargets = 1, .runs = runs, .seed_from = 1,
				.jobs = 2, .shard_k = 1, .shard_n = 1, .duration = "12h",
				.recheck_share = recheck, .shrink = 1, .pin = 1, .only = only };
	struct chaos_summary sum;
	char dir[4096], path[4200], err[1024];
	json_t *c;

	snprintf(dir, sizeof(dir), "%s/test-runs/chaos-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(chaos_run(&o, &sum, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sum.errors, 0, "%ld runs could not be carried out (see %s)", sum.errors, dir);
	cr_expect_eq(sum.mismatches, 0, "nondeterministic runs in %s", dir);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json in %s", dir);
	json_object_set_new(c, "dir", json_string(dir));
	return c;
}

static json_t *campaign(const char *target, long runs, const char *tag, double recheck)
{
	return campaign_only(target, runs, tag, recheck, NULL);
}

/* Finds a failure with a reproducer of at most 3 faults that failed again,
 * then replays the reproducer's run directory: the same trace. */
static void expect_found_and_shrunk_only(const char *target, long runs, const char *tag,
					const char *only)
{
	json_t *c = campaign_only(target, runs, tag, 0, only), *f, *best = NULL;
	size_t i;

	json_array_foreach(json_object_get(c, "failures"), i, f) {
		json_t *r = json_object_get(f, "reproducer");

		if (json_is_object(r) && json_is_true(json_object_get(r, "fails_again")) &&
		    json_integer_value(json_object_get(r, "faults_after")) <= 3) {
			best = f;
			break;
		}
	}
	cr_assert_not_null(best, "%s: %zu failures in %ld runs, none shrunk to <= 3 faults (%s)",
			   target, json_array_size(json_object_get(c, "failures")), runs,
			   json_string_value(json_object_get(c, "dir")));
	{
		char shrunk[4300], *output = NULL;
		const char *args[] = { "replay", shrunk, NULL };
		int status;

		snprintf(shrunk, sizeof(shrunk), "%s/%s/shrunk", json_string_value(json_object_get(c, "dir")),
			 json_string_value(json_object_get(best, "run")));
		status = scenario_cli(args, &output);
		cr_expect_eq(status, 0, "replay of %s: %s", shrunk, output ? output : "");
		free(output);
	}
	json_decref(c);
}

static void expect_found_and_shrunk(const char *target, long runs, const char *tag)
{
	expect_found_and_shrunk_only(target, runs, tag, NULL);
}

Test(chaos, finds_and_shrinks_the_power_meter_reset)
{
	expect_found_and_shrunk("power_meter/naive", 4, "power_meter");
}

Test(chaos, finds_and_shrinks_the_handler_typo)
{
	expect_found_and_shrunk("handler_typo/naive", 2, "handler_typo");
}

Test(chaos, finds_and_shrinks_the_ignored_save_error)
{
	/* The bug needs a failed save and then a restart before the next good
	 * save: with the whole catalogue about 1 seed in 100 draws that, so the
	 * campaign is focused on the agent's faults, as a user would focus it. */
	expect_found_and_shrunk_only("door_counter/naive", 30, "door_counter", "agent/*");
}

Test(chaos, finds_and_shrinks_the_frozen_forecast)
{
	expect_found_and_shrunk("weather_leds/naive", 6, "weather_leds");
}

Test(chaos, only_keeps_the_campaign_to_matching_faults)
{
	json_t *c = campaign_only("handler_typo/robust", 4, "only", 0, "device/*"), *v;
	const char *name;

	json_object_foreach(json_object_get(json_object_get(c, "coverage"), "faults"), name, v)
		if (json_integer_value(json_object_get(v, "injected")) > 0)
			cr_expect(!strncmp(name, "device/", 7), "%s was injected outside --only", name);
	json_decref(c);
}

Test(chaos, only_that_matches_no_fault_is_refused)
{
	const char *targets[] = { "handler_typo/robust" };
	const char *bad[] = { "agent/*,agnt/*", "" };
	const char *want[] = { "agnt/*", "needs fault patterns" };
	struct chaos_opts o = { .targets = targets, .ntargets = 1, .runs = 1, .seed_from = 1,
				.jobs = 1, .shard_k = 1, .shard_n = 1, .duration = "1h" };
	struct chaos_summary sum;
	char dir[4096], err[512];
	size_t i;

	snprintf(dir, sizeof(dir), "%s/test-runs/chaos-only-refused", impchaos_home());
	o.out_dir = dir;
	for (i = 0; i < 2; i++) {
		o.only = bad[i];
		err[0] = '\0';
		cr_assert_eq(chaos_run(&o, &sum, err, sizeof(err)), -EINVAL, "--only '%s' ran", bad[i]);
		cr_expect(strstr(err, want[i]), "--only '%s': %s", bad[i], err);
	}
}

Test(chaos, robust_targets_hold_with_determinism_rechecks)
{
	static const char *const robust[] = { "power_meter/robust", "door_counter/robust",
					      "handler_typo/robust", "weather_leds/robust" };
	size_t i;

	for (i = 0; i < 4; i++) {
		char tag[64];
		json_t *c;

		snprintf(tag, sizeof(tag), "robust-%zu", i);
		c = campaign(robust[i], 20, tag, 0.25);
		cr_expect_eq(json_array_size(json_object_get(c, "failures")), 0, "%s failed in %s",
			     robust[i], json_string_value(json_object_get(c, "dir")));
		cr_expect_gt(json_integer_value(json_object_get(json_object_get(c,
			"determinism_checks"), "runs")), 0, "no run was re-checked");
		json_decref(c);
	}
}
