/*
 * boot_race/robust/agent.c - target agent code (runs in imp-agent under
 * the harness), robust variant: settings go only to a device that has
 * said it can take them.
 *
 * DESIGN
 * ------
 * The agent cannot tell from a connect, or from finding the device
 * connected at its own start, whether the device's code is running: a
 * device that rebooted (power cycle, crash, deploy) is connected 0.1-2 s,
 * or with a slow boot minutes, before its code registers "settings". So
 * the agent sends settings only in answer to a current "ready" (one sent
 * since the connection it knows of began: common/settings.h), which the
 * device says once its handler exists (common/device.c). The device says
 * it at boot and every 10 minutes, so an agent restarted alone configures
 * the device within 10 minutes without guessing, and the time-of-day
 * brightness stays fresh.
 *
 * BOOT_RACE_VERSION (common/settings.h) is 1 here; robust_v2/agent.c is
 * the same code with version 2's settings.
 */
#include <stdbool.h>

#include <impchaos/agent.h>

#include "../common/settings.h"

/* When the connection this agent knows of began (or this agent started),
 * in imp_time() seconds. */
static int64_t conn_since;

static void on_ready(json_t *data, void *ud)
{
	(void)ud;
	if (ready_is_current(data, conn_since))
		settings_send();
}

static void on_connect(void *ud)
{
	(void)ud;
	conn_since = imp_time();
}

void agent_main(void)
{
	conn_since = imp_time();
	device_on("ready", on_ready, NULL);
	device_onconnect(on_connect, NULL);
}
