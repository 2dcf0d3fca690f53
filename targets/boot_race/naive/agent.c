/*
 * boot_race/naive/agent.c - target agent code (runs in imp-agent under the
 * harness), naive variant: the settings push that races the device's boot.
 *
 * It answers each current "ready" with the settings, exactly as the robust
 * agent does, and then adds two shortcuts that look like resilience:
 *   - agent_main() pushes at once when the device is already connected
 *     ("I was restarted alone: configure the running device now");
 *   - device_onconnect() pushes again whenever a device it has configured
 *     before comes back ("a reconnect: resync it at once").
 * Both assume that a connected device has its handlers. After a Wi-Fi drop
 * or an agent-only restart that holds, because the device's code kept
 * running. After a power cycle, a slow boot or a code deploy it does not:
 * the device connects 1-5 s after power-on and its code starts 0.1-2 s
 * (with device/slow-boot, minutes) after the connect, so the push arrives
 * first and is dropped with "ERROR: no handler for device.send()".
 * (At the very first boot the agent has configured nothing yet and waits
 * for "ready", which is why the bug never shows on the bench.)
 *
 * BOOT_RACE_VERSION (common/settings.h) is 1 here; naive_v2/agent.c is the
 * same code with version 2's settings.
 */
#include <stdbool.h>

#include <impchaos/agent.h>

#include "../common/settings.h"

/* When the connection this agent knows of began (or this agent started). */
static int64_t conn_since;

/* Whether this agent instance has sent settings to the device. */
static bool configured;

static void push_settings(void)
{
	settings_send();
	configured = true;
}

static void on_ready(json_t *data, void *ud)
{
	(void)ud;
	if (ready_is_current(data, conn_since))
		push_settings();
}

static void on_connect(void *ud)
{
	(void)ud;
	conn_since = imp_time();
	if (configured)
		push_settings(); /* The bug: the device may still be booting. */
}

void agent_main(void)
{
	conn_since = imp_time();
	device_on("ready", on_ready, NULL);
	device_onconnect(on_connect, NULL);
	if (device_isconnected())
		push_settings(); /* The same bug after a deploy restarts both sides. */
}
