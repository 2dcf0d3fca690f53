/*
 * weather_leds/robust/agent.c - target agent code (runs in imp-agent under
 * the harness), the "after" code of the platform's "Mitigating Agent
 * Migrations" article (seed 002). On start it arms a 30 s timer: if the
 * device has not said "ready" by then but is connected, this agent was
 * restarted alone (a migration) and resumes the forecast cycle by itself.
 * A later "ready" (the device rebooted) does not start a second cycle.
 *
 * One step beyond the article: the same check is armed again whenever the
 * device connects while the agent is not synced. The article's code does
 * nothing if the agent restarts while the device is offline ("the device
 * should check in when it comes back online"), but a device that only lost
 * its link comes back without rebooting and never says "ready" again: a
 * chaos campaign found the display frozen after exactly that (a disconnect,
 * then an agent restart while offline). The check waits 30 s rather than
 * acting on the connect at once, because a device that did reboot has no
 * handlers until its code runs, and will say "ready" itself.
 *
 * For the same reason the 30-minute cycle keeps ticking while the device is
 * away but sends nothing until the device is synced again (its "ready", or
 * the check above): a forecast pushed into a rebooting device, connected but
 * with no handler yet, is dropped with "no handler" (also found by chaos).
 */
#include <stdbool.h>
#include <stdio.h>

#include <impchaos/agent.h>

#define DURATION_S 1800
#define RESTART_CHECK_S 30

static imp_timer *forecast_timer, *restart_timer;
static bool device_synced;

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
	(void)data;
	(void)ud;
	if (restart_timer)
		imp_cancelwakeup(restart_timer);
	restart_timer = NULL;
	/* Sync and send at once; the running cycle (if any) is re-armed from
	 * here, so there is never a second one. */
	if (!device_synced) {
		device_synced = true;
		get_forecast(NULL);
	}
}

static void check_restart(void *ud)
{
	(void)ud;
	restart_timer = NULL;
	if (!device_synced && device_isconnected())
		device_ready(NULL, NULL);
}

/* The device went away: it may come back rebooting, without handlers. */
static void on_disconnect(void *ud)
{
	(void)ud;
	device_synced = false;
}

/* The 30 s are counted from the latest connect: a check armed earlier (at
 * agent start) could otherwise fire just after a rebooting device comes
 * back and before its code registered its handlers. */
static void on_connect(void *ud)
{
	(void)ud;
	if (device_synced)
		return;
	if (restart_timer)
		imp_cancelwakeup(restart_timer);
	restart_timer = imp_wakeup(RESTART_CHECK_S, check_restart, NULL);
}

void agent_main(void)
{
	device_on("ready", device_ready, NULL);
	device_onconnect(on_connect, NULL);
	device_ondisconnect(on_disconnect, NULL);
	restart_timer = imp_wakeup(RESTART_CHECK_S, check_restart, NULL);
}
