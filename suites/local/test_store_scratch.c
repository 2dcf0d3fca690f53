/*
 * test_store_scratch.c - scenario suite for where the agent's store lives
 * during a run (harness/sim/sim_store.c): in a scratch directory on tmpfs,
 * copied to the run directory at the end, however the run ends.
 *
 * Each test points XDG_RUNTIME_DIR at a private directory on /dev/shm, so
 * that it sees the scratch directories of its own runs only: used while
 * the run goes, empty after it, with DIR/store.json holding the table the
 * trace says was saved last.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "scenario.h"
#include "sim/home.h"

#define ARGS(...) ((const char *const[]){ __VA_ARGS__, NULL })

TestSuite(store_scratch, .timeout = 120);

static char xdg[64];

static void make_xdg(void)
{
	strcpy(xdg, "/dev/shm/impchaos-xdg-XXXXXX");
	cr_assert_not_null(mkdtemp(xdg), "mkdtemp on /dev/shm: %s", strerror(errno));
	cr_assert_eq(setenv("XDG_RUNTIME_DIR", xdg, 1), 0);
}

/* Entries of the private directory (its runs' scratch directories). */
static int entries(void)
{
	DIR *d = opendir(xdg);
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

static void remove_xdg(void)
{
	rmdir(xdg);
}

#define WITH_XDG .init = make_xdg, .fini = remove_xdg

/* The table of the last successful store.save in DIR's trace, and DIR's
 * store.json: the same. A run stopped by a signal may have been stopped
 * inside an event, after a save whose frames never reached the harness:
 * then (later) the store may be newer than the trace says, which for
 * power_meter's counter means a total_wh at least the traced one. */
static void expect_store_is_save(const char *dir, int later)
{
	char path[4200], *trace, *line, *last = NULL;
	json_t *want = NULL, *got;

	snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
	trace = scenario_read_file(path);
	cr_assert_not_null(trace, "no trace in %s", dir);
	for (line = strtok(trace, "\n"); line; line = strtok(NULL, "\n"))
		if (strstr(line, "\"ev\":\"store.save\"") && strstr(line, "\"rc\":0"))
			last = line;
	cr_assert_not_null(last, "no successful save in the trace of %s", dir);
	want = json_object_get(json_loads(last, 0, NULL), "table");
	cr_assert_not_null(want);
	snprintf(path, sizeof(path), "%s/store.json", dir);
	got = json_load_file(path, 0, NULL);
	cr_assert_not_null(got, "no readable %s", path);
	if (later)
		cr_expect(json_number_value(json_object_get(got, "total_wh")) >=
			  json_number_value(json_object_get(want, "total_wh")) &&
			  json_object_size(got) == json_object_size(want),
			  "store.json is older than the last table saved in %s", dir);
	else
		cr_expect(json_equal(got, want), "store.json is not the last table saved in %s", dir);
	json_decref(got);
	free(trace);
}

Test(store_scratch, a_run_on_disk_ends_with_its_store_in_the_run_directory, WITH_XDG)
{
	char dir[4096];
	char *out = NULL;

	snprintf(dir, sizeof(dir), "%s/test-runs/store-scratch-end", impchaos_home());
	cr_assert_eq(scenario_cli(ARGS("run", "power_meter/robust", "--for", "6h", "--no-report",
				       "--force", "--out", dir), &out), 0, "%s", out);
	expect_store_is_save(dir, 0);
	cr_expect_eq(entries(), 0, "a scratch directory is left in %s", xdg);
	free(out);
}

Test(store_scratch, an_interrupted_run_still_copies_its_store_and_cleans_up, WITH_XDG)
{
	struct timespec step = { 0, 10 * 1000 * 1000 };
	char dir[4096], log[4200];
	int i, status;
	pid_t pid;

	snprintf(dir, sizeof(dir), "%s/test-runs/store-scratch-int", impchaos_home());
	snprintf(log, sizeof(log), "%s.log", dir);
	pid = scenario_cli_start(ARGS("run", "power_meter/robust", "--for", "300d", "--no-report",
				      "--force", "--out", dir), log);
	cr_assert_gt(pid, 0);
	/* The scratch directory is there while the run goes. */
	for (i = 0; i < 6000 && entries() == 0; i++)
		nanosleep(&step, NULL);
	cr_assert_gt(entries(), 0, "the run never made a scratch directory in %s", xdg);
	/* Some saves first: a minute of wall time at most. */
	for (i = 0; i < 6000; i++) {
		char path[4300], *t;
		int saved;

		snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
		t = scenario_read_file(path);
		saved = t && strstr(t, "\"ev\":\"store.save\"");
		free(t);
		if (saved)
			break;
		nanosleep(&step, NULL);
	}
	kill(pid, SIGINT);
	status = scenario_cli_wait(pid);
	cr_expect_eq(status, 130, "exit %d, wanted 130 (128 + SIGINT)", status);
	expect_store_is_save(dir, 1);
	cr_expect_eq(entries(), 0, "a scratch directory is left in %s", xdg);
}

Test(store_scratch, sync_store_keeps_the_real_file, WITH_XDG)
{
	char dir[4096];
	char *out = NULL;

	snprintf(dir, sizeof(dir), "%s/test-runs/store-scratch-sync", impchaos_home());
	cr_assert_eq(scenario_cli(ARGS("run", "power_meter/robust", "--for", "1h", "--no-report",
				       "--sync-store", "--force", "--out", dir), &out), 0, "%s", out);
	expect_store_is_save(dir, 0);
	cr_expect_eq(entries(), 0);
	free(out);
}

/* The agent host works in its store's directory and saves by relative
 * names: a run directory given relatively, on disk with --sync-store (the
 * store is the run directory's own file, its directory fsync'ed) and
 * without (a scratch directory), with agent restarts (each new host moves
 * there again) and a failing write, keeps the last table saved. */
Test(store_scratch, a_relative_run_directory_keeps_its_store, WITH_XDG)
{
	static const char *const sync[] = { "--sync-store", "--force" };
	char *out = NULL;

	cr_assert_eq(chdir(impchaos_home()), 0);
	for (int i = 0; i < 2; i++) {
		const char *dir = i ? "test-runs/store-rel-sync" : "test-runs/store-rel";

		cr_assert_eq(scenario_cli(ARGS("run", "power_meter/robust", "--for", "6h",
					       "--faults", "every 2h agent/restart; at 3h agent/store/write",
					       "--no-report", "--force", sync[i], "--out", dir), &out), 0,
			     "%s", out);
		expect_store_is_save(dir, 0);
		cr_expect_eq(entries(), 0);
		free(out);
		out = NULL;
	}
}

Test(store_scratch, a_run_removes_what_a_killed_harness_left_behind, WITH_XDG)
{
	char dir[4096], stale[128], live[128], f[200];
	char *out = NULL;
	pid_t dead = fork();

	/* A pid that no longer runs, and this test's own, which does. */
	cr_assert_geq(dead, 0);
	if (dead == 0)
		_exit(0);
	cr_assert_eq(waitpid(dead, NULL, 0), dead);
	snprintf(stale, sizeof(stale), "%s/impchaos-store-%ld-abcdef", xdg, (long)dead);
	snprintf(live, sizeof(live), "%s/impchaos-store-%ld-abcdef", xdg, (long)getpid());
	cr_assert_eq(mkdir(stale, 0700), 0);
	cr_assert_eq(mkdir(live, 0700), 0);
	snprintf(f, sizeof(f), "%s/store.json", stale);
	{
		FILE *fp = fopen(f, "w");

		cr_assert_not_null(fp);
		fputs("{}", fp);
		fclose(fp);
	}
	snprintf(dir, sizeof(dir), "%s/test-runs/store-scratch-sweep", impchaos_home());
	cr_assert_eq(scenario_cli(ARGS("run", "power_meter/robust", "--for", "1h", "--no-report",
				       "--force", "--out", dir), &out), 0, "%s", out);
	cr_expect_neq(access(stale, F_OK), 0, "%s, left by a dead harness, is still there", stale);
	cr_expect_eq(access(live, F_OK), 0, "%s, of a live process, was removed", live);
	rmdir(live);
	free(out);
}
