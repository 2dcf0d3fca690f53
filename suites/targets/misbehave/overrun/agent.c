/*
 * overrun/agent.c - test-only agent (suites/targets, runs in imp-agent) that
 * writes one byte past a heap block for every hello it gets, and otherwise
 * runs on: under --valgrind, memcheck-clean must fail on it even when the
 * incarnation is killed (SIGKILL) before it can exit and report.
 */
#include <stdlib.h>

#include <impchaos/agent.h>

/* Volatile, so the compiler cannot drop the write or the block. */
static char *volatile block;

static void overrun_on_hello(json_t *data, void *ud)
{
	(void)data;
	(void)ud;
	block = malloc(16);
	if (!block)
		return;
	block[16] = 1; /* one past the end: an invalid write */
	free(block);
	block = NULL;
}

void agent_main(void)
{
	device_on("hello", overrun_on_hello, NULL);
}
