/*
 * check.h - invariant checkers. Harness side.
 *
 * A checker consumes trace events as they are written (streaming: a
 * violation is known at the event that caused it) and can equally be fed a
 * saved trace.jsonl offline. Its verdict names the invariant, pass or fail,
 * and the first violating event.
 *
 * A spec is "NAME" or "NAME:ARGS", e.g. "counter-monotonic:total_wh" or
 * "no-missing-handler". check_catalog() lists the known names.
 */
#ifndef IMPCHAOS_CHECK_H
#define IMPCHAOS_CHECK_H

#include <stddef.h>
#include <jansson.h>

#include "core/trace.h"

struct check_set;

struct check_info {
	const char *name;   /* "counter-monotonic" */
	const char *usage;  /* "counter-monotonic:NAME[/EPOCH]" */
	const char *desc;   /* one line */
};

/* The catalogue, terminated by an entry with name NULL. */
const struct check_info *check_catalog(void);

/* Builds the checks for specs[0..n). 0, or -EINVAL with err naming the bad
 * spec and what to do. */
int check_set_new(struct check_set **out, const char *const *specs, size_t n, char *err,
		  size_t errlen);

/* Feeds one trace event (borrowed): a whole line as one object, as read
 * back from a trace.jsonl. */
void check_set_event(struct check_set *s, const json_t *ev);

/* Feeds one trace event as the trace writer hands it to its sink (its
 * parts: no object of the whole line is needed). */
void check_set_trace_event(struct check_set *s, const struct trace_event *e);

/* How many of the checks have failed so far: one more after an event
 * than before it means an invariant first failed at that event. */
size_t check_set_nfailed(const struct check_set *s);

/* Whether the check of spec (as given to check_set_new) has failed. */
int check_set_failed(const struct check_set *s, const char *spec);

/* Ends the run and returns the verdicts, a new reference to an array of
 * {"invariant", "ok", "message", "first_violation": {seq, t, event} | null}
 * in the order the specs were given, with "unobserved": true on a failure
 * that is "nothing the invariant is about was ever seen". A run stopped at its first failure
 * (--stop-at-failure: a "run.stop" event in its trace) did not get to its
 * end: the judgements a checker makes there ("never observed",
 * counter-exact's losses) are not made, and the messages of the checks
 * that held say up to when they were checked. */
json_t *check_set_finish(struct check_set *s);

void check_set_free(struct check_set *s);

/* The sensors whose readings the specs need traced (counter-exact's
 * SENSOR): a new reference to an array of names, empty for none. */
json_t *check_sensors(const char *const *specs, size_t n);

#endif
