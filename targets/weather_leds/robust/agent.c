/*
 * weather_leds/robust/agent.c - target agent code (runs in imp-agent under
 * the harness). The platform's "Mitigating Agent Migrations" article
 * arms a 30 s timer at agent start: if the device is connected
 * but has not said "ready" by then, the agent assumes it was restarted
 * alone and resumes its forecast cycle. Chaos campaigns found that guess
 * wrong both ways:
 *   - a device that only lost its link comes back without rebooting and
 *     never says "ready" again (display frozen, liveness:temps);
 *   - a device that boots slowly (device/slow-boot, or handlers registered
 *     late) is connected for longer than 30 s before its handlers exist, so
 *     the guessed resume pushes a forecast into it ("no handler").
 * So this agent never guesses from timing: it sends only to a device it has
 * heard since the connection began, and the robust device says "ready" at
 * boot and every 10 minutes (robust/device.c), which also resumes the cycle
 * after an agent-only restart within 10 minutes.
 *
 * The 30-minute cycle keeps ticking while the device is away but sends
 * nothing until the device has spoken again: going offline unsyncs it.
 * "Spoken" means a "ready" stamped since the connection this agent knows of
 * began (or since it started): a migration can hold a "ready" and deliver
 * it late, after the device has rebooted and before its handlers exist.
 */
#include <stdbool.h>
#include <stdio.h>

#include <impchaos/agent.h>

#define DURATION_S 1800

static imp_timer *forecast_timer;
static bool device_synced;
/* When the connection this agent knows of began (or this agent started),
 * in imp_time() seconds. */
static int64_t conn_since;

static double temperature_at(int64_t t)
{
	int hour = (int)((t / 3600) % 24);
	int from_peak = hour > 15 ? hour - 15 : 15 - hour;

	return 18.0 - 0.8 * from_peak;
}

static void get_forecast(void *ud)
{
	char day[64];
	json_t *msg;
	int64_t now = imp_time();

	(void)ud;
	if (device_synced) {
		snprintf(day, sizeof(day), "%.1f:%.1f:%.1f:%.1f:%.1f", temperature_at(now),
			 temperature_at(now + 3 * 3600), temperature_at(now + 6 * 3600),
			 temperature_at(now + 9 * 3600), temperature_at(now + 12 * 3600));
		msg = json_pack("{s:s}", "temps", day);
		device_send("temps", msg);
		json_decref(msg);
	}
	if (forecast_timer)
		imp_cancelwakeup(forecast_timer);
	forecast_timer = imp_wakeup(DURATION_S, get_forecast, NULL);
}

static void device_ready(json_t *data, void *ud)
{
	json_t *at = json_object_get(data, "at");

	(void)ud;
	if (!json_is_integer(at) || json_integer_value(at) < conn_since)
		return;     /* sent before a reboot or reconnect we have not seen */
	/* Sync and send at once; the running cycle (if any) is re-armed from
	 * here, so there is never a second one. */
	if (!device_synced) {
		device_synced = true;
		get_forecast(NULL);
	}
}

/* The device went away: it may come back rebooting, without handlers, and
 * an abrupt loss is seen late (a disconnect-then-connect). */
static void on_disconnect(void *ud)
{
	(void)ud;
	device_synced = false;
}

static void on_connect(void *ud)
{
	(void)ud;
	conn_since = imp_time();
}

void agent_main(void)
{
	conn_since = imp_time();
	device_on("ready", device_ready, NULL);
	device_onconnect(on_connect, NULL);
	device_ondisconnect(on_disconnect, NULL);
}
