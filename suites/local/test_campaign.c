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
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

/* A copy of the test target misbehave under the name "typo", whose
 * manifest names an invariant that does not exist: the campaign accepts
 * the target, each run refuses it. Returns the search path to use. */
static const char *typo_target(void)
{
	static char root[4096];
	char path[4300];
	FILE *f;

	snprintf(root, sizeof(root), "%s/test-runs/campaign-typo-target", impchaos_home());
	snprintf(path, sizeof(path), "%s/typo", root);
	mkdir(root, 0755);
	mkdir(path, 0755);
	for (int i = 0; i < 2; i++) {
		const char *part = i ? "quiet" : "leak";
		char to[4300];

		snprintf(path, sizeof(path), "%s/typo/%s", root, part);
		snprintf(to, sizeof(to), "%s/suite-targets/misbehave/%s", impchaos_home(), part);
		if (access(path, F_OK) != 0)
			cr_assert_eq(symlink(to, path), 0, "symlink %s: %s", path, strerror(errno));
	}
	snprintf(path, sizeof(path), "%s/typo/target.json", root);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{\"name\": \"typo\", \"description\": \"a misspelt invariant\", \"variants\": "
	      "{\"v\": {\"agent\": \"leak\", \"device\": \"quiet\"}}, \"invariants\": "
	      "[\"no-hangg\"], \"duration\": \"1h\", \"workload\": {}}\n", f);
	cr_assert_eq(fclose(f), 0);
	return root;
}

Test(campaign, runs_that_could_not_run_are_an_error_named_everywhere)
{
	char dir[4096], path[4200], *output = NULL, *text;
	json_t *c, *s;
	int status;

	setenv("IMPCHAOS_TARGET_PATH", typo_target(), 1);
	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-could-not-run", impchaos_home());
	status = scenario_cli(ARGS("chaos", "typo/v", "--runs", "3", "--for", "1h", "--out", dir),
			      &output);
	cr_expect_eq(status, 3, "exit %d:\n%s", status, output);
	cr_expect(strstr(output, "ERROR: 3 of 3 runs could not run"), "%s", output);
	cr_expect(strstr(output, "0 failing runs, 0 distinct failures, 3 could not run"), "%s", output);
	free(output);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c);
	cr_expect_eq(json_integer_value(json_object_get(c, "could_not_run")), 3);
	cr_expect(strstr(json_string_value(json_object_get(json_array_get(
		json_object_get(c, "failures"), 0), "why")) ?: "", "unknown invariant 'no-hangg'"));
	json_decref(c);
	/* The report is written, says so, and is not ok. */
	snprintf(path, sizeof(path), "%s/report/index.html", dir);
	text = scenario_read_file(path);
	cr_assert_not_null(text, "no report at %s", path);
	cr_expect(strstr(text, "could not run</th><td><span class=\"fail\">3 runs</span>"), "%s", text);
	free(text);
	snprintf(path, sizeof(path), "%s/report/summary.json", dir);
	s = json_load_file(path, 0, NULL);
	cr_expect(json_is_false(json_object_get(s, "ok")));
	json_decref(s);
}

Test(campaign, plain_progress_lines_when_stderr_is_not_a_terminal)
{
	char dir[4096], *output = NULL;
	int status;

	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-progress", impchaos_home());
	status = scenario_cli(ARGS("chaos", "handler_typo/robust", "--runs", "12", "--for", "1h",
				   "--recheck", "0", "--out", dir), &output);
	cr_expect_eq(status, 0, "exit %d:\n%s", status, output);
	/* Every 10 runs (or 30 s), and once at the end; no carriage returns. */
	cr_expect(strstr(output, "chaos: 10 of 12 runs done, 0 failed, 0 could not run"), "%s", output);
	cr_expect(strstr(output, "chaos: 12 of 12 runs done, 0 failed, 0 could not run"), "%s", output);
	cr_expect(!strchr(output, '\r'), "%s", output);
	free(output);
}

/* Polls (every 10 ms, for at most 60 s) until path exists and, when text
 * is given, holds it. 1 when it came. */
static int wait_for_file(const char *path, const char *text)
{
	struct timespec step = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 6000; i++) {
		/* An empty file reads as NULL: existence is what counts then. */
		char *got = text ? scenario_read_file(path) : NULL;
		int ok = text ? got && strstr(got, text) : access(path, F_OK) == 0;

		free(got);
		if (ok)
			return 1;
		nanosleep(&step, NULL);
	}
	return 0;
}

/* Whether a process whose command line mentions s is still alive. */
static int process_mentions(const char *s)
{
	DIR *proc = opendir("/proc");
	struct dirent *d;
	int found = 0;

	cr_assert_not_null(proc);
	while (!found && (d = readdir(proc))) {
		char cmd[300], *text, *p;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		snprintf(cmd, sizeof(cmd), "/proc/%s/cmdline", d->d_name);
		if (!(text = scenario_read_file(cmd)))
			continue;
		/* cmdline separates arguments with NULs: the path is one. */
		for (p = text; *p; p += strlen(p) + 1)
			found |= strstr(p, s) != NULL;
		free(text);
	}
	closedir(proc);
	return found;
}

/* A campaign of runs of duration (simulated), two at a time, into dir;
 * its output goes to log. Returns its pid once its first run started. */
static pid_t start_long_campaign(const char *dir, const char *log, const char *duration)
{
	char first[4300];
	pid_t pid;

	snprintf(first, sizeof(first), "%s/runs/power_meter-robust-s1.out", dir);
	remove(first);
	pid = scenario_cli_start(ARGS("chaos", "power_meter/robust", "--runs", "6", "--jobs", "2",
				      "--for", duration, "--no-shrink", "--recheck", "0", "--out", dir),
				 log);
	cr_assert_gt(pid, 0);
	cr_assert(wait_for_file(first, NULL), "the campaign never started a run");
	return pid;
}

Test(campaign, first_signal_lets_runs_finish_and_writes_what_finished)
{
	char dir[4096], log[4200], path[4300], *text;
	json_t *c;
	size_t n;
	int status;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-sigint", impchaos_home());
	snprintf(log, sizeof(log), "%s.log", dir);
	/* Runs of 6 simulated hours take well under a second: they finish
	 * within the 10 s a stop gives them. */
	pid = start_long_campaign(dir, log, "6h");
	kill(pid, SIGINT);
	status = scenario_cli_wait(pid);
	text = scenario_read_file(log);
	cr_expect_eq(status, 130, "exit %d:\n%s", status, text);
	cr_expect(text && strstr(text, "STOPPED by SIGINT"), "%s", text);
	free(text);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json after SIGINT");
	cr_expect_str_eq(json_string_value(json_object_get(c, "interrupted")), "SIGINT");
	/* The runs in flight finished (no new one started): one or two. */
	n = json_array_size(json_object_get(c, "runs"));
	cr_expect(n >= 1 && n <= 2, "%zu runs finished", n);
	cr_expect_eq(json_array_size(json_object_get(c, "stopped_runs")), 0);
	json_decref(c);
	snprintf(path, sizeof(path), "%s/report/index.html", dir);
	text = scenario_read_file(path);
	cr_expect(text && strstr(text, "<th>stopped</th>"), "no report, or it does not say so");
	free(text);
}

Test(campaign, second_signal_kills_the_runs_in_flight_at_once)
{
	char dir[4096], log[4200], path[4300];
	json_t *c;
	int status;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-sigterm", impchaos_home());
	snprintf(log, sizeof(log), "%s.log", dir);
	/* Runs of 30 simulated days are still running at the second signal. */
	pid = start_long_campaign(dir, log, "30d");
	kill(pid, SIGTERM);
	cr_assert(wait_for_file(log, "chaos: stopping (SIGTERM)"), "the first signal was not taken");
	kill(pid, SIGTERM);
	status = scenario_cli_wait(pid);
	cr_expect_eq(status, 143, "exit %d", status);
	snprintf(path, sizeof(path), "%s/campaign.json", dir);
	c = json_load_file(path, 0, NULL);
	cr_assert_not_null(c, "no campaign.json after SIGTERM");
	cr_expect_str_eq(json_string_value(json_object_get(c, "interrupted")), "SIGTERM");
	cr_expect_gt(json_array_size(json_object_get(c, "stopped_runs")), 0);
	json_decref(c);
	/* Killed with everything they started: no run of it is left. */
	snprintf(path, sizeof(path), "%s/runs/", dir);
	cr_expect(!process_mentions(path), "a run of the campaign outlived it");
}

/* Whether DIR/runs/NAME/file exists. */
static int run_has(const char *dir, const char *name, const char *file)
{
	char path[4400];

	snprintf(path, sizeof(path), "%s/runs/%s/%s", dir, name, file);
	return access(path, F_OK) == 0;
}

Test(campaign, keep_failing_drops_the_traces_of_runs_that_held)
{
	char dir[4096], *output = NULL;
	int status;

	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-keep", impchaos_home());
	status = scenario_cli(ARGS("chaos", "handler_typo/robust", "handler_typo/naive", "--runs", "2",
				   "--for", "1h", "--no-shrink", "--recheck", "0", "--out", dir),
			      &output);
	cr_expect_eq(status, 1, "exit %d:\n%s", status, output);
	free(output);
	/* The run that held keeps its verdict and scenario, not its trace;
	 * the failing one keeps everything. */
	cr_expect(run_has(dir, "handler_typo-robust-s1", "verdict.json"));
	cr_expect(run_has(dir, "handler_typo-robust-s1", "scenario.json"));
	cr_expect(!run_has(dir, "handler_typo-robust-s1", "trace.jsonl"));
	cr_expect(run_has(dir, "handler_typo-naive-s1", "trace.jsonl"));
	status = scenario_cli(ARGS("chaos", "handler_typo/robust", "handler_typo/naive", "--runs", "2",
				   "--for", "1h", "--no-shrink", "--recheck", "0", "--keep", "all",
				   "--out", dir), &output);
	cr_expect_eq(status, 1, "exit %d:\n%s", status, output);
	free(output);
	cr_expect(run_has(dir, "handler_typo-robust-s1", "trace.jsonl"));
	cr_expect(run_has(dir, "handler_typo-naive-s1", "trace.jsonl"));
	status = scenario_cli(ARGS("chaos", "--runs", "1", "--keep", "some", "--out", dir), &output);
	cr_expect_eq(status, 2, "exit %d:\n%s", status, output);
	cr_expect(strstr(output, "malformed --keep 'some' (failing or all)"), "%s", output);
	free(output);
}

/* `impchaos chaos` runs each job in a fork of itself rather than starting
 * the binary again: what a job makes must be what the binary makes. The
 * binary's `impchaos replay` of each run gives the same trace, and the
 * job's log holds what `impchaos run` prints, its replay command naming
 * the binary. */
Test(campaign, a_job_in_a_fork_of_the_campaign_gives_what_the_binary_gives)
{
	char dir[4096], run[4300], log[4400], *output = NULL, *text;
	const char *names[] = { "power_meter-robust-s1", "power_meter-robust-s2" };
	int status, i;

	snprintf(dir, sizeof(dir), "%s/test-runs/campaign-fork", impchaos_home());
	status = scenario_cli(ARGS("chaos", "power_meter/robust", "--runs", "2", "--for", "2h",
				   "--no-shrink", "--recheck", "0", "--keep", "all", "--out", dir),
			      &output);
	cr_assert_eq(status, 0, "exit %d:\n%s", status, output);
	free(output);
	for (i = 0; i < 2; i++) {
		snprintf(run, sizeof(run), "%s/runs/%s", dir, names[i]);
		status = scenario_cli(ARGS("replay", run), &output);
		cr_expect_eq(status, 0, "replay of %s: exit %d:\n%s", run, status, output);
		cr_expect(strstr(output, "same trace"), "%s", output);
		free(output);
		snprintf(log, sizeof(log), "%s.out", run);
		text = scenario_read_file(log);
		cr_assert_not_null(text, "no log %s", log);
		cr_expect(strstr(text, "power_meter/robust seed ") == text, "%s", text);
		cr_expect(strstr(text, "/bin/impchaos replay "), "%s", text);
		free(text);
	}
}
