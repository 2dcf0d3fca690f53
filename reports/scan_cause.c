/*
 * scan_cause.c - the scanner's part of finding causes: when the things
 * an invariant's horizon starts at were last seen, a snapshot of them and
 * of the recent faults and platform events at each violating event, and,
 * once the verdict is known, each failure's causes from its snapshot.
 * Reports side (run_scan.c -> scan_cause.c -> cause.c).
 *
 * The snapshot is taken at the event, before the verdict is known, so the
 * same code serves a trace read after the run and a run fed as it goes.
 * The rings of recent events the scan keeps are here too.
 */
#include "run_scan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

void run_scan_ring_push(struct run_scan_ring *r, json_t *ev)
{
	json_incref(ev);
	if (r->n < r->cap) {
		r->v[(r->head + r->n++) % r->cap] = ev;
		return;
	}
	json_decref(r->v[r->head]);
	r->v[r->head] = ev;
	r->head = (r->head + 1) % r->cap;
}

json_t *run_scan_ring_get(const struct run_scan_ring *r, size_t i)
{
	return r->v[(r->head + i) % r->cap];
}

void run_scan_ring_release(struct run_scan_ring *r)
{
	for (size_t i = 0; i < r->n; i++)
		json_decref(run_scan_ring_get(r, i));
	r->n = 0;
}

static void seen_at(struct run_scan *sc, const char *prefix, const char *name, int64_t t)
{
	char key[CAUSE_KEY_MAX];
	size_t i;

	snprintf(key, sizeof(key), "%s%s", prefix, name ? name : "");
	for (i = 0; i < sc->nseen; i++)
		if (!strcmp(sc->seen[i].key, key)) {
			sc->seen[i].t = t;
			return;
		}
	if (sc->nseen == RUN_SCAN_SEEN)
		return;
	if (!(sc->seen[sc->nseen].key = strdup(key))) {
		sc->nomem = 1;
		return;
	}
	sc->seen[sc->nseen++].t = t;
}

void scan_cause_seen(struct run_scan *sc, const json_t *ev)
{
	const char *kind = event_str(ev, "ev"), *name = event_str(ev, "name"), *key;
	int64_t t = event_int(ev, "t", 0);
	json_t *v;

	if (!kind)
		return;
	if (!strcmp(kind, "observe") && name) {
		seen_at(sc, "o:", name, t);
	} else if (!strcmp(kind, "store.save") && event_int(ev, "rc", -1) == 0) {
		seen_at(sc, "S", NULL, t);
		json_object_foreach(json_object_get(ev, "table"), key, v)
			seen_at(sc, "s:", key, t);
	} else if (!strcmp(kind, "msg.deliver") && name && event_str(ev, "to") &&
		   !strcmp(event_str(ev, "to"), "device")) {
		seen_at(sc, "d:", name, t);
	}
	/* The run's own start (the first instances, the first connection)
	 * is no cause of anything. */
	if (!strcmp(kind, "link.up") && sc->link_ups++ == 0)
		return;
	if (!strcmp(kind, "proc.start") && event_int(ev, "inc", 0) == 1)
		return;
	if (cause_candidate(ev))
		run_scan_ring_push(&sc->platform, (json_t *)ev);
}

int scan_cause_capture(struct run_scan *sc, struct run_scan_window *w)
{
	for (size_t i = 0; i < sc->platform.n; i++)
		w->plat[w->nplat++] = json_incref(run_scan_ring_get(&sc->platform, i));
	if (!sc->nseen)
		return 0;
	if (!(w->seen = malloc(sc->nseen * sizeof(*w->seen))))
		return -1;
	memcpy(w->seen, sc->seen, sc->nseen * sizeof(*w->seen));
	w->nseen = sc->nseen;
	return 0;
}

void scan_cause_release_window(struct run_scan_window *w)
{
	for (size_t i = 0; i < w->nplat; i++)
		json_decref(w->plat[i]);
	w->nplat = 0;
	free(w->seen);
	w->seen = NULL;
	w->nseen = 0;
}

/* Where f's horizon starts, from the snapshot of w. */
static int64_t horizon_from(const struct run_scan_failed *f, const struct run_scan_window *w)
{
	char keys[2][CAUSE_KEY_MAX];
	size_t nk = cause_keys(&f->hz, keys);
	int64_t from = 0;

	if (!f->hz.since)
		from = f->t - f->hz.window;
	for (size_t k = 0; k < nk; k++)
		for (size_t i = 0; i < w->nseen; i++)
			if (!strcmp(w->seen[i].key, keys[k]) && w->seen[i].t > from)
				from = w->seen[i].t;
	return from < 0 ? 0 : from;
}

/* The candidates of f within its horizon, nearest first (the nearest
 * injected fault kept however many came after it), and what came before
 * the horizon (cause.h, cause_headline). */
static void causes_of(struct run_scan_failed *f, const struct run_scan_window *w)
{
	int fault = 0;

	f->cause_done = 1;
	f->t_from = horizon_from(f, w);
	for (size_t j = w->nplat; j-- > 0;) {
		json_t *c = w->plat[j];
		int is_fault = !strcmp(event_str(c, "ev"), "fault");

		if (event_int(c, "t", 0) < f->t_from) {
			/* Before the horizon: the nearest injected fault when
			 * none is in it, else (nothing in it) the nearest event. */
			if (fault || (!is_fault && f->ncause))
				continue;
			if (!f->earlier || is_fault) {
				json_decref(f->earlier);
				f->earlier = json_incref(c);
			}
			if (is_fault)
				break;
			continue;
		}
		if (f->ncause < CAUSE_MAX) {
			f->cause[f->ncause++] = json_incref(c);
			fault |= is_fault;
		} else if (is_fault && !fault) {
			json_decref(f->cause[CAUSE_MAX - 1]);
			f->cause[CAUSE_MAX - 1] = json_incref(c);
			fault = 1;
		}
	}
}

void scan_cause_resolve(struct run_scan *sc)
{
	for (size_t i = 0; i < sc->nfailed; i++) {
		struct run_scan_failed *f = &sc->failed[i];

		if (f->has_event && !f->cause_done && sc->win[f->win].event)
			causes_of(f, &sc->win[f->win]);
	}
}
