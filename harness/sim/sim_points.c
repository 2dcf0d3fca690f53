/*
 * sim_points.c - libfiu fault points as the simulation sees them (ARCHITECTURE.md): which children need libfiu's POSIX preload, arming a point in
 * its side now and in every later incarnation, accounting for what fired,
 * and closing windows. The children decide each call (harness/host/hfault.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sim_int.h"

json_t *sim_arms_of(struct sim *s, enum side sd)
{
	json_t *v = json_array();
	struct arm *a;

	for (a = s->arms; a; a = a->next)
		if (a->side == sd)
			json_array_append(v, a->spec);
	return v;
}

void sim_arm_remove(struct sim *s, struct arm *gone)
{
	struct arm **pp;

	for (pp = &s->arms; *pp; pp = &(*pp)->next)
		if (*pp == gone) {
			*pp = gone->next;
			json_decref(gone->spec);
			free(gone);
			return;
		}
}

/* The child reported that a point fired: account for it, as the child did. */
void sim_arm_fired(struct sim *s, enum side sd, const char *name)
{
	struct arm *a;

	for (a = s->arms; a; a = a->next) {
		const char *mode = json_string_value(json_object_get(a->spec, "mode"));
		json_int_t n = json_integer_value(json_object_get(a->spec, "n"));

		if (a->side != sd || strcmp(a->name, name))
			continue;
		if (!strcmp(mode, "nth") || (!strcmp(mode, "count") && n <= 1))
			sim_arm_remove(s, a);
		else if (!strcmp(mode, "count"))
			json_object_set_new(a->spec, "n", json_integer(n - 1));
		return;
	}
}


static const char *const scope_name[] = { "store", "target", "process" };
static const char *const action_name[] = { "fail", "oom", "crash" };

/* Arms a point fault in its side, now and in every later incarnation. */
void sim_arm(struct sim *s, const struct sched_entry *e, const struct fault_info *info)
{
	const struct fault_point *pt = info->point;
	enum side sd = !strcmp(fault_point_proc(e, info), "agent") ? AGENT : DEVICE;
	int nth = schedule_param(e, "nth") != NULL, window = e->kind == SCHED_WINDOW;
	const char *mode = window ? "p" : nth ? "nth" : "count";
	json_t *spec = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:f, s:i}", "name", info->name,
				 "fiu", pt->fiu, "scope", scope_name[pt->scope], "action",
				 action_name[pt->action], "mode", mode, "n",
				 (json_int_t)fault_param_int(e, nth ? "nth" : "count", 1), "p",
				 window ? e->p : 0.0, "errno", fault_param_errno(e, info));
	struct arm *a, **pp;

	/* A counted arm of the same point and errno absorbs this one (its count
	 * grows), as the child does when it is sent the same spec. */
	for (pp = &s->arms; (a = *pp); pp = &a->next) {
		json_t *sp = a->spec;

		if (!strcmp(mode, "count") && a->side == sd && !strcmp(a->name, info->name) &&
		    !strcmp(json_string_value(json_object_get(sp, "mode")), "count") &&
		    json_equal(json_object_get(sp, "errno"), json_object_get(spec, "errno")))
			break;
	}
	if (a) {
		json_object_set_new(a->spec, "n", json_integer(
			json_integer_value(json_object_get(a->spec, "n")) +
			json_integer_value(json_object_get(spec, "n"))));
	} else {
		a = calloc(1, sizeof(*a));
		if (!a)
			abort();
		a->name = info->name;
		a->side = sd;
		a->entry = (size_t)(e - s->sc->faults->v);
		a->spec = json_incref(spec);
		*pp = a;
	}
	sim_emit(s, "fault.arm", json_pack("{s:s, s:s, s:O}", "proc", side_name[sd], "name", info->name,
				       "spec", a->spec));
	sim_dispatch(s, sd, json_pack("{s:s, s:o}", "t", "arm", "spec", spec));
}

/* A point fault's window closes: the arm goes, in the harness and the
 * child. */
void sim_disarm(struct sim *s, size_t entry)
{
	struct arm *a;

	for (a = s->arms; a; a = a->next)
		if (a->entry == entry &&
		    !strcmp(json_string_value(json_object_get(a->spec, "mode")), "p"))
			break;
	if (!a)
		return;
	sim_emit(s, "fault.disarm", json_pack("{s:s, s:s}", "proc", side_name[a->side], "name", a->name));
	sim_dispatch(s, a->side, json_pack("{s:s, s:s}", "t", "disarm", "name", a->name));
	sim_arm_remove(s, a);
}


/* Decides what the children need for the scenario's fault points: libfiu's
 * POSIX preload (only where a POSIX point may be armed: it slows every
 * malloc) and a syncing store (an fsync fault needs the call). */
int sim_prepare_points(struct sim *s)
{
	const char *preload = getenv("IMPCHAOS_FIU_PRELOAD");
	extern char **environ;
	size_t i, n;
	int sd;

	s->sync_store = s->sc->sync_store;
	for (i = 0; i < s->sc->faults->n; i++) {
		const struct sched_entry *e = &s->sc->faults->v[i];
		const struct fault_info *f = fault_find(e->fault);
		const char *proc = f ? fault_point_proc(e, f) : NULL;

		if (!proc)
			continue;
		if (f->point->posix)
			s->preload[!strcmp(proc, "agent") ? AGENT : DEVICE] = 1;
		if (!strcmp(f->name, "agent/store/fsync"))
			s->sync_store = 1;
	}
	if (!preload)
		preload = "/usr/lib/fiu/fiu_posix_preload.so";
	for (sd = AGENT; sd <= DEVICE; sd++) {
		if (!s->preload[sd])
			continue;
		if (access(preload, R_OK) < 0) {
			sim_fail(s, -EINVAL, "libfiu's POSIX preload is not at '%s' (install libfiu0, "
				 "or set IMPCHAOS_FIU_PRELOAD)", preload);
			return -EINVAL;
		}
		for (n = 0; environ[n]; n++)
			;
		s->env[sd] = calloc(n + 2, sizeof(char *));
		if (!s->env[sd])
			abort();
		for (i = 0, n = 0; environ[i]; i++)
			if (strncmp(environ[i], "LD_PRELOAD=", 11))
				s->env[sd][n++] = environ[i];
		if (asprintf(&s->env[sd][n], "LD_PRELOAD=%s", preload) < 0)
			abort();
	}
	return 0;
}

void sim_release_points(struct sim *s)
{
	int sd;
	size_t n;

	while (s->arms)
		sim_arm_remove(s, s->arms);
	for (sd = AGENT; sd <= DEVICE; sd++) {
		if (!s->env[sd])
			continue;
		for (n = 0; s->env[sd][n + 1]; n++)
			;
		free(s->env[sd][n]);
		free(s->env[sd]);
	}
}
