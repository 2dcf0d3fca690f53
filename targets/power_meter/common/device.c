/*
 * device.c - power_meter device code, shared by every variant: target -> runs
 * in imp-device under the harness.
 *
 * Reproduces the device half of a user's forum report ("Preserving persistent storage
 * through server maintenance"): an energy meter that reports its reading to
 * the agent once a minute and, at boot, asks the agent for its calibration
 * constants.
 *
 * DESIGN
 * ------
 * Boot registers the "calibration" handler before anything is sent, so the
 * agent's reply to "hello" can never arrive at a device without a handler.
 * Then the device says "hello" and arms a 60 s tick. Each tick reads the
 * meter and sends "pulse" {"wh": energy, "seq": n}.
 *
 * Energy is never dropped on the device side: a reading that agent_send()
 * could not deliver (the device is offline) stays in pending_wh and rides
 * along with the next pulse. A "hello" that could not be sent at boot is
 * retried on the next tick, so the agent always hears about a boot once the
 * link is back.
 *
 * Invariants:
 *   - pending_wh >= 0 and holds exactly the energy read but not yet handed
 *     to the link;
 *   - seq counts pulses handed to the link since this boot (it restarts at 0
 *     on every boot, so the agent must not treat it as a global identifier).
 *
 * Messages:
 *   device -> agent  "hello"        null, once per boot
 *   device -> agent  "pulse"        {"wh": number >= 0, "seq": integer}
 *   agent -> device  "calibration"  {"scale": number > 0}
 */
#include <impchaos/device.h>

/* How often the meter is read, in simulated seconds. */
#define PULSE_PERIOD_S 60.0

/* The workload sensor that yields the Wh used since the previous read: the
 * meter's pulse output on pin1, as the Squirrel variants read it. */
#define ENERGY_SENSOR "pin1"

/* Meter state for this boot. A power cycle starts a new process, so statics
 * are exactly as volatile as Squirrel globals on a real device. */
static struct {
	double scale;      /* Calibration factor; 1.0 until the agent sends one. */
	double pending_wh; /* Energy read but not yet delivered to the agent. */
	long long seq;     /* Pulses delivered to the link since boot. */
	bool hello_sent;   /* Whether the agent has been told about this boot. */
} meter = { 1.0, 0.0, 0, false };

static void send_hello(void)
{
	if (agent_send("hello", NULL) == 0)
		meter.hello_sent = true;
	else
		server_log("hello not sent (offline), will retry on the next tick");
}

/* Applies the constants the agent keeps for this meter. A scale that is
 * missing, not a number or not positive is ignored: applying it would make
 * the meter report negative or no energy, which is worse than uncalibrated. */
static void on_calibration(json_t *data, void *ud)
{
	(void)ud;
	json_t *scale = json_object_get(data, "scale");

	if (!json_is_number(scale) || json_number_value(scale) <= 0.0) {
		server_error("ignoring calibration without a positive 'scale'");
		return;
	}
	meter.scale = json_number_value(scale);
	server_log("calibration applied: scale=%g", meter.scale);
}

static void send_pulse(void)
{
	json_t *msg = json_pack("{s:f, s:I}", "wh", meter.pending_wh,
	                        "seq", (json_int_t)meter.seq);

	if (msg == NULL) {
		/* Out of memory: keep the energy and try again next tick. */
		server_error("cannot build pulse message");
		return;
	}
	if (agent_send("pulse", msg) == 0) {
		meter.pending_wh = 0.0;
		meter.seq++;
	} else {
		server_log("pulse not sent (offline), carrying %g Wh forward",
		           meter.pending_wh);
	}
	json_decref(msg);
}

static void on_tick(void *ud)
{
	(void)ud;
	double wh = hardware_read(ENERGY_SENSOR) * meter.scale;

	/* A negative reading would make the agent's counters go backwards;
	 * the meter only ever counts up, so treat it as a glitch. */
	if (wh > 0.0)
		meter.pending_wh += wh;

	if (!meter.hello_sent)
		send_hello();
	send_pulse();

	/* Re-arm before anything else can go wrong: a meter that stops
	 * ticking loses every reading from then on. */
	if (imp_wakeup(PULSE_PERIOD_S, on_tick, NULL) == NULL)
		server_error("cannot arm the pulse timer; meter stopped");
}

void device_main(void)
{
	/* Handlers first: the agent answers "hello" at once, and a reply that
	 * beats its handler is dropped ("no handler for device.send()"). */
	agent_on("calibration", on_calibration, NULL);

	send_hello();

	if (imp_wakeup(PULSE_PERIOD_S, on_tick, NULL) == NULL)
		server_error("cannot arm the pulse timer; meter stopped");
}
