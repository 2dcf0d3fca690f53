/*
 * door_counter/robust/device.c - target device code of the robust variant
 * (runs in imp-device under the harness): every minute, reports how many
 * times the door opened (pin1, the workload's "pin1" sensor), and sends
 * each report again until the agent acknowledges it.
 *
 * The platform loses messages on the way to the agent (an agent that is
 * restarting or moving, a device that was redirected) and agent_send()
 * cannot tell: it returns 0 once the message is on the link. Reports carry
 * (boot, seq): seq counts this boot's reports from 0, boot is the time the
 * code started (whole seconds; two boots are more than a second apart), so
 * the agent counts a report sent again only once. Every minute the reports
 * still unacknowledged after RESEND_S go again, oldest first.
 *
 * Messages:
 *   device -> agent  "openings"  {boot, seq, acked, openings >= 0}: acked is
 *                                the highest seq of this boot acknowledged
 *   agent -> device  "ack"       {boot, seq}: every report of boot up to seq
 *                                is stored
 */
#include <impchaos/device.h>

#define REPORT_PERIOD_S 60
#define RESEND_S 30
/* Reports kept unacknowledged at most: 17 hours of an agent that never
 * answers. Past that the oldest is given up, with an error. */
#define QUEUE_MAX 1024

struct report {
	long long seq;
	double openings;
	int64_t sent;
};

static struct report queue[QUEUE_MAX];
static size_t head, len;
static int64_t boot;
static long long next_seq;
static long long acked = -1;      /* the highest seq the agent acknowledged */

static void send(struct report *r)
{
	json_t *msg = json_pack("{s:I, s:I, s:I, s:f}", "boot", (json_int_t)boot, "seq",
				(json_int_t)r->seq, "acked", (json_int_t)acked, "openings",
				r->openings);

	r->sent = imp_time();
	agent_send("openings", msg);
	json_decref(msg);
}

static void on_ack(json_t *data, void *ud)
{
	json_t *b = json_object_get(data, "boot"), *s = json_object_get(data, "seq");

	(void)ud;
	if (!json_is_integer(b) || json_integer_value(b) != boot || !json_is_integer(s))
		return;
	if (json_integer_value(s) > acked)
		acked = json_integer_value(s);
	while (len && queue[head].seq <= json_integer_value(s)) {
		head = (head + 1) % QUEUE_MAX;
		len--;
	}
}

static void report(void *ud)
{
	int64_t now = imp_time();
	struct report *r;
	size_t i;

	(void)ud;
	for (i = 0; i < len; i++)
		if (now - queue[(head + i) % QUEUE_MAX].sent >= RESEND_S)
			send(&queue[(head + i) % QUEUE_MAX]);
	if (len == QUEUE_MAX) {
		server_error("%g openings given up: %d reports unacknowledged",
			     queue[head].openings, QUEUE_MAX);
		head = (head + 1) % QUEUE_MAX;
		len--;
	}
	r = &queue[(head + len++) % QUEUE_MAX];
	r->seq = next_seq++;
	r->openings = hardware_read("pin1");
	send(r);
	imp_wakeup(REPORT_PERIOD_S, report, NULL);
}

void device_main(void)
{
	boot = imp_time();
	agent_on("ack", on_ack, NULL);
	imp_wakeup(REPORT_PERIOD_S, report, NULL);
}
