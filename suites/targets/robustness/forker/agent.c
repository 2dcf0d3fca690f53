/*
 * forker/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) that forks a process which sleeps forever, holding the
 * control pipes it inherited. When the host stops, the harness must kill
 * it with the host: no no-hang failure at the stop, no process left.
 */
#include <signal.h>
#include <unistd.h>

#include <impchaos/agent.h>

void agent_main(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	if (pid < 0)
		server_error("fork failed");
}
