/*
 * door_counter/common/device.c - target device code (runs in imp-device
 * under the harness): every minute, reports how many times the door opened.
 * Openings that could not be sent (offline) are added to the next report.
 * The door's reed switch is on pin1 (the workload's "pin1" sensor).
 */
#include <impchaos/device.h>

static double unsent;

static void report(void *ud)
{
	json_t *msg;

	(void)ud;
	unsent += hardware_read("pin1");
	msg = json_pack("{s:f}", "openings", unsent);
	if (agent_send("openings", msg) == 0)
		unsent = 0;
	json_decref(msg);
	imp_wakeup(60, report, NULL);
}

void device_main(void)
{
	imp_wakeup(60, report, NULL);
}
