/*
 * test_proto.c - unit tests for the lockstep protocol framing
 * (harness/core/proto.c), shared by the harness and the child hosts.
 *
 * Every message between the harness and imp-agent / imp-device goes through
 * these frames, so these tests pin down the byte layout (with an encoder of
 * their own, written from the format in proto.h), reassembly of frames
 * from arbitrary pieces, each way a frame can be malformed, and the blocking
 * send/recv pair over real pipes (the control channel is a pipe each way),
 * including frames larger than the pipe buffer and streams that end
 * cleanly or mid-frame.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/proto.h"

TestSuite(proto, .timeout = 10);

/* Builds a frame by hand: the 4-byte big-endian length `n` followed by
 * `body_len` bytes of body. Lets tests write lengths that disagree with the
 * body, which proto_encode() never would. Returns the frame length. */
static size_t raw_frame(char *out, uint32_t n, const char *body, size_t body_len)
{
	out[0] = (char)(n >> 24);
	out[1] = (char)(n >> 16);
	out[2] = (char)(n >> 8);
	out[3] = (char)n;
	memcpy(out + 4, body, body_len);
	return 4 + body_len;
}

/* The body format of proto.h, written here apart from proto.c so that
 * the byte layout is checked, not just proto.c against itself. */
static void enc_varint(char **p, uint64_t v)
{
	do {
		*(*p)++ = (char)((v & 0x7f) | (v >> 7 ? 0x80 : 0));
		v >>= 7;
	} while (v);
}

static void enc_bytes(char **p, const char *s, size_t n)
{
	enc_varint(p, n);
	memcpy(*p, s, n);
	*p += n;
}

static void enc_value(char **p, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL: *(*p)++ = 'n'; break;
	case JSON_FALSE: *(*p)++ = 'f'; break;
	case JSON_TRUE: *(*p)++ = 'T'; break;
	case JSON_INTEGER: {
		int64_t i = json_integer_value(v);

		*(*p)++ = 'i';
		enc_varint(p, i < 0 ? ((uint64_t)(-(i + 1)) << 1) | 1 : (uint64_t)i << 1);
		break;
	}
	case JSON_REAL: {
		double d = json_real_value(v);
		uint64_t u;

		memcpy(&u, &d, 8);
		*(*p)++ = 'd';
		for (int k = 0; k < 8; k++)
			*(*p)++ = (char)(u >> (8 * k));
		break;
	}
	case JSON_STRING:
		*(*p)++ = 's';
		enc_bytes(p, json_string_value(v), json_string_length(v));
		break;
	case JSON_ARRAY:
		*(*p)++ = 'a';
		enc_varint(p, json_array_size(v));
		for (size_t i = 0; i < json_array_size(v); i++)
			enc_value(p, json_array_get(v, i));
		break;
	case JSON_OBJECT: {
		const char *k;
		json_t *m;

		*(*p)++ = 'o';
		enc_varint(p, json_object_size(v));
		json_object_foreach((json_t *)v, k, m) {
			enc_bytes(p, k, strlen(k));
			enc_value(p, m);
		}
		break;
	}
	}
}

/* The body of the value written as JSON text in `json` (a test's way to
 * say which value), in out; its length. */
static size_t body_of(const char *json, char *out)
{
	json_error_t jerr;
	json_t *v = json_loads(json, JSON_DECODE_ANY, &jerr);
	char *p = out;

	cr_assert_not_null(v, "test body %s: %s", json, jerr.text);
	enc_value(&p, v);
	json_decref(v);
	return (size_t)(p - out);
}

/* Feeds one frame whose body is `body_len` raw bytes into r. */
static void feed_raw(struct proto_reader *r, const char *body, size_t n)
{
	char *frame = malloc(n + 4);

	cr_assert_not_null(frame);
	raw_frame(frame, (uint32_t)n, body, n);
	cr_assert_eq(proto_reader_feed(r, frame, n + 4), 0);
	free(frame);
}

/* Feeds one frame carrying the value written as JSON text in `json`. */
static void feed_body(struct proto_reader *r, const char *json)
{
	char body[1024];

	feed_raw(r, body, body_of(json, body));
}

/* Expects the next frame in r to be rejected with -EPROTO, an error message
 * containing `want`, and nothing returned. */
static void expect_bad_frame(struct proto_reader *r, const char *want)
{
	char err[256] = "";
	json_t *out = NULL;
	int rc = proto_reader_next(r, &out, err, sizeof(err));

	cr_assert_eq(rc, -EPROTO, "rc %d, want -EPROTO and '%s'", rc, want);
	cr_assert_null(out);
	cr_assert(strstr(err, want), "error message '%s' does not mention '%s'", err, want);
}

/* One pipe of the control channel: sv[0] is written, sv[1] read. */
static void make_pair(int sv[2])
{
	int p[2];

	cr_assert_eq(pipe(p), 0, "pipe: %s", strerror(errno));
	sv[0] = p[1];
	sv[1] = p[0];
}

/* Writes all of buf, as a child host that bypasses its runtime would. */
static void send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		cr_assert_gt(w, 0, "write: %s", strerror(errno));
		buf += w;
		len -= (size_t)w;
	}
}

Test(proto, encode_then_decode_round_trips)
{
	json_t *msg = json_pack("{s:s, s:i, s:s, s:[i,f,b,n], s:{s:s}}", "t", "hello", "n", 42,
				"quoted", "a \"b\" \\ c\n", "list", 1, 2.5, 1, "sub", "k",
				"v\u00e9");
	struct proto_reader r;
	char err[128] = "";
	json_t *out = NULL;
	size_t len = 0;
	char *frame = proto_encode(msg, &len);

	cr_assert_not_null(frame);
	proto_reader_init(&r);
	cr_assert_eq(proto_reader_feed(&r, frame, len), 0);
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert(json_equal(out, msg), "decoded frame differs from the message sent");
	cr_assert_not(proto_reader_pending(&r), "bytes left over after the only frame");
	json_decref(out);
	out = NULL;
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 0);
	cr_assert_null(out);
	proto_reader_release(&r);
	free(frame);
	json_decref(msg);
}

Test(proto, header_is_flags_then_big_endian_length_of_the_binary_body)
{
	/* A body over 64 KB so that all three length bytes are nonzero and a
	 * byte-order mistake cannot go unseen. */
	size_t plen = 70000;
	char *pad = malloc(plen + 1), *frame, *body = malloc(plen + 256), *p = body;
	json_t *msg;
	size_t len = 0, n;

	cr_assert_not_null(pad);
	cr_assert_not_null(body);
	memset(pad, 'x', plen);
	pad[plen] = '\0';
	msg = json_pack("{s:s, s:s, s:i, s:f, s:[b,n]}", "t", "big", "pad", pad, "neg", -3,
			"r", 0.5, "l", 0);
	frame = proto_encode(msg, &len);
	enc_value(&p, msg);
	n = (size_t)(p - body);
	cr_assert_not_null(frame);
	cr_assert_eq(len, n + 4);
	cr_assert_eq((unsigned char)frame[0], 0, "flags of a plain frame");
	cr_assert_eq((unsigned char)frame[1], (n >> 16) & 0xff);
	cr_assert_eq((unsigned char)frame[2], (n >> 8) & 0xff);
	cr_assert_eq((unsigned char)frame[3], n & 0xff);
	cr_assert_neq((unsigned char)frame[1], 0, "test body too small to check byte order");
	cr_assert_eq(memcmp(frame + 4, body, n), 0, "frame body is not the format of proto.h");
	free(body);
	free(frame);
	json_decref(msg);
	free(pad);
}

Test(proto, values_round_trip_exactly_with_member_order)
{
	/* Reals bit for bit, integers at the ends of their range, strings with
	 * NUL and non-ASCII bytes, and members in their order (not sorted). */
	json_t *msg = json_pack("{s:s, s:I, s:I, s:f, s:f, s:f, s:s#, s:{s:i, s:i, s:i}}", "t", "x",
				"max", (json_int_t)INT64_MAX, "min", (json_int_t)INT64_MIN,
				"third", 1.0 / 3, "tiny", 5e-324, "big", 1.7976931348623157e308,
				"nul", "a\0b\xc3\xa9", (int)5, "o", "z", 1, "a", 2, "m", 3);
	struct proto_reader r;
	struct proto_writer w;
	char err[128] = "";
	json_t *out = NULL;
	char *a, *b;

	proto_writer_init(&w);
	cr_assert_eq(proto_append(&w, msg, PROTO_FLAG_OUTSIDE), 0);
	cr_assert_eq((unsigned char)w.buf[0], PROTO_FLAG_OUTSIDE);
	proto_reader_init(&r);
	cr_assert_eq(proto_reader_feed(&r, w.buf, w.len), 0);
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert_eq(r.flags, PROTO_FLAG_OUTSIDE);
	a = json_dumps(msg, JSON_COMPACT);
	b = json_dumps(out, JSON_COMPACT);
	cr_assert_str_eq(b, a, "decoded value differs (order or bits)");
	free(a);
	free(b);
	json_decref(out);
	proto_reader_release(&r);
	proto_writer_release(&w);
	json_decref(msg);
}

Test(proto, one_writer_queues_several_frames_for_one_send)
{
	json_t *a = json_pack("{s:s, s:i}", "t", "log", "n", 1), *b = json_pack("{s:s}", "t", "done");
	struct proto_reader r;
	struct proto_writer w;
	char err[128] = "";
	json_t *out = NULL;
	int sv[2];

	make_pair(sv);
	proto_writer_init(&w);
	cr_assert_eq(proto_append(&w, a, 0), 0);
	cr_assert_eq(proto_append(&w, b, 0), 0);
	cr_assert_eq(proto_flush(sv[0], &w), 0);
	cr_assert_eq(w.len, 0, "the writer is not empty after a flush");
	proto_reader_init(&r);
	/* Both frames arrive with the one read. */
	cr_assert_gt(proto_reader_fill(&r, sv[1]), 0);
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert(json_equal(out, a));
	json_decref(out);
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert(json_equal(out, b));
	json_decref(out);
	cr_assert_not(proto_reader_pending(&r));
	proto_reader_release(&r);
	proto_writer_release(&w);
	close(sv[0]);
	close(sv[1]);
	json_decref(a);
	json_decref(b);
}

Test(proto, decodes_several_frames_fed_byte_by_byte)
{
	json_t *msgs[3] = {
		json_pack("{s:s}", "t", "a"),
		json_pack("{s:s, s:i}", "t", "bb", "x", 1),
		json_pack("{s:s, s:s}", "t", "ccc", "s", "with } and { inside"),
	};
	char *stream = NULL;
	size_t total = 0, ends[3];
	struct proto_reader r;
	int got = 0;

	/* Concatenate the three frames and remember where each one ends. */
	for (int i = 0; i < 3; i++) {
		size_t len;
		char *f = proto_encode(msgs[i], &len);

		cr_assert_not_null(f);
		stream = realloc(stream, total + len);
		cr_assert_not_null(stream);
		memcpy(stream + total, f, len);
		total += len;
		ends[i] = total;
		free(f);
	}

	proto_reader_init(&r);
	for (size_t i = 0; i < total; i++) {
		char err[128] = "";
		json_t *out = NULL;
		int rc;

		cr_assert_eq(proto_reader_feed(&r, stream + i, 1), 0);
		rc = proto_reader_next(&r, &out, err, sizeof(err));
		if (got < 3 && i + 1 == ends[got]) {
			/* The frame is complete with exactly this byte. */
			cr_assert_eq(rc, 1, "frame %d not decoded at its end (rc %d: %s)", got,
				     rc, err);
			cr_assert(json_equal(out, msgs[got]), "frame %d decoded wrong", got);
			json_decref(out);
			got++;
		} else {
			cr_assert_eq(rc, 0, "byte %zu: rc %d before a frame was complete (%s)", i,
				     rc, err);
			cr_assert_null(out);
		}
	}
	cr_assert_eq(got, 3);
	cr_assert_not(proto_reader_pending(&r));
	proto_reader_release(&r);
	free(stream);
	for (int i = 0; i < 3; i++)
		json_decref(msgs[i]);
}

Test(proto, reassembles_a_frame_split_across_two_feeds_at_every_point)
{
	json_t *msg = json_pack("{s:s, s:[i,i,i]}", "t", "split", "v", 1, 2, 3);
	size_t len;
	char *frame = proto_encode(msg, &len);

	cr_assert_not_null(frame);
	/* Cuts inside the length prefix, right after it, and inside the body. */
	for (size_t cut = 1; cut < len; cut++) {
		struct proto_reader r;
		char err[128] = "";
		json_t *out = NULL;

		proto_reader_init(&r);
		cr_assert_eq(proto_reader_feed(&r, frame, cut), 0);
		cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 0,
			     "cut %zu: frame reported before it was complete", cut);
		cr_assert(proto_reader_pending(&r), "cut %zu: partial frame not pending", cut);
		cr_assert_eq(proto_reader_feed(&r, frame + cut, len - cut), 0);
		cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "cut %zu: %s", cut,
			     err);
		cr_assert(json_equal(out, msg), "cut %zu: decoded frame differs", cut);
		cr_assert_not(proto_reader_pending(&r));
		json_decref(out);
		proto_reader_release(&r);
	}
	free(frame);
	json_decref(msg);
}

Test(proto, rejects_zero_length_frame)
{
	struct proto_reader r;
	char frame[4];

	proto_reader_init(&r);
	raw_frame(frame, 0, "", 0);
	cr_assert_eq(proto_reader_feed(&r, frame, 4), 0);
	expect_bad_frame(&r, "frame length 0 out of range");
	proto_reader_release(&r);
}

Test(proto, rejects_length_over_max_frame_before_the_body_arrives)
{
	struct proto_reader r;
	char frame[4];

	/* Only the prefix is fed: a reader that waited for 4 MB of body before
	 * judging the length would return 0 here. */
	proto_reader_init(&r);
	raw_frame(frame, PROTO_MAX_FRAME + 1, "", 0);
	cr_assert_eq(proto_reader_feed(&r, frame, 4), 0);
	expect_bad_frame(&r, "out of range");
	proto_reader_release(&r);

	proto_reader_init(&r);
	raw_frame(frame, 0xffffff, "", 0);
	cr_assert_eq(proto_reader_feed(&r, frame, 4), 0);
	expect_bad_frame(&r, "out of range");
	proto_reader_release(&r);

	/* A first byte past the known flags (a JSON-era length of 16 MB or
	 * more, or any other stream) is not a frame. */
	proto_reader_init(&r);
	raw_frame(frame, UINT32_MAX, "", 0);
	cr_assert_eq(proto_reader_feed(&r, frame, 4), 0);
	expect_bad_frame(&r, "unknown flags");
	proto_reader_release(&r);
}

Test(proto, accepts_length_of_exactly_max_frame)
{
	/* {"t":"big","p":"..."} with the padding chosen so that the body is
	 * exactly PROTO_MAX_FRAME bytes: the limit is inclusive. The overhead:
	 * 'o' 2, 1 "t" 's' 3 "big", 1 "p" 's' and a 4-byte varint length. */
	size_t overhead = 2 + 7 + 3 + 4;
	size_t plen = PROTO_MAX_FRAME - overhead;
	char *pad = malloc(plen + 1);
	struct proto_reader r;
	char err[128] = "";
	json_t *msg, *out = NULL;
	size_t len = 0;
	char *frame;

	cr_assert_not_null(pad);
	memset(pad, 'p', plen);
	pad[plen] = '\0';
	msg = json_pack("{s:s, s:s}", "t", "big", "p", pad);
	frame = proto_encode(msg, &len);
	cr_assert_not_null(frame, "a body of exactly PROTO_MAX_FRAME bytes was refused");
	cr_assert_eq(len, (size_t)PROTO_MAX_FRAME + 4);
	proto_reader_init(&r);
	cr_assert_eq(proto_reader_feed(&r, frame, len), 0);
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert(json_equal(out, msg));
	json_decref(out);
	proto_reader_release(&r);
	free(frame);
	json_decref(msg);
	free(pad);
}

Test(proto, encode_and_send_refuse_a_body_over_max_frame)
{
	size_t overhead = 2 + 7 + 3 + 4;
	size_t plen = PROTO_MAX_FRAME - overhead + 1;
	char *pad = malloc(plen + 1);
	json_t *msg;
	size_t len = 12345;
	int sv[2];

	cr_assert_not_null(pad);
	memset(pad, 'p', plen);
	pad[plen] = '\0';
	msg = json_pack("{s:s, s:s}", "t", "big", "p", pad);
	cr_assert_null(proto_encode(msg, &len));
	make_pair(sv);
	cr_assert_eq(proto_send(sv[0], msg), -E2BIG);
	close(sv[0]);
	close(sv[1]);
	json_decref(msg);
	free(pad);
}

Test(proto, rejects_body_that_is_not_a_value)
{
	static const struct {
		const char *bytes;
		size_t n;
		const char *why;
	} bodies[] = {
		{ "o\x01\x01t", 4, "missing" },                 /* no value for "t" */
		{ "x", 1, "unknown value tag" },
		{ "o\x01\x01ts\x01" "aZ", 8, "after it" },       /* trailing byte */
		{ "o\x01\x01ts\x02\xff\xfe", 8, "not UTF-8" },
		{ "o\x01\x01ts\x09" "ab", 8, "past the end" },   /* length too long */
		{ "o\x01\x01ti\xff\xff", 7, "past the end" },    /* varint cut off */
		{ "o\x01\x01td\x01\x02", 7, "past the end" },    /* real cut off */
		{ "a\xff\xff\xff\x0f", 5, "past the end" },      /* huge count */
		{ "{\"t\":\"a\"}", 9, "unknown value tag" },     /* JSON text */
	};

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct proto_reader r;

		proto_reader_init(&r);
		feed_raw(&r, bodies[i].bytes, bodies[i].n);
		expect_bad_frame(&r, "not a value");
		proto_reader_release(&r);
		proto_reader_init(&r);
		feed_raw(&r, bodies[i].bytes, bodies[i].n);
		expect_bad_frame(&r, bodies[i].why);
		proto_reader_release(&r);
	}
}

Test(proto, rejects_values_nested_too_deep)
{
	/* Arrays of one array, one level past PROTO_MAX_DEPTH under the
	 * object: refused, not a stack overflow. */
	size_t depth = PROTO_MAX_DEPTH + 2, n = 0;
	char *body = malloc(2 * depth + 16);
	struct proto_reader r;

	cr_assert_not_null(body);
	memcpy(body, "o\x01\x01t", 4);
	n = 4;
	for (size_t i = 0; i < depth; i++) {
		body[n++] = 'a';
		body[n++] = 1;
	}
	body[n++] = 'n';
	proto_reader_init(&r);
	feed_raw(&r, body, n);
	expect_bad_frame(&r, "too deep");
	proto_reader_release(&r);
	free(body);
}

Test(proto, rejects_json_that_is_not_an_object)
{
	static const char *const bodies[] = { "[{\"t\":\"a\"}]", "[]" };

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct proto_reader r;

		proto_reader_init(&r);
		feed_body(&r, bodies[i]);
		expect_bad_frame(&r, "not an object");
		proto_reader_release(&r);
	}
}

Test(proto, rejects_bare_json_scalars)
{
	/* Scalars are valid JSON text but never a frame; whichever message
	 * the reader gives, it must refuse them. */
	static const char *const bodies[] = { "\"t\"", "42", "null", "true" };

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct proto_reader r;
		char err[128] = "";
		json_t *out = NULL;

		proto_reader_init(&r);
		feed_body(&r, bodies[i]);
		cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), -EPROTO, "body %s",
			     bodies[i]);
		cr_assert_null(out);
		cr_assert_neq(err[0], '\0', "body %s: no error message", bodies[i]);
		proto_reader_release(&r);
	}
}

Test(proto, rejects_object_without_string_t)
{
	static const char *const bodies[] = {
		"{}", "{\"type\":\"a\"}", "{\"t\":1}", "{\"t\":null}", "{\"t\":[\"a\"]}",
	};

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct proto_reader r;

		proto_reader_init(&r);
		feed_body(&r, bodies[i]);
		expect_bad_frame(&r, "string \"t\"");
		proto_reader_release(&r);
	}
}

/* The type is found wherever "t" is in the frame, first or not, as a
 * look-up by name finds it. */
Test(proto, type_is_t_wherever_it_stands)
{
	static const char *const bodies[] = {
		"{\"t\":\"done\"}", "{\"t\":\"send\",\"name\":\"x\"}", "{\"name\":\"x\",\"t\":\"send\"}",
		"{\"tt\":\"no\",\"t\":\"log\"}", "{\"u\":1,\"t\":\"x\",\"v\":2}",
	};
	static const char *const want[] = { "done", "send", "send", "log", "x" };

	for (size_t i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		struct proto_reader r;
		char err[128] = "";
		json_t *out = NULL;

		proto_reader_init(&r);
		feed_body(&r, bodies[i]);
		cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s: %s", bodies[i], err);
		cr_assert_str_eq(proto_type(out), want[i]);
		cr_assert_str_eq(proto_type(out), json_string_value(json_object_get(out, "t")));
		json_decref(out);
		proto_reader_release(&r);
	}
	cr_assert_null(proto_type(NULL));
}

Test(proto, bad_body_is_consumed_and_the_next_frame_decodes)
{
	struct proto_reader r;
	char err[128] = "";
	json_t *out = NULL;

	proto_reader_init(&r);
	feed_raw(&r, "{oops", 5);
	feed_body(&r, "{\"x\":1}");
	feed_body(&r, "{\"t\":\"after\"}");
	expect_bad_frame(&r, "not a value");
	expect_bad_frame(&r, "string \"t\"");
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert_str_eq(json_string_value(json_object_get(out, "t")), "after");
	cr_assert_not(proto_reader_pending(&r));
	json_decref(out);
	proto_reader_release(&r);
}

Test(proto, send_and_recv_round_trip_over_a_pair_of_pipes)
{
	json_t *msgs[3] = {
		json_pack("{s:s, s:I}", "t", "tick", "now", (json_int_t)90000000),
		json_pack("{s:s, s:{s:i}}", "t", "save", "table", "total_wh", 17),
		json_pack("{s:s}", "t", "stop"),
	};
	struct proto_reader r;
	int sv[2], back_sv[2];

	make_pair(sv);
	make_pair(back_sv);
	proto_reader_init(&r);
	/* All three are queued before the first is read: the reader must cut
	 * them apart even when one read returns several. */
	for (int i = 0; i < 3; i++)
		cr_assert_eq(proto_send(sv[0], msgs[i]), 0);
	for (int i = 0; i < 3; i++) {
		char err[128] = "";
		json_t *out = NULL;

		cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 1, "frame %d: %s", i,
			     err);
		cr_assert(json_equal(out, msgs[i]), "frame %d decoded wrong", i);
		json_decref(out);
	}
	/* And the other way round, on the other pipe. */
	for (int i = 0; i < 3; i++) {
		struct proto_reader back;
		char err[128] = "";
		json_t *out = NULL;

		proto_reader_init(&back);
		cr_assert_eq(proto_send(back_sv[0], msgs[i]), 0);
		cr_assert_eq(proto_recv(back_sv[1], &back, &out, err, sizeof(err)), 1, "%s", err);
		cr_assert(json_equal(out, msgs[i]));
		json_decref(out);
		proto_reader_release(&back);
	}
	proto_reader_release(&r);
	close(sv[0]);
	close(sv[1]);
	close(back_sv[0]);
	close(back_sv[1]);
	for (int i = 0; i < 3; i++)
		json_decref(msgs[i]);
}

/* What the writer thread of the large-frame test sends, and its result. */
struct writer {
	int fd;
	const json_t *msg;
	int rc;
};

static void *write_one(void *arg)
{
	struct writer *w = arg;

	w->rc = proto_send(w->fd, w->msg);
	/* End of stream after the one frame, as a child exiting would. */
	close(w->fd);
	return NULL;
}

Test(proto, sends_and_receives_a_frame_larger_than_the_pipe_buffer)
{
	int sv[2], pipebuf;
	struct proto_reader r;
	struct writer w;
	char err[128] = "";
	json_t *msg, *out = NULL;
	pthread_t th;
	size_t plen;
	char *pad;

	make_pair(sv);
	pipebuf = fcntl(sv[0], F_GETPIPE_SZ);
	cr_assert_gt(pipebuf, 0, "F_GETPIPE_SZ: %s", strerror(errno));
	/* Four times what the kernel can hold in flight, so one write cannot
	 * take it all and proto_send must loop. */
	plen = 4 * (size_t)pipebuf;
	if (plen < (1u << 20))
		plen = 1u << 20;
	cr_assert_lt(plen, (size_t)PROTO_MAX_FRAME - 64);
	pad = malloc(plen + 1);
	cr_assert_not_null(pad);
	for (size_t i = 0; i < plen; i++)
		pad[i] = (char)('a' + i % 26);
	pad[plen] = '\0';
	msg = json_pack("{s:s, s:s}", "t", "bulk", "pad", pad);

	/* The writer is another thread: this one cannot both block in a write
	 * and drain the other end. It closes its end when it is done. */
	w.fd = sv[0];
	w.msg = msg;
	w.rc = 1;
	cr_assert_eq(pthread_create(&th, NULL, write_one, &w), 0);
	proto_reader_init(&r);
	cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert(json_equal(out, msg), "large frame decoded wrong");
	json_decref(out);
	out = NULL;
	cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(pthread_join(th, NULL), 0);
	cr_assert_eq(w.rc, 0, "proto_send of the large frame: %s", strerror(-w.rc));
	proto_reader_release(&r);
	close(sv[1]);
	json_decref(msg);
	free(pad);
}

Test(proto, recv_reports_truncated_frame_when_the_writer_closes_mid_frame)
{
	json_t *msg = json_pack("{s:s, s:s}", "t", "cut", "body", "some bytes to cut");
	size_t len;
	char *frame = proto_encode(msg, &len);
	/* Inside the length prefix, right after it, inside the body, and one
	 * byte short of the end. */
	size_t cuts[] = { 1, 3, 4, 10, 0 };

	cr_assert_not_null(frame);
	cuts[4] = len - 1;
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		struct proto_reader r;
		char err[128] = "";
		json_t *out = NULL;
		int sv[2], rc;

		make_pair(sv);
		send_all(sv[0], frame, cuts[i]);
		close(sv[0]);
		proto_reader_init(&r);
		rc = proto_recv(sv[1], &r, &out, err, sizeof(err));
		cr_assert_eq(rc, -EPROTO, "cut at %zu of %zu: rc %d, want -EPROTO", cuts[i], len,
			     rc);
		cr_assert_null(out);
		cr_assert(strstr(err, "ended inside a frame"), "cut at %zu: message '%s'", cuts[i],
			  err);
		proto_reader_release(&r);
		close(sv[1]);
	}
	free(frame);
	json_decref(msg);
}

Test(proto, recv_truncation_after_a_complete_frame_still_delivers_that_frame)
{
	json_t *msg = json_pack("{s:s}", "t", "whole");
	struct proto_reader r;
	char err[128] = "";
	json_t *out = NULL;
	size_t len;
	char *frame = proto_encode(msg, &len);
	int sv[2];

	make_pair(sv);
	send_all(sv[0], frame, len);
	send_all(sv[0], frame, 2);
	close(sv[0]);
	proto_reader_init(&r);
	cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert(json_equal(out, msg));
	json_decref(out);
	out = NULL;
	cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), -EPROTO);
	cr_assert_null(out);
	proto_reader_release(&r);
	close(sv[1]);
	free(frame);
	json_decref(msg);
}

Test(proto, recv_returns_zero_on_clean_end_of_stream_between_frames)
{
	json_t *msg = json_pack("{s:s}", "t", "last");
	struct proto_reader r;
	int sv[2];

	make_pair(sv);
	cr_assert_eq(proto_send(sv[0], msg), 0);
	cr_assert_eq(proto_send(sv[0], msg), 0);
	close(sv[0]);
	proto_reader_init(&r);
	for (int i = 0; i < 2; i++) {
		char err[128] = "";
		json_t *out = NULL;

		cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 1, "%s", err);
		cr_assert(json_equal(out, msg));
		json_decref(out);
	}
	{
		char err[128] = "";
		json_t *out = NULL;

		cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 0, "%s", err);
		cr_assert_null(out);
	}
	proto_reader_release(&r);
	close(sv[1]);
	json_decref(msg);
}

Test(proto, recv_returns_zero_when_the_stream_ends_before_any_frame)
{
	struct proto_reader r;
	char err[128] = "";
	json_t *out = NULL;
	int sv[2];

	make_pair(sv);
	close(sv[0]);
	proto_reader_init(&r);
	cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), 0, "%s", err);
	cr_assert_null(out);
	proto_reader_release(&r);
	close(sv[1]);
}

Test(proto, recv_reports_malformed_frame_from_the_pipe)
{
	struct proto_reader r;
	char frame[64], body[64], err[128] = "";
	json_t *out = NULL;
	size_t len = raw_frame(frame, 0, body, 0);
	int sv[2];

	len = body_of("{\"x\":1}", body);
	len = raw_frame(frame, (uint32_t)len, body, len);

	make_pair(sv);
	send_all(sv[0], frame, len);
	proto_reader_init(&r);
	cr_assert_eq(proto_recv(sv[1], &r, &out, err, sizeof(err)), -EPROTO);
	cr_assert_null(out);
	cr_assert(strstr(err, "string \"t\""), "message '%s'", err);
	proto_reader_release(&r);
	close(sv[0]);
	close(sv[1]);
}

Test(proto, send_to_a_closed_peer_returns_epipe)
{
	json_t *msg = json_pack("{s:s}", "t", "hello");
	int sv[2];

	/* Both sides of the channel ignore SIGPIPE (a pipe has no
	 * MSG_NOSIGNAL): then the write fails with -EPIPE. */
	signal(SIGPIPE, SIG_IGN);
	make_pair(sv);
	close(sv[1]);
	cr_assert_eq(proto_send(sv[0], msg), -EPIPE);
	close(sv[0]);
	json_decref(msg);
}

Test(proto, fill_returns_eagain_on_an_empty_nonblocking_pipe)
{
	struct proto_reader r;
	int sv[2];

	make_pair(sv);
	cr_assert_eq(fcntl(sv[1], F_SETFL, O_NONBLOCK), 0);
	proto_reader_init(&r);
	cr_assert_eq(proto_reader_fill(&r, sv[1]), -EAGAIN);
	cr_assert_not(proto_reader_pending(&r));
	send_all(sv[0], "abc", 3);
	cr_assert_eq(proto_reader_fill(&r, sv[1]), 3);
	cr_assert(proto_reader_pending(&r));
	close(sv[0]);
	cr_assert_eq(proto_reader_fill(&r, sv[1]), 0);
	proto_reader_release(&r);
	close(sv[1]);
}

Test(proto, release_leaves_an_empty_reusable_reader)
{
	struct proto_reader r;
	char err[128] = "", partial[16];
	json_t *out = NULL;
	size_t n = raw_frame(partial, 9, "o\x01\x01t", 4);

	/* A whole frame and half of another are buffered when the reader is
	 * released: none of it may come back after init-by-release. */
	proto_reader_init(&r);
	feed_body(&r, "{\"t\":\"a\"}");
	cr_assert_eq(proto_reader_feed(&r, partial, n), 0);
	proto_reader_release(&r);
	cr_assert_not(proto_reader_pending(&r));
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 0);
	feed_body(&r, "{\"t\":\"c\"}");
	cr_assert_eq(proto_reader_next(&r, &out, err, sizeof(err)), 1, "%s", err);
	cr_assert_str_eq(json_string_value(json_object_get(out, "t")), "c");
	json_decref(out);
	proto_reader_release(&r);
}

/* Strings and keys of only ASCII bytes skip jansson's UTF-8 check in the
 * decoder; every other byte string goes through it. Checked against
 * jansson's own checking calls as the judge: 3000 random byte strings
 * (ASCII with NUL, valid multi-byte sequences, stray and truncated ones)
 * as a key and as a string value, each accepted and decoded exactly when
 * json_stringn and json_object_setn_new accept it. */
Test(proto, ascii_fast_path_decodes_exactly_what_the_checked_calls_accept)
{
	static const unsigned char pieces[][4] = {
		{ 0xc3, 0xa9 }, { 0xe2, 0x82, 0xac }, { 0xf0, 0x9f, 0x98, 0x80 }, { 0x80 },
		{ 0xc3 }, { 0xed, 0xa0, 0x80 }, { 0xff }, { 0xf4, 0x90, 0x80, 0x80 },
	};
	static const size_t piece_len[] = { 2, 3, 4, 1, 1, 3, 1, 4 };
	uint64_t x = 88172645463325252ull;
	size_t accepted = 0, refused = 0;

	for (int i = 0; i < 3000; i++) {
		unsigned char s[128];
		size_t n = 0, len, k;
		char body[400], *p = body, err[256];
		struct proto_reader r;
		json_t *out = NULL, *want, *scratch = json_object();
		int rc, key_ok;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		len = x % 24;
		for (k = 0; k < len; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			if (i % 3 && x % 5 == 0) {
				size_t j = (x >> 8) % 8;

				memcpy(s + n, pieces[j], piece_len[j]);
				n += piece_len[j];
			} else {
				s[n++] = (unsigned char)((x >> 8) % 128);
			}
		}
		want = json_stringn((const char *)s, n);
		key_ok = json_object_setn_new(scratch, (const char *)s, n, json_null()) == 0;
		json_decref(scratch);
		/* {"t": "x", s: s}, a key that is "t" aside */
		if (n == 1 && s[0] == 't')
			s[0] = 'u';
		*p++ = 'o';
		enc_varint(&p, 2);
		enc_bytes(&p, "t", 1);
		*p++ = 's';
		enc_bytes(&p, "x", 1);
		enc_bytes(&p, (const char *)s, n);
		*p++ = 's';
		enc_bytes(&p, (const char *)s, n);
		proto_reader_init(&r);
		feed_raw(&r, body, (size_t)(p - body));
		rc = proto_reader_next(&r, &out, err, sizeof(err));
		if (want && key_ok) {
			json_t *got;

			cr_assert_eq(rc, 1, "string %d refused: %s", i, err);
			got = json_object_getn(out, (const char *)s, n);
			cr_assert(json_is_string(got), "string %d: key missing", i);
			cr_assert_eq(json_string_length(got), n);
			cr_assert_eq(memcmp(json_string_value(got), s, n), 0);
			accepted++;
		} else {
			cr_assert_eq(rc, -EPROTO, "string %d accepted, jansson refuses it", i);
			cr_assert(strstr(err, "not UTF-8"), "%s", err);
			refused++;
		}
		json_decref(out);
		json_decref(want);
		proto_reader_release(&r);
	}
	cr_assert(accepted > 1000 && refused > 300, "accepted %zu, refused %zu", accepted, refused);
}

/* proto_frame builds what json_pack builds, with the same number of
 * allocations (the hosts' malloc faults count the calls in target code),
 * and fails as json_pack fails on a value that cannot be made. */
static int allocs;

static void *counting_malloc(size_t n)
{
	allocs++;
	return malloc(n);
}

Test(proto, frame_builds_what_json_pack_builds_with_the_same_allocations)
{
	json_t *table = json_pack("{s:i, s:f}", "total_wh", 3, "day_wh", 1.5), *a, *b;
	char *da, *db;
	int na, nb;

	json_set_alloc_funcs(counting_malloc, free);
	for (int shape = 0; shape < 6; shape++) {
		allocs = 0;
		switch (shape) {
		case 0:
			a = json_pack("{s:s, s:s, s:f}", "t", "observe", "name", "total_wh", "value", 2.5);
			break;
		case 1:
			a = json_pack("{s:s, s:s, s:O}", "t", "send", "name", "pulse", "data", table);
			break;
		case 2:
			a = json_pack("{s:s, s:i, s:O}", "t", "save", "rc", 0, "table", table);
			break;
		case 3:
			a = json_pack("{s:s, s:I, s:I}", "t", "wakeup", "id", (json_int_t)7, "after",
				      (json_int_t)60000000);
			break;
		case 4:
			a = json_pack("{s:s, s:I}", "t", "cancel", "id", (json_int_t)7);
			break;
		default:
			a = json_pack("{s:s, s:O}", "t", "saving", "table", json_null());
		}
		na = allocs;
		allocs = 0;
		switch (shape) {
		case 0:
			b = proto_frame("observe", "name", json_string("total_wh"), "value",
					json_real(2.5), NULL);
			break;
		case 1:
			b = proto_frame("send", "name", json_string("pulse"), "data", json_incref(table),
					NULL);
			break;
		case 2:
			b = proto_frame("save", "rc", json_integer(0), "table", json_incref(table), NULL);
			break;
		case 3:
			b = proto_frame("wakeup", "id", json_integer(7), "after", json_integer(60000000),
					NULL);
			break;
		case 4:
			b = proto_frame("cancel", "id", json_integer(7), NULL);
			break;
		default:
			b = proto_frame("saving", "table", json_incref(json_null()), NULL);
		}
		nb = allocs;
		cr_assert(a && b);
		cr_assert_eq(nb, na, "shape %d: %d allocations, json_pack makes %d", shape, nb, na);
		da = json_dumps(a, JSON_COMPACT);
		db = json_dumps(b, JSON_COMPACT);
		cr_assert_str_eq(db, da);
		free(da);
		free(db);
		json_decref(a);
		json_decref(b);
	}
	json_set_alloc_funcs(malloc, free);
	/* A string that is not UTF-8 fails both, and nothing leaks. */
	cr_assert_null(json_pack("{s:s, s:s}", "t", "send", "name", "\xff"));
	cr_assert_null(proto_frame("send", "name", json_string("\xff"), "data", json_null(), NULL));
	cr_assert_eq(table->refcount, 1);
	json_decref(table);
}

/* Writes what proto_frame + proto_append write for the same members. */
static void build_shape(struct proto_writer *w, int shape, const json_t *table, unsigned flags,
			int expect)
{
	struct proto_build b;

	switch (shape) {
	case 0:
		proto_build_begin(&b, w, "observe", 2);
		proto_build_string(&b, "name", "total_wh", 8);
		proto_build_real(&b, "value", -0.1);
		break;
	case 1:
		proto_build_begin(&b, w, "send", 2);
		proto_build_string(&b, "name", "p\xc3\xa9", 3);
		proto_build_value(&b, "data", table);
		break;
	case 2:
		proto_build_begin(&b, w, "save", 2);
		proto_build_int(&b, "rc", -3);
		proto_build_value(&b, "table", table);
		break;
	case 3:
		proto_build_begin(&b, w, "saving", 1);
		proto_build_value(&b, "table", NULL);
		break;
	default:
		proto_build_begin(&b, w, "wakeup", 2);
		proto_build_int(&b, "id", INT64_MIN);
		proto_build_int(&b, "after", INT64_MAX);
	}
	cr_assert_eq(proto_build_end(&b, flags), expect, "shape %d", shape);
}

static json_t *object_shape(int shape, json_t *table)
{
	switch (shape) {
	case 0:
		return proto_frame("observe", "name", json_string("total_wh"), "value", json_real(-0.1),
				   NULL);
	case 1:
		return proto_frame("send", "name", json_string("p\xc3\xa9"), "data", json_incref(table),
				   NULL);
	case 2:
		return proto_frame("save", "rc", json_integer(-3), "table", json_incref(table), NULL);
	case 3:
		return proto_frame("saving", "table", json_null(), NULL);
	default:
		return proto_frame("wakeup", "id", json_integer(INT64_MIN), "after",
				   json_integer(INT64_MAX), NULL);
	}
}

Test(proto, a_frame_built_in_place_is_the_bytes_of_its_object)
{
	json_t *table = json_pack("{s:i, s:f, s:[s, n, {s:b}], s:{}}", "total_wh", 3, "day_wh", 1.5,
				  "log", "x", "k", true, "e");
	struct proto_writer w1, w2;

	proto_writer_init(&w1);
	proto_writer_init(&w2);
	for (int shape = 0; shape < 5; shape++) {
		json_t *o = object_shape(shape, table);
		unsigned flags = shape == 1 ? PROTO_FLAG_OUTSIDE : 0;

		cr_assert_eq(proto_append(&w1, o, flags), 0);
		build_shape(&w2, shape, table, flags, 0);
		json_decref(o);
		cr_assert_eq(w2.len, w1.len, "shape %d", shape);
		cr_assert_eq(memcmp(w2.buf, w1.buf, w1.len), 0, "shape %d", shape);
	}
	json_decref(table);
	proto_writer_release(&w1);
	proto_writer_release(&w2);
}

Test(proto, a_frame_built_in_place_that_fails_leaves_the_writer_as_it_was)
{
	struct proto_writer w;
	struct proto_build b;
	json_t *big = json_object(), *deep = json_array(), *v = deep;
	char *s = malloc(PROTO_MAX_FRAME + 1);
	size_t len;
	char *copy;

	proto_writer_init(&w);
	build_shape(&w, 0, NULL, 0, 0);
	len = w.len;
	copy = malloc(len);
	memcpy(copy, w.buf, len);
	/* Fewer members than announced, and more. */
	proto_build_begin(&b, &w, "observe", 2);
	proto_build_string(&b, "name", "x", 1);
	cr_assert_eq(proto_build_end(&b, 0), -EINVAL);
	cr_assert_eq(w.len, len);
	proto_build_begin(&b, &w, "observe", 1);
	proto_build_string(&b, "name", "x", 1);
	proto_build_real(&b, "value", 1);
	cr_assert_eq(proto_build_end(&b, 0), -EINVAL);
	cr_assert_eq(w.len, len);
	/* Over the frame limit: -E2BIG, as proto_append says of the object. */
	memset(s, 'a', PROTO_MAX_FRAME);
	json_object_set_new(big, "s", json_stringn(s, PROTO_MAX_FRAME));
	proto_build_begin(&b, &w, "send", 2);
	proto_build_string(&b, "name", "x", 1);
	proto_build_value(&b, "data", big);
	cr_assert_eq(proto_build_end(&b, 0), -E2BIG);
	cr_assert_eq(w.len, len);
	/* Nested deeper than a frame may be: -EINVAL, as proto_append. */
	for (int i = 0; i < PROTO_MAX_DEPTH + 5; i++) {
		json_t *in = json_array();

		json_array_append_new(v, in);
		v = in;
	}
	proto_build_begin(&b, &w, "send", 2);
	proto_build_string(&b, "name", "x", 1);
	proto_build_value(&b, "data", deep);
	cr_assert_eq(proto_build_end(&b, 0), -EINVAL);
	cr_assert_eq(w.len, len);
	cr_assert_eq(memcmp(w.buf, copy, len), 0);
	json_decref(big);
	json_decref(deep);
	free(s);
	free(copy);
	proto_writer_release(&w);
}
