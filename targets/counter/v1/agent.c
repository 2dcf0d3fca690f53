/*
 * counter/v1/agent.c - the README's example target, agent side: adds up the
 * pulses the device reports and publishes the total once it is saved.
 */
#include <impchaos/agent.h>

static double total;                      /* counted, saved or not */

static void on_tick(json_t *data, void *ud)
{
	json_t *t;

	(void)ud;
	total += json_number_value(json_object_get(data, "n"));
	t = json_pack("{s:f}", "total", total);
	/* Publish only what the store holds: after a failed save, a restart
	 * goes back to the last saved total, and a higher published one would
	 * go backwards. The next tick saves the whole total again. */
	if (server_save(t) == 0)
		impchaos_observe("total", total);
	json_decref(t);
}

void agent_main(void)
{
	json_t *saved = server_load();        /* restore first: the agent may restart alone */

	total = json_number_value(json_object_get(saved, "total"));
	json_decref(saved);
	device_on("tick", on_tick, NULL);
}
