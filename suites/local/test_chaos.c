/*
 * test_chaos.c - chaos campaigns: swarm schedules find the bug
 * of every naive example target within a local budget and shrink it to a
 * reproducer of at most 3 faults that fails again on replay; robust targets
 * hold and re-checked runs are deterministic; failures are grouped by
 * signature and shrunk once per group (--shrink first), every one (all) or
 * none, within a shrink budget, the same whatever the number of jobs.
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
				.recheck_share = recheck, .shrink = CHAOS_SHRINK_FIRST, .pin = 1, .only = only };
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

/* ---- one shrink per distinct failure ---- */

/* A campaign of runs seeds from 1 over targets[0..n) with shrink mode
 * mode, shrink budget budget_s and jobs jobs, into build/test-runs/
 * chaos-TAG; *sum and campaign.json (a new reference). */
static json_t *grouped(const char *const *targets, size_t n, long runs, const char *tag,
		       enum chaos_shrink mode, double budget_s, int jobs, struct chaos_summary *sum)
{
	struct chaos_opts o = { .targets = targets, .ntargets = n, .runs = runs, .seed_from = 1,
				.jobs = jobs, .shard_k = 1, .shard_n = 1, .duration = "12h",
				.shrink = mode, .shrink_budget_s = budget_s, .pin = 1 };
	char dir[4096], path[4200], err[1024];
	json_t *c;

	snprintf(dir, sizeof(dir), "%s/test-runs/chaos-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(chaos_run(&o, sum, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(sum->errors, 0, "%ld runs could not be carried out (see %s)", sum->errors, dir);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json in %s", dir);
	return c;
}

/* How many members of group g were shrunk. */
static size_t shrunk_members(const json_t *g)
{
	const json_t *m;
	size_t i, n = 0;

	json_array_foreach(json_object_get(g, "members"), i, m)
		n += json_is_true(json_object_get(m, "shrunk"));
	return n;
}

Test(chaos, shrinks_one_run_per_group_of_one_naive_target)
{
	const char *t[] = { "power_meter/naive" };
	struct chaos_summary sum;
	json_t *c = grouped(t, 1, 8, "group-first", CHAOS_SHRINK_FIRST, 0, 2, &sum), *g, *f;
	json_int_t members = 0;
	size_t i, with_rep = 0;

	cr_assert_gt(sum.failed, 1, "the naive power meter should fail more than once in 8 runs");
	cr_expect_lt(sum.groups, sum.failed, "%ld groups of %ld failures", sum.groups, sum.failed);
	cr_expect_eq(sum.shrunk, sum.groups, "%ld shrunk for %ld groups", sum.shrunk, sum.groups);
	cr_expect_eq(json_integer_value(json_object_get(c, "distinct_failures")), sum.groups);
	json_array_foreach(json_object_get(c, "groups"), i, g) {
		cr_expect(json_is_true(json_object_get(g, "shrunk")), "group %zu unshrunk", i + 1);
		cr_expect_eq(shrunk_members(g), 1, "group %zu: %zu members shrunk", i + 1,
			     shrunk_members(g));
		cr_expect(json_is_object(json_object_get(g, "reproducer")));
		members += json_integer_value(json_object_get(g, "runs"));
	}
	cr_expect_eq(members, sum.failed, "the groups hold %lld of %ld failures",
		     (long long)members, sum.failed);
	/* The others are recorded unshrunk, each with its group. */
	json_array_foreach(json_object_get(c, "failures"), i, f) {
		cr_expect(json_integer_value(json_object_get(f, "group")) >= 1);
		with_rep += json_is_object(json_object_get(f, "reproducer"));
	}
	cr_expect_eq((long)with_rep, sum.groups);
	json_decref(c);
}

Test(chaos, shrink_all_shrinks_every_failure)
{
	const char *t[] = { "power_meter/naive" };
	struct chaos_summary sum;
	json_t *c = grouped(t, 1, 3, "group-all", CHAOS_SHRINK_ALL, 0, 2, &sum), *g;
	size_t i, shrunk = 0;

	cr_assert_gt(sum.failed, 0);
	cr_expect_eq(sum.shrunk, sum.failed, "%ld of %ld failures shrunk", sum.shrunk, sum.failed);
	json_array_foreach(json_object_get(c, "groups"), i, g)
		shrunk += shrunk_members(g);
	cr_expect_eq((long)shrunk, sum.failed);
	json_decref(c);
}

Test(chaos, shrink_none_shrinks_none_and_still_groups)
{
	const char *t[] = { "power_meter/naive" };
	struct chaos_summary sum;
	json_t *c = grouped(t, 1, 6, "group-none", CHAOS_SHRINK_NONE, 0, 2, &sum), *g;
	size_t i;

	cr_assert_gt(sum.failed, 0);
	cr_expect_eq(sum.shrunk, 0);
	cr_expect_gt(sum.groups, 0);
	json_array_foreach(json_object_get(c, "groups"), i, g) {
		cr_expect(json_is_false(json_object_get(g, "shrunk")));
		cr_expect_str_eq(json_string_value(json_object_get(g, "unshrunk_why")),
				 "not shrunk (--shrink none)");
		cr_expect(json_is_string(json_object_get(g, "representative")));
	}
	json_decref(c);
}

Test(chaos, two_different_bugs_give_two_groups_each_shrunk)
{
	const char *t[] = { "power_meter/naive", "handler_typo/naive" };
	struct chaos_summary sum;
	json_t *c = grouped(t, 2, 4, "group-two", CHAOS_SHRINK_FIRST, 0, 2, &sum), *g;
	int seen[2] = { 0, 0 };
	size_t i, k;

	cr_expect_eq(sum.failed, 4, "both naive targets fail on seeds 1 and 2");
	json_array_foreach(json_object_get(c, "groups"), i, g) {
		for (k = 0; k < 2; k++)
			seen[k] += !strcmp(json_string_value(json_object_get(g, "target")), t[k]);
		cr_expect(json_is_true(json_object_get(g, "shrunk")), "%s unshrunk",
			  json_string_value(json_object_get(g, "signature")));
	}
	cr_expect_eq(seen[0], 1, "%d groups of power_meter/naive", seen[0]);
	cr_expect_eq(seen[1], 1, "%d groups of handler_typo/naive", seen[1]);
	cr_expect_eq(sum.groups, 2);
	json_decref(c);
}

Test(chaos, shrink_budget_leaves_groups_unshrunk_and_says_so)
{
	const char *t[] = { "power_meter/naive", "handler_typo/naive" };
	struct chaos_summary sum;
	json_t *c, *g, *s;
	size_t i, spent = 0;

	/* Two groups, one job, a millisecond: the first shrink starts (and is
	 * killed at the campaign's next look if it still runs), the second
	 * can only start once the first has ended, when the budget is spent. */
	c = grouped(t, 2, 2, "group-budget", CHAOS_SHRINK_FIRST, 0.001, 1, &sum);
	s = json_object_get(c, "shrink");
	cr_assert_eq(sum.groups, 2);
	cr_expect_geq(sum.unshrunk_groups, 1);
	cr_expect_eq(sum.shrunk + sum.unshrunk_groups, sum.groups);
	cr_expect(json_is_true(json_object_get(s, "budget_spent")));
	cr_expect_eq(json_integer_value(json_object_get(s, "unshrunk_groups")), sum.unshrunk_groups);
	json_array_foreach(json_object_get(c, "groups"), i, g) {
		if (json_is_true(json_object_get(g, "shrunk")))
			continue;
		cr_expect_str_eq(json_string_value(json_object_get(g, "unshrunk_why")),
				 "the shrink budget was spent");
		spent++;
	}
	cr_expect_eq((long)spent, sum.unshrunk_groups);
	json_decref(c);
}

/* What must not depend on the number of jobs: each group's signature,
 * members and representative, and its reproducer's faults. */
static json_t *group_facts(const json_t *c)
{
	json_t *out = json_array(), *g;
	size_t i;

	json_array_foreach(json_object_get(c, "groups"), i, g)
		json_array_append_new(out, json_pack(
			"{s:O, s:O, s:O, s:O}", "signature", json_object_get(g, "signature"),
			"runs", json_object_get(g, "runs"), "representative",
			json_object_get(g, "representative"), "faults",
			json_object_get(json_object_get(g, "reproducer"), "faults") ?: json_null()));
	return out;
}

Test(chaos, groups_and_reproducers_do_not_depend_on_the_number_of_jobs)
{
	const char *t[] = { "power_meter/naive", "handler_typo/naive" };
	struct chaos_summary sum;
	json_t *one = grouped(t, 2, 6, "group-jobs1", CHAOS_SHRINK_FIRST, 0, 1, &sum);
	json_t *two = grouped(t, 2, 6, "group-jobs2", CHAOS_SHRINK_FIRST, 0, 2, &sum);
	json_t *a = group_facts(one), *b = group_facts(two);
	char *x = json_dumps(a, JSON_SORT_KEYS), *y = json_dumps(b, JSON_SORT_KEYS);

	cr_expect_str_eq(x, y);
	free(x);
	free(y);
	json_decref(a);
	json_decref(b);
	json_decref(one);
	json_decref(two);
}
