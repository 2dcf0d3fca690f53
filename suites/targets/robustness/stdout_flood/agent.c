/*
 * stdout_flood/agent.c - test-only agent (suites/targets/robustness, runs
 * in imp-agent) that prints 100 MB to its standard output (agent.log) in
 * its first handler. The log file must stop at its cap; the run goes on.
 */
#include <stdio.h>
#include <string.h>

#include <impchaos/agent.h>

static void flood(void *ud)
{
	static char line[65536];
	int i;

	(void)ud;
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 2] = '\n';
	for (i = 0; i < 1600; i++)
		fputs(line, stdout);
	fflush(stdout);
	impchaos_observe("printed", 1);
}

void agent_main(void)
{
	imp_wakeup(10, flood, NULL);
}
