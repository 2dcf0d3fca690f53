/*
 * device.c - imp-device, the device emulator: one process per device boot.
 * Harness -> imp-device -> device.so (the target's device code).
 *
 * Implements the device side of the target API (impchaos/device.h) on top of
 * the shared runtime (rt.c), plus the small hardware model: sensors whose
 * readings come from the scenario's workload, drawn from a PRNG stream named
 * after the sensor and this boot, so readings are reproducible from the seed.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/device.h"
#include "core/prng.h"
#include "core/proto.h"
#include "hfault.h"
#include "rt.h"
#include "sq_device.h"

struct sensor {
	char *name;
	struct prng prng;
	double min, max;
	int integer;
	int traced;             /* each reading is reported ("sense" effect) */
	struct sensor *next;
};

static struct sensor *sensors;

static struct {
	int policy;
	imp_reason_cb on_unexpected, on_shutdown, on_connect;
	void *unexpected_ud, *shutdown_ud, *connect_ud;
	json_t *nv;
} dev;

void agent_on(const char *name, imp_msg_cb cb, void *ud)
{
	rt_on(name, cb, ud);
}

static int send_valid(const char *name, json_t *data);

int agent_send(const char *name, json_t *data)
{
	char *clean;
	int rc;

	if (!name)
		return send_valid(name, data);
	/* Names go into frames, which hold UTF-8 only. */
	clean = rt_utf8(name);
	rc = send_valid(clean ? clean : name, data);
	free(clean);
	return rc;
}

static int send_valid(const char *name, json_t *data)
{
	if (!name) {
		rt_target_error("agent_send: NULL message name");
		return SEND_ERROR_NOT_CONNECTED;
	}
	if (!rt_linked() && dev.policy == SUSPEND_ON_ERROR) {
		/* The code stops here until the cloud says the link is back. */
		rt_effect(json_pack("{s:s, s:s}", "t", "suspend", "name", name));
		json_decref(rt_await("resume"));
		rt_set_linked(true);
	}
	if (!rt_linked()) {
		rt_effect(json_pack("{s:s, s:s, s:i}", "t", "sendfail", "name", name, "rc",
				    SEND_ERROR_NOT_CONNECTED));
		return SEND_ERROR_NOT_CONNECTED;
	}
	/* Over the message rate limit the send times out, as a full send
	 * buffer would. */
	if (!rt_send_allowed())
		return SEND_ERROR_TIMEOUT;
	{
		/* A name that is not UTF-8 is repaired (U+FFFD), as the agent's
		 * device.send() does. */
		char *clean = rt_utf8(name);
		const char *nm = clean ? clean : name;
		struct proto_build *b = rt_effect_begin("send", 2);

		proto_build_string(b, "name", nm, strlen(nm));
		proto_build_value(b, "data", data);
		rt_effect_end(b);
		free(clean);
	}
	hfault_point("device/send/crash");
	return 0;
}

bool server_isconnected(void)
{
	return rt_linked();
}

void server_setsendtimeoutpolicy(int policy, int waitfor, double timeout)
{
	(void)waitfor;
	(void)timeout;
	if (policy != SUSPEND_ON_ERROR && policy != RETURN_ON_ERROR) {
		rt_target_error("server_setsendtimeoutpolicy: unknown policy %d", policy);
		return;
	}
	dev.policy = policy;
	rt_effect(json_pack("{s:s, s:s}", "t", "policy", "policy",
			    policy == RETURN_ON_ERROR ? "RETURN_ON_ERROR" : "SUSPEND_ON_ERROR"));
}

void server_onunexpecteddisconnect(imp_reason_cb cb, void *ud)
{
	dev.on_unexpected = cb;
	dev.unexpected_ud = ud;
}

void server_connect(imp_reason_cb cb, void *ud, double timeout)
{
	dev.on_connect = cb;
	dev.connect_ud = ud;
	if (!isfinite(timeout) || timeout < 0)
		timeout = 60;
	rt_effect(json_pack("{s:s, s:I}", "t", "connect", "timeout",
			    (json_int_t)llround(timeout * 1e6)));
}

void server_disconnect(void)
{
	rt_effect(json_pack("{s:s}", "t", "disconnect"));
}

void server_onshutdown(imp_reason_cb cb, void *ud)
{
	dev.on_shutdown = cb;
	dev.shutdown_ud = ud;
}

json_t *nv_table(void)
{
	return dev.nv;
}

void imp_deepsleepfor(double seconds)
{
	/* The platform's limit; the device sleeps in any case, since
	 * deepsleepfor() does not return. */
	if (isnan(seconds) || seconds < 0) {
		rt_target_error("imp_deepsleepfor: %g seconds is %s (taken as 0)", seconds,
				isnan(seconds) ? "not a number" : "negative");
		seconds = 0;
	} else if (seconds > (double)PROTO_SLEEP_MAX_US / 1e6) {
		rt_target_error("imp_deepsleepfor: %g seconds is longer than the platform's "
				"maximum of %lld (taken as the maximum)", seconds,
				PROTO_SLEEP_MAX_US / 1000000);
		seconds = (double)PROTO_SLEEP_MAX_US / 1e6;
	}
	rt_effect(json_pack("{s:s, s:I, s:O}", "t", "sleep", "for",
			    (json_int_t)llround(seconds * 1e6), "nv", dev.nv));
	exit(0);
}

int hardware_wakereason(void)
{
	return (int)json_integer_value(json_object_get(rt_init(), "wakereason"));
}

/* Target callbacks with a reason: run in the target scope through a
 * trampoline, since the runtime's calls take no argument. */
static struct {
	imp_reason_cb cb;
	void *ud;
	int reason;
} pending;

static void reason_call(void *unused)
{
	(void)unused;
	pending.cb(pending.reason, pending.ud);
}

static void call_reason(imp_reason_cb cb, void *ud, int reason)
{
	pending.cb = cb;
	pending.ud = ud;
	pending.reason = reason;
	rt_target_call(reason_call, NULL);
}

static int device_frame(const char *type, const json_t *ev)
{
	int reason = (int)json_integer_value(json_object_get(ev, "reason"));

	if (!strcmp(type, "shutdown")) {
		if (!dev.on_shutdown)
			rt_restart("new-code");
		call_reason(dev.on_shutdown, dev.shutdown_ud, reason);
	} else if (!strcmp(type, "connected")) {
		imp_reason_cb cb = dev.on_connect;

		dev.on_connect = NULL;
		if (cb)
			call_reason(cb, dev.connect_ud, reason);
	} else if (!strcmp(type, "unexpected")) {
		if (dev.on_unexpected)
			call_reason(dev.on_unexpected, dev.unexpected_ud, reason);
	} else {
		return -ENOENT;
	}
	return 0;
}

static int device_setup(const json_t *init, char *err, size_t errlen)
{
	json_t *nv = json_object_get(init, "nv");

	(void)err;
	(void)errlen;
	dev.nv = json_is_object(nv) ? json_deep_copy(nv) : json_object();
	return 0;
}

static struct sensor *sensor_get(const char *name)
{
	const json_t *spec;
	struct sensor *s;
	char stream[256];

	for (s = sensors; s; s = s->next)
		if (!strcmp(s->name, name))
			return s;
	spec = json_object_get(json_object_get(json_object_get(rt_init(), "workload"), "sensors"),
			       name);
	if (!json_is_object(spec))
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s || !(s->name = strdup(name)))
		abort();
	snprintf(stream, sizeof(stream), "sensor/%s/%lld", name,
		 (long long)json_integer_value(json_object_get(rt_init(), "inc")));
	prng_init(&s->prng, (uint64_t)json_integer_value(json_object_get(rt_init(), "seed")), stream);
	s->min = json_number_value(json_object_get(spec, "min"));
	s->max = json_number_value(json_object_get(spec, "max"));
	s->integer = json_is_true(json_object_get(spec, "integer"));
	{
		/* The sensors an invariant needs the truth of (counter-exact):
		 * each reading goes into the trace. */
		const json_t *traced = json_object_get(rt_init(), "trace_sensors");
		size_t i;

		for (i = 0; i < json_array_size(traced); i++)
			s->traced |= !strcmp(json_string_value(json_array_get(traced, i)) ?: "", name);
	}
	s->next = sensors;
	sensors = s;
	return s;
}

double hardware_read(const char *sensor)
{
	struct sensor *s = sensor ? sensor_get(sensor) : NULL;
	double v;

	if (!s) {
		rt_target_error("hardware_read: no sensor '%s' in the workload (declare it in "
				"target.json under workload.sensors)", sensor ? sensor : "(null)");
		return 0;
	}
	if (s->integer)
		v = (double)prng_range(&s->prng, (int64_t)ceil(s->min), (int64_t)floor(s->max));
	else
		v = s->min + (s->max - s->min) * prng_unit(&s->prng);
	if (s->traced) {
		struct proto_build *b = rt_effect_begin("sense", 2);

		proto_build_string(b, "sensor", s->name, strlen(s->name));
		proto_build_real(b, "value", v);
		rt_effect_end(b);
	}
	return v;
}

int main(int argc, char **argv)
{
	static const struct rt_role role = {
		.name = "device",
		.entry = "device_main",
		.setup = device_setup,
		.frame = device_frame,
		.sq_api = sqb_device_api,
		/* About what an imp module leaves Squirrel (not documented
		 * exactly; target.json "squirrel_memory" changes it). */
		.sq_default_quota = 80 << 10,
	};
	int rc = rt_main(&role, argc, argv);

	json_decref(dev.nv);
	while (sensors) {
		struct sensor *s = sensors;

		sensors = s->next;
		free(s->name);
		free(s);
	}
	return rc;
}
