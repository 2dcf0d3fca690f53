/*
 * check_impl.h - what a checker implements; shared by check.c (registry),
 * checks.c, checks_agents.c and checks_http.c (the checkers). Not part of
 * the harness's public API.
 */
#ifndef IMPCHAOS_CHECK_IMPL_H
#define IMPCHAOS_CHECK_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

struct check;

/* The kinds of trace event ("ev") a checker tests for, found once per
 * event by check.c: a checker compares integers, and every checker still
 * sees every event. A kind not listed here is EV_OTHER (its name is in
 * check_event.ev). */
enum ev_kind {
	EV_OTHER,
	EV_OBSERVE, EV_SENSOR_READ,
	EV_MSG_DELIVER, EV_MSG_NOHANDLER,
	EV_STORE_BEGIN, EV_STORE_SAVE, EV_STORE_LOAD, EV_STORE_STALE,
	EV_PROC_START, EV_PROC_EXIT,
	EV_LINK_UP, EV_LINK_DOWN,
	EV_FAULT, EV_FAULT_FIRE, EV_FAULT_FIRE_LOST,
	EV_LOG,
	EV_HTTP_REQUEST, EV_HTTP_RESPONSE,
	EV_RUN_END, EV_RUN_STOP, EV_RUN_TIMEOUT,
};

/* Members several checkers read, looked up at most once per event
 * (ev_get). Others are read with json_object_get(e->fields, KEY). */
enum ev_key { K_PROC, K_INC, K_NAME, K_VALUE, K_TABLE, K_RC, K_TO, K_HOW, K_SENSOR, K_NKEYS };

/* One trace event as a checker sees it: the line's seq, t and ev, its
 * kind, and the other members in fields (the whole line when the event
 * came as one object; NULL when it has none). */
struct check_event {
	enum ev_kind kind;
	const char *ev;
	uint64_t seq;
	int64_t t;
	const json_t *fields;
	unsigned looked;              /* bit k: val[k] is looked up */
	json_t *val[K_NKEYS];
};

/* The member named by k (NULL when absent), looked up once per event. */
json_t *ev_lookup(struct check_event *e, enum ev_key k);

static inline json_t *ev_get(struct check_event *e, enum ev_key k)
{
	return e->looked & (1u << k) ? e->val[k] : ev_lookup(e, k);
}

/* A string member's value; "" when absent or not a string. */
static inline const char *ev_str(struct check_event *e, enum ev_key k)
{
	return json_string_value(ev_get(e, k)) ?: "";
}

struct check_ops {
	const char *name, *usage, *desc;
	int needs_arg;
	int arg_optional;   /* NAME alone or NAME:ARGS (init gets NULL for none) */
	/* Parses arg (NULL when the spec has none) into c->state. */
	int (*init)(struct check *c, const char *arg, char *err, size_t errlen);
	/* One trace event; calls check_fail() on a violation. */
	void (*event)(struct check *c, struct check_event *e);
	/* End of run (may fail a check that needed to see something). */
	void (*finish)(struct check *c);
	void (*release)(struct check *c);
};

struct check {
	const struct check_ops *ops;
	char *spec;
	void *state;
	int failed;
	json_t *first;     /* copy of the first violating event */
	char *message;
	/* The failure is that nothing the invariant is about was ever seen
	 * (a name never observed, a path never requested): set by the checker
	 * after check_fail(). The verdict says "unobserved": true, so that
	 * shrinking does not take a run too short to see anything for the
	 * failure it chases. */
	int unobserved;
};

/* Records a violation; only the first one of a check is kept. e may be NULL
 * for violations found at the end of the run. */
void check_fail(struct check *c, const struct check_event *e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* NULL-terminated, defined in checks.c. */
extern const struct check_ops *const check_ops_table[];

/* Checkers defined outside checks.c. */
extern const struct check_ops check_single_agent_ops;     /* checks_agents.c */
extern const struct check_ops http_ryw_ops, http_answered_ops;  /* checks_http.c */
extern const struct check_ops check_exact_ops;            /* checks_exact.c */
extern const struct check_ops check_crash_loop_ops, check_no_oom_ops; /* checks_deaths.c */

#endif
