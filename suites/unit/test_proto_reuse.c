/*
 * test_proto_reuse.c - unit tests for the harness's frame reader that
 * refills the frames it decoded before (harness/core/proto_reuse.c).
 *
 * The same random stream of frames goes to a plain reader
 * (proto_reader_next) and to a refilling one: every frame must come out
 * the same, member order included, with the same return code and message
 * for the bad ones, and what a caller still holds of an earlier frame (the
 * frame itself or one of its values) must never change under it.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/proto.h"

TestSuite(proto_reuse, .timeout = 30);

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)((rnd_state >> 11) % n);
}

/* The body format of proto.h, by hand (so that bodies proto_encode never
 * writes can be made: bad UTF-8, non-finite reals, keys twice). */
static void put_varint(unsigned char **p, uint64_t v)
{
	while (v >= 0x80) {
		*(*p)++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*(*p)++ = (unsigned char)v;
}

static void put_bytes(unsigned char **p, const char *s, size_t n)
{
	put_varint(p, n);
	memcpy(*p, s, n);
	*p += n;
}

static void put_string(unsigned char **p, const char *s)
{
	*(*p)++ = 's';
	put_bytes(p, s, strlen(s));
}

static void put_int(unsigned char **p, int64_t v)
{
	*(*p)++ = 'i';
	put_varint(p, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_real(unsigned char **p, double x)
{
	uint64_t u;

	memcpy(&u, &x, 8);
	*(*p)++ = 'd';
	for (int k = 0; k < 8; k++)
		*(*p)++ = (unsigned char)(u >> (8 * k));
}

static const char *const strings[] = {
	"power", "pin1", "a", "", "caf\xc3\xa9", "bad\xff", "\xed\xa0\x80", "power2", "b",
};

/* One member value, drawn from what the refill treats apart. */
static void put_random_value(unsigned char **p)
{
	switch (rnd(11)) {
	case 0: case 1:
		put_string(p, strings[rnd(sizeof(strings) / sizeof(strings[0]))]);
		break;
	case 2: case 3:
		put_int(p, (int64_t)rnd(5) - 2);
		break;
	case 4:
		put_int(p, INT64_MIN + rnd(2));
		break;
	case 5: case 6:
		put_real(p, (double)rnd(4) / 2);
		break;
	case 7:
		put_real(p, rnd(2) ? INFINITY : NAN);
		break;
	case 8:
		*(*p)++ = "nfT"[rnd(3)];
		break;
	case 9:
		*(*p)++ = 'o';
		put_varint(p, 2);
		put_bytes(p, "x", 1);
		put_int(p, rnd(3));
		put_bytes(p, "y", 1);
		put_string(p, strings[rnd(3)]);
		break;
	default:
		*(*p)++ = 'a';
		put_varint(p, 2);
		put_real(p, rnd(3));
		*(*p)++ = rnd(8) ? 'n' : 'q'; /* now and then an unknown tag */
		break;
	}
}

static const char *const types[] = { "observe", "done", "send", "sense" };
static const char *const keys[] = { "name", "value", "data", "t", "name", "value" };

/* A frame of a few shapes: "t" first, then mostly as many members as its
 * type's place in the list, from a short list of keys (so shapes repeat;
 * now and then another count, a key twice or "t" again); now and then a
 * body cut short or with a byte after it. */
static size_t random_frame(unsigned char *frame)
{
	unsigned char *p = frame + 4;
	unsigned type = rnd(4), members = rnd(8) ? type : rnd(4);
	size_t n;

	*p++ = 'o';
	put_varint(&p, 1 + members);
	put_bytes(&p, "t", 1);
	put_string(&p, types[type]);
	for (unsigned i = 0; i < members; i++) {
		const char *k = rnd(16) ? keys[(type + i) % 3] : keys[rnd(6)];

		put_bytes(&p, k, strlen(k));
		put_random_value(&p);
	}
	if (rnd(40) == 0)
		*p++ = 'n';
	else if (rnd(40) == 0)
		p -= 1 + rnd(3);
	n = (size_t)(p - frame - 4);
	frame[0] = 0;
	frame[1] = (unsigned char)(n >> 16);
	frame[2] = (unsigned char)(n >> 8);
	frame[3] = (unsigned char)n;
	return n + 4;
}

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

Test(proto_reuse, gives_what_the_plain_reader_gives_and_never_changes_what_a_caller_holds)
{
	struct proto_reader plain, re;
	struct proto_reuse ru = { 0 };
	json_t *held[16] = { 0 };
	char *held_dump[16] = { 0 };
	unsigned frames = 0, bad = 0;

	proto_reader_init(&plain);
	proto_reader_init(&re);
	for (int i = 0; i < 20000; i++) {
		unsigned char frame[512];
		size_t n = random_frame(frame);
		char err1[256] = "", err2[256] = "";
		json_t *a = NULL, *b = NULL;
		int rc1, rc2;

		cr_assert_eq(proto_reader_feed(&plain, frame, n), 0);
		cr_assert_eq(proto_reader_feed(&re, frame, n), 0);
		rc1 = proto_reader_next(&plain, &a, err1, sizeof(err1));
		rc2 = proto_reader_next_reuse(&re, &ru, &b, err2, sizeof(err2));
		cr_assert_eq(rc2, rc1, "frame %d: rc %d, plain reader %d (%s)", i, rc2, rc1, err1);
		cr_assert_str_eq(err2, err1, "frame %d", i);
		if (rc1 == 1) {
			char *da = dump(a), *db = dump(b);

			cr_assert_str_eq(db, da, "frame %d", i);
			free(da);
			free(db);
			frames++;
		} else {
			bad++;
		}
		/* Hold, now and then, the frame or one of its values for a while;
		 * what is held must read the same until it is let go. */
		if (b && rnd(4) == 0) {
			unsigned h = rnd(16);
			json_t *v = b;

			if (rnd(2)) {
				void *it = json_object_iter(b);

				for (unsigned k = rnd((unsigned)json_object_size(b)); k; k--)
					it = json_object_iter_next(b, it);
				v = json_object_iter_value(it);
			}
			json_decref(held[h]);
			free(held_dump[h]);
			held[h] = json_incref(v);
			held_dump[h] = dump(v);
		}
		for (int h = 0; h < 16; h++) {
			if (held[h]) {
				char *d = dump(held[h]);

				cr_assert_str_eq(d, held_dump[h], "frame %d: a held value changed", i);
				free(d);
			}
		}
		json_decref(a);
		json_decref(b);
	}
	cr_assert(frames > 10000 && bad > 1000, "%u frames, %u bad", frames, bad);
	cr_log_info("%u frames, %u bad, %lu refilled", frames, bad, ru.refilled);
	cr_assert(ru.refilled > 5000, "only %lu frames were refilled", ru.refilled);
	for (int h = 0; h < 16; h++) {
		json_decref(held[h]);
		free(held_dump[h]);
	}
	proto_reuse_release(&ru);
	proto_reader_release(&plain);
	proto_reader_release(&re);
}

Test(proto_reuse, a_bad_header_is_refused_as_by_the_plain_reader)
{
	struct proto_reader r;
	struct proto_reuse ru = { 0 };
	unsigned char frame[4] = { 0x80, 0, 0, 1 };
	char err[256] = "";
	json_t *out = NULL;

	proto_reader_init(&r);
	cr_assert_eq(proto_reader_next_reuse(&r, &ru, &out, err, sizeof(err)), 0);
	proto_reader_feed(&r, frame, 4);
	cr_assert_eq(proto_reader_next_reuse(&r, &ru, &out, err, sizeof(err)), -EPROTO);
	cr_assert(strstr(err, "unknown flags"), "%s", err);
	cr_assert_null(out);
	proto_reuse_release(&ru);
	proto_reader_release(&r);
}
