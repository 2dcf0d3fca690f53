/*
 * quiet/device.c - test-only device (suites/targets/robustness, runs in
 * imp-device): takes the agent's messages and does nothing, so that the
 * agent beside it is the only thing a test observes.
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
}
