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
 *     from DURATION [to DURATION] p=P FAULT [key=value ...]
 *                                            a window: from 'from' until
 *                                            'to' (or the end of the run),
 *                                            the fault strikes with
 *                                            probability P at each
 *                                            opportunity
 *
 * with tokens separated by spaces or tabs. DURATION is duration.h's syntax
 * (and above zero for 'every'; 'to' after 'from'); P is a decimal number in
 * (0, 1], such as 0.05, 1 or 1e-4; FAULT is a run of [A-Za-z0-9_./-]; a key
 * is [A-Za-z0-9_-]+ and may not repeat within an entry; a value is any
 * non-empty run of characters other than space, tab, ';' and '#'.
 *
 * What an "opportunity" is belongs to the fault, not to this module: for a
 * libfiu point it is each in-scope call, for a cloud action it is whatever
 * the simulation decides (catalog.h).
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
	SCHED_WINDOW,		/* From t_us until to_us, probability p per opportunity. */
};

/* A window's to_us when 'to' was not given: until the end of the run. */
#define SCHED_UNTIL_END INT64_MAX

struct schedule_param {
	char *key;
	char *value;
};

struct sched_entry {
	enum sched_kind kind;
	int64_t t_us;		/* The 'at' time, the 'every' period, or the 'from' time. */
	char *fault;
	struct schedule_param *params;
	size_t nparams;
	int line, col;		/* 1-based position of the entry's first token. */
	int fault_col;		/* 1-based column of the fault name. */
	/* A window covers the opportunities in [t_us, to_us). 'at' and 'every'
	 * entries, which strike for certain, have SCHED_UNTIL_END and 1. */
	int64_t to_us;		/* End of the window, above t_us; SCHED_UNTIL_END if open. */
	double p;		/* Probability per opportunity, in (0, 1]. */
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

/*
 * Writes `s` as canonical text into *out (malloc'd; the caller owns it and
 * frees it with free()): one entry per line, each ending in '\n', in the
 * schedule's order, durations as duration_format() writes them, parameters
 * in their order, P as the shortest decimal that reads back as the same
 * double. schedule_parse() of the text gives the same entries (kind, times,
 * p, fault, parameters; positions aside). An empty schedule gives "".
 *
 * Returns 0, -ENOMEM, or -EINVAL when an entry cannot be written as text
 * that parses back (a time out of range, p outside (0, 1], a name or value
 * with characters the language does not allow); *out is NULL on error.
 */
int schedule_format(const struct schedule *s, char **out);

/* Returns the value of parameter `key` in `e` (owned by the schedule), or
 * NULL if the entry has no such parameter. */
const char *schedule_param(const struct sched_entry *e, const char *key);

/* Frees everything and leaves *s empty; safe on a zeroed schedule and when
 * called twice. */
void schedule_release(struct schedule *s);

#endif
