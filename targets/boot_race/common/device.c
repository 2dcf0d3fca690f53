/*
 * boot_race/common/device.c - target device code (runs in imp-device under
 * the harness), shared by both variants and both code versions: a display
 * that applies the settings its agent sends.
 *
 * DESIGN
 * ------
 * The "settings" handler is registered first; only then does the device
 * say "ready", so a "ready" proves to the agent that a settings message
 * now has a handler. The device says it again every READY_EVERY_S: the
 * brightness follows the time of day, and an agent restarted alone (a
 * migration, maintenance) would otherwise never hear from a device that
 * booted long before it (targets/weather_leds learned that).
 *
 * Each "ready" carries the time it was sent ("at", imp_time(), the clock
 * the cloud and its agent share), so the robust agent can refuse one that
 * predates the connection it knows of: a "ready" held across an agent
 * migration may be delivered after its sender rebooted (robust/agent.c).
 * For the same reason the device does not say "ready" while offline (under
 * SUSPEND_ON_ERROR the send would wait for the link and go out with a stale
 * time); it tries again every READY_RETRY_S until it is back.
 *
 * The target's liveness:settings,11m rests on this cadence: a settings
 * message answers each "ready", so a connected device gets one every 10
 * minutes. An agent that was away (restart, migration, deploy: up to 10
 * minutes in chaos campaigns) misses at most the "ready"s sent meanwhile;
 * the next comes within 10 minutes of its start, inside the 11-minute
 * grace that follows every restart.
 *
 * The applied settings version is published with impchaos_observe(), so a
 * trace shows when the device ran with version 2's settings.
 *
 * Messages:
 *   device -> agent  "ready"     {"at": imp_time() when sent}, at boot and
 *                                every READY_EVERY_S
 *   agent -> device  "settings"  see common/settings.h
 */
#include <impchaos/device.h>

/* How often the device asks for fresh settings, in simulated seconds. */
#define READY_EVERY_S 600

/* How soon an offline device looks again whether it can say "ready". */
#define READY_RETRY_S 5

static void on_settings(json_t *data, void *ud)
{
	json_t *version = json_object_get(data, "version");
	json_t *brightness = json_object_get(data, "brightness");
	json_t *report_every = json_object_get(data, "report_every");

	(void)ud;
	if (!json_is_integer(version) || !json_is_integer(brightness) ||
	    !json_is_integer(report_every) || json_integer_value(report_every) <= 0) {
		server_error("settings without integer 'version', 'brightness' and 'report_every'");
		return;
	}
	/* The display itself: PWM duty from brightness. What matters to the
	 * scenario is that the message found its handler. */
	impchaos_observe("settings_version", (double)json_integer_value(version));
}

static void say_ready(void *ud)
{
	double next = READY_RETRY_S;
	json_t *msg;

	(void)ud;
	if (server_isconnected()) {
		msg = json_pack("{s:I}", "at", (json_int_t)imp_time());
		if (msg) {
			agent_send("ready", msg);
			json_decref(msg);
			next = READY_EVERY_S;
		}
	}
	if (!imp_wakeup(next, say_ready, NULL))
		server_error("cannot arm the 'ready' timer");
}

void device_main(void)
{
	agent_on("settings", on_settings, NULL);
	say_ready(NULL);
}
