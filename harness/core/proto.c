/*
 * proto.c - lockstep protocol framing (see proto.h): the binary value
 * encoding, the reader that cuts a stream into frames and the writer that
 * queues an event's frames for one write. Shared by the harness and by the
 * child hosts; has no state beyond the caller's reader and writer.
 */
#include "proto.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
	TAG_NULL = 'n', TAG_FALSE = 'f', TAG_TRUE = 'T', TAG_INT = 'i', TAG_REAL = 'd',
	TAG_STRING = 's', TAG_ARRAY = 'a', TAG_OBJECT = 'o',
};

/* ---- encoding ---- */

static int reserve(char **buf, size_t *cap, size_t len, size_t extra)
{
	size_t want = len + extra, c = *cap ? *cap : 4096;
	char *nb;

	if (want <= *cap)
		return 0;
	while (c < want)
		c *= 2;
	nb = realloc(*buf, c);
	if (!nb)
		return -ENOMEM;
	*buf = nb;
	*cap = c;
	return 0;
}

static int put(struct proto_writer *w, const void *p, size_t n)
{
	if (reserve(&w->buf, &w->cap, w->len, n) < 0)
		return -ENOMEM;
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

static int put_varint(struct proto_writer *w, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;

	do {
		b[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			b[n] |= 0x80;
		n++;
	} while (v);
	return put(w, b, n);
}

static int put_bytes(struct proto_writer *w, char tag, const char *s, size_t n)
{
	if ((tag && put(w, &tag, 1) < 0) || put_varint(w, n) < 0)
		return -ENOMEM;
	return put(w, s, n);
}

static int put_value(struct proto_writer *w, const json_t *v, int depth)
{
	unsigned char tag;

	if (depth > PROTO_MAX_DEPTH)
		return -EINVAL;
	switch (json_typeof(v)) {
	case JSON_NULL:
		tag = TAG_NULL;
		return put(w, &tag, 1);
	case JSON_FALSE:
		tag = TAG_FALSE;
		return put(w, &tag, 1);
	case JSON_TRUE:
		tag = TAG_TRUE;
		return put(w, &tag, 1);
	case JSON_INTEGER: {
		int64_t i = (int64_t)json_integer_value(v);

		tag = TAG_INT;
		if (put(w, &tag, 1) < 0)
			return -ENOMEM;
		return put_varint(w, ((uint64_t)i << 1) ^ (uint64_t)(i >> 63));
	}
	case JSON_REAL: {
		double d = json_real_value(v);
		unsigned char b[9];
		uint64_t u;
		int k;

		memcpy(&u, &d, 8);
		b[0] = TAG_REAL;
		for (k = 0; k < 8; k++)
			b[1 + k] = (unsigned char)(u >> (8 * k));
		return put(w, b, 9);
	}
	case JSON_STRING:
		return put_bytes(w, TAG_STRING, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t i, n = json_array_size(v);
		int rc;

		tag = TAG_ARRAY;
		if (put(w, &tag, 1) < 0 || put_varint(w, n) < 0)
			return -ENOMEM;
		for (i = 0; i < n; i++)
			if ((rc = put_value(w, json_array_get(v, i), depth + 1)) < 0)
				return rc;
		return 0;
	}
	case JSON_OBJECT: {
		const char *key;
		size_t klen;
		json_t *m;
		int rc;

		tag = TAG_OBJECT;
		if (put(w, &tag, 1) < 0 || put_varint(w, json_object_size(v)) < 0)
			return -ENOMEM;
		json_object_keylen_foreach((json_t *)v, key, klen, m) {
			if (put_bytes(w, 0, key, klen) < 0)
				return -ENOMEM;
			if ((rc = put_value(w, m, depth + 1)) < 0)
				return rc;
		}
		return 0;
	}
	}
	return -EINVAL;
}

void proto_writer_init(struct proto_writer *w)
{
	w->buf = NULL;
	w->len = w->cap = 0;
}

void proto_writer_release(struct proto_writer *w)
{
	free(w->buf);
	proto_writer_init(w);
}

int proto_append(struct proto_writer *w, const json_t *msg, unsigned flags)
{
	size_t start = w->len, n;
	int rc;

	if (!json_is_object(msg))
		return -EINVAL;
	if (reserve(&w->buf, &w->cap, w->len, 4) < 0)
		return -ENOMEM;
	w->len += 4;
	rc = put_value(w, msg, 0);
	n = w->len - start - 4;
	if (rc == 0 && n > PROTO_MAX_FRAME)
		rc = -E2BIG;
	if (rc < 0) {
		w->len = start;
		return rc;
	}
	w->buf[start] = (char)flags;
	w->buf[start + 1] = (char)(n >> 16);
	w->buf[start + 2] = (char)(n >> 8);
	w->buf[start + 3] = (char)n;
	return 0;
}

int proto_flush(int fd, struct proto_writer *w)
{
	int rc = proto_send_all(fd, w->buf, w->len);

	w->len = 0;
	return rc;
}

int proto_send_all(int fd, const char *buf, size_t len)
{
	size_t off = 0;

	/* The raw system call: libfiu's POSIX preload wraps write(), and its
	 * points must never hit the control channel. */
	while (off < len) {
		long n = syscall(SYS_write, fd, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		off += (size_t)n;
	}
	return 0;
}

char *proto_encode(const json_t *msg, size_t *len)
{
	struct proto_writer w;

	proto_writer_init(&w);
	if (proto_append(&w, msg, 0) < 0) {
		proto_writer_release(&w);
		return NULL;
	}
	*len = w.len;
	return w.buf;
}

int proto_send(int fd, const json_t *msg)
{
	struct proto_writer w;
	int rc;

	proto_writer_init(&w);
	rc = proto_append(&w, msg, 0);
	if (rc == 0)
		rc = proto_flush(fd, &w);
	proto_writer_release(&w);
	return rc;
}

/* ---- decoding ---- */

struct dec {
	const unsigned char *p, *end;
	const char *why;
};

static int get_varint(struct dec *d, uint64_t *out)
{
	uint64_t v = 0;
	int shift = 0;

	while (d->p < d->end && shift < 64) {
		unsigned char b = *d->p++;

		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 0;
		}
		shift += 7;
	}
	d->why = "a number runs past the end of the frame";
	return -1;
}

static int get_len(struct dec *d, size_t *out)
{
	uint64_t n;

	if (get_varint(d, &n) < 0)
		return -1;
	if (n > (uint64_t)(d->end - d->p)) {
		d->why = "a length runs past the end of the frame";
		return -1;
	}
	*out = (size_t)n;
	return 0;
}

static json_t *get_value(struct dec *d, int depth)
{
	uint64_t u;
	size_t n, i;
	json_t *v;

	if (depth > PROTO_MAX_DEPTH) {
		d->why = "values nested too deep";
		return NULL;
	}
	if (d->p >= d->end) {
		d->why = "a value is missing at the end of the frame";
		return NULL;
	}
	switch (*d->p++) {
	case TAG_NULL:
		return json_null();
	case TAG_FALSE:
		return json_false();
	case TAG_TRUE:
		return json_true();
	case TAG_INT:
		if (get_varint(d, &u) < 0)
			return NULL;
		return json_integer((json_int_t)((int64_t)(u >> 1) ^ -(int64_t)(u & 1)));
	case TAG_REAL: {
		double x;
		int k;

		if (d->end - d->p < 8) {
			d->why = "a real runs past the end of the frame";
			return NULL;
		}
		for (u = 0, k = 0; k < 8; k++)
			u |= (uint64_t)d->p[k] << (8 * k);
		d->p += 8;
		memcpy(&x, &u, 8);
		if (!(v = json_real(x)))
			d->why = "a real that is not finite";
		return v;
	}
	case TAG_STRING:
		if (get_len(d, &n) < 0)
			return NULL;
		v = json_stringn((const char *)d->p, n);
		d->p += n;
		if (!v)
			d->why = "a string that is not UTF-8";
		return v;
	case TAG_ARRAY:
		if (get_varint(d, &u) < 0)
			return NULL;
		/* Every value takes at least a byte: a count past what is left
		 * is garbage, caught before anything is built. */
		if (u > (uint64_t)(d->end - d->p)) {
			d->why = "an array count runs past the end of the frame";
			return NULL;
		}
		v = json_array();
		for (i = 0; v && i < u; i++) {
			json_t *m = get_value(d, depth + 1);

			if (!m || json_array_append_new(v, m) < 0) {
				json_decref(v);
				return NULL;
			}
		}
		return v;
	case TAG_OBJECT:
		if (get_varint(d, &u) < 0)
			return NULL;
		if (u > (uint64_t)(d->end - d->p) / 2) {
			d->why = "an object count runs past the end of the frame";
			return NULL;
		}
		v = json_object();
		for (i = 0; v && i < u; i++) {
			const char *key;
			json_t *m;

			if (get_len(d, &n) < 0) {
				json_decref(v);
				return NULL;
			}
			key = (const char *)d->p;
			d->p += n;
			if (!(m = get_value(d, depth + 1))) {
				json_decref(v);
				return NULL;
			}
			if (json_object_setn_new(v, key, n, m) < 0) {
				d->why = "a key that is not UTF-8";
				json_decref(v);
				return NULL;
			}
		}
		return v;
	}
	d->why = "an unknown value tag";
	return NULL;
}

void proto_reader_init(struct proto_reader *r)
{
	r->buf = NULL;
	r->len = r->cap = r->off = 0;
	r->flags = 0;
}

void proto_reader_release(struct proto_reader *r)
{
	free(r->buf);
	proto_reader_init(r);
}

/* Room for extra more bytes after the pending ones, moving them to the
 * front first. */
static int reader_room(struct proto_reader *r, size_t extra)
{
	if (r->off) {
		memmove(r->buf, r->buf + r->off, r->len);
		r->off = 0;
	}
	return reserve(&r->buf, &r->cap, r->len, extra);
}

int proto_reader_feed(struct proto_reader *r, const void *data, size_t n)
{
	if (reader_room(r, n) < 0)
		return -ENOMEM;
	memcpy(r->buf + r->len, data, n);
	r->len += n;
	return 0;
}

long proto_reader_fill(struct proto_reader *r, int fd)
{
	long got;

	if (r->len == 0)
		r->off = 0;
	if (r->cap - r->off - r->len < 16384 && reader_room(r, 65536) < 0)
		return -ENOMEM;
	/* EINTR goes back to the caller: the harness looks at its stop
	 * signals before it waits again. The raw system call, as for writes:
	 * libfiu's POSIX preload wraps read(). */
	got = syscall(SYS_read, fd, r->buf + r->off + r->len, r->cap - r->off - r->len);
	if (got < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	r->len += (size_t)got;
	return got;
}

int proto_reader_pending(const struct proto_reader *r)
{
	return r->len > 0;
}

int proto_reader_next(struct proto_reader *r, json_t **out, char *err, size_t errlen)
{
	const unsigned char *p = (const unsigned char *)r->buf + r->off;
	struct dec d;
	json_t *msg;
	uint32_t n;

	if (r->len < 4)
		return 0;
	n = (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	if (p[0] & ~PROTO_FLAGS_KNOWN) {
		snprintf(err, errlen, "frame header with unknown flags 0x%02x (not a frame of this "
			 "protocol)", p[0]);
		return -EPROTO;
	}
	if (n == 0 || n > PROTO_MAX_FRAME) {
		snprintf(err, errlen, "frame length %u out of range (1..%u)", n, PROTO_MAX_FRAME);
		return -EPROTO;
	}
	if (r->len - 4 < n)
		return 0;
	r->flags = p[0];
	d.p = p + 4;
	d.end = p + 4 + n;
	d.why = NULL;
	msg = get_value(&d, 0);
	/* The frame is consumed whatever it held: a caller that chooses to go on
	 * after a bad frame resynchronises on the next header. */
	r->off += 4 + n;
	r->len -= 4 + n;
	if (!msg) {
		snprintf(err, errlen, "frame body is not a value: %s", d.why ? d.why : "out of memory");
		return -EPROTO;
	}
	if (d.p != d.end) {
		json_decref(msg);
		snprintf(err, errlen, "frame body is not a value: %zu bytes after it",
			 (size_t)(d.end - d.p));
		return -EPROTO;
	}
	if (!json_is_object(msg) || !json_is_string(json_object_get(msg, "t"))) {
		json_decref(msg);
		snprintf(err, errlen, "frame is not an object with a string \"t\"");
		return -EPROTO;
	}
	*out = msg;
	return 1;
}

int proto_recv(int fd, struct proto_reader *r, json_t **out, char *err, size_t errlen)
{
	for (;;) {
		int rc = proto_reader_next(r, out, err, errlen);
		long got;

		if (rc != 0)
			return rc;
		got = proto_reader_fill(r, fd);
		if (got == 0) {
			if (!proto_reader_pending(r))
				return 0;
			snprintf(err, errlen, "stream ended inside a frame (%zu bytes pending)", r->len);
			return -EPROTO;
		}
		if (got == -EINTR)
			continue;
		if (got < 0)
			return (int)got;
	}
}
