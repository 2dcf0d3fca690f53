/*
 * proto.h - framing of the lockstep protocol between the harness and its
 * children (imp-agent, imp-device). Used on both sides of the socketpair.
 *
 * A frame is a 4-byte big-endian length followed by that many bytes of one
 * JSON object, which always has a string member "t" naming the frame type.
 * The frame types themselves are listed in harness/host/rt.c (child side) and
 * harness/sim/sim.c (harness side).
 *
 * The control channel uses send()/recv() only, never write()/read(): the
 * storage fault points of libfiu's POSIX preload wrap write and read, and must
 * not hit the control channel by accident.
 */
#ifndef IMPCHAOS_PROTO_H
#define IMPCHAOS_PROTO_H

#include <stddef.h>
#include <jansson.h>

/* Frames larger than this are a protocol error: a server_save table is at
 * most 64 KB, so 4 MB leaves room for any honest message. */
#define PROTO_MAX_FRAME (4u << 20)

/* The longest durations a frame may carry, in simulated microseconds. The
 * hosts refuse or clamp longer ones as target errors before they are sent;
 * the harness treats a frame that carries one anyway as a protocol error, so
 * no clock arithmetic ever overflows.
 * PROTO_TIMER_MAX_US: imp_wakeup() (no limit is documented; ten years is
 * longer than any run, whose --for is at most ten years, and far from
 * overflowing int64 microseconds).
 * PROTO_SLEEP_MAX_US: imp_deepsleepfor(), the platform's documented maximum
 * of 2419198 seconds (28 days). */
#define PROTO_TIMER_MAX_US (3650LL * 86400 * 1000000)
#define PROTO_SLEEP_MAX_US (2419198LL * 1000000)

/* Accumulates bytes from a stream and cuts them into frames. */
struct proto_reader {
	char *buf;
	size_t len, cap;
};

void proto_reader_init(struct proto_reader *r);
void proto_reader_release(struct proto_reader *r);

/* Appends bytes (for tests and for callers that read themselves).
 * 0 or -ENOMEM. */
int proto_reader_feed(struct proto_reader *r, const void *data, size_t n);

/* One recv(fd, ..., flags) into the buffer: >0 bytes read, 0 on end of
 * stream, -EAGAIN when nothing is there without waiting (MSG_DONTWAIT, or a
 * non-blocking fd), or another negative errno. */
long proto_reader_fill(struct proto_reader *r, int fd, int flags);

/* Takes the next complete frame out of the buffer. Returns 1 and a new
 * reference in *out, 0 when more bytes are needed, or -EPROTO with err filled
 * when the bytes are not a valid frame (too long, not JSON, not an object,
 * no string "t"). */
int proto_reader_next(struct proto_reader *r, json_t **out, char *err, size_t errlen);

/* Whether bytes of an incomplete frame are waiting (a stream that ends now
 * ends mid-frame: truncated). */
int proto_reader_pending(const struct proto_reader *r);

/* Encodes msg (an object with a string "t") into a frame. Returns a malloc'd
 * buffer the caller frees, its length in *len; NULL on failure. */
char *proto_encode(const json_t *msg, size_t *len);

/* Writes one frame, blocking until all of it is sent. 0 or negative errno
 * (-EPIPE when the peer is gone). */
int proto_send(int fd, const json_t *msg);

/* Blocking receive of one frame on a blocking fd. 1 with *out, 0 on a clean
 * end of stream between frames, -EPROTO (err filled) on a malformed or
 * truncated frame, other negative errno on I/O errors. */
int proto_recv(int fd, struct proto_reader *r, json_t **out, char *err, size_t errlen);

#endif
