/*
 * agent.c - handler_typo agent, naive variant: target -> runs in imp-agent
 * under the harness.
 *
 * Reproduces the platform's warning ("A common source of error is a mis-typed message name
 * string in either of the two calls"): this file is the robust agent with
 * one bug.
 *
 * THE BUG (deliberate, keep it): on_temperature() replies with
 * device_send("setpiont", ...) while the device registered
 * agent_on("setpoint", ...). Every reply is dropped with "ERROR: no handler
 * for device.send()", the device never learns its setpoint and never heats,
 * and nothing crashes: only the log shows it. The "display" name is spelled
 * right, so the device looks alive on its screen.
 *
 * DESIGN
 * ------
 * Each "temperature" from the device is answered with "setpoint": the target
 * for the current hour (a day and a night value) and whether to heat, with
 * half a degree of hysteresis around it so the relay does not chatter.
 * A 10-minute timer sends "display" with the last reading. The timer only
 * sends after a reading arrived since this agent started and since the
 * device last connected, because a reading proves the device's code, and
 * so its handlers, are up: a device that rebooted (power cycle, crash) has
 * a window after it reconnects in which its handlers do not exist yet, and
 * a display pushed then is dropped with "no handler" (the boot race the platform warns of,
 * found by a chaos campaign). A reading that arrives while the device is
 * offline was sent before it went away and proves nothing.
 *
 * Messages:
 *   device -> agent  "temperature"  {"temp_c": number}
 *   agent -> device  "setpoint"     {"setpoint_c": number, "heat": bool}
 *   agent -> device  "display"      {"text": string}
 */
#include <stdio.h>
#include <impchaos/agent.h>

#define DISPLAY_PERIOD_S 600.0

#define DAY_SETPOINT_C   21.0
#define NIGHT_SETPOINT_C 17.0
#define DAY_START_HOUR   7  /* The day setpoint applies from 07:00 UTC... */
#define DAY_END_HOUR     22 /* ...until 22:00 UTC. */
#define HYSTERESIS_C     0.5

static struct {
	double last_temp_c;
	bool have_temp; /* A reading arrived since this agent started and the
	                 * device last connected. */
	bool heating;   /* What we last told the device. */
} tstat;

static double current_setpoint(void)
{
	int hour = (int)((imp_time() % 86400) / 3600);

	return (hour >= DAY_START_HOUR && hour < DAY_END_HOUR) ?
	       DAY_SETPOINT_C : NIGHT_SETPOINT_C;
}

static void on_temperature(json_t *data, void *ud)
{
	(void)ud;
	json_t *t = json_object_get(data, "temp_c");
	double sp = current_setpoint();
	json_t *reply;

	if (!json_is_number(t)) {
		server_error("ignoring temperature without a numeric 'temp_c'");
		return;
	}
	tstat.last_temp_c = json_number_value(t);
	tstat.have_temp = device_isconnected();

	if (tstat.last_temp_c < sp - HYSTERESIS_C)
		tstat.heating = true;
	else if (tstat.last_temp_c > sp + HYSTERESIS_C)
		tstat.heating = false;

	reply = json_pack("{s:f, s:b}", "setpoint_c", sp,
	                  "heat", (int)tstat.heating);
	if (reply == NULL) {
		server_error("cannot build setpoint message");
		return;
	}
	device_send("setpiont", reply);
	json_decref(reply);
}

static void on_display_tick(void *ud)
{
	(void)ud;
	char text[64];
	json_t *msg;

	if (tstat.have_temp) {
		snprintf(text, sizeof text, "%.1f C (set %.1f C)%s",
		         tstat.last_temp_c, current_setpoint(),
		         tstat.heating ? " heating" : "");
		msg = json_pack("{s:s}", "text", text);
		if (msg != NULL) {
			device_send("display", msg);
			json_decref(msg);
		} else {
			server_error("cannot build display message");
		}
	}

	if (imp_wakeup(DISPLAY_PERIOD_S, on_display_tick, NULL) == NULL)
		server_error("cannot arm the display timer; display frozen");
}

/* The device went away: when it is back, its code may be booting. */
static void on_device_gone(void *ud)
{
	(void)ud;
	tstat.have_temp = false;
}

void agent_main(void)
{
	device_on("temperature", on_temperature, NULL);
	device_ondisconnect(on_device_gone, NULL);

	if (imp_wakeup(DISPLAY_PERIOD_S, on_display_tick, NULL) == NULL)
		server_error("cannot arm the display timer; display frozen");
}
