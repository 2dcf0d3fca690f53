/*
 * catalog.c - the fault catalogue table and schedule validation (see
 * catalog.h).
 */
#include "catalog.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "duration.h"

#define SEC 1000000LL

static const struct fault_param restart_params[] = {
	{ "outage", FAULT_PARAM_DURATION,
	  "how long the agent is down before the new instance starts (default: seeded, 0.5s-5s)",
	  0, 3600 * SEC },
	{ NULL, 0, NULL, 0, 0 },
};

static const struct fault_param crash_params[] = {
	{ "restart_after", FAULT_PARAM_DURATION,
	  "how long until the cloud restarts the crashed agent (default: seeded, 1s-5s)",
	  0, 3600 * SEC },
	{ NULL, 0, NULL, 0, 0 },
};

static const struct fault_param power_params[] = {
	{ "off", FAULT_PARAM_DURATION,
	  "how long the device stays powered off (default: seeded, 5s-60s)",
	  0, 30 * 86400 * SEC },
	{ NULL, 0, NULL, 0, 0 },
};

static const struct fault_param disconnect_params[] = {
	{ "for", FAULT_PARAM_DURATION,
	  "how long the link stays down (default: 1m)",
	  0, 30 * 86400 * SEC },
	{ NULL, 0, NULL, 0, 0 },
};

static const struct fault_info catalog[] = {
	{ "agent/restart", FAULT_AGENT_RESTART,
	  "the agent alone is stopped and started again on its persisted store, as in server "
	  "maintenance; the device keeps running and stays connected",
	  "cloud: graceful stop of the imp-agent process, new process after the outage",
	  restart_params },
	{ "agent/crash", FAULT_AGENT_CRASH,
	  "the agent process dies at once (SIGKILL); the cloud restarts it on its persisted store",
	  "cloud: SIGKILL from the harness, new imp-agent process after restart_after",
	  crash_params },
	{ "device/power-cycle", FAULT_DEVICE_POWER_CYCLE,
	  "the device loses power: its process dies, its link drops; it boots again after 'off'",
	  "cloud: SIGKILL of imp-device, link down, new imp-device process and reconnect",
	  power_params },
	{ "device/disconnect", FAULT_DEVICE_DISCONNECT,
	  "the device's link drops (Wi-Fi loss) for a while; device code keeps running",
	  "cloud: link down for both sides, link up again after 'for'",
	  disconnect_params },
	{ NULL, 0, NULL, NULL, NULL },
};

const struct fault_info *fault_catalog(void)
{
	return catalog;
}

const struct fault_info *fault_find(const char *name)
{
	const struct fault_info *f;

	for (f = catalog; f->name; f++)
		if (!strcmp(f->name, name))
			return f;
	return NULL;
}

static const struct fault_param *param_find(const struct fault_info *f, const char *key)
{
	const struct fault_param *p;

	for (p = f->params; p->key; p++)
		if (!strcmp(p->key, key))
			return p;
	return NULL;
}

int fault_validate(const struct sched_entry *e, char *err, size_t errlen)
{
	const struct fault_info *f = fault_find(e->fault);
	size_t i;

	if (!f) {
		snprintf(err, errlen, "line %d, column %d: unknown fault '%s' (try 'impchaos faults')",
			 e->line, e->fault_col, e->fault);
		return -EINVAL;
	}
	for (i = 0; i < e->nparams; i++) {
		const struct fault_param *p = param_find(f, e->params[i].key);
		int64_t us;

		if (!p) {
			char known[256] = "";
			const struct fault_param *q;

			for (q = f->params; q->key; q++)
				snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
					 q == f->params ? "" : ", ", q->key);
			snprintf(err, errlen, "line %d: fault '%s' has no parameter '%s' (it takes: %s)",
				 e->line, f->name, e->params[i].key, known[0] ? known : "none");
			return -EINVAL;
		}
		if (p->kind == FAULT_PARAM_DURATION) {
			if (duration_parse(e->params[i].value, &us) < 0) {
				snprintf(err, errlen, "line %d: %s %s=%s: malformed duration (try 90s, "
					 "20m, 6h, 7d)", e->line, f->name, p->key, e->params[i].value);
				return -EINVAL;
			}
			if (us < p->min_us || us > p->max_us) {
				char lo[32], hi[32];

				duration_format(p->min_us, lo, sizeof(lo));
				duration_format(p->max_us, hi, sizeof(hi));
				snprintf(err, errlen, "line %d: %s %s=%s is out of range (%s to %s)",
					 e->line, f->name, p->key, e->params[i].value, lo, hi);
				return -EINVAL;
			}
		}
	}
	return 0;
}

long long fault_param_us(const struct sched_entry *e, const char *key, long long dflt)
{
	const char *v = schedule_param(e, key);
	int64_t us;

	if (!v || duration_parse(v, &us) < 0)
		return dflt;
	return us;
}
