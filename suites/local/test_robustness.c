/*
 * test_robustness.c - the harness survives anything a target does and
 * leaves nothing behind. Each test runs the impchaos command on a test-only
 * target of suites/targets/robustness that attacks the harness itself, in
 * a session of its own, and checks that the run ends with a clear verdict
 * or exit code within a wall-clock bound, that no process of that session
 * outlives it, and that no file of the run directory is over its cap.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scenario.h"

TestSuite(robustness, .timeout = 120);

extern char **environ;

/* No run of these tests may take longer than this on the wall clock: a run
 * still going after it is the failure the test is about. */
#define RUN_WALL_LIMIT_S 60

/* No file of a run directory may grow past this. */
#define RUN_FILE_CAP (16L << 20)

/* What one run of the command left. */
struct run {
	int status;             /* exit status, 128 + N for signal N, -1 if it never ended */
	int leftover;           /* processes of its session still alive after it */
	char *output;           /* what it printed (malloc'd) */
	char *trace;            /* its trace.jsonl (malloc'd) or NULL */
	char dir[4200];
};

/* The processes whose session is sid (its leader included). */
static int session_count(pid_t sid, bool kill_them)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		char path[300], buf[1024], *p;
		long pid = strtol(de->d_name, &p, 10);
		FILE *f;
		int sess = -1;
		char state = 0;

		if (*p || pid <= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
		if (!(f = fopen(path, "r")))
			continue;
		if (fgets(buf, sizeof(buf), f) && (p = strrchr(buf, ')')))
			/* state ppid pgrp session */
			if (sscanf(p + 2, "%c %*d %*d %d", &state, &sess) != 2)
				sess = -1;
		fclose(f);
		if (sess != sid || state == 'Z')
			continue;
		n++;
		if (kill_them)
			kill((pid_t)pid, SIGKILL);
	}
	closedir(d);
	return n;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Starts the command in a session of its own (its children are in it, and
 * whatever they start, unless they leave it on purpose). */
static pid_t start_cli(const char *const *args, const char *output)
{
	char exe[4096];
	const char *argv[40];
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	size_t n = 0;
	pid_t pid;
	int rc;

	snprintf(exe, sizeof(exe), "%s/bin/impchaos", impchaos_home());
	argv[n++] = exe;
	while (*args && n < 39)
		argv[n++] = *args++;
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	posix_spawnattr_init(&at);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSID);
	rc = posix_spawn(&pid, exe, &fa, &at, (char *const *)argv, environ);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	return rc == 0 ? pid : -1;
}

/* Waits for the command with a wall-clock bound (polled, no fixed sleep
 * decides anything); past it the whole session is killed and status is
 * -1. Then counts what is left of the session and kills it. */
static void finish_cli(struct run *r, pid_t pid, const char *output, double limit_s)
{
	struct timespec t0, t;
	int status;

	r->status = -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);

		if (w == pid) {
			r->status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) :
				    WIFEXITED(status) ? WEXITSTATUS(status) : -1;
			break;
		}
		clock_gettime(CLOCK_MONOTONIC, &t);
		if (w < 0 || (double)(t.tv_sec - t0.tv_sec) + (t.tv_nsec - t0.tv_nsec) / 1e9 > limit_s) {
			session_count(pid, true);
			waitpid(pid, &status, 0);
			break;
		}
		sleep_ms(20);
	}
	/* The leader is gone, so its session id is only in its survivors. */
	r->leftover = session_count(pid, false);
	if (r->leftover > 0)
		session_count(pid, true);
	r->output = scenario_read_file(output);
	r->trace = scenario_trace(r->dir);
	unlink(output);
}

/* Runs `impchaos run TARGET --out DIR --force ARGS...` to its end. */
static void run_cli(struct run *r, const char *name, const char *const *args)
{
	const char *argv[40];
	char output[4300];
	size_t n = 0;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	scenario_use_test_targets();
	snprintf(r->dir, sizeof(r->dir), "%s/test-runs/robustness-%s", impchaos_home(), name);
	snprintf(output, sizeof(output), "%s/test-runs", impchaos_home());
	mkdir(output, 0755);
	snprintf(output, sizeof(output), "%s.out", r->dir);
	argv[n++] = "run";
	while (*args && n < 34)
		argv[n++] = *args++;
	argv[n++] = "--out";
	argv[n++] = r->dir;
	argv[n++] = "--force";
	argv[n++] = "--no-report";
	argv[n] = NULL;
	pid = start_cli(argv, output);
	cr_assert_gt(pid, 0, "cannot start impchaos");
	finish_cli(r, pid, output, RUN_WALL_LIMIT_S);
}

/* Every file of the run directory is under its cap. */
static void expect_files_capped(const struct run *r)
{
	DIR *d = opendir(r->dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[4600];
		struct stat st;

		snprintf(path, sizeof(path), "%s/%s", r->dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
			cr_expect_leq(st.st_size, RUN_FILE_CAP, "%s is %lld bytes", path,
				      (long long)st.st_size);
	}
	closedir(d);
}

/* The run ended with want_status, left no process and no oversized file. */
static void expect_clean_end(const struct run *r, int want_status, const char *want_text)
{
	cr_expect_eq(r->status, want_status, "exit %d, wanted %d; output:\n%s", r->status,
		     want_status, r->output ? r->output : "");
	cr_expect_eq(r->leftover, 0, "%d processes of the run outlived it", r->leftover);
	if (want_text)
		cr_expect(r->output && strstr(r->output, want_text), "wanted '%s' in:\n%s", want_text,
			  r->output ? r->output : "");
	expect_files_capped(r);
}

static void expect_in_trace(const struct run *r, const char *text)
{
	cr_expect(r->trace && strstr(r->trace, text), "no '%s' in the trace of %s", text, r->dir);
}

static void run_release(struct run *r)
{
	free(r->output);
	free(r->trace);
}

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

/* ---- durations from a target ---- */

Test(robustness, huge_negative_and_nan_timers_are_target_errors_and_the_clock_goes_on)
{
	struct run r;

	run_cli(&r, "huge-timer", ARGS("robustness/huge_timer", "--for", "10m"));
	expect_clean_end(&r, 1, "FAIL  no-target-error");
	expect_in_trace(&r, "imp_wakeup: 9.22337e+12 seconds is longer than the 315360000 a timer may wait");
	expect_in_trace(&r, "imp_wakeup: -5 seconds is negative (taken as 0)");
	expect_in_trace(&r, "imp_wakeup: seconds is not finite");
	expect_in_trace(&r, "\"name\":\"huge-refused\",\"value\":1");
	expect_in_trace(&r, "\"name\":\"negative-fired\",\"value\":1");
	/* Nine minute ticks in ten minutes: the clock ran to the end. */
	expect_in_trace(&r, "\"name\":\"ticks\",\"value\":9");
	expect_in_trace(&r, "\"ev\":\"run.end\"");
	cr_expect(!r.trace || !strstr(r.trace, "huge-fired"), "the huge timer fired");
	run_release(&r);
}

Test(robustness, endless_deep_sleep_is_clamped_to_the_platforms_28_days)
{
	struct run r;

	run_cli(&r, "sleep-forever", ARGS("robustness/sleep_forever", "--for", "10m"));
	expect_clean_end(&r, 1, "FAIL  no-target-error");
	expect_in_trace(&r, "imp_deepsleepfor: 1e+300 seconds is longer than the platform's maximum of 2419198");
	expect_in_trace(&r, "\"ev\":\"device.sleep\",\"for\":2419198000000");
	expect_in_trace(&r, "\"ev\":\"run.end\"");
	run_release(&r);
}

Test(robustness, squirrel_gets_the_same_duration_checks)
{
	struct run r;

	run_cli(&r, "sq-huge", ARGS("robustness/sq_huge", "--for", "10m"));
	expect_clean_end(&r, 1, "FAIL  no-target-error");
	expect_in_trace(&r, "imp_wakeup: 9.22337e+12 seconds is longer");
	expect_in_trace(&r, "huge timer refused");
	expect_in_trace(&r, "tick 9");
	/* Squirrel's floats are 32-bit: 1e300 is inf there. */
	expect_in_trace(&r, "seconds is longer than the platform's maximum of 2419198");
	run_release(&r);
}

Test(robustness, a_forged_endless_timer_frame_is_a_protocol_error)
{
	struct run r;

	run_cli(&r, "raw-wakeup", ARGS("robustness/raw_wakeup", "--for", "10m"));
	expect_clean_end(&r, 2, "malformed 'wakeup' frame");
	run_release(&r);
}

/* ---- effects outside a handler ---- */

Test(robustness, a_thread_sending_outside_a_handler_stops_the_run_as_a_protocol_error)
{
	struct run r;

	run_cli(&r, "chatty-thread", ARGS("robustness/chatty_thread", "--for", "10m"));
	expect_clean_end(&r, 2, "frame outside an event handler");
	run_release(&r);
}

/* The host sends an event's frames in one go at its end: a crash in the
 * middle must not take the effects before it along. */
Test(robustness, a_save_right_before_a_crash_is_in_the_trace_before_the_death)
{
	struct run r;
	const char *save, *death;

	run_cli(&r, "save-segv", ARGS("robustness/save_segv", "--for", "1m"));
	expect_clean_end(&r, 1, "FAIL  no-target-crash");
	save = r.trace ? strstr(r.trace, "\"ev\":\"store.save\"") : NULL;
	death = r.trace ? strstr(r.trace, "\"signal\":\"SEGV\"") : NULL;
	cr_expect_not_null(save, "no store.save in the trace of %s", r.dir);
	cr_expect_not_null(death, "no SIGSEGV death in the trace of %s", r.dir);
	cr_expect(save && death && save < death, "the save is not before the death in %s", r.dir);
	expect_in_trace(&r, "saving, then crashing");
	run_release(&r);
}

/* ---- the wall-clock budget of a run ---- */

Test(robustness, a_run_that_hangs_at_every_start_ends_at_its_run_timeout)
{
	struct run r;

	/* Without a budget: an hour of restarts every 1-5 s, each costing the
	 * 1 s watchdog, is some twenty minutes of wall-clock time. */
	run_cli(&r, "hang-always", ARGS("robustness/hang_always", "--for", "1h", "--watchdog", "1",
					"--run-timeout", "4s"));
	expect_clean_end(&r, 1, "FAIL  no-hang");
	cr_expect(r.output && strstr(r.output, "the run used up its wall-clock budget of 4s"),
		  "no budget verdict in:\n%s", r.output ? r.output : "");
	expect_in_trace(&r, "\"ev\":\"run.timeout\"");
	expect_in_trace(&r, "\"ev\":\"run.end\"");
	run_release(&r);
}

/* What a handler reported before it hung reaches the trace, before the
 * death: the watchdog asks the host for its queued frames (SIGUSR2) and
 * waits a grace period for them. */
Test(robustness, a_hung_handlers_effects_are_in_the_trace_before_its_death)
{
	const char *logged, *observed, *death;
	struct run r;

	run_cli(&r, "log-hang", ARGS("robustness/log_hang", "--for", "15s", "--watchdog", "1"));
	expect_clean_end(&r, 1, "FAIL  no-hang");
	logged = r.trace ? strstr(r.trace, "\"text\":\"about to hang\"") : NULL;
	observed = r.trace ? strstr(r.trace, "\"name\":\"before-hang\",\"value\":1") : NULL;
	death = r.trace ? strstr(r.trace, "\"how\":\"hung\"") : NULL;
	cr_expect(logged && observed && death, "log, observation or death missing in %s", r.dir);
	cr_expect(logged < observed && observed < death, "not in the order they happened in %s",
		  r.dir);
	run_release(&r);
}

Test(robustness, a_malformed_run_timeout_exits_2)
{
	struct run r;

	run_cli(&r, "bad-run-timeout", ARGS("robustness/hang_always", "--run-timeout", "soon"));
	expect_clean_end(&r, 2, "malformed --run-timeout 'soon'");
	run_release(&r);
}

Test(robustness, a_chaos_budget_ends_the_runs_in_flight)
{
	struct run r;
	const char *argv[] = { "chaos", "robustness/hang_always", "--budget", "2s", "--for", "1h",
			       "--jobs", "1", "--no-shrink", "--recheck", "0", "--out", NULL, NULL };
	char output[4300];
	struct timespec t0, t1;
	double took;
	pid_t pid;

	memset(&r, 0, sizeof(r));
	scenario_use_test_targets();
	snprintf(r.dir, sizeof(r.dir), "%s/test-runs/robustness-chaos-budget", impchaos_home());
	snprintf(output, sizeof(output), "%s/test-runs", impchaos_home());
	mkdir(output, 0755);
	snprintf(output, sizeof(output), "%s.out", r.dir);
	argv[12] = r.dir;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	pid = start_cli(argv, output);
	cr_assert_gt(pid, 0, "cannot start impchaos");
	/* The budget, the 10 s stop grace and the report: well under a
	 * minute, where the run alone would take its whole run timeout. */
	finish_cli(&r, pid, output, 45);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	took = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_expect_neq(r.status, -1, "the campaign did not end within 45 s");
	cr_expect_lt(took, 45.0, "the campaign took %.1f s", took);
	cr_expect_eq(r.leftover, 0, "%d processes of the campaign outlived it", r.leftover);
	cr_expect(r.output && strstr(r.output, "budget used up"), "no budget message in:\n%s",
		  r.output ? r.output : "");
	run_release(&r);
}

/* ---- floods: messages, logs, other effects, output ---- */

/* How many lines of the trace hold text. */
static size_t count_in(const char *text, const char *what)
{
	size_t n = 0;

	while (text && (text = strstr(text, what))) {
		n++;
		text += strlen(what);
	}
	return n;
}

Test(robustness, a_million_messages_and_log_lines_in_one_handler_are_capped_and_named)
{
	struct run r;

	run_cli(&r, "flood", ARGS("robustness/flood", "--for", "1m"));
	expect_clean_end(&r, 1, "FAIL  no-target-error");
	expect_in_trace(&r, "messages over the limit of 1000 per event were dropped");
	expect_in_trace(&r, "log lines over the limit of 1000 per event were dropped");
	cr_expect_leq(count_in(r.trace, "\"ev\":\"msg.send\""), 1000, "more than 1000 sends traced");
	cr_expect_leq(count_in(r.trace, "\"text\":\"line "), 1000, "more than 1000 log lines traced");
	expect_in_trace(&r, "\"ev\":\"run.end\"");
	run_release(&r);
}

Test(robustness, a_million_effects_of_another_kind_stop_the_side)
{
	struct run r;

	run_cli(&r, "observe-flood", ARGS("robustness/observe_flood", "--for", "1m"));
	expect_clean_end(&r, 1, "FAIL  no-target-error");
	expect_in_trace(&r, "more than 10000 effects in one event");
	expect_in_trace(&r, "\"how\":\"effect-limit\"");
	cr_expect_leq(count_in(r.trace, "\"ev\":\"observe\""), 10000 * 4, "observations not capped");
	run_release(&r);
}

Test(robustness, a_target_printing_100_mb_fills_its_log_only_to_the_cap)
{
	struct run r;
	char path[4300];
	struct stat st;

	run_cli(&r, "stdout-flood", ARGS("robustness/stdout_flood", "--for", "1m"));
	expect_clean_end(&r, 0, NULL);
	snprintf(path, sizeof(path), "%s/agent.log", r.dir);
	cr_assert_eq(stat(path, &st), 0, "no %s", path);
	cr_expect_eq(st.st_size, 8L << 20, "agent.log is %lld bytes, not the 8 MB cap",
		     (long long)st.st_size);
	expect_in_trace(&r, "\"name\":\"printed\",\"value\":1");
	run_release(&r);
}

/* ---- processes a target starts ---- */

Test(robustness, a_process_the_target_forks_dies_with_its_host)
{
	struct run r;

	run_cli(&r, "forker", ARGS("robustness/forker", "--for", "1m", "--watchdog", "5"));
	expect_clean_end(&r, 0, "pass  no-hang");
	run_release(&r);
}

/* ---- signals to the harness ---- */

Test(robustness, sigterm_while_the_agent_hangs_stops_the_children_and_keeps_the_trace)
{
	struct run r;
	const char *argv[] = { "run", "robustness/hang_always", "--for", "1h", "--watchdog", "60",
			       "--force", "--no-report", "--out", NULL, NULL };
	char output[4300];
	const char *last;
	int i;
	pid_t pid;

	memset(&r, 0, sizeof(r));
	scenario_use_test_targets();
	snprintf(r.dir, sizeof(r.dir), "%s/test-runs/robustness-sigterm", impchaos_home());
	snprintf(output, sizeof(output), "%s/test-runs", impchaos_home());
	mkdir(output, 0755);
	snprintf(output, sizeof(output), "%s.out", r.dir);
	argv[9] = r.dir;
	pid = start_cli(argv, output);
	cr_assert_gt(pid, 0, "cannot start impchaos");
	/* The agent hangs in agent_main() as soon as it starts: wait for it
	 * (the command and the agent in the session), then stop the run. */
	for (i = 0; i < 500 && session_count(pid, false) < 2; i++)
		sleep_ms(20);
	kill(pid, SIGTERM);
	finish_cli(&r, pid, output, 20);
	expect_clean_end(&r, 128 + SIGTERM, "interrupted by SIGTERM");
	cr_assert(r.trace && r.trace[0], "the trace is empty");
	cr_expect_eq(r.trace[strlen(r.trace) - 1], '\n', "the trace's last line is torn");
	last = strstr(r.trace, "\"ev\":\"run.interrupted\"");
	cr_expect(last, "no run.interrupted in the trace");
	run_release(&r);
}

/* ---- one user per output directory ---- */

/* Holds an exclusive flock on dir, as a run or campaign in progress does;
 * returns the descriptor that holds it. */
static int hold_dir(const char *dir)
{
	int fd;

	mkdir(dir, 0755);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	cr_assert_geq(fd, 0, "cannot open %s", dir);
	cr_assert_eq(flock(fd, LOCK_EX | LOCK_NB), 0, "cannot lock %s", dir);
	return fd;
}

Test(robustness, a_second_run_on_the_same_out_is_refused_with_exit_2)
{
	struct run r;
	char dir[4200], path[4300];
	int fd;

	snprintf(dir, sizeof(dir), "%s/test-runs", impchaos_home());
	mkdir(dir, 0755);
	snprintf(dir, sizeof(dir), "%s/test-runs/robustness-locked", impchaos_home());
	fd = hold_dir(dir);
	/* A trace left by an earlier run of this test must not count. */
	snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
	unlink(path);
	run_cli(&r, "locked", ARGS("robustness/huge_timer", "--for", "1m"));
	close(fd);
	expect_clean_end(&r, 2, "is in use by another impchaos run or campaign");
	cr_expect(!r.trace, "the refused run wrote a trace");
	run_release(&r);
	/* Once it is free, the same directory takes a run. */
	run_cli(&r, "locked", ARGS("robustness/huge_timer", "--for", "1m"));
	expect_clean_end(&r, 1, NULL);
	run_release(&r);
}

Test(robustness, a_second_campaign_on_the_same_out_is_refused_with_exit_2)
{
	struct run r;
	const char *argv[] = { "chaos", "robustness/huge_timer", "--runs", "1", "--for", "1m",
			       "--out", NULL, NULL };
	char output[4300];
	pid_t pid;
	int fd;

	memset(&r, 0, sizeof(r));
	scenario_use_test_targets();
	snprintf(r.dir, sizeof(r.dir), "%s/test-runs", impchaos_home());
	mkdir(r.dir, 0755);
	snprintf(r.dir, sizeof(r.dir), "%s/test-runs/robustness-locked-chaos", impchaos_home());
	snprintf(output, sizeof(output), "%s.out", r.dir);
	argv[7] = r.dir;
	fd = hold_dir(r.dir);
	pid = start_cli(argv, output);
	cr_assert_gt(pid, 0, "cannot start impchaos");
	finish_cli(&r, pid, output, RUN_WALL_LIMIT_S);
	close(fd);
	expect_clean_end(&r, 2, "is in use by another impchaos run or campaign");
	run_release(&r);
}

/* ---- crashes no fault injected ---- */

Test(robustness, a_segfault_in_target_code_fails_no_target_crash)
{
	struct run r;

	run_cli(&r, "segv", ARGS("robustness/segv", "--for", "1m"));
	expect_clean_end(&r, 1, "FAIL  no-target-crash");
	cr_expect(r.output && strstr(r.output, "crashed with SIGSEGV"), "no signal named in:\n%s",
		  r.output ? r.output : "");
	cr_expect(r.output && strstr(r.output, "see device.log"), "no log named in:\n%s",
		  r.output ? r.output : "");
	run_release(&r);
}

Test(robustness, injected_crashes_kills_and_crash_points_do_not_fail_no_target_crash)
{
	struct run r;

	run_cli(&r, "injected-crashes",
		ARGS("power_meter/robust", "--for", "1h", "--check", "no-target-crash", "--faults",
		     "at 5m agent/crash; at 10m device/power-cycle; at 20m agent/handler/crash; "
		     "at 30m device/handler/crash"));
	expect_clean_end(&r, 0, "pass  no-target-crash");
	run_release(&r);
}

/* ---- oversized frames, bytes that are not UTF-8 ---- */

Test(robustness, oversized_effects_and_non_utf8_text_are_target_errors_not_a_dead_host)
{
	struct run r;

	run_cli(&r, "big-frames", ARGS("robustness/big_frames", "--for", "1m"));
	expect_clean_end(&r, 1, "FAIL  no-target-error");
	cr_expect(r.output && strstr(r.output, "pass  no-target-crash"), "the host died:\n%s",
		  r.output ? r.output : "");
	/* server_save of a table over 4 MB returns its error as 1 MB does. */
	expect_in_trace(&r, "\"name\":\"save-5mb\",\"value\":-7");
	expect_in_trace(&r, "\"name\":\"save-1mb\",\"value\":-7");
	expect_in_trace(&r, "\"$impchaos.too_big\":");
	expect_in_trace(&r, "send: 104857") ;
	expect_in_trace(&r, "bytes is over the 4194304-byte limit of what one call may carry");
	/* Bad bytes become U+FFFD. */
	expect_in_trace(&r, "bad \xef\xbf\xbd\xef\xbf\xbd byte");
	expect_in_trace(&r, "\"name\":\"na\xef\xbf\xbdme\"");
	expect_in_trace(&r, "\"name\":\"ob\xef\xbf\xbd\",\"value\":1");
	expect_in_trace(&r, "\"name\":\"alive\",\"value\":1");
	run_release(&r);
}

/* The device's agent.send() with a name that is not UTF-8: the name is
 * repaired as the agent's device.send() repairs it, and the host lives on. */
Test(robustness, a_device_message_name_that_is_not_utf8_is_repaired)
{
	struct run r;

	run_cli(&r, "bad-name", ARGS("robustness/bad_name", "--for", "1m", "--check",
				     "no-target-crash"));
	expect_clean_end(&r, 0, "pass  no-target-crash");
	expect_in_trace(&r, "\"from\":\"device\"");
	expect_in_trace(&r, "\"name\":\"na\xef\xbf\xbdme\"");
	expect_in_trace(&r, "\"name\":\"alive\",\"value\":1");
	run_release(&r);
}

/* ---- the control channel ---- */

/* Raw, unscoped points fail every read() and write() of the process they
 * are armed in (through libfiu's POSIX preload): the control channel is
 * not one of them, since the hosts read and write it with the raw system
 * calls; a host whose channel they hit would die at its next event and be
 * started again. The agent's store writes do fail. */
Test(robustness, raw_read_and_write_points_never_hit_the_control_channel)
{
	struct run r;

	run_cli(&r, "raw-rw",
		ARGS("power_meter/robust", "--for", "2h", "--check", "no-target-crash", "--faults",
		     "at 10m posix/io/rw/read proc=agent count=100000; "
		     "at 10m posix/io/rw/read proc=device count=100000; "
		     "at 20m posix/io/rw/write proc=agent count=100000; "
		     "at 20m posix/io/rw/write proc=device count=100000"));
	expect_clean_end(&r, 0, "pass  no-target-crash");
	expect_in_trace(&r, "\"ev\":\"fault.arm\",\"proc\":\"device\",\"name\":\"posix/io/rw/write\"");
	expect_in_trace(&r, "\"ev\":\"fault.fire\"");
	/* One start per side: no host died of its channel. */
	cr_expect_eq(count_in(r.trace, "\"ev\":\"proc.start\""), 2, "hosts restarted, see %s", r.dir);
	cr_expect_eq(count_in(r.trace, "\"ev\":\"proc.exit\""), 2, "hosts died, see %s", r.dir);
	run_release(&r);
}

/* An allocation the device's host makes for itself fails (a raw point on
 * every malloc of the process, drawn with a probability): the host runs out
 * of memory and the device restarts, as when its code's allocation fails.
 * Every such death is an OOM in the trace, never a protocol violation: the
 * host allocates nothing between the frame that ends one event (or its
 * start) and the next event, where an "oom" frame would look like a thread
 * of the target's calling the API. Seed 2 made a failed allocation right
 * after a start's "ready". */
Test(robustness, a_hosts_own_allocation_failing_is_an_oom_not_a_protocol_error)
{
	struct run r;

	run_cli(&r, "host-oom",
		ARGS("power_meter/robust", "--seed", "2", "--for", "6h", "--check", "no-target-crash",
		     "--faults", "from 1h p=0.002 libc/mm/malloc proc=device"));
	expect_clean_end(&r, 0, "pass  no-target-crash");
	expect_in_trace(&r, "\"how\":\"oom\"");
	cr_expect(r.trace && !strstr(r.trace, "protocol-violation"), "a protocol violation in %s",
		  r.dir);
	run_release(&r);
}
