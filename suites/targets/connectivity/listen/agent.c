/*
 * connectivity/listen/agent.c - test-only agent (suites/targets): counts
 * the device's "tick" messages and observes how many arrived, and observes
 * every connect it is told of ("connects"), so a test can see which agent
 * instances heard a link change.
 */
#include <impchaos/agent.h>

static int ticks;

static void tick(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
	impchaos_observe("ticks", ++ticks);
}

static int connects;

static void on_connect(void *ud)
{
	(void)ud;
	impchaos_observe("connects", ++connects);
}

void agent_main(void)
{
	device_on("tick", tick, NULL);
	device_onconnect(on_connect, NULL);
}
