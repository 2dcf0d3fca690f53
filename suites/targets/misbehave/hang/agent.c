/*
 * hang/agent.c - test-only agent (suites/targets, runs in imp-agent) whose
 * timer handler never returns. The harness's wall-clock watchdog must kill
 * it and the no-hang invariant must fail.
 */
#include <impchaos/agent.h>

static void spin(void *ud)
{
	volatile unsigned long n = 0;

	(void)ud;
	for (;;)
		n++;
}

void agent_main(void)
{
	imp_wakeup(10, spin, NULL);
}
