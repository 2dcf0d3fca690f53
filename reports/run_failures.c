/*
 * run_failures.c - the failures of a run page: each with its cause (the
 * faults and platform events before its first violation, cause.c), its
 * shrunk reproducer, its replay command and its violating event; and,
 * further down the page, the trace around each first violation,
 * collapsed. Reports side (run_page.c -> run_failures.c -> cause.c /
 * event.c / html.c).
 */
#include "run_failures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cause.h"
#include "clock.h"
#include "event.h"
#include "html.h"

/* A time as the simulated clock's date and time, with the offset. */
static void clock_time(struct html *h, const struct run_scan *sc, int64_t t)
{
	char when[40];

	clock_format(sc->start_s, t, when, sizeof(when));
	html_text(h, when);
	html_raw(h, " (");
	event_time(h, t);
	html_raw(h, ")");
}

/* Why f failed: the cause line and the candidates it was drawn from. */
static void write_cause(struct html *h, struct run_scan *sc, struct run_scan_failed *f,
			char **line, int list)
{
	char buf[1024], what[320], gap[32];

	if (!f->cause_done) {
		html_raw(h, "<p class=\"cause\"><b>Cause:</b> <span class=\"muted\">not known: the "
			 "trace does not reach the violating event</span></p>\n");
		return;
	}
	cause_headline(f->cause, f->ncause, f->earlier, f->t, sc->start_s, buf, sizeof(buf));
	if (line && !*line && !(*line = strdup(buf)))
		sc->nomem = 1;
	html_raw(h, "<p class=\"cause\"><b>Cause:</b> ");
	html_text(h, buf);
	html_raw(h, "</p>\n");
	if (!f->ncause || !list)
		return;
	html_raw(h, "<details class=\"causes\"><summary>");
	html_printf(h, "%zu fault%s and platform event%s within the horizon (", f->ncause,
		    f->ncause == 1 ? "" : "s", f->ncause == 1 ? "" : "s");
	clock_gap(f->t - f->t_from, gap, sizeof(gap));
	if (f->hz.since && f->hz.saves)
		html_textf(h, "%s: since the last successful save", gap);
	else if (f->hz.since)
		html_textf(h, "%s: since %s last held", gap, f->hz.name);
	else
		html_textf(h, "%s before the violation", gap);
	html_raw(h, "), nearest first</summary>\n<table class=\"causes\"><thead><tr><th>before</th>"
		 "<th>when</th><th>seq</th><th>what</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < f->ncause; i++) {
		const json_t *ev = f->cause[i];
		const char *kind = event_str(ev, "ev");

		clock_gap(f->t - event_int(ev, "t", 0), gap, sizeof(gap));
		cause_describe(ev, what, sizeof(what));
		html_printf(h, "<tr%s><td class=\"t\">", kind && !strcmp(kind, "fault") ? " class=\"fault\"" :
			    kind && !strcmp(kind, "log") ? " class=\"error\"" : "");
		html_text(h, gap);
		html_raw(h, "</td><td class=\"t\">");
		clock_time(h, sc, event_int(ev, "t", 0));
		html_printf(h, "</td><td class=\"num\">%lld</td><td class=\"d\">", event_int(ev, "seq", -1));
		html_text(h, what);
		html_raw(h, "</td></tr>\n");
	}
	html_raw(h, "</tbody></table></details>\n");
}

/* The shrunk reproducer in a failure: its faults on one line, its command. */
static void write_shrunk(struct html *h, const json_t *rep)
{
	const char *faults = event_str(rep, "faults"), *cmd = event_str(rep, "command");

	html_printf(h, "<p class=\"shrunk\"><b>Shrunk reproducer</b> (%lld of %lld faults, ",
		    (long long)json_integer_value(json_object_get(rep, "faults_after")),
		    (long long)json_integer_value(json_object_get(rep, "faults_before")));
	html_text(h, event_str(rep, "duration") ? event_str(rep, "duration") : "?");
	html_raw(h, "): <code>");
	html_text(h, faults && *faults ? faults : "(no faults)");
	html_raw(h, "</code></p>\n<pre>");
	html_text(h, cmd ? cmd : "?");
	html_raw(h, "</pre>\n");
}

void run_failures_write(struct html *h, struct run_scan *sc)
{
	struct report_run *r = sc->r;
	size_t ninv = json_array_size(json_object_get(r->verdict, "invariants"));
	char id[48];

	if (!sc->nfailed)
		return;
	if (!r->cause && ninv && !(r->cause = calloc(ninv, sizeof(*r->cause)))) {
		sc->nomem = 1;
		return;
	}
	r->ncause = ninv;
	html_raw(h, "<h2 id=\"failures\">Failures</h2>\n");
	for (size_t i = 0; i < sc->nfailed; i++) {
		struct run_scan_failed *f = &sc->failed[i];
		const struct run_scan_window *w = f->has_event ? &sc->win[f->win] : NULL;
		const json_t *event = w && w->event ? w->event : f->fv_event;
		const char *rinv = event_str(r->reproducer, "invariant");

		/* The id goes on the violating event's row, or on the whole
		 * failure when there is no such event. */
		snprintf(id, sizeof(id), "violation-%zu", f->inv);
		if (event)
			html_raw(h, "<div class=\"failure\">\n<h3><code>");
		else
			html_printf(h, "<div class=\"failure\" id=\"%s\">\n<h3><code>", id);
		html_text(h, f->name);
		html_raw(h, "</code> failed");
		if (f->has_event) {
			html_raw(h, " at ");
			clock_time(h, sc, f->t);
		}
		html_raw(h, "</h3>\n<p>");
		html_text(h, f->message);
		html_raw(h, "</p>\n");
		if (w && w->event && w->shown_by != i) {
			/* A second invariant broken by the same event: its
			 * cause and replay are those of the first. */
			const struct run_scan_failed *first = &sc->failed[w->shown_by];

			write_cause(h, sc, f, f->inv < ninv ? &r->cause[f->inv] : NULL, 0);
			html_printf(h, "<p class=\"muted\">The same event first broke <a href=\""
				    "#violation-%zu\"><code>", first->inv);
			html_text(h, first->name);
			html_raw(h, "</code></a>: the faults before it, the replay and the trace are "
				 "there.</p>\n");
			event_table_start(h);
			event_row(h, event, "violation", id);
			html_raw(h, "</tbody></table>\n</div>\n");
			continue;
		}
		if (event)
			write_cause(h, sc, f, f->inv < ninv ? &r->cause[f->inv] : NULL, 1);
		else
			html_raw(h, "<p class=\"muted\">No single event: the invariant was judged at the "
				 "end of the run.</p>\n");
		if (r->reproducer && (!rinv || (f->name && !strcmp(rinv, f->name))))
			write_shrunk(h, r->reproducer);
		run_command_write(h, r, r->reproducer ? "Replay the whole run" : "Replay");
		if (event) {
			html_raw(h, "<p>First violating event");
			if (w && w->event && w->shown_by == i)
				html_printf(h, " (<a href=\"#trace-%zu\">the trace around it</a>)", f->inv);
			else if (w && w->event)
				html_printf(h, " (<a href=\"#trace-%zu\">the trace around it</a>, shown "
					    "with the first violation of its invariant)",
					    sc->failed[w->shown_by].inv);
			html_raw(h, ":</p>\n");
			event_table_start(h);
			event_row(h, event, "violation", id);
			html_raw(h, "</tbody></table>\n");
		}
		html_raw(h, "</div>\n");
	}
}

/* The trace around each first violation, collapsed: evidence, below the
 * plots. */
void run_excerpts_write(struct html *h, const struct run_scan *sc)
{
	int any = 0;

	for (size_t i = 0; i < sc->nfailed; i++) {
		const struct run_scan_failed *f = &sc->failed[i];
		const struct run_scan_window *w = f->has_event ? &sc->win[f->win] : NULL;

		if (!w || w->shown_by != i)
			continue;
		if (!any)
			html_raw(h, "<h2 id=\"excerpts\">Trace around each failure</h2>\n");
		any = 1;
		if (!w->event) {
			html_printf(h, "<p class=\"muted\">The trace does not contain seq %lld, where "
				    "<code>", (long long)f->seq);
			html_text(h, f->name);
			html_raw(h, "</code> first failed, so no context can be shown.</p>\n");
			continue;
		}
		html_printf(h, "<details class=\"excerpt\" id=\"trace-%zu\"><summary>The trace around "
			    "the first violation of <code>", f->inv);
		html_text(h, f->name);
		html_printf(h, "</code> (seq %lld; %zu events before, %zu after)</summary>\n",
			    (long long)f->seq, w->nbefore, w->nafter);
		event_table_start(h);
		for (size_t j = 0; j < w->nbefore; j++)
			event_row(h, w->before[j], NULL, NULL);
		event_row(h, w->event, "violation", NULL);
		for (size_t j = 0; j < w->nafter; j++)
			event_row(h, w->after[j], NULL, NULL);
		html_raw(h, "</tbody></table></details>\n");
	}
}

