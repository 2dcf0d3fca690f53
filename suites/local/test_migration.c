/*
 * test_migration.c - agent migrations: the agent moves
 * to another named server, and a message on its way to the agent when it
 * moves is dropped, delivered as soon as the new instance's code has run,
 * or delivered once it has been up a moment.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

TestSuite(migration, .timeout = 60);

static char *trace_of(const struct run_outcome *out)
{
	char *text = scenario_trace(out->dir);

	cr_assert_not_null(text, "no trace in %s", out->dir);
	return text;
}

/* The server named by the agent's proc.start of incarnation inc. */
static void server_of(const char *trace, int inc, char out[16])
{
	char needle[80];
	const char *p;

	snprintf(needle, sizeof(needle), "\"proc.start\",\"proc\":\"agent\",\"inc\":%d,\"server\":\"", inc);
	p = strstr(trace, needle);
	cr_assert_not_null(p, "no start of agent incarnation %d", inc);
	p += strlen(needle);
	snprintf(out, 16, "%.*s", (int)strcspn(p, "\""), p);
}

Test(migration, moves_the_agent_to_another_server)
{
	struct run_outcome out;
	char a[16], b[16], c[16], *trace;

	cr_assert_eq(scenario_run("power_meter/robust", 2, "4h", "at 1h agent/migrate; at 2h agent/migrate",
				  NULL, &out), 0);
	trace = trace_of(&out);
	server_of(trace, 1, a);
	server_of(trace, 2, b);
	server_of(trace, 3, c);
	cr_expect_str_neq(a, b);
	cr_expect_str_neq(b, c);
	cr_expect(strstr(trace, "\"how\":\"migrated\""));
	cr_expect_eq(out.res.failed, 0);
	free(trace);
	run_outcome_release(&out);
}

/* Seed 1's first pulse is sent at 63.32 s and arrives 143 ms later: a
 * migration at 63.4 s catches it on its way. */
static char *migrate_with(const char *mode, struct run_outcome *out)
{
	char faults[128];

	snprintf(faults, sizeof(faults), "at 63s400ms agent/migrate inflight=%s outage=2s", mode);
	cr_assert_eq(scenario_run("power_meter/robust", 1, "5m", faults, NULL, out), 0);
	return trace_of(out);
}

Test(migration, inflight_drop_loses_the_message)
{
	struct run_outcome out;
	char *trace = migrate_with("drop", &out);

	cr_expect(strstr(trace, "\"ev\":\"msg.drop\",\"id\":3,\"name\":\"pulse\",\"to\":\"agent\",\"why\":\"migration\""));
	cr_expect_null(strstr(trace, "\"ev\":\"msg.deliver\",\"id\":3,"));
	free(trace);
	run_outcome_release(&out);
}

Test(migration, inflight_early_reaches_the_new_instance_as_it_starts)
{
	struct run_outcome out;
	char *trace = migrate_with("early", &out);
	const char *start = strstr(trace, "\"proc.start\",\"proc\":\"agent\",\"inc\":2");
	const char *held = strstr(trace, "\"ev\":\"msg.deliver\",\"id\":3,\"name\":\"pulse\",\"to\":\"agent\",\"inc\":2");

	cr_assert(start && held, "the held pulse did not reach the new instance");
	/* Right after the instance's code ran: nothing else in between but
	 * what agent_main() itself did (its load). */
	cr_expect_lt(held - start, 400);
	free(trace);
	run_outcome_release(&out);
}

Test(migration, inflight_late_reaches_the_new_instance_a_moment_later)
{
	struct run_outcome out;
	char *trace = migrate_with("late", &out);

	cr_expect(strstr(trace, "\"until\":\"late\""));
	cr_expect(strstr(trace, "\"ev\":\"msg.deliver\",\"id\":3,\"name\":\"pulse\",\"to\":\"agent\",\"inc\":2"));
	cr_expect_eq(out.res.failed, 0);
	free(trace);
	run_outcome_release(&out);
}

Test(migration, rejects_an_unknown_inflight_mode)
{
	struct run_outcome out;

	cr_expect_eq(scenario_run("power_meter/robust", 1, "5m", "at 1m agent/migrate inflight=lost",
				  NULL, &out), -EINVAL);
	run_outcome_release(&out);
}
