/*
 * garbage/agent.c - test-only agent (suites/targets, runs in imp-agent) that
 * writes bytes which are not a protocol frame to the host's control channel
 * (fd 4, the pipe the host writes its frames to), as target code corrupting
 * a descriptor it does not own would.
 * The harness must stop with a clear error and exit code 2.
 */
#include <unistd.h>

#include <impchaos/agent.h>

void agent_main(void)
{
	static const char junk[] = "\x00\x00\x00\x05hello, harness";

	if (write(4, junk, sizeof(junk) - 1) < 0)
		server_error("write failed");
}
