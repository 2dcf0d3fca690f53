/*
 * summary.c - the report's summary.json. Reports side (report.c ->
 * summary.c -> tally.c).
 *
 * One JSON document built in memory and written at once: its size is that
 * of the verdicts, not of the traces. Keys keep the order they are added
 * in, and nothing of the wall clock or the output path goes in, so the
 * same runs give the same file.
 */
#include "summary.h"
#include "html.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tally.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *targets_json(const struct tally *t)
{
	json_t *targets = json_array(), *invs, *row;

	for (size_t r = 0; r < t->nrows; r++) {
		invs = json_array();
		for (size_t c = 0; c < t->ncols; c++) {
			const struct tally_cell *cl = tally_cell(t, r, c);

			if (cl->pass + cl->fail)
				json_array_append_new(invs, json_pack("{s:s, s:I, s:I}", "invariant",
								       t->cols[c], "pass",
								       (json_int_t)cl->pass, "fail",
								       (json_int_t)cl->fail));
		}
		row = json_pack("{s:s, s:I, s:I, s:o}", "target", t->rows[r], "runs",
				(json_int_t)t->runs[r], "incomplete", (json_int_t)t->incomplete[r],
				"invariants", invs);
		if (json_array_append_new(targets, row) < 0)
			return json_decref(targets), NULL;
	}
	return targets;
}

static json_t *camp_dir(const struct report_inputs *in, const struct report_run *r)
{
	return r->campaign >= 0 ? json_string(in->camps[r->campaign].dir) : json_null();
}

/* "runs" and "failures" together: one pass over the verdicts. */
/* A run's seed as campaign.json has it, an integer (null when the run
 * names none): scenario.json and verdict.json keep it as a string. */
static json_t *seed_of(const struct report_run *r)
{
	const char *text = run_field(r, "seed", NULL);
	char *end;
	unsigned long long v;

	if (!text || !*text)
		return json_null();
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || *end || v > (unsigned long long)LLONG_MAX)
		return json_null();
	return json_integer((json_int_t)v);
}

static int runs_json(const struct report_run *runs, size_t n, const struct report_inputs *in,
		     json_t *out_runs, json_t *out_failures)
{
	size_t i, k;
	json_t *inv;
	int rc;

	for (i = 0; i < n; i++) {
		const struct report_run *r = &runs[i];
		json_t *failed = json_array(), *run;

		json_array_foreach(json_object_get(r->verdict, "invariants"), k, inv) {
			char *page = NULL;

			if (json_is_true(json_object_get(inv, "ok")))
				continue;
			json_array_append_new(failed, json_string(tally_invariant_name(inv)));
			if (asprintf(&page, "%s#violation-%zu", r->page, k) < 0)
				return -ENOMEM;
			rc = json_array_append_new(out_failures, json_pack(
				"{s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:O, s:s, s:O}",
				"target", run_field(r, "target", "unknown"), "invariant",
				tally_invariant_name(inv), "seed", seed_of(r), "run", r->dir,
				"page", page, "campaign", camp_dir(in, r), "message",
				str_or_null(json_string_value(json_object_get(inv, "message"))),
				"first_violation", json_object_get(inv, "first_violation") ?: json_null(),
				"replay", run_replay(r), "reproducer", r->reproducer ?: json_null()));
			free(page);
			if (rc < 0)
				return -ENOMEM;
		}
		run = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:o, s:o, s:o, s:s}", "run", r->dir,
				"page", r->page, "target", run_field(r, "target", "unknown"), "seed",
				seed_of(r), "duration", run_field(r, "duration", "?"),
				"faults", run_field(r, "faults", ""), "campaign", camp_dir(in, r),
				"status", json_string(run_status(r)), "failed", failed, "replay",
				run_replay(r));
		if (run && r->no_verdict)
			json_object_set_new(run, "incomplete", json_string(r->no_verdict));
		if (run && r->verdict)
			json_object_set(run, "trace_hash", json_object_get(r->verdict, "trace_hash"));
		if (json_array_append_new(out_runs, run) < 0)
			return -ENOMEM;
	}
	return 0;
}

static json_t *summary_json(const struct report_run *runs, size_t n,
			    const struct report_inputs *in, const struct tally *t)
{
	json_t *doc, *camps = json_array(), *out_runs = json_array(), *fails = json_array();
	json_int_t checks = 0, mismatches = 0, cpass = 0, cfail = 0;
	size_t i, missing;

	for (i = 0; i < in->ncamps; i++) {
		json_t *d = json_object_get(in->camps[i].facts, "determinism_checks");

		json_array_append(camps, in->camps[i].facts);
		checks += json_integer_value(json_object_get(d, "runs"));
		mismatches += json_integer_value(json_object_get(d, "mismatches"));
	}
	for (i = 0; i < t->nrows * t->ncols; i++) {
		cpass += t->cells[i].pass;
		cfail += t->cells[i].fail;
	}
	if (!camps || !out_runs || !fails || runs_json(runs, n, in, out_runs, fails) < 0) {
		json_decref(camps);
		json_decref(out_runs);
		json_decref(fails);
		return NULL;
	}
	/* A merge that lacks shards, a campaign with runs that could not run
	 * or one stopped by a signal did not run whole. */
	missing = in->merged ? json_array_size(json_object_get(in->merged, "missing_shards")) : 0;
	for (i = 0; i < in->ncamps; i++)
		missing += json_array_size(json_object_get(in->camps[i].facts, "could_not_run")) +
			   (json_object_get(in->camps[i].facts, "interrupted") != NULL);
	doc = json_pack("{s:s, s:b, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:{s:I, s:I}}}",
			"kind", "impchaos-report", "ok",
			!t->failed && !t->nincomplete && !mismatches && !missing, "totals", "runs",
			(json_int_t)n, "ok", (json_int_t)t->ok, "failed", (json_int_t)t->failed,
			"incomplete", (json_int_t)t->nincomplete, "targets", (json_int_t)t->nrows,
			"invariants", (json_int_t)t->ncols, "checks_passed", cpass, "checks_failed",
			cfail, "failures", (json_int_t)json_array_size(fails), "determinism_checks",
			"runs", checks, "mismatches", mismatches);
	if (!doc) {
		json_decref(camps);
		json_decref(out_runs);
		json_decref(fails);
		return NULL;
	}
	if (in->merged)
		json_object_set(doc, "campaign", in->merged);
	json_object_set_new(doc, "campaigns", camps);
	json_object_set_new(doc, "targets", targets_json(t));
	json_object_set_new(doc, "runs", out_runs);
	json_object_set_new(doc, "failures", fails);
	if (!json_object_get(doc, "targets")) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}

int summary_write(const char *path, const struct report_run *runs, size_t n,
		  const struct report_inputs *in, char *err, size_t errlen)
{
	struct tally t;
	json_t *doc = NULL;
	int rc;

	if ((rc = tally_build(&t, runs, n)) < 0)
		goto out;
	if (!(doc = summary_json(runs, n, in, &t))) {
		rc = -ENOMEM;
		goto out;
	}
	rc = afile_write_json(path, doc, JSON_INDENT(2), 1);
out:
	json_decref(doc);
	tally_release(&t);
	return html_output_error(rc, path, err, errlen);
}
