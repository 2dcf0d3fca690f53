/*
 * agent.c - power_meter agent, naive variant: target -> runs in imp-agent
 * under the harness.
 *
 * Reproduces a user's forum report ("Preserving persistent storage through server
 * maintenance"): the kWh total "climbed up but then reset to zero" after
 * server maintenance, and the cause turned out to be "one of logic flow in my
 * code" that only a device boot hid.
 *
 * THE BUG (deliberate, keep it): the totals start at 0 in agent_main() and
 * are restored from server_load() only in the "hello" handler, which runs
 * when the device boots. Build-and-run restarts both sides, so in testing the
 * device always says hello first and the totals look persistent. When the
 * agent alone restarts (migration, maintenance, crash) the device keeps
 * running and never says hello again: the next pulse is added to 0 and saved
 * over the stored total, so total_wh, day_wh and week_wh drop.
 * The robust variant restores in agent_main() instead.
 *
 * Persisted table: {"total_wh", "day_wh", "day", "week_wh", "week"}.
 */
#include <impchaos/agent.h>

#define SECONDS_PER_DAY 86400

/* Calibration constant the device asks for at boot. */
#define CAL_SCALE 1.0

static double total_wh, day_wh, week_wh;
static int64_t day, week;

static void load_totals(void)
{
	json_t *data = server_load();

	if (json_object_get(data, "total_wh"))
		total_wh = json_number_value(json_object_get(data, "total_wh"));
	if (json_object_get(data, "day_wh"))
		day_wh = json_number_value(json_object_get(data, "day_wh"));
	if (json_object_get(data, "day"))
		day = json_integer_value(json_object_get(data, "day"));
	if (json_object_get(data, "week_wh"))
		week_wh = json_number_value(json_object_get(data, "week_wh"));
	if (json_object_get(data, "week"))
		week = json_integer_value(json_object_get(data, "week"));
	json_decref(data);

	server_log("loaded totals: %g Wh", total_wh);
}

static void save_totals(void)
{
	json_t *data = json_pack("{s:f, s:f, s:I, s:f, s:I}",
	                         "total_wh", total_wh,
	                         "day_wh", day_wh, "day", (json_int_t)day,
	                         "week_wh", week_wh, "week", (json_int_t)week);

	if (server_save(data) != 0)
		server_error("save failed");
	json_decref(data);
}

/* The device has booted: get our numbers back and send it its calibration. */
static void on_hello(json_t *msg, void *ud)
{
	(void)msg;
	(void)ud;

	load_totals();

	json_t *cal = json_pack("{s:f}", "scale", CAL_SCALE);
	device_send("calibration", cal);
	json_decref(cal);
}

static void on_pulse(json_t *msg, void *ud)
{
	(void)ud;
	double wh = json_number_value(json_object_get(msg, "wh"));
	int64_t today = imp_time() / SECONDS_PER_DAY;

	/* New day / new week: start the accumulator again. */
	if (today != day) {
		day = today;
		day_wh = 0;
	}
	if (today / 7 != week) {
		week = today / 7;
		week_wh = 0;
	}

	total_wh += wh;
	day_wh += wh;
	week_wh += wh;
	save_totals();

	impchaos_observe("total_wh", total_wh);
	impchaos_observe("day", (double)day);
	impchaos_observe("day_wh", day_wh);
	impchaos_observe("week", (double)week);
	impchaos_observe("week_wh", week_wh);
}

void agent_main(void)
{
	total_wh = 0;
	day_wh = 0;
	week_wh = 0;
	day = imp_time() / SECONDS_PER_DAY;
	week = day / 7;

	device_on("hello", on_hello, NULL);
	device_on("pulse", on_pulse, NULL);
}
