/*
 * test_power_meter.c - scenario suite for the power meter story: a power
 * meter whose kWh totals reset to zero after server maintenance. The naive
 * agent must fail counter-monotonic under an agent-only restart, and the
 * robust one must hold under the same and harsher schedules, and must not
 * acknowledge into a device that is still booting.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "scenario.h"

TestSuite(power_meter, .timeout = 120);

#define HOUR 3600000000LL

Test(power_meter, naive_loses_total_on_agent_restart)
{
	struct run_outcome out;
	json_t *v, *first, *ev;

	cr_assert_eq(scenario_run("power_meter/naive", 1, "1d", "at 6h agent/restart", NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 0);
	v = scenario_verdict(&out, "counter-monotonic:total_wh");
	first = json_object_get(v, "first_violation");
	cr_assert(json_is_object(first), "the verdict names no first violating event");
	ev = json_object_get(first, "event");
	/* The first violation is the new instance's first save or observation
	 * after the 6h restart, never anything before it. */
	cr_expect_geq(json_integer_value(json_object_get(first, "t")), 6 * HOUR);
	cr_expect_eq(json_integer_value(json_object_get(ev, "inc")), 2,
		     "violation should come from the second agent instance");
	cr_expect(strstr(json_string_value(json_object_get(v, "message")), "went backwards"));
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	run_outcome_release(&out);
}

Test(power_meter, naive_loses_total_on_agent_crash)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/naive", 2, "1d", "at 3h agent/crash", NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 0);
	run_outcome_release(&out);
}

Test(power_meter, naive_holds_without_faults)
{
	struct run_outcome out;

	/* Without an agent-only restart the naive flow is fine: the failure
	 * above is the fault's doing, not a checker that always fails. */
	cr_assert_eq(scenario_run("power_meter/naive", 1, "1d", NULL, NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0);
	run_outcome_release(&out);
}

Test(power_meter, naive_holds_through_power_cycle)
{
	struct run_outcome out;

	/* A device power cycle restarts both sides' conversation (hello), the
	 * path the naive agent handles: the bug needs the agent alone. */
	cr_assert_eq(scenario_run("power_meter/naive", 4, "1d", "at 5h device/power-cycle", NULL,
				  &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:total_wh"), 1);
	run_outcome_release(&out);
}

Test(power_meter, robust_keeps_total_through_agent_restart)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/robust", 1, "1d", "at 6h agent/restart", NULL, &out), 0);
	cr_expect_eq(out.res.failed, 0);
	run_outcome_release(&out);
}

Test(power_meter, robust_holds_under_mixed_faults_over_20_seeds)
{
	static const char *const schedule =
		"at 2h agent/crash; at 5h device/disconnect for=20m; at 9h device/power-cycle;"
		"every 7h agent/restart; at 15h30m agent/crash restart_after=30s;"
		"at 20h device/disconnect for=2h; at 22h agent/restart outage=5s";
	uint64_t seed;

	for (seed = 1; seed <= 20; seed++) {
		struct run_outcome out;
		int rc = scenario_run("power_meter/robust", seed, "26h", schedule, NULL, &out);

		cr_assert_eq(rc, 0, "seed %llu did not run", (unsigned long long)seed);
		cr_expect_eq(out.res.failed, 0, "seed %llu: %zu invariant(s) failed, see %s",
			     (unsigned long long)seed, out.res.failed, out.dir);
		run_outcome_release(&out);
	}
}

Test(power_meter, day_counter_resets_only_at_midnight)
{
	struct run_outcome out;

	/* Over three days the day and week accumulators reset at their
	 * boundaries; the EPOCH form of counter-monotonic must accept exactly
	 * those resets. */
	cr_assert_eq(scenario_run("power_meter/robust", 7, "3d", NULL, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:day_wh/day"), 1);
	run_outcome_release(&out);
	/* ... and the same counter without its epoch must fail at midnight. */
	cr_assert_eq(scenario_run("power_meter/robust", 7, "3d", NULL, "counter-monotonic:day_wh", &out), 0);
	cr_expect_eq(scenario_held(&out, "counter-monotonic:day_wh"), 0);
	run_outcome_release(&out);
}

Test(power_meter, robust_retry_does_not_ack_a_booting_device)
{
	/* A chaos schedule, shrunk: the device crashes right after sending a
	 * pulse (2h42m21s), the agent's save of it fails (fsync), and the retry
	 * saves 5 s later, when the rebooted device is connected but its code
	 * has not registered "ack" yet. The ack waits for the device's next
	 * message instead of reaching a device without the handler. */
	static const char *const schedule =
		"at 1h39m33s640ms agent/mem/malloc; at 1h44m10s994ms libc/mm/calloc proc=device;"
		"at 1h45m2s993ms libc/mm/realloc proc=device;"
		"at 1h49m17s549ms libc/mm/realloc proc=agent; at 2h5m30s925ms agent/mem/malloc;"
		"at 2h42m21s403ms device/send/crash; at 2h42m25s145ms agent/store/fsync";
	struct run_outcome out;

	cr_assert_eq(scenario_run("power_meter/robust", 52, "3h", schedule, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1, "see %s", out.dir);
	cr_expect_eq(out.res.failed, 0, "see %s", out.dir);
	run_outcome_release(&out);
}
