/*
 * test_crash_loop.c - deaths of a side's own making on real runs:
 * no-crash-loop fails on the vibration monitor whose history grows past
 * its memory quota (targets/vibration, sq_naive) and holds on the one
 * that keeps a ring (sq_robust) and on schedules of injected crashes;
 * no-oom fails on an out of memory past the quota and holds on an
 * injected one; memory quotas per side (target.json's "memory",
 * --agent-memory, --device-memory) reach C and Squirrel hosts alike.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario.h"
#include "sim/target.h"

TestSuite(crash_loop, .timeout = 120);

static int count(const char *dir, const char *needle)
{
	char *trace = scenario_trace(dir), *p;
	int n = 0;

	cr_assert_not_null(trace, "no trace in %s", dir);
	for (p = trace; (p = strstr(p, needle)); p++)
		n++;
	free(trace);
	return n;
}

static const char *message(const struct run_outcome *out, const char *invariant)
{
	return json_string_value(json_object_get(scenario_verdict(out, invariant), "message"));
}

Test(crash_loop, fails_on_the_agent_that_outgrows_its_quota_and_names_the_cause)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("vibration/sq_naive", 1, "6h", NULL, NULL, &out), 0);
	/* Checked by default, and nothing else sees it. */
	cr_expect_eq(scenario_held(&out, "no-crash-loop"), 0);
	cr_expect(strstr(message(&out, "no-crash-loop"), "the agent died 4 times within 1h"), "%s",
		  message(&out, "no-crash-loop"));
	cr_expect(strstr(message(&out, "no-crash-loop"), "by out of memory (quota 64K)"), "%s",
		  message(&out, "no-crash-loop"));
	cr_expect_eq(scenario_held(&out, "no-target-crash"), 1);
	cr_expect_eq(scenario_held(&out, "no-target-error"), 1);
	cr_expect_eq(scenario_held(&out, "no-missing-handler"), 1);
	/* The quota is the manifest's: 64K. */
	cr_expect_geq(count(out.dir, "\"name\":\"memory-quota\",\"action\":\"oom\""), 4);
	cr_expect_geq(count(out.dir, "\"quota\":65536"), 4);
	run_outcome_release(&out);
}

Test(crash_loop, holds_on_the_agent_that_keeps_a_ring)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("vibration/sq_robust", 1, "1d", NULL, NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-crash-loop"), 1, "%s", message(&out, "no-crash-loop"));
	cr_expect_eq(count(out.dir, "\"how\":\"oom\""), 0);
	run_outcome_release(&out);
}

Test(crash_loop, holds_on_a_schedule_of_injected_deaths)
{
	struct run_outcome out;

	/* Dozens of deaths an hour, every one of them the platform's doing. */
	cr_assert_eq(scenario_run("vibration/sq_robust", 1, "6h",
				  "every 5m agent/crash; every 7m device/power-cycle off=10s; "
				  "every 11m agent/mem/malloc; every 13m device/mem/malloc", NULL, &out), 0);
	cr_expect_geq(count(out.dir, "\"how\":\"killed\""), 50);
	cr_expect_geq(count(out.dir, "\"how\":\"oom\""), 20);
	cr_expect_eq(scenario_held(&out, "no-crash-loop"), 1, "%s", message(&out, "no-crash-loop"));
	run_outcome_release(&out);

	/* The same in C, with crash points. */
	cr_assert_eq(scenario_run("power_meter/robust", 1, "6h",
				  "every 4m agent/crash; every 9m device/handler/crash; "
				  "every 10m agent/mem/malloc", NULL, &out), 0);
	cr_expect_eq(scenario_held(&out, "no-crash-loop"), 1, "%s", message(&out, "no-crash-loop"));
	run_outcome_release(&out);
}

Test(crash_loop, no_oom_fails_on_an_oom_no_fault_caused_and_holds_on_an_injected_one)
{
	struct run_outcome out;

	cr_assert_eq(scenario_run("vibration/sq_naive", 1, "1h", NULL, "no-oom", &out), 0);
	cr_expect_eq(scenario_held(&out, "no-oom"), 0);
	cr_expect(strstr(message(&out, "no-oom"), "the agent (incarnation 1) ran out of memory"),
		  "%s", message(&out, "no-oom"));
	cr_expect(strstr(message(&out, "no-oom"), "quota 64K"), "%s", message(&out, "no-oom"));
	run_outcome_release(&out);

	cr_assert_eq(scenario_run("vibration/sq_robust", 1, "1h",
				  "at 10m agent/mem/malloc; at 20m device/mem/malloc", "no-oom", &out), 0);
	cr_expect_eq(count(out.dir, "\"how\":\"oom\""), 2, "both injected faults must end in oom");
	cr_expect_eq(scenario_held(&out, "no-oom"), 1, "%s", message(&out, "no-oom"));
	run_outcome_release(&out);
}

/* A run of target with quotas; its trace's directory in out. */
static void quota_run(const char *target, long long agent, long long device, const char *tag,
		      struct run_outcome *out)
{
	struct run_opts o = { .target = target, .seed = 1, .duration = "1h", .checks = "no-oom",
			      .agent_mem_quota = agent, .device_mem_quota = device,
			      .watchdog_s = 20, .force = 1 };
	char dir[4096], err[1024];

	snprintf(dir, sizeof(dir), "%s/test-runs/quota-%s", impchaos_home(), tag);
	o.out_dir = dir;
	cr_assert_eq(run_execute(&o, out, err, sizeof(err)), 0, "%s", err);
}

Test(crash_loop, device_quota_reaches_c_and_squirrel_devices)
{
	struct run_outcome out;

	/* C: the uplink device's host uses more than 4K. */
	quota_run("uplink/robust", 0, 4096, "c-device", &out);
	cr_expect_geq(count(out.dir, "\"proc\":\"device\",\"inc\":1,\"name\":\"memory-quota\""), 1);
	cr_expect_geq(count(out.dir, "\"quota\":4096"), 1);
	cr_expect_eq(count(out.dir, "\"proc\":\"agent\",\"inc\":1,\"name\":\"memory-quota\""), 0);
	cr_expect_eq(scenario_held(&out, "no-oom"), 0);
	cr_expect(strstr(out.command, "--device-memory 4096"), "%s", out.command);
	run_outcome_release(&out);

	/* Without it, the same device never runs out. */
	quota_run("uplink/robust", 0, 0, "c-none", &out);
	cr_expect_eq(count(out.dir, "memory-quota"), 0);
	cr_expect_eq(scenario_held(&out, "no-oom"), 1);
	run_outcome_release(&out);

	/* Squirrel: the vibration device's VM fits 80K, not 1K. */
	quota_run("vibration/sq_robust", 0, 1024, "sq-device", &out);
	cr_expect_geq(count(out.dir, "\"proc\":\"device\",\"inc\":1,\"name\":\"memory-quota\""), 1);
	cr_expect_geq(count(out.dir, "\"quota\":1024"), 1);
	run_outcome_release(&out);

	/* The command line's agent quota replaces the manifest's 64K. */
	quota_run("vibration/sq_naive", 16384, 0, "sq-agent", &out);
	cr_expect_geq(count(out.dir, "\"quota\":16384"), 1);
	cr_expect_eq(count(out.dir, "\"quota\":65536"), 0);
	run_outcome_release(&out);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void expect_cli(int want_status, const char *want_text, const char *const *args)
{
	char *output = NULL;
	int status = scenario_cli(args, &output);

	cr_expect_eq(status, want_status, "exit %d, wanted %d; output:\n%s", status, want_status,
		     output ? output : "");
	cr_expect(output && strstr(output, want_text), "wanted '%s' in:\n%s", want_text,
		  output ? output : "");
	free(output);
}

Test(crash_loop, a_quota_that_is_not_a_size_or_a_share_out_of_range_exits_2)
{
	static const char *const bad_sizes[] = { "12X", "0", "-4K", "1.5M", " 4K", "4K ", "", "1048577M" };
	size_t i;

	for (i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		expect_cli(2, "malformed --device-memory",
			   ARGS("run", "uplink/robust", "--for", "1m", "--device-memory", bad_sizes[i]));
		expect_cli(2, "e.g. 81920, 80K, 1M",
			   ARGS("chaos", "uplink/robust", "--runs", "1", "--agent-memory", bad_sizes[i]));
		expect_cli(2, "malformed --device-memory",
			   ARGS("sweep", "uplink/robust", "--point", "device/mem/malloc",
				"--device-memory", bad_sizes[i]));
	}
	/* The old option keeps working with the forms it always took. */
	expect_cli(2, "malformed --agent-memory",
		   ARGS("run", "uplink/robust", "--for", "1m", "--agent-memory", "12X"));
	expect_cli(0, "pass  no-crash-loop",
		   ARGS("run", "uplink/robust", "--for", "10m", "--agent-memory", "4M",
			"--device-memory", "512K", "--out", "build/test-runs/quota-cli", "--force",
			"--no-report"));
	expect_cli(2, "malformed --valgrind-sample '1.5' (a share of the runs from 0 to 1",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-sample", "1.5"));
	expect_cli(2, "malformed --valgrind-sample '-0.1'",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-sample", "-0.1"));
	expect_cli(2, "malformed --valgrind-sample 'nan'",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-sample", "nan"));
	expect_cli(2, "malformed --valgrind-sample 'x'",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-sample", "x"));
	expect_cli(2, "malformed --valgrind-for '0' (a simulated duration",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-for", "0"));
	expect_cli(2, "malformed --valgrind-for '1x'",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-for", "1x"));
	expect_cli(2, "malformed --valgrind-for ''",
		   ARGS("chaos", "uplink/robust", "--runs", "1", "--valgrind-for", ""));
}

Test(crash_loop, a_manifest_memory_that_is_not_a_size_is_refused)
{
	char dir[4096], path[4200], err[1024];
	struct target *t = NULL;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/test-runs/bad-memory-path", impchaos_home());
	snprintf(path, sizeof(path), "mkdir -p %s/badmem", dir);
	cr_assert_eq(system(path), 0);
	snprintf(path, sizeof(path), "%s/badmem/target.json", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"name\": \"badmem\", \"variants\": {\"v\": {\"agent\": \"a.agent.nut\", "
	      "\"device\": \"d.device.nut\"}}, \"memory\": {\"agent\": \"1G\"}}\n", f);
	fclose(f);
	setenv("IMPCHAOS_TARGET_PATH", dir, 1);
	cr_expect_lt(target_find("badmem/v", &t, err, sizeof(err)), 0);
	cr_expect(strstr(err, "\"memory\".agent is not a size"), "%s", err);
	target_free(t);
	unsetenv("IMPCHAOS_TARGET_PATH");
}
