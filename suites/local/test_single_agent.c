/*
 * test_single_agent.c - one agent per device: the single-agent
 * invariant, checked in every run, holds through restarts, crashes and
 * migrations, and fails under agent/duplicate, which leaves the old agent
 * instance running as a real second imp-agent process. What a user sees
 * of that duplicate is shown with real processes: the stale instance keeps
 * sending to the device and hears of link changes, and when the cloud stops
 * the live instance instead of the stale one (stop=new) the stale one's
 * older totals overwrite the store and the energy counter goes backwards.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/catalog.h"
#include "scenario.h"
#include "faults/swarm.h"

TestSuite(single_agent, .timeout = 120);

/* The trace of a run as an array of events (a new reference). */
static json_t *events_of(const struct run_outcome *out)
{
	char *text = scenario_trace(out->dir), *line, *save = NULL;
	json_t *all = json_array();

	cr_assert_not_null(text, "no trace in %s", out->dir);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_t *ev = json_loads(line, 0, NULL);

		cr_assert_not_null(ev, "unreadable trace line in %s: %.200s", out->dir, line);
		json_array_append_new(all, ev);
	}
	free(text);
	return all;
}

static const char *str(const json_t *ev, const char *key)
{
	const char *v = json_string_value(json_object_get(ev, key));

	return v ? v : "";
}

static long long num(const json_t *ev, const char *key)
{
	return json_integer_value(json_object_get(ev, key));
}

/* The first event of kind `ev` for agent incarnation inc (inc < 0: any),
 * or NULL. */
static json_t *find_agent(json_t *events, const char *ev, int inc)
{
	json_t *e;
	size_t i;

	json_array_foreach(events, i, e)
		if (!strcmp(str(e, "ev"), ev) && !strcmp(str(e, "proc"), "agent") &&
		    (inc < 0 || num(e, "inc") == inc))
			return e;
	return NULL;
}

/* ---- the invariant fails under agent/duplicate, for any target ---- */

Test(single_agent, fails_under_agent_duplicate_for_any_target_at_the_second_start)
{
	static const char *const targets[] = { "power_meter/robust", "weather_leds/robust",
					       "door_counter/robust", "handler_typo/naive" };

	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		struct run_outcome out;
		json_t *v, *first, *events, *start2;
		const char *msg;

		cr_assert_eq(scenario_run(targets[i], 3, "20m", "at 5m agent/duplicate for=5m", NULL,
					  &out), 0, "%s", targets[i]);
		cr_expect_eq(scenario_held(&out, "single-agent"), 0, "%s: single-agent held",
			     targets[i]);
		v = scenario_verdict(&out, "single-agent");
		cr_assert_not_null(v);
		msg = str(v, "message");
		first = json_object_get(json_object_get(v, "first_violation"), "event");
		events = events_of(&out);
		start2 = find_agent(events, "proc.start", 2);
		cr_assert_not_null(start2, "%s: no second agent instance started", targets[i]);
		/* The moment named is the new instance's start, on another
		 * server, while the old one still ran. */
		cr_expect(json_equal(first, start2), "%s: first violation is not the second start",
			  targets[i]);
		cr_expect_geq(num(start2, "t"), 300000000LL);
		cr_expect_str_neq(str(start2, "server"), str(find_agent(events, "proc.start", 1), "server"));
		cr_expect(strstr(msg, "incarnation 2 started on ") && strstr(msg, "incarnation 1"),
			  "%s: %s", targets[i], msg);
		cr_expect(strstr(msg, "at 00:05:0"), "%s: %s", targets[i], msg);
		/* The cloud stops the stale instance after 'for'. */
		cr_expect_str_eq(str(find_agent(events, "proc.exit", 1), "how"), "duplicate-stopped");
		json_decref(events);
		run_outcome_release(&out);
	}
}

/* ---- it holds when instances replace each other ---- */

Test(single_agent, holds_through_migrations_restarts_and_crashes_over_20_seeds)
{
	for (uint64_t seed = 1; seed <= 20; seed++) {
		struct run_outcome out;

		cr_assert_eq(scenario_run("power_meter/robust", seed, "2h",
					  "every 17m agent/migrate; at 5m agent/migrate outage=0s; "
					  "every 23m agent/restart; at 40m agent/restart outage=0s; "
					  "every 29m agent/crash; at 1h device/power-cycle",
					  NULL, &out), 0, "seed %llu", (unsigned long long)seed);
		cr_expect_eq(scenario_held(&out, "single-agent"), 1, "seed %llu: %s",
			     (unsigned long long)seed,
			     str(scenario_verdict(&out, "single-agent"), "message"));
		cr_expect_eq(out.res.failed, 0, "seed %llu: %zu invariants failed",
			     (unsigned long long)seed, out.res.failed);
		run_outcome_release(&out);
	}
}

Test(single_agent, is_checked_even_when_check_replaces_the_target_list)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/robust", 1, "10m", "at 2m agent/duplicate for=1m",
				  "no-missing-handler", &out), 0);
	cr_expect_eq(scenario_held(&out, "single-agent"), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	run_outcome_release(&out);
}

/* ---- the stale instance is a real process ---- */

/* weather_leds sends a forecast every 30 minutes from a timer. The old
 * instance's timers keep firing: for the hour both live, the device gets
 * every forecast twice, once from each incarnation. */
Test(single_agent, stale_instance_keeps_sending_forecasts_to_the_device)
{
	struct run_outcome out;
	json_t *events, *e, *start2, *exit1;
	long long from_stale = 0, delivered_from_stale = 0, from_new = 0;
	size_t i;

	cr_assert_eq(scenario_run("weather_leds/robust", 1, "3h", "at 1h agent/duplicate for=1h",
				  NULL, &out), 0);
	events = events_of(&out);
	start2 = find_agent(events, "proc.start", 2);
	exit1 = find_agent(events, "proc.exit", 1);
	cr_assert(start2 && exit1);
	cr_expect_str_eq(str(exit1, "how"), "duplicate-stopped");
	json_array_foreach(events, i, e) {
		long long t = num(e, "t");

		if (strcmp(str(e, "ev"), "msg.send") || strcmp(str(e, "name"), "temps") ||
		    t <= num(start2, "t") || t >= num(exit1, "t"))
			continue;
		if (num(e, "inc") == 1) {
			size_t j;
			json_t *d;

			from_stale++;
			/* Delivered to the device, like any message. */
			json_array_foreach(events, j, d)
				if (!strcmp(str(d, "ev"), "msg.deliver") && num(d, "id") == num(e, "id") &&
				    !strcmp(str(d, "to"), "device"))
					delivered_from_stale++;
		} else if (num(e, "inc") == 2) {
			from_new++;
		}
	}
	cr_expect_geq(from_stale, 2, "the stale instance sent %lld forecasts", from_stale);
	cr_expect_eq(delivered_from_stale, from_stale);
	cr_expect_geq(from_new, 2, "the new instance sent %lld forecasts", from_new);
	/* The display's own invariant does not notice: it is single-agent
	 * that tells the user two agents were talking to the device. */
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 1);
	cr_expect_eq(scenario_held(&out, "single-agent"), 0);
	json_decref(events);
	run_outcome_release(&out);
}

/* The stale instance is told of link changes: when the device comes back
 * after a Wi-Fi drop, both instances run their device_onconnect callback
 * (the test agent observes "connects") at the moment of the link.up. */
Test(single_agent, stale_instance_hears_of_link_changes)
{
	struct run_outcome out;
	json_t *events, *e, *up = NULL;
	int heard[3] = { 0 };
	size_t i;

	scenario_use_test_targets();
	cr_assert_eq(scenario_run("connectivity/return", 1, "3h",
				  "at 1h agent/duplicate for=1h; at 1h20m device/disconnect for=2m detect=0s",
				  "no-hang", &out), 0);
	events = events_of(&out);
	json_array_foreach(events, i, e) {
		if (!strcmp(str(e, "ev"), "link.up") && num(e, "t") > 4800000000LL && !up)
			up = e;
		else if (up && !strcmp(str(e, "ev"), "observe") && num(e, "t") == num(up, "t") &&
			 !strcmp(str(e, "name"), "connects") && num(e, "inc") >= 1 && num(e, "inc") <= 2)
			heard[num(e, "inc")]++;
	}
	cr_assert_not_null(up, "the link never came back");
	cr_expect_eq(heard[1], 1, "the stale instance did not hear of the reconnect");
	cr_expect_eq(heard[2], 1, "the new instance did not hear of the reconnect");
	json_decref(events);
	run_outcome_release(&out);
}

/* ---- the platform bug: the cloud stops the live instance instead ---- */

/* With stop=new the stale instance, whose totals stopped at the fault, is
 * the device's agent again: its next save overwrites the totals the new
 * instance stored for ten minutes, and the robust power meter's persisted
 * total goes backwards. */
Test(single_agent, stop_new_lets_the_stale_totals_overwrite_the_store)
{
	struct run_outcome out;
	json_t *events, *v, *first, *dedup = NULL, *e;
	double last_new = -1;
	size_t i;

	cr_assert_eq(scenario_run("power_meter/robust", 3, "30m",
				  "at 5m agent/duplicate for=10m stop=new", NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 0);
	v = scenario_verdict(&out, "counter-monotonic:total_wh");
	first = json_object_get(json_object_get(v, "first_violation"), "event");
	events = events_of(&out);
	json_array_foreach(events, i, e) {
		if (!strcmp(str(e, "ev"), "agent.dedup"))
			dedup = e;
		else if (!strcmp(str(e, "ev"), "store.save") && num(e, "inc") == 2)
			last_new = json_number_value(json_object_get(json_object_get(e, "table"),
								     "total_wh"));
	}
	cr_assert_not_null(dedup);
	cr_expect_eq(num(dedup, "stop"), 2);
	cr_expect_eq(num(dedup, "keep"), 1);
	cr_expect_str_eq(str(find_agent(events, "proc.exit", 2), "how"), "duplicate-stopped");
	/* The violation is a save by the stale instance, after the cloud
	 * kept it, below what the new instance had stored. */
	cr_assert_str_eq(str(first, "ev"), "store.save");
	cr_expect_eq(num(first, "inc"), 1);
	cr_expect_gt(num(first, "t"), num(dedup, "t"));
	cr_expect_lt(json_number_value(json_object_get(json_object_get(first, "table"), "total_wh")),
		     last_new);
	json_decref(events);
	run_outcome_release(&out);
}

Test(single_agent, numbers_new_instances_after_the_newest_when_the_stale_one_was_kept)
{
	struct run_outcome out;
	json_t *events, *start3;

	cr_assert_eq(scenario_run("power_meter/robust", 3, "15m",
				  "at 5m agent/duplicate for=2m stop=new; at 10m agent/restart",
				  NULL, &out), 0);
	events = events_of(&out);
	/* 1 is kept, 2 stopped; the restart stops 1 and starts 3, on the
	 * server 1 ran on. */
	start3 = find_agent(events, "proc.start", 3);
	cr_assert_not_null(start3);
	cr_expect_str_eq(str(find_agent(events, "proc.exit", 1), "how"), "stopped");
	cr_expect_str_eq(str(start3, "server"), str(find_agent(events, "proc.start", 1), "server"));
	cr_expect_null(find_agent(events, "proc.start", 4));
	json_decref(events);
	run_outcome_release(&out);
}

Test(single_agent, skips_a_second_duplicate_while_one_lives)
{
	struct run_outcome out;
	char *trace;

	cr_assert_eq(scenario_run("power_meter/robust", 2, "20m",
				  "at 5m agent/duplicate for=5m; at 7m agent/duplicate", NULL, &out), 0);
	trace = scenario_trace(out.dir);
	cr_assert_not_null(trace);
	cr_expect(strstr(trace, "\"ev\":\"fault.skip\",\"name\":\"agent/duplicate\",\"why\":\"a stale "
			 "duplicate is already running\""));
	free(trace);
	run_outcome_release(&out);
}

/* ---- determinism with three processes ---- */

Test(single_agent, same_seed_gives_the_same_trace_with_the_duplicate_alive)
{
	struct run_outcome a, b;
	/* Outage and in-flight messages drawn from the seed; the link drop
	 * and the crash of the new instance come while the stale one lives. */
	const char *faults = "at 40m agent/duplicate for=1h; at 1h device/disconnect for=3m; "
			     "at 1h10m agent/crash";

	cr_assert_eq(scenario_run("weather_leds/robust", 7, "3h", faults, NULL, &a), 0);
	cr_assert_eq(scenario_run("weather_leds/robust", 7, "3h", faults, NULL, &b), 0);
	cr_expect_str_eq(a.res.hash, b.res.hash);
	cr_expect_eq(scenario_held(&a, "single-agent"), 0);
	run_outcome_release(&a);
	run_outcome_release(&b);
}

/* ---- chaos ---- */

/* Every run checks single-agent, and agent/duplicate breaks it by
 * construction: a swarm that drew it would turn a campaign red whatever
 * the target does, so swarms never draw it. */
Test(single_agent, chaos_swarms_never_draw_agent_duplicate)
{
	cr_assert_not_null(fault_find("agent/duplicate"));
	cr_expect_not(fault_in_swarm(fault_find("agent/duplicate")));
	cr_expect(fault_in_swarm(fault_find("agent/migrate")));
	for (uint64_t seed = 1; seed <= 100; seed++) {
		struct swarm sw;
		char *text = NULL;

		cr_assert_eq(swarm_generate(seed, 86400000000LL, 1000, &sw), 0);
		cr_assert_eq(swarm_to_schedule_text(&sw, &text), 0);
		cr_expect_null(strstr(text, "agent/duplicate"), "seed %llu drew it",
			       (unsigned long long)seed);
		free(text);
		swarm_release(&sw);
	}
}
