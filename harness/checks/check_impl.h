/*
 * check_impl.h - what a checker implements; shared by check.c (registry),
 * checks.c, checks_agents.c and checks_http.c (the checkers). Not part of
 * the harness's public API.
 */
#ifndef IMPCHAOS_CHECK_IMPL_H
#define IMPCHAOS_CHECK_IMPL_H

#include <stddef.h>
#include <jansson.h>

struct check;

struct check_ops {
	const char *name, *usage, *desc;
	int needs_arg;
	int arg_optional;   /* NAME alone or NAME:ARGS (init gets NULL for none) */
	/* Parses arg (NULL when the spec has none) into c->state. */
	int (*init)(struct check *c, const char *arg, char *err, size_t errlen);
	/* One trace event; calls check_fail() on a violation. */
	void (*event)(struct check *c, const json_t *ev);
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

/* Records a violation; only the first one of a check is kept. ev may be NULL
 * for violations found at the end of the run. */
void check_fail(struct check *c, const json_t *ev, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* NULL-terminated, defined in checks.c. */
extern const struct check_ops *const check_ops_table[];

/* Checkers defined outside checks.c. */
extern const struct check_ops check_single_agent_ops;     /* checks_agents.c */
extern const struct check_ops http_ryw_ops, http_answered_ops;  /* checks_http.c */
extern const struct check_ops check_exact_ops;            /* checks_exact.c */
extern const struct check_ops check_crash_loop_ops, check_no_oom_ops; /* checks_deaths.c */

#endif
