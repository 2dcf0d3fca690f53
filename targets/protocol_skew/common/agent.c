/*
 * protocol_skew/common/agent.c - target agent code, version 1 (runs in
 * imp-agent under the harness; both variants): logs the device's
 * temperature readings and acknowledges each one it accepts.
 *
 * Version 1 only ever meets version 1 devices: a deploy restarts the agent
 * with version 2 first, so an agent is never older than its device.
 *
 * Messages:
 *   device -> agent  "reading"  {"temp": number, "at": integer}  (Celsius)
 *   agent -> device  "ack"      see common/ack.h
 */
#include <impchaos/agent.h>

#include "../common/ack.h"

static void on_reading(json_t *data, void *ud)
{
	json_t *temp = json_object_get(data, "temp");

	(void)ud;
	if (!json_is_number(temp)) {
		server_error("reading without a number 'temp'");
		return;
	}
	/* The logging service stands in as an observation in the trace. */
	impchaos_observe("temp_c", json_number_value(temp));
	ack_reading(data);
}

void agent_main(void)
{
	ack_start();
	device_on("reading", on_reading, NULL);
}
