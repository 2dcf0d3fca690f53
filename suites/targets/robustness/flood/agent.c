/*
 * flood/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) whose first handler sends 10^6 messages to the device and logs
 * 10^6 lines. The host must cap both per event (the platform's message-rate
 * and log limits) and say so, so the trace stays small.
 */
#include <impchaos/agent.h>

static void flood(void *ud)
{
	long i;

	(void)ud;
	for (i = 0; i < 1000000; i++)
		device_send("spam", NULL);
	for (i = 0; i < 1000000; i++)
		server_log("line %ld", i);
}

void agent_main(void)
{
	imp_wakeup(10, flood, NULL);
}
