/*
 * sim_link.c - the device's connection to the cloud, as each side sees it.
 * Harness side; state in struct sim (sim_int.h).
 *
 * DESIGN
 * the platform's facts, and how they are modelled:
 *   - The device knows at once that its link is gone. The agent does not:
 *     a dead connection takes from about 106 s to about 9 minutes to be
 *     detected, so after an abrupt loss (Wi-Fi, power) the agent keeps
 *     believing the device is connected until SEV_DETECT; what it sends
 *     meanwhile is lost. A link that comes back first shows up on the agent
 *     as disconnect-then-connect. A clean close (server_disconnect(), deep
 *     sleep, a restart of the device's code, a redirect) is seen at once.
 *   - Under SUSPEND_ON_ERROR (each boot's default) the device reconnects on
 *     its own, and agent_send() while offline suspends the device's code
 *     until it has: the child blocks waiting for "resume", and frames for
 *     it meanwhile wait in s->deferred (timers queue behind running code).
 *   - Under RETURN_ON_ERROR an abrupt loss calls the device's
 *     onunexpecteddisconnect callback and only server_connect() reconnects.
 *
 * Link states (s->link, s->agent_view):
 *   UP/seen --[sim_link_down abrupt]--> DOWN/unseen --[SEV_DETECT]--> DOWN/seen
 *   UP/seen --[sim_link_down clean]---> DOWN/seen
 *   DOWN/any --[SEV_CONNECT: link_up]--> UP/seen (agent told down+up if unseen)
 * Network (s->cuts > 0 while a disconnect fault holds it down):
 *   SEV_CUT: cuts++, abrupt loss --[SEV_LINK_RESTORE]--> cuts--, reconnect
 *   if the device wants to (SUSPEND_ON_ERROR, or a server_connect() pending).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_int.h"

/* A stale duplicate agent (sim_dup.c) hears what the agent hears: it is a
 * live process. */
static void tell(struct sim *s, enum side sd, int up)
{
	sim_dispatch(s, sd, json_pack("{s:s, s:b}", "t", "link", "up", up));
	if (sd == AGENT && !s->rc)
		sim_dispatch(s, AGENT_STALE, json_pack("{s:s, s:b}", "t", "link", "up", up));
}

static void connect_outcome(struct sim *s, int reason)
{
	s->connect_pending = 0;
	sim_emit(s, "device.connect-result", json_pack("{s:s}", "result",
				reason == SERVER_CONNECTED ? "connected" : "not-connected"));
	sim_dispatch(s, DEVICE, json_pack("{s:s, s:i}", "t", "connected", "reason", reason));
}

void sim_link_down(struct sim *s, int abrupt, int64_t detect_us)
{
	if (!s->link)
		return;
	s->link = 0;
	s->link_gen++;
	sim_emit(s, "link.down", json_pack("{s:s}", "how", abrupt ? "lost" : "closed"));
	tell(s, DEVICE, 0);
	if (abrupt && s->policy == RETURN_ON_ERROR && s->s[DEVICE].proc) {
		/* RETURN_ON_ERROR: the code is told, and reconnecting is its job. */
		s->offline_by_choice = 1;
		sim_dispatch(s, DEVICE, json_pack("{s:s, s:i}", "t", "unexpected", "reason",
						  NO_WIFI));
	}
	if (!abrupt) {
		s->agent_view = 0;
		tell(s, AGENT, 0);
		return;
	}
	if (detect_us < 0)
		detect_us = prng_range(&s->detect, 106 * SEC, 9 * 60 * SEC);
	{
		struct sev *e = sim_sev_new(SEV_DETECT, AGENT, 0);

		e->id = s->link_gen;
		sim_at(s, s->now + detect_us, e);
	}
}

static void link_up(struct sim *s)
{
	s->link = 1;
	sim_emit(s, "link.up", json_pack("{s:s}", "server", server_name[s->dev_server]));
	if (s->suspended)
		sim_resume(s);
	else
		tell(s, DEVICE, 1);
	if (s->agent_view) {
		/* The old connection was never seen to die: the agent learns of
		 * it now, as a disconnect right before the connect. */
		sim_emit(s, "link.seen", json_pack("{s:s, s:b, s:s}", "by", "agent", "up", 0, "why",
					   "stale-connection"));
		tell(s, AGENT, 0);
	}
	s->agent_view = 1;
	tell(s, AGENT, 1);
	if (s->connect_pending)
		connect_outcome(s, SERVER_CONNECTED);
}

/* The device wants to be online: on its own under SUSPEND_ON_ERROR, or
 * because its code asked with server_connect(). */
static int wants_link(struct sim *s)
{
	return s->s[DEVICE].proc && (!s->offline_by_choice || s->connect_pending);
}

void sim_link_schedule_connect(struct sim *s, int64_t lo, int64_t hi)
{
	sim_at(s, s->now + prng_range(&s->boot, lo, hi), sim_sev_new(SEV_CONNECT, DEVICE, s->s[DEVICE].inc));
}

void sim_link_cut(struct sim *s, int64_t for_us, int64_t detect_us)
{
	s->cuts++;
	sim_link_down(s, 1, detect_us);
	sim_at(s, s->now + for_us, sim_sev_new(SEV_LINK_RESTORE, DEVICE, 0));
}

void sim_link_effect(struct sim *s, const char *t, const json_t *f)
{
	if (!strcmp(t, "policy")) {
		const char *p = json_string_value(json_object_get(f, "policy"));

		s->policy = p && !strcmp(p, "RETURN_ON_ERROR") ? RETURN_ON_ERROR : SUSPEND_ON_ERROR;
		sim_emit(s, "device.policy", json_pack("{s:s}", "policy", p ? p : "?"));
	} else if (!strcmp(t, "suspend")) {
		/* Online (the child's view lags ours): collect() resumes it at once. */
		if (s->link)
			return;
		s->suspended = 1;
		sim_emit(s, "device.suspend", json_pack("{s:s}", "name",
						json_string_value(json_object_get(f, "name")) ?: ""));
	} else if (!strcmp(t, "connect")) {
		int64_t timeout = json_integer_value(json_object_get(f, "timeout"));
		struct sev *e;

		s->connect_pending = 1;
		s->offline_by_choice = 0;
		s->connect_gen++;
		sim_emit(s, "device.connect", NULL);
		e = sim_sev_new(SEV_CONNECT_RESULT, DEVICE, s->s[DEVICE].inc);
		e->id = s->connect_gen;
		if (s->link) {
			sim_at(s, s->now, e);
			return;
		}
		sim_at(s, s->now + (timeout > 0 ? timeout : 0), e);
		if (s->cuts == 0)
			sim_link_schedule_connect(s, 500 * MS, 3 * SEC);
	} else if (!strcmp(t, "disconnect")) {
		s->offline_by_choice = 1;
		sim_emit(s, "device.disconnect", NULL);
		/* The link frames go out as their own event: the device is in the
		 * middle of one now. */
		sim_at(s, s->now, sim_sev_new(SEV_DISCONNECT, DEVICE, s->s[DEVICE].inc));
	}
}

void sim_link_event(struct sim *s, struct sev *e)
{
	struct side_state *dev = &s->s[DEVICE];

	switch (e->kind) {
	case SEV_CONNECT:
		if (!dev->proc || dev->inc != e->inc || s->cuts > 0 || s->link || !wants_link(s))
			break;
		/* A device whose code is out of date gets the new code before it
		 * runs any (a new process): sim_deploy.c. */
		if (sim_code_before_connect(s) < 0 || !dev->proc)
			break;
		if (s->redirect_to >= 0) {
			s->dev_server = s->redirect_to;
			s->redirect_to = -1;
		} else if (s->dev_server < 0) {
			s->dev_server = s->server;
		}
		/* Before the link frames: an old device that was suspended sends
		 * the moment it is resumed, inside the skew window. */
		sim_code_after_connect(s);
		link_up(s);
		if (s->rc || !dev->proc)
			break;
		/* Its agent lives elsewhere: it follows the device (the second
		 * move of the double move). */
		if (s->dev_server != s->server)
			sim_follow_device(s);
		/* Device code starts once the device is online, a moment after
		 * the agent may already have heard of the connection. */
		if (!dev->booted && dev->proc) {
			int64_t delay = s->boot_delay > 0 ? s->boot_delay
					 : prng_range(&s->boot, 100 * MS, 2 * SEC);

			s->boot_delay = 0;
			sim_at(s, s->now + delay, sim_sev_new(SEV_BOOT, DEVICE, dev->inc));
		}
		break;
	case SEV_LINK_RESTORE:
		if (--s->cuts == 0 && wants_link(s))
			sim_link_schedule_connect(s, 500 * MS, 3 * SEC);
		break;
	case SEV_DETECT:
		if (e->id != s->link_gen || s->link || !s->agent_view)
			break;
		s->agent_view = 0;
		sim_emit(s, "link.seen", json_pack("{s:s, s:b, s:s}", "by", "agent", "up", 0, "why",
					   "detected"));
		tell(s, AGENT, 0);
		break;
	case SEV_CUT:
		sim_link_cut(s, (int64_t)e->id, -1);
		break;
	case SEV_DISCONNECT:
		if (dev->proc && dev->inc == e->inc)
			sim_link_down(s, 0, 0);
		break;
	case SEV_CONNECT_RESULT:
		if (dev->proc && dev->inc == e->inc && s->connect_pending && e->id == s->connect_gen)
			connect_outcome(s, s->link ? SERVER_CONNECTED : NOT_CONNECTED);
		break;
	default:
		break;
	}
}

/* A new boot starts with the platform's defaults. */
void sim_link_boot(struct sim *s)
{
	s->policy = SUSPEND_ON_ERROR;
	s->offline_by_choice = 0;
	s->connect_pending = 0;
	s->suspended = 0;
	json_array_clear(s->deferred);
}
