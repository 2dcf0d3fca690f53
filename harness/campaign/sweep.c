/*
 * sweep.c - fail the Nth call of a point, for every N (see sweep.h).
 */
#include "sweep.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/catalog.h"

int sweep_run(const struct sweep_opts *o, sweep_step_cb cb, void *ud, size_t *steps,
	      size_t *broken, char *err, size_t errlen)
{
	const struct fault_info *f = fault_find(o->point);
	const char *proc;
	char base_dir[PATH_MAX - 16];
	int n;

	*steps = *broken = 0;
	if (!f || !f->point) {
		snprintf(err, errlen, "'%s' is not a fault point (try 'impchaos faults'; points are "
			 "the entries with a libfiu mechanism)", o->point);
		return -EINVAL;
	}
	proc = f->point->proc;
	if (o->proc && proc && strcmp(o->proc, proc)) {
		snprintf(err, errlen, "point '%s' lives in the %s, not the %s", o->point, proc, o->proc);
		return -EINVAL;
	}
	if (!proc && !o->proc) {
		snprintf(err, errlen, "raw point '%s' needs --proc agent or --proc device", o->point);
		return -EINVAL;
	}
	if (o->max < 1) {
		snprintf(err, errlen, "--max must be at least 1");
		return -EINVAL;
	}
	if (o->base.out_dir)
		snprintf(base_dir, sizeof(base_dir), "%s", o->base.out_dir);
	else
		snprintf(base_dir, sizeof(base_dir), "runs/sweep-%s", o->point);
	for (n = 1; n <= o->max; n++) {
		struct run_outcome out;
		struct sweep_step st = { .n = n };
		struct run_opts ro = o->base;
		char *faults = NULL;
		size_t i;
		int rc;

		/* A sweep owns DIR/nN and writes each N again when run again. */
		ro.force = 1;

		if (asprintf(&faults, "at 0s %s nth=%d%s%s%s%s", o->point, n, proc ? "" : " proc=",
			     proc ? "" : o->proc, o->base.faults && o->base.faults[0] ? "\n" : "",
			     o->base.faults ? o->base.faults : "") < 0)
			return -ENOMEM;
		snprintf(st.dir, sizeof(st.dir), "%s/n%d", base_dir, n);
		ro.faults = faults;
		ro.out_dir = st.dir;
		rc = run_execute(&ro, &out, err, errlen);
		free(faults);
		if (rc < 0) {
			run_outcome_release(&out);
			return rc;
		}
		st.reached = out.res.fired > 0;
		st.failed = out.res.failed;
		st.command = out.command;
		for (i = 0; i < json_array_size(out.res.verdicts); i++) {
			json_t *v = json_array_get(out.res.verdicts, i);
			size_t len = strlen(st.failures);

			if (!json_is_true(json_object_get(v, "ok")))
				snprintf(st.failures + len, sizeof(st.failures) - len, "%s%s",
					 len ? "," : "", json_string_value(json_object_get(v, "invariant")));
		}
		(*steps)++;
		if (st.failed)
			(*broken)++;
		if (cb)
			cb(&st, ud);
		run_outcome_release(&out);
		/* A run that never made the Nth call: every N from here on would
		 * be the same run. */
		if (!st.reached)
			break;
	}
	return 0;
}
