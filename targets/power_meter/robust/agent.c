/*
 * agent.c - power_meter agent, robust variant: target -> runs in imp-agent
 * under the harness.
 *
 * The fixed version of a user's forum report ("Preserving persistent storage through
 * server maintenance"): the agent accumulates the meter's energy overall, per
 * day and per week, and keeps the totals across agent restarts, migrations
 * and server maintenance.
 *
 * DESIGN
 * ------
 * The persisted table is the only state that survives a restart, so
 * agent_main() restores it before registering any handler: the first pulse
 * after a restart, whatever caused the restart, is added to the restored
 * totals. Nothing here depends on the device rebooting alongside the agent;
 * the device's "hello" asks for calibration (and says that its code runs).
 *
 * Each pulse rolls the day and week accumulators over when the day or week
 * number changed, adds the energy to all three counters, then saves the whole
 * table. Only totals the store holds are published: after a failed save the
 * totals stay in memory, unpublished, and the save is retried every few
 * seconds (every save replaces the whole table, so one success carries all
 * of them). Publishing first would let a restart before the next good save
 * reload totals lower than the ones already published.
 *
 * Invariants:
 *   - total_wh never decreases;
 *   - day_wh (week_wh) decreases only when day (week) changes, and then
 *     restarts at 0 before the pulse is added;
 *   - the values observed are those the store holds (the last save that
 *     succeeded).
 *
 * Its device (robust/device.c) sends each pulse until it is acknowledged, so
 * the agent counts a pulse once: it keeps the last pulse it counted, (boot,
 * seq), in the same table as the totals. A pulse at or before it was sent
 * again and is not counted; the next one (seq + 1, or seq 0 of a later
 * boot) is; one after a gap waits until the device sends the missing ones
 * again. Only stored pulses are acknowledged, so a restart that loses the
 * unsaved ones makes the device send them again.
 *
 * An acknowledgement that does not answer the pulse just received (the one
 * a save retry sends) goes only to a device whose code is running: the link
 * comes up before a rebooted device has registered its "ack" handler, so a
 * (re)connection marks the device not ready, and its "hello" or a pulse
 * marks it ready again. An acknowledgement that cannot be sent is skipped:
 * the device sends the pulse again and the answer to it acknowledges it.
 *
 * Persisted table: {"total_wh", "day_wh", "day", "week_wh", "week", "boot",
 * "seq"}.
 */
#include <impchaos/agent.h>

#define SECONDS_PER_DAY 86400
#define DAYS_PER_WEEK   7

/* Calibration the device asks for at boot: multiplies its raw readings. */
#define CALIBRATION_SCALE 1.0

static struct {
	double total_wh; /* Energy since the meter was installed. */
	double day_wh;   /* Energy since the start of `day`. */
	double week_wh;  /* Energy since the start of `week`. */
	int64_t day;     /* Days since the Unix epoch that day_wh belongs to. */
	int64_t week;    /* day / 7 of the week that week_wh belongs to. */
	int64_t boot;    /* The last pulse counted: its device boot ... */
	int64_t seq;     /* ... and its number in that boot (-1: none). */
} meter = { .boot = -1, .seq = -1 };

static int64_t current_day(void)
{
	return imp_time() / SECONDS_PER_DAY;
}

/* Reads one field of the persisted table. A missing field is a table from
 * before the field existed (or no table yet) and counts as 0; a field of the
 * wrong type is corruption, reported so that a reset is never silent. */
static double load_number(json_t *table, const char *key)
{
	json_t *v = json_object_get(table, key);

	if (v == NULL)
		return 0.0;
	if (!json_is_number(v)) {
		server_error("persisted '%s' is not a number; using 0", key);
		return 0.0;
	}
	return json_number_value(v);
}

static void restore_totals(void)
{
	json_t *table = server_load();

	if (table == NULL) {
		server_error("server_load() failed; starting from 0");
		return;
	}
	meter.total_wh = load_number(table, "total_wh");
	meter.day_wh = load_number(table, "day_wh");
	meter.week_wh = load_number(table, "week_wh");
	meter.day = (int64_t)load_number(table, "day");
	meter.week = (int64_t)load_number(table, "week");
	if (json_is_integer(json_object_get(table, "boot")))
		meter.boot = json_integer_value(json_object_get(table, "boot"));
	if (json_is_integer(json_object_get(table, "seq")))
		meter.seq = json_integer_value(json_object_get(table, "seq"));
	json_decref(table);

	server_log("restored total=%g Wh day=%g Wh week=%g Wh",
	           meter.total_wh, meter.day_wh, meter.week_wh);
}

/* Seconds between retries of a failed save. */
#define SAVE_RETRY_S 5

static imp_timer *retry_timer;

/* Whether the device's code is running, so its "ack" handler exists: set
 * by its messages, cleared when it connects or disconnects. */
static bool device_ready;

static int save_totals(void)
{
	json_t *table = json_pack("{s:f, s:f, s:I, s:f, s:I, s:I, s:I}",
	                          "total_wh", meter.total_wh,
	                          "day_wh", meter.day_wh,
	                          "day", (json_int_t)meter.day,
	                          "week_wh", meter.week_wh,
	                          "week", (json_int_t)meter.week,
	                          "boot", (json_int_t)meter.boot,
	                          "seq", (json_int_t)meter.seq);
	int rc;

	if (table == NULL) {
		server_error("cannot build the table to save; keeping totals in memory");
		return -1;
	}
	rc = server_save(table);
	if (rc != 0)
		server_error("server_save failed (%d); keeping totals in memory", rc);
	json_decref(table);
	return rc;
}

/* Publishes the counters. Each epoch goes before its counter so that a
 * checker sees the new day before the day_wh that restarted at 0. */
static void observe_totals(void)
{
	impchaos_observe("total_wh", meter.total_wh);
	impchaos_observe("day", (double)meter.day);
	impchaos_observe("day_wh", meter.day_wh);
	impchaos_observe("week", (double)meter.week);
	impchaos_observe("week_wh", meter.week_wh);
}

static void save_and_publish(void *ud);

/* Tells the device which pulses are stored: every one of meter.boot up to
 * meter.seq (called only when the store holds meter). Skipped while the
 * device may be booting: it sends the pulse again. */
static void ack(void)
{
	json_t *a;

	if (!device_ready)
		return;
	a = json_pack("{s:I, s:I}", "boot", (json_int_t)meter.boot,
	              "seq", (json_int_t)meter.seq);
	if (a == NULL)
		return;         /* the device sends the pulse again */
	device_send("ack", a);
	json_decref(a);
}

/* Saves; publishes on success, else tries again shortly (one retry timer at
 * a time: a pending retry will save whatever has accumulated by then). */
static void save_and_publish(void *ud)
{
	(void)ud;
	retry_timer = NULL;
	if (save_totals() == 0) {
		observe_totals();
		ack();
		return;
	}
	retry_timer = imp_wakeup(SAVE_RETRY_S, save_and_publish, NULL);
	if (retry_timer == NULL)
		server_error("cannot schedule a save retry; the next pulse will save");
}

/* Whether pulse seq comes next after the ones counted: it is the next one,
 * or the device had the ones before it acknowledged once ("acked"), and the
 * platform rolled the store back since; otherwise it waits for the device
 * to send the missing ones again. */
static int next_in_order(json_t *data, int64_t next, int64_t seq)
{
	json_t *a = json_object_get(data, "acked");
	int64_t acked = json_is_integer(a) ? json_integer_value(a) : -1;

	return seq == next || (acked >= next && seq == acked + 1);
}

static void on_pulse(json_t *data, void *ud)
{
	(void)ud;
	json_t *whv = json_object_get(data, "wh");
	json_t *bootv = json_object_get(data, "boot"), *seqv = json_object_get(data, "seq");
	int64_t day = current_day();
	int64_t week = day / DAYS_PER_WEEK;
	int64_t boot, seq;
	double wh;

	if (!json_is_number(whv) || json_number_value(whv) < 0.0 ||
	    !json_is_integer(bootv) || !json_is_integer(seqv)) {
		server_error("ignoring pulse without boot, seq and a non-negative 'wh'");
		return;
	}
	device_ready = true;    /* a pulse: the device's code runs */
	wh = json_number_value(whv);
	boot = json_integer_value(bootv);
	seq = json_integer_value(seqv);
	if (boot < meter.boot || (boot == meter.boot && seq <= meter.seq)) {
		/* Sent again: counted already (and stored, unless a retry is
		 * pending, which acknowledges it when it succeeds). */
		if (retry_timer == NULL)
			ack();
		return;
	}
	if (!next_in_order(data, boot == meter.boot ? meter.seq + 1 : 0, seq))
		return;
	meter.boot = boot;
	meter.seq = seq;

	if (day != meter.day) {
		meter.day = day;
		meter.day_wh = 0.0;
	}
	if (week != meter.week) {
		meter.week = week;
		meter.week_wh = 0.0;
	}
	meter.total_wh += wh;
	meter.day_wh += wh;
	meter.week_wh += wh;

	if (retry_timer == NULL)
		save_and_publish(NULL);
}

/* The device booted: it needs its calibration constants. The totals are
 * already in memory since agent_main(), so nothing is reloaded here. */
static void on_hello(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
	json_t *cal = json_pack("{s:f}", "scale", CALIBRATION_SCALE);

	device_ready = true;
	if (cal == NULL) {
		server_error("cannot build calibration message");
		return;
	}
	device_send("calibration", cal);
	json_decref(cal);
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
	/* Restore before any handler exists, so that no pulse can be counted
	 * against zeroed totals. */
	restore_totals();

	device_on("hello", on_hello, NULL);
	device_on("pulse", on_pulse, NULL);
	device_onconnect(on_link_change, NULL);
	device_ondisconnect(on_link_change, NULL);
}
