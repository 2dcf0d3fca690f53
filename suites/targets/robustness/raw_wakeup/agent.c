/*
 * raw_wakeup/agent.c - test-only agent (suites/targets/robustness, runs in
 * imp-agent) that bypasses the host and writes a well-formed 'wakeup' frame
 * of INT64_MAX microseconds straight to the control channel (fd 4, the pipe
 * the host writes its frames to), in the protocol's binary form
 * (harness/core/proto.h). The harness must not trust it: a protocol error,
 * exit code 2, not an overflowed clock.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <impchaos/agent.h>

static size_t varint(unsigned char *p, uint64_t v)
{
	size_t n = 0;

	do {
		p[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			p[n] |= 0x80;
		n++;
	} while (v);
	return n;
}

static size_t str(unsigned char *p, const char *s)
{
	size_t n = strlen(s), k = varint(p, n);

	memcpy(p + k, s, n);
	return k + n;
}

void agent_main(void)
{
	unsigned char frame[128], *p = frame + 4;
	size_t n;

	/* {"t":"wakeup","id":1,"after":INT64_MAX}: an object of 3 members,
	 * integers zigzag-encoded. */
	*p++ = 'o';
	p += varint(p, 3);
	p += str(p, "t");
	*p++ = 's';
	p += str(p, "wakeup");
	p += str(p, "id");
	*p++ = 'i';
	p += varint(p, 2);
	p += str(p, "after");
	*p++ = 'i';
	p += varint(p, (uint64_t)INT64_MAX << 1);
	n = (size_t)(p - frame - 4);
	frame[0] = 0;
	frame[1] = 0;
	frame[2] = (unsigned char)(n >> 8);
	frame[3] = (unsigned char)n;
	if (write(4, frame, 4 + n) < 0)
		server_error("write failed");
}
