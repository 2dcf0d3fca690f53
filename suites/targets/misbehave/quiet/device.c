/*
 * quiet/device.c - test-only device (suites/targets, runs in imp-device):
 * says hello once and then does nothing, so that the agents beside it are
 * the only thing a test observes.
 */
#include <impchaos/device.h>

static void noop(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
}

void device_main(void)
{
	agent_on("noop", noop, NULL);
	agent_send("hello", NULL);
}
