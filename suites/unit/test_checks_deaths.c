/*
 * test_checks_deaths.c - unit tests for no-crash-loop and no-oom
 * (harness/checks/checks_deaths.c), harness side, on hand-written traces:
 * each checker fails on deaths of a side's own making and passes on the
 * nearest trace whose deaths a fault caused. The scenario suite
 * (suites/local/test_crash_loop.c) shows the same on real runs.
 */
#include <criterion/criterion.h>
#include <stdint.h>
#include <string.h>

#include "checks/check.h"

TestSuite(deaths, .timeout = 10);

#define MIN (60LL * 1000000)

struct run {
	struct check_set *set;
	uint64_t seq;
};

static void start(struct run *r, const char *spec)
{
	char err[256] = "";

	r->seq = 0;
	cr_assert_eq(check_set_new(&r->set, &spec, 1, err, sizeof(err)), 0, "'%s': %s", spec, err);
}

/* {"seq","t","ev","proc","inc"} plus fields (stolen). */
static void feed(struct run *r, int64_t t, const char *kind, const char *proc, int inc,
		 json_t *fields)
{
	json_t *ev = json_pack("{s:I, s:I, s:s, s:s, s:i}", "seq", (json_int_t)r->seq++, "t",
			       (json_int_t)t, "ev", kind, "proc", proc, "inc", inc);

	if (fields)
		json_object_update(ev, fields);
	json_decref(fields);
	check_set_event(r->set, ev);
	json_decref(ev);
}

/* The side ran past its quota (as sim_effect.c traces it) and exited. */
static void quota_oom(struct run *r, int64_t t, const char *proc, int inc, long long quota)
{
	feed(r, t, "fault.fire", proc, inc, json_pack("{s:s, s:s, s:I, s:I}", "name", "memory-quota",
						       "action", "oom", "used", (json_int_t)quota + 100,
						       "quota", (json_int_t)quota));
	feed(r, t, "proc.exit", proc, inc, json_pack("{s:s, s:i}", "how", "oom", "status", 12));
}

/* An injected out of memory: the fault's own name, then the exit. */
static void injected_oom(struct run *r, int64_t t, const char *proc, int inc)
{
	feed(r, t, "fault.fire", proc, inc, json_pack("{s:s, s:s}", "name", "agent/mem/malloc",
						       "action", "oom"));
	feed(r, t, "proc.exit", proc, inc, json_pack("{s:s, s:i}", "how", "oom", "status", 12));
}

static json_t *finish(struct run *r)
{
	json_t *v = check_set_finish(r->set), *one = json_incref(json_array_get(v, 0));

	json_decref(v);
	check_set_free(r->set);
	return one;
}

static int ok(const json_t *v)
{
	return json_is_true(json_object_get(v, "ok"));
}

static const char *msg(const json_t *v)
{
	return json_string_value(json_object_get(v, "message"));
}

Test(deaths, crash_loop_fails_at_the_fourth_oom_within_an_hour_naming_the_cause)
{
	struct run r;
	json_t *v;
	int i;

	start(&r, "no-crash-loop");
	for (i = 1; i <= 6; i++)
		quota_oom(&r, i * 12 * MIN, "agent", i, 65536);
	v = finish(&r);
	cr_assert(!ok(v));
	cr_expect(strstr(msg(v), "the agent died 4 times within 1h"), "%s", msg(v));
	cr_expect(strstr(msg(v), "by out of memory (quota 64K)"), "%s", msg(v));
	/* At the fourth death (the 48th minute), not later. */
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(v, "first_violation"), "t")),
		     48 * MIN);
	json_decref(v);
}

Test(deaths, crash_loop_holds_when_the_deaths_are_spread_wider_than_the_window)
{
	struct run r;
	json_t *v;
	int i;

	start(&r, "no-crash-loop");
	for (i = 1; i <= 20; i++)
		quota_oom(&r, i * 21 * MIN, "agent", i, 65536);   /* 3 an hour at most */
	v = finish(&r);
	cr_expect(ok(v), "%s", msg(v));
	json_decref(v);
}

Test(deaths, crash_loop_ignores_every_injected_death_however_many)
{
	struct run r;
	json_t *v;
	int i;

	start(&r, "no-crash-loop");
	for (i = 1; i <= 200; i++) {
		int64_t t = i * MIN;

		/* agent/crash, a power cycle, an injected oom, a crash in an
		 * incarnation where a point fired, a migration. */
		feed(&r, t, "proc.exit", "agent", 5 * i, json_pack("{s:s, s:s}", "how", "killed",
								  "signal", "KILL"));
		feed(&r, t, "proc.exit", "device", 3 * i, json_pack("{s:s, s:s}", "how", "power-off",
								   "signal", "KILL"));
		injected_oom(&r, t + 1, "agent", 5 * i + 1);
		feed(&r, t + 2, "fault.fire", "device", 3 * i + 1,
		     json_pack("{s:s, s:i}", "name", "libc/mm/malloc", "errno", 12));
		feed(&r, t + 3, "proc.exit", "device", 3 * i + 1,
		     json_pack("{s:s, s:s}", "how", "crashed", "signal", "SEGV"));
		feed(&r, t + 4, "proc.exit", "agent", 5 * i + 2, json_pack("{s:s}", "how", "migrated"));
	}
	v = finish(&r);
	cr_expect(ok(v), "%s", msg(v));
	json_decref(v);
}

Test(deaths, crash_loop_counts_crashes_and_squirrel_errors_per_side_and_names_each_cause)
{
	struct run r;
	json_t *v;

	start(&r, "no-crash-loop:2,30m");
	feed(&r, 1 * MIN, "proc.exit", "device", 1, json_pack("{s:s}", "how", "squirrel-error"));
	/* The agent's deaths are its own series. */
	feed(&r, 2 * MIN, "proc.exit", "agent", 1, json_pack("{s:s, s:s}", "how", "crashed",
							    "signal", "SEGV"));
	feed(&r, 3 * MIN, "proc.exit", "agent", 2, json_pack("{s:s, s:s}", "how", "crashed",
							    "signal", "SEGV"));
	feed(&r, 4 * MIN, "proc.exit", "device", 2, json_pack("{s:s, s:s}", "how", "crashed",
							     "signal", "ABRT"));
	feed(&r, 5 * MIN, "proc.exit", "device", 3, json_pack("{s:s}", "how", "squirrel-error"));
	v = finish(&r);
	cr_assert(!ok(v));
	cr_expect(strstr(msg(v), "the device died 3 times within 30m"), "%s", msg(v));
	cr_expect(strstr(msg(v), "2 by a Squirrel error, 1 by SIGABRT"), "%s", msg(v));
	json_decref(v);
}

Test(deaths, crash_loop_arguments_are_checked)
{
	static const char *const bad[] = { "no-crash-loop:", "no-crash-loop:3", "no-crash-loop:x,1h",
					   "no-crash-loop:3,1q", "no-crash-loop:-1,1h",
					   "no-crash-loop:3,0s", "no-crash-loop:3,1h,2h" };
	struct check_set *s;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_expect_lt(check_set_new(&s, &bad[i], 1, err, sizeof(err)), 0, "'%s' accepted", bad[i]);
		cr_expect(strstr(err, "expected no-crash-loop:N,WINDOW"), "'%s': %s", bad[i], err);
	}
	{
		const char *good = "no-crash-loop:0,1d";

		cr_assert_eq(check_set_new(&s, &good, 1, err, sizeof(err)), 0, "%s", err);
		check_set_free(s);
	}
}

Test(deaths, no_oom_fails_on_an_oom_past_the_quota)
{
	struct run r;
	json_t *v;

	start(&r, "no-oom");
	feed(&r, MIN, "proc.exit", "agent", 1, json_pack("{s:s}", "how", "stopped"));
	quota_oom(&r, 2 * MIN, "device", 1, 81920);
	v = finish(&r);
	cr_assert(!ok(v));
	cr_expect(strstr(msg(v), "the device (incarnation 1) ran out of memory"), "%s", msg(v));
	cr_expect(strstr(msg(v), "quota 80K"), "%s", msg(v));
	json_decref(v);
}

Test(deaths, no_oom_holds_on_injected_ooms_and_on_a_quota_oom_after_a_fault_fired)
{
	struct run r;
	json_t *v;

	start(&r, "no-oom");
	injected_oom(&r, MIN, "agent", 1);
	/* A malloc fault made the VM fail, which it reports as its quota. */
	feed(&r, 2 * MIN, "fault.fire", "agent", 2, json_pack("{s:s, s:i}", "name", "libc/mm/malloc",
							     "errno", 12));
	quota_oom(&r, 2 * MIN, "agent", 2, 1 << 20);
	v = finish(&r);
	cr_expect(ok(v), "%s", msg(v));
	json_decref(v);
}
