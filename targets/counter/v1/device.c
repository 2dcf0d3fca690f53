/*
 * counter/v1/device.c - the README's example target, device side: reports
 * the pulses counted each minute to the agent.
 */
#include <impchaos/device.h>

static void tick(void *ud)
{
	json_t *d = json_pack("{s:f}", "n", hardware_read("pulses"));

	(void)ud;
	agent_send("tick", d);                /* offline: waits for the link (SUSPEND_ON_ERROR) */
	json_decref(d);
	imp_wakeup(60, tick, NULL);
}

void device_main(void)
{
	imp_wakeup(60, tick, NULL);
}
