/*
 * raw_wakeup/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) that bypasses the host and writes a well-formed 'wakeup' frame
 * of INT64_MAX microseconds straight to the control socket (fd 3). The
 * harness must not trust it: a protocol error, exit code 2, not an
 * overflowed clock.
 */
#include <string.h>
#include <sys/socket.h>

#include <impchaos/agent.h>

void agent_main(void)
{
	static const char body[] = "{\"t\":\"wakeup\",\"id\":1,\"after\":9223372036854775807}";
	unsigned char frame[4 + sizeof(body)];
	size_t n = sizeof(body) - 1;

	frame[0] = 0;
	frame[1] = 0;
	frame[2] = (unsigned char)(n >> 8);
	frame[3] = (unsigned char)n;
	memcpy(frame + 4, body, n);
	if (send(3, frame, 4 + n, 0) < 0)
		server_error("send failed");
}
