/*
 * sim_effect.c - what a child's effect frames do to the simulated cloud:
 * messages sent (relayed to the other side after a seeded latency, in order
 * per direction, dropped when the receiver cannot take them), timers set and
 * cancelled, logs, observations, store events, fault points that fired.
 * Harness side; frames are listed in harness/host/rt.h.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim_int.h"
#include "core/proto.h"

static void send_msg(struct sim *s, enum side from, const json_t *f)
{
	enum side to = side_host(from) == AGENT ? DEVICE : AGENT;
	const char *name = json_string_value(json_object_get(f, "name"));
	json_t *data = json_object_get(f, "data"), *m;
	uint64_t id = ++s->next_msg;
	int64_t arrive;
	struct sev *e;

	if (!name || !data) {
		sim_fail(s, -EPROTO, "the %s sent a malformed 'send' frame", side_name[from]);
		return;
	}
	/* Member by member rather than json_pack, which parses its format on
	 * every call: these three objects are built for every message. */
	m = json_object();
	json_object_set_new_nocheck(m, "from", json_string_nocheck(side_name[from]));
	json_object_set_new_nocheck(m, "inc", json_integer(s->s[from].inc));
	json_object_set_new_nocheck(m, "to", json_string_nocheck(side_name[to]));
	json_object_set_new_nocheck(m, "id", json_integer((json_int_t)id));
	json_object_set_new_nocheck(m, "name", json_string(name));
	json_object_set_nocheck(m, "data", data);
	sim_emit(s, "msg.send", m);
	if (to == DEVICE && !s->link) {
		/* the platform: what happens to device.send() while the device is
		 * offline is undocumented; dropping it is the plausible default. */
		sim_emit(s, "msg.drop", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)id, "name",
					      name, "to", side_name[to], "why", "device-offline"));
		return;
	}
	/* Messages in one direction keep their order, as over one connection. */
	arrive = s->now + prng_range(&s->latency, 20 * MS, 200 * MS);
	if (arrive < s->last_arrival[to])
		arrive = s->last_arrival[to];
	s->last_arrival[to] = arrive;
	e = sim_sev_new(SEV_DELIVER, to, 0);
	e->id = id;
	e->name = strdup(name);
	e->data = json_incref(data);
	sim_at(s, arrive, e);
}

/* A member of a frame. Frames have a handful of members, which a walk
 * compares in fewer instructions than it takes to hash the key; a larger
 * object is looked up. */
static json_t *frame_get(const json_t *f, const char *key)
{
	size_t n = strlen(key);
	void *it;

	if (json_object_size(f) > 6)
		return json_object_get(f, key);
	for (it = json_object_iter((json_t *)f); it; it = json_object_iter_next((json_t *)f, it))
		if (json_object_iter_key_len(it) == n && !memcmp(json_object_iter_key(it), key, n))
			return json_object_iter_value(it);
	return NULL;
}

static const char *need_str(struct sim *s, enum side sd, const json_t *f, const char *key)
{
	const char *v = json_string_value(frame_get(f, key));

	if (!v)
		sim_fail(s, -EPROTO, "the %s sent a '%s' frame without a string \"%s\"", side_name[sd],
			 proto_type(f), key);
	return v;
}

/* Traces an effect frame f of side sd that names something (its member
 * key) and carries a number "value", as event ev with the same two
 * members: an observation (k 0), a sensor reading (k 1). The fields
 * object of the side's previous one is refilled when nothing but this
 * run holds it (replacing a member keeps its place): these are most of
 * a run's trace lines. */
static void emit_named_number(struct sim *s, enum side sd, const json_t *f, const char *key,
			      const char *ev, int k)
{
	const char *name = need_str(s, sd, f, key);
	json_t *value = frame_get(f, "value"), *fields = s->named[k][sd];

	if (name && json_is_number(value)) {
		/* The frame's own string and number (the frame is not changed
		 * after it is read). */
		if (!fields || fields->refcount != 1 || s->named_inc[k][sd] != s->s[sd].inc) {
			json_decref(fields);
			fields = s->named[k][sd] = sim_ids(s, sd);
			s->named_inc[k][sd] = s->s[sd].inc;
			json_object_set_nocheck(fields, key, frame_get(f, key));
			json_object_set_nocheck(fields, "value", value);
		} else {
			/* proc, inc, then key and "value", replaced by place. */
			void *it = json_object_iter_next(fields, json_object_iter_next(fields,
								json_object_iter(fields)));

			json_object_iter_set(fields, it, frame_get(f, key));
			json_object_iter_set(fields, json_object_iter_next(fields, it), value);
		}
		sim_emit(s, ev, json_incref(fields));
	} else if (name) {
		sim_fail(s, -EPROTO, "the %s sent a '%s' frame without a number", side_name[sd],
			 proto_type(f));
	}
}

void sim_effect(struct sim *s, enum side sd, const json_t *f)
{
	const char *t = proto_type(f);
	json_t *fields;

	/* Observations first: most of a run's frames are. */
	if (TYPE_IS(t, "observe")) {
		emit_named_number(s, sd, f, "name", "observe", 0);
	} else if (TYPE_IS(t, "send")) {
		send_msg(s, sd, f);
	} else if (TYPE_IS(t, "sendfail")) {
		const char *name = need_str(s, sd, f, "name");

		if (name) {
			fields = sim_ids(s, sd);
			json_object_set_new(fields, "name", json_string(name));
			json_object_set(fields, "rc", json_object_get(f, "rc"));
			sim_emit(s, "msg.sendfail", fields);
		}
	} else if (TYPE_IS(t, "wakeup")) {
		json_t *id = json_object_get(f, "id"), *after = json_object_get(f, "after");
		struct sev *e;

		/* The host refuses longer timers (rt.c); one that comes anyway
		 * would overflow the clock, so it is the child's protocol error. */
		if (!json_is_integer(id) || !json_is_integer(after) || json_integer_value(after) < 0 ||
		    json_integer_value(after) > PROTO_TIMER_MAX_US) {
			sim_fail(s, -EPROTO, "the %s sent a malformed 'wakeup' frame (a timer must be "
				 "between 0 and %lld s)", side_name[sd], PROTO_TIMER_MAX_US / 1000000);
			return;
		}
		e = sim_sev_new(SEV_TIMER, sd, s->s[sd].inc);
		e->id = (uint64_t)json_integer_value(id);
		e->tnext = s->timers;
		s->timers = e;
		sim_at(s, s->now + json_integer_value(after), e);
		fields = sim_ids(s, sd);
		json_object_set(fields, "id", id);
		json_object_set_new(fields, "at", json_integer(e->h.t));
		sim_emit(s, "timer.set", fields);
	} else if (TYPE_IS(t, "cancel")) {
		uint64_t id = (uint64_t)json_integer_value(json_object_get(f, "id"));
		struct sev **pp = &s->timers, *e;

		while ((e = *pp) && !(e->side == sd && e->inc == s->s[sd].inc && e->id == id))
			pp = &e->tnext;
		if (e) {
			*pp = e->tnext;
			heap_remove(&s->heap, &e->h);
			sim_sev_free(e);
		}
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "id", json_integer((json_int_t)id));
		sim_emit(s, "timer.cancel", fields);
	} else if (TYPE_IS(t, "log")) {
		const char *level = need_str(s, sd, f, "level"), *text = need_str(s, sd, f, "text");

		if (level && text) {
			fields = sim_ids(s, sd);
			json_object_set_new(fields, "level", json_string(level));
			json_object_set_new(fields, "text", json_string(text));
			sim_emit(s, "log", fields);
		}
	} else if (side_host(sd) == DEVICE && TYPE_IS(t, "sense")) {
		/* A reading of a sensor counter-exact needs: the truth it
		 * compares a published total with. */
		emit_named_number(s, sd, f, "sensor", "sensor.read", 1);
	} else if (side_host(sd) == AGENT && (TYPE_IS(t, "save") || TYPE_IS(t, "load"))) {
		fields = json_pack("{s:i}", "inc", s->s[sd].inc);
		if (TYPE_IS(t, "save")) {
			json_t *table = json_object_get(f, "table");

			json_object_set(fields, "rc", json_object_get(f, "rc"));
			/* The history a stale load rolls back to. */
			/* A save of the same table changes nothing a stale load
			 * could roll back. */
			if (json_integer_value(json_object_get(f, "rc")) == 0 && json_is_object(table) &&
			    !(s->saved[0] && json_equal(s->saved[0], table))) {
				json_decref(s->saved[1]);
				s->saved[1] = s->saved[0];
				/* Shared with the frame, which nothing changes. */
				s->saved[0] = json_incref(table);
			}
		}
		json_object_set(fields, "table", json_object_get(f, "table"));
		sim_emit(s, TYPE_IS(t, "save") ? "store.save" : "store.load", fields);
	} else if (TYPE_IS(t, "fired") || TYPE_IS(t, "oom") || TYPE_IS(t, "crashpoint")) {
		const char *name = need_str(s, sd, f, "name");

		if (!name)
			return;
		if (TYPE_IS(t, "crashpoint")) {
			/* Its "fired" came first; the death follows. */
			s->s[sd].exit_reason = "crash-point";
			return;
		}
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "name", json_string(name));
		if (TYPE_IS(t, "fired")) {
			json_object_set(fields, "call", json_object_get(f, "call"));
			json_object_set(fields, "errno", json_object_get(f, "errno"));
		} else {
			json_object_set_new(fields, "action", json_string("oom"));
			/* Past the quota (no fault: a target that grows), what it
			 * used and the quota say how far (no-crash-loop, no-oom). */
			if (!strcmp(name, "memory-quota")) {
				json_object_set(fields, "used", json_object_get(f, "used"));
				json_object_set(fields, "quota", json_object_get(f, "quota"));
			}
			s->s[sd].exit_reason = "oom";
		}
		sim_emit(s, "fault.fire", fields);
		sim_arm_fired(s, side_host(sd), name);
	} else if (TYPE_IS(t, "fired-lost")) {
		fields = sim_ids(s, sd);
		json_object_set(fields, "count", json_object_get(f, "count"));
		sim_emit(s, "fault.fire-lost", fields);
	} else if (side_host(sd) == AGENT && TYPE_IS(t, "saving")) {
		fields = json_pack("{s:i}", "inc", s->s[sd].inc);
		json_object_set(fields, "table", json_object_get(f, "table"));
		sim_emit(s, "store.begin", fields);
	} else if (TYPE_IS(t, "nowakeup")) {
		fields = sim_ids(s, sd);
		json_object_set(fields, "limit", json_object_get(f, "limit"));
		sim_emit(s, "timer.refused", fields);
	} else if (sd == DEVICE && (TYPE_IS(t, "policy") || TYPE_IS(t, "suspend") ||
				    TYPE_IS(t, "connect") || TYPE_IS(t, "disconnect"))) {
		sim_link_effect(s, t, f);
	} else if (sd == DEVICE && TYPE_IS(t, "sleep")) {
		json_t *nv = json_object_get(f, "nv"), *sleep_for = json_object_get(f, "for");

		if (!json_is_integer(sleep_for) || json_integer_value(sleep_for) < 0 ||
		    json_integer_value(sleep_for) > PROTO_SLEEP_MAX_US) {
			sim_fail(s, -EPROTO, "the device sent a malformed 'sleep' frame (a deep sleep "
				 "must be between 0 and %lld s)", PROTO_SLEEP_MAX_US / 1000000);
			return;
		}
		s->s[sd].exit_reason = "sleep";
		s->sleep_us = json_integer_value(json_object_get(f, "for"));
		json_decref(s->nv);
		s->nv = json_is_object(nv) ? json_deep_copy(nv) : NULL;
		sim_emit(s, "device.sleep", json_pack("{s:I}", "for", (json_int_t)s->sleep_us));
	} else if (TYPE_IS(t, "fatal")) {
		sim_fail(s, -EINVAL, "the %s host failed: %s (see %s)", side_name[sd],
			 json_string_value(json_object_get(f, "msg")) ?: "?", s->log[side_host(sd)]);
	} else if (sd == AGENT && (TYPE_IS(t, "respond") || TYPE_IS(t, "nohttp"))) {
		sim_http_effect(s, f);
	} else if (side_host(sd) == AGENT && TYPE_IS(t, "httpout")) {
		sim_httpout_effect(s, sd, f);
	} else if (TYPE_IS(t, "nohandler")) {
		const char *name = need_str(s, sd, f, "name");

		if (!name)
			return;
		sim_emit(s, "msg.nohandler", json_pack("{s:s, s:i, s:O, s:s}", "to", side_name[sd], "inc",
						   s->s[sd].inc, "id",
						   json_object_get(f, "id") ?: json_null(), "name", name));
		/* The platform drops the message and says so in the log, naming
		 * the sending call: the agent's device.send() lands on the
		 * device, the device's agent.send() on the agent. */
		fields = sim_ids(s, sd);
		json_object_set_new(fields, "level", json_string("error"));
		json_object_set_new(fields, "source", json_string("platform"));
		json_object_set_new(fields, "text", json_string(sd == DEVICE ?
			"ERROR: no handler for device.send()" : "ERROR: no handler for agent.send()"));
		sim_emit(s, "log", fields);
	} else {
		sim_fail(s, -EPROTO, "the %s sent an unknown frame type '%s'", side_name[sd], t);
	}
}

void sim_deliver(struct sim *s, struct sev *e)
{
	struct side_state *ss = &s->s[e->side];
	const char *why = NULL;
	json_t *f;

	if (!ss->proc)
		why = e->side == AGENT ? "agent-down" : "device-offline";
	else if (e->side == DEVICE && !s->link)
		why = "device-offline";
	if (why) {
		sim_emit(s, "msg.drop", json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)e->id, "name",
					      e->name, "to", side_name[e->side], "why", why));
		return;
	}
	f = json_object();
	json_object_set_new_nocheck(f, "id", json_integer((json_int_t)e->id));
	json_object_set_new_nocheck(f, "name", json_string(e->name));
	json_object_set_new_nocheck(f, "to", json_string_nocheck(side_name[e->side]));
	json_object_set_new_nocheck(f, "inc", json_integer(ss->inc));
	sim_emit(s, "msg.deliver", f);
	f = json_object();
	json_object_set_new_nocheck(f, "t", json_string_nocheck("msg"));
	json_object_set_new_nocheck(f, "id", json_integer((json_int_t)e->id));
	json_object_set_new_nocheck(f, "name", json_string(e->name));
	json_object_set_nocheck(f, "data", e->data);
	sim_dispatch(s, e->side, f);
}
