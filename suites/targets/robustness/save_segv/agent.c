/*
 * save_segv/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) that saves a table and crashes with SIGSEGV at once, in
 * agent_main(), at every start. The host queues an event's frames and
 * sends them in one go: the save must still reach the trace before the
 * death (a fatal signal sends what is queued).
 */
#include <stddef.h>

#include <impchaos/agent.h>

void agent_main(void)
{
	volatile int *p = NULL;
	json_t *t = json_pack("{s:i}", "n", 1);

	server_log("saving, then crashing");
	server_save(t);
	json_decref(t);
	*p = 1;
}
