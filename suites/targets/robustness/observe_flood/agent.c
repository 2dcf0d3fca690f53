/*
 * observe_flood/agent.c - test-only agent (suites/targets/robustness, runs
 * in imp-agent) whose handler records 10^6 observations, an effect no host
 * limit caps: the harness's own cap on effects per event must stop it.
 */
#include <impchaos/agent.h>

static void flood(void *ud)
{
	long i;

	(void)ud;
	for (i = 0; i < 1000000; i++)
		impchaos_observe("n", (double)i);
}

void agent_main(void)
{
	imp_wakeup(10, flood, NULL);
}
