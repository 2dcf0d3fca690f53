/*
 * proto.h - framing of the lockstep protocol between the harness and its
 * children (imp-agent, imp-device). Used on both sides of the control
 * channel: two pipes per child, one each way (PROTO_HOST_RFD, _WFD).
 *
 * A frame is a 4-byte header followed by a body of one value in a compact
 * binary form (no JSON text): the header's first byte holds flags
 * (PROTO_FLAG_*), the other three the body's length, big-endian. The body
 * is always an object with a string member "t" naming the frame type; the
 * frame types are listed in harness/host/rt.h (child side) and handled in
 * harness/sim/sim_proc.c and sim_effect.c (harness side).
 *
 * A value is a tag byte and what the tag says:
 *   'n' null, 'f' false, 'T' true
 *   'i' an integer: zigzag LEB128 varint of the int64
 *   'd' a real: 8 bytes, the IEEE 754 double little-endian
 *   's' a string: varint byte length, then the UTF-8 bytes
 *   'a' an array: varint count, then the values
 *   'o' an object: varint count, then each key (varint length, UTF-8
 *       bytes) and its value, in the object's order
 * It carries exactly what a jansson value holds, so a frame decodes to the
 * value that was encoded, member order included (traces built from frames
 * stay byte-identical).
 *
 * A child writes all of one event's effect frames with one write
 * (proto_writer), and the harness takes them in with one read.
 *
 * The control channel is read and written with the raw read and write
 * system calls (syscall(2)), never libc's read()/write(): the storage fault
 * points of libfiu's POSIX preload wrap those, and must not hit the control
 * channel by accident. A write to a pipe whose reader is gone raises
 * SIGPIPE: both sides ignore it (the harness in sim_run, the hosts in
 * rt_main), so such a write fails with EPIPE instead.
 */
#ifndef IMPCHAOS_PROTO_H
#define IMPCHAOS_PROTO_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* Frames larger than this are a protocol error: a server_save table is at
 * most 64 KB, so 4 MB leaves room for any honest message. The header's
 * 24-bit length could say up to 16 MB. */
#define PROTO_MAX_FRAME (4u << 20)

/* Where a child host finds its control channel: it reads the harness's
 * frames on PROTO_HOST_RFD (the read end of one pipe) and writes its own
 * on PROTO_HOST_WFD (the write end of the other). The harness, or the
 * fork server that forks the host, puts them there. */
#define PROTO_HOST_RFD 3
#define PROTO_HOST_WFD 4

/* Header flags. OUTSIDE: the child sent this frame while it was handling
 * no event (target code calling the API from a thread of its own), which
 * the harness refuses. */
#define PROTO_FLAG_OUTSIDE 0x01u
#define PROTO_FLAGS_KNOWN PROTO_FLAG_OUTSIDE

/* How deep values may nest (as jansson's JSON parser allows). */
#define PROTO_MAX_DEPTH 2048

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

/* Accumulates bytes from a stream and cuts them into frames. The pending
 * bytes are buf[off .. off + len). flags: the header flags of the frame
 * proto_reader_next() returned last. */
struct proto_reader {
	char *buf;
	size_t len, cap, off;
	unsigned flags;
};

void proto_reader_init(struct proto_reader *r);
void proto_reader_release(struct proto_reader *r);

/* Appends bytes (for tests and for callers that read themselves).
 * 0 or -ENOMEM. */
int proto_reader_feed(struct proto_reader *r, const void *data, size_t n);

/* One read of fd into the buffer: >0 bytes read, 0 on end of stream,
 * -EAGAIN when nothing is there on a non-blocking fd, -EINTR when a signal
 * came first, or another negative errno. */
long proto_reader_fill(struct proto_reader *r, int fd);

/* Takes the next complete frame out of the buffer. Returns 1 and a new
 * reference in *out, 0 when more bytes are needed, or -EPROTO with err filled
 * when the bytes are not a valid frame (too long, unknown flags, a body that
 * is not a value, not an object, no string "t"). A bad body is consumed; a
 * bad header is not. */
int proto_reader_next(struct proto_reader *r, json_t **out, char *err, size_t errlen);

/* The two halves of proto_reader_next(): the next whole frame's body
 * (consumed, flags set; 1, 0 when incomplete, -EPROTO on a bad header), and
 * the decoding of a body into a frame (1 or -EPROTO, with the same messages).
 * proto_decode_value() decodes one value nested in a frame's top-level
 * object at *p (moved past it), NULL when it is not one. */
int proto_reader_body(struct proto_reader *r, const unsigned char **body, size_t *len, char *err,
		      size_t errlen);
int proto_decode_body(const unsigned char *body, size_t n, json_t **out, char *err, size_t errlen);
json_t *proto_decode_value(const unsigned char **p, const unsigned char *end);

/* The harness's reader of frames: proto_reader_next() that keeps the last
 * frame of each type it returned and, when nobody else holds it, refills it
 * in place from the next frame of the same keys (proto_reuse.c, harness
 * side only). A frame it returns must not be changed. A zeroed struct is an
 * empty cache; proto_reuse_release() drops what it keeps. */
#define PROTO_REUSE_SLOTS 8
struct proto_reuse {
	struct {
		json_t *frame;
		const char *type;  /* its "t", which a refill leaves as it is */
		size_t tlen;
	} slot[PROTO_REUSE_SLOTS];
	unsigned next;
	unsigned long refilled;  /* frames returned refilled (for tests) */
};
int proto_reader_next_reuse(struct proto_reader *r, struct proto_reuse *ru, json_t **out,
			    char *err, size_t errlen);
void proto_reuse_release(struct proto_reuse *ru);

/* The value tags of the binary encoding. */
enum {
	TAG_NULL = 'n', TAG_FALSE = 'f', TAG_TRUE = 'T', TAG_INT = 'i', TAG_REAL = 'd',
	TAG_STRING = 's', TAG_ARRAY = 'a', TAG_OBJECT = 'o',
};

/* A frame's type: the string "t", NULL when it has none. Found as the
 * first member, where every host writes it, without hashing the key;
 * looked up elsewhere. */
const char *proto_type(const json_t *frame);

/* Whether bytes of an incomplete frame are waiting (a stream that ends now
 * ends mid-frame: truncated). */
int proto_reader_pending(const struct proto_reader *r);

/* Frames queued for one write. */
struct proto_writer {
	char *buf;
	size_t len, cap;
	size_t refused;   /* body bytes of the last frame refused with -E2BIG */
};

void proto_writer_init(struct proto_writer *w);
void proto_writer_release(struct proto_writer *w);

/* Appends msg (an object with a string "t") as one frame with the given
 * header flags. 0; -E2BIG when its body would be over PROTO_MAX_FRAME;
 * -EINVAL when msg cannot be encoded (not an object, nested too deep);
 * -ENOMEM. The writer is unchanged on failure. */
int proto_append(struct proto_writer *w, const json_t *msg, unsigned flags);

/* Sends everything queued, blocking until all of it is sent, and empties
 * the writer. 0 or negative errno (-EPIPE when the peer is gone). */
int proto_flush(int fd, struct proto_writer *w);

/* Writes len bytes of buf on fd, blocking until all are written (retrying
 * after EINTR; -EPIPE when the reader is gone and SIGPIPE is ignored, as
 * both sides of the channel do). 0 or negative errno. Allocates nothing, so a host may
 * call it on its way out of memory or from a signal handler. */
int proto_send_all(int fd, const char *buf, size_t len);

/* The frame {"t": type, KEY: VALUE, ...} built member by member, for
 * the hot paths that json_pack would make parse its format on every call:
 * KEY, VALUE pairs (const char *, json_t *) end with a NULL key; the
 * values are stolen. It allocates what json_pack allocates for the same
 * object (a malloc fault counts the same calls). NULL when a value is
 * NULL (a failed allocation) or out of memory. */
json_t *proto_frame(const char *type, ...) __attribute__((sentinel));

/* A frame {"t": type, KEY: VALUE, ...} written member by member straight
 * into a writer, with no jansson object of the frame: the bytes
 * proto_append writes for the object proto_frame builds of the same
 * members. members: how many follow "t". Each call after a failure does
 * nothing; proto_build_end gives the first failure (-ENOMEM, -EINVAL as
 * proto_append, -E2BIG when the body is over PROTO_MAX_FRAME, -EINVAL when
 * fewer or more members came than announced) and leaves the writer as
 * it was before proto_build_begin; 0 when the frame is complete. Allocates
 * nothing but the writer's growth (realloc). */
struct proto_build {
	struct proto_writer *w;
	size_t start, left;
	int rc;
};

void proto_build_begin(struct proto_build *b, struct proto_writer *w, const char *type,
		       size_t members);
void proto_build_string(struct proto_build *b, const char *key, const char *s, size_t n);
void proto_build_int(struct proto_build *b, const char *key, int64_t v);
void proto_build_real(struct proto_build *b, const char *key, double v);
/* v as it is (NULL stands for null). */
void proto_build_value(struct proto_build *b, const char *key, const json_t *v);
int proto_build_end(struct proto_build *b, unsigned flags);

/* Encodes msg (an object with a string "t") into a frame. Returns a malloc'd
 * buffer the caller frees, its length in *len; NULL on failure. */
char *proto_encode(const json_t *msg, size_t *len);

/* Writes one frame, blocking until all of it is sent. 0 or negative errno
 * (-EPIPE when the peer is gone, -E2BIG or -EINVAL as proto_append). */
int proto_send(int fd, const json_t *msg);

/* Blocking receive of one frame on a blocking fd. 1 with *out, 0 on a clean
 * end of stream between frames, -EPROTO (err filled) on a malformed or
 * truncated frame, other negative errno on I/O errors. */
int proto_recv(int fd, struct proto_reader *r, json_t **out, char *err, size_t errlen);

/* The fork server (harness/host/forksrv.c): a host started with
 * --fork-server takes requests on its fd 3, a SOCK_SEQPACKET socket: one
 * datagram of the target's path with the new host's two ends of its control
 * pipes (the read end, then the write end) as SCM_RIGHTS. It answers with these: STARTED (pid), EXITED (pid and wait
 * status, once the child is reaped), FAILED (status: errno). */
enum { FORKSRV_STARTED = 1, FORKSRV_EXITED = 2, FORKSRV_FAILED = 3 };

struct forksrv_msg {
	int32_t kind;
	int32_t pid;
	int32_t status;
};

#endif
