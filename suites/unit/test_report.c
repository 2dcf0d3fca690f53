/*
 * test_report.c - unit tests for the HTML report (reports/report.c and
 * the run pages, plots and escaping under it). Reports side.
 *
 * Each test writes tiny run directories by hand (scenario.json,
 * verdict.json, trace.jsonl) under a fresh mkdtemp directory, so nothing
 * here depends on the impchaos binary or a target; then it reads the HTML
 * back and checks what a reader of the report relies on: failing cells are
 * red, target text cannot inject markup, the violation is marked, bad
 * inputs and outputs are refused with a message, and a huge trace gives a
 * bounded plot.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reports/report.h"
#include "report_fixture.h"


static void setup(void)
{
	fixture_setup("report");
}

TestSuite(report, .timeout = 30, .init = setup, .fini = fixture_teardown);

static const char scenario_fmt[] =
	"{\"target\": \"%s\", \"seed\": \"7\", \"duration\": \"1h\", \"faults\": \"at 10m "
	"agent/restart\", \"checks\": \"inv-fail,inv-pass\", \"watchdog_s\": 10.0, \"command\": "
	"\"impchaos run %s --seed 7 --for 1h\"}\n";

/* A failing verdict: inv-fail first violated at seq 50, t 600s+5ms;
 * inv-pass held. message goes into inv-fail's message as is (JSON). */
static void write_verdict_fail(const char *dir, const char *target, const char *message)
{
	char buf[4096];

	snprintf(buf, sizeof(buf),
		 "{\"target\": \"%s\", \"seed\": \"7\", \"duration\": \"1h\", \"faults\": \"at 10m "
		 "agent/restart\", \"trace_hash\": \"00\", \"events\": 100, \"ok\": false, "
		 "\"invariants\": [{\"invariant\": \"inv-fail\", \"ok\": false, \"message\": %s, "
		 "\"first_violation\": {\"seq\": 50, \"t\": 600005000, \"event\": {\"seq\": 50, "
		 "\"t\": 600005000, \"ev\": \"store.save\", \"inc\": 2, \"rc\": 0, \"table\": "
		 "{\"total\": 0}}}}, {\"invariant\": \"inv-pass\", \"ok\": true, \"message\": "
		 "\"held\", \"first_violation\": null}], \"replay\": \"impchaos run %s --seed 7 "
		 "--for 1h --check inv-fail,inv-pass\"}\n",
		 target, message, target);
	fixture_write(fixture_path("%s/verdict.json", dir), buf);
}

static void write_verdict_ok(const char *dir, const char *target)
{
	char buf[2048];

	snprintf(buf, sizeof(buf),
		 "{\"target\": \"%s\", \"seed\": \"7\", \"duration\": \"1h\", \"faults\": \"\", "
		 "\"trace_hash\": \"00\", \"events\": 100, \"ok\": true, \"invariants\": "
		 "[{\"invariant\": \"inv-fail\", \"ok\": true, \"message\": \"held\", "
		 "\"first_violation\": null}, {\"invariant\": \"inv-pass\", \"ok\": true, "
		 "\"message\": \"held\", \"first_violation\": null}], \"replay\": \"impchaos run "
		 "%s\"}\n", target, target);
	fixture_write(fixture_path("%s/verdict.json", dir), buf);
}

/*
 * A 100-event trace, seq 0..99, one event every 12 simulated seconds. The
 * agent saves and observes a growing total that drops to 0 at seq 50 (the
 * violation); a fault and a restart come just before; log_text (JSON) is
 * logged at seq 40 with level error.
 */
static void write_trace(const char *dir, const char *log_text)
{
	FILE *f = fopen(fixture_path("%s/trace.jsonl", dir), "w");
	long long t;

	cr_assert(f);
	for (int seq = 0; seq < 100; seq++) {
		t = seq < 50 ? seq * 12000000LL : seq == 50 ? 600005000LL : seq * 12000000LL + 5000;
		fprintf(f, "{\"seq\":%d,\"t\":%lld,", seq, t);
		if (seq == 0)
			fprintf(f, "\"ev\":\"run.start\",\"target\":\"t\",\"variant\":\"v\",\"seed\":7,"
				"\"duration\":\"1h\",\"faults\":[\"agent/restart\"]}\n");
		else if (seq == 1)
			fprintf(f, "\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":1}\n");
		else if (seq == 40)
			fprintf(f, "\"ev\":\"log\",\"proc\":\"agent\",\"inc\":1,\"level\":\"error\","
				"\"text\":%s}\n", log_text);
		else if (seq == 47)
			fprintf(f, "\"ev\":\"fault\",\"name\":\"agent/restart\",\"params\":{},\"line\":1}\n");
		else if (seq == 48)
			fprintf(f, "\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":1,\"how\":\"stopped\"}\n");
		else if (seq == 49)
			fprintf(f, "\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":2}\n");
		else if (seq == 99)
			fprintf(f, "\"ev\":\"run.end\",\"events\":99}\n");
		else if (seq % 2 == 0)
			fprintf(f, "\"ev\":\"store.save\",\"inc\":%d,\"rc\":0,\"table\":{\"total\":%d}}\n",
				seq < 48 ? 1 : 2, seq < 50 ? seq : seq - 50);
		else
			fprintf(f, "\"ev\":\"observe\",\"proc\":\"agent\",\"inc\":%d,\"name\":\"total\","
				"\"value\":%d}\n", seq < 48 ? 1 : 2, seq < 50 ? seq : seq - 50);
	}
	cr_assert_eq(fclose(f), 0);
}

/* A run directory root/name with scenario.json for target. */
static const char *make_run(const char *name, const char *target)
{
	char buf[2048];

	cr_assert_eq(mkdir(fixture_path("%s", name), 0777), 0);
	snprintf(buf, sizeof(buf), scenario_fmt, target, target);
	fixture_write(fixture_path("%s/scenario.json", name), buf);
	return name;
}

static int write_report(const char *const *rel_dirs, size_t n, const char *out_rel, char *err,
			size_t errlen)
{
	char dirs[8][FIXTURE_ROOT_MAX + 400 + 2];
	const char *argv[8];

	cr_assert(n <= 8);
	for (size_t i = 0; i < n; i++) {
		snprintf(dirs[i], sizeof(dirs[i]), "%s", fixture_path("%s", rel_dirs[i]));
		argv[i] = dirs[i];
	}
	return report_write(argv, n, fixture_path("%s", out_rel), err, errlen);
}

Test(report, index_cells_are_fail_or_pass_per_invariant)
{
	const char *dirs[] = { make_run("a", "meter/naive"), make_run("b", "meter/robust"),
			       make_run("c", "meter/naive") };
	char err[256] = "";
	char *index;

	write_verdict_fail("a", "meter/naive", "\"went backwards\"");
	write_trace("a", "\"boom\"");
	write_verdict_ok("b", "meter/robust");
	write_trace("b", "\"fine\"");
	write_verdict_ok("c", "meter/naive");
	cr_assert_eq(write_report(dirs, 3, "out", err, sizeof(err)), 0, "%s", err);

	index = fixture_read(fixture_path("out/index.html"));
	/* The naive row: inv-fail failed in one run of two, which makes the
	 * cell a failing one; inv-pass passed in both. */
	cr_expect(strstr(index, "<td class=\"fail\" data-invariant=\"inv-fail\">1 fail \xC2\xB7 1 pass"),
		  "%s", index);
	cr_expect(strstr(index, "<td class=\"pass\" data-invariant=\"inv-pass\">2 pass"));
	/* Exactly one failing cell: the robust row passes both. */
	cr_expect_eq(fixture_count(index, "class=\"fail\" data-invariant="), 1);
	cr_expect_eq(fixture_count(index, "class=\"pass\" data-invariant="), 3);
	cr_expect(strstr(index, "<td class=\"pass\" data-invariant=\"inv-fail\">1 pass"));
	/* Each run is listed with a link to its page, and the failure with
	 * its message and replay command. */
	cr_expect(strstr(index, "href=\"runs/1-meter-naive-s7.html\""));
	cr_expect(strstr(index, "href=\"runs/2-meter-robust-s7.html\""));
	cr_expect(strstr(index, "href=\"runs/3-meter-naive-s7.html\""));
	cr_expect(strstr(index, "went backwards"));
	cr_expect(strstr(index, "impchaos run meter/naive --seed 7 --for 1h --check inv-fail,inv-pass"));
	free(index);
	cr_expect_eq(access(fixture_path("out/runs/1-meter-naive-s7.html"), R_OK), 0);
	cr_expect_eq(access(fixture_path("out/runs/2-meter-robust-s7.html"), R_OK), 0);
}

Test(report, target_text_is_escaped_everywhere)
{
	const char *dirs[] = { make_run("x", "evil/<b>\\\"x\\\"") };
	char err[256] = "";
	char *page, *index;

	write_verdict_fail("x", "evil/<b>\\\"x\\\"", "\"<script>alert(1)</script> & 'q'\"");
	write_trace("x", "\"<script>alert(1)</script>\"");
	fixture_write(fixture_path("x/agent.log"), "child said <img src=x onerror=alert(1)>\xff\n");
	cr_assert_eq(write_report(dirs, 1, "out", err, sizeof(err)), 0, "%s", err);

	page = fixture_read(fixture_path("out/runs/1-evil-_b__x_-s7.html"));
	index = fixture_read(fixture_path("out/index.html"));
	/* The log line and the message appear, escaped. */
	cr_expect(strstr(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
	cr_expect(strstr(index, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39;"));
	cr_expect(strstr(page, "&lt;img src=x onerror=alert(1)&gt;"));
	cr_expect(strstr(index, "evil/&lt;b&gt;&quot;x&quot;"));
	/* Nothing raw: the report itself uses no script and no <b> in a
	 * target name could survive. */
	cr_expect_null(strstr(page, "<script"));
	cr_expect_null(strstr(index, "<script"));
	cr_expect_null(strstr(page, "<img"));
	cr_expect_null(strstr(index, "<b>\"x\""));
	/* The invalid byte of the child log was replaced, not copied. */
	cr_expect_null(strchr(page, '\xff'));
	free(page);
	free(index);
}

Test(report, run_page_marks_the_first_violation)
{
	const char *dirs[] = { make_run("a", "meter/naive"), make_run("b", "meter/robust") };
	char err[256] = "";
	char *page, *ok_page;

	write_verdict_fail("a", "meter/naive", "\"went backwards\"");
	write_trace("a", "\"boom\"");
	write_verdict_ok("b", "meter/robust");
	write_trace("b", "\"fine\"");
	cr_assert_eq(write_report(dirs, 2, "out", err, sizeof(err)), 0, "%s", err);

	page = fixture_read(fixture_path("out/runs/1-meter-naive-s7.html"));
	/* The violating event's row, highlighted, with the invariant's index. */
	cr_expect(strstr(page, "<tr id=\"violation-0\" class=\"violation\"><td class=\"num\">50</td>"));
	cr_expect_null(strstr(page, "id=\"violation-1\""));
	/* Its time as d+hh:mm:ss.mmm. */
	cr_expect(strstr(page, "0+00:10:00.005"));
	/* A red marker in the timeline and in each plot (observe total, store
	 * total): three in all. */
	cr_expect_eq(fixture_count(page, "class=\"violation-marker\""), 3);
	cr_expect_geq(fixture_count(page, "<polyline"), 2);
	/* The fault is marked too. */
	cr_expect(strstr(page, "class=\"fault-marker\""));
	/* The error log is there and highlighted. */
	cr_expect(strstr(page, "<tr class=\"error\"><td class=\"t\">0+00:08:00.000</td>"));

	ok_page = fixture_read(fixture_path("out/runs/2-meter-robust-s7.html"));
	cr_expect_null(strstr(ok_page, "class=\"violation-marker\""));
	cr_expect_null(strstr(ok_page, "id=\"violation-"));
	free(page);
	free(ok_page);
}

Test(report, trace_context_is_30_events_before_and_10_after)
{
	const char *dirs[] = { make_run("a", "meter/naive") };
	char err[256] = "", row[64];
	char *page;

	write_verdict_fail("a", "meter/naive", "\"went backwards\"");
	write_trace("a", "\"boom\"");
	cr_assert_eq(write_report(dirs, 1, "out", err, sizeof(err)), 0, "%s", err);
	page = fixture_read(fixture_path("out/runs/1-meter-naive-s7.html"));
	for (int seq = 15; seq <= 65; seq++) {
		snprintf(row, sizeof(row), "<td class=\"num\">%d</td>", seq);
		if (seq >= 20 && seq <= 60)
			cr_expect(strstr(page, row), "seq %d should be in the context", seq);
		else
			cr_expect_null(strstr(page, row), "seq %d should not be shown", seq);
	}
	free(page);
}

Test(report, refuses_an_output_directory_it_cannot_make)
{
	const char *dirs[] = { make_run("a", "meter/naive") };
	char err[512] = "";
	int rc;

	write_verdict_ok("a", "meter/naive");
	fixture_write(fixture_path("plain"), "a regular file\n");
	rc = write_report(dirs, 1, "plain/out", err, sizeof(err));
	cr_expect_lt(rc, 0);
	cr_expect_eq(rc, -ENOTDIR);
	cr_expect(strstr(err, "cannot write '"), "%s", err);
	cr_expect(strstr(err, "plain"), "%s", err);
	cr_expect(strstr(err, "(choose another output directory)"), "%s", err);
}

Test(report, refuses_a_directory_without_scenario)
{
	const char *dirs[] = { make_run("a", "meter/naive"), "empty" };
	char err[512] = "";
	int rc;

	write_verdict_ok("a", "meter/naive");
	cr_assert_eq(mkdir(fixture_path("empty"), 0777), 0);
	rc = write_report(dirs, 2, "out", err, sizeof(err));
	cr_expect_eq(rc, -ENOENT);
	cr_expect(strstr(err, "empty' is not a run directory (no scenario.json)"), "%s", err);
	/* Nothing half-written. */
	cr_expect_neq(access(fixture_path("out/index.html"), F_OK), 0);

	dirs[1] = "missing";
	err[0] = '\0';
	cr_expect_eq(write_report(dirs, 2, "out", err, sizeof(err)), -ENOENT);
	cr_expect(strstr(err, "missing' is not a run directory"), "%s", err);
}

Test(report, incomplete_run_is_listed_not_fatal)
{
	const char *dirs[] = { make_run("a", "meter/naive"), make_run("b", "meter/robust") };
	char err[256] = "";
	char *index, *page;

	write_verdict_ok("a", "meter/naive");
	write_trace("b", "\"cut short\"");
	cr_assert_eq(write_report(dirs, 2, "out", err, sizeof(err)), 0, "%s", err);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "<td class=\"incomplete\">incomplete</td>"));
	cr_expect(strstr(index, "no verdict.json"));
	page = fixture_read(fixture_path("out/runs/2-meter-robust-s7.html"));
	cr_expect(strstr(page, "incomplete"));
	cr_expect(strstr(page, "Last 30 events of the trace"));
	free(index);
	free(page);
}

/* Parses the points of every polyline in page. Returns the number of
 * points of the largest; *mid_max_y is the largest y (the lowest value) of
 * the points in the middle third of the x range, *all_max_y that of all. */
static size_t polyline_points(const char *page, double *mid_max_y, double *all_max_y)
{
	size_t most = 0, n = 0, i;
	double *x = malloc(sizeof(double) * 200000), *y = malloc(sizeof(double) * 200000);
	double xlo = 1e300, xhi = -1e300;
	const char *p = page;

	cr_assert(x && y);
	while ((p = strstr(p, "<polyline"))) {
		size_t start = n;
		int used;

		p = strstr(p, "points=\"");
		cr_assert(p);
		p += strlen("points=\"");
		while (n < 200000 && sscanf(p, "%lf,%lf%n", &x[n], &y[n], &used) == 2) {
			if (x[n] < xlo)
				xlo = x[n];
			if (x[n] > xhi)
				xhi = x[n];
			n++;
			p += used;
			while (*p == ' ')
				p++;
		}
		if (n - start > most)
			most = n - start;
	}
	*mid_max_y = *all_max_y = -1;
	for (i = 0; i < n; i++) {
		if (y[i] > *all_max_y)
			*all_max_y = y[i];
		if (x[i] > xlo + (xhi - xlo) / 3 && x[i] < xlo + 2 * (xhi - xlo) / 3 && y[i] > *mid_max_y)
			*mid_max_y = y[i];
	}
	free(x);
	free(y);
	return most;
}

Test(report, large_trace_gives_a_bounded_plot)
{
	const char *dirs[] = { make_run("big", "meter/naive") };
	char err[256] = "";
	char *page;
	double mid_max_y, all_max_y;
	size_t most;
	FILE *f = fopen(fixture_path("big/trace.jsonl"), "w");

	cr_assert(f);
	write_verdict_ok("big", "meter/naive");
	/* 200,000 observations over the hour, rising, with a single drop to
	 * 0 in the middle that the plot must keep. */
	for (int i = 0; i < 200000; i++)
		fprintf(f, "{\"seq\":%d,\"t\":%lld,\"ev\":\"observe\",\"proc\":\"agent\",\"inc\":1,"
			"\"name\":\"total\",\"value\":%d}\n", i, (long long)i * 18000,
			i == 100000 ? 0 : i + 1000);
	cr_assert_eq(fclose(f), 0);
	cr_assert_eq(write_report(dirs, 1, "out", err, sizeof(err)), 0, "%s", err);

	page = fixture_read(fixture_path("out/runs/1-meter-naive-s7.html"));
	cr_expect(strstr(page, "(200000 values, min 0, max 200999)"));
	cr_expect_eq(fixture_count(page, "<polyline"), 1);
	most = polyline_points(page, &mid_max_y, &all_max_y);
	cr_expect_leq(most, 1000, "%zu points", most);
	cr_expect_geq(most, 400, "%zu points: too few to show the series", most);
	/* The lowest point of the plot (largest y) is the drop in the middle,
	 * not smoothed away. */
	cr_expect_eq(mid_max_y, all_max_y, "mid %g, all %g", mid_max_y, all_max_y);
	free(page);
}

Test(report, same_inputs_give_identical_output)
{
	const char *dirs[] = { make_run("a", "meter/naive"), make_run("b", "meter/robust") };
	char err[256] = "";
	char *i1, *i2, *p1, *p2;

	write_verdict_fail("a", "meter/naive", "\"went backwards\"");
	write_trace("a", "\"boom\"");
	write_verdict_ok("b", "meter/robust");
	write_trace("b", "\"fine\"");
	cr_assert_eq(write_report(dirs, 2, "out1", err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(write_report(dirs, 2, "out2", err, sizeof(err)), 0, "%s", err);
	i1 = fixture_read(fixture_path("out1/index.html"));
	i2 = fixture_read(fixture_path("out2/index.html"));
	p1 = fixture_read(fixture_path("out1/runs/1-meter-naive-s7.html"));
	p2 = fixture_read(fixture_path("out2/runs/1-meter-naive-s7.html"));
	cr_expect_str_eq(i1, i2);
	cr_expect_str_eq(p1, p2);
	/* The output directory's name is not in the pages. */
	cr_expect_null(strstr(i1, "out1"));
	cr_expect_null(strstr(p1, "out1"));
	free(i1);
	free(i2);
	free(p1);
	free(p2);
}

/* agent/duplicate: the old agent instance runs beside the new one. Its
 * exit must not end the live instance's span in the timeline, and when the
 * cloud keeps the old one (agent.dedup keep), the lane goes on with it. */
static void write_duplicate_trace(const char *dir, int keep)
{
	FILE *f = fopen(fixture_path("%s/trace.jsonl", dir), "w");
	int stop = keep == 1 ? 2 : 1;

	cr_assert(f);
	fprintf(f, "{\"seq\":0,\"t\":0,\"ev\":\"run.start\",\"target\":\"t\",\"variant\":\"v\","
		"\"seed\":7,\"duration\":\"1h\",\"faults\":[\"agent/duplicate\"]}\n"
		"{\"seq\":1,\"t\":0,\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":1,\"server\":\"imp01\"}\n"
		"{\"seq\":2,\"t\":300000000,\"ev\":\"agent.stale\",\"proc\":\"agent\",\"inc\":1}\n"
		"{\"seq\":3,\"t\":300000000,\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":2,\"server\":\"imp02\"}\n"
		"{\"seq\":4,\"t\":900000000,\"ev\":\"agent.dedup\",\"stop\":%d,\"keep\":%d}\n"
		"{\"seq\":5,\"t\":900000000,\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":%d,"
		"\"how\":\"duplicate-stopped\"}\n"
		"{\"seq\":6,\"t\":3600000000,\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":%d,"
		"\"how\":\"stopped\"}\n"
		"{\"seq\":7,\"t\":3600000000,\"ev\":\"run.end\",\"events\":7}\n", stop, keep, stop, keep);
	cr_assert_eq(fclose(f), 0);
}

Test(report, timeline_follows_the_agent_instance_the_cloud_keeps)
{
	const char *dirs[] = { make_run("a", "meter/stale"), make_run("b", "meter/new") };
	char err[256] = "";
	char *stale, *kept_old;

	write_verdict_ok("a", "meter/stale");
	write_duplicate_trace("a", 2);
	write_verdict_ok("b", "meter/new");
	write_duplicate_trace("b", 1);
	cr_assert_eq(write_report(dirs, 2, "out", err, sizeof(err)), 0, "%s", err);

	stale = fixture_read(fixture_path("out/runs/1-meter-stale-s7.html"));
	cr_expect(strstr(stale, "<title>agent #2 imp02 v1 0+00:05:00.000 – 0+01:00:00.000"),
		  "live span cut short");
	/* The stale duplicate has a lane of its own, from agent.stale to its
	 * exit. */
	cr_expect(strstr(stale, "<title>stale #1 0+00:05:00.000 – 0+00:15:00.000"), "no stale lane");
	kept_old = fixture_read(fixture_path("out/runs/2-meter-new-s7.html"));
	cr_expect(strstr(kept_old, "<title>agent #2 imp02 v1 0+00:05:00.000 – 0+00:15:00.000"));
	cr_expect(strstr(kept_old, "<title>agent #1 0+00:15:00.000 – 0+01:00:00.000"),
		  "the kept instance has no span");
	free(stale);
	free(kept_old);
}
