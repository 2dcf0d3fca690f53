/*
 * log_hang/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) whose timer handler logs a line and records an observation,
 * then never returns. The host holds an event's frames until its end; the
 * watchdog's flush request (SIGUSR2) must bring them to the harness, so
 * that both are in the trace before the hung agent's death.
 */
#include <impchaos/agent.h>

static void log_then_spin(void *ud)
{
	volatile unsigned long n = 0;

	(void)ud;
	server_log("about to hang");
	impchaos_observe("before-hang", 1);
	for (;;)
		n++;
}

void agent_main(void)
{
	imp_wakeup(10, log_then_spin, NULL);
}
