/*
 * junit.c - the report's junit.xml. Reports side (report.c -> junit.c ->
 * tally.c / html.c).
 *
 * DESIGN
 * ------
 * A testsuite per target ("power_meter/naive") and a testcase per target x
 * invariant, aggregated over every run of the target: the same cells as
 * index.html. Not a testcase per run: CI test views (GitHub and GitLab
 * test summaries, Jenkins) track a test's history by its name, and a
 * campaign's runs are seeds that change from night to night in number and
 * value, so per-run names would make every night's tests new, and a
 * 3000-run campaign would show 15000 rows in which the few failures drown.
 * "counter-monotonic:total_wh of power_meter/robust" is the question CI
 * asks each night. A failing testcase carries one <failure>: its message
 * attribute says in how many runs it failed and the first message; its
 * text gives, for each failing run (the first JUNIT_DETAILS of them), the
 * seed, the run directory, the message, the first violating event, the
 * replay command and any shrunk reproducer. summary.json lists them all.
 * A campaign that grouped its failures by signature (chaos_group.c) gets
 * one entry per group instead, with the group's representative and its
 * reproducer, and a count of the other members.
 *
 * Runs that left no verdict add an <error> testcase "run-completes" to
 * their target's suite; a campaign adds a suite "campaign" with a
 * "determinism" testcase (failed when a re-checked run gave another trace,
 * skipped when none was re-checked) and a "completed" one (an error when
 * runs could not run or a signal stopped it); a merge adds "shards"
 * (failed when shards are missing).
 *
 * html_text's escaping is also right for XML 1.0: & < > " ' become
 * entities, and control characters (which XML cannot carry even as
 * character references) and invalid UTF-8 become U+FFFD.
 *
 * Times come from the verdicts (each run's "started" and "wall_s"), never
 * from the clock when the report is written, so the same runs still give
 * the same file: a testcase's time is the wall-clock seconds of the runs
 * that checked it, a testsuite's those of its target's runs, and a
 * testsuite's timestamp the start of its first run (UTC, ISO 8601). The
 * campaign's own testcases are judgements of the runs and take no time.
 */
#include "junit.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "tally.h"

#define JUNIT_DETAILS 20        /* failing runs detailed in one <failure> */
#define JUNIT_EVENT_MAX 2000    /* bytes of a violating event's JSON shown */

struct suite_counts {
	unsigned tests, failures, errors, skipped;
};

/* The wall-clock seconds of r (0 for a run without a verdict, or one
 * written before verdicts had them). */
static double run_wall(const struct report_run *r)
{
	return r->verdict ? json_number_value(json_object_get(r->verdict, "wall_s")) : 0;
}

/* The earliest "started" of the runs of target (every run when NULL), or
 * NULL when none has one. ISO 8601 in UTC compares as text. */
static const char *first_start(const struct report_run *runs, size_t n, const char *target)
{
	const char *first = NULL, *s;
	size_t i;

	for (i = 0; i < n; i++) {
		if (target && strcmp(run_field(&runs[i], "target", "unknown"), target))
			continue;
		s = runs[i].verdict ? json_string_value(json_object_get(runs[i].verdict, "started"))
				    : NULL;
		if (s && (!first || strcmp(s, first) < 0))
			first = s;
	}
	return first;
}

/* Seconds of the runs of target that checked invariant (every invariant
 * when NULL; every target when target is NULL). */
static double wall_of(const struct report_run *runs, size_t n, const char *target,
		      const char *invariant)
{
	double sum = 0;
	size_t i, k;

	for (i = 0; i < n; i++) {
		if (target && strcmp(run_field(&runs[i], "target", "unknown"), target))
			continue;
		if (invariant && !tally_find(&runs[i], invariant, &k))
			continue;
		sum += run_wall(&runs[i]);
	}
	return sum;
}

/* ' timestamp="..."' when one is known. */
static void write_timestamp(struct html *h, const char *ts)
{
	if (!ts)
		return;
	html_raw(h, " timestamp=\"");
	html_text(h, ts);
	html_raw(h, "\"");
}

/* Counts of target row r. */
static struct suite_counts row_counts(const struct tally *t, size_t r)
{
	struct suite_counts s = { 0 };

	for (size_t c = 0; c < t->ncols; c++) {
		const struct tally_cell *cl = tally_cell(t, r, c);

		s.tests += cl->pass + cl->fail > 0;
		s.failures += cl->fail > 0;
	}
	if (t->incomplete[r]) {
		s.tests++;
		s.errors++;
	}
	return s;
}

/* The determinism facts to show: the merged ones, or each campaign's. */
static const json_t *camp_facts(const struct report_inputs *in, size_t i)
{
	return in->merged ? in->merged : in->camps[i].facts;
}

static size_t camp_count(const struct report_inputs *in)
{
	return in->merged ? 1 : in->ncamps;
}

static json_int_t det(const json_t *facts, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(facts, "determinism_checks"),
						  key));
}

static void reproducer_text(struct html *h, const json_t *rep)
{
	html_textf(h, "  shrunk reproducer (%s): %lld of %lld faults, %s\n    ",
		   json_string_value(json_object_get(rep, "invariant")) ?: "?",
		   (long long)json_integer_value(json_object_get(rep, "faults_after")),
		   (long long)json_integer_value(json_object_get(rep, "faults_before")),
		   json_string_value(json_object_get(rep, "duration")) ?: "?");
	html_text(h, json_string_value(json_object_get(rep, "command")) ?: "?");
	html_raw(h, "\n");
}

/* The group of failures run r belongs to in the campaign that listed it
 * (campaign.json's "groups"), or NULL; *rep says whether r is the group's
 * representative. */
static const json_t *group_of(const struct report_inputs *in, const struct report_run *r,
			      int *rep)
{
	const json_t *g, *m;
	size_t i, j, len = strlen(r->dir);

	*rep = 0;
	if (!in || r->campaign < 0 || (size_t)r->campaign >= in->ncamps)
		return NULL;
	json_array_foreach(json_object_get(in->camps[r->campaign].raw, "groups"), i, g) {
		json_array_foreach(json_object_get(g, "members"), j, m) {
			const char *run = json_string_value(json_object_get(m, "run"));
			const char *rp = json_string_value(json_object_get(g, "representative"));
			size_t rl = run ? strlen(run) : 0;

			if (!run || rl >= len || r->dir[len - rl - 1] != '/' ||
			    strcmp(r->dir + len - rl, run))
				continue;
			*rep = rp && !strcmp(rp, run);
			return g;
		}
	}
	return NULL;
}

/* The <failure> of invariant col of target row over runs[0..n). A run of
 * a campaign that grouped its failures is detailed only when it is its
 * group's representative, headed by the group: one entry per distinct
 * failure, with its reproducer; the other members are counted. */
static void write_failure(struct html *h, const struct tally *t, size_t row, size_t col,
			  const struct report_run *runs, size_t n, const struct report_inputs *in)
{
	const struct tally_cell *cl = tally_cell(t, row, col);
	size_t i, k, shown = 0, others = 0;
	int first = 1;

	for (i = 0; i < n; i++) {
		const struct report_run *r = &runs[i];
		json_t *inv;

		if (strcmp(run_field(r, "target", "unknown"), t->rows[row]))
			continue;
		inv = tally_find(r, t->cols[col], &k);
		if (!inv || json_is_true(json_object_get(inv, "ok")))
			continue;
		if (first) {
			html_printf(h, "<failure type=\"invariant\" message=\"failed in %u of %u runs "
				    "(seed ", cl->fail, cl->fail + cl->pass);
			html_text(h, run_field(r, "seed", "?"));
			html_raw(h, "): ");
			html_text(h, json_string_value(json_object_get(inv, "message")));
			html_raw(h, "\">");
			first = 0;
		}
		{
			int rep;
			const json_t *g = group_of(in, r, &rep);

			if (g && !rep) {
				others++;
				continue;
			}
			if (shown++ == JUNIT_DETAILS) {
				html_printf(h, "... and more failing runs (summary.json lists them all)\n");
				break;
			}
			if (g) {
				html_printf(h, "distinct failure %lld of the campaign, %lld failing runs: ",
					    (long long)json_integer_value(json_object_get(g, "id")),
					    (long long)json_integer_value(json_object_get(g, "runs")));
				html_text(h, json_string_value(json_object_get(g, "signature")));
				html_raw(h, "\n");
				if (!json_is_true(json_object_get(g, "shrunk"))) {
					html_raw(h, "  not shrunk: ");
					html_text(h, json_string_value(json_object_get(g, "unshrunk_why")));
					html_raw(h, "\n");
				}
			}
		}
		html_raw(h, "seed ");
		html_text(h, run_field(r, "seed", "?"));
		html_raw(h, ": ");
		html_text(h, r->dir);
		html_raw(h, "\n  ");
		html_text(h, json_string_value(json_object_get(inv, "message")));
		html_raw(h, "\n  first violating event: ");
		html_json(h, json_object_get(json_object_get(inv, "first_violation"), "event"),
			  JUNIT_EVENT_MAX);
		html_raw(h, "\n  replay: ");
		html_text(h, run_replay(r));
		html_raw(h, "\n");
		if (r->reproducer)
			reproducer_text(h, r->reproducer);
		html_printf(h, "  page: %s#violation-%zu\n", r->page, k);
	}
	if (others)
		html_printf(h, "%zu more failing runs of these distinct failures, not shrunk "
			    "(campaign.json's groups list them with their replay commands)\n", others);
	html_raw(h, "</failure>");
}

static void write_incomplete(struct html *h, const struct tally *t, size_t row,
			     const struct report_run *runs, size_t n)
{
	html_raw(h, "<testcase classname=\"");
	html_text(h, t->rows[row]);
	html_printf(h, "\" name=\"run-completes\" time=\"0.000\"><error type=\"incomplete\" message=\"%u of %u runs "
		    "left no verdict\">", t->incomplete[row], t->runs[row]);
	for (size_t i = 0; i < n; i++) {
		if (runs[i].verdict || strcmp(run_field(&runs[i], "target", "unknown"), t->rows[row]))
			continue;
		html_raw(h, "seed ");
		html_text(h, run_field(&runs[i], "seed", "?"));
		html_raw(h, ": ");
		html_text(h, runs[i].dir);
		html_raw(h, ": ");
		html_text(h, runs[i].no_verdict);
		html_raw(h, "\n");
	}
	html_raw(h, "</error></testcase>\n");
}

/* Runs a campaign's campaign.json names as nondeterministic. */
static void write_mismatches(struct html *h, const struct report_inputs *in)
{
	const json_t *f;
	size_t i, j;

	for (i = 0; i < in->ncamps; i++) {
		json_array_foreach(json_object_get(in->camps[i].raw, "failures"), j, f) {
			if (!json_is_true(json_object_get(f, "nondeterministic")))
				continue;
			html_text(h, in->camps[i].dir);
			html_raw(h, "/");
			html_text(h, json_string_value(json_object_get(f, "run")));
			html_raw(h, "\n");
		}
	}
}

/* A merge's "shards" testcase: failed when shards are missing, so that
 * CI sees a partial campaign as such. */
static void write_shards_case(struct html *h, const json_t *merged)
{
	const json_t *missing = json_object_get(merged, "missing_shards"), *v;
	size_t got = json_array_size(json_object_get(merged, "shards")), i;

	html_raw(h, "<testcase classname=\"campaign\" name=\"shards\" time=\"0.000\">");
	if (json_array_size(missing)) {
		html_printf(h, "<failure type=\"missing-shards\" message=\"%zu of %zu shards\">",
			    got, got + json_array_size(missing));
		json_array_foreach(missing, i, v) {
			html_raw(h, "missing shard ");
			html_text(h, json_string_value(v));
			html_raw(h, "\n");
		}
		html_raw(h, "</failure>");
	}
	html_raw(h, "</testcase>\n");
}

/* Whether a campaign's facts say it did not run whole. */
static int incomplete(const json_t *f)
{
	return json_array_size(json_object_get(f, "could_not_run")) ||
	       json_object_get(f, "interrupted");
}

/* Each campaign's "completed" testcase: an error when runs could not run
 * or a signal stopped it. */
static void write_completed_case(struct html *h, const json_t *f, int named)
{
	const json_t *cnr = json_object_get(f, "could_not_run"), *e;
	size_t i;

	html_raw(h, "<testcase classname=\"campaign\" name=\"completed");
	if (named) {
		html_raw(h, ": ");
		html_text(h, json_string_value(json_object_get(f, "dir")));
	}
	html_raw(h, "\" time=\"0.000\">");
	if (incomplete(f)) {
		html_printf(h, "<error type=\"incomplete\" message=\"%zu runs could not run",
			    json_array_size(cnr));
		if (json_is_string(json_object_get(f, "interrupted"))) {
			html_raw(h, "; stopped by ");
			html_text(h, json_string_value(json_object_get(f, "interrupted")));
		}
		html_raw(h, "\">");
		json_array_foreach(cnr, i, e) {
			html_text(h, json_string_value(json_object_get(e, "run")) ?: "?");
			html_raw(h, ": ");
			html_text(h, json_string_value(json_object_get(e, "why")) ?: "no verdict");
			html_raw(h, "\n");
		}
		html_raw(h, "</error>");
	}
	html_raw(h, "</testcase>\n");
}

/* Counts of the "campaign" suite: per campaign (or merge) "determinism"
 * and "completed", and a merge's "shards". */
static struct suite_counts campaign_counts(const struct report_inputs *in)
{
	struct suite_counts s = { 0 };
	size_t i, nc = camp_count(in);

	for (i = 0; i < nc; i++) {
		s.tests += 2;
		s.failures += det(camp_facts(in, i), "mismatches") > 0;
		s.skipped += det(camp_facts(in, i), "runs") == 0;
		s.errors += incomplete(camp_facts(in, i)) != 0;
	}
	if (in->merged) {
		s.tests++;
		s.failures += json_array_size(json_object_get(in->merged, "missing_shards")) > 0;
	}
	return s;
}

static void write_campaign_suite(struct html *h, const struct report_inputs *in,
				 const struct report_run *runs, size_t n)
{
	size_t i, nc = camp_count(in);
	struct suite_counts s = campaign_counts(in);

	html_printf(h, "<testsuite name=\"campaign\" tests=\"%u\" failures=\"%u\" errors=\"%u\" "
		    "skipped=\"%u\" time=\"0.000\"", s.tests, s.failures, s.errors, s.skipped);
	write_timestamp(h, first_start(runs, n, NULL));
	html_raw(h, ">\n");
	if (in->merged)
		write_shards_case(h, in->merged);
	for (i = 0; i < nc; i++)
		write_completed_case(h, camp_facts(in, i), nc > 1);
	for (i = 0; i < nc; i++) {
		const json_t *f = camp_facts(in, i);
		json_int_t runs = det(f, "runs"), bad = det(f, "mismatches");

		html_raw(h, "<testcase classname=\"campaign\" name=\"determinism");
		if (nc > 1) {
			html_raw(h, ": ");
			html_text(h, json_string_value(json_object_get(f, "dir")));
		}
		html_raw(h, "\" time=\"0.000\">");
		if (bad > 0) {
			html_printf(h, "<failure type=\"nondeterminism\" message=\"%lld of %lld "
				    "re-checked runs gave a different trace hash\">", (long long)bad,
				    (long long)runs);
			if (!in->merged && in->ncamps > 1) {
				struct report_inputs one = *in;

				one.camps = &in->camps[i];
				one.ncamps = 1;
				write_mismatches(h, &one);
			} else {
				write_mismatches(h, in);
			}
			html_raw(h, "</failure>");
		} else if (runs == 0) {
			html_raw(h, "<skipped message=\"no run was re-checked\"/>");
		}
		html_raw(h, "</testcase>\n");
	}
	html_raw(h, "</testsuite>\n");
}

int junit_write(const char *path, const struct report_run *runs, size_t n,
		const struct report_inputs *in, char *err, size_t errlen)
{
	struct suite_counts all = { 0 }, s;
	struct tally t;
	struct html h = { 0 };
	size_t r, c;
	int rc, crc;

	if ((rc = tally_build(&t, runs, n)) < 0)
		goto out;
	for (r = 0; r < t.nrows; r++) {
		s = row_counts(&t, r);
		all.tests += s.tests;
		all.failures += s.failures;
		all.errors += s.errors;
	}
	s = campaign_counts(in);
	all.tests += s.tests;
	all.failures += s.failures;
	all.errors += s.errors;
	all.skipped += s.skipped;
	if ((rc = html_open(&h, path)) < 0)
		goto out;
	html_printf(&h, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"impchaos\" "
		    "tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\"",
		    all.tests, all.failures, all.errors, all.skipped, wall_of(runs, n, NULL, NULL));
	write_timestamp(&h, first_start(runs, n, NULL));
	html_raw(&h, ">\n");
	for (r = 0; r < t.nrows; r++) {
		s = row_counts(&t, r);
		html_raw(&h, "<testsuite name=\"");
		html_text(&h, t.rows[r]);
		html_printf(&h, "\" tests=\"%u\" failures=\"%u\" errors=\"%u\" skipped=\"0\" "
			    "time=\"%.3f\"", s.tests, s.failures, s.errors,
			    wall_of(runs, n, t.rows[r], NULL));
		write_timestamp(&h, first_start(runs, n, t.rows[r]));
		html_printf(&h, ">\n<properties><property name=\"runs\" value=\"%u\"/></properties>\n",
			    t.runs[r]);
		for (c = 0; c < t.ncols; c++) {
			const struct tally_cell *cl = tally_cell(&t, r, c);

			if (cl->pass + cl->fail == 0)
				continue;
			html_raw(&h, "<testcase classname=\"");
			html_text(&h, t.rows[r]);
			html_raw(&h, "\" name=\"");
			html_text(&h, t.cols[c]);
			html_printf(&h, "\" time=\"%.3f\">", wall_of(runs, n, t.rows[r], t.cols[c]));
			if (cl->fail)
				write_failure(&h, &t, r, c, runs, n, in);
			html_raw(&h, "</testcase>\n");
		}
		if (t.incomplete[r])
			write_incomplete(&h, &t, r, runs, n);
		html_raw(&h, "</testsuite>\n");
	}
	if (camp_count(in))
		write_campaign_suite(&h, in, runs, n);
	html_raw(&h, "</testsuites>\n");
out:
	crc = html_close(&h);
	if (rc == 0)
		rc = crc;
	tally_release(&t);
	return html_output_error(rc, path, err, errlen);
}
