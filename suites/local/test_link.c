/*
 * test_link.c - the device's connection as each side sees it
 * (harness/sim/sim_link.c): late detection of an abrupt loss, the send
 * timeout policies, server_connect/server_disconnect, reconnect storms,
 * slow boot, nv and deep sleep. Real processes, real traces; each test
 * reads the trace for the behaviour it names.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"

TestSuite(link, .timeout = 120);

/* The events of a run's trace named ev (a new array). */
static json_t *events(const struct run_outcome *out, const char *ev)
{
	char *text = scenario_trace(out->dir), *line, *save = NULL;
	json_t *all = json_array();

	cr_assert_not_null(text, "no trace in %s", out->dir);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		json_t *e = json_loads(line, 0, NULL);

		if (e && !strcmp(json_string_value(json_object_get(e, "ev")), ev))
			json_array_append(all, e);
		json_decref(e);
	}
	free(text);
	return all;
}

static int64_t t_of(json_t *e)
{
	return json_integer_value(json_object_get(e, "t"));
}

static struct run_outcome run_ok(const char *target, uint64_t seed, const char *dur,
				 const char *faults, const char *checks)
{
	struct run_outcome out;
	int rc = scenario_run(target, seed, dur, faults, checks, &out);

	cr_assert(rc == 0 || rc == 1, "%s seed %llu did not run (%d)", target,
		  (unsigned long long)seed, rc);
	return out;
}

Test(link, agent_learns_of_an_abrupt_loss_only_after_detect)
{
	struct run_outcome out = run_ok("weather_leds/robust", 1, "2h",
					"at 1h device/disconnect for=20m detect=3m", NULL);
	json_t *down = events(&out, "link.down"), *seen = events(&out, "link.seen");

	cr_assert_eq(json_array_size(down), 1);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(down, 0), "how")), "lost");
	cr_assert_eq(json_array_size(seen), 1);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(seen, 0), "why")), "detected");
	cr_expect_eq(t_of(json_array_get(seen, 0)) - t_of(json_array_get(down, 0)), 180000000LL);
	json_decref(down);
	json_decref(seen);
	run_outcome_release(&out);
}

Test(link, quick_drop_shows_on_the_agent_as_disconnect_then_connect)
{
	struct run_outcome out = run_ok("weather_leds/robust", 1, "2h",
					"at 1h device/disconnect for=30s detect=5m", NULL);
	json_t *seen = events(&out, "link.seen"), *up = events(&out, "link.up");

	cr_assert_eq(json_array_size(seen), 1, "the agent must notice exactly once");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(seen, 0), "why")),
			 "stale-connection");
	/* At the reconnect, not at the loss. */
	cr_expect_eq(t_of(json_array_get(seen, 0)), t_of(json_array_get(up, 1)));
	json_decref(seen);
	json_decref(up);
	run_outcome_release(&out);
}

Test(link, suspend_on_error_holds_the_send_until_the_link_is_back)
{
	/* The robust weather device says "ready" every 10 minutes: one of
	 * those falls in a 25-minute outage and must wait for the reconnect. */
	struct run_outcome out = run_ok("weather_leds/robust", 1, "2h",
					"at 1h device/disconnect for=25m", NULL);
	json_t *sus = events(&out, "device.suspend"), *res = events(&out, "device.resume");
	json_t *up = events(&out, "link.up"), *sends = events(&out, "msg.send"), *e;
	size_t i;
	int after = 0;

	cr_assert_eq(json_array_size(sus), 1);
	cr_assert_eq(json_array_size(res), 1);
	cr_expect_eq(t_of(json_array_get(res, 0)), t_of(json_array_get(up, 1)),
		     "resumed when the link came back");
	json_array_foreach(sends, i, e)
		if (!strcmp(json_string_value(json_object_get(e, "name")), "ready") &&
		    t_of(e) == t_of(json_array_get(res, 0)))
			after = 1;
	cr_expect(after, "the suspended 'ready' goes out at the resume");
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 1);
	json_decref(sus);
	json_decref(res);
	json_decref(up);
	json_decref(sends);
	run_outcome_release(&out);
}

Test(link, return_on_error_reconnects_only_through_server_connect)
{
	struct run_outcome back, stranded;
	json_t *results, *up;

	scenario_use_test_targets();
	back = run_ok("connectivity/return", 1, "1h", "at 10m device/disconnect for=2m", "no-hang");
	results = events(&back, "device.connect-result");
	up = events(&back, "link.up");
	/* Tries at the loss and every 30 s + 20 s timeout while the network is
	 * down, then connects. */
	cr_assert_geq(json_array_size(results), 2);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(results, 0), "result")),
			 "not-connected");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(results,
				json_array_size(results) - 1), "result")), "connected");
	cr_expect_eq(json_array_size(up), 2);
	json_decref(results);
	json_decref(up);
	run_outcome_release(&back);

	stranded = run_ok("connectivity/stranded", 1, "1h", "at 10m device/disconnect for=2m",
			  "no-hang");
	up = events(&stranded, "link.up");
	cr_expect_eq(json_array_size(up), 1, "without server_connect() it stays offline");
	json_decref(up);
	run_outcome_release(&stranded);
}

Test(link, nv_survives_deep_sleep_but_not_a_power_cycle)
{
	struct run_outcome calm, cycled;
	json_t *wake;

	scenario_use_test_targets();
	calm = run_ok("connectivity/sleepy", 1, "30m", NULL, "counter-monotonic:nv_boots");
	cr_expect_eq(scenario_held(&calm, "counter-monotonic:nv_boots"), 1,
		     "nv must count every boot across deep sleeps");
	wake = events(&calm, "device.sleep");
	cr_expect_geq(json_array_size(wake), 10);
	json_decref(wake);
	run_outcome_release(&calm);

	cycled = run_ok("connectivity/sleepy", 1, "30m", "at 15m device/power-cycle",
			"counter-monotonic:nv_boots");
	cr_expect_eq(scenario_held(&cycled, "counter-monotonic:nv_boots"), 0,
		     "a power cycle must empty nv");
	run_outcome_release(&cycled);
}

Test(link, reconnect_storm_drops_the_link_count_times)
{
	struct run_outcome out = run_ok("weather_leds/robust", 2, "2h",
					"at 30m device/reconnect-storm count=5 over=10m", NULL);
	json_t *down = events(&out, "link.down");

	cr_expect_eq(json_array_size(down), 5);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	json_decref(down);
	run_outcome_release(&out);
}

Test(link, slow_boot_starts_device_code_long_after_the_connect)
{
	struct run_outcome out = run_ok("weather_leds/robust", 3, "2h",
					"at 30m device/slow-boot delay=4m", NULL);
	json_t *up = events(&out, "link.up"), *sends = events(&out, "msg.send"), *e;
	int64_t reconnect = t_of(json_array_get(up, 1)), first = -1;
	size_t i;

	json_array_foreach(sends, i, e)
		if (first < 0 && t_of(e) > reconnect &&
		    !strcmp(json_string_value(json_object_get(e, "from")), "device"))
			first = t_of(e);
	cr_expect_geq(first - reconnect, 240000000LL, "the device spoke %lld us after connecting",
		      (long long)(first - reconnect));
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	json_decref(up);
	json_decref(sends);
	run_outcome_release(&out);
}

Test(link, agent_follows_a_device_that_returns_to_its_old_server)
{
	/* The device is offline when its agent is moved; it comes back to its
	 * old server and the agent follows it (the double move). */
	struct run_outcome out = run_ok("weather_leds/robust", 1, "3h",
					"at 1h device/disconnect for=20m; at 1h5m agent/migrate", NULL);
	json_t *moves = events(&out, "agent.move");

	cr_assert_eq(json_array_size(moves), 2);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(moves, 0), "why")),
			 "load-balancing");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(moves, 1), "why")),
			 "follow-device");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(moves, 1), "to")),
			 json_string_value(json_object_get(json_array_get(moves, 0), "from")));
	cr_expect_eq(scenario_held(&out, "liveness:temps,31m"), 1);
	json_decref(moves);
	run_outcome_release(&out);
}

Test(link, redirect_moves_the_agent_then_the_device)
{
	struct run_outcome out = run_ok("weather_leds/robust", 1, "2h", "at 1h device/redirect", NULL);
	json_t *moves = events(&out, "agent.move"), *up = events(&out, "link.up");

	cr_assert_eq(json_array_size(moves), 1, "the device joins its agent: no second move");
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(moves, 0), "why")), "redirect");
	cr_assert_eq(json_array_size(up), 2);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(up, 1), "server")),
			 json_string_value(json_object_get(json_array_get(moves, 0), "to")));
	json_decref(moves);
	json_decref(up);
	run_outcome_release(&out);
}

Test(link, stale_load_rolls_the_store_back_one_save)
{
	struct run_outcome out = run_ok("door_counter/robust", 1, "3h", "at 2h storage/stale-load",
					NULL);
	json_t *stale = events(&out, "store.stale");

	cr_assert_eq(json_array_size(stale), 1);
	/* The platform's doing, so persist-roundtrip accepts the older table;
	 * the count the agent then publishes goes back. */
	cr_expect_eq(scenario_held(&out, "persist-roundtrip"), 1);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:count"), 0);
	json_decref(stale);
	run_outcome_release(&out);
}
