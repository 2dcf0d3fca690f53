/*
 * quiet/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent): takes the device's messages and does nothing, so that the
 * device beside it is the only thing a test observes.
 */
#include <impchaos/agent.h>

static void noop(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
}

void agent_main(void)
{
	device_on("hello", noop, NULL);
}
