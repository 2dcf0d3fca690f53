/*
 * door_counter/robust/agent.c - target agent code (runs in imp-agent under
 * the harness) that handles server_save() errors: it publishes only a count
 * that is stored, keeps what it could not store, and retries the save every
 * 5 seconds until the store takes it. A restart at any moment then resumes
 * from a count at least as high as any count it published.
 *
 * Its device (robust/device.c) sends each report until it is acknowledged,
 * so the agent counts a report once: it keeps the last report it counted,
 * (boot, seq), in the same table as the count. A report at or before it was
 * sent again and is not counted; the next one (seq + 1, or seq 0 of a
 * later boot) is; one after a gap waits until the device sends the missing
 * ones again. Only stored reports are acknowledged, so a restart that
 * loses the unsaved ones makes the device send them again.
 *
 * An acknowledgement that does not answer the report just received (the
 * one a save retry sends) goes only to a device whose code is running: the
 * link comes up before a rebooted device has registered its "ack" handler,
 * so a (re)connection marks the device not ready, and a report marks it
 * ready again. An acknowledgement that cannot be sent is skipped: the
 * device sends the report again and the answer to it acknowledges it.
 *
 * Persisted table: {count, boot, seq}.
 */
#include <impchaos/agent.h>

struct tally {
	double count;
	long long boot, seq;     /* the last report counted; -1: none */
};

static struct tally stored = { 0, -1, -1 };   /* what the store holds */
static struct tally counted = { 0, -1, -1 };  /* the same with unsaved reports */
static imp_timer *retry;

/* Whether the device's code is running, so its "ack" handler exists: set by
 * its reports, cleared when it connects or disconnects. */
static bool device_ready;

/* Skipped while the device may be booting: it sends the report again. */
static void ack(void)
{
	json_t *a;

	if (!device_ready)
		return;
	a = json_pack("{s:I, s:I}", "boot", (json_int_t)stored.boot, "seq",
		      (json_int_t)stored.seq);
	device_send("ack", a);
	json_decref(a);
}

static void try_save(void *ud)
{
	struct tally t = counted;
	json_t *table = json_pack("{s:f, s:I, s:I}", "count", t.count, "boot", (json_int_t)t.boot,
				  "seq", (json_int_t)t.seq);
	int rc = server_save(table);

	(void)ud;
	json_decref(table);
	retry = NULL;
	if (rc != 0) {
		server_error("server_save failed (%d); %g openings kept, retrying in 5 s", rc,
			     t.count - stored.count);
		retry = imp_wakeup(5, try_save, NULL);
		return;
	}
	stored = t;
	impchaos_observe("count", stored.count);
	ack();
}

/* Whether report seq comes next after the ones counted: it is the next one,
 * or the device had the ones before it acknowledged once ("acked"), and the
 * platform rolled the store back since; otherwise it waits for the device
 * to send the missing ones again. */
static int next_in_order(json_t *data, long long next, long long seq)
{
	json_t *a = json_object_get(data, "acked");
	long long acked = json_is_integer(a) ? json_integer_value(a) : -1;

	return seq == next || (acked >= next && seq == acked + 1);
}

static void on_openings(json_t *data, void *ud)
{
	json_t *b = json_object_get(data, "boot"), *s = json_object_get(data, "seq");
	json_t *n = json_object_get(data, "openings");
	long long boot, seq;

	(void)ud;
	if (!json_is_integer(b) || !json_is_integer(s) || !json_is_number(n) ||
	    json_number_value(n) < 0) {
		server_error("ignoring a report without boot, seq and a non-negative 'openings'");
		return;
	}
	device_ready = true;    /* a report: the device's code runs */
	boot = json_integer_value(b);
	seq = json_integer_value(s);
	if (boot < counted.boot || (boot == counted.boot && seq <= counted.seq)) {
		if (!retry)
			ack();      /* sent again: stored already */
		return;
	}
	if (!next_in_order(data, boot == counted.boot ? counted.seq + 1 : 0, seq))
		return;
	counted.count += json_number_value(n);
	counted.boot = boot;
	counted.seq = seq;
	/* A retry already scheduled will store this report too. */
	if (!retry)
		try_save(NULL);
}

static long long saved_int(json_t *saved, const char *key)
{
	json_t *v = json_object_get(saved, key);

	return json_is_integer(v) ? json_integer_value(v) : -1;
}

/* The device (re)connected or went away: a rebooted device's link comes
 * up before its code has registered its handlers. */
static void on_link_change(void *ud)
{
	(void)ud;
	device_ready = false;
}

void agent_main(void)
{
	json_t *saved = server_load();

	stored.count = json_number_value(json_object_get(saved, "count"));
	stored.boot = saved_int(saved, "boot");
	stored.seq = saved_int(saved, "seq");
	counted = stored;
	json_decref(saved);
	device_on("openings", on_openings, NULL);
	device_onconnect(on_link_change, NULL);
	device_ondisconnect(on_link_change, NULL);
}
