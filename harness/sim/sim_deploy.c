/*
 * sim_deploy.c - code deploys and the versions each side runs. Harness
 * side; state in struct sim (sim_int.h).
 *
 * DESIGN
 * A deploy is a generation (s->deploys counts them). Generation 0 is the
 * code the run starts with (version 1); every deploy installs the
 * manifest's "v2" (version 2), or version 1 again when the variant has none
 * (a redeploy still restarts everything). the platform's facts:
 *   - the agent restarts with the new code at once (sim_deploy);
 *   - a connected device receives the new code, then a shutdown request
 *     (SEV_SHUTDOWN) that its server_onshutdown handler may delay before
 *     it calls server_restart(); without a handler it restarts at once;
 *   - an offline device keeps its old code until it reconnects: then it is
 *     asked to restart (it was running) or takes the new code before its
 *     code starts (it had just booted). Meanwhile an old device talks to a
 *     new agent: the version-skew window.
 * The device's process runs s->code_gen[DEVICE]; it has downloaded
 * s->dev_code, which its next process runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

char *sim_code_so(struct sim *s, enum side sd, int gen)
{
	const struct target *t = s->sc->target;
	char *v2 = sd == AGENT ? t->agent_so2 : t->device_so2;

	return gen > 0 && v2 ? v2 : sd == AGENT ? t->agent_so : t->device_so;
}

int sim_code_version(struct sim *s, int gen)
{
	return gen > 0 && s->sc->target->agent_so2 ? 2 : 1;
}

/* The device runs older code than the cloud has. */
static int device_stale(struct sim *s)
{
	return s->code_gen[DEVICE] < s->deploys;
}

static void ask_shutdown(struct sim *s, int64_t after)
{
	struct sev *e = sim_sev_new(SEV_SHUTDOWN, DEVICE, s->s[DEVICE].inc);

	sim_at(s, s->now + after, e);
}

void sim_deploy(struct sim *s, const struct sched_entry *e, struct prng *p)
{
	struct side_state *dev = &s->s[DEVICE];
	int64_t outage = fault_param_us(e, "outage", prng_range(p, 200 * MS, 2 * SEC));
	int64_t download = fault_param_us(e, "download", prng_range(p, 500 * MS, 10 * SEC));

	s->deploys++;
	sim_emit(s, "deploy", json_pack("{s:i, s:i, s:b}", "deploy", s->deploys, "version",
				   sim_code_version(s, s->deploys), "device_online",
				   dev->proc && s->link));
	if (s->s[AGENT].proc) {
		sim_stop_side(s, AGENT, 1, "new-code");
		sim_at(s, s->now + outage, sim_sev_new(SEV_AGENT_START, AGENT, 0));
	}
	/* An agent that is down starts on the new code anyway (sim_spawn). */
	if (dev->proc && s->link)
		ask_shutdown(s, download);
	/* An offline device: its connect takes care of it. */
}

void sim_shutdown_event(struct sim *s, struct sev *e)
{
	struct side_state *dev = &s->s[DEVICE];

	if (!dev->proc || dev->inc != e->inc || !s->link || !device_stale(s))
		return;
	s->dev_code = s->deploys;
	sim_emit(s, "device.shutdown", json_pack("{s:i, s:s, s:i}", "inc", dev->inc, "reason",
					     "new-code", "version",
					     sim_code_version(s, s->deploys)));
	sim_dispatch(s, DEVICE, json_pack("{s:s, s:i}", "t", "shutdown", "reason", SHUTDOWN_NEWCODE));
}

/* The device is about to connect. A device that has not started its code
 * and has old code takes the new code first: a new process. Returns 0, or
 * negative when that process could not start. */
int sim_code_before_connect(struct sim *s)
{
	if (s->s[DEVICE].booted || !device_stale(s))
		return 0;
	s->dev_code = s->deploys;
	sim_stop_side(s, DEVICE, 1, "new-code");
	json_decref(s->nv);
	s->nv = NULL;
	s->wakereason = WAKEREASON_NEW_SQUIRREL;
	return sim_spawn(s, DEVICE);
}

/* The device has connected while running old code: it gets the new code
 * and is asked to restart once it has it. Until then it talks to an agent
 * of a newer version. */
void sim_code_after_connect(struct sim *s)
{
	struct prng p;
	char stream[64];

	if (!s->s[DEVICE].booted || !device_stale(s))
		return;
	snprintf(stream, sizeof(stream), "deploy/download/%d", s->s[DEVICE].inc);
	prng_init(&p, s->sc->seed, stream);
	/* Versions say which code; deploys which generation (a redeploy of the
	 * same code is a skew of generations only). */
	sim_emit(s, "version.skew", json_pack("{s:i, s:i, s:i, s:i}", "device",
				  sim_code_version(s, s->code_gen[DEVICE]), "agent",
				  sim_code_version(s, s->deploys), "device_deploy", s->code_gen[DEVICE],
				  "agent_deploy", s->deploys));
	ask_shutdown(s, prng_range(&p, 500 * MS, 10 * SEC));
}
