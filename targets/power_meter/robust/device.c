/*
 * device.c - power_meter device code of the robust variant: target -> runs
 * in imp-device under the harness. common/device.c, with each pulse sent
 * until the agent acknowledges it.
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
 * The platform loses messages on the way to the agent (an agent that is
 * restarting or moving, a device that was redirected) and agent_send()
 * cannot tell: it returns 0 once the message is on the link. So each pulse
 * stays queued until the agent acknowledges it, and every tick sends again,
 * oldest first, the pulses still unacknowledged after RESEND_S. Pulses
 * carry (boot, seq): seq counts this boot's pulses from 0, boot is the time
 * the code started (whole seconds; two boots are more than a second apart),
 * so the agent counts a pulse sent again only once. A "hello" that could
 * not be sent at boot is retried on the next tick.
 *
 * Messages:
 *   device -> agent  "hello"        null, once per boot
 *   device -> agent  "pulse"        {"boot", "seq", "acked", "wh": number >= 0}:
 *                                   acked is the highest seq of this boot
 *                                   acknowledged
 *   agent -> device  "calibration"  {"scale": number > 0}
 *   agent -> device  "ack"          {"boot", "seq"}: every pulse of boot up to
 *                                   seq is stored
 */
#include <impchaos/device.h>

/* How often the meter is read, in simulated seconds. */
#define PULSE_PERIOD_S 60.0

/* The workload sensor that yields the Wh used since the previous read: the
 * meter's pulse output on pin1, as the Squirrel variants read it. */
#define ENERGY_SENSOR "pin1"

/* Seconds before an unacknowledged pulse is sent again. */
#define RESEND_S 30

/* Pulses kept unacknowledged at most: 17 hours of an agent that never
 * answers. Past that the oldest is given up, with an error. */
#define QUEUE_MAX 1024

struct pulse {
	long long seq;
	double wh;
	int64_t sent;
};

/* Meter state for this boot. A power cycle starts a new process, so statics
 * are exactly as volatile as Squirrel globals on a real device. */
static struct {
	double scale;      /* Calibration factor; 1.0 until the agent sends one. */
	int64_t boot;      /* imp_time() when this boot's code started. */
	long long seq;     /* The next pulse's number. */
	long long acked;   /* The highest seq the agent acknowledged (-1: none). */
	bool hello_sent;   /* Whether the agent has been told about this boot. */
	struct pulse queue[QUEUE_MAX];   /* read, not yet acknowledged */
	size_t head, len;
} meter = { .scale = 1.0, .acked = -1 };

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

static struct pulse *queued(size_t i)
{
	return &meter.queue[(meter.head + i) % QUEUE_MAX];
}

static void send_pulse(struct pulse *p)
{
	json_t *msg = json_pack("{s:I, s:I, s:I, s:f}", "boot", (json_int_t)meter.boot,
	                        "seq", (json_int_t)p->seq, "acked", (json_int_t)meter.acked,
	                        "wh", p->wh);

	if (msg == NULL) {
		/* Out of memory: the next tick sends it again. */
		server_error("cannot build pulse message");
		return;
	}
	p->sent = imp_time();
	agent_send("pulse", msg);
	json_decref(msg);
}

/* The agent stored every pulse of this boot up to seq. */
static void on_ack(json_t *data, void *ud)
{
	json_t *boot = json_object_get(data, "boot"), *seq = json_object_get(data, "seq");

	(void)ud;
	if (!json_is_integer(boot) || json_integer_value(boot) != meter.boot ||
	    !json_is_integer(seq))
		return;
	if (json_integer_value(seq) > meter.acked)
		meter.acked = json_integer_value(seq);
	while (meter.len && queued(0)->seq <= json_integer_value(seq)) {
		meter.head = (meter.head + 1) % QUEUE_MAX;
		meter.len--;
	}
}

static void on_tick(void *ud)
{
	(void)ud;
	double wh = hardware_read(ENERGY_SENSOR) * meter.scale;
	int64_t now = imp_time();
	struct pulse *p;
	size_t i;

	if (!meter.hello_sent)
		send_hello();
	for (i = 0; i < meter.len; i++)
		if (now - queued(i)->sent >= RESEND_S)
			send_pulse(queued(i));
	if (meter.len == QUEUE_MAX) {
		server_error("%g Wh given up: %d pulses unacknowledged", queued(0)->wh, QUEUE_MAX);
		meter.head = (meter.head + 1) % QUEUE_MAX;
		meter.len--;
	}
	p = queued(meter.len++);
	p->seq = meter.seq++;
	/* A negative reading would make the agent's counters go backwards;
	 * the meter only ever counts up, so treat it as a glitch. */
	p->wh = wh > 0.0 ? wh : 0.0;
	send_pulse(p);

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
	agent_on("ack", on_ack, NULL);
	meter.boot = imp_time();

	send_hello();

	if (imp_wakeup(PULSE_PERIOD_S, on_tick, NULL) == NULL)
		server_error("cannot arm the pulse timer; meter stopped");
}
