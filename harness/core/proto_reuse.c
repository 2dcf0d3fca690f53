/*
 * proto_reuse.c - the harness's frame reader that refills the frames it
 * decoded before (see proto.h). Harness side only: the child hosts decode
 * with proto_reader_next(), whose allocations libfiu's malloc faults count.
 *
 * A child sends frames of a few shapes over and over (an observation's
 * "t", "name" and "value"; the "done" of every event). Decoding one builds
 * an object, hashes each key into it, and frees it all after its event. A
 * reader here keeps the last frame of each type it returned; when the next
 * frame of that type has the same keys in the same order and nobody else
 * holds the kept one, its members are set in place (by iterator: no key is
 * hashed), strings equal to the kept ones are left as they are, and numbers
 * held by nobody else are overwritten. Anything else (another shape, a
 * string that is not ASCII, a value that does not decode, a frame still
 * held) is decoded afresh by proto_decode_body(), with its checks and
 * messages, and kept for next time.
 */
#include "proto.h"

#include <errno.h>
#include <math.h>
#include <string.h>

static int varint(const unsigned char **p, const unsigned char *end, uint64_t *out)
{
	uint64_t v = 0;
	int shift = 0;

	while (*p < end && shift < 64) {
		unsigned char b = *(*p)++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
		shift += 7;
	}
	return -1;
}

/* A length whose bytes are all in the frame. */
static int length(const unsigned char **p, const unsigned char *end, size_t *out)
{
	uint64_t n;

	if (varint(p, end, &n) < 0 || n > (uint64_t)(end - *p))
		return -1;
	*out = (size_t)n;
	return 0;
}

static int ascii(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++ & 0x80)
			return 0;
	return 1;
}

/* The type of the frame body at p..end when its first member is "t" with
 * a string: its bytes and length; -1 otherwise. */
static int body_type(const unsigned char *p, const unsigned char *end, const unsigned char **t,
		     size_t *tlen)
{
	uint64_t count;
	size_t n;

	if (p >= end || *p++ != TAG_OBJECT || varint(&p, end, &count) < 0 || count == 0 ||
	    length(&p, end, &n) < 0 || n != 1 || *p++ != 't' || p >= end || *p++ != TAG_STRING ||
	    length(&p, end, tlen) < 0)
		return -1;
	*t = p;
	return 0;
}

static int same_string(const json_t *v, const unsigned char *s, size_t n)
{
	return json_is_string(v) && json_string_length(v) == n &&
	       !memcmp(json_string_value(v), s, n);
}

/* Sets frame's members in place from the body; 0 when every member was
 * set, -1 when the body is not of frame's shape or a value needs the
 * checked decoder (frame is then left half refilled: the caller drops it). */
static int refill(json_t *frame, const unsigned char *p, const unsigned char *end)
{
	uint64_t count, i;
	void *it;

	if (*p++ != TAG_OBJECT || varint(&p, end, &count) < 0 || count != json_object_size(frame))
		return -1;
	for (i = 0, it = json_object_iter(frame); i < count; i++, it = json_object_iter_next(frame, it)) {
		json_t *old = json_object_iter_value(it), *v;
		const unsigned char *key;
		size_t n;
		uint64_t u;

		if (length(&p, end, &n) < 0 || n != json_object_iter_key_len(it))
			return -1;
		key = p;
		p += n;
		if (memcmp(key, json_object_iter_key(it), n) || p >= end)
			return -1;
		switch (*p) {
		case TAG_STRING:
			p++;
			if (length(&p, end, &n) < 0)
				return -1;
			if (same_string(old, p, n)) {
				p += n;
				continue;
			}
			if (!ascii(p, n))
				return -1;
			v = json_stringn_nocheck((const char *)p, n);
			p += n;
			break;
		case TAG_INT:
			p++;
			if (varint(&p, end, &u) < 0)
				return -1;
			if (json_is_integer(old) && old->refcount == 1) {
				json_integer_set(old, (json_int_t)((int64_t)(u >> 1) ^ -(int64_t)(u & 1)));
				continue;
			}
			v = json_integer((json_int_t)((int64_t)(u >> 1) ^ -(int64_t)(u & 1)));
			break;
		case TAG_REAL: {
			double x;
			int k;

			if (end - ++p < 8)
				return -1;
			for (u = 0, k = 0; k < 8; k++)
				u |= (uint64_t)p[k] << (8 * k);
			p += 8;
			memcpy(&x, &u, 8);
			if (!isfinite(x))
				return -1;
			if (json_is_real(old) && old->refcount == 1) {
				json_real_set(old, x);
				continue;
			}
			v = json_real(x);
			break;
		}
		default:
			v = proto_decode_value(&p, end);
			break;
		}
		if (!v || json_object_iter_set_new(frame, it, v) < 0)
			return -1;
	}
	return p == end ? 0 : -1;
}

int proto_reader_next_reuse(struct proto_reader *r, struct proto_reuse *ru, json_t **out,
			    char *err, size_t errlen)
{
	const unsigned char *body, *t = NULL;
	size_t n, tlen = 0;
	int rc = proto_reader_body(r, &body, &n, err, errlen), k, slot = -1;

	if (rc != 1)
		return rc;
	if (body_type(body, body + n, &t, &tlen) == 0) {
		for (k = 0; k < PROTO_REUSE_SLOTS; k++) {
			json_t *f = ru->slot[k].frame;

			if (!f || ru->slot[k].tlen != tlen || memcmp(ru->slot[k].type, t, tlen))
				continue;
			slot = k;
			if (f->refcount == 1 && refill(f, body, body + n) == 0) {
				*out = json_incref(f);
				ru->refilled++;
				return 1;
			}
			json_decref(f);
			ru->slot[k].frame = NULL;
			break;
		}
	}
	rc = proto_decode_body(body, n, out, err, errlen);
	if (rc != 1 || !t)
		return rc;
	if (slot < 0) {
		for (k = 0; k < PROTO_REUSE_SLOTS && ru->slot[k].frame; k++)
			;
		slot = k < PROTO_REUSE_SLOTS ? k : (int)(ru->next++ % PROTO_REUSE_SLOTS);
	}
	/* Kept under its type as the frame holds it: a frame whose "t" comes
	 * twice has the last one's value in the first one's place. */
	json_decref(ru->slot[slot].frame);
	ru->slot[slot].frame = json_incref(*out);
	ru->slot[slot].type = json_string_value(json_object_iter_value(json_object_iter(*out)));
	ru->slot[slot].tlen = json_string_length(json_object_iter_value(json_object_iter(*out)));
	return 1;
}

void proto_reuse_release(struct proto_reuse *ru)
{
	int k;

	for (k = 0; k < PROTO_REUSE_SLOTS; k++) {
		json_decref(ru->slot[k].frame);
		ru->slot[k].frame = NULL;
	}
	ru->next = 0;
}
