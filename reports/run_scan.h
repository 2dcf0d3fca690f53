/*
 * run_scan.h - one pass over a run's events (its trace.jsonl, or the run
 * as it goes), keeping only what its page shows. Reports side (run_page.c
 * -> run_scan.c -> plot.c); the state
 * is read by run_page.c, which writes the page from it alone.
 */
#ifndef IMPCHAOS_RUN_SCAN_H
#define IMPCHAOS_RUN_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "cause.h"
#include "plot.h"
#include "run_page.h"

#define RUN_SCAN_BEFORE 30       /* trace events kept before a first violation */
#define RUN_SCAN_AFTER 10        /* and after it */
#define RUN_SCAN_LOGS 50         /* last "log" events kept */
#define RUN_SCAN_SERIES 32       /* series kept; values of more are counted, not kept */
#define RUN_SCAN_MARKERS 20000   /* fault and exit markers kept; plots thin them per pixel */

/* The timeline's lanes: the device's incarnations, the live agent
 * instance's, a stale duplicate's (agent/duplicate), the link, the server
 * the agent runs on, version skew (the device and the agent run different
 * versions of the code), device suspends. The first
 * RUN_SCAN_FIXED are always drawn, the others when they have a span. */
enum {
	RUN_SCAN_DEVICE, RUN_SCAN_AGENT, RUN_SCAN_STALE, RUN_SCAN_LINK, RUN_SCAN_SERVER,
	RUN_SCAN_SKEW, RUN_SCAN_SUSPEND, RUN_SCAN_NLANES
};
#define RUN_SCAN_ERRORS 500      /* error markers kept */

/* The last cap events of some kind, oldest first through
 * run_scan_ring_get. Holds a reference to each. */
struct run_scan_ring {
	json_t *v[RUN_SCAN_LOGS];
	size_t cap, head, n;  /* head: the oldest; cap <= RUN_SCAN_LOGS */
};

/* When something was last seen: "o:NAME" observed, "s:FIELD" saved, "S"
 * any successful save, "d:MSG" delivered to the device (cause.h). */
struct run_scan_seen {
	const char *key;      /* owned by run_scan.seen, borrowed by windows */
	int64_t t;
};

#define RUN_SCAN_SEEN 256        /* keys tracked; more are not */

/* The trace around one violating event. */
struct run_scan_window {
	int64_t seq;
	json_t *before[RUN_SCAN_BEFORE];
	size_t nbefore;
	json_t *event;        /* NULL until the trace reaches seq */
	json_t *after[RUN_SCAN_AFTER];
	size_t nafter;
	size_t shown_by;      /* index into failed[] of the invariant that shows it */
	/* As things stood at the event, for the causes (scan_cause.c): the
	 * faults and platform events before it, and the seen times. */
	json_t *plat[RUN_SCAN_LOGS];
	size_t nplat;
	struct run_scan_seen *seen;   /* owned array, keys borrowed */
	size_t nseen;
};

/* A failed invariant of the verdict. */
struct run_scan_failed {
	size_t inv;           /* index in the verdict's invariants: "violation-<inv>" */
	const char *name, *message;   /* borrowed from the verdict */
	const json_t *fv_event;       /* the verdict's copy of the event, or NULL */
	int64_t seq, t;
	int has_event;        /* the verdict names a first violating event */
	size_t win;           /* index into win[] when has_event */
	/* Its cause (cause.h): the candidates within the horizon before the
	 * violating event, nearest first; the nearest one before the horizon
	 * when there are none in it. References held. */
	struct cause_horizon hz;
	int64_t t_from;       /* where the horizon starts */
	json_t *cause[CAUSE_MAX];
	size_t ncause;
	json_t *earlier;
	int cause_done;       /* the violating event went by */
};

struct run_scan {
	struct report_run *r;
	int64_t horizon;      /* the scenario's duration, 0 when unknown */
	int64_t t_last;       /* time of the last event read */
	int64_t t_run_end;    /* time of run.end, -1 if the trace has none */
	int64_t start_s;      /* the calendar start of the simulated clock (clock.h) */
	struct run_scan_ring recent, logs;
	struct run_scan_ring platform;   /* the last faults and platform events */
	struct run_scan_failed *failed;
	size_t nfailed;
	struct run_scan_window *win;  /* one per distinct violating seq */
	size_t nwin, capwin;
	struct run_scan_seen seen[RUN_SCAN_SEEN];
	size_t nseen;
	uint64_t link_ups;
	int live;             /* fed as the run goes (run_scan_live_*), verdict unknown */
	int scenario_start;   /* the scenario records the clock's start */
	struct report_run own;   /* live: holds the fault counts until the run is known */
	struct plot_series *series[RUN_SCAN_SERIES];
	char *series_src[RUN_SCAN_SERIES];   /* "agent", "device" or "store" */
	char *series_name[RUN_SCAN_SERIES];
	size_t nseries;
	uint64_t series_values_dropped;
	struct plot_marker *marks;    /* each kind in time order */
	size_t nmarks, capmarks;
	uint64_t marks_dropped;
	char **labels;        /* interned marker labels, owned */
	size_t nlabels;
	struct plot_lane lanes[RUN_SCAN_NLANES];
	int version[2];       /* code version of the device [0] and the agent [1], 0 unknown */
	int skew[2];          /* the versions of the last skew span */
	uint64_t error_marks;
	int trace_errno;      /* why trace.jsonl could not be read, 0 if it could */
	uint64_t events, logs_total, bad_lines, faults_fired, faults_skipped, exits, sent, dropped,
		 nohandler, sendfail, log_errors, save_failed;
	int nomem;            /* something was not kept for want of memory */
};

/* Prepares sc for r: lists the verdict's failed invariants and a window
 * for each distinct violating seq. 0 or -ENOMEM; release sc either way. */
int run_scan_init(struct run_scan *sc, struct report_run *r);

/* Reads DIR/trace.jsonl line by line into sc and fills r->faults. A
 * missing or unreadable trace is noted in sc->trace_errno, lines that are
 * not JSON objects in sc->bad_lines. Then adds a marker for each first
 * violation. Failure to allocate sets sc->nomem. */
void run_scan_read(struct run_scan *sc);

void run_scan_release(struct run_scan *sc);

/* The same state fed as a run goes, before its verdict exists: init, one
 * run_scan_live_event per trace event (violates: an invariant first
 * failed at it), then run_scan_live_resolve with the run once its verdict
 * is written, which lists the failures as run_scan_init would and finds
 * their causes. The page written from it equals the one written from the
 * trace. 0 or -ENOMEM (release sc either way). */
int run_scan_live_init(struct run_scan *sc);
void run_scan_live_event(struct run_scan *sc, json_t *ev, int violates);
int run_scan_live_resolve(struct run_scan *sc, struct report_run *r);

/* scan_cause.c: notes when the things a horizon starts at were last seen;
 * snapshots them and the platform events into a window at its violating
 * event; finds each failure's causes from its window's snapshot. */
void scan_cause_seen(struct run_scan *sc, const json_t *ev);
int scan_cause_capture(struct run_scan *sc, struct run_scan_window *w);
void scan_cause_resolve(struct run_scan *sc);
void scan_cause_release_window(struct run_scan_window *w);

/* Event i (0 = oldest) of the ring, borrowed. */
json_t *run_scan_ring_get(const struct run_scan_ring *r, size_t i);
/* Adds a reference to ev, dropping the oldest when full; releases all. */
void run_scan_ring_push(struct run_scan_ring *r, json_t *ev);
void run_scan_ring_release(struct run_scan_ring *r);

#endif
