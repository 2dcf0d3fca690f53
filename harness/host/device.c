/*
 * device.c - imp-device, the device emulator: one process per device boot.
 * Harness -> imp-device -> device.so (the target's device code).
 *
 * Implements the device side of the target API (impchaos/device.h) on top of
 * the shared runtime (rt.c), plus the small hardware model: sensors whose
 * readings come from the scenario's workload, drawn from a PRNG stream named
 * after the sensor and this boot, so readings are reproducible from the seed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "impchaos/device.h"
#include "prng.h"
#include "hfault.h"
#include "rt.h"

struct sensor {
	char *name;
	struct prng prng;
	double min, max;
	int integer;
	struct sensor *next;
};

static struct sensor *sensors;

void agent_on(const char *name, imp_msg_cb cb, void *ud)
{
	rt_on(name, cb, ud);
}

int agent_send(const char *name, json_t *data)
{
	if (!name) {
		rt_target_error("agent_send: NULL message name");
		return SEND_ERROR_NOT_CONNECTED;
	}
	if (!rt_linked()) {
		rt_effect(json_pack("{s:s, s:s, s:i}", "t", "sendfail", "name", name, "rc",
				    SEND_ERROR_NOT_CONNECTED));
		return SEND_ERROR_NOT_CONNECTED;
	}
	rt_effect(json_pack("{s:s, s:s, s:O}", "t", "send", "name", name, "data",
			    data ? data : json_null()));
	hfault_point("device/send/crash");
	return 0;
}

bool server_isconnected(void)
{
	return rt_linked();
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
	s->next = sensors;
	sensors = s;
	return s;
}

double hardware_read(const char *sensor)
{
	struct sensor *s = sensor ? sensor_get(sensor) : NULL;

	if (!s) {
		rt_target_error("hardware_read: no sensor '%s' in the workload (declare it in "
				"target.json under workload.sensors)", sensor ? sensor : "(null)");
		return 0;
	}
	if (s->integer)
		return (double)prng_range(&s->prng, (int64_t)ceil(s->min), (int64_t)floor(s->max));
	return s->min + (s->max - s->min) * prng_unit(&s->prng);
}

int main(int argc, char **argv)
{
	static const struct rt_role role = {
		.name = "device",
		.entry = "device_main",
	};
	int rc = rt_main(&role, argc, argv);

	while (sensors) {
		struct sensor *s = sensors;

		sensors = s->next;
		free(s->name);
		free(s);
	}
	return rc;
}
