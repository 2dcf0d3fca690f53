/*
 * checks_exact.c - counter-exact:NAME,SENSOR[,GRACE], conservation of a
 * published total: the checker of check.c's catalogue that compares what a
 * target publishes with what its device actually read. Harness side, fed
 * trace events by check.c like the checkers of checks.c.
 *
 * The truth is the trace's sensor.read events: the device host reports
 * every reading its code takes of SENSOR (hardware_read() in C, a pin's
 * read() in Squirrel) when the scenario checks it (check_sensors() says
 * which). The total is the last value observed under NAME
 * (impchaos_observe, either side), in the sensor's units.
 *
 * Counted twice: a total above the sum of every reading taken so far
 * fails at that observation. Lost: at the end, the total must hold every
 * reading taken up to GRACE / 5 (default 15m / 5 = 3m: a device that holds
 * readings longer before it sends them needs a longer GRACE) before the
 * point it is judged at, except the readings of device boots the platform
 * wiped (below). That point is the end of the run when the flow had GRACE
 * without a disruption (a fault, a process starting or ending, a link
 * change) and the link is up; else the last disruption, when the GRACE
 * before it was calm; else the run ends unjudged for losses. The lag is
 * short because readings the flow has not delivered yet hide as many lost
 * ones from the comparison.
 *
 * What the platform loses and a target cannot help: a device's memory
 * dies with its process. The readings of a device boot that ended other
 * than in deep sleep (which keeps nv) or at the end of the run are left
 * out of the lower bound; they still count in the upper one.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "check_impl.h"
#include "core/duration.h"

#define EXACT_DEFAULT_GRACE_US (15 * 60 * 1000000LL)

struct reading {
	int64_t t;
	double v;
	long inc;
};

struct exact {
	char *name, *sensor;
	int64_t grace;
	struct reading *r;             /* every reading of SENSOR, in time order */
	size_t n, cap;
	long *wiped;                   /* device boots whose memory the platform wiped */
	size_t nwiped, wcap;
	double all;                    /* sum of every reading */
	struct { int64_t t; double v; } *pub;   /* published totals, in order */
	size_t npub, pcap;
	int64_t last_disruption, calm_before;   /* calm_before: the disruption before it */
	int link_up, link_up_before;   /* at the last disruption, and before it */
	int64_t end;
};

static int exact_init(struct check *c, const char *arg, char *err, size_t errlen)
{
	struct exact *x = calloc(1, sizeof(*x));
	char *copy = strdup(arg), *sensor, *grace;

	if (!x || !copy) {
		free(x);
		free(copy);
		return -ENOMEM;
	}
	sensor = strchr(copy, ',');
	grace = sensor ? strchr(sensor + 1, ',') : NULL;
	if (sensor)
		*sensor++ = '\0';
	if (grace)
		*grace++ = '\0';
	x->grace = EXACT_DEFAULT_GRACE_US;
	if (!copy[0] || !sensor || !sensor[0] ||
	    (grace && (duration_parse(grace, &x->grace) < 0 || x->grace < 0))) {
		snprintf(err, errlen, "invariant 'counter-exact:%s': expected counter-exact:NAME,"
			 "SENSOR[,GRACE], e.g. counter-exact:total_wh,energy_wh or "
			 "counter-exact:total_wh,energy_wh,30m", arg);
		free(copy);
		free(x);
		return -EINVAL;
	}
	x->name = strdup(copy);
	x->sensor = strdup(sensor);
	free(copy);
	c->state = x;
	return 0;
}

static void exact_release(struct check *c)
{
	struct exact *x = c->state;

	free(x->name);
	free(x->sensor);
	free(x->r);
	free(x->wiped);
	free(x->pub);
	free(x);
}

static void *grow(void *v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? 2 * *cap : 256;
	if (!(v = realloc(v, *cap * size)))
		abort();
	return v;
}

/* Room for the rounding of sums of floats. */
static double slack(double truth)
{
	return 1e-6 + 1e-9 * fabs(truth);
}

static void disrupted(struct exact *x, int64_t t)
{
	x->calm_before = x->last_disruption;
	x->link_up_before = x->link_up;
	x->last_disruption = t;
}

static void exact_event(struct check *c, struct check_event *ev)
{
	struct exact *x = c->state;
	enum ev_kind kind = ev->kind;
	int64_t t = ev->t;

	if (kind == EV_SENSOR_READ) {
		json_t *v = ev_get(ev, K_VALUE);

		if (strcmp(ev_str(ev, K_SENSOR), x->sensor) || !json_is_number(v))
			return;
		x->r = grow(x->r, &x->cap, x->n, sizeof(*x->r));
		x->r[x->n].t = t;
		x->r[x->n].v = json_number_value(v);
		x->r[x->n].inc = (long)json_integer_value(ev_get(ev, K_INC));
		x->all += x->r[x->n++].v;
	} else if (kind == EV_OBSERVE) {
		json_t *v = ev_get(ev, K_VALUE);
		char at[32];

		if (strcmp(ev_str(ev, K_NAME), x->name) || !json_is_number(v))
			return;
		x->pub = grow(x->pub, &x->pcap, x->npub, sizeof(*x->pub));
		x->pub[x->npub].t = t;
		x->pub[x->npub++].v = json_number_value(v);
		if (json_number_value(v) > x->all + slack(x->all)) {
			duration_clock(t, at, sizeof(at));
			check_fail(c, ev, "published %s %.17g (at %s) is above the %.17g the device "
				   "read of sensor %s so far: a reading was counted twice", x->name,
				   json_number_value(v), at, x->all, x->sensor);
		}
	} else if (kind == EV_PROC_EXIT || kind == EV_PROC_START) {
		const char *proc = json_string_value(ev_get(ev, K_PROC));
		const char *how = json_string_value(ev_get(ev, K_HOW));

		if (kind == EV_PROC_EXIT && proc && !strcmp(proc, "device") && how &&
		    strcmp(how, "sleep") && strcmp(how, "stopped")) {
			x->wiped = grow(x->wiped, &x->wcap, x->nwiped, sizeof(*x->wiped));
			x->wiped[x->nwiped++] = (long)json_integer_value(ev_get(ev, K_INC));
		}
		/* The end of the run stops both sides: not a disruption. */
		if (!how || strcmp(how, "stopped"))
			disrupted(x, t);
	} else if (kind == EV_LINK_UP || kind == EV_LINK_DOWN) {
		disrupted(x, t);
		x->link_up = kind == EV_LINK_UP;
	} else if (kind == EV_FAULT || kind == EV_FAULT_FIRE) {
		disrupted(x, t);
	} else if (kind == EV_RUN_END) {
		x->end = t;
	}
}

static int wiped(const struct exact *x, long inc)
{
	size_t i;

	for (i = 0; i < x->nwiped; i++)
		if (x->wiped[i] == inc)
			return 1;
	return 0;
}

/* The last total published before (or at) t; -1 when none was. */
static double published_at(const struct exact *x, int64_t t, int strictly_before)
{
	double v = -1;
	size_t i;

	for (i = 0; i < x->npub && (x->pub[i].t < t || (!strictly_before && x->pub[i].t == t)); i++)
		v = x->pub[i].v;
	return v;
}

static void exact_finish(struct check *c)
{
	struct exact *x = c->state;
	int64_t at;
	double lo = 0, lost = 0, got;
	size_t i;
	char when[32], grace[32];
	int strictly;

	if (x->npub == 0) {
		if (x->n && x->all > 0)
			check_fail(c, NULL, "no value named '%s' was ever observed, while the device "
				   "read %.17g of sensor %s (is the name right? it must match "
				   "impchaos_observe())", x->name, x->all, x->sensor);
		else if (!x->n)
			check_fail(c, NULL, "neither '%s' was observed nor sensor '%s' read (are the "
				   "names right?)", x->name, x->sensor);
		c->unobserved = c->failed;
		return;
	}
	/* The point the flow is judged at. */
	if (x->link_up && x->end - x->last_disruption >= x->grace) {
		at = x->end;
		strictly = 0;
	} else if (x->link_up_before && x->last_disruption - x->calm_before >= x->grace) {
		at = x->last_disruption;
		strictly = 1;
	} else {
		return;
	}
	for (i = 0; i < x->n && x->r[i].t <= at - x->grace / 5; i++) {
		if (wiped(x, x->r[i].inc))
			lost += x->r[i].v;
		else
			lo += x->r[i].v;
	}
	got = published_at(x, at, strictly);
	if (got < lo - slack(lo)) {
		duration_clock(at, when, sizeof(when));
		duration_format(x->grace / 5, grace, sizeof(grace));
		check_fail(c, NULL, "published %s %.17g (at %s) is below the %.17g the device read "
			   "of sensor %s up to %s before then (the %.17g read by device boots that "
			   "died left out): a reading was lost", x->name, got < 0 ? 0 : got, when,
			   lo, x->sensor, grace, lost);
	}
}

const struct check_ops check_exact_ops = {
	.name = "counter-exact",
	.usage = "counter-exact:NAME,SENSOR[,GRACE]",
	.desc = "a published total (NAME, in SENSOR's units) is never above the sum of the "
		"device's readings of SENSOR and, once the flow was calm for GRACE (15m), "
		"not below those older than GRACE/5",
	.needs_arg = 1,
	.init = exact_init,
	.event = exact_event,
	.finish = exact_finish,
	.release = exact_release,
};

json_t *check_sensors(const char *const *specs, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		const char *p, *q;

		if (strncmp(specs[i], "counter-exact:", 14) || !(p = strchr(specs[i], ',')))
			continue;
		p++;
		q = p + strcspn(p, ",");
		if (q > p)
			json_array_append_new(a, json_stringn(p, (size_t)(q - p)));
	}
	return a;
}
