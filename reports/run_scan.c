/*
 * run_scan.c - one pass over a run's events (its trace.jsonl, or the run
 * as it goes), keeping only what its page shows. Reports side (run_page.c -> run_scan.c -> plot.c).
 *
 * DESIGN
 * ------
 * The trace is read once, line by line (a 100k-event trace is never held
 * whole), and only bounded state is kept:
 *
 *   recent    the last RUN_SCAN_BEFORE events (a ring), copied into a
 *             window when the first violation of a failed invariant goes by;
 *   windows   per distinct violating seq: the events before it, the event,
 *             and the RUN_SCAN_AFTER events after it;
 *   logs      the last RUN_SCAN_LOGS "log" events (a ring);
 *   series    one downsampled plot_series per (proc, observed name) and per
 *             numeric top-level field of successful store.save tables;
 *   markers   faults and process exits, at most RUN_SCAN_MARKERS;
 *   lanes     the timeline's: device and agent incarnations, a stale
 *             duplicate, link-up periods, the agent's server, version skew,
 *             suspends;
 *   counts    of event kinds, and per fault point for the index;
 *   causes    the recent faults and platform events and when the things
 *             horizons start at were last seen, snapshotted at each
 *             violating event (scan_cause.c).
 *
 * Invariants that first fail at the same event share one window.
 *
 * The events come from trace.jsonl (run_scan_read, the verdict known up
 * front, so the violating events are known by seq) or from the run as it
 * goes (run_scan_live_*, where the checks say which event violates and the
 * verdict comes at the end). Both take every event through scan_event, so
 * they give the same state and the same page.
 */
#include "run_scan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "core/duration.h"
#include "event.h"

static const char *intern(struct run_scan *sc, const char *s)
{
	char **v, *c;

	for (size_t i = 0; i < sc->nlabels; i++)
		if (!strcmp(sc->labels[i], s))
			return sc->labels[i];
	if (!(c = strdup(s)) || !(v = realloc(sc->labels, (sc->nlabels + 1) * sizeof(*v)))) {
		free(c);
		sc->nomem = 1;
		return NULL;
	}
	sc->labels = v;
	sc->labels[sc->nlabels++] = c;
	return c;
}

static void mark(struct run_scan *sc, int64_t t, enum plot_mark_kind kind, const char *label)
{
	const char *l = intern(sc, label);

	if (!l)
		return;
	if (sc->nmarks >= RUN_SCAN_MARKERS && kind != PLOT_MARK_VIOLATION) {
		sc->marks_dropped++;
		return;
	}
	if (sc->nmarks == sc->capmarks) {
		size_t cap = sc->capmarks ? sc->capmarks * 2 : 64;
		struct plot_marker *m = realloc(sc->marks, cap * sizeof(*m));

		if (!m) {
			sc->nomem = 1;
			return;
		}
		sc->marks = m;
		sc->capmarks = cap;
	}
	sc->marks[sc->nmarks++] = (struct plot_marker){ .t = t, .kind = kind, .label = l };
}

static void series_feed(struct run_scan *sc, const char *src, const char *name, int64_t t, double v)
{
	size_t i;
	char *label;

	for (i = 0; i < sc->nseries; i++)
		if (!strcmp(sc->series_name[i], name) && !strcmp(sc->series_src[i], src))
			break;
	if (i == sc->nseries) {
		if (i == RUN_SCAN_SERIES) {
			sc->series_values_dropped++;
			return;
		}
		if (asprintf(&label, "%s %s", src, name) < 0) {
			sc->nomem = 1;
			return;
		}
		sc->series_src[i] = strdup(src);
		sc->series_name[i] = strdup(name);
		if (!sc->series_src[i] || !sc->series_name[i] ||
		    plot_series_new(&sc->series[i], label, sc->horizon) < 0) {
			free(sc->series_src[i]);
			free(sc->series_name[i]);
			free(label);
			sc->nomem = 1;
			return;
		}
		free(label);
		sc->nseries++;
	}
	plot_series_add(sc->series[i], t, v);
}

static struct run_fault *fault_stat(struct run_scan *sc, const char *name)
{
	struct report_run *r = sc->r;
	struct run_fault *v;

	for (size_t i = 0; i < r->nfaults; i++)
		if (!strcmp(r->faults[i].name, name))
			return &r->faults[i];
	if (!(v = realloc(r->faults, (r->nfaults + 1) * sizeof(*v)))) {
		sc->nomem = 1;
		return NULL;
	}
	r->faults = v;
	v = &r->faults[r->nfaults];
	*v = (struct run_fault){ .name = strdup(name) };
	if (!v->name) {
		sc->nomem = 1;
		return NULL;
	}
	r->nfaults++;
	return v;
}

/* What every scan starts with. */
static void scan_setup(struct run_scan *sc)
{
	sc->t_run_end = -1;
	sc->recent.cap = RUN_SCAN_BEFORE;
	sc->logs.cap = RUN_SCAN_LOGS;
	sc->platform.cap = RUN_SCAN_LOGS;
	sc->start_s = CLOCK_DEFAULT_START;
	sc->lanes[RUN_SCAN_AGENT].name = "agent";
	sc->lanes[RUN_SCAN_DEVICE].name = "device";
	sc->lanes[RUN_SCAN_LINK].name = "link";
	sc->lanes[RUN_SCAN_STALE].name = "stale";
	sc->lanes[RUN_SCAN_STALE].cls = "lane-stale";
	sc->lanes[RUN_SCAN_SERVER].name = "server";
	sc->lanes[RUN_SCAN_SERVER].cls = "lane-server";
	sc->lanes[RUN_SCAN_SKEW].name = "skew";
	sc->lanes[RUN_SCAN_SKEW].cls = "lane-skew";
	sc->lanes[RUN_SCAN_SUSPEND].name = "suspended";
	sc->lanes[RUN_SCAN_SUSPEND].cls = "lane-suspend";
}

/* The facts of r the scan needs: the clock's start, the duration. */
static void scan_run_facts(struct run_scan *sc, struct report_run *r)
{
	int64_t dur;

	sc->r = r;
	if (json_object_get(r->scenario, "start")) {
		sc->scenario_start = 1;
		sc->start_s = clock_start_of(r->scenario, CLOCK_DEFAULT_START);
	}
	if (!sc->horizon && duration_parse(run_field(r, "duration", ""), &dur) == 0)
		sc->horizon = dur;
}

/* The window of seq, a new one when there is none. NULL on ENOMEM. */
static struct run_scan_window *window_of(struct run_scan *sc, int64_t seq, size_t *index)
{
	size_t w;

	for (w = 0; w < sc->nwin; w++)
		if (sc->win[w].seq == seq)
			break;
	if (w == sc->nwin) {
		if (sc->nwin == sc->capwin) {
			size_t cap = sc->capwin ? sc->capwin * 2 : 4;
			struct run_scan_window *v = realloc(sc->win, cap * sizeof(*v));

			if (!v)
				return NULL;
			sc->win = v;
			sc->capwin = cap;
		}
		sc->win[w] = (struct run_scan_window){ .seq = seq, .shown_by = (size_t)-1 };
		sc->nwin++;
	}
	if (index)
		*index = w;
	return &sc->win[w];
}

/* Lists the verdict's failed invariants, each with the window of its
 * violating seq. 0 or -ENOMEM. */
static int list_failed(struct run_scan *sc)
{
	json_t *invs = json_object_get(sc->r->verdict, "invariants"), *inv;
	size_t i;

	if (!json_is_array(invs) || json_array_size(invs) == 0)
		return 0;
	if (!(sc->failed = calloc(json_array_size(invs), sizeof(*sc->failed))))
		return -ENOMEM;
	json_array_foreach(invs, i, inv) {
		struct run_scan_failed *f;
		json_t *fv = json_object_get(inv, "first_violation");
		struct run_scan_window *w;

		if (json_is_true(json_object_get(inv, "ok")))
			continue;
		f = &sc->failed[sc->nfailed];
		f->inv = i;
		f->name = event_str(inv, "invariant");
		f->message = event_str(inv, "message");
		cause_horizon(f->name, &f->hz);
		if (!json_is_object(fv) || !json_is_integer(json_object_get(fv, "seq"))) {
			sc->nfailed++;
			continue;
		}
		f->has_event = 1;
		f->seq = event_int(fv, "seq", -1);
		f->t = event_int(fv, "t", 0);
		f->fv_event = json_object_get(fv, "event");
		if (!(w = window_of(sc, f->seq, &f->win)))
			return -ENOMEM;
		if (w->shown_by == (size_t)-1)
			w->shown_by = sc->nfailed;
		sc->nfailed++;
	}
	return 0;
}

int run_scan_init(struct run_scan *sc, struct report_run *r)
{
	scan_setup(sc);
	scan_run_facts(sc, r);
	return list_failed(sc);
}

int run_scan_live_init(struct run_scan *sc)
{
	scan_setup(sc);
	sc->live = 1;
	sc->r = &sc->own;
	return 0;
}

void run_scan_release(struct run_scan *sc)
{
	size_t i, j;

	run_scan_ring_release(&sc->recent);
	run_scan_ring_release(&sc->logs);
	run_scan_ring_release(&sc->platform);
	for (i = 0; i < sc->nfailed; i++) {
		for (j = 0; j < sc->failed[i].ncause; j++)
			json_decref(sc->failed[i].cause[j]);
		json_decref(sc->failed[i].earlier);
	}
	for (i = 0; i < sc->nwin; i++) {
		for (j = 0; j < sc->win[i].nbefore; j++)
			json_decref(sc->win[i].before[j]);
		for (j = 0; j < sc->win[i].nafter; j++)
			json_decref(sc->win[i].after[j]);
		json_decref(sc->win[i].event);
		scan_cause_release_window(&sc->win[i]);
	}
	free(sc->win);
	free(sc->failed);
	for (i = 0; i < sc->nseries; i++) {
		plot_series_free(sc->series[i]);
		free(sc->series_src[i]);
		free(sc->series_name[i]);
	}
	for (i = 0; i < sc->nlabels; i++)
		free(sc->labels[i]);
	free(sc->labels);
	free(sc->marks);
	for (i = 0; i < RUN_SCAN_NLANES; i++)
		plot_lane_release(&sc->lanes[i]);
	for (i = 0; i < sc->nseen; i++)
		free((char *)sc->seen[i].key);
	for (i = 0; i < sc->own.nfaults; i++)
		free(sc->own.faults[i].name);
	free(sc->own.faults);
}

/* ---- reading the trace ---- */

static int lane_of(const char *proc)
{
	if (!proc)
		return -1;
	if (!strcmp(proc, "agent"))
		return RUN_SCAN_AGENT;
	if (!strcmp(proc, "device"))
		return RUN_SCAN_DEVICE;
	return -1;
}

/* Takes one event (borrowed) into the bounded state. */
static void scan_event(struct run_scan *sc, json_t *ev, int violates)
{
	const char *kind = event_str(ev, "ev"), *proc = event_str(ev, "proc"), *name = event_str(ev, "name");
	int64_t seq = event_int(ev, "seq", -1), t = event_int(ev, "t", 0);
	struct run_fault *fs;
	char label[256];
	size_t i;
	int lane;

	if (!kind)
		kind = "";
	sc->events++;
	if (t > sc->t_last)
		sc->t_last = t;
	for (i = 0; i < sc->nwin; i++) {
		struct run_scan_window *w = &sc->win[i];

		if (w->event && w->nafter < RUN_SCAN_AFTER)
			w->after[w->nafter++] = json_incref(ev);
	}
	/* An invariant first failed here: the trace before it and the state
	 * of things for its cause. */
	if (violates) {
		struct run_scan_window *w = window_of(sc, seq, NULL);

		if (!w) {
			sc->nomem = 1;
		} else if (!w->event) {
			for (size_t j = 0; j < sc->recent.n; j++)
				w->before[w->nbefore++] = json_incref(run_scan_ring_get(&sc->recent, j));
			w->event = json_incref(ev);
			if (scan_cause_capture(sc, w) < 0)
				sc->nomem = 1;
		}
	}
	run_scan_ring_push(&sc->recent, ev);
	scan_cause_seen(sc, ev);

	if (!strcmp(kind, "observe")) {
		json_t *v = json_object_get(ev, "value");

		if (proc && name && json_is_number(v))
			series_feed(sc, proc, name, t, json_number_value(v));
	} else if (!strcmp(kind, "store.save")) {
		json_t *table = json_object_get(ev, "table"), *v;
		const char *key;

		if (event_int(ev, "rc", -1) != 0) {
			sc->save_failed++;
		} else if (json_is_object(table)) {
			json_object_foreach(table, key, v)
				if (json_is_number(v))
					series_feed(sc, "store", key, t, json_number_value(v));
		}
	} else if (!strcmp(kind, "log")) {
		run_scan_ring_push(&sc->logs, ev);
		sc->logs_total++;
		if (proc && event_str(ev, "level") && !strcmp(event_str(ev, "level"), "error")) {
			sc->log_errors++;
			/* The text whole (a Squirrel error's stack is in it), cut
			 * at a sane length for a tooltip. */
			if (sc->error_marks++ < RUN_SCAN_ERRORS) {
				char text[1200];

				snprintf(text, sizeof(text), "%s #%lld error: %s", proc,
					 event_int(ev, "inc", 0), event_str(ev, "text") ?: "");
				mark(sc, t, PLOT_MARK_ERROR, text);
			}
		}
	} else if (!strcmp(kind, "fault") || !strcmp(kind, "fault.skip")) {
		int fired = !strcmp(kind, "fault");

		if (!name)
			name = "?";
		if (fired) {
			sc->faults_fired++;
			mark(sc, t, PLOT_MARK_FAULT, name);
		} else {
			sc->faults_skipped++;
		}
		if ((fs = fault_stat(sc, name)))
			*(fired ? &fs->fired : &fs->skipped) += 1;
	} else if (!strcmp(kind, "proc.start")) {
		const char *server = event_str(ev, "server"), *note;
		struct plot_lane *sv = &sc->lanes[RUN_SCAN_SERVER];

		snprintf(label, sizeof(label), "%s%sv%lld", server ? server : "", server ? " " : "",
			 event_int(ev, "version", 1));
		note = intern(sc, label);
		if ((lane = lane_of(proc)) >= 0 &&
		    plot_lane_open_note(&sc->lanes[lane], t, (int)event_int(ev, "inc", 0), note) < 0)
			sc->nomem = 1;
		/* The agent's server: a span per stay, from the start of the
		 * first instance there to the next move. */
		if (lane == RUN_SCAN_AGENT && server &&
		    (!sv->n || !sv->v[sv->n - 1].note || strcmp(sv->v[sv->n - 1].note, server)) &&
		    plot_lane_open_note(sv, t, (int)sv->n + 1, intern(sc, server)) < 0)
			sc->nomem = 1;
		/* Version skew: while the device and the agent run different
		 * versions of the code. */
		if (lane >= 0) {
			struct plot_lane *sk = &sc->lanes[RUN_SCAN_SKEW];

			sc->version[lane == RUN_SCAN_AGENT] = (int)event_int(ev, "version", 1);
			if (sc->version[0] == sc->version[1] || !sc->version[0] || !sc->version[1]) {
				plot_lane_close(sk, t);
			} else if (!sk->n || sk->v[sk->n - 1].to >= 0 ||
				   sc->version[0] != sc->skew[0] || sc->version[1] != sc->skew[1]) {
				snprintf(label, sizeof(label), "device v%d, agent v%d", sc->version[0],
					 sc->version[1]);
				sc->skew[0] = sc->version[0];
				sc->skew[1] = sc->version[1];
				if (plot_lane_open_note(sk, t, 0, intern(sc, label)) < 0)
					sc->nomem = 1;
			}
		}
	} else if (!strcmp(kind, "proc.exit")) {
		struct plot_lane *l;

		sc->exits++;
		/* A stale duplicate agent (agent/duplicate) exits while the live
		 * instance's span is open: that one stays open. */
		if ((lane = lane_of(proc)) >= 0 && (l = &sc->lanes[lane])->n &&
		    (!json_object_get(ev, "inc") || l->v[l->n - 1].inc == (int)event_int(ev, "inc", 0)))
			plot_lane_close(l, t);
		if (lane == RUN_SCAN_AGENT && (l = &sc->lanes[RUN_SCAN_STALE])->n &&
		    l->v[l->n - 1].inc == (int)event_int(ev, "inc", 0))
			plot_lane_close(l, t);
		if (lane == RUN_SCAN_DEVICE)
			plot_lane_close(&sc->lanes[RUN_SCAN_SUSPEND], t);
		snprintf(label, sizeof(label), "%s %s", proc ? proc : "?",
			 event_str(ev, "how") ? event_str(ev, "how") : "exited");
		mark(sc, t, PLOT_MARK_EXIT, label);
	} else if (!strcmp(kind, "agent.dedup") && json_is_integer(json_object_get(ev, "keep"))) {
		struct plot_lane *l = &sc->lanes[RUN_SCAN_AGENT];
		int keep = (int)event_int(ev, "keep", 0);

		/* The cloud kept the stale instance (stop=new): the agent lane
		 * goes on with it. */
		if ((!l->n || l->v[l->n - 1].inc != keep) &&
		    plot_lane_open_note(l, t, keep, event_str(ev, "server") ?
					intern(sc, event_str(ev, "server")) : NULL) < 0)
			sc->nomem = 1;
		plot_lane_close(&sc->lanes[RUN_SCAN_STALE], t);
	} else if (!strcmp(kind, "agent.stale")) {
		if (plot_lane_open_note(&sc->lanes[RUN_SCAN_STALE], t, (int)event_int(ev, "inc", 0),
					event_str(ev, "server") ? intern(sc, event_str(ev, "server")) :
					NULL) < 0)
			sc->nomem = 1;
	} else if (!strcmp(kind, "device.suspend")) {
		if (plot_lane_open_note(&sc->lanes[RUN_SCAN_SUSPEND], t, 0, intern(sc, "suspended")) < 0)
			sc->nomem = 1;
	} else if (!strcmp(kind, "device.resume")) {
		plot_lane_close(&sc->lanes[RUN_SCAN_SUSPEND], t);
	} else if (!strcmp(kind, "link.up")) {
		if (plot_lane_open_note(&sc->lanes[RUN_SCAN_LINK], t, 0, event_str(ev, "server") ?
					intern(sc, event_str(ev, "server")) : NULL) < 0)
			sc->nomem = 1;
	} else if (!strcmp(kind, "link.down")) {
		plot_lane_close(&sc->lanes[RUN_SCAN_LINK], t);
	} else if (!strcmp(kind, "msg.send")) {
		sc->sent++;
	} else if (!strcmp(kind, "msg.drop")) {
		sc->dropped++;
	} else if (!strcmp(kind, "msg.nohandler")) {
		sc->nohandler++;
	} else if (!strcmp(kind, "msg.sendfail")) {
		sc->sendfail++;
	} else if (!strcmp(kind, "run.end")) {
		sc->t_run_end = t;
	} else if (!strcmp(kind, "run.start")) {
		json_t *armed = json_object_get(ev, "faults"), *a;

		int64_t dur;

		if (!sc->scenario_start)
			sc->start_s = clock_start_of(ev, sc->start_s);
		if (!sc->horizon && event_str(ev, "duration") &&
		    duration_parse(event_str(ev, "duration"), &dur) == 0)
			sc->horizon = dur;

		json_array_foreach(armed, i, a)
			if (json_is_string(a) && (fs = fault_stat(sc, json_string_value(a))))
				fs->armed = 1;
	}
}

/* After the last event: a marker for each distinct first violation, in
 * time order after the trace's markers (plots fold markers per kind, each
 * kind in time order); and no markers for the exits of run.end, when the
 * harness stops both processes, which say nothing. */
static void finish(struct run_scan *sc)
{
	size_t i, j, k;

	scan_cause_resolve(sc);
	for (i = 0; i < sc->nfailed; i++) {
		const struct run_scan_failed *f = &sc->failed[i];
		char label[512];

		if (!f->has_event)
			continue;
		for (j = 0; j < i && !(sc->failed[j].has_event && sc->failed[j].seq == f->seq); j++)
			;
		if (j < i)
			continue;
		snprintf(label, sizeof(label), "first violation of %s", f->name ? f->name : "?");
		mark(sc, f->t, PLOT_MARK_VIOLATION, label);
	}
	if (sc->t_run_end >= 0) {
		for (i = k = 0; i < sc->nmarks; i++)
			if (!(sc->marks[i].kind == PLOT_MARK_EXIT && sc->marks[i].t == sc->t_run_end))
				sc->marks[k++] = sc->marks[i];
		sc->nmarks = k;
	}
	for (i = 1; i < sc->nmarks; i++) {
		struct plot_marker m = sc->marks[i];

		if (m.kind != PLOT_MARK_VIOLATION)
			continue;
		for (j = i; j > 0 && sc->marks[j - 1].kind == PLOT_MARK_VIOLATION &&
		     sc->marks[j - 1].t > m.t; j--)
			sc->marks[j] = sc->marks[j - 1];
		sc->marks[j] = m;
	}
}

/* Reads DIR/trace.jsonl line by line. A missing or unreadable trace is
 * noted in sc->trace_errno for the page, not an error of the report. */
void run_scan_read(struct run_scan *sc)
{
	char *path = NULL, *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;

	if (asprintf(&path, "%s/trace.jsonl", sc->r->dir) < 0) {
		sc->nomem = 1;
		return;
	}
	f = fopen(path, "r");
	free(path);
	if (!f) {
		sc->trace_errno = errno;
		finish(sc);
		return;
	}
	sc->r->trace_read = 1;
	while (!sc->nomem && (len = getline(&line, &cap, f)) >= 0) {
		json_t *ev;

		if (len == 0 || (len == 1 && line[0] == '\n'))
			continue;
		ev = json_loadb(line, (size_t)len, 0, NULL);
		if (json_is_object(ev)) {
			int64_t seq = event_int(ev, "seq", -1);
			int violates = 0;

			for (size_t w = 0; w < sc->nwin && !violates; w++)
				violates = sc->win[w].seq == seq;
			scan_event(sc, ev, violates);
		} else
			sc->bad_lines++;
		json_decref(ev);
	}
	if (ferror(f))
		sc->trace_errno = errno ? errno : EIO;
	free(line);
	fclose(f);
	finish(sc);
}

void run_scan_live_event(struct run_scan *sc, json_t *ev, int violates)
{
	if (!sc->nomem && json_is_object(ev))
		scan_event(sc, ev, violates);
}

int run_scan_live_resolve(struct run_scan *sc, struct report_run *r)
{
	int rc;

	scan_run_facts(sc, r);
	/* The fault counts go to the run, as run_scan_read leaves them. */
	r->faults = sc->own.faults;
	r->nfaults = sc->own.nfaults;
	sc->own.faults = NULL;
	sc->own.nfaults = 0;
	r->trace_read = 1;
	if ((rc = list_failed(sc)) < 0)
		return rc;
	finish(sc);
	return sc->nomem ? -ENOMEM : 0;
}
