/*
 * schedule.h - the fault schedule language: harness core, used by the
 * orchestrator.
 *
 * A schedule is the text given with --faults. It says when to inject which
 * fault, e.g.
 *
 *     at 90s agent/restart            # once, 90 s into the run
 *     every 6h device/disconnect for=20m
 *
 * Entries are separated by ';' or newlines, '#' starts a comment to the end
 * of the line, and blank entries are ignored. An entry is
 *
 *     at DURATION FAULT [key=value ...]      one injection at DURATION
 *     every DURATION FAULT [key=value ...]   at DURATION, 2*DURATION, ...
 *
 * with tokens separated by spaces or tabs. DURATION is duration.h's syntax
 * (and above zero for 'every'); FAULT is a run of [A-Za-z0-9_./-]; a key is
 * [A-Za-z0-9_-]+ and may not repeat within an entry; a value is any
 * non-empty run of characters other than space, tab, ';' and '#'.
 *
 * This module checks syntax only. Fault names and parameters are not
 * checked against the fault catalogue: the caller does that, and uses
 * line/col/fault_col to point at the offending text.
 */
#ifndef IMPCHAOS_SCHEDULE_H
#define IMPCHAOS_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

enum sched_kind {
	SCHED_AT,		/* One injection at t_us. */
	SCHED_EVERY,		/* Injections at t_us, 2 * t_us, ... */
};

struct schedule_param {
	char *key;
	char *value;
};

struct sched_entry {
	enum sched_kind kind;
	int64_t t_us;		/* The 'at' time, or the 'every' period. */
	char *fault;
	struct schedule_param *params;
	size_t nparams;
	int line, col;		/* 1-based position of the entry's first token. */
	int fault_col;		/* 1-based column of the fault name. */
};

/* Entries in the order they appear in the text. All strings are owned by
 * the schedule and freed by schedule_release(). */
struct schedule {
	struct sched_entry *v;
	size_t n;
};

/*
 * Parses `text` into *out, which is overwritten (not released) first.
 * Returns 0, -EINVAL for a syntax error, or -ENOMEM. On error *out is empty
 * (n == 0, v == NULL) with nothing leaked, and err (if errlen > 0) holds a
 * message such as
 *
 *     line 1, column 4: malformed duration 'xh' (try 90s, 20m, 6h, 7d)
 *
 * Columns and lines are 1-based, columns counted in bytes from the start of
 * the line. A missing token is reported at the column just past the token
 * it should follow.
 */
int schedule_parse(const char *text, struct schedule *out, char *err, size_t errlen);

/* Returns the value of parameter `key` in `e` (owned by the schedule), or
 * NULL if the entry has no such parameter. */
const char *schedule_param(const struct sched_entry *e, const char *key);

/* Frees everything and leaves *s empty; safe on a zeroed schedule and when
 * called twice. */
void schedule_release(struct schedule *s);

#endif
