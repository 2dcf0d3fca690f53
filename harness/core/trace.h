/*
 * trace.h - the run's trace: trace.jsonl in the run directory, one JSON
 * object per line, and its hash. Written by the harness (sim.c) only.
 *
 * Every line is {"seq":N,"t":MICROSECONDS,"ev":"KIND", ...fields}. Nothing
 * nondeterministic may go into a trace (no PIDs, no wall-clock times, no
 * absolute paths): the trace hash is how `impchaos replay` proves a run is
 * reproducible. Each event is also handed to a sink (the streaming invariant
 * checks) as it is written.
 */
#ifndef IMPCHAOS_TRACE_H
#define IMPCHAOS_TRACE_H

#include <stdint.h>
#include <jansson.h>

#define TRACE_HASH_LEN 32  /* hex digits of the 128-bit hash */

struct trace;

/* One event as a sink sees it: the line's members seq, t and ev, and the
 * event's other members in fields (borrowed; NULL when it has none; in
 * any order). line is the whole line as one object, keys in the line's
 * order, for a sink set with TRACE_SINK_ORDERED (fields is then the line
 * too), else NULL. When a field is named seq, t or ev it replaces the
 * line's own member (as on the line): seq, t and ev are then the line's
 * values (0 or "" when not an integer or a string), and fields is the
 * whole line. */
struct trace_event {
	uint64_t seq;
	int64_t t;
	const char *ev;
	const json_t *fields;
	const json_t *line;
};
typedef void (*trace_sink_cb)(const struct trace_event *e, void *ud);

/* Opens path for writing (truncating). path NULL: hash only, no file.
 * 0 or negative errno. */
int trace_open(struct trace **out, const char *path);

/* Hands every event to cb as it is written (the objects are borrowed: cb
 * takes a reference to keep one). flags 0: the parts alone, which spares
 * building an object per line; TRACE_SINK_ORDERED: the line as one object
 * too (e->line), for a sink that shows or writes events. */
#define TRACE_SINK_ORDERED 1
void trace_set_sink(struct trace *tr, trace_sink_cb cb, void *ud, int flags);

/* Appends an event. fields (an object, may be NULL) is stolen. Returns the
 * event's seq. */
uint64_t trace_emit(struct trace *tr, int64_t t, const char *ev, json_t *fields);

/* Number of events written so far. */
uint64_t trace_count(const struct trace *tr);

/* Hash of the lines written so far, as hex (TRACE_HASH_LEN + 1 bytes). */
void trace_hash(const struct trace *tr, char out[TRACE_HASH_LEN + 1]);

/* Flushes and closes. 0, or -EIO when the file could not be written
 * completely (the run's result must then not be trusted). */
int trace_close(struct trace *tr);

/* Hash of a trace file's bytes, as trace_hash gives for the same lines.
 * 0 or negative errno. */
int trace_hash_file(const char *path, char out[TRACE_HASH_LEN + 1]);

#endif
