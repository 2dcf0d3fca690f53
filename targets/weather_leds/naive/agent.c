/*
 * weather_leds/naive/agent.c - target agent code (runs in imp-agent under
 * the harness), the "before" code of the platform's "Mitigating Agent
 * Migrations" article. It starts its 30-minute forecast cycle
 * only when the device says "ready". After a migration the new agent
 * instance waits for a "ready" that the device, which kept running, sent
 * long ago: the display never gets another forecast.
 */
#include <stdio.h>

#include <impchaos/agent.h>

#define DURATION_S 1800

static imp_timer *forecast_timer;

/* Stands in for the weather service: a deterministic daily curve. */
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
	snprintf(day, sizeof(day), "%.1f:%.1f:%.1f:%.1f:%.1f", temperature_at(now),
		 temperature_at(now + 3 * 3600), temperature_at(now + 6 * 3600),
		 temperature_at(now + 9 * 3600), temperature_at(now + 12 * 3600));
	msg = json_pack("{s:s}", "temps", day);
	device_send("temps", msg);
	json_decref(msg);
	if (forecast_timer)
		imp_cancelwakeup(forecast_timer);
	forecast_timer = imp_wakeup(DURATION_S, get_forecast, NULL);
}

static void on_ready(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
	get_forecast(NULL);
}

void agent_main(void)
{
	device_on("ready", on_ready, NULL);
}
