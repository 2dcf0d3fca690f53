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
typedef void (*trace_sink_cb)(const json_t *ev, void *ud);

/* Opens path for writing (truncating). path NULL: hash only, no file.
 * 0 or negative errno. */
int trace_open(struct trace **out, const char *path);

/* Hands every event to cb as it is written, as an object with the line's
 * members (borrowed: cb takes a reference to keep it). flags 0: the keys
 * are in any order, which spares a copy of the fields per line (the
 * object is the caller's fields with seq, t and ev added). With
 * TRACE_SINK_ORDERED the keys are in the line's order, for a sink that
 * shows or writes events. */
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
