/*
 * connectivity/listen/agent.c - test-only agent (suites/targets): counts
 * the device's "tick" messages and observes how many arrived.
 */
#include <impchaos/agent.h>

static int ticks;

static void tick(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
	impchaos_observe("ticks", ++ticks);
}

void agent_main(void)
{
	device_on("tick", tick, NULL);
}
