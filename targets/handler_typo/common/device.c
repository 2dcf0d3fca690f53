/*
 * device.c - handler_typo device code, shared by every variant: target ->
 * runs in imp-device under the harness.
 *
 * A small thermostat for the platform's warning ("a mis-typed message name string in either
 * of the two calls"). The device is the correct half: it registers both of
 * its handlers before it sends anything, so any "no handler" error in a run
 * comes from a name the agent got wrong, not from a boot race.
 *
 * DESIGN
 * ------
 * Every 5 minutes the device reads its temperature sensor and sends it to the
 * agent. The agent answers each reading with the setpoint in force and
 * whether to heat; the device switches its (logged) relay accordingly. Every
 * 10 minutes the agent also pushes a line for the display.
 *
 * Until a setpoint arrives the heater stays off: a thermostat that has never
 * heard from its agent must fail cold, not hot.
 *
 * Messages:
 *   device -> agent  "temperature"  {"temp_c": number}
 *   agent -> device  "setpoint"     {"setpoint_c": number, "heat": bool}
 *   agent -> device  "display"      {"text": string}
 */
#include <impchaos/device.h>

/* How often the temperature is reported, in simulated seconds. */
#define REPORT_PERIOD_S 300.0

/* The workload sensor giving the room temperature in degrees Celsius. */
#define TEMP_SENSOR "temp_c"

static struct {
	double setpoint_c; /* Last setpoint from the agent, valid if have_setpoint. */
	bool have_setpoint;
	bool heating;      /* The relay state. */
} thermo;

static void set_heating(bool on)
{
	if (on == thermo.heating)
		return;
	thermo.heating = on;
	server_log("heater %s", on ? "on" : "off");
}

static void on_setpoint(json_t *data, void *ud)
{
	(void)ud;
	json_t *sp = json_object_get(data, "setpoint_c");
	json_t *heat = json_object_get(data, "heat");

	if (!json_is_number(sp) || !json_is_boolean(heat)) {
		server_error("ignoring malformed setpoint message");
		return;
	}
	thermo.setpoint_c = json_number_value(sp);
	thermo.have_setpoint = true;
	set_heating(json_is_true(heat));
}

static void on_display(json_t *data, void *ud)
{
	(void)ud;
	const char *text = json_string_value(json_object_get(data, "text"));

	/* The "screen" is the trace: what a user would read on the device. */
	server_log("display: %s", text ? text : "(blank)");
}

static void on_report(void *ud)
{
	(void)ud;
	json_t *msg = json_pack("{s:f}", "temp_c", hardware_read(TEMP_SENSOR));

	if (msg == NULL) {
		server_error("cannot build temperature message");
	} else {
		/* An unsent reading is simply superseded by the next one:
		 * only the current temperature matters to a thermostat. */
		if (agent_send("temperature", msg) != 0)
			server_log("temperature not sent (offline)");
		json_decref(msg);
	}

	if (imp_wakeup(REPORT_PERIOD_S, on_report, NULL) == NULL)
		server_error("cannot arm the report timer; thermostat stopped");
}

void device_main(void)
{
	/* Handlers first, then the first send: the agent replies at once. */
	agent_on("setpoint", on_setpoint, NULL);
	agent_on("display", on_display, NULL);

	on_report(NULL);
}
