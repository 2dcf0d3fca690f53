/*
 * plot.c - inline SVG plots for the run pages: downsampled series,
 * markers, timeline lanes. Reports side (run_page.c -> plot.c -> html.c).
 *
 * DESIGN
 * ------
 * A series is a fixed array of PLOT_BUCKETS time buckets of equal width,
 * starting at t = 0. The width is first chosen so the expected run fits;
 * when a value lands past the last bucket, neighbouring buckets are merged
 * pairwise and the width doubles, as often as needed. Each bucket keeps the
 * minimum and the maximum with their times, so the plot keeps every spike
 * and every drop a pixel column could show while memory and output stay
 * bounded by the bucket count, not by the trace.
 *
 * Invariants: every value fed is in bucket t / width; buckets at and past
 * PLOT_BUCKETS / 2 are empty right after a merge.
 *
 * Markers and lane spans are kept in time order by the caller and thinned
 * when drawn: those that fall into the pixel already drawn for their kind
 * are folded into it, with the count in its tooltip.
 */
#include "plot.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"

/* Geometry of every plot, in SVG user units (pixels at 100%). */
#define PW 1000          /* whole width */
#define ML 72            /* left margin, for value labels */
#define MR 14
#define MT 18            /* top margin: room for the rugs of dense markers */
#define MB 24            /* bottom margin, for time labels */
#define PLOT_H 150       /* whole height of a series plot */
#define LANE_H 18
#define LANE_GAP 6
#define IW (PW - ML - MR)

int plot_series_new(struct plot_series **out, const char *label, int64_t horizon_us)
{
	struct plot_series *s = calloc(1, sizeof(*s));

	if (!s || !(s->label = strdup(label))) {
		free(s);
		return -ENOMEM;
	}
	/* One more microsecond per bucket puts t == horizon in the last
	 * bucket rather than one past it. */
	s->width = horizon_us > 0 ? horizon_us / PLOT_BUCKETS + 1 : 1000000;
	*out = s;
	return 0;
}

void plot_series_free(struct plot_series *s)
{
	if (!s)
		return;
	free(s->label);
	free(s);
}

static void bucket_merge(struct plot_bucket *into, const struct plot_bucket *b)
{
	if (b->n == 0)
		return;
	if (into->n == 0) {
		*into = *b;
		return;
	}
	if (b->lo < into->lo) {
		into->lo = b->lo;
		into->t_lo = b->t_lo;
	}
	if (b->hi > into->hi) {
		into->hi = b->hi;
		into->t_hi = b->t_hi;
	}
	into->n += b->n;
}

/* Doubles the bucket width, merging buckets 2i and 2i+1 into i. */
static void series_widen(struct plot_series *s)
{
	size_t i;

	for (i = 0; i < PLOT_BUCKETS / 2; i++) {
		struct plot_bucket m = s->b[2 * i];

		bucket_merge(&m, &s->b[2 * i + 1]);
		s->b[i] = m;
	}
	memset(&s->b[PLOT_BUCKETS / 2], 0, sizeof(s->b) - (PLOT_BUCKETS / 2) * sizeof(s->b[0]));
	s->width = s->width > INT64_MAX / 2 ? INT64_MAX : s->width * 2;
}

void plot_series_add(struct plot_series *s, int64_t t, double v)
{
	struct plot_bucket *b;

	if (!isfinite(v))
		return;
	if (t < 0)
		t = 0;
	while (t / s->width >= PLOT_BUCKETS)
		series_widen(s);
	b = &s->b[t / s->width];
	if (b->n == 0) {
		b->lo = b->hi = v;
		b->t_lo = b->t_hi = t;
	} else {
		if (v < b->lo) {
			b->lo = v;
			b->t_lo = t;
		}
		if (v > b->hi) {
			b->hi = v;
			b->t_hi = t;
		}
	}
	b->n++;
	if (s->count == 0 || v < s->lo)
		s->lo = v;
	if (s->count == 0 || v > s->hi)
		s->hi = v;
	if (s->count == 0)
		s->t_first = t;
	s->t_last = t;
	s->count++;
}

static double xpos(int64_t t, int64_t t_end)
{
	if (t < 0)
		t = 0;
	if (t > t_end)
		t = t_end;
	return ML + (double)t / (double)t_end * IW;
}

/* The time grid: vertical lines from y0 to y1 at a round step, labelled
 * under y1. Steps are chosen so there are at most 8 intervals. */
static void time_axis(struct html *h, int64_t t_end, double y0, double y1)
{
	static const int64_t steps[] = {
		1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000, 500000,
		1000000LL, 2000000LL, 5000000LL, 10000000LL, 15000000LL, 30000000LL,
		60000000LL, 120000000LL, 300000000LL, 600000000LL, 900000000LL, 1800000000LL,
		3600000000LL, 7200000000LL, 10800000000LL, 21600000000LL, 43200000000LL,
		86400000000LL, 172800000000LL, 604800000000LL, 1209600000000LL,
		2592000000000LL, 7776000000000LL, 31536000000000LL,
	};
	int64_t step = steps[sizeof(steps) / sizeof(steps[0]) - 1], t;
	size_t i;
	char lab[64];

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		if (t_end / steps[i] <= 8) {
			step = steps[i];
			break;
		}
	}
	/* Past the table (a trace with absurd times), still at most 8. */
	if (t_end / step > 8)
		step = t_end / 8 + 1;
	for (t = 0; t <= t_end; t += step) {
		double x = xpos(t, t_end);

		duration_format(t, lab, sizeof(lab));
		html_printf(h, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			    "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y0, x, y1,
			    x, y1 + 15, t == 0 ? "start" : "middle", lab);
		if (t > INT64_MAX - step)
			break;
	}
	html_printf(h, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", ML, y1,
		    PW - MR, y1);
}

static const char *const mark_class[] = {
	[PLOT_MARK_EXIT] = "exit-marker",
	[PLOT_MARK_FAULT] = "fault-marker",
	[PLOT_MARK_VIOLATION] = "violation-marker",
	[PLOT_MARK_ERROR] = "error-marker",
};

/*
 * Folding: from index *i, finds the next marker of kind and the markers of
 * that kind after it that fall into the same pixel column. Returns the
 * first one's index (and its column in *x, the others' count in *more) and
 * moves *i past the group, or returns nm when there are no more.
 */
static size_t fold_next(const struct plot_marker *m, size_t nm, size_t *i, int kind,
			int64_t t_end, double *x, size_t *more)
{
	size_t first, j;

	while (*i < nm && (int)m[*i].kind != kind)
		(*i)++;
	if (*i == nm)
		return nm;
	first = *i;
	*x = floor(xpos(m[first].t, t_end)) + 0.5;
	*more = 0;
	for (j = first + 1; j < nm; j++) {
		if ((int)m[j].kind != kind)
			continue;
		if (floor(xpos(m[j].t, t_end)) + 0.5 != *x)
			break;
		(*more)++;
	}
	*i = j;
	return first;
}

/* The tooltip of a folded group of markers. */
static void fold_title(struct html *h, const struct plot_marker *mk, size_t more)
{
	char when[48];

	html_fmt_time(mk->t, when, sizeof(when));
	html_printf(h, "<title>%s ", when);
	html_text(h, mk->label);
	if (more)
		html_printf(h, " (and %zu more here)", more);
	html_raw(h, "</title>");
}

/* Errors folded into one pixel: each text on a line of its own, so an
 * error and the stack lines logged after it read as one (at most
 * ERROR_LINES of them). */
#define ERROR_LINES 24

static void error_title(struct html *h, const struct plot_marker *m, size_t nm, size_t first,
			size_t more)
{
	size_t shown = 0, left = more + 1;
	char when[48];

	html_fmt_time(m[first].t, when, sizeof(when));
	html_printf(h, "<title>%s", when);
	for (size_t i = first; i < nm && left; i++) {
		if (m[i].kind != PLOT_MARK_ERROR)
			continue;
		left--;
		if (shown++ == ERROR_LINES) {
			html_printf(h, "\n(and %zu more here)", left + 1);
			break;
		}
		html_raw(h, "\n");
		html_text(h, m[i].label);
	}
	html_raw(h, "</title>");
}

/* Folded markers of one kind past this are too dense for full-height
 * lines, which would hide the plot: they become a rug of short ticks along
 * one edge, drawn as one path. */
#define MARK_LINES_MAX 60
#define RUG_H 7          /* MT >= 2 * RUG_H + 2 */

static size_t fold_count(const struct plot_marker *m, size_t nm, int kind, int64_t t_end)
{
	size_t i = 0, n = 0, more;
	double x;

	while (fold_next(m, nm, &i, kind, t_end, &x, &more) < nm)
		n++;
	return n;
}

/* One path of ticks from y to y + len for every folded marker of kind,
 * with a tooltip naming how many and of what. */
static void rug(struct html *h, const struct plot_marker *m, size_t nm, int kind, int64_t t_end,
		double y, double len, const char *cls)
{
	const char *names[4];
	size_t i = 0, total = 0, nnames = 0, first, more, j;
	double x;

	html_printf(h, "<path class=\"%s rug\" d=\"", cls);
	while ((first = fold_next(m, nm, &i, kind, t_end, &x, &more)) < nm)
		html_printf(h, "M%.1f %.1fv%.1f", x, y, len);
	html_raw(h, "\"><title>");
	for (i = 0; i < nm; i++) {
		if ((int)m[i].kind != kind)
			continue;
		total++;
		for (j = 0; j < nnames && names[j] != m[i].label; j++)
			;
		if (j == nnames && nnames < 4)
			names[nnames++] = m[i].label;
	}
	html_printf(h, "%zu %s: ", total, kind == PLOT_MARK_FAULT ? "faults" :
		    kind == PLOT_MARK_ERROR ? "errors" : "process exits");
	for (j = 0; j < nnames; j++) {
		if (j)
			html_raw(h, ", ");
		html_text(h, names[j]);
	}
	html_raw(h, nnames == 4 ? ", \xE2\x80\xA6</title></path>\n" : "</title></path>\n");
}

/* Draws the markers of each kind as vertical lines from y0 to y1, or, for
 * a kind too dense for that, as a rug in the margin above y0 (faults, then
 * exits under them), where it hides nothing. Violations are always lines,
 * on top. */
static void markers(struct html *h, const struct plot_marker *m, size_t nm, int64_t t_end,
		    double y0, double y1)
{
	int kind;

	for (kind = PLOT_MARK_EXIT; kind <= PLOT_MARK_VIOLATION; kind++) {
		size_t i = 0, first, more;
		double x;

		if (kind != PLOT_MARK_VIOLATION && fold_count(m, nm, kind, t_end) > MARK_LINES_MAX) {
			rug(h, m, nm, kind, t_end, kind == PLOT_MARK_FAULT ? y0 - 2 * RUG_H - 2 :
			    y0 - RUG_H - 1, RUG_H, mark_class[kind]);
			continue;
		}
		while ((first = fold_next(m, nm, &i, kind, t_end, &x, &more)) < nm) {
			html_printf(h, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
				    "y2=\"%.1f\">", mark_class[kind], x, y0, x, y1);
			fold_title(h, &m[first], more);
			html_raw(h, "</line>\n");
		}
	}
}

/* A round step for about four intervals over range. */
static double nice_step(double range)
{
	double raw = range / 4, mag = pow(10, floor(log10(raw))), f = raw / mag;

	if (f <= 1)
		return mag;
	if (f <= 2)
		return 2 * mag;
	if (f <= 5)
		return 5 * mag;
	return 10 * mag;
}

void plot_svg(struct html *h, const struct plot_series *s, int64_t t_end,
	      const struct plot_marker *m, size_t nm)
{
	double lo = s->lo, hi = s->hi, step, v, y0 = MT, y1 = PLOT_H - MB;
	size_t i, npts = 0;
	int k;
	double lastx = 0, lasty = 0;

	if (t_end <= 0)
		t_end = 1;
	if (s->count == 0)
		lo = 0, hi = 1;
	if (hi - lo < 1e-9 * (fabs(lo) + fabs(hi)) || hi == lo) {
		double d = lo == 0 ? 1 : fabs(lo) * 0.1;

		lo -= d;
		hi += d;
	}
	step = nice_step(hi - lo);
	lo = floor(lo / step) * step;
	hi = ceil(hi / step) * step;

	html_printf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" "
		    "viewBox=\"0 0 %d %d\" role=\"img\"><title>", PW, PLOT_H);
	html_text(h, s->label);
	html_raw(h, " over simulated time</title>\n");
	/* At most a dozen lines, whatever floating point makes of extreme
	 * values. */
	for (k = 0; k <= 12 && (v = lo + k * step) <= hi + step / 2; k++) {
		double y = y1 - (v - lo) / (hi - lo) * (y1 - y0);

		html_printf(h, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
			    "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.6g</text>\n", ML, y,
			    PW - MR, y, ML - 6, y + 4, fabs(v) < step * 1e-9 ? 0.0 : v);
	}
	time_axis(h, t_end, y0, y1);
	html_printf(h, "<line class=\"axis\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>\n", ML, y0,
		    ML, y1);
	markers(h, m, nm, t_end, y0, y1);

	html_raw(h, "<polyline class=\"series\" points=\"");
	for (i = 0; i < PLOT_BUCKETS; i++) {
		const struct plot_bucket *b = &s->b[i];
		int64_t ta, tb;
		double va, vb;
		int two;

		if (b->n == 0)
			continue;
		two = b->lo != b->hi;
		ta = b->t_lo, va = b->lo, tb = b->t_hi, vb = b->hi;
		if (two && tb < ta) {
			ta = b->t_hi, va = b->hi, tb = b->t_lo, vb = b->lo;
		}
		lastx = xpos(ta, t_end);
		lasty = y1 - (va - lo) / (hi - lo) * (y1 - y0);
		html_printf(h, "%s%.1f,%.1f", npts ? " " : "", lastx, lasty);
		npts++;
		if (two) {
			lastx = xpos(tb, t_end);
			lasty = y1 - (vb - lo) / (hi - lo) * (y1 - y0);
			html_printf(h, " %.1f,%.1f", lastx, lasty);
			npts++;
		}
	}
	html_raw(h, "\"/>\n");
	/* A lone point draws nothing as a line. */
	if (npts == 1)
		html_printf(h, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f6fc5\"/>\n", lastx,
			    lasty);
	html_raw(h, "</svg>\n");
}

int plot_lane_open(struct plot_lane *l, int64_t t, int inc)
{
	return plot_lane_open_note(l, t, inc, NULL);
}

int plot_lane_open_note(struct plot_lane *l, int64_t t, int inc, const char *note)
{
	plot_lane_close(l, t);
	if (l->n == PLOT_LANE_MAX) {
		l->dropped++;
		return 0;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		struct plot_span *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct plot_span){ .from = t, .to = -1, .inc = inc, .note = note };
	return 0;
}

void plot_lane_close(struct plot_lane *l, int64_t t)
{
	if (l->n && l->v[l->n - 1].to < 0)
		l->v[l->n - 1].to = t;
}

void plot_lane_release(struct plot_lane *l)
{
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}

/* Draws one group of spans [first, last] that share pixels as one rect. */
static void lane_rect(struct html *h, const struct plot_lane *l, size_t first, size_t last,
		      double x0, double x1, double y, int64_t t_last)
{
	const struct plot_span *a = &l->v[first], *b = &l->v[last];
	int64_t to = b->to < 0 ? t_last : b->to;
	char from_s[48], to_s[48];
	int is_link = a->inc == 0;
	const char *cls = l->cls ? l->cls : is_link ? "lane-link" : "lane-up";

	html_fmt_time(a->from, from_s, sizeof(from_s));
	html_fmt_time(to, to_s, sizeof(to_s));
	html_printf(h, "<rect class=\"%s%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\">"
		    "<title>", cls,
		    first != last ? (is_link ? "" : " busy") :
		    (is_link ? first % 2 : a->inc % 2 == 0) ? " alt" : "", x0, y,
		    x1 - x0 < 1 ? 1.0 : x1 - x0, LANE_H);
	if (first != last)
		html_printf(h, "%zu ", last - first + 1);
	html_text(h, l->name);
	if (is_link)
		html_raw(h, first == last ? " " : " periods ");
	else if (first == last)
		html_printf(h, " #%d ", a->inc);
	else
		html_raw(h, " incarnations ");
	if (first == last && a->note) {
		html_text(h, a->note);
		html_raw(h, " ");
	}
	html_printf(h, "%s \xE2\x80\x93 %s%s</title></rect>\n", from_s, to_s,
		    b->to < 0 ? " (end of trace)" : "");
	if (first == last) {
		char text[160];
		size_t len;

		if (is_link && !a->note)
			return;
		if (is_link)
			len = (size_t)snprintf(text, sizeof(text), "%s", a->note);
		else if (a->note)
			len = (size_t)snprintf(text, sizeof(text), "#%d %s", a->inc, a->note);
		else
			len = (size_t)snprintf(text, sizeof(text), "#%d", a->inc);
		/* The text only where it fits, else the shorter "#N". */
		if (x1 - x0 < 6.5 * (double)len + 8 && !is_link)
			len = (size_t)snprintf(text, sizeof(text), "#%d", a->inc);
		if (x1 - x0 >= 6.5 * (double)len + 8) {
			html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" class=\"lane-text\">", x0 + 4,
				    y + LANE_H - 5);
			html_text(h, text);
			html_raw(h, "</text>\n");
		}
	}
}

/* The timeline's row of faults, centred on y: a diamond per pixel column,
 * or a rug of ticks when they are dense. The faults get a row of their
 * own so a fault stays visible where a violation marker covers its line. */
static void fault_row(struct html *h, double y, int64_t t_end, const struct plot_marker *m,
		      size_t nm, int kind)
{
	const char *dot = kind == PLOT_MARK_FAULT ? "fault-dot" : "error-dot";
	size_t i = 0, first, more;
	double x, label_end = 0;

	html_printf(h, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n", ML - 6,
		    y + 4, kind == PLOT_MARK_FAULT ? "faults" : "errors");
	if (fold_count(m, nm, kind, t_end) > MARK_LINES_MAX) {
		rug(h, m, nm, kind, t_end, y - 6, 12, mark_class[kind]);
		return;
	}
	while ((first = fold_next(m, nm, &i, kind, t_end, &x, &more)) < nm) {
		double w = 6.5 * (double)strlen(m[first].label) + (more ? 30 : 10);

		html_printf(h, "<path class=\"%s\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\">", dot, x, y - 6);
		if (kind == PLOT_MARK_ERROR)
			error_title(h, m, nm, first, more);
		else
			fold_title(h, &m[first], more);
		html_raw(h, "</path>\n");
		/* A fault's name beside it, where it does not run into the
		 * previous label or past the plot. */
		if (kind == PLOT_MARK_FAULT && x > label_end && x + 8 + w <= PW - MR) {
			html_printf(h, "<text x=\"%.1f\" y=\"%.1f\" class=\"fault-label\">", x + 8,
				    y + 4);
			html_text(h, m[first].label);
			if (more)
				html_printf(h, " +%zu", more);
			html_raw(h, "</text>\n");
			label_end = x + 8 + w;
		}
	}
}

void plot_timeline(struct html *h, const struct plot_lane *lanes, size_t nl, int64_t t_end,
		   int64_t t_last, const struct plot_marker *m, size_t nm)
{
	size_t li, i, nerr = 0;
	int height;
	double y1;

	for (i = 0; i < nm; i++)
		nerr += m[i].kind == PLOT_MARK_ERROR;
	height = MT + (int)(nl + 1 + (nerr > 0)) * (LANE_H + LANE_GAP) + MB;
	y1 = height - MB;

	if (t_end <= 0)
		t_end = 1;
	html_printf(h, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100%%\" "
		    "viewBox=\"0 0 %d %d\" role=\"img\"><title>timeline</title>\n", PW, height);
	time_axis(h, t_end, MT, y1);
	for (li = 0; li < nl; li++) {
		const struct plot_lane *l = &lanes[li];
		double y = MT + (double)li * (LANE_H + LANE_GAP) + LANE_GAP / 2.0;
		size_t first = 0;
		double gx0 = 0, gx1 = -1;

		html_printf(h, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", ML - 6,
			    y + LANE_H - 5);
		html_text(h, l->name);
		html_raw(h, "</text>\n");
		for (i = 0; i < l->n; i++) {
			double x0 = xpos(l->v[i].from, t_end);
			double x1 = xpos(l->v[i].to < 0 ? t_last : l->v[i].to, t_end);

			/* A span too narrow to see joins the group before it;
			 * wider ones keep their own rect, so each restart
			 * shows as a change of shade. */
			if (gx1 >= 0 && x1 - x0 < 2.0 && x0 <= gx1 + 1.0) {
				if (x1 > gx1)
					gx1 = x1;
				continue;
			}
			if (gx1 >= 0)
				lane_rect(h, l, first, i - 1, gx0, gx1, y, t_last);
			first = i;
			gx0 = x0;
			gx1 = x1;
		}
		if (gx1 >= 0)
			lane_rect(h, l, first, l->n - 1, gx0, gx1, y, t_last);
	}
	fault_row(h, MT + (double)nl * (LANE_H + LANE_GAP) + LANE_GAP / 2.0 + LANE_H / 2.0, t_end,
		  m, nm, PLOT_MARK_FAULT);
	if (nerr)
		fault_row(h, MT + (double)(nl + 1) * (LANE_H + LANE_GAP) + LANE_GAP / 2.0 +
			  LANE_H / 2.0, t_end, m, nm, PLOT_MARK_ERROR);
	markers(h, m, nm, t_end, MT, y1 - (nerr ? 2 : 1) * (LANE_H + LANE_GAP));
	html_raw(h, "</svg>\n");
}
