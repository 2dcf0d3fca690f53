/*
 * leak/agent.c - test-only agent (suites/targets, runs in imp-agent) that
 * loses a block of memory for every hello it gets: under --valgrind, the
 * memcheck-clean invariant must fail on it.
 */
#include <stdlib.h>
#include <string.h>

#include <impchaos/agent.h>

/* Volatile, so the compiler cannot prove the blocks unused and drop them. */
static char *volatile last;

static void on_hello(json_t *data, void *ud)
{
	int i;

	(void)data;
	(void)ud;
	/* Each assignment loses the block before it: definitely lost. */
	for (i = 0; i < 3; i++) {
		last = malloc(1000);
		if (last)
			memset(last, i, 1000);
	}
}

void agent_main(void)
{
	device_on("hello", on_hello, NULL);
}
