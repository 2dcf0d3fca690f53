/*
 * weather_leds/robust/device.c - target device code (runs in imp-device
 * under the harness): the LEDs of the common device, plus a periodic
 * "ready". The agent cannot tell a device that is still booting (no
 * handlers yet) from one that booted long ago and will never say "ready"
 * again (after an agent-only restart): it must not guess by timing, so the
 * device says it again every READY_EVERY_S, and the agent sends only to a
 * device it has heard since the connection began.
 */
#include <stdio.h>
#include <string.h>

#include <impchaos/device.h>

#define READY_EVERY_S 600

static void show(json_t *data, void *ud)
{
	const char *temps = json_string_value(json_object_get(data, "temps"));

	(void)ud;
	if (!temps)
		server_error("forecast without a 'temps' string");
	/* The LEDs themselves: one color per reading (liveness:temps checks
	 * that forecasts arrive). */
}

static void say_ready(void *ud)
{
	(void)ud;
	/* Stamped, so that the agent can tell a "ready" held up in a migration
	 * (sent before a reboot it has not heard of) from a current one.
	 * Offline, this waits (SUSPEND_ON_ERROR) until the link is back. */
	json_t *msg = json_pack("{s:I}", "at", (json_int_t)imp_time());

	agent_send("ready", msg);
	json_decref(msg);
	imp_wakeup(READY_EVERY_S, say_ready, NULL);
}

void device_main(void)
{
	agent_on("temps", show, NULL);
	say_ready(NULL);
}
