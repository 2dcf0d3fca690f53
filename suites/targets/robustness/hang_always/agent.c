/*
 * hang_always/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) that loops forever in agent_main(), at every start. Each
 * restart costs the harness one watchdog; the run's wall-clock budget
 * (--run-timeout) must end the run, and a chaos campaign's --budget must
 * end such runs in flight.
 */
#include <impchaos/agent.h>

void agent_main(void)
{
	volatile unsigned long n = 0;

	for (;;)
		n++;
}
