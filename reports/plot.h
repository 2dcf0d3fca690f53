/*
 * plot.h - inline SVG plots for the run pages: a numeric series over
 * simulated time, downsampled as it is fed, with markers for faults,
 * process exits and the first violation; and a timeline of lanes (agent
 * and device incarnations, the link). Reports side (run_page.c -> plot.c
 * -> html.c).
 *
 * A series holds at most PLOT_BUCKETS buckets whatever the number of
 * values fed, and a plot draws at most PLOT_MAX_POINTS points, so a
 * million-event trace gives the same size of page as a small one.
 */
#ifndef IMPCHAOS_PLOT_H
#define IMPCHAOS_PLOT_H

#include <stddef.h>
#include <stdint.h>

#include "html.h"

/* Buckets of simulated time per series. Each keeps its minimum and its
 * maximum, so a bucket gives at most two points and a drop to zero inside
 * it is never smoothed away. */
#define PLOT_BUCKETS 500
#define PLOT_MAX_POINTS (2 * PLOT_BUCKETS)

struct plot_bucket {
	int64_t t_lo, t_hi;   /* when the minimum and the maximum were seen */
	double lo, hi;
	uint32_t n;           /* values in the bucket, 0 for an empty one */
};

struct plot_series {
	char *label;          /* owned: "agent total_wh", "store day_wh" */
	int64_t width;        /* simulated microseconds per bucket */
	uint64_t count;       /* values fed */
	double lo, hi;        /* over all values fed */
	int64_t t_first, t_last;
	struct plot_bucket b[PLOT_BUCKETS];
};

/* A new empty series. horizon_us is the expected end of the run (0 when
 * unknown); values past it are still taken, by widening the buckets.
 * 0 or -ENOMEM. The caller owns *out and frees it with plot_series_free. */
int plot_series_new(struct plot_series **out, const char *label, int64_t horizon_us);
void plot_series_free(struct plot_series *s);

/* Feeds one value at simulated time t (negative t counts as 0; values that
 * are not finite are ignored). */
void plot_series_add(struct plot_series *s, int64_t t, double v);

enum plot_mark_kind {
	PLOT_MARK_EXIT,       /* a process exited: dotted, drawn first */
	PLOT_MARK_FAULT,      /* a fault was injected: dashed */
	PLOT_MARK_VIOLATION,  /* an invariant's first violation: red, on top */
	PLOT_MARK_ERROR,      /* the target logged an error: a row of its own on
			       * the timeline, the text (a Squirrel error's
			       * stack with it) in the tooltip */
};

struct plot_marker {
	int64_t t;
	enum plot_mark_kind kind;
	const char *label;    /* borrowed: "agent/restart", "agent #1 stopped" */
};

/* Writes an <svg> plotting s over simulated time [0, t_end], with the
 * markers (in time order) as vertical lines. Markers that fall into the
 * same pixel column are drawn once. */
void plot_svg(struct html *h, const struct plot_series *s, int64_t t_end,
	      const struct plot_marker *m, size_t nm);

/* One interval on a timeline lane: a process incarnation or a link-up
 * period. */
struct plot_span {
	int64_t from, to;     /* to < 0: still open at the end of the trace */
	int inc;              /* incarnation, 0 for the link */
	const char *note;     /* borrowed, or NULL: "imp04 v1", shown in the span */
};

struct plot_lane {
	const char *name;     /* borrowed: "agent", "device", "link" */
	const char *cls;      /* borrowed CSS class of its spans, NULL: "lane-up" for a
			       * process, "lane-link" for inc 0 */
	struct plot_span *v;  /* owned */
	size_t n, cap;
	uint64_t dropped;     /* spans past PLOT_LANE_MAX, not kept */
};

/* Spans kept per lane. Past this the lane stops growing and says so. */
#define PLOT_LANE_MAX 20000

/* Opens a span at t (closing any open one first); 0 or -ENOMEM. */
int plot_lane_open(struct plot_lane *l, int64_t t, int inc);
/* The same with a note (borrowed). */
int plot_lane_open_note(struct plot_lane *l, int64_t t, int inc, const char *note);
/* Closes the open span, if any, at t. */
void plot_lane_close(struct plot_lane *l, int64_t t);
void plot_lane_release(struct plot_lane *l);

/* Writes an <svg> timeline of the lanes over [0, t_end] with the markers
 * as in plot_svg, a row of faults labelled by name and, when there are
 * any, a row of errors. Spans still open end at t_last, where the trace
 * ends (before t_end for a run that did not finish). Every SVG takes the
 * width of the page (viewBox, width 100%). */
void plot_timeline(struct html *h, const struct plot_lane *lanes, size_t nl, int64_t t_end,
		   int64_t t_last, const struct plot_marker *m, size_t nm);

#endif
