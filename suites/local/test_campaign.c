/*
 * test_campaign.c - what a chaos campaign promises CI beyond finding bugs:
 * its coverage expects only faults that could be drawn, a run that could
 * not run is an error and never a pass, an interrupted campaign still
 * writes what finished, and a log without a terminal gets progress lines.
 *
 * chaos_run() runs everything in child processes and waits for them with
 * waitpid(); no test here runs a simulation in-process.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "campaign/chaos.h"
#include "scenario.h"
#include "sim/target.h"

TestSuite(campaign, .timeout = 120);

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* A campaign of runs seeds from 1 over target, --only only, into
 * build/test-runs/campaign-TAG; *sum and campaign.json (a new reference). */
static json_t *run_campaign(const char *target, long runs, const char *tag, const char *only,
			    struct chaos_summary *sum)
{
	const char *targets[] = { target };
	struct chaos_opts o = { .targets = targets, .ntargets = 1, .runs = runs, .seed_from = 1,
				.jobs = 2, .shard_k = 1, .shard_n = 1, .duration = "12h",
				.shrink = 0, .pin = 1, .only = only, .require_coverage = 1 };
	char dir[4096], path[4200], err[1024];
	json_t *c;

	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(chaos_run(&o, sum, err, sizeof(err)), 0, "%s", err);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json in %s", dir);
	return c;
}

static int in_array(const json_t *a, const char *s)
{
	const json_t *v;
	size_t i;

	json_array_foreach(a, i, v)
		if (!strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

Test(campaign, coverage_expects_no_fault_the_target_excludes)
{
	struct chaos_summary sum;
	json_t *c;

	/* handler_typo may draw storage/stale-load, and it never fires there
	 * (the agent never saves): uncovered, and --require-coverage fails. */
	c = run_campaign("handler_typo/robust", 1, "cover-drawn", "storage/*", &sum);
	cr_expect(in_array(json_object_get(c, "uncovered"), "storage/stale-load"));
	cr_expect_eq(sum.uncovered, 1);
	json_decref(c);
	/* power_meter excludes it by its manifest: not expected. */
	c = run_campaign("power_meter/robust", 4, "cover-excluded", "storage/*,agent/restart", &sum);
	cr_expect(!in_array(json_object_get(c, "uncovered"), "storage/stale-load"));
	cr_expect_eq(sum.uncovered, 0, "%zu faults uncovered", sum.uncovered);
	json_decref(c);
}
