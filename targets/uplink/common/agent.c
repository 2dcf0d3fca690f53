/*
 * uplink/common/agent.c - batching sensor uplink, agent side (both
 * variants): adds up the readings in each batch the device sends and
 * publishes how many it has received.
 */
#include <impchaos/agent.h>

static double readings;               /* received since this agent started */

static void on_batch(json_t *data, void *ud)
{
	(void)ud;
	readings += (double)json_array_size(json_object_get(data, "v"));
	impchaos_observe("readings", readings);
}

void agent_main(void)
{
	device_on("batch", on_batch, NULL);
}
