/*
 * test_report_ci.c - unit tests for what the report gives CI and scripts
 * (reports/junit.c, summary.c) and for campaign directories as report
 * inputs (reports/campaign.c): expansion, facts, --merge of shards.
 * Reports side.
 *
 * Like test_report.c, each test writes tiny run directories by hand under
 * a fresh mkdtemp directory (scenario.json and verdict.json; no trace,
 * which the report tolerates) and campaign.json files next to them.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <jansson.h>
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
	fixture_setup("report-ci");
}

TestSuite(report_ci, .timeout = 30, .init = setup, .fini = fixture_teardown);

static void put(const char *path, const char *fmt, ...)
{
	FILE *f = fopen(path, "w");
	va_list ap;

	cr_assert(f, "cannot create %s: %s", path, strerror(errno));
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	cr_assert_eq(fclose(f), 0);
}

/* mkdir -p of root/rel. */
static void mkdirs(const char *rel)
{
	char path[FIXTURE_ROOT_MAX + 400 + 2];

	snprintf(path, sizeof(path), "%s", fixture_path("%s", rel));
	for (char *s = path + strlen(fixture_root) + 1; *s; s++) {
		if (*s == '/') {
			*s = '\0';
			mkdir(path, 0777);
			*s = '/';
		}
	}
	cr_assert(mkdir(path, 0777) == 0 || errno == EEXIST, "mkdir %s", path);
}

/*
 * A run directory root/rel of target with seed: "inv-a" failed with
 * message (a JSON string) when message is not NULL, "inv-b" held. Without
 * verdict, an incomplete run.
 */
static void run_dir(const char *rel, const char *target, int seed, const char *message,
		    int verdict)
{
	mkdirs(rel);
	put(fixture_path("%s/scenario.json", rel), "{\"target\": \"%s\", \"seed\": \"%d\", \"duration\": "
	    "\"1h\", \"faults\": \"\", \"command\": \"impchaos run %s --seed %d\"}\n", target,
	    seed, target, seed);
	if (!verdict)
		return;
	/* Seed N started at 10:00:0N and took N.25 s of wall-clock time. */
	put(fixture_path("%s/verdict.json", rel), "{\"target\": \"%s\", \"seed\": \"%d\", \"events\": 10, "
	    "\"started\": \"2026-03-01T10:00:0%d\", \"wall_s\": %d.25, "
	    "\"ok\": %s, \"invariants\": [{\"invariant\": \"inv-a\", \"ok\": %s, \"message\": %s, "
	    "\"first_violation\": %s}, {\"invariant\": \"inv-b\", \"ok\": true, \"message\": "
	    "\"held\", \"first_violation\": null}], \"replay\": \"impchaos run %s --seed %d "
	    "--check inv-a,inv-b\"}\n", target, seed, seed % 10, seed, message ? "false" : "true",
	    message ? "false" : "true", message ? message : "\"held\"",
	    message ? "{\"seq\": 5, \"t\": 60000000, \"event\": {\"seq\": 5, \"t\": 60000000, "
	    "\"ev\": \"store.save\", \"table\": {\"total\": 0}}}" : "null", target, seed);
}

static int report(const char *out, int merge, size_t n, ...)
{
	char dirs[8][FIXTURE_ROOT_MAX + 400 + 2], err[1024] = "";
	const char *argv[8];
	va_list ap;
	int rc;

	va_start(ap, n);
	for (size_t i = 0; i < n; i++) {
		snprintf(dirs[i], sizeof(dirs[i]), "%s", fixture_path("%s", va_arg(ap, const char *)));
		argv[i] = dirs[i];
	}
	va_end(ap);
	rc = (merge ? report_merge : report_write)(argv, n, fixture_path("%s", out), err, sizeof(err));
	if (rc < 0)
		cr_log_info("report: %s", err);
	return rc;
}

static json_t *load(const char *rel)
{
	json_error_t je;
	json_t *j = json_load_file(fixture_path("%s", rel), 0, &je);

	cr_assert(j, "%s: line %d: %s", rel, je.line, je.text);
	return j;
}

Test(report_ci, junit_has_a_testcase_per_target_and_invariant)
{
	char *x;

	run_dir("a", "meter/naive", 1, "\"went backwards\"", 1);
	run_dir("b", "meter/robust", 1, NULL, 1);
	run_dir("c", "meter/naive", 2, NULL, 1);
	cr_assert_eq(report("out", 0, 3, "a", "b", "c"), 0);
	x = fixture_read(fixture_path("out/junit.xml"));
	cr_expect(!strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39));
	/* Two targets x two invariants, aggregated over the runs: four
	 * testcases, one failing. */
	cr_expect(strstr(x, "<testsuites name=\"impchaos\" tests=\"4\" failures=\"1\" errors=\"0\""),
		  "%s", x);
	cr_expect(strstr(x, "<testsuite name=\"meter/naive\" tests=\"2\" failures=\"1\""));
	cr_expect(strstr(x, "<testsuite name=\"meter/robust\" tests=\"2\" failures=\"0\""));
	cr_expect_eq(fixture_count(x, "<testcase "), 4);
	cr_expect_eq(fixture_count(x, "<failure "), 1);
	/* The failure: how often, the message, the event, the replay. */
	cr_expect(strstr(x, "<testcase classname=\"meter/naive\" name=\"inv-a\" time=\"3.500\"><failure "
			 "type=\"invariant\" message=\"failed in 1 of 2 runs (seed 1): went "
			 "backwards\">"), "%s", x);
	cr_expect(strstr(x, "first violating event: {&quot;seq&quot;:5,"));
	cr_expect(strstr(x, "replay: impchaos run meter/naive --seed 1 --check inv-a,inv-b\n"));
	cr_expect(strstr(x, "page: runs/1-meter-naive-s1.html#violation-0"));
	/* No campaign, no campaign suite. */
	cr_expect_null(strstr(x, "name=\"campaign\""));
	free(x);
}

Test(report_ci, junit_times_and_timestamps_come_from_the_verdicts)
{
	char *x, *again;

	run_dir("a", "meter/naive", 1, "\"went backwards\"", 1);
	run_dir("b", "meter/robust", 3, NULL, 1);
	run_dir("c", "meter/naive", 2, NULL, 1);
	cr_assert_eq(report("out", 0, 3, "a", "b", "c"), 0);
	x = fixture_read(fixture_path("out/junit.xml"));
	/* All runs: 1.25 + 3.25 + 2.25 s, from the first run's start. */
	cr_expect(strstr(x, "skipped=\"0\" time=\"6.750\" timestamp=\"2026-03-01T10:00:01\">\n"),
		  "%s", x);
	/* A suite: its target's runs; a testcase: the runs that checked it. */
	cr_expect(strstr(x, "<testsuite name=\"meter/naive\" tests=\"2\" failures=\"1\" errors=\"0\" "
			 "skipped=\"0\" time=\"3.500\" timestamp=\"2026-03-01T10:00:01\">"), "%s", x);
	cr_expect(strstr(x, "<testsuite name=\"meter/robust\" tests=\"2\" failures=\"0\" errors=\"0\" "
			 "skipped=\"0\" time=\"3.250\" timestamp=\"2026-03-01T10:00:03\">"), "%s", x);
	cr_expect(strstr(x, "<testcase classname=\"meter/robust\" name=\"inv-b\" time=\"3.250\">"),
		  "%s", x);
	cr_expect_eq(fixture_count(x, "<testcase "), fixture_count(x, " time=\"") - 3);
	/* From the runs, not from the clock: the same runs, the same file. */
	cr_assert_eq(report("again", 0, 3, "a", "b", "c"), 0);
	again = fixture_read(fixture_path("again/junit.xml"));
	cr_expect_str_eq(again, x);
	free(again);
	free(x);
}

Test(report_ci, junit_escapes_what_targets_wrote)
{
	char *x;

	run_dir("a", "evil/<b>", 1, "\"<script>alert(1)</script> & 'q' \\\"z\\\" \\u0001]]>\"", 1);
	cr_assert_eq(report("out", 0, 1, "a"), 0);
	x = fixture_read(fixture_path("out/junit.xml"));
	cr_expect(strstr(x, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#39;q&#39; &quot;z&quot; "
			 "\xEF\xBF\xBD]]&gt;"), "%s", x);
	cr_expect(strstr(x, "<testsuite name=\"evil/&lt;b&gt;\""));
	cr_expect_null(strstr(x, "<script"));
	cr_expect_null(strstr(x, "<b>"));
	/* XML 1.0 cannot carry U+0001 at all, not even as &#1;. */
	cr_expect_null(strchr(x, '\x01'));
	cr_expect_null(strstr(x, "&#1;"));
	free(x);
}

Test(report_ci, incomplete_runs_are_junit_errors)
{
	char *x;

	run_dir("a", "meter/naive", 1, NULL, 1);
	run_dir("b", "meter/naive", 2, NULL, 0);
	cr_assert_eq(report("out", 0, 2, "a", "b"), 0);
	x = fixture_read(fixture_path("out/junit.xml"));
	cr_expect(strstr(x, "<testsuite name=\"meter/naive\" tests=\"3\" failures=\"0\" errors=\"1\""),
		  "%s", x);
	cr_expect(strstr(x, "name=\"run-completes\" time=\"0.000\"><error type=\"incomplete\" message=\"1 of 2 "
			 "runs left no verdict\">seed 2: "));
	cr_expect(strstr(x, "no verdict.json"));
	free(x);
}

Test(report_ci, summary_counts_targets_invariants_and_failures)
{
	json_t *s, *t, *f;

	run_dir("a", "meter/naive", 1, "\"went backwards\"", 1);
	run_dir("b", "meter/robust", 1, NULL, 1);
	run_dir("c", "meter/naive", 2, NULL, 1);
	run_dir("d", "meter/naive", 3, NULL, 0);
	cr_assert_eq(report("out", 0, 4, "a", "b", "c", "d"), 0);
	s = load("out/summary.json");
	cr_expect_str_eq(json_string_value(json_object_get(s, "kind")), "impchaos-report");
	cr_expect(json_is_false(json_object_get(s, "ok")));
	t = json_object_get(s, "totals");
	cr_expect_eq(json_integer_value(json_object_get(t, "runs")), 4);
	cr_expect_eq(json_integer_value(json_object_get(t, "ok")), 2);
	cr_expect_eq(json_integer_value(json_object_get(t, "failed")), 1);
	cr_expect_eq(json_integer_value(json_object_get(t, "incomplete")), 1);
	cr_expect_eq(json_integer_value(json_object_get(t, "checks_passed")), 5);
	cr_expect_eq(json_integer_value(json_object_get(t, "checks_failed")), 1);
	t = json_array_get(json_object_get(s, "targets"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(t, "target")), "meter/naive");
	cr_expect_eq(json_integer_value(json_object_get(t, "runs")), 3);
	cr_expect_eq(json_integer_value(json_object_get(t, "incomplete")), 1);
	t = json_array_get(json_object_get(t, "invariants"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(t, "invariant")), "inv-a");
	cr_expect_eq(json_integer_value(json_object_get(t, "pass")), 1);
	cr_expect_eq(json_integer_value(json_object_get(t, "fail")), 1);
	cr_expect_eq(json_array_size(json_object_get(s, "failures")), 1);
	f = json_array_get(json_object_get(s, "failures"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(f, "invariant")), "inv-a");
	/* An integer, as in campaign.json. */
	cr_expect(json_is_integer(json_object_get(f, "seed")));
	cr_expect_eq(json_integer_value(json_object_get(f, "seed")), 1);
	cr_expect_eq(json_integer_value(json_object_get(json_array_get(json_object_get(s, "runs"), 3),
							"seed")), 3);
	cr_expect_str_eq(json_string_value(json_object_get(f, "message")), "went backwards");
	cr_expect_str_eq(json_string_value(json_object_get(f, "replay")),
			 "impchaos run meter/naive --seed 1 --check inv-a,inv-b");
	cr_expect_str_eq(json_string_value(json_object_get(f, "page")),
			 "runs/1-meter-naive-s1.html#violation-0");
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(f, "first_violation"),
							"seq")), 5);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(s, "runs"), 3), "status")), "incomplete");
	cr_expect_eq(json_array_size(json_object_get(s, "campaigns")), 0);
	json_decref(s);
}

/* A campaign directory root/dir whose runs are runs/n1, runs/r1. */
static void campaign(const char *dir, const char *shard, int from, int count, const char *budget,
		     int checks, int mismatches)
{
	char n1[300], r1[300];

	snprintf(n1, sizeof(n1), "%s/runs/n%d", dir, from);
	snprintf(r1, sizeof(r1), "%s/runs/r%d", dir, from);
	run_dir(n1, "meter/naive", from, "\"went backwards\"", 1);
	run_dir(r1, "meter/robust", from, NULL, 1);
	put(fixture_path("%s/campaign.json", dir), "{\"kind\": \"campaign\", \"version\": \"impchaos v-test\", "
	    "\"seeds\": {\"from\": %d, \"count\": %d}, \"budget\": %s, \"shard\": %s%s%s, "
	    "\"targets\": [\"meter/naive\", \"meter/robust\"], \"determinism_checks\": {\"runs\": "
	    "%d, \"mismatches\": %d}, \"runs\": [\"runs/n%d\", \"runs/r%d\"], \"failures\": "
	    "[{\"run\": \"runs/r%d\", \"nondeterministic\": %s}]}\n", from, count, budget,
	    shard ? "\"" : "", shard ? shard : "null", shard ? "\"" : "", checks, mismatches, from,
	    from, from, mismatches ? "true" : "false");
}

Test(report_ci, campaign_directory_stands_for_its_runs_and_facts)
{
	char *index, *x;
	json_t *s, *c;

	campaign("camp", "2/4", 1, 25, "1800.0", 3, 0);
	run_dir("loose", "meter/robust", 9, NULL, 1);
	cr_assert_eq(report("out", 0, 2, "camp", "loose"), 0);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "<h2>Campaign</h2>"), "%s", index);
	cr_expect(strstr(index, "impchaos v-test"));
	/* A budget in seconds is shown as a duration. */
	cr_expect(strstr(index, "<th>budget</th><td>30m</td>"));
	cr_expect(strstr(index, "<th>shard</th><td>2/4</td>"));
	/* Shard 2/4 from seed 1 ran seeds 2, 6, ..., 2 + 24 * 4. */
	cr_expect(strstr(index, "25 seeds: 2, 6, \xE2\x80\xA6, 98 (one in 4)"), "%s", index);
	cr_expect(strstr(index, "3 runs re-checked, 0 gave another trace"));
	/* Its two runs and the loose one, in order. */
	cr_expect(strstr(index, "href=\"runs/1-meter-naive-s1.html\""));
	cr_expect(strstr(index, "href=\"runs/2-meter-robust-s1.html\""));
	cr_expect(strstr(index, "href=\"runs/3-meter-robust-s9.html\""));
	s = load("out/summary.json");
	c = json_array_get(json_object_get(s, "campaigns"), 0);
	cr_expect_str_eq(json_string_value(json_object_get(c, "budget")), "30m");
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(c, "seeds"), "last")), 98);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(
		json_object_get(s, "runs"), 0), "campaign")), fixture_path("camp"));
	cr_expect(json_is_null(json_object_get(json_array_get(json_object_get(s, "runs"), 2),
					       "campaign")));
	json_decref(s);
	x = fixture_read(fixture_path("out/junit.xml"));
	cr_expect(strstr(x, "<testcase classname=\"campaign\" name=\"determinism\" time=\"0.000\"></testcase>"));
	free(index);
	free(x);
}

Test(report_ci, two_campaigns_show_each_their_facts)
{
	char *index;

	campaign("c1", NULL, 1, 10, "\"30m\"", 0, 0);
	campaign("c2", NULL, 100, 5, "null", 2, 1);
	cr_assert_eq(report("out", 0, 2, "c1", "c2"), 0);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "<h2>Campaigns</h2>"));
	cr_expect_eq(fixture_count(index, "<table class=\"facts campaign\">"), 2);
	cr_expect(strstr(index, "10 seeds: 1 to 10"));
	cr_expect(strstr(index, "5 seeds: 100 to 104"));
	cr_expect(strstr(index, "none (a number of runs)"));
	cr_expect(strstr(index, "<span class=\"fail\">2 runs re-checked, 1 gave another trace"));
	free(index);
	index = fixture_read(fixture_path("out/junit.xml"));
	/* One determinism testcase per campaign: skipped where nothing was
	 * re-checked, failed where a re-check differed, naming the run. */
	cr_expect(strstr(index, "<testsuite name=\"campaign\" tests=\"4\" failures=\"1\" errors=\"0\" "
			 "skipped=\"1\" time=\"0.000\""), "%s", index);
	cr_expect(strstr(index, "<skipped message=\"no run was re-checked\"/>"));
	cr_expect(strstr(index, "message=\"1 of 2 re-checked runs gave a different trace hash\">"));
	cr_expect(strstr(index, "/c2/runs/r100\n"));
	free(index);
}

Test(report_ci, merge_combines_the_facts_of_shards)
{
	json_t *s, *m;
	char *index;

	/* Shards 1/3 and 3/3 of a campaign from seed 1; 2/3 never came. */
	campaign("s1", "1/3", 1, 2, "1800", 4, 0);
	campaign("s3", "3/3", 1, 2, "1800", 3, 1);
	cr_assert_eq(report("out", 1, 2, "s1/", "s3"), 0);
	s = load("out/summary.json");
	m = json_object_get(s, "campaign");
	cr_assert(m);
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(m, "seeds"), "count")), 4);
	/* Seeds run: 1, 4 (shard 1) and 3, 6 (shard 3): only seed 1 has every
	 * seed before it; the last is 6. */
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(m, "seeds"), "every_to")), 1);
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(m, "seeds"), "last")), 6);
	cr_expect_str_eq(json_string_value(json_array_get(json_object_get(m, "missing_shards"), 0)),
			 "2/3");
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(m, "determinism_checks"),
							"runs")), 7);
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(m, "determinism_checks"),
							"mismatches")), 1);
	cr_expect_str_eq(json_string_value(json_object_get(m, "budget")), "30m");
	cr_expect_eq(json_integer_value(json_object_get(json_object_get(s, "totals"), "runs")), 4);
	cr_expect_eq(json_array_size(json_object_get(s, "campaigns")), 2);
	json_decref(s);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "Campaign <span class=\"fail\">(2 of 3 shards merged)</span>"));
	cr_expect(strstr(index, "missing <code>2/3</code>"));
	cr_expect(strstr(index, "4 seeds in all: every seed from 1 to 1, and some up to 6"), "%s",
		  index);
	cr_expect(strstr(index, "<li>shard 3/3: 2 seeds: 3 and 6</li>"), "%s", index);
	free(index);
}

/* Shard K/N of a campaign from seed 1 whose one run held. */
static void passing_shard(const char *dir, int k, int n)
{
	char run[300];

	snprintf(run, sizeof(run), "%s/runs/r%d", dir, k);
	run_dir(run, "meter/robust", k, NULL, 1);
	put(fixture_path("%s/campaign.json", dir), "{\"kind\": \"campaign\", \"version\": \"v\", "
	    "\"seeds\": {\"from\": 1, \"count\": 1}, \"budget\": null, \"shard\": \"%d/%d\", "
	    "\"targets\": [\"meter/robust\"], \"determinism_checks\": {\"runs\": 0, "
	    "\"mismatches\": 0}, \"runs\": [\"runs/r%d\"], \"failures\": []}\n", k, n, k);
}

Test(report_ci, merge_of_some_shards_is_not_ok_and_says_so)
{
	json_t *s;
	char *text;

	for (int k = 1; k <= 4; k++) {
		char dir[16];

		snprintf(dir, sizeof(dir), "s%d", k);
		passing_shard(dir, k, 4);
	}
	/* Every shard, every run held: ok. */
	cr_assert_eq(report("all", 1, 4, "s1", "s2", "s3", "s4"), 0);
	s = load("all/summary.json");
	cr_expect(json_is_true(json_object_get(s, "ok")));
	json_decref(s);
	text = fixture_read(fixture_path("all/index.html"));
	cr_expect(strstr(text, "(4 of 4 shards merged)"), "%s", text);
	free(text);
	/* Two shards missing: the runs that came held, the campaign did not
	 * run whole. */
	cr_assert_eq(report("some", 1, 2, "s1", "s3"), 0);
	s = load("some/summary.json");
	cr_expect(json_is_false(json_object_get(s, "ok")));
	json_decref(s);
	text = fixture_read(fixture_path("some/index.html"));
	cr_expect(strstr(text, "<span class=\"fail\">(2 of 4 shards merged)</span>"), "%s", text);
	free(text);
	text = fixture_read(fixture_path("some/junit.xml"));
	cr_expect(strstr(text, "<failure type=\"missing-shards\" message=\"2 of 4 shards\">missing "
			 "shard 2/4\nmissing shard 4/4\n</failure>"), "%s", text);
	free(text);
}

Test(report_ci, fault_coverage_shows_scheduled_injected_and_fired_apart)
{
	char *index;

	run_dir("r1", "meter/robust", 1, NULL, 1);
	run_dir("r2", "meter/robust", 2, NULL, 1);
	/* The figures verdict.json carries (and campaign.json adds up): a
	 * point injected twice whose call came once, a cloud fault skipped. */
	put(fixture_path("r1/verdict.json"), "{\"target\": \"meter/robust\", \"seed\": \"1\", "
	    "\"ok\": true, \"invariants\": [], \"coverage\": {\"faults\": {\"agent/store/write\": "
	    "{\"scheduled\": 2, \"injected\": 2, \"fired\": 1}, \"agent/restart\": "
	    "{\"scheduled\": 1, \"injected\": 1, \"skipped\": 1}}}}\n");
	put(fixture_path("r2/verdict.json"), "{\"target\": \"meter/robust\", \"seed\": \"2\", "
	    "\"ok\": true, \"invariants\": [], \"coverage\": {\"faults\": {\"agent/store/write\": "
	    "{\"scheduled\": 3, \"injected\": 1}}}}\n");
	cr_assert_eq(report("out", 0, 2, "r1", "r2"), 0);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "<th class=\"num\">scheduled</th><th class=\"num\">injected</th>"
			 "<th class=\"num\">fired</th>"), "%s", index);
	/* runs, scheduled, injected, fired, skipped. */
	cr_expect(strstr(index, "<code>agent/store/write</code></td><td class=\"num\">2</td>"
			 "<td class=\"num\">5</td><td class=\"num\">3</td><td class=\"num\">1</td>"
			 "<td class=\"num\">0</td>"), "%s", index);
	cr_expect(strstr(index, "<code>agent/restart</code></td><td class=\"num\">1</td>"
			 "<td class=\"num\">1</td><td class=\"num\">1</td><td class=\"num\">0</td>"
			 "<td class=\"num\">1</td>"), "%s", index);
	free(index);
}

Test(report_ci, merge_refuses_what_is_not_shards_of_one_campaign)
{
	char err[1024];
	const char *argv[2];
	char a[FIXTURE_ROOT_MAX + 8], b[FIXTURE_ROOT_MAX + 8];

	campaign("s1", "1/3", 1, 2, "null", 0, 0);
	campaign("t1", "1/3", 1, 2, "null", 0, 0);
	campaign("u2", "2/2", 1, 2, "null", 0, 0);
	campaign("v2", "2/3", 7, 2, "null", 0, 0);
	run_dir("run", "meter/naive", 1, NULL, 1);
	snprintf(a, sizeof(a), "%s/s1", fixture_root);
	argv[0] = a;
	argv[1] = b;
	snprintf(b, sizeof(b), "%s/t1", fixture_root);
	cr_expect_eq(report_merge(argv, 2, fixture_path("out"), err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "are both shard 1/3: merge each shard once"), "%s", err);
	snprintf(b, sizeof(b), "%s/u2", fixture_root);
	cr_expect_eq(report_merge(argv, 2, fixture_path("out"), err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "are not shards of one campaign"), "%s", err);
	snprintf(b, sizeof(b), "%s/v2", fixture_root);
	cr_expect_eq(report_merge(argv, 2, fixture_path("out"), err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "from seed 7"), "%s", err);
	snprintf(b, sizeof(b), "%s/run", fixture_root);
	cr_expect_eq(report_merge(argv, 2, fixture_path("out"), err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "run' is not a campaign directory (no campaign.json)"), "%s", err);
	cr_expect_neq(access(fixture_path("out/index.html"), F_OK), 0);
}

Test(report_ci, campaign_listing_a_missing_run_is_refused)
{
	char err[1024];
	const char *argv[1];
	char a[FIXTURE_ROOT_MAX + 8];

	mkdirs("c");
	put(fixture_path("c/campaign.json"), "{\"kind\": \"campaign\", \"runs\": [\"runs/gone\"]}\n");
	snprintf(a, sizeof(a), "%s/c", fixture_root);
	argv[0] = a;
	cr_expect_eq(report_write(argv, 1, fixture_path("out"), err, sizeof(err)), -ENOENT);
	cr_expect(strstr(err, "c/runs/gone' is not a run directory (no scenario.json) (listed in '"),
		  "%s", err);
	put(fixture_path("c/campaign.json"), "{\"kind\": \"campaign\", \"runs\": 3}\n");
	cr_expect_eq(report_write(argv, 1, fixture_path("out"), err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "has no \"runs\" list"), "%s", err);
	put(fixture_path("c/campaign.json"), "{\"runs\": [\n");
	cr_expect_eq(report_write(argv, 1, fixture_path("out"), err, sizeof(err)), -EINVAL);
	cr_expect(strstr(err, "campaign.json' is not a campaign"), "%s", err);
}

Test(report_ci, shrunk_reproducer_goes_with_its_failure)
{
	char *index, *x;
	json_t *s, *rep;

	run_dir("a", "meter/naive", 1, "\"went backwards\"", 1);
	put(fixture_path("a/reproducer.json"), "{\"invariant\": \"inv-a\", \"faults\": \"at 5m agent/crash\\n\", "
	    "\"duration\": \"7m30s\", \"command\": \"impchaos run meter/naive --seed 1 --for 7m30s "
	    "--faults 'at 5m agent/crash'\", \"faults_before\": 40, \"faults_after\": 1}\n");
	cr_assert_eq(report("out", 0, 1, "a"), 0);
	index = fixture_read(fixture_path("out/index.html"));
	cr_expect(strstr(index, "Shrunk reproducer of <code>inv-a</code>: 1 of 40 faults, 7m30s "
			 "simulated:"), "%s", index);
	cr_expect(strstr(index, "--for 7m30s --faults &#39;at 5m agent/crash&#39;</pre>"));
	cr_expect(strstr(index, "<p>Replay the whole run:</p>"));
	x = fixture_read(fixture_path("out/junit.xml"));
	cr_expect(strstr(x, "shrunk reproducer (inv-a): 1 of 40 faults, 7m30s\n    impchaos run "
			 "meter/naive --seed 1 --for 7m30s"), "%s", x);
	s = load("out/summary.json");
	rep = json_object_get(json_array_get(json_object_get(s, "failures"), 0), "reproducer");
	cr_expect_eq(json_integer_value(json_object_get(rep, "faults_after")), 1);
	json_decref(s);
	free(index);
	free(x);
}

Test(report_ci, long_swarm_schedule_is_cut_in_the_runs_table)
{
	char sched[2000] = "", *index;
	size_t at_len = 0;

	for (int i = 0; i < 40; i++)
		at_len += (size_t)snprintf(sched + at_len, sizeof(sched) - at_len,
					   "at %dm agent/crash\\n", i + 1);
	mkdirs("a");
	put(fixture_path("a/scenario.json"), "{\"target\": \"t/v\", \"seed\": \"1\", \"faults\": \"%s\"}\n",
	    sched);
	cr_assert_eq(report("out", 0, 1, "a"), 0);
	index = fixture_read(fixture_path("out/index.html"));
	/* Cut at the end of an entry, with the count. */
	cr_expect(strstr(index, "agent/crash</code> <span class=\"muted\">\xE2\x80\xA6 40 faults in "
			 "all</span>"), "%s", index);
	cr_expect_null(strstr(index, "at 40m agent/crash"));
	free(index);
}
