/*
 * door_counter/naive/agent.c - target agent code (runs in imp-agent under
 * the harness), with a bug: it ignores server_save()'s result. While the
 * store fails (disk full, I/O errors) it keeps publishing a count that only
 * lives in memory; when the agent then restarts, it reloads the last count
 * that was stored and the published count goes backwards.
 */
#include <impchaos/agent.h>

static double count;

static void on_openings(json_t *data, void *ud)
{
	json_t *table;

	(void)ud;
	count += json_number_value(json_object_get(data, "openings"));
	table = json_pack("{s:f}", "count", count);
	server_save(table);
	json_decref(table);
	impchaos_observe("count", count);
}

void agent_main(void)
{
	json_t *saved = server_load();

	count = json_number_value(json_object_get(saved, "count"));
	json_decref(saved);
	device_on("openings", on_openings, NULL);
}
