/*
 * chatty_thread/agent.c - test-only agent (suites/targets/robustness, runs
 * in imp-agent) that starts a thread of its own calling device_send() in a
 * loop, inside handlers and between them. The platform has no threads; in
 * the harness the sends arrive outside any handler and would keep the
 * harness reading forever. It must stop the run with a protocol error.
 */
#include <pthread.h>

#include <impchaos/agent.h>

static void *chatter(void *arg)
{
	(void)arg;
	for (;;)
		device_send("spam", NULL);
	return NULL;
}

static void tick(void *ud)
{
	(void)ud;
	imp_wakeup(1, tick, NULL);
}

void agent_main(void)
{
	pthread_t t;

	imp_wakeup(1, tick, NULL);
	if (pthread_create(&t, NULL, chatter, NULL) != 0)
		server_error("cannot start the thread");
}
