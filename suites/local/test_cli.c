/*
 * test_cli.c - the impchaos command as users and CI see it: exit codes
 * (0 held, 1 failed, 2 bad input) and messages that say what is wrong.
 * Each test runs the real binary; none runs the simulation in-process (libev
 * would reap the CLI child this file waits for).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scenario.h"
#include "sim/home.h"

TestSuite(cli, .timeout = 60);

static void expect_cli(int want_status, const char *want_text, const char *const *args)
{
	char *output = NULL;
	int status = scenario_cli(args, &output);

	cr_expect_eq(status, want_status, "exit %d, wanted %d; output:\n%s", status, want_status,
		     output ? output : "");
	if (want_text)
		cr_expect(output && strstr(output, want_text), "wanted '%s' in:\n%s", want_text,
			  output ? output : "");
	free(output);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

Test(cli, help_exits_0)
{
	expect_cli(0, "usage: impchaos", ARGS("--help"));
	expect_cli(0, "--faults SCHEDULE", ARGS("run", "--help"));
	expect_cli(0, "usage: impchaos replay", ARGS("replay", "--help"));
}

Test(cli, version_names_the_build_and_its_commit)
{
	expect_cli(0, "impchaos ", ARGS("--version"));
	expect_cli(0, " (commit ", ARGS("--version"));
}

Test(cli, lists_targets_faults_and_invariants)
{
	expect_cli(0, "power_meter/naive", ARGS("targets"));
	expect_cli(0, "agent/restart", ARGS("faults"));
	expect_cli(0, "counter-monotonic:NAME", ARGS("invariants"));
}

Test(cli, unknown_command_exits_2)
{
	expect_cli(2, "unknown command 'rn'", ARGS("rn"));
	expect_cli(2, "usage: impchaos", ARGS("run"));
}

Test(cli, unknown_target_exits_2)
{
	expect_cli(2, "unknown target 'nope/robust'", ARGS("run", "nope/robust"));
	expect_cli(2, "has no variant 'fixed'", ARGS("run", "power_meter/fixed"));
	expect_cli(2, "power_meter/naive", ARGS("run", "power_meter"));
}

Test(cli, unknown_fault_exits_2)
{
	expect_cli(2, "unknown fault 'agent/crsh'",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults", "at 1m agent/crsh"));
	expect_cli(2, "has no parameter 'forr'",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults",
			"at 1m device/disconnect forr=1m"));
}

Test(cli, malformed_schedule_exits_2_naming_line_and_column)
{
	expect_cli(2, "line 2, column 4",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults",
			"at 1m agent/restart\nat xh agent/crash"));
	expect_cli(2, "expected 'at' or 'every'",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults", "sometimes agent/crash"));
	expect_cli(2, "malformed duration",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults",
			"at 1m device/disconnect for=soon"));
	expect_cli(2, "shorter than 1s",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults", "every 1ms agent/restart"));
}

Test(cli, unknown_invariant_exits_2)
{
	expect_cli(2, "unknown invariant 'monotonic:x'",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--check", "monotonic:x"));
	expect_cli(2, "needs an argument",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--check", "counter-monotonic"));
}

Test(cli, fault_at_or_after_the_end_of_the_run_exits_2_naming_it)
{
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/test-runs/cli-fault-in-run", impchaos_home());
	expect_cli(2, "'at 6h agent/restart' is at or after the end of the run (1h)",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults", "at 6h agent/restart"));
	expect_cli(2, "line 2, column 1: 'at 1h agent/crash'",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults",
			"at 10m agent/restart\nat 1h agent/crash"));
	expect_cli(2, "'every 2h agent/restart' starts at or after",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults", "every 2h agent/restart"));
	expect_cli(2, "'from 1h p=0.1 agent/restart' starts at or after",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults",
			"from 1h p=0.1 agent/restart"));
	/* Just inside the run, the same fault is taken. */
	expect_cli(0, "pass  counter-monotonic:total_wh",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--faults", "at 59m agent/restart",
			"--out", dir, "--no-report", "--force"));
}

Test(cli, each_unknown_invariant_of_a_check_list_is_named)
{
	char dir[4200];

	snprintf(dir, sizeof(dir), "%s/test-runs/cli-check-list", impchaos_home());
	/* A typo after an invariant with an argument is not swallowed into it. */
	expect_cli(2, "unknown invariant 'no-hangg' (try",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--check",
			"counter-monotonic:total_wh,no-hangg"));
	expect_cli(2, "unknown invariant 'no-hangg' (try",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--check",
			"no-missing-handler,no-hangg"));
	expect_cli(2, "unknown invariants 'no-hangg', 'monotonic:x' (try",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--check",
			"no-missing-handler,no-hangg,monotonic:x"));
	/* Arguments with commas still belong to their invariant. */
	expect_cli(0, "pass  liveness:temps,31m,5m\n  pass  no-missing-handler",
		   ARGS("run", "weather_leds/robust", "--for", "1h", "--check",
			"liveness:temps,31m,5m,no-missing-handler", "--out", dir, "--no-report", "--force"));
}

Test(cli, run_refuses_a_directory_holding_a_run_unless_forced)
{
	char dir[4200], *before, *after;

	snprintf(dir, sizeof(dir), "%s/test-runs/cli-refuse", impchaos_home());
	expect_cli(1, "FAIL  counter-monotonic:total_wh",
		   ARGS("run", "power_meter/naive", "--for", "12h", "--faults", "at 6h agent/restart",
			"--out", dir, "--no-report", "--force"));
	before = scenario_trace(dir);
	/* The failing run's evidence stays as it was. */
	expect_cli(2, "holds a run already; choose another with --out, or give --force",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--out", dir, "--no-report"));
	after = scenario_trace(dir);
	cr_expect(before && after && !strcmp(before, after), "the trace was touched");
	free(before);
	free(after);
	expect_cli(0, "pass  counter-monotonic:total_wh",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--out", dir, "--no-report",
			"--force"));
}

Test(cli, report_takes_a_campaigns_runs_as_a_shell_expands_them)
{
	char dir[4200], out_file[4300], report[4300];

	snprintf(dir, sizeof(dir), "%s/test-runs/cli-report-glob", impchaos_home());
	snprintf(out_file, sizeof(out_file), "%s.out", dir);
	snprintf(report, sizeof(report), "%s-report", dir);
	expect_cli(0, NULL, ARGS("run", "power_meter/robust", "--for", "1h", "--out", dir,
				 "--no-report", "--force"));
	{
		FILE *f = fopen(out_file, "w");

		cr_assert_not_null(f);
		fputs("the run's output\n", f);
		fclose(f);
	}
	/* A shell expanding "runs/" and a star gives the run's .out log too:
	 * skipped with a note. */
	expect_cli(0, "skipping '", ARGS("report", dir, out_file, "-o", report));
	expect_cli(2, "no directory among the arguments", ARGS("report", out_file, "-o", report));
}

Test(cli, malformed_duration_and_seed_exit_2)
{
	expect_cli(2, "malformed duration '5x'", ARGS("run", "power_meter/robust", "--for", "5x"));
	expect_cli(2, "malformed seed", ARGS("run", "power_meter/robust", "--seed", "-3"));
}

Test(cli, unwritable_output_directory_exits_2)
{
	expect_cli(2, "cannot write to the run directory",
		   ARGS("run", "power_meter/robust", "--for", "1h", "--out", "/proc/impchaos/run"));
}

Test(cli, naive_target_exits_1_robust_exits_0)
{
	char naive[4200], robust[4200];

	snprintf(naive, sizeof(naive), "%s/test-runs/cli-naive", impchaos_home());
	snprintf(robust, sizeof(robust), "%s/test-runs/cli-robust", impchaos_home());
	expect_cli(1, "FAIL  counter-monotonic:total_wh",
		   ARGS("run", "power_meter/naive", "--for", "12h", "--faults", "at 6h agent/restart",
			"--out", naive, "--force"));
	expect_cli(0, "pass  counter-monotonic:total_wh",
		   ARGS("run", "power_meter/robust", "--for", "12h", "--faults", "at 6h agent/restart",
			"--out", robust, "--force"));
	/* The run prints its replay command, and replaying gives the same hash. */
	expect_cli(0, "same trace hash", ARGS("replay", naive));
	/* Each run leaves its own HTML report next to its trace. */
	{
		char index[4300];

		snprintf(index, sizeof(index), "%s/report/index.html", naive);
		cr_expect_eq(access(index, R_OK), 0, "no report at %s", index);
	}
}

Test(cli, replay_of_a_non_run_directory_exits_2)
{
	expect_cli(2, "is not a run directory", ARGS("replay", "/tmp"));
}

Test(cli, child_sending_garbage_exits_2)
{
	scenario_use_test_targets();
	expect_cli(2, "sent garbage", ARGS("run", "misbehave/garbage", "--for", "1m", "--force"));
}

Test(cli, hung_target_is_killed_and_fails_no_hang)
{
	scenario_use_test_targets();
	expect_cli(1, "FAIL  no-hang", ARGS("run", "misbehave/hang", "--for", "1m", "--watchdog", "1", "--force"));
}

Test(cli, crashing_target_is_restarted_by_the_cloud_and_fails_no_target_crash)
{
	char dir[4200], *text;

	scenario_use_test_targets();
	snprintf(dir, sizeof(dir), "%s/test-runs/cli-segv", impchaos_home());
	/* The cloud restarts it, and the run fails: nothing injected the
	 * crash, so it is the target's. */
	expect_cli(1, "FAIL  no-target-crash", ARGS("run", "misbehave/segv", "--for", "2m", "--out", dir,
						   "--force"));
	expect_cli(1, "crashed with SIGSEGV", ARGS("run", "misbehave/segv", "--for", "2m", "--out",
						   dir, "--force"));
	text = scenario_trace(dir);
	cr_assert_not_null(text, "no trace in %s", dir);
	cr_expect(strstr(text, "\"how\":\"crashed\",\"signal\":\"SEGV\""), "no crash traced");
	cr_expect(strstr(text, "\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":2"),
		  "the crashed agent was not restarted");
	free(text);
}

Test(cli, device_timers_past_the_limit_are_refused)
{
	char dir[4200], *text;

	scenario_use_test_targets();
	snprintf(dir, sizeof(dir), "%s/test-runs/cli-timers", impchaos_home());
	expect_cli(0, NULL, ARGS("run", "misbehave/timers", "--for", "1m", "--out", dir, "--force",
				 "--check", "no-hang"));
	text = scenario_trace(dir);
	cr_assert_not_null(text, "no trace in %s", dir);
	cr_expect(strstr(text, "\"name\":\"refused\",\"value\":5"), "the device was not refused 5 timers");
	cr_expect(strstr(text, "\"ev\":\"timer.refused\""), "no timer.refused event");
	free(text);
}

Test(cli, targets_shows_the_targets_description_for_a_variant_without_one)
{
	/* counter/v1 has no description of its own: its target's is shown. */
	expect_cli(0, "counter/v1                   counts pulses in the agent", ARGS("targets"));
}

Test(cli, unknown_target_names_the_directories_searched)
{
	char home_targets[4200];

	snprintf(home_targets, sizeof(home_targets), "%s/targets (the built examples", impchaos_home());
	unsetenv("IMPCHAOS_TARGET_PATH");
	expect_cli(2, home_targets, ARGS("run", "nope/robust"));
	expect_cli(2, "IMPCHAOS_TARGET_PATH names no directory", ARGS("run", "nope/robust"));
	setenv("IMPCHAOS_TARGET_PATH", "/tmp", 1);
	expect_cli(2, "no nope/target.json in /tmp (IMPCHAOS_TARGET_PATH) or ",
		   ARGS("run", "nope/robust"));
}

Test(cli, a_directory_on_the_target_path_that_does_not_exist_is_a_warning)
{
	setenv("IMPCHAOS_TARGET_PATH", "/nonexistent/impchaos-targets", 1);
	/* A warning, not an error: the build's own targets are still found. */
	expect_cli(0, "warning: IMPCHAOS_TARGET_PATH names '/nonexistent/impchaos-targets', "
		   "which is not a directory", ARGS("targets"));
	expect_cli(0, "power_meter/naive", ARGS("targets"));
	expect_cli(2, "warning: IMPCHAOS_TARGET_PATH names '/nonexistent/impchaos-targets'",
		   ARGS("run", "nope/robust"));
}

/* The line of output that starts with prefix, without it (malloc'd), or NULL. */
static char *line_after(const char *output, const char *prefix)
{
	const char *p = strstr(output, prefix), *end;

	if (!p)
		return NULL;
	p += strlen(prefix);
	end = strchr(p, '\n');
	return strndup(p, end ? (size_t)(end - p) : strlen(p));
}

Test(cli, replay_lines_run_as_printed)
{
	char dir[4200], exe[4200], *output = NULL, *replay, *rerun, cmd[8192];
	int status;

	snprintf(dir, sizeof(dir), "%s/test-runs/cli-replay-lines", impchaos_home());
	snprintf(exe, sizeof(exe), "%s/bin/impchaos", impchaos_home());
	status = scenario_cli(ARGS("run", "counter/v1", "--for", "1h", "--out", dir, "--force",
				   "--no-report"), &output);
	cr_assert_eq(status, 0, "%s", output ? output : "");
	replay = line_after(output, "\nreplay: ");
	rerun = line_after(output, "\n   or:  ");
	cr_assert(replay && rerun, "no replay lines in:\n%s", output);
	/* The binary as invoked (here by its absolute path), not bare "impchaos". */
	cr_expect(!strncmp(replay, exe, strlen(exe)), "'%s' does not start with %s", replay, exe);
	cr_expect(!strncmp(rerun, exe, strlen(exe)), "'%s' does not start with %s", rerun, exe);
	/* ... and each runs as printed, in a shell with no impchaos on $PATH. */
	snprintf(cmd, sizeof(cmd), "PATH=/usr/bin:/bin %s >/dev/null 2>&1", replay);
	cr_expect_eq(system(cmd), 0, "'%s' did not run", cmd);
	snprintf(cmd, sizeof(cmd), "PATH=/usr/bin:/bin %s --out %s/rerun --force --no-report "
		 ">/dev/null 2>&1", rerun, dir);
	cr_expect_eq(system(cmd), 0, "'%s' did not run", cmd);
	free(replay);
	free(rerun);
	free(output);
}

Test(cli, memory_size_that_does_not_fit_exits_2)
{
	/* 2^44 MB shifted into bytes wrapped to 0, which meant no quota. */
	expect_cli(2, "malformed --agent-memory",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--agent-memory", "17592186044416M"));
	expect_cli(2, "malformed --agent-memory",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--agent-memory", "1048577M"));
	expect_cli(2, "malformed --agent-memory",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--agent-memory", "9223372036854775807K"));
}

Test(cli, empty_check_list_exits_2)
{
	expect_cli(2, "--check '' names no invariant",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--check", ""));
	expect_cli(2, "names no invariant",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--check", " , ,"));
}

Test(cli, seeds_are_decimal)
{
	char dir[] = "/tmp/impchaos-seed-XXXXXX", out[64];

	cr_assert(mkdtemp(dir));
	snprintf(out, sizeof(out), "%s/a", dir);
	expect_cli(0, "power_meter/robust seed 10,",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--seed", "010", "--no-report",
			"--check", "no-missing-handler",
			"--out", out));
	snprintf(out, sizeof(out), "%s/b", dir);
	expect_cli(0, "power_meter/robust seed 9,",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--seed", "009", "--no-report",
			"--check", "no-missing-handler",
			"--out", out));
	expect_cli(2, "malformed seed", ARGS("run", "power_meter/robust", "--seed", "0x10"));
	expect_cli(2, "malformed seed", ARGS("run", "power_meter/robust", "--seed", "+5"));
	expect_cli(2, "malformed seed", ARGS("run", "power_meter/robust", "--seed", " 5"));
	expect_cli(2, "malformed --seed-from", ARGS("chaos", "--runs", "1", "--seed-from", "0x1"));
}

Test(cli, faults_from_a_directory_exits_2)
{
	expect_cli(2, "cannot read schedule file '/tmp': Is a directory",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--faults", "@/tmp"));
	expect_cli(2, "cannot read schedule file",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--faults", "@/nonexistent/x"));
}

Test(cli, shard_that_does_not_fit_exits_2)
{
	expect_cli(2, "malformed --shard '1/4294967297'",
		   ARGS("chaos", "--runs", "1", "--shard", "1/4294967297"));
	expect_cli(2, "malformed --shard", ARGS("chaos", "--runs", "1", "--shard", "4294967297/2"));
	expect_cli(2, "malformed --shard", ARGS("chaos", "--runs", "1", "--shard", "1/"));
	expect_cli(2, "malformed --shard", ARGS("chaos", "--runs", "1", "--shard", "/2"));
	expect_cli(2, "malformed --shard", ARGS("chaos", "--runs", "1", "--shard", "1/+2"));
}

Test(cli, output_directory_longer_than_a_path_exits_2)
{
	char *out = malloc(5001);

	cr_assert(out);
	memset(out, 'a', 5000);
	out[0] = '/';
	out[5000] = '\0';
	expect_cli(2, "is 5000 bytes long",
		   ARGS("run", "power_meter/robust", "--for", "1m", "--out", out));
	expect_cli(2, "is 5000 bytes long",
		   ARGS("sweep", "power_meter/robust", "--point", "agent/store/write", "--out", out));
	expect_cli(2, "is 5000 bytes long", ARGS("chaos", "--runs", "1", "--out", out));
	expect_cli(2, "is 5000 bytes long", ARGS("report", "/tmp", "-o", out));
	expect_cli(2, "is 5000 bytes long", ARGS("replay", out));
	free(out);
}

/* A manifest NAME/target.json with the text given, in a fresh directory
 * put on the target search path; the directory's name in dir. */
static void bad_manifest(char *dir, const char *name, const char *json)
{
	char path[256];
	FILE *f;

	snprintf(path, 256, "%s/%s", dir, name);
	cr_assert(mkdir(path, 0755) == 0);
	snprintf(path, 256, "%s/%s/target.json", dir, name);
	cr_assert((f = fopen(path, "w")));
	fputs(json, f);
	fclose(f);
	setenv("IMPCHAOS_TARGET_PATH", dir, 1);
}

Test(cli, manifest_fields_of_the_wrong_type_exit_2_naming_the_field)
{
	char dir[] = "/tmp/impchaos-manifest-XXXXXX";
	static const char variants[] = "\"variants\": {\"v\": {\"agent\": \"v\", \"device\": \"v\"}}";
	char json[512];

	cr_assert(mkdtemp(dir));
	snprintf(json, sizeof(json), "{%s, \"duration\": 5}", variants);
	bad_manifest(dir, "dur", json);
	expect_cli(2, "\"duration\" must be a string", ARGS("run", "dur/v"));
	snprintf(json, sizeof(json), "{%s, \"workload\": {\"sensors\": [1]}}", variants);
	bad_manifest(dir, "sarr", json);
	expect_cli(2, "\"workload.sensors\" must be an object", ARGS("run", "sarr/v"));
	snprintf(json, sizeof(json), "{%s, \"workload\": {\"sensors\": {\"t\": 3}}}", variants);
	bad_manifest(dir, "snum", json);
	expect_cli(2, "sensor 't' in \"workload.sensors\" must be an object", ARGS("run", "snum/v"));
	snprintf(json, sizeof(json), "{%s, \"workload\": {\"sensors\": {\"t\": {\"min\": \"0\"}}}}",
		 variants);
	bad_manifest(dir, "sstr", json);
	expect_cli(2, "sensor 't': \"min\" must be a number", ARGS("run", "sstr/v"));
	snprintf(json, sizeof(json), "{%s, \"workload\": {\"sensors\": {\"t\": {\"min\": 1e300, "
		 "\"max\": 2e300}}}}", variants);
	bad_manifest(dir, "shuge", json);
	expect_cli(2, "sensor 't': \"min\" must be a number from -1e15 to 1e15", ARGS("run", "shuge/v"));
	snprintf(json, sizeof(json), "{%s, \"workload\": {\"sensors\": {\"t\": {\"min\": 5, "
		 "\"max\": 1}}}}", variants);
	bad_manifest(dir, "sorder", json);
	expect_cli(2, "sensor 't': \"min\" must not be above \"max\"", ARGS("run", "sorder/v"));
	snprintf(json, sizeof(json), "{%s, \"workload\": {\"sensors\": {\"t\": {\"min\": 0, "
		 "\"max\": 1, \"integer\": 1}}}}", variants);
	bad_manifest(dir, "sint", json);
	expect_cli(2, "sensor 't': \"integer\" must be true or false", ARGS("run", "sint/v"));
}

/* Runs the command with args under an open files limit of nofile, with
 * only stdin, stdout and stderr open; its exit status, and its output in
 * *output (malloc'd). */
static int cli_with_nofile(const char *const *args, rlim_t nofile, char **output)
{
	char exe[4096], tmpl[] = "/tmp/impchaos-cli-XXXXXX";
	const char *argv[32];
	struct stat st;
	size_t n = 0;
	pid_t pid;
	int fd, status = -1;

	snprintf(exe, sizeof(exe), "%s/bin/impchaos", impchaos_home());
	argv[n++] = exe;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	*output = NULL;
	if ((fd = mkstemp(tmpl)) < 0)
		return -1;
	unlink(tmpl);
	pid = fork();
	if (pid == 0) {
		struct rlimit rl;

		dup2(fd, 1);
		dup2(fd, 2);
		close_range(3, ~0U, 0);
		getrlimit(RLIMIT_NOFILE, &rl);
		rl.rlim_cur = nofile;
		setrlimit(RLIMIT_NOFILE, &rl);
		execv(exe, (char *const *)argv);
		_exit(127);
	}
	if (pid > 0 && waitpid(pid, &status, 0) == pid)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	else
		status = -1;
	if (fstat(fd, &st) == 0 && (*output = calloc(1, (size_t)st.st_size + 1)))
		if (pread(fd, *output, (size_t)st.st_size, 0) < 0)
			(*output)[0] = '\0';
	close(fd);
	return status;
}

/* A child's channel needs file descriptors: under a low open files limit
 * the run cannot start, which is the machine's doing (exit 3, errno text),
 * not a build that is incomplete. At 6 the socketpair fails; at 9 there
 * is no descriptor from 10 up for the child's end. */
Test(cli, open_files_limit_exits_3_saying_so)
{
	static const rlim_t limits[] = { 6, 9 };
	size_t i;

	for (i = 0; i < sizeof(limits) / sizeof(limits[0]); i++) {
		char *output = NULL;
		int status = cli_with_nofile(ARGS("run", "power_meter/robust", "--for", "1m",
						  "--force", "--no-report", "--out",
						  "/tmp/impchaos-nofile"), limits[i], &output);

		cr_expect_eq(status, 3, "limit %d: exit %d; output:\n%s", (int)limits[i], status,
			     output ? output : "");
		cr_expect(output && strstr(output, "Too many open files") &&
			  !strstr(output, "is the build complete"), "limit %d:\n%s", (int)limits[i],
			  output ? output : "");
		free(output);
	}
}

/* A campaign whose list names a run that is not there, or a run with no
 * name, is refused (exit 2) with nothing leaked on the way out (the
 * sanitizer build's leak check fails the exit code otherwise). */
Test(cli, report_of_a_campaign_listing_a_missing_run_exits_2)
{
	char dir[] = "/tmp/impchaos-camp-XXXXXX", path[128], out[128];
	FILE *f;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	snprintf(out, sizeof(out), "%s/report", dir);
	cr_assert((f = fopen(path, "w")));
	fputs("{\"runs\": [\"runs/nope\"], \"targets\": [\"power_meter/naive\"]}", f);
	fclose(f);
	expect_cli(2, "is not a run directory", ARGS("report", dir, "-o", out));
	cr_assert((f = fopen(path, "w")));
	fputs("{\"runs\": [\"\"], \"targets\": [\"power_meter/naive\"]}", f);
	fclose(f);
	expect_cli(2, "run 1 is not a directory name", ARGS("report", dir, "-o", out));
}
