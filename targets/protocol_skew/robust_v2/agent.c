/*
 * protocol_skew/robust_v2/agent.c - target agent code, version 2 of the
 * robust variant (runs in imp-agent once deploy/code has installed it).
 *
 * DESIGN
 * ------
 * An agent is never older than its device, but it may be newer: a device
 * offline at the deploy keeps version 1 until it reconnects and restarts,
 * and a connected one keeps it while it downloads the new code. So the
 * version 2 agent accepts every format a device of version 1 or 2 sends:
 *   version 2  {"temp_c": number, "unit": "C"|"F", "at": integer}
 *   version 1  {"temp": number, "at": integer}    (always Celsius)
 * and rejects (server_error) only what no version ever sent.
 *
 * Messages:
 *   device -> agent  "reading"  either format above
 *   agent -> device  "ack"      see common/ack.h
 */
#include <stdbool.h>
#include <string.h>

#include <impchaos/agent.h>

#include "../common/ack.h"

/* The reading in Celsius from either version's format. Returns false
 * when the message is neither. */
static bool reading_celsius(json_t *data, double *celsius)
{
	json_t *v2 = json_object_get(data, "temp_c");
	json_t *v1 = json_object_get(data, "temp");
	const char *unit = json_string_value(json_object_get(data, "unit"));

	if (json_is_number(v2) && unit && !strcmp(unit, "C")) {
		*celsius = json_number_value(v2);
		return true;
	}
	if (json_is_number(v2) && unit && !strcmp(unit, "F")) {
		*celsius = (json_number_value(v2) - 32.0) * 5.0 / 9.0;
		return true;
	}
	if (json_is_number(v1)) {
		*celsius = json_number_value(v1);
		return true;
	}
	return false;
}

static void on_reading(json_t *data, void *ud)
{
	double celsius;

	(void)ud;
	if (!reading_celsius(data, &celsius)) {
		server_error("reading in no known format (neither 'temp_c' with a unit nor 'temp')");
		return;
	}
	impchaos_observe("temp_c", celsius);
	ack_reading(data);
}

void agent_main(void)
{
	ack_start();
	device_on("reading", on_reading, NULL);
}
