/*
 * test_report_cause.c - unit tests for what the report says about why a
 * run failed and how its pages read: the cause of each failure
 * (reports/cause.c through the run page and the index), the order of a
 * run page's sections, long schedules collapsed, failures grouped on the
 * index, dates for day numbers. Reports side.
 *
 * Each test writes small run directories by hand under a fresh mkdtemp
 * directory (report_fixture.c), writes the report with report_write and
 * reads the HTML back.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "reports/report.h"
#include "report_fixture.h"

static void setup(void)
{
	fixture_setup("report_cause");
}

TestSuite(report_cause, .timeout = 30, .init = setup, .fini = fixture_teardown);

/* A run directory name for target with the schedule faults (JSON text)
 * and a verdict where inv fails at seq (time t us) and inv-ok holds. */
static void run_dir(const char *name, const char *target, const char *seed, const char *faults,
		    const char *inv, int seq, long long t)
{
	char buf[4096];

	cr_assert_eq(mkdir(fixture_path("%s", name), 0777), 0);
	snprintf(buf, sizeof(buf), "{\"target\": \"%s\", \"seed\": \"%s\", \"duration\": \"1h\", "
		 "\"faults\": %s, \"checks\": \"%s,inv-ok\", \"command\": \"impchaos run %s\"}\n",
		 target, seed, faults, inv, target);
	fixture_write(fixture_path("%s/scenario.json", name), buf);
	snprintf(buf, sizeof(buf), "{\"target\": \"%s\", \"seed\": \"%s\", \"duration\": \"1h\", "
		 "\"faults\": %s, \"trace_hash\": \"00\", \"events\": 10, \"ok\": false, "
		 "\"invariants\": [{\"invariant\": \"%s\", \"ok\": false, \"message\": \"it broke\", "
		 "\"first_violation\": {\"seq\": %d, \"t\": %lld, \"event\": {\"seq\": %d, \"t\": %lld, "
		 "\"ev\": \"store.save\", \"inc\": 2, \"rc\": 0, \"table\": {\"total\": 0}}}}, "
		 "{\"invariant\": \"inv-ok\", \"ok\": true, \"message\": \"held\", "
		 "\"first_violation\": null}], \"replay\": \"impchaos run %s --seed %s\"}\n",
		 target, seed, faults, inv, seq, t, seq, t, target, seed);
	fixture_write(fixture_path("%s/verdict.json", name), buf);
}

/*
 * The counter total is saved every 10 s, 1..5, until the violation, a
 * save of 0 at 64 s (seq 12). fault_at (s) puts an agent/restart with the
 * agent's restart before the violation; a device/disconnect at 5 s comes
 * long before the last save that held (50 s).
 */
static void counter_trace(const char *name, int fault_at)
{
	FILE *f = fopen(fixture_path("%s/trace.jsonl", name), "w");
	int seq = 0;

	cr_assert(f);
	fprintf(f, "{\"seq\":%d,\"t\":0,\"ev\":\"run.start\",\"faults\":[\"agent/restart\"]}\n", seq++);
	fprintf(f, "{\"seq\":%d,\"t\":0,\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":1,"
		"\"server\":\"imp01\",\"version\":1}\n", seq++);
	fprintf(f, "{\"seq\":%d,\"t\":5000000,\"ev\":\"fault\",\"name\":\"device/disconnect\","
		"\"params\":{}}\n", seq++);
	for (int k = 1; k <= 5; k++)
		fprintf(f, "{\"seq\":%d,\"t\":%lld,\"ev\":\"store.save\",\"inc\":1,\"rc\":0,"
			"\"table\":{\"total\":%d}}\n", seq++, k * 10000000LL, k);
	if (fault_at) {
		fprintf(f, "{\"seq\":%d,\"t\":%lld,\"ev\":\"fault\",\"name\":\"agent/restart\","
			"\"params\":{}}\n", seq++, fault_at * 1000000LL);
		fprintf(f, "{\"seq\":%d,\"t\":%lld,\"ev\":\"proc.exit\",\"proc\":\"agent\",\"inc\":1,"
			"\"how\":\"stopped\"}\n", seq++, fault_at * 1000000LL);
		fprintf(f, "{\"seq\":%d,\"t\":%lld,\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":2,"
			"\"server\":\"imp02\",\"version\":1}\n", seq++, fault_at * 1000000LL + 1000000);
	} else {
		seq += 3;
	}
	cr_assert_eq(seq, 11);
	fprintf(f, "{\"seq\":11,\"t\":63000000,\"ev\":\"timer.fire\",\"proc\":\"agent\",\"inc\":2}\n");
	fprintf(f, "{\"seq\":12,\"t\":64000000,\"ev\":\"store.save\",\"inc\":2,\"rc\":0,"
		"\"table\":{\"total\":0}}\n");
	fprintf(f, "{\"seq\":13,\"t\":70000000,\"ev\":\"run.end\"}\n");
	cr_assert_eq(fclose(f), 0);
}

static char *report_of(const char *name, const char *page)
{
	char dir[FIXTURE_ROOT_MAX + 64], err[512] = "";
	const char *dirs[] = { dir };

	snprintf(dir, sizeof(dir), "%s", fixture_path("%s", name));
	cr_assert_eq(report_write(dirs, 1, fixture_path("out-%s", name), err, sizeof(err)), 0, "%s",
		     err);
	return fixture_read(fixture_path("out-%s/%s", name, page));
}

Test(report_cause, names_the_fault_within_the_counters_horizon)
{
	char *page, *index;

	run_dir("a", "meter/naive", "3", "\"at 5s device/disconnect; at 60s agent/restart\"",
		"counter-monotonic:total", 12, 64000000);
	counter_trace("a", 60);
	page = report_of("a", "runs/1-meter-naive-s3.html");
	cr_expect(strstr(page, "<b>Cause:</b> 4.0 s after agent/restart injected at 2026-01-01 "
			 "00:01:00 (0+00:01:00.000); then agent #1 stopped, agent #2 started on "
			 "imp02, version 1</p>"), "%s", strstr(page, "Cause") ?: page);
	/* The horizon starts at the last save that held (50 s): the earlier
	 * disconnect is not a candidate. */
	cr_expect(strstr(page, "3 faults and platform events within the horizon (14 s: since total "
			 "last held)"));
	cr_expect_null(strstr(page, "device/disconnect injected"));
	index = fixture_read(fixture_path("out-a/index.html"));
	cr_expect(strstr(index, "<b>Cause:</b> 4.0 s after agent/restart injected"));
	free(page);
	free(index);
}

Test(report_cause, says_when_no_fault_is_within_the_horizon)
{
	char *page;

	/* The same failure with no restart: only the disconnect, before the
	 * last save that held. */
	run_dir("b", "meter/naive", "3", "\"at 5s device/disconnect\"", "counter-monotonic:total", 12,
		64000000);
	counter_trace("b", 0);
	page = report_of("b", "runs/1-meter-naive-s3.html");
	cr_expect(strstr(page, "<b>Cause:</b> no fault or platform event within the invariant&#39;s "
			 "horizon; the nearest injected fault before it: device/disconnect injected, 59 s "
			 "earlier "
			 "at 2026-01-01 00:00:05</p>"), "%s", strstr(page, "Cause") ?: page);
	cr_expect_null(strstr(page, "agent/restart injected"));
	free(page);
}

Test(report_cause, other_invariants_look_back_ten_minutes)
{
	char *near, *far;

	/* Any invariant without a horizon of its own: 10 minutes. */
	run_dir("n", "meter/naive", "1", "\"at 60s agent/restart\"", "no-target-crash", 12, 64000000);
	counter_trace("n", 60);
	near = report_of("n", "runs/1-meter-naive-s1.html");
	cr_expect(strstr(near, "<b>Cause:</b> 4.0 s after agent/restart injected"));
	/* 11 minutes on, the restart is out of the window and named as the
	 * nearest injected fault before it. */
	run_dir("f", "meter/naive", "1", "\"at 60s agent/restart\"", "no-target-crash", 13, 724000000);
	counter_trace("f", 60);
	{
		char *t = fixture_read(fixture_path("f/trace.jsonl")), *p;
		FILE *o;

		/* Move the run's last event, the violation, to 11 min later. */
		cr_assert((p = strstr(t, "{\"seq\":13,\"t\":70000000")));
		*p = '\0';
		cr_assert((o = fopen(fixture_path("f/trace.jsonl"), "w")));
		fprintf(o, "%s{\"seq\":13,\"t\":724000000,\"ev\":\"proc.exit\",\"proc\":\"agent\","
			"\"inc\":2,\"how\":\"crashed\"}\n", t);
		cr_assert_eq(fclose(o), 0);
		free(t);
	}
	far = report_of("f", "runs/1-meter-naive-s1.html");
	cr_expect(strstr(far, "<b>Cause:</b> no fault or platform event within the invariant&#39;s "
			 "horizon; the nearest injected fault before it: agent/restart injected, 11 min "
			 "earlier"),
		  "%s", strstr(far, "Cause") ?: far);
	free(near);
	free(far);
}

/* Position of needle in hay, or SIZE_MAX. */
static size_t at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	return p ? (size_t)(p - hay) : (size_t)-1;
}

Test(report_cause, run_page_reads_verdict_failures_timeline_evidence_facts)
{
	char faults[4096] = "\"", *page;
	size_t n = 1, v, f, tl, ex, sc;

	/* A 40-entry schedule. */
	for (int k = 1; k <= 40; k++)
		n += (size_t)snprintf(faults + n, sizeof(faults) - n, "at %dm agent/crash%s", k,
				      k < 40 ? "; " : "\"");
	run_dir("o", "meter/naive", "5", faults, "counter-monotonic:total", 12, 64000000);
	counter_trace("o", 60);
	page = report_of("o", "runs/1-meter-naive-s5.html");
	v = at(page, "id=\"verdict\"");
	f = at(page, "id=\"failures\"");
	tl = at(page, "id=\"timeline\"");
	ex = at(page, "id=\"excerpts\"");
	sc = at(page, "id=\"scenario\"");
	cr_expect(v < f && f < tl && tl < ex && ex < sc, "order %zu %zu %zu %zu %zu", v, f, tl, ex, sc);
	cr_expect(at(page, "<b>Cause:</b>") > f && at(page, "<b>Cause:</b>") < tl);
	/* The excerpt is collapsed. */
	cr_expect(strstr(page, "<details class=\"excerpt\" id=\"trace-0\"><summary>"));
	/* The schedule is a count, its entries inside <details> only. */
	cr_expect(strstr(page, "faults: 40 (<a href=\"#scenario\">the schedule</a>)"));
	cr_expect(strstr(page, "<details class=\"schedule\"><summary>40 faults scheduled</summary>"));
	for (const char *p = page; (p = strstr(p, "at 40m agent/crash")); p++) {
		const char *open = p, *close;

		while (open > page && strncmp(open, "<details", 8))
			open--;
		close = strstr(open, "</details>");
		cr_expect(open > page && close && close > p, "an entry outside <details> at %zu",
			  (size_t)(p - page));
	}
	free(page);
}

Test(report_cause, day_numbers_read_as_dates_from_the_recorded_start)
{
	const char *obs = "{\"seq\":1,\"t\":0,\"ev\":\"observe\",\"proc\":\"agent\",\"inc\":1,"
			  "\"name\":\"day\",\"value\":%d}\n{\"seq\":2,\"t\":0,\"ev\":\"observe\","
			  "\"proc\":\"agent\",\"inc\":1,\"name\":\"count\",\"value\":20454}\n";
	char buf[512], *page;

	cr_assert_eq(mkdir(fixture_path("d"), 0777), 0);
	fixture_write(fixture_path("d/scenario.json"), "{\"target\": \"m/v\", \"seed\": \"1\", "
		      "\"duration\": \"1h\", \"start\": \"2027-06-01T00:00:00Z\"}\n");
	snprintf(buf, sizeof(buf), obs, 20970);   /* 2027-06-01 */
	fixture_write(fixture_path("d/trace.jsonl"), buf);
	page = report_of("d", "runs/1-m-v-s1.html");
	cr_expect(strstr(page, "starts 2027-06-01 00:00:00 UTC"));
	cr_expect(strstr(page, "<td class=\"num\">20970 = 2027-06-01</td>"), "%s", page);
	/* 20454 is 2026-01-01: not a day this run's clock saw. */
	cr_expect(strstr(page, "<td class=\"num\">20454</td>"));
	free(page);
}

/* A failed run with a reproducer of faults_after entries of kinds. */
static void shrunk_run(const char *name, const char *seed, const char *inv, const char *faults,
		       int after)
{
	char buf[1024];

	run_dir(name, "meter/naive", seed, "\"at 1m agent/crash; at 2m agent/restart\"", inv, 12,
		64000000);
	counter_trace(name, 60);
	snprintf(buf, sizeof(buf), "{\"invariant\": \"%s\", \"faults\": \"%s\", \"duration\": \"5m\", "
		 "\"command\": \"impchaos run meter/naive --seed %s --for 5m\", \"faults_before\": 2, "
		 "\"faults_after\": %d}\n", inv, faults, seed, after);
	fixture_write(fixture_path("%s/reproducer.json", name), buf);
}

Test(report_cause, index_groups_failures_with_one_representative)
{
	char root[4][FIXTURE_ROOT_MAX + 8], err[512] = "", *index;
	const char *names[] = { "g1", "g2", "g3", "g4" }, *dirs[4];

	shrunk_run("g1", "1", "counter-monotonic:total", "at 1m agent/crash; at 2m agent/restart", 2);
	shrunk_run("g2", "2", "counter-monotonic:total", "at 2m agent/restart", 1);
	shrunk_run("g3", "3", "counter-monotonic:total", "at 1m agent/restart; at 2m agent/crash", 2);
	shrunk_run("g4", "4", "no-target-crash", "at 2m agent/restart", 1);
	for (int i = 0; i < 4; i++) {
		snprintf(root[i], sizeof(root[i]), "%s", fixture_path("%s", names[i]));
		dirs[i] = root[i];
	}
	cr_assert_eq(report_write(dirs, 4, fixture_path("out"), err, sizeof(err)), 0, "%s", err);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "(4 failing runs in 3 groups)"), "%s", index);
	/* g1 and g3 need the same kinds: one group, the largest, first. */
	cr_expect(strstr(index, "<code>meter/naive | counter-monotonic:total | agent/crash,"
			 "agent/restart</code> <span class=\"fail\">2 failing runs</span>"));
	cr_expect(at(index, "agent/crash,agent/restart</code>") <
		  at(index, "| counter-monotonic:total | agent/restart</code>"));
	cr_expect(strstr(index, "Representative: <a href=\"runs/1-meter-naive-s1.html\">"));
	cr_expect(strstr(index, "1 other failing the same way: <a href=\"runs/3-meter-naive-s3.html\">"
			 "seed 3</a>"));
	cr_expect(strstr(index, "<code>meter/naive | no-target-crash | agent/restart</code>"));
	/* One representative each: three replay blocks for four failures. */
	cr_expect_eq(fixture_count(index, "class=\"failure group\""), 3);
	free(index);
}

Test(report_cause, an_error_with_its_stack_and_no_fault_before_it)
{
	FILE *f;
	char *page;

	run_dir("e", "sq/err", "1", "\"\"", "no-target-error", 3, 30000000);
	cr_assert((f = fopen(fixture_path("e/trace.jsonl"), "w")));
	fprintf(f, "{\"seq\":0,\"t\":0,\"ev\":\"proc.start\",\"proc\":\"agent\",\"inc\":1,"
		"\"server\":\"imp01\",\"version\":1}\n"
		"{\"seq\":1,\"t\":0,\"ev\":\"proc.start\",\"proc\":\"device\",\"inc\":1,\"version\":1}\n"
		"{\"seq\":2,\"t\":1500000,\"ev\":\"link.up\",\"server\":\"imp01\"}\n");
	for (int k = 0; k < 3; k++)
		fprintf(f, "{\"seq\":%d,\"t\":30000000,\"ev\":\"log\",\"proc\":\"agent\",\"inc\":1,"
			"\"level\":\"error\",\"text\":\"%s\"}\n", 3 + k,
			k == 0 ? "ERROR: counter failed at 1" : k == 1 ? "ERROR:   in fail lib.nut:10" :
			"ERROR:   from main agent.nut:16");
	fprintf(f, "{\"seq\":6,\"t\":60000000,\"ev\":\"run.end\"}\n");
	cr_assert_eq(fclose(f), 0);
	page = report_of("e", "runs/1-sq-err-s1.html");
	/* The run's own start is no cause. */
	cr_expect(strstr(page, "<b>Cause:</b> no fault or platform event came before it: the target "
			 "failed on its own</p>"), "%s", strstr(page, "Cause") ?: page);
	/* The timeline's error, with its stack, on hover. */
	cr_expect(strstr(page, "<title>0+00:00:30.000\nagent #1 error: ERROR: counter failed at 1\n"
			 "agent #1 error: ERROR:   in fail lib.nut:10\nagent #1 error: ERROR:   from "
			 "main agent.nut:16</title>"), "no stack in the error's tooltip");
	free(page);
}

Test(report_cause, index_reuses_the_groups_a_campaign_made)
{
	char dir[FIXTURE_ROOT_MAX + 8], err[512] = "", *index;
	const char *dirs[] = { dir };

	cr_assert_eq(mkdir(fixture_path("camp"), 0777), 0);
	cr_assert_eq(mkdir(fixture_path("camp/runs"), 0777), 0);
	/* Three runs failing the same invariant, which the campaign's own
	 * grouping (its signatures) split in two. */
	run_dir("camp/runs/a", "meter/naive", "1", "\"at 60s agent/restart\"",
		"counter-monotonic:total", 12, 64000000);
	run_dir("camp/runs/b", "meter/naive", "2", "\"at 60s agent/restart\"",
		"counter-monotonic:total", 12, 64000000);
	run_dir("camp/runs/c", "meter/naive", "3", "\"at 60s agent/restart\"",
		"counter-monotonic:total", 12, 64000000);
	counter_trace("camp/runs/a", 60);
	counter_trace("camp/runs/b", 60);
	counter_trace("camp/runs/c", 60);
	fixture_write(fixture_path("camp/campaign.json"), "{\"kind\": \"campaign\", \"version\": "
		      "\"v\", \"seeds\": {\"from\": 1, \"count\": 3}, \"budget\": null, \"shard\": null, "
		      "\"targets\": [\"meter/naive\"], \"determinism_checks\": {\"runs\": 0, "
		      "\"mismatches\": 0}, \"runs\": [\"runs/a\", \"runs/b\", \"runs/c\"], \"groups\": "
		      "[{\"id\": 1, \"signature\": \"sig one\", \"runs\": 1, \"members\": [{\"run\": "
		      "\"runs/b\", \"seed\": 2}]}, {\"id\": 2, \"signature\": \"sig two\", \"runs\": 2, "
		      "\"members\": [{\"run\": \"runs/a\", \"seed\": 1}, {\"run\": \"runs/c\", "
		      "\"seed\": 3}]}]}\n");
	snprintf(dir, sizeof(dir), "%s", fixture_path("camp"));
	cr_assert_eq(report_write(dirs, 1, fixture_path("out"), err, sizeof(err)), 0, "%s", err);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "(3 failing runs in 2 groups)"), "%s", index);
	cr_expect(strstr(index, "<code>sig two</code> <span class=\"fail\">2 failing runs</span>"));
	cr_expect(strstr(index, "<code>sig one</code> <span class=\"fail\">1 failing run</span>"));
	cr_expect(at(index, "sig two</code> <span") < at(index, "sig one</code> <span"),
		  "largest group first");
	cr_expect(strstr(index, "1 other failing the same way: <a href=\"runs/3-meter-naive-s3.html\">"
			 "seed 3</a>"));
	free(index);
}
