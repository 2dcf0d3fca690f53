/*
 * connectivity/stranded/device.c - test-only device (suites/targets): runs
 * under RETURN_ON_ERROR and never calls server_connect(), so the first
 * unexpected disconnect leaves it offline for good.
 */
#include <impchaos/device.h>

static void tick(void *ud)
{
	(void)ud;
	agent_send("tick", NULL);
	imp_wakeup(10, tick, NULL);
}

void device_main(void)
{
	server_setsendtimeoutpolicy(RETURN_ON_ERROR, WAIT_TIL_SENT, 30);
	tick(NULL);
}
