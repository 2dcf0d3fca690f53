/*
 * segv/agent.c - test-only agent (suites/targets, runs in imp-agent) that
 * dereferences NULL when its device's hello arrives: a target crash the
 * cloud must answer by restarting the agent, traced with its signal.
 */
#include <stddef.h>

#include <impchaos/agent.h>

static void on_hello(json_t *data, void *ud)
{
	volatile int *p = NULL;

	(void)data;
	(void)ud;
	*p = 1;
}

void agent_main(void)
{
	device_on("hello", on_hello, NULL);
}
