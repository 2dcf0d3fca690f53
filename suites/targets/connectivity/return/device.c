/*
 * connectivity/return/device.c - test-only device (suites/targets): runs
 * under RETURN_ON_ERROR, sends a tick every 10 s (counting the sends that
 * fail), and on an unexpected disconnect calls server_connect() every 30 s
 * until it is connected again.
 */
#include <impchaos/device.h>

static int failed;

static void reconnect(void *ud);

static void connected(int reason, void *ud)
{
	(void)ud;
	if (reason != SERVER_CONNECTED)
		imp_wakeup(30, reconnect, NULL);
	else
		server_log("reconnected");
}

static void reconnect(void *ud)
{
	(void)ud;
	server_connect(connected, NULL, 20);
}

static void lost(int reason, void *ud)
{
	(void)ud;
	server_log("unexpected disconnect, reason %d", reason);
	reconnect(NULL);
}

static void tick(void *ud)
{
	(void)ud;
	if (agent_send("tick", NULL) != 0)
		impchaos_observe("failed_sends", ++failed);
	imp_wakeup(10, tick, NULL);
}

void device_main(void)
{
	server_setsendtimeoutpolicy(RETURN_ON_ERROR, WAIT_TIL_SENT, 30);
	server_onunexpecteddisconnect(lost, NULL);
	tick(NULL);
}
