/*
 * index_page.c - the report's index.html: campaign facts, targets x
 * invariants with pass and fail counts, the runs, every failure with its
 * replay command and shrunk reproducer, and fault coverage. Reports side
 * (report.c -> index_page.c -> tally.c / html.c).
 *
 * A cell of the targets x invariants table is "fail" when the invariant
 * failed in any run of the target, "pass" when it held in all, "none"
 * when no finished run checked it (tally.c counts them).
 */
#include "index_page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "index_groups.h"
#include "tally.h"

/* Bytes of a fault schedule shown in the runs table. */
#define SCHEDULE_SHOWN 120

static const char *status_class(const char *status)
{
	return !strcmp(status, "ok") ? "pass" : !strcmp(status, "FAIL") ? "fail" : "incomplete";
}

/* An invariant's name with break opportunities after ':' and '/'. */
static void breakable(struct html *h, const char *s)
{
	size_t n;

	while (*s) {
		n = strcspn(s, ":/");
		html_textn(h, s, n + (s[n] ? 1 : 0));
		s += n;
		if (*s) {
			html_raw(h, "<wbr>");
			s++;
		}
	}
}

static void write_matrix(struct html *h, const struct tally *m)
{
	size_t r, c;

	html_raw(h, "<h2>Targets \xC3\x97 invariants</h2>\n<table class=\"matrix\"><thead><tr>"
		 "<th>target</th><th>runs</th>");
	for (c = 0; c < m->ncols; c++) {
		html_raw(h, "<th><code>");
		breakable(h, m->cols[c]);
		html_raw(h, "</code></th>");
	}
	html_raw(h, "</tr></thead><tbody>\n");
	for (r = 0; r < m->nrows; r++) {
		html_raw(h, "<tr><th><code>");
		html_text(h, m->rows[r]);
		html_printf(h, "</code></th><td class=\"num\">%u", m->runs[r]);
		if (m->incomplete[r])
			html_printf(h, " <span class=\"incomplete\">%u incomplete</span>",
				    m->incomplete[r]);
		html_raw(h, "</td>");
		for (c = 0; c < m->ncols; c++) {
			const struct tally_cell *cl = tally_cell(m, r, c);
			const char *cls = cl->fail ? "fail" : cl->pass ? "pass" : "none";

			html_printf(h, "<td class=\"%s\" data-invariant=\"", cls);
			html_text(h, m->cols[c]);
			html_raw(h, "\">");
			if (cl->fail)
				html_printf(h, "%u fail \xC2\xB7 %u pass", cl->fail, cl->pass);
			else if (cl->pass)
				html_printf(h, "%u pass", cl->pass);
			else
				html_raw(h, "\xE2\x80\x94");
			html_raw(h, "</td>");
		}
		html_raw(h, "</tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
}

/* A fault schedule in the runs table: swarm schedules run to dozens of
 * entries, so a long one is cut after SCHEDULE_SHOWN bytes (at an entry's
 * end when there is one) and its length said; its run page has it all. */
static void write_schedule(struct html *h, const char *faults)
{
	size_t len = strlen(faults), cut = len, n = 0;
	const char *p;

	for (p = faults; *p; p += strcspn(p, ";\n")) {
		p += strspn(p, ";\n \t");
		n += *p != '\0' && *p != '#';
	}
	if (len > SCHEDULE_SHOWN) {
		cut = SCHEDULE_SHOWN;
		while (cut > SCHEDULE_SHOWN / 2 && faults[cut] != ';' && faults[cut] != '\n')
			cut--;
		if (cut == SCHEDULE_SHOWN / 2)
			cut = SCHEDULE_SHOWN;
		while (cut > 0 && ((unsigned char)faults[cut] & 0xC0) == 0x80)
			cut--;
	}
	html_raw(h, "<code>");
	html_textn(h, faults, cut);
	html_raw(h, "</code>");
	if (cut < len)
		html_printf(h, " <span class=\"muted\">\xE2\x80\xA6 %zu faults in all</span>", n);
}

static void write_runs(struct html *h, const struct report_run *runs, size_t n)
{
	html_raw(h, "<h2>Runs</h2>\n<table class=\"runs\"><thead><tr><th class=\"num\">#</th>"
		 "<th>target</th><th>seed</th><th>duration</th><th>faults</th><th>result</th>"
		 "<th class=\"num\">events</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct report_run *r = &runs[i];
		const char *status = run_status(r), *faults = run_field(r, "faults", "");

		html_printf(h, "<tr><td class=\"num\">%zu</td><td><a href=\"", i + 1);
		html_text(h, r->page);
		html_raw(h, "\"><code>");
		html_text(h, run_field(r, "target", "?"));
		html_raw(h, "</code></a></td><td>");
		html_text(h, run_field(r, "seed", "?"));
		html_raw(h, "</td><td>");
		html_text(h, run_field(r, "duration", "?"));
		html_raw(h, "</td><td>");
		if (*faults) {
			write_schedule(h, faults);
		} else {
			html_raw(h, "<span class=\"muted\">none</span>");
		}
		html_printf(h, "</td><td class=\"%s\">%s</td><td class=\"num\">", status_class(status),
			    status);
		if (r->verdict)
			html_printf(h, "%lld", (long long)json_integer_value(
						 json_object_get(r->verdict, "events")));
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
}

/* The failures, grouped (index_groups.c), then the runs that did not
 * finish. */
static int write_failures(struct html *h, const struct report_run *runs, size_t n,
			  const struct report_inputs *in)
{
	size_t i, nincomplete = 0;
	int rc = index_groups_write(h, runs, n, in);

	for (i = 0; i < n; i++)
		nincomplete += !runs[i].verdict;
	if (rc < 0 || !nincomplete)
		return rc;
	html_raw(h, "<h2>Incomplete runs</h2>\n<ul>\n");
	for (i = 0; i < n; i++) {
		if (runs[i].verdict)
			continue;
		html_raw(h, "<li><a href=\"");
		html_text(h, runs[i].page);
		html_raw(h, "\"><code>");
		html_text(h, run_field(&runs[i], "target", "?"));
		html_raw(h, "</code> seed ");
		html_text(h, run_field(&runs[i], "seed", "?"));
		html_raw(h, "</a> (<code>");
		html_text(h, runs[i].dir);
		html_raw(h, "</code>): ");
		html_text(h, runs[i].no_verdict);
		html_raw(h, "</li>\n");
	}
	html_raw(h, "</ul>\n");
	return 0;
}

/* One fault's line of the coverage table, added up over the runs. */
struct coverage {
	const char *name;
	unsigned runs;                  /* runs whose schedule had it */
	json_int_t scheduled, injected, fired, skipped;
};

static int cmp_coverage(const void *a, const void *b)
{
	return strcmp(((const struct coverage *)a)->name, ((const struct coverage *)b)->name);
}

static json_int_t count_of(const json_t *entry, const char *what)
{
	return json_integer_value(json_object_get(entry, what));
}

/* Each fault's figures from the runs' verdict.json "coverage", the same
 * that campaign.json adds up: scheduled (entries of a schedule), injected
 * (times an entry struck), fired (times the fault acted: a cloud fault
 * when it struck, a point when a call failed) and skipped. An injected
 * point that no call reached is injected but not fired. */
static int write_coverage(struct html *h, const struct report_run *runs, size_t n)
{
	struct coverage *cov = NULL;
	size_t ncov = 0, max = 0, i, c;
	const char *name;
	json_t *entry;

	for (i = 0; i < n; i++)
		max += json_object_size(json_object_get(json_object_get(runs[i].verdict, "coverage"),
							"faults"));
	if (max == 0)
		return 0;
	if (!(cov = calloc(max, sizeof(*cov))))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		json_t *faults = json_object_get(json_object_get(runs[i].verdict, "coverage"), "faults");

		json_object_foreach(faults, name, entry) {
			for (c = 0; c < ncov && strcmp(cov[c].name, name); c++)
				;
			if (c == ncov)
				cov[ncov++].name = name;
			cov[c].runs += count_of(entry, "scheduled") > 0;
			cov[c].scheduled += count_of(entry, "scheduled");
			cov[c].injected += count_of(entry, "injected");
			cov[c].fired += count_of(entry, "fired");
			cov[c].skipped += count_of(entry, "skipped");
		}
	}
	qsort(cov, ncov, sizeof(*cov), cmp_coverage);
	html_raw(h, "<h2>Fault coverage</h2>\n<p class=\"muted\">scheduled: entries of the runs' "
		 "schedules; injected: times an entry struck; fired: times the fault acted (a "
		 "point fires only when a call reaches it); skipped: injected with nothing to act "
		 "on</p>\n<table class=\"coverage\"><thead><tr><th>fault</th>"
		 "<th class=\"num\">runs</th><th class=\"num\">scheduled</th>"
		 "<th class=\"num\">injected</th><th class=\"num\">fired</th>"
		 "<th class=\"num\">skipped</th></tr></thead><tbody>\n");
	for (c = 0; c < ncov; c++) {
		html_raw(h, "<tr><td><code>");
		html_text(h, cov[c].name);
		html_printf(h, "</code></td><td class=\"num\">%u</td><td class=\"num\">%lld</td>"
			    "<td class=\"num\">%lld</td><td class=\"num\">%lld</td>"
			    "<td class=\"num\">%lld</td></tr>\n", cov[c].runs,
			    (long long)cov[c].scheduled, (long long)cov[c].injected,
			    (long long)cov[c].fired, (long long)cov[c].skipped);
	}
	html_raw(h, "</tbody></table>\n");
	free(cov);
	return 0;
}

/* ---- campaign facts ---- */

static void fact_start(struct html *h, const char *label)
{
	html_printf(h, "<tr><th>%s</th><td>", label);
}

/* A fact that may be a string or, when shards disagree, an array. */
static void fact_text(struct html *h, const char *label, const json_t *v, const char *fallback,
		      const char *suffix)
{
	char *s = campaign_text(v, fallback);

	fact_start(h, label);
	if (json_is_array(v) && json_array_size(v) > 1)
		html_raw(h, "<span class=\"incomplete\">differs between shards:</span> ");
	html_text(h, s ? s : fallback);
	html_raw(h, suffix);
	html_raw(h, "</td></tr>\n");
	free(s);
}

static json_int_t int_at(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* "250 seeds: 2, 6, ..., 998 (every 4th)" from a shard's seeds. */
static void seeds_text(struct html *h, const json_t *s)
{
	json_int_t count = int_at(s, "count"), first = int_at(s, "first"), last = int_at(s, "last");
	json_int_t step = int_at(s, "step");

	if (count <= 0)
		html_raw(h, "none");
	else if (count == 1)
		html_printf(h, "1 seed: %lld", (long long)first);
	else if (step <= 1)
		html_printf(h, "%lld seeds: %lld to %lld", (long long)count, (long long)first,
			    (long long)last);
	else if (count == 2)
		html_printf(h, "2 seeds: %lld and %lld", (long long)first, (long long)last);
	else if (count == 3)
		html_printf(h, "3 seeds: %lld, %lld and %lld", (long long)first,
			    (long long)(first + step), (long long)last);
	else
		html_printf(h, "%lld seeds: %lld, %lld, \xE2\x80\xA6, %lld (one in %lld)",
			    (long long)count, (long long)first, (long long)(first + step),
			    (long long)last, (long long)step);
}

static void merged_seeds(struct html *h, const json_t *s)
{
	const json_t *every = json_object_get(s, "every_to"), *sh;
	size_t i;

	html_printf(h, "%lld seeds in all", (long long)int_at(s, "count"));
	if (json_is_integer(every))
		html_printf(h, ": every seed from %lld to %lld", (long long)int_at(s, "from"),
			    (long long)json_integer_value(every));
	if (json_is_integer(json_object_get(s, "last")) &&
	    (!json_is_integer(every) || int_at(s, "last") > json_integer_value(every)))
		html_printf(h, "%s up to %lld", json_is_integer(every) ? ", and some" : ", some",
			    (long long)int_at(s, "last"));
	html_raw(h, "<ul class=\"shards\">");
	json_array_foreach(json_object_get(s, "shards"), i, sh) {
		html_raw(h, "<li>shard ");
		html_text(h, json_string_value(json_object_get(sh, "shard")));
		html_raw(h, ": ");
		seeds_text(h, sh);
		html_raw(h, "</li>");
	}
	html_raw(h, "</ul>");
}

static void list_text(struct html *h, const json_t *a, const char *empty)
{
	const json_t *v;
	size_t i;

	if (!json_array_size(a))
		html_raw(h, empty);
	json_array_foreach(a, i, v) {
		html_raw(h, i ? ", <code>" : "<code>");
		html_text(h, json_string_value(v));
		html_raw(h, "</code>");
	}
}

/* One campaign's facts (or the merged ones) and how its runs went. */
/* What the campaign did not do, in red: runs that could not run (each
 * with why) and a stop by a signal. */
static void write_incomplete(struct html *h, const json_t *f)
{
	const json_t *cnr = json_object_get(f, "could_not_run"), *e;
	size_t i;

	if (json_is_string(json_object_get(f, "interrupted"))) {
		fact_start(h, "stopped");
		html_raw(h, "<span class=\"fail\">by ");
		html_text(h, json_string_value(json_object_get(f, "interrupted")));
		html_raw(h, ": the runs below are what finished</span></td></tr>\n");
	}
	if (!json_array_size(cnr))
		return;
	fact_start(h, "could not run");
	html_printf(h, "<span class=\"fail\">%zu run%s</span><ul>", json_array_size(cnr),
		    json_array_size(cnr) == 1 ? "" : "s");
	json_array_foreach(cnr, i, e) {
		if (i == 20) {
			html_printf(h, "<li>and %zu more</li>", json_array_size(cnr) - 20);
			break;
		}
		html_raw(h, "<li><code>");
		html_text(h, json_string_value(json_object_get(e, "run")) ?: "?");
		html_raw(h, "</code>: ");
		html_text(h, json_string_value(json_object_get(e, "why")) ?: "no verdict");
		html_raw(h, "</li>");
	}
	html_raw(h, "</ul></td></tr>\n");
}

/* The campaign's distinct failures (its groups by signature): each with
 * its failing runs and the reproducer of its representative, or why it
 * has none. */
static void write_groups(struct html *h, const json_t *f)
{
	const json_t *groups = json_object_get(f, "groups"), *g, *rep;
	size_t i;

	if (!json_is_array(groups))
		return;
	fact_start(h, "distinct failures");
	html_printf(h, "<span class=\"%s\">%zu</span>", json_array_size(groups) ? "fail" : "pass",
		    json_array_size(groups));
	if (json_array_size(groups))
		html_raw(h, "<ul>");
	json_array_foreach(groups, i, g) {
		rep = json_object_get(g, "reproducer");
		html_raw(h, "<li><code>");
		html_text(h, json_string_value(json_object_get(g, "signature")));
		html_printf(h, "</code>: %lld failing run%s", (long long)int_at(g, "runs"),
			    int_at(g, "runs") == 1 ? "" : "s");
		if (json_is_object(rep)) {
			html_printf(h, "; seed %lld shrunk to %lld of %lld faults: <code>",
				    (long long)int_at(g, "representative_seed"),
				    (long long)int_at(rep, "faults_after"),
				    (long long)int_at(rep, "faults_before"));
			html_text(h, json_string_value(json_object_get(rep, "command")));
			html_raw(h, "</code>");
		} else {
			html_raw(h, "; <span class=\"muted\">");
			html_text(h, json_string_value(json_object_get(g, "unshrunk_why")) ?: "not shrunk");
			html_raw(h, "</span>");
		}
		html_raw(h, "</li>");
	}
	if (json_array_size(groups))
		html_raw(h, "</ul>");
	html_raw(h, "</td></tr>\n");
}

static void write_facts(struct html *h, const json_t *f, const struct report_run *runs,
			size_t n, int camp)
{
	const json_t *seeds = json_object_get(f, "seeds"), *det;
	const json_t *unc = json_object_get(f, "uncovered");
	json_int_t checks, bad;
	size_t i, nfail = 0, nrun = 0;

	for (i = 0; i < n; i++) {
		if (camp >= 0 && runs[i].campaign != camp)
			continue;
		nrun++;
		nfail += !strcmp(run_status(&runs[i]), "FAIL");
	}
	html_raw(h, "<table class=\"facts campaign\">\n");
	fact_start(h, json_object_get(f, "dirs") ? "directories" : "directory");
	if (json_object_get(f, "dirs")) {
		list_text(h, json_object_get(f, "dirs"), "");
	} else {
		html_raw(h, "<code>");
		html_text(h, json_string_value(json_object_get(f, "dir")));
		html_raw(h, "</code>");
	}
	html_raw(h, "</td></tr>\n");
	fact_text(h, "version", json_object_get(f, "version"), "unknown", "");
	if (json_object_get(f, "shards")) {
		fact_start(h, "shards");
		list_text(h, json_object_get(f, "shards"), "none");
		if (json_array_size(json_object_get(f, "missing_shards"))) {
			html_raw(h, " <span class=\"fail\">missing ");
			list_text(h, json_object_get(f, "missing_shards"), "");
			html_raw(h, "</span>");
		}
		html_raw(h, "</td></tr>\n");
		fact_start(h, "seeds");
		merged_seeds(h, seeds);
	} else {
		fact_text(h, "shard", json_object_get(f, "shard"), "none (all seeds)", "");
		fact_start(h, "seeds");
		seeds_text(h, seeds);
	}
	html_raw(h, "</td></tr>\n");
	fact_text(h, "budget", json_object_get(f, "budget"), "none (a number of runs)", "");
	if (!json_is_null(json_object_get(f, "duration")))
		fact_text(h, "duration", json_object_get(f, "duration"), "?", " simulated per run");
	fact_start(h, "targets");
	list_text(h, json_object_get(f, "targets"), "?");
	html_raw(h, "</td></tr>\n");
	fact_start(h, "runs");
	html_printf(h, "%zu, <span class=\"%s\">%zu failed</span></td></tr>\n", nrun,
		    nfail ? "fail" : "pass", nfail);
	write_groups(h, f);
	det = json_object_get(f, "determinism_checks");
	checks = int_at(det, "runs");
	bad = int_at(det, "mismatches");
	fact_start(h, "determinism");
	html_printf(h, "<span class=\"%s\">%lld run%s re-checked, %lld gave another trace</span>"
		    "</td></tr>\n", bad ? "fail" : checks ? "pass" : "muted", (long long)checks,
		    checks == 1 ? "" : "s", (long long)bad);
	write_incomplete(h, f);
	if (json_is_array(unc)) {
		fact_start(h, "never fired");
		list_text(h, unc, "<span class=\"pass\">every catalogued fault fired</span>");
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</table>\n");
}

static void write_campaigns(struct html *h, const struct report_run *runs, size_t n,
			    const struct report_inputs *in)
{
	if (in->merged) {
		size_t of = in->ncamps + json_array_size(json_object_get(in->merged, "missing_shards"));

		/* A merge of some of the shards is visible in its heading. */
		html_printf(h, "<h2>Campaign <span class=\"%s\">(%zu of %zu shards merged)</span></h2>\n",
			    of > in->ncamps ? "fail" : "muted", in->ncamps, of);
		write_facts(h, in->merged, runs, n, -1);
		return;
	}
	if (in->ncamps == 1) {
		html_raw(h, "<h2>Campaign</h2>\n");
		write_facts(h, in->camps[0].facts, runs, n, 0);
		return;
	}
	if (in->ncamps)
		html_raw(h, "<h2>Campaigns</h2>\n");
	for (size_t i = 0; i < in->ncamps; i++) {
		html_raw(h, "<h3><code>");
		html_text(h, in->camps[i].dir);
		html_raw(h, "</code></h3>\n");
		write_facts(h, in->camps[i].facts, runs, n, (int)i);
	}
}

int index_page_write(const char *path, const struct report_run *runs, size_t n,
		     const struct report_inputs *in, char *err, size_t errlen)
{
	struct tally m;
	struct html h = { 0 };
	int rc, crc;

	if ((rc = tally_build(&m, runs, n)) < 0)
		goto out;
	if ((rc = html_open(&h, path)) < 0)
		goto out;
	html_page_start(&h, m.failed ? "impchaos report: FAIL" : "impchaos report");
	html_raw(&h, "<h1>impchaos report</h1>\n<p class=\"sub\">");
	html_printf(&h, "%zu run%s: <span class=\"pass\">%u ok</span> <span class=\"%s\">%u "
		    "failed</span>", n, n == 1 ? "" : "s", m.ok, m.failed ? "fail" : "muted",
		    m.failed);
	if (m.nincomplete)
		html_printf(&h, " <span class=\"incomplete\">%u incomplete</span>", m.nincomplete);
	html_printf(&h, " \xC2\xB7 %zu target%s \xC2\xB7 %zu invariant%s \xC2\xB7 "
		    "<a href=\"junit.xml\">junit.xml</a> \xC2\xB7 <a href=\"summary.json\">"
		    "summary.json</a></p>\n", m.nrows, m.nrows == 1 ? "" : "s", m.ncols,
		    m.ncols == 1 ? "" : "s");
	write_campaigns(&h, runs, n, in);
	write_matrix(&h, &m);
	write_runs(&h, runs, n);
	if ((rc = write_failures(&h, runs, n, in)) == 0)
		rc = write_coverage(&h, runs, n);
	html_page_end(&h);
out:
	crc = html_close(&h);
	if (rc == 0)
		rc = crc;
	tally_release(&m);
	return html_output_error(rc, path, err, errlen);
}
