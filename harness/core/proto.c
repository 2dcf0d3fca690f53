/*
 * proto.c - lockstep protocol framing (see proto.h). Shared by the harness
 * and by the child hosts; has no state beyond the caller's reader.
 */
#include "proto.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

void proto_reader_init(struct proto_reader *r)
{
	r->buf = NULL;
	r->len = r->cap = 0;
}

void proto_reader_release(struct proto_reader *r)
{
	free(r->buf);
	proto_reader_init(r);
}

static int reserve(struct proto_reader *r, size_t extra)
{
	size_t want = r->len + extra, cap = r->cap ? r->cap : 4096;
	char *nb;

	if (want <= r->cap)
		return 0;
	while (cap < want)
		cap *= 2;
	nb = realloc(r->buf, cap);
	if (!nb)
		return -ENOMEM;
	r->buf = nb;
	r->cap = cap;
	return 0;
}

int proto_reader_feed(struct proto_reader *r, const void *data, size_t n)
{
	if (reserve(r, n) < 0)
		return -ENOMEM;
	memcpy(r->buf + r->len, data, n);
	r->len += n;
	return 0;
}

long proto_reader_fill(struct proto_reader *r, int fd, int flags)
{
	ssize_t got;

	if (reserve(r, 65536) < 0)
		return -ENOMEM;
	do
		got = recv(fd, r->buf + r->len, r->cap - r->len, flags);
	while (got < 0 && errno == EINTR);
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
	const unsigned char *p = (const unsigned char *)r->buf;
	json_error_t jerr;
	json_t *msg;
	uint32_t n;

	if (r->len < 4)
		return 0;
	n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	if (n == 0 || n > PROTO_MAX_FRAME) {
		snprintf(err, errlen, "frame length %u out of range (1..%u)", n, PROTO_MAX_FRAME);
		return -EPROTO;
	}
	if (r->len - 4 < n)
		return 0;
	msg = json_loadb(r->buf + 4, n, 0, &jerr);
	/* The frame is consumed whatever it held: a caller that chooses to go on
	 * after a bad frame resynchronises on the next length prefix. */
	memmove(r->buf, r->buf + 4 + n, r->len - 4 - n);
	r->len -= 4 + n;
	if (!msg) {
		snprintf(err, errlen, "frame is not JSON: %s", jerr.text);
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

char *proto_encode(const json_t *msg, size_t *len)
{
	char *body = json_dumps(msg, JSON_COMPACT), *frame;
	size_t n;

	if (!body)
		return NULL;
	n = strlen(body);
	if (n > PROTO_MAX_FRAME || !(frame = malloc(n + 4))) {
		free(body);
		return NULL;
	}
	frame[0] = (char)(n >> 24);
	frame[1] = (char)(n >> 16);
	frame[2] = (char)(n >> 8);
	frame[3] = (char)n;
	memcpy(frame + 4, body, n);
	free(body);
	*len = n + 4;
	return frame;
}

int proto_send(int fd, const json_t *msg)
{
	size_t len, off = 0;
	char *frame = proto_encode(msg, &len);
	int rc = 0;

	if (!frame)
		return -EINVAL;
	while (off < len) {
		ssize_t w = send(fd, frame + off, len - off, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			rc = -errno;
			break;
		}
		off += (size_t)w;
	}
	free(frame);
	return rc;
}

int proto_recv(int fd, struct proto_reader *r, json_t **out, char *err, size_t errlen)
{
	for (;;) {
		int rc = proto_reader_next(r, out, err, errlen);
		long got;

		if (rc != 0)
			return rc;
		got = proto_reader_fill(r, fd, 0);
		if (got == 0) {
			if (!proto_reader_pending(r))
				return 0;
			snprintf(err, errlen, "stream ended inside a frame (%zu bytes pending)", r->len);
			return -EPROTO;
		}
		if (got < 0)
			return (int)got;
	}
}
