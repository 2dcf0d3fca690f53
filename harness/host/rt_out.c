/*
 * rt_out.c - the child host's side of the control channel's output (see
 * rt.h): effect frames queued per event and sent with one write, and what
 * sends them when the process dies or hangs (exit, fatal signals, the
 * harness's flush signal, the out-of-memory exit).
 *
 * Harness <- [rt_out.c] <- rt.c, agent.c, device.c, sq_*.c (rt_effect)
 */
#include "rt.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hfault.h"
#include "core/proto.h"

/* An event's effect frames go out in one write, at its end ("done"), before
 * the host waits in the middle of one (rt_await) and before any death the
 * host sees coming. A flood is sent in pieces of this size, so the harness
 * counts it while it comes. */
#define RT_FLUSH_AT (64u << 10)

/* The signal the harness sends a child whose event overran the watchdog:
 * the child sends what it has queued and a "flushed" frame, so that the
 * effects of a handler that hangs are in the trace before its "hung" exit,
 * as they would be if they had been sent one by one. */
#define RT_FLUSH_SIGNAL SIGUSR2

/* Handling a frame (or starting up): frames are queued. Between events
 * (a thread of the target's own) they are sent at once, flagged. */
static volatile bool in_event = true;

/* The queued frames. out.buf[out_sent .. out_done) is complete frames not
 * sent yet; an append in progress writes past out_done. The signal handlers
 * and the out-of-memory exit send that range with raw system calls, unless
 * a send is in progress (out_sending). A target thread of its own that
 * calls the API takes the lock like the main thread. */
static struct proto_writer out;
static volatile size_t out_sent, out_done;
static volatile sig_atomic_t out_sending, out_appending;
static pthread_mutex_t out_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static char flushed_frame[32];
static size_t flushed_len;

/* Async-signal-safe: the complete frames not sent yet, by the raw write
 * system call (the libfiu preload does not wrap syscall()). */
static void out_send_raw(void)
{
	size_t off = out_sent, end = out_done;

	if (out_sending)
		return;
	while (off < end) {
		long n = syscall(SYS_write, RT_WFD, out.buf + off, end - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	out_sent = off;
}

void rt_flush_raw(void)
{
	int e = errno;

	out_send_raw();
	errno = e;
}

/* Sends the queued frames; ends the process when the harness is gone. */
void rt_flush(void)
{
	int rc = 0;

	pthread_mutex_lock(&out_lock);
	if (out_done > out_sent) {
		out_sending = 1;
		rc = proto_send_all(RT_WFD, out.buf + out_sent, out_done - out_sent);
		out_sending = 0;
	}
	out.len = out_sent = out_done = 0;
	pthread_mutex_unlock(&out_lock);
	if (rc < 0)
		_exit(3);
}

static void on_flush_signal(int sig)
{
	int e = errno;

	(void)sig;
	/* Inside an append the buffer may be moving: nothing is sent, and
	 * the harness gives up waiting for "flushed". */
	if (!out_appending && !out_sending) {
		out_send_raw();
		if (out_sent == out_done)
			syscall(SYS_write, RT_WFD, flushed_frame, flushed_len);
	}
	errno = e;
}

/* A crash (SIGSEGV in target code, abort(), ...): what the event reported
 * before it goes out first, then the signal takes its default course. */
static void on_fatal_signal(int sig)
{
	out_send_raw();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void flush_at_exit(void)
{
	rt_flush();
}

void rt_out_setup(void)
{
	static char altstack[64 << 10];
	static const int fatal_signals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGSYS,
					     SIGTRAP };
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack) };
	json_t *flushed = json_pack("{s:s}", "t", "flushed");
	struct sigaction sa;
	char *enc;
	size_t i;

	proto_writer_init(&out);
	enc = proto_encode(flushed, &flushed_len);
	if (!enc || flushed_len > sizeof(flushed_frame))
		abort();
	memcpy(flushed_frame, enc, flushed_len);
	free(enc);
	json_decref(flushed);
	atexit(flush_at_exit);
	/* A stack overflow in target code must still reach the handler. */
	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_ONSTACK;
	sa.sa_handler = on_fatal_signal;
	for (i = 0; i < sizeof(fatal_signals) / sizeof(fatal_signals[0]); i++)
		sigaction(fatal_signals[i], &sa, NULL);
	sa.sa_flags = SA_RESTART | SA_ONSTACK;
	sa.sa_handler = on_flush_signal;
	sigaction(RT_FLUSH_SIGNAL, &sa, NULL);
}

char *rt_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0, o = 0;
	char *out = NULL;

	while (i < len) {
		size_t n = p[i] < 0x80 ? 1 : (p[i] & 0xe0) == 0xc0 && p[i] >= 0xc2 ? 2 :
			   (p[i] & 0xf0) == 0xe0 ? 3 : (p[i] & 0xf8) == 0xf0 && p[i] <= 0xf4 ? 4 : 0;
		size_t k;

		for (k = 1; n && k < n; k++)
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				n = 0;
		/* Overlong three-byte forms, surrogates, and code points past
		 * U+10FFFF are invalid too. */
		if (n == 3 && ((p[i] == 0xe0 && p[i + 1] < 0xa0) || (p[i] == 0xed && p[i + 1] >= 0xa0)))
			n = 0;
		if (n == 4 && ((p[i] == 0xf0 && p[i + 1] < 0x90) || (p[i] == 0xf4 && p[i + 1] >= 0x90)))
			n = 0;
		if (!n && !out) {
			/* Each bad byte becomes U+FFFD (3 bytes). */
			if (!(out = malloc(3 * len + 1)))
				abort();
			memcpy(out, s, i);
			o = i;
		}
		if (!n) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			if (out)
				memcpy(out + o, s + i, n);
			o += n;
			i += n;
		}
	}
	if (out)
		out[o] = '\0';
	return out;
}

/* Queues one frame; outside an event (a thread of the target's own) it is
 * sent at once, flagged. Called with out_lock held. */
static int out_append(const json_t *msg)
{
	unsigned flags = in_event ? 0 : PROTO_FLAG_OUTSIDE;
	int rc;

	out_appending = 1;
	rc = proto_append(&out, msg, flags);
	out_done = out.len;
	out_appending = 0;
	if (rc == 0 && (flags || out.len - out_sent >= RT_FLUSH_AT))
		rt_flush();
	return rc;
}

/* A frame too big for any frame (a 100 MB message) was refused: the
 * effect is dropped and the target told, as an error, not a dead host.
 * Called with out_lock held. */
static int append_dropped(const char *type)
{
	char text[200];
	json_t *log;
	int rc;

	snprintf(text, sizeof(text), "%s: %zu bytes is over the %u-byte limit of what one call may "
		 "carry (dropped)", type, out.refused, PROTO_MAX_FRAME);
	log = json_pack("{s:s, s:s, s:s}", "t", "log", "level", "error", "text", text);
	rc = log ? out_append(log) : -ENOMEM;
	json_decref(log);
	return rc;
}

void rt_effect(json_t *msg)
{
	int rc;

	/* Reporting is the runtime's own work: scoped faults stay quiet here,
	 * and points that fired earlier are reported before this frame. */
	hfault_in_runtime++;
	hfault_flush();
	pthread_mutex_lock(&out_lock);
	rc = msg ? out_append(msg) : -ENOMEM;
	if (rc == -E2BIG)
		rc = append_dropped(json_string_value(json_object_get(msg, "t")) ?: "?");
	pthread_mutex_unlock(&out_lock);
	json_decref(msg);
	hfault_in_runtime--;
	if (rc < 0)
		_exit(3);
}

/* The type of the frame rt_effect_begin started (for append_dropped). */
static const char *build_type;

struct proto_build *rt_effect_begin(const char *type, size_t members)
{
	static struct proto_build b;

	hfault_in_runtime++;
	hfault_flush();
	pthread_mutex_lock(&out_lock);
	out_appending = 1;
	build_type = type;
	proto_build_begin(&b, &out, type, members);
	return &b;
}

void rt_effect_end(struct proto_build *b)
{
	unsigned flags = in_event ? 0 : PROTO_FLAG_OUTSIDE;
	int rc = proto_build_end(b, flags);

	out_done = out.len;
	out_appending = 0;
	if (rc == 0 && (flags || out.len - out_sent >= RT_FLUSH_AT))
		rt_flush();
	if (rc == -E2BIG)
		rc = append_dropped(build_type);
	pthread_mutex_unlock(&out_lock);
	hfault_in_runtime--;
	if (rc < 0)
		_exit(3);
}

void rt_out_idle(void)
{
	pthread_mutex_lock(&out_lock);
	rt_flush();
	in_event = false;
	pthread_mutex_unlock(&out_lock);
}

void rt_out_busy(void)
{
	in_event = true;
}
