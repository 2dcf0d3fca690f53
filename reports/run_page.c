/*
 * run_page.c - one run's HTML page. Reports side (report.c -> run_page.c
 * -> run_scan.c / event.c / plot.c -> html.c).
 *
 * The trace is read first, by run_scan, into bounded state; the page is
 * then written from that state alone, top to bottom, in the order a reader
 * asks: did it hold (the verdict), why not (each failure with its cause,
 * shrunk reproducer and replay command, cause.c), what happened when (the
 * timeline, plots of what was observed and saved), the evidence (the trace
 * around each first violation, collapsed), then the scenario's facts, the
 * last log messages, the tails of the child logs and how to replay it.
 */
#include "run_page.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cause.h"
#include "clock.h"
#include "event.h"
#include "html.h"
#include "plot.h"
#include "run_failures.h"
#include "run_scan.h"

#define CHILD_LOG_LINES 50   /* lines of agent.log / device.log shown */
#define CHILD_LOG_BYTES (32 * 1024)  /* read from the end of a child log */

const char *run_field(const struct report_run *r, const char *key, const char *fallback)
{
	const char *s = event_str(r->scenario, key);

	if (!s && r->verdict)
		s = event_str(r->verdict, key);
	return s ? s : fallback;
}

static void fact(struct html *h, const char *label, const char *value)
{
	html_printf(h, "<tr><th>%s</th><td>", label);
	html_text(h, value);
	html_raw(h, "</td></tr>\n");
}

const char *run_replay(const struct report_run *r)
{
	const char *cmd = r->verdict ? event_str(r->verdict, "replay") : NULL;

	if (!cmd)
		cmd = event_str(r->scenario, "command");
	return cmd ? cmd : "?";
}

const char *run_status(const struct report_run *r)
{
	if (!r->verdict)
		return "incomplete";
	return json_is_true(json_object_get(r->verdict, "ok")) ? "ok" : "FAIL";
}

static void write_facts(struct html *h, const struct run_scan *sc)
{
	const struct report_run *r = sc->r;
	const char *faults = run_field(r, "faults", ""), *checks = run_field(r, "checks", "");
	json_t *wd = json_object_get(r->scenario, "watchdog_s");

	html_raw(h, "<h2 id=\"scenario\">Scenario</h2>\n<table class=\"facts\">\n");
	fact(h, "target", run_field(r, "target", "?"));
	fact(h, "seed", run_field(r, "seed", "?"));
	fact(h, "duration", run_field(r, "duration", "?"));
	if (json_is_object(json_object_get(r->verdict, "cut_short"))) {
		/* --stop-at-failure: the run did not get to its duration. */
		json_t *cut = json_object_get(r->verdict, "cut_short");

		html_raw(h, "<tr><th>cut short</th><td>stopped at ");
		event_time(h, (int64_t)json_integer_value(json_object_get(cut, "t")));
		html_raw(h, ", at its first failure (<code>--stop-at-failure</code>): the invariants "
			 "that held were checked up to there, and the checks made at the end of a run "
			 "were not made</td></tr>\n");
	}
	html_raw(h, "<tr><th>faults</th><td>");
	if (*faults)
		run_schedule_write(h, faults);
	else
		html_raw(h, "none");
	html_raw(h, "</td></tr>\n");
	fact(h, "checks", *checks ? checks : "the target's own");
	if (json_is_number(wd))
		html_printf(h, "<tr><th>watchdog</th><td>%gs</td></tr>\n", json_number_value(wd));
	{
		char start[40];

		clock_format(sc->start_s, 0, start, sizeof(start));
		html_printf(h, "<tr><th>simulated clock</th><td>starts %s UTC; times below are "
			    "d+hh:mm:ss.mmm since then</td></tr>\n", start);
	}
	fact(h, "run directory", r->dir);
	if (r->verdict) {
		html_printf(h, "<tr><th>trace</th><td>%lld events, hash <code>",
			    event_int(r->verdict, "events", (long long)sc->events));
		html_text(h, event_str(r->verdict, "trace_hash"));
		html_raw(h, "</code></td></tr>\n");
	}
	html_printf(h, "<tr><th>in the trace</th><td>%llu events read up to ",
		    (unsigned long long)sc->events);
	event_time(h, sc->t_last);
	html_printf(h, "; %llu faults fired, %llu skipped; %llu process exits; %llu messages sent, "
		    "%llu dropped, %llu without handler, %llu send failures; %llu error logs; "
		    "%llu failed saves",
		    (unsigned long long)sc->faults_fired, (unsigned long long)sc->faults_skipped,
		    (unsigned long long)sc->exits, (unsigned long long)sc->sent,
		    (unsigned long long)sc->dropped, (unsigned long long)sc->nohandler,
		    (unsigned long long)sc->sendfail, (unsigned long long)sc->log_errors,
		    (unsigned long long)sc->save_failed);
	if (sc->bad_lines)
		html_printf(h, "; <b>%llu line%s not a JSON event and skipped</b>",
			    (unsigned long long)sc->bad_lines, sc->bad_lines == 1 ? " was" : "s were");
	html_raw(h, "</td></tr>\n</table>\n");
	if (sc->trace_errno == ENOENT && json_is_false(json_object_get(sc->r->verdict,
								       "trace_kept")))
		html_raw(h, "<p class=\"muted\">The campaign kept no trace of this run, which held "
			 "(<code>chaos --keep failing</code>); <code>impchaos replay</code> of its "
			 "directory makes it again.</p>\n");
	else if (sc->trace_errno == ENOENT)
		html_raw(h, "<p class=\"incomplete\">There is no trace.jsonl in the run directory."
			 "</p>\n");
	else if (sc->trace_errno)
		html_printf(h, "<p class=\"incomplete\">cannot read trace.jsonl: %s</p>\n",
			    strerror(sc->trace_errno));
}

static void write_verdict(struct html *h, const struct run_scan *sc)
{
	const struct report_run *r = sc->r;
	json_t *invs = json_object_get(r->verdict, "invariants"), *inv;
	size_t i;

	html_raw(h, "<h2 id=\"verdict\">Verdict</h2>\n");
	if (!r->verdict) {
		html_raw(h, "<p><span class=\"incomplete\">incomplete</span> ");
		html_text(h, r->no_verdict);
		html_raw(h, ": the run did not finish, so no invariant was judged.</p>\n");
		return;
	}
	html_raw(h, "<table class=\"verdict\"><thead><tr><th>invariant</th><th>result</th>"
		 "<th>message</th><th>first violation</th></tr></thead><tbody>\n");
	json_array_foreach(invs, i, inv) {
		int ok = json_is_true(json_object_get(inv, "ok"));
		json_t *fv = json_object_get(inv, "first_violation");

		html_raw(h, "<tr><td><code>");
		html_text(h, event_str(inv, "invariant"));
		html_printf(h, "</code></td><td class=\"%s\">%s</td><td>", ok ? "pass" : "fail",
			    ok ? "pass" : "FAIL");
		html_text(h, event_str(inv, "message"));
		html_raw(h, "</td><td class=\"t\">");
		if (!ok && json_is_object(fv)) {
			html_printf(h, "<a href=\"#violation-%zu\">", i);
			event_time(h, event_int(fv, "t", 0));
			html_printf(h, "</a> (seq %lld)", event_int(fv, "seq", -1));
		}
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
}

/* " = 2026-01-01" after v when the series s counts days or weeks since
 * 1970 (an EPOCH of a counter, usually). */
static void epoch_note(struct html *h, const struct run_scan *sc, const struct plot_series *s,
		       double v)
{
	int unit = clock_epoch_unit(s->lo, s->hi, sc->start_s, s->t_first, s->t_last);
	char date[48];

	if (!unit)
		return;
	clock_epoch_text(unit, v, date, sizeof(date));
	html_raw(h, " = ");
	html_text(h, date);
}

/* Plots the series observed by the targets (store 0) or saved in the
 * agent's store (store 1); those that never changed go in one table. */
static void write_series(struct html *h, const struct run_scan *sc, int store, int64_t t_end)
{
	size_t i, nconst = 0;

	for (i = 0; i < sc->nseries; i++) {
		const struct plot_series *s = sc->series[i];

		if ((strcmp(sc->series_src[i], "store") == 0) != store)
			continue;
		if (s->lo == s->hi) {
			nconst++;
			continue;
		}
		html_raw(h, "<div class=\"plot\"><h3>");
		html_text(h, s->label);
		html_printf(h, " <span class=\"muted\">(%llu values, min %.6g", (unsigned long long)s->count,
			    s->lo);
		epoch_note(h, sc, s, s->lo);
		html_printf(h, ", max %.6g", s->hi);
		epoch_note(h, sc, s, s->hi);
		html_raw(h, ")</span></h3>\n");
		plot_svg(h, s, t_end, sc->marks, sc->nmarks);
		html_raw(h, "</div>\n");
	}
	if (!nconst)
		return;
	html_printf(h, "<p>%s that never changed:</p>\n<table class=\"const\"><thead><tr>"
		    "<th>series</th><th class=\"num\">value</th><th class=\"num\">values</th>"
		    "<th>from</th><th>to</th></tr></thead><tbody>\n",
		    store ? "Saved fields" : "Observed values");
	for (i = 0; i < sc->nseries; i++) {
		const struct plot_series *s = sc->series[i];

		if ((strcmp(sc->series_src[i], "store") == 0) != store || s->lo != s->hi)
			continue;
		html_raw(h, "<tr><td>");
		html_text(h, s->label);
		html_printf(h, "</td><td class=\"num\">%.10g", s->lo);
		epoch_note(h, sc, s, s->lo);
		html_printf(h, "</td><td class=\"num\">%llu</td><td class=\"t\">",
			    (unsigned long long)s->count);
		event_time(h, s->t_first);
		html_raw(h, "</td><td class=\"t\">");
		event_time(h, s->t_last);
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
}

static void write_plots(struct html *h, const struct run_scan *sc)
{
	int64_t t_end = sc->t_last > sc->horizon ? sc->t_last : sc->horizon;

	html_raw(h, "<h2 id=\"timeline\">Timeline</h2>\n<div class=\"legend\"><span><i class=\"up\"></i>process "
		 "running / link up</span><span><i class=\"f\"></i>fault</span><span><i "
		 "class=\"x\"></i>process exit</span><span><i class=\"v\"></i>first violation</span>"
		 "<span class=\"muted\">hover for details</span></div>\n<div class=\"plot\">\n");
	{
		struct plot_lane lanes[RUN_SCAN_NLANES];
		size_t nl = 0;

		/* Device, agent and link always; the others when they have
		 * something to show. */
		for (size_t i = 0; i < RUN_SCAN_NLANES; i++)
			if (i == RUN_SCAN_DEVICE || i == RUN_SCAN_AGENT || i == RUN_SCAN_LINK ||
			    sc->lanes[i].n)
				lanes[nl++] = sc->lanes[i];
		plot_timeline(h, lanes, nl, t_end, sc->t_last, sc->marks, sc->nmarks);
	}
	html_raw(h, "</div>\n");
	if (sc->marks_dropped)
		html_printf(h, "<p class=\"muted\">%llu more faults and exits are not marked.</p>\n",
			    (unsigned long long)sc->marks_dropped);

	html_raw(h, "<h2 id=\"values\">Observed values</h2>\n");
	if (!sc->nseries) {
		html_raw(h, "<p class=\"muted\">No numeric observations or saved tables in the "
			 "trace.</p>\n");
		return;
	}
	html_raw(h, "<div class=\"legend\"><span><i class=\"s\"></i>value (min and max per "
		 "pixel)</span><span><i class=\"f\"></i>fault</span><span><i class=\"x\"></i>process "
		 "exit</span><span><i class=\"v\"></i>first violation</span></div>\n");
	/* What the targets observed comes first, then the saved store. */
	write_series(h, sc, 0, t_end);
	write_series(h, sc, 1, t_end);
	if (sc->series_values_dropped)
		html_printf(h, "<p class=\"muted\">Only the first %d series are plotted; %llu values "
			    "of further series are not.</p>\n", RUN_SCAN_SERIES,
			    (unsigned long long)sc->series_values_dropped);
}

static void write_logs(struct html *h, const struct run_scan *sc)
{
	if (sc->logs_total > sc->logs.n)
		html_printf(h, "<h2>Log (last %zu of %llu messages)</h2>\n", sc->logs.n,
			    (unsigned long long)sc->logs_total);
	else
		html_printf(h, "<h2>Log (%zu message%s)</h2>\n", sc->logs.n,
			    sc->logs.n == 1 ? "" : "s");
	if (!sc->logs.n) {
		html_raw(h, "<p class=\"muted\">The targets logged nothing.</p>\n");
		return;
	}
	html_raw(h, "<table class=\"log\"><thead><tr><th>time</th><th>proc</th><th>level</th>"
		 "<th>text</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < sc->logs.n; i++) {
		const json_t *ev = run_scan_ring_get(&sc->logs, i);
		const char *level = event_str(ev, "level");

		html_printf(h, "<tr%s><td class=\"t\">",
			    level && !strcmp(level, "error") ? " class=\"error\"" : "");
		event_time(h, event_int(ev, "t", 0));
		html_raw(h, "</td><td>");
		event_who(h, ev, "log");
		html_raw(h, "</td><td>");
		html_text(h, level);
		html_raw(h, "</td><td class=\"d\">");
		html_text(h, event_str(ev, "text"));
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody></table>\n");
}

/* The last CHILD_LOG_LINES lines of DIR/name, if it has any. Returns 1
 * when something was shown. */
static int write_child_log(struct html *h, const char *dir, const char *name)
{
	char *path = NULL, *buf;
	long size, from;
	size_t n, start, i, lines = 0;
	FILE *f;

	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return 0;
	f = fopen(path, "r");
	free(path);
	if (!f)
		return 0;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) <= 0 || !(buf = malloc(CHILD_LOG_BYTES))) {
		fclose(f);
		return 0;
	}
	from = size > CHILD_LOG_BYTES ? size - CHILD_LOG_BYTES : 0;
	fseek(f, from, SEEK_SET);
	n = fread(buf, 1, CHILD_LOG_BYTES, f);
	fclose(f);
	/* Count lines back from the end; a partial first line is dropped. */
	start = n;
	if (start > 0 && buf[start - 1] == '\n')
		start--;
	while (start > 0 && lines < CHILD_LOG_LINES) {
		start--;
		if (buf[start] == '\n' && ++lines == CHILD_LOG_LINES) {
			start++;
			break;
		}
	}
	if (start == 0 && from > 0) {
		char *nl = memchr(buf, '\n', n);

		start = nl ? (size_t)(nl - buf) + 1 : n;
	}
	for (lines = 0, i = start; i < n; i++)
		lines += buf[i] == '\n' || i == n - 1;
	html_raw(h, "<h3><code>");
	html_text(h, name);
	if (start > 0 || from > 0)
		html_printf(h, "</code> <span class=\"muted\">(the last %zu lines of %ld bytes)</span>"
			    "</h3>\n<pre>", lines, size);
	else
		html_printf(h, "</code> <span class=\"muted\">(%ld bytes)</span></h3>\n<pre>", size);
	html_textn(h, buf + start, n - start);
	html_raw(h, "</pre>\n");
	free(buf);
	return 1;
}

/* dir as one shell word. */
static void shell_word(struct html *h, const char *s)
{
	if (*s && strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-+:=@%,")
	    == strlen(s)) {
		html_text(h, s);
		return;
	}
	html_raw(h, "&#39;");
	for (; *s; s++) {
		if (*s == '\'')
			html_raw(h, "&#39;\\&#39;&#39;");
		else
			html_textn(h, s, 1);
	}
	html_raw(h, "&#39;");
}

static void write_replay(struct html *h, const struct report_run *r)
{
	const char *cmd = r->verdict ? event_str(r->verdict, "replay") : NULL;

	if (!cmd)
		cmd = event_str(r->scenario, "command");
	html_raw(h, "<h2>Replay</h2>\n");
	if (r->verdict) {
		html_raw(h, "<p>Check that this run reproduces exactly (same trace hash):</p>\n<pre>"
			 "impchaos replay ");
		shell_word(h, r->dir);
		html_raw(h, "</pre>\n");
	}
	if (cmd) {
		html_raw(h, "<p>Run the same scenario again:</p>\n<pre>");
		html_text(h, cmd);
		html_raw(h, "</pre>\n");
	}
	if (r->reproducer)
		run_reproducer_write(h, r->reproducer);
}

void run_reproducer_write(struct html *h, const json_t *rep)
{
	const char *inv = event_str(rep, "invariant"), *faults = event_str(rep, "faults");

	html_raw(h, "<div class=\"reproducer\"><p>Shrunk reproducer");
	if (inv) {
		html_raw(h, " of <code>");
		html_text(h, inv);
		html_raw(h, "</code>");
	}
	html_printf(h, ": %lld of %lld faults, ",
		    (long long)json_integer_value(json_object_get(rep, "faults_after")),
		    (long long)json_integer_value(json_object_get(rep, "faults_before")));
	html_text(h, event_str(rep, "duration") ? event_str(rep, "duration") : "?");
	html_raw(h, " simulated:</p>\n<pre>");
	html_text(h, faults && *faults ? faults : "(no faults)");
	html_raw(h, "</pre>\n<pre>");
	html_text(h, event_str(rep, "command") ? event_str(rep, "command") : "?");
	html_raw(h, "</pre></div>\n");
}

/* Entries of a schedule: separated by ';' or newlines, '#' comments not
 * counted. */
static size_t schedule_count(const char *faults)
{
	size_t n = 0;

	for (const char *p = faults; *p; p += strcspn(p, ";\n")) {
		p += strspn(p, ";\n \t");
		n += *p != '\0' && *p != '#';
	}
	return n;
}

void run_command_write(struct html *h, const struct report_run *r, const char *label)
{
	size_t n = schedule_count(run_field(r, "faults", ""));

	if (n > 3) {
		html_raw(h, "<details class=\"replay\"><summary>");
		html_text(h, label);
		html_printf(h, " (its command names %zu faults)</summary>\n<pre>", n);
	} else {
		html_raw(h, "<p>");
		html_text(h, label);
		html_raw(h, ":</p>\n<pre>");
	}
	html_text(h, run_replay(r));
	html_raw(h, n > 3 ? "</pre></details>\n" : "</pre>\n");
}

void run_schedule_write(struct html *h, const char *faults)
{
	size_t n = schedule_count(faults);
	const char *p = faults;

	if (n <= 3) {
		html_raw(h, "<code>");
		html_text(h, faults);
		html_raw(h, "</code>");
		return;
	}
	html_printf(h, "<details class=\"schedule\"><summary>%zu faults scheduled</summary><pre>", n);
	while (*p) {
		size_t len;

		p += strspn(p, ";\n \t");
		len = strcspn(p, ";\n");
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len) {
			html_textn(h, p, len);
			html_raw(h, "\n");
		}
		p += strcspn(p, ";\n");
	}
	html_raw(h, "</pre></details>");
}

static int write_page(struct html *h, struct run_scan *sc)
{
	struct report_run *r = sc->r;
	const char *status = run_status(r);
	char *title = NULL;
	int shown;

	if (asprintf(&title, "%s seed %s: %s", run_field(r, "target", "?"), run_field(r, "seed", "?"),
		     status) < 0)
		return -ENOMEM;
	html_page_start(h, title);
	html_raw(h, "<nav><a href=\"../index.html\">\xE2\x86\x90 all runs</a></nav>\n<h1>");
	html_text(h, run_field(r, "target", "?"));
	html_raw(h, " <span class=\"muted\">seed ");
	html_text(h, run_field(r, "seed", "?"));
	html_printf(h, "</span> <span class=\"%s\">%s</span></h1>\n",
		    !strcmp(status, "ok") ? "pass" : !strcmp(status, "FAIL") ? "fail" : "incomplete",
		    status);
	html_raw(h, "<p class=\"sub\">");
	html_text(h, run_field(r, "duration", "?"));
	html_raw(h, " simulated, faults: ");
	if (schedule_count(run_field(r, "faults", "")) > 3)
		html_printf(h, "%zu (<a href=\"#scenario\">the schedule</a>)",
			    schedule_count(run_field(r, "faults", "")));
	else
		html_text(h, *run_field(r, "faults", "") ? run_field(r, "faults", "") : "none");
	html_raw(h, "</p>\n");
	free(title);

	write_verdict(h, sc);
	run_failures_write(h, sc);
	write_plots(h, sc);
	run_excerpts_write(h, sc);
	if (!r->verdict && sc->recent.n) {
		html_printf(h, "<h2>Last %zu events of the trace</h2>\n", sc->recent.n);
		event_table_start(h);
		for (size_t i = 0; i < sc->recent.n; i++)
			event_row(h, run_scan_ring_get(&sc->recent, i), NULL, NULL);
		html_raw(h, "</tbody></table>\n");
	}
	write_facts(h, sc);
	write_logs(h, sc);
	html_raw(h, "<h2>Child output</h2>\n");
	shown = write_child_log(h, r->dir, "agent.log");
	shown |= write_child_log(h, r->dir, "device.log");
	if (!shown)
		html_raw(h, "<p class=\"muted\">agent.log and device.log are empty.</p>\n");
	write_replay(h, r);
	html_page_end(h);
	return sc->nomem ? -ENOMEM : 0;
}

int run_page_write(struct report_run *r, const char *path, char *err, size_t errlen)
{
	struct run_scan own = { 0 }, *sc = r->live ? r->live : &own;
	struct html h = { 0 };
	int rc, crc;

	if (r->live) {
		if ((rc = run_scan_live_resolve(sc, r)) < 0)
			goto out;
	} else {
		if ((rc = run_scan_init(sc, r)) < 0)
			goto out;
		run_scan_read(sc);
	}
	if (sc->nomem) {
		rc = -ENOMEM;
		goto out;
	}
	if ((rc = html_open(&h, path)) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s (choose another output directory)", path,
			 strerror(-rc));
		goto out;
	}
	rc = write_page(&h, sc);
	crc = html_close(&h);
	if (crc < 0 && rc == 0) {
		rc = crc;
		snprintf(err, errlen, "cannot write '%s': %s (choose another output directory)", path,
			 strerror(-crc));
	}
out:
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory writing the page of '%s'", r->dir);
	/* A live scan is its owner's to release. */
	if (!r->live)
		run_scan_release(sc);
	return rc;
}
