/*
 * test_report_live.c - the report `impchaos run` writes from the events
 * it was fed during the run (report_live_*, the run's observe hook) is the
 * report that reading the run's trace.jsonl back gives, byte for byte.
 * Reports side, checked end to end with real runs.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reports/report.h"
#include "sim/home.h"
#include "sim/run.h"

TestSuite(report_live, .timeout = 120);

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	cr_assert(f, "cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void same_file(const char *a_dir, const char *b_dir, const char *name)
{
	char a[4600], b[4600], *x, *y;

	snprintf(a, sizeof(a), "%s/%s", a_dir, name);
	snprintf(b, sizeof(b), "%s/%s", b_dir, name);
	x = slurp(a);
	y = slurp(b);
	cr_expect_str_eq(x, y, "%s differs between the live report and the one read back", name);
	free(x);
	free(y);
}

/* Runs target with the live report hooked in, writes it, writes the
 * report again from the trace, and compares; returns the live run page. */
static char *live_and_read(const char *target, const char *duration, const char *faults,
			   const char *page)
{
	struct report_live *live = NULL;
	struct run_outcome out;
	struct run_opts o = {
		.target = target, .seed = 1, .duration = duration, .faults = faults,
		.watchdog_s = 20, .force = 1,
	};
	char dir[4096], lrep[4200], rrep[4200], err[2048] = "";
	const char *dirs[] = { dir };
	static int counter;

	snprintf(dir, sizeof(dir), "%s/test-runs/report-live-%d-%d", impchaos_home(), (int)getpid(),
		 counter++);
	o.out_dir = dir;
	cr_assert_eq(report_live_new(&live), 0);
	o.observe = report_live_event;
	o.observe_ud = live;
	cr_assert_eq(run_execute(&o, &out, err, sizeof(err)), 0, "%s", err);
	cr_expect(out.res.failed, "%s should fail under '%s'", target, faults);
	snprintf(lrep, sizeof(lrep), "%s/live-report", dir);
	snprintf(rrep, sizeof(rrep), "%s/read-report", dir);
	cr_assert_eq(report_write_live(live, dir, lrep, err, sizeof(err)), 0, "%s", err);
	/* Once only: its state went into the page. */
	cr_expect_eq(report_write_live(live, dir, lrep, err, sizeof(err)), -EINVAL);
	cr_assert_eq(report_write(dirs, 1, rrep, err, sizeof(err)), 0, "%s", err);
	same_file(lrep, rrep, "index.html");
	same_file(lrep, rrep, page);
	same_file(lrep, rrep, "junit.xml");
	same_file(lrep, rrep, "summary.json");
	report_live_free(live);
	run_outcome_release(&out);
	{
		char path[4600];

		snprintf(path, sizeof(path), "%s/%s", lrep, page);
		return slurp(path);
	}
}

Test(report_live, a_counter_reset_reads_the_same_fed_live)
{
	char *page = live_and_read("power_meter/naive", "1d", "at 6h agent/restart",
				   "runs/1-power_meter-naive-s1.html");

	cr_expect(strstr(page, "<b>Cause:</b> 3.4 s after agent/restart injected at 2026-01-01 "
			 "06:00:00"), "no cause in the live page");
	cr_expect(strstr(page, "<details class=\"excerpt\" id=\"trace-0\">"));
	free(page);
}

Test(report_live, a_cloud_of_deploys_duplicates_and_moves_reads_the_same_fed_live)
{
	char *page = live_and_read("protocol_skew/sq_naive", "12h",
				   "at 2h device/disconnect for=30m; at 2h10m deploy/code; at 5h "
				   "agent/duplicate for=20m; at 8h agent/migrate; at 10h "
				   "device/power-cycle", "runs/1-protocol_skew-sq_naive-s1.html");

	/* Two invariants fail at different events, each with its cause. */
	cr_expect_eq(strstr(page, "<b>Cause:</b> 4.8 s after agent/duplicate injected") != NULL, 1);
	cr_expect(strstr(page, "<title>stale #2"), "no stale duplicate lane");
	cr_expect(strstr(page, "<title>skew device v1, agent v2"), "no version skew lane");
	free(page);
}
