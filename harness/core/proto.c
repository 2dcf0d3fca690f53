/*
 * proto.c - lockstep protocol framing (see proto.h): the binary value
 * encoding, the reader that cuts a stream into frames and the writer that
 * queues an event's frames for one write. Shared by the harness and by the
 * child hosts; has no state beyond the caller's reader and writer.
 */
#include "proto.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

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

/* Room for n more bytes at the writer's end: 0 or -ENOMEM. */
static inline int room(struct proto_writer *w, size_t n)
{
	if (w->cap - w->len >= n)
		return 0;
	return reserve(&w->buf, &w->cap, w->len, n);
}

/* Writes v as a varint (at most 10 bytes) where room was made. */
static inline void varint_at(struct proto_writer *w, uint64_t v)
{
	unsigned char *b = (unsigned char *)w->buf + w->len;

	while (v >= 0x80) {
		*b++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*b++ = (unsigned char)v;
	w->len = (size_t)((char *)b - w->buf);
}

/* A tag (0: none), the byte length and the bytes: a string or a key. */
static inline int put_bytes(struct proto_writer *w, char tag, const char *s, size_t n)
{
	char *d;
	size_t i;

	if (room(w, 11 + n) < 0)
		return -ENOMEM;
	if (tag)
		w->buf[w->len++] = tag;
	varint_at(w, n);
	d = w->buf + w->len;
	/* Keys and most strings are short: a loop beats a call. */
	if (n <= 16)
		for (i = 0; i < n; i++)
			d[i] = s[i];
	else
		memcpy(d, s, n);
	w->len += n;
	return 0;
}

/* Each value's bytes are written straight into room made for them. */
static int put_value(struct proto_writer *w, const json_t *v, int depth)
{
	if (depth > PROTO_MAX_DEPTH)
		return -EINVAL;
	if (room(w, 11) < 0)
		return -ENOMEM;
	switch (json_typeof(v)) {
	case JSON_NULL:
		w->buf[w->len++] = TAG_NULL;
		return 0;
	case JSON_FALSE:
		w->buf[w->len++] = TAG_FALSE;
		return 0;
	case JSON_TRUE:
		w->buf[w->len++] = TAG_TRUE;
		return 0;
	case JSON_INTEGER: {
		int64_t i = (int64_t)json_integer_value(v);

		w->buf[w->len++] = TAG_INT;
		varint_at(w, ((uint64_t)i << 1) ^ (uint64_t)(i >> 63));
		return 0;
	}
	case JSON_REAL: {
		double d = json_real_value(v);
		unsigned char *b = (unsigned char *)w->buf + w->len;
		uint64_t u;
		int k;

		memcpy(&u, &d, 8);
		b[0] = TAG_REAL;
		for (k = 0; k < 8; k++)
			b[1 + k] = (unsigned char)(u >> (8 * k));
		w->len += 9;
		return 0;
	}
	case JSON_STRING:
		return put_bytes(w, TAG_STRING, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t i, n = json_array_size(v);
		int rc;

		w->buf[w->len++] = TAG_ARRAY;
		varint_at(w, n);
		for (i = 0; i < n; i++)
			if ((rc = put_value(w, json_array_get(v, i), depth + 1)) < 0)
				return rc;
		return 0;
	}
	case JSON_OBJECT: {
		void *it;
		int rc;

		w->buf[w->len++] = TAG_OBJECT;
		varint_at(w, json_object_size(v));
		/* In the object's order, as json_object_keylen_foreach goes,
		 * with fewer calls per member. */
		for (it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
			if (put_bytes(w, 0, json_object_iter_key(it), json_object_iter_key_len(it)) < 0)
				return -ENOMEM;
			if ((rc = put_value(w, json_object_iter_value(it), depth + 1)) < 0)
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
	w->refused = 0;
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
	if (rc == 0 && n > PROTO_MAX_FRAME) {
		w->refused = n;
		rc = -E2BIG;
	}
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

json_t *proto_frame(const char *type, ...)
{
	json_t *f = json_object(), *v;
	const char *key;
	int ok;
	va_list ap;

	ok = f && json_object_set_new_nocheck(f, "t", json_string_nocheck(type)) == 0;
	va_start(ap, type);
	while ((key = va_arg(ap, const char *))) {
		v = va_arg(ap, json_t *);
		/* The keys are the hosts' literals: no UTF-8 check. set_new
		 * takes v even when it fails. */
		if (!v || !ok)
			json_decref(v);
		else if (json_object_set_new_nocheck(f, key, v) < 0)
			ok = 0;
		ok = ok && v;
	}
	va_end(ap);
	if (!ok) {
		json_decref(f);
		return NULL;
	}
	return f;
}

void proto_build_begin(struct proto_build *b, struct proto_writer *w, const char *type,
		       size_t members)
{
	b->w = w;
	b->start = w->len;
	b->left = members;
	b->rc = room(w, 4 + 1 + 10) < 0 ? -ENOMEM : 0;
	if (b->rc)
		return;
	w->len += 4;
	w->buf[w->len++] = TAG_OBJECT;
	varint_at(w, members + 1);
	if (put_bytes(w, 0, "t", 1) < 0 || put_bytes(w, TAG_STRING, type, strlen(type)) < 0)
		b->rc = -ENOMEM;
}

/* The member's key, when the frame is still good and has room for one. */
static int build_key(struct proto_build *b, const char *key)
{
	if (b->rc)
		return -1;
	if (!b->left) {
		b->rc = -EINVAL;
		return -1;
	}
	b->left--;
	if (put_bytes(b->w, 0, key, strlen(key)) < 0) {
		b->rc = -ENOMEM;
		return -1;
	}
	return 0;
}

void proto_build_string(struct proto_build *b, const char *key, const char *s, size_t n)
{
	if (build_key(b, key) == 0 && put_bytes(b->w, TAG_STRING, s, n) < 0)
		b->rc = -ENOMEM;
}

void proto_build_int(struct proto_build *b, const char *key, int64_t v)
{
	if (build_key(b, key) < 0)
		return;
	if (room(b->w, 11) < 0) {
		b->rc = -ENOMEM;
		return;
	}
	b->w->buf[b->w->len++] = TAG_INT;
	varint_at(b->w, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

void proto_build_real(struct proto_build *b, const char *key, double v)
{
	unsigned char *p;
	uint64_t u;
	int k;

	if (build_key(b, key) < 0)
		return;
	if (room(b->w, 9) < 0) {
		b->rc = -ENOMEM;
		return;
	}
	p = (unsigned char *)b->w->buf + b->w->len;
	memcpy(&u, &v, 8);
	p[0] = TAG_REAL;
	for (k = 0; k < 8; k++)
		p[1 + k] = (unsigned char)(u >> (8 * k));
	b->w->len += 9;
}

void proto_build_value(struct proto_build *b, const char *key, const json_t *v)
{
	int rc;

	if (build_key(b, key) < 0)
		return;
	if (!v) {
		if (room(b->w, 1) < 0)
			b->rc = -ENOMEM;
		else
			b->w->buf[b->w->len++] = TAG_NULL;
		return;
	}
	if ((rc = put_value(b->w, v, 1)) < 0)
		b->rc = rc;
}

int proto_build_end(struct proto_build *b, unsigned flags)
{
	struct proto_writer *w = b->w;
	size_t n = w->len - b->start - 4;

	if (b->rc == 0 && b->left)
		b->rc = -EINVAL;
	if (b->rc == 0 && n > PROTO_MAX_FRAME) {
		w->refused = n;
		b->rc = -E2BIG;
	}
	if (b->rc) {
		w->len = b->start;
		return b->rc;
	}
	w->buf[b->start] = (char)flags;
	w->buf[b->start + 1] = (char)(n >> 16);
	w->buf[b->start + 2] = (char)(n >> 8);
	w->buf[b->start + 3] = (char)n;
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

/* Whether n bytes at p are all ASCII (which is valid UTF-8, NUL
 * included): such strings and keys skip jansson's UTF-8 check, which
 * would find them valid; others go through it. */
static int ascii(const unsigned char *p, size_t n)
{
	uint64_t w, any = 0;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		any |= w;
	}
	while (n--)
		any |= *p++;
	return !(any & 0x8080808080808080ull);
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
		v = ascii(d->p, n) ? json_stringn_nocheck((const char *)d->p, n) :
				     json_stringn((const char *)d->p, n);
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
			if ((ascii((const unsigned char *)key, n) ?
			     json_object_setn_new_nocheck(v, key, n, m) :
			     json_object_setn_new(v, key, n, m)) < 0) {
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

const char *proto_type(const json_t *frame)
{
	void *it = json_object_iter((json_t *)frame);

	/* An object has one member of a name: the first, if named "t", is it. */
	if (it && json_object_iter_key_len(it) == 1 && json_object_iter_key(it)[0] == 't')
		return json_string_value(json_object_iter_value(it));
	return json_string_value(json_object_get(frame, "t"));
}

int proto_reader_body(struct proto_reader *r, const unsigned char **body, size_t *len, char *err,
		      size_t errlen)
{
	const unsigned char *p = (const unsigned char *)r->buf + r->off;
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
	*body = p + 4;
	*len = n;
	/* The frame is consumed whatever it held: a caller that chooses to go on
	 * after a bad frame resynchronises on the next header. */
	r->off += 4 + n;
	r->len -= 4 + n;
	return 1;
}

json_t *proto_decode_value(const unsigned char **p, const unsigned char *end)
{
	struct dec d = { .p = *p, .end = end, .why = NULL };
	json_t *v = get_value(&d, 1);

	*p = d.p;
	return v;
}

int proto_decode_body(const unsigned char *body, size_t n, json_t **out, char *err, size_t errlen)
{
	struct dec d = { .p = body, .end = body + n, .why = NULL };
	json_t *msg = get_value(&d, 0);

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
	if (!json_is_object(msg) || !proto_type(msg)) {
		json_decref(msg);
		snprintf(err, errlen, "frame is not an object with a string \"t\"");
		return -EPROTO;
	}
	*out = msg;
	return 1;
}

int proto_reader_next(struct proto_reader *r, json_t **out, char *err, size_t errlen)
{
	const unsigned char *body;
	size_t n;
	int rc = proto_reader_body(r, &body, &n, err, errlen);

	return rc == 1 ? proto_decode_body(body, n, out, err, errlen) : rc;
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
