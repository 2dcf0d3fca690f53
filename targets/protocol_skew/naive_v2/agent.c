/*
 * protocol_skew/naive_v2/agent.c - target agent code, version 2 of the
 * naive variant (runs in imp-agent once deploy/code has installed it).
 *
 * Written for version 2's reading {"temp_c": 21.5, "unit": "C"} only. The
 * deploy restarts the agent at once, but a device that was offline keeps
 * version 1 until it reconnects and is told to restart: the readings it
 * held while offline, and any it takes before restarting, arrive as
 * {"temp": 21.5, "at": ...}. This agent rejects them with server_error() and they are
 * lost (a user's question: "agents that continue to use a superseded protocol").
 *
 * Messages:
 *   device -> agent  "reading"  {"temp_c": number, "unit": "C", "at": integer}
 *   agent -> device  "ack"      see common/ack.h
 */
#include <string.h>

#include <impchaos/agent.h>

#include "../common/ack.h"

static void on_reading(json_t *data, void *ud)
{
	json_t *temp = json_object_get(data, "temp_c");
	const char *unit = json_string_value(json_object_get(data, "unit"));

	(void)ud;
	if (!json_is_number(temp) || !unit || strcmp(unit, "C")) {
		server_error("reading without a number 'temp_c' in unit 'C'");
		return;
	}
	impchaos_observe("temp_c", json_number_value(temp));
	ack_reading(data);
}

void agent_main(void)
{
	ack_start();
	device_on("reading", on_reading, NULL);
}
