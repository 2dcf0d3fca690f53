/*
 * connectivity/shutdown/device.c - test-only device (suites/targets): asked
 * to shut down for new code, it finishes its work for 20 s first, then
 * restarts; it ticks every 10 s and observes its wake reason at boot.
 */
#include <impchaos/device.h>

static void tick(void *ud)
{
	(void)ud;
	agent_send("tick", NULL);
	imp_wakeup(10, tick, NULL);
}

static void restart_now(void *ud)
{
	(void)ud;
	server_log("restarting for new code");
	server_restart();
}

static void on_shutdown(int reason, void *ud)
{
	(void)ud;
	server_log("shutdown requested, reason %d", reason);
	imp_wakeup(20, restart_now, NULL);
}

void device_main(void)
{
	impchaos_observe("wakereason", hardware_wakereason());
	server_onshutdown(on_shutdown, NULL);
	tick(NULL);
}
