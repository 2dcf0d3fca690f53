/*
 * index_page.c - the report's index.html: targets x invariants with pass
 * and fail counts, the runs, every failure with its replay command, and
 * fault coverage. Reports side (report.c -> index_page.c -> html.c).
 *
 * Rows and columns of the targets x invariants table are in first-seen
 * order over the runs as given, which keeps the page a pure function of
 * its inputs. A cell is "fail" when the invariant failed in any run of
 * the target, "pass" when it held in all, "none" when no finished run
 * checked it.
 */
#include "index_page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "html.h"

struct cell {
	unsigned pass, fail;
};

/* The targets x invariants table. Strings are borrowed from the runs. */
struct matrix {
	const char **rows, **cols;
	size_t nrows, ncols;
	unsigned *runs, *incomplete;  /* per row */
	struct cell *cells;           /* nrows x ncols, row-major */
};

static const char *status_class(const char *status)
{
	return !strcmp(status, "ok") ? "pass" : !strcmp(status, "FAIL") ? "fail" : "incomplete";
}

static size_t find_or_add(const char **v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(v[i], s))
			return i;
	v[*n] = s;
	return (*n)++;
}

static void matrix_release(struct matrix *m)
{
	free(m->rows);
	free(m->cols);
	free(m->runs);
	free(m->incomplete);
	free(m->cells);
}

static int matrix_build(struct matrix *m, const struct report_run *runs, size_t n)
{
	size_t maxcols = 0, i, j;
	json_t *inv;

	for (i = 0; i < n; i++)
		maxcols += json_array_size(json_object_get(runs[i].verdict, "invariants"));
	m->rows = calloc(n + 1, sizeof(*m->rows));
	m->cols = calloc(maxcols + 1, sizeof(*m->cols));
	m->runs = calloc(n + 1, sizeof(*m->runs));
	m->incomplete = calloc(n + 1, sizeof(*m->incomplete));
	if (!m->rows || !m->cols || !m->runs || !m->incomplete)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		find_or_add(m->rows, &m->nrows, run_field(&runs[i], "target", "unknown"));
		json_array_foreach(json_object_get(runs[i].verdict, "invariants"), j, inv)
			find_or_add(m->cols, &m->ncols, json_string_value(json_object_get(inv,
							  "invariant")) ?: "?");
	}
	m->cells = calloc(m->nrows * m->ncols + 1, sizeof(*m->cells));
	if (!m->cells)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		size_t row = find_or_add(m->rows, &m->nrows, run_field(&runs[i], "target", "unknown"));

		m->runs[row]++;
		if (!runs[i].verdict)
			m->incomplete[row]++;
		json_array_foreach(json_object_get(runs[i].verdict, "invariants"), j, inv) {
			const char *name = json_string_value(json_object_get(inv, "invariant")) ?: "?";
			struct cell *c = &m->cells[row * m->ncols + find_or_add(m->cols, &m->ncols, name)];

			if (json_is_true(json_object_get(inv, "ok")))
				c->pass++;
			else
				c->fail++;
		}
	}
	return 0;
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

static void write_matrix(struct html *h, const struct matrix *m)
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
			const struct cell *cl = &m->cells[r * m->ncols + c];
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
			html_raw(h, "<code>");
			html_text(h, faults);
			html_raw(h, "</code>");
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

static void write_failures(struct html *h, const struct report_run *runs, size_t n)
{
	size_t i, k, nincomplete = 0;
	json_t *inv;
	int any = 0;

	for (i = 0; i < n; i++) {
		const struct report_run *r = &runs[i];
		const char *replay;

		if (!r->verdict) {
			nincomplete++;
			continue;
		}
		if (json_is_true(json_object_get(r->verdict, "ok")))
			continue;
		if (!any)
			html_raw(h, "<h2>Failures</h2>\n");
		any = 1;
		html_raw(h, "<div class=\"failure\"><h3><a href=\"");
		html_text(h, r->page);
		html_raw(h, "\"><code>");
		html_text(h, run_field(r, "target", "?"));
		html_raw(h, "</code> seed ");
		html_text(h, run_field(r, "seed", "?"));
		html_raw(h, "</a></h3>\n<ul>\n");
		json_array_foreach(json_object_get(r->verdict, "invariants"), k, inv) {
			if (json_is_true(json_object_get(inv, "ok")))
				continue;
			html_raw(h, "<li><a href=\"");
			html_text(h, r->page);
			html_printf(h, "#violation-%zu\"><code>", k);
			html_text(h, json_string_value(json_object_get(inv, "invariant")));
			html_raw(h, "</code></a>: ");
			html_text(h, json_string_value(json_object_get(inv, "message")));
			html_raw(h, "</li>\n");
		}
		html_raw(h, "</ul>\n<p>Replay:</p>\n<pre>");
		replay = json_string_value(json_object_get(r->verdict, "replay"));
		html_text(h, replay ? replay : run_field(r, "command", "?"));
		html_raw(h, "</pre></div>\n");
	}
	if (!nincomplete)
		return;
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
}

struct coverage {
	const char *name;
	unsigned armed, fired_runs;
	uint64_t fired, skipped;
};

static int cmp_coverage(const void *a, const void *b)
{
	return strcmp(((const struct coverage *)a)->name, ((const struct coverage *)b)->name);
}

/* Which fault points were armed in how many runs, and how often they
 * fired or were skipped, from the traces. */
static int write_coverage(struct html *h, const struct report_run *runs, size_t n)
{
	struct coverage *cov = NULL;
	size_t ncov = 0, max = 0, i, j, c;

	for (i = 0; i < n; i++)
		max += runs[i].nfaults;
	if (max == 0)
		return 0;
	if (!(cov = calloc(max, sizeof(*cov))))
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		for (j = 0; j < runs[i].nfaults; j++) {
			const struct run_fault *f = &runs[i].faults[j];

			for (c = 0; c < ncov && strcmp(cov[c].name, f->name); c++)
				;
			if (c == ncov)
				cov[ncov++].name = f->name;
			cov[c].armed += f->armed;
			cov[c].fired_runs += f->fired > 0;
			cov[c].fired += f->fired;
			cov[c].skipped += f->skipped;
		}
	}
	qsort(cov, ncov, sizeof(*cov), cmp_coverage);
	html_raw(h, "<h2>Fault coverage</h2>\n<table class=\"coverage\"><thead><tr><th>fault</th>"
		 "<th class=\"num\">runs armed</th><th class=\"num\">runs fired</th>"
		 "<th class=\"num\">times fired</th><th class=\"num\">times skipped</th></tr></thead>"
		 "<tbody>\n");
	for (c = 0; c < ncov; c++) {
		html_raw(h, "<tr><td><code>");
		html_text(h, cov[c].name);
		html_printf(h, "</code></td><td class=\"num\">%u</td><td class=\"num\">%u</td>"
			    "<td class=\"num\">%llu</td><td class=\"num\">%llu</td></tr>\n",
			    cov[c].armed, cov[c].fired_runs, (unsigned long long)cov[c].fired,
			    (unsigned long long)cov[c].skipped);
	}
	html_raw(h, "</tbody></table>\n");
	free(cov);
	return 0;
}

int index_page_write(const char *path, const struct report_run *runs, size_t n, char *err,
		     size_t errlen)
{
	struct matrix m = { 0 };
	struct html h = { 0 };
	size_t i, nok = 0, nfail = 0, ninc = 0;
	int rc, crc;

	if ((rc = matrix_build(&m, runs, n)) < 0)
		goto out;
	for (i = 0; i < n; i++) {
		const char *s = run_status(&runs[i]);

		*(!strcmp(s, "ok") ? &nok : !strcmp(s, "FAIL") ? &nfail : &ninc) += 1;
	}
	if ((rc = html_open(&h, path)) < 0)
		goto out;
	html_page_start(&h, nfail ? "impchaos report: FAIL" : "impchaos report");
	html_raw(&h, "<h1>impchaos report</h1>\n<p class=\"sub\">");
	html_printf(&h, "%zu run%s: <span class=\"pass\">%zu ok</span> <span class=\"%s\">%zu "
		    "failed</span>", n, n == 1 ? "" : "s", nok, nfail ? "fail" : "muted", nfail);
	if (ninc)
		html_printf(&h, " <span class=\"incomplete\">%zu incomplete</span>", ninc);
	html_printf(&h, " \xC2\xB7 %zu target%s \xC2\xB7 %zu invariant%s</p>\n", m.nrows,
		    m.nrows == 1 ? "" : "s", m.ncols, m.ncols == 1 ? "" : "s");
	write_matrix(&h, &m);
	write_runs(&h, runs, n);
	write_failures(&h, runs, n);
	rc = write_coverage(&h, runs, n);
	html_page_end(&h);
out:
	crc = html_close(&h);
	if (rc == 0)
		rc = crc;
	matrix_release(&m);
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	else if (rc < 0)
		snprintf(err, errlen, "cannot write '%s': %s (choose another output directory)",
			 path, strerror(-rc));
	return rc;
}
