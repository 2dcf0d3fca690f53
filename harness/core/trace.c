/*
 * trace.c - trace writer and trace hash (see trace.h). Harness side only.
 *
 * Lines are formatted here, straight into one reused buffer, byte for byte
 * as jansson's json_dumps(JSON_COMPACT) writes them (the trace format and
 * every trace hash predate this formatter): no per-line object is dumped.
 */
#include "trace.h"
#include "jtext.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct trace {
	FILE *f;
	char *buf;               /* lines not yet hashed and written, the last being formatted */
	size_t len, cap;
	XXH3_state_t *hash;
	uint64_t seq;
	char seq_digits[24];     /* seq in decimal, counted up in place */
	size_t seq_len;
	int64_t last_t;          /* the last line's t, in decimal */
	char t_digits[24];
	size_t t_len;            /* 0: none yet */
	int io_error;
	trace_sink_cb sink;
	void *sink_ud;
	int sink_flags;
};

int trace_open(struct trace **out, const char *path)
{
	struct trace *tr = calloc(1, sizeof(*tr));

	if (!tr)
		return -ENOMEM;
	tr->hash = XXH3_createState();
	if (!tr->hash) {
		free(tr);
		return -ENOMEM;
	}
	XXH3_128bits_reset(tr->hash);
	tr->seq_digits[0] = '0';
	tr->seq_len = 1;
	if (path) {
		tr->f = fopen(path, "we");
		if (!tr->f) {
			int rc = -errno;

			XXH3_freeState(tr->hash);
			free(tr);
			return rc;
		}
		/* Lines are gathered in tr->buf (TRACE_CHUNK at a time): no
		 * second buffer in the FILE. */
		setvbuf(tr->f, NULL, _IONBF, 0);
	}
	*out = tr;
	return 0;
}

void trace_set_sink(struct trace *tr, trace_sink_cb cb, void *ud, int flags)
{
	tr->sink = cb;
	tr->sink_ud = ud;
	tr->sink_flags = flags;
}

/* Lines are hashed and written this many bytes at a time: one hash
 * update and one write for some 800 lines (the hash of a stream does not
 * depend on how it is cut), as the 64 KB FILE buffer wrote them before. */
#define TRACE_CHUNK (1 << 16)

static void write_out(struct trace *tr)
{
	XXH3_128bits_update(tr->hash, tr->buf, tr->len);
	if (tr->f && fwrite(tr->buf, 1, tr->len, tr->f) != tr->len)
		tr->io_error = 1;
	tr->len = 0;
}

static void grow_slow(struct trace *tr, size_t extra)
{
	size_t cap = tr->cap ? tr->cap : 4096;

	while (cap < tr->len + extra)
		cap *= 2;
	tr->buf = realloc(tr->buf, cap);
	if (!tr->buf)
		abort();
	tr->cap = cap;
}

static inline void grow(struct trace *tr, size_t extra)
{
	if (tr->len + extra > tr->cap)
		grow_slow(tr, extra);
}

static inline void put(struct trace *tr, const char *p, size_t n)
{
	grow(tr, n);
	memcpy(tr->buf + tr->len, p, n);
	tr->len += n;
}

/* The bytes jansson escapes: '"', '\\' and the control characters. */
static const unsigned char escaped[256] = {
	[0 ... 0x1f] = 1, ['"'] = 1, ['\\'] = 1,
};

/* A string with something to escape, the long way. */
static __attribute__((noinline)) void put_escaped(struct trace *tr, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i, run = 0;

	tr->buf[tr->len++] = '"';
	/* jansson escapes '"', '\\' and the control characters, nothing else
	 * (no JSON_ESCAPE_SLASH, no JSON_ENSURE_ASCII). */
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6];
		size_t k = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		put(tr, s + run, i - run);
		run = i + 1;
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			k = 6;
		}
		put(tr, esc, k);
	}
	put(tr, s + run, n - run);
	put(tr, "\"", 1);
}

static inline void put_string(struct trace *tr, const char *s, size_t n)
{
	char *d;
	size_t i;

	grow(tr, n + 2);
	/* Most strings need no escape: copied as they are scanned. */
	d = tr->buf + tr->len + 1;
	for (i = 0; i < n && !escaped[(unsigned char)s[i]]; i++)
		d[i] = s[i];
	if (i == n) {
		d[-1] = '"';
		d[n] = '"';
		tr->len += n + 2;
		return;
	}
	put_escaped(tr, s, n);
}

static void put_int(struct trace *tr, json_int_t i)
{
	char b[JTEXT_INT_MAX];
	size_t n = jtext_int_digits(b, i);

	put(tr, b + JTEXT_INT_MAX - n, n);
}

/* seq_digits one up: most steps change the last digit only. */
static void seq_digits_next(struct trace *tr)
{
	size_t k = tr->seq_len;

	while (k > 0 && tr->seq_digits[k - 1] == '9')
		tr->seq_digits[--k] = '0';
	if (k > 0) {
		tr->seq_digits[k - 1]++;
	} else {
		memmove(tr->seq_digits + 1, tr->seq_digits, tr->seq_len++);
		tr->seq_digits[0] = '1';
	}
}

/* A real as jansson writes one (jtext_real). */
static void put_real(struct trace *tr, double d)
{
	char b[JTEXT_REAL_MAX];

	put(tr, b, jtext_real(b, d));
}

static void put_value(struct trace *tr, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		put(tr, "null", 4);
		return;
	case JSON_TRUE:
		put(tr, "true", 4);
		return;
	case JSON_FALSE:
		put(tr, "false", 5);
		return;
	case JSON_INTEGER:
		put_int(tr, json_integer_value(v));
		return;
	case JSON_REAL:
		put_real(tr, json_real_value(v));
		return;
	case JSON_STRING:
		put_string(tr, json_string_value(v), json_string_length(v));
		return;
	case JSON_ARRAY: {
		size_t i, n = json_array_size(v);

		put(tr, "[", 1);
		for (i = 0; i < n; i++) {
			if (i)
				put(tr, ",", 1);
			put_value(tr, json_array_get(v, i));
		}
		put(tr, "]", 1);
		return;
	}
	case JSON_OBJECT: {
		void *it;
		int first = 1;

		put(tr, "{", 1);
		/* In the object's order, as json_object_keylen_foreach goes,
		 * with fewer calls per member. */
		for (it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
			if (!first)
				put(tr, ",", 1);
			first = 0;
			put_string(tr, json_object_iter_key(it), json_object_iter_key_len(it));
			put(tr, ":", 1);
			put_value(tr, json_object_iter_value(it));
		}
		put(tr, "}", 1);
		return;
	}
	}
}

/* The line's own members, which a field of the same name replaces. */
static int line_key(const char *key, size_t klen)
{
	switch (klen) {
	case 1:
		return key[0] == 't';
	case 2:
		return key[0] == 'e' && key[1] == 'v';
	case 3:
		return !memcmp(key, "seq", 3);
	}
	return 0;
}

/* The line as one object, keys in the line's order: for a sink that wants
 * the order, and for fields that carry a line member themselves. */
static json_t *line_object(struct trace *tr, int64_t t, const char *ev, json_t *fields)
{
	json_t *line = json_object();
	const char *key;
	size_t klen;
	json_t *val;

	/* Fixed key order (seq, t, ev, then the event's own fields in the order
	 * the caller built them). A field named seq, t or ev replaces the
	 * line's own in its place, as setting it on one object would. */
	json_object_set_new(line, "seq", json_integer((json_int_t)tr->seq));
	json_object_set_new(line, "t", json_integer((json_int_t)t));
	json_object_set_new(line, "ev", json_string(ev));
	json_object_keylen_foreach(fields, key, klen, val)
		json_object_setn_new_nocheck(line, key, klen, json_incref(val));
	json_decref(fields);
	return line;
}

uint64_t trace_emit(struct trace *tr, int64_t t, const char *ev, json_t *fields)
{
	struct trace_event e = { .seq = tr->seq, .t = t, .ev = ev, .fields = fields };
	json_t *line = NULL;
	void *it;
	int own = 0;

	for (it = json_object_iter(fields); it; it = json_object_iter_next(fields, it))
		own |= line_key(json_object_iter_key(it), json_object_iter_key_len(it));
	if (own || (tr->sink && (tr->sink_flags & TRACE_SINK_ORDERED))) {
		line = line_object(tr, t, ev, fields);
		fields = NULL;
		put_value(tr, line);
		e.fields = line;
		if (tr->sink_flags & TRACE_SINK_ORDERED)
			e.line = line;
		if (own) {
			e.seq = (uint64_t)json_integer_value(json_object_get(line, "seq"));
			e.t = json_integer_value(json_object_get(line, "t"));
			e.ev = json_string_value(json_object_get(line, "ev")) ?: "";
		}
	} else {
		/* The common case builds no object: the line is written from
		 * the parts, and a sink gets the parts. */
		put(tr, "{\"seq\":", 7);
		put(tr, tr->seq_digits, tr->seq_len);
		put(tr, ",\"t\":", 5);
		/* Many lines in a row share their time. */
		if (!tr->t_len || t != tr->last_t) {
			char b[JTEXT_INT_MAX];

			tr->t_len = jtext_int_digits(b, (json_int_t)t);
			memcpy(tr->t_digits, b + JTEXT_INT_MAX - tr->t_len, tr->t_len);
			tr->last_t = t;
		}
		put(tr, tr->t_digits, tr->t_len);
		put(tr, ",\"ev\":", 6);
		put_string(tr, ev, strlen(ev));
		for (it = json_object_iter(fields); it; it = json_object_iter_next(fields, it)) {
			put(tr, ",", 1);
			put_string(tr, json_object_iter_key(it), json_object_iter_key_len(it));
			put(tr, ":", 1);
			put_value(tr, json_object_iter_value(it));
		}
		put(tr, "}", 1);
	}
	put(tr, "\n", 1);
	if (tr->len >= TRACE_CHUNK)
		write_out(tr);
	if (tr->sink)
		tr->sink(&e, tr->sink_ud);
	json_decref(line);
	json_decref(fields);
	seq_digits_next(tr);
	return tr->seq++;
}

uint64_t trace_count(const struct trace *tr)
{
	return tr->seq;
}

static void hex128(XXH128_hash_t h, char out[TRACE_HASH_LEN + 1])
{
	snprintf(out, TRACE_HASH_LEN + 1, "%016llx%016llx", (unsigned long long)h.high64,
		 (unsigned long long)h.low64);
}

void trace_hash(const struct trace *tr, char out[TRACE_HASH_LEN + 1])
{
	XXH3_state_t *st = XXH3_createState();

	/* The lines hashed so far and those still gathered. */
	if (!st)
		abort();
	XXH3_copyState(st, tr->hash);
	XXH3_128bits_update(st, tr->buf, tr->len);
	hex128(XXH3_128bits_digest(st), out);
	XXH3_freeState(st);
}

int trace_close(struct trace *tr)
{
	int rc = 0;

	if (!tr)
		return 0;
	write_out(tr);
	if (tr->f && fclose(tr->f) != 0)
		tr->io_error = 1;
	if (tr->io_error)
		rc = -EIO;
	XXH3_freeState(tr->hash);
	free(tr->buf);
	free(tr);
	return rc;
}

int trace_hash_file(const char *path, char out[TRACE_HASH_LEN + 1])
{
	XXH3_state_t *st = XXH3_createState();
	char buf[1 << 16];
	FILE *f;
	size_t n;
	int rc = 0;

	if (!st)
		return -ENOMEM;
	f = fopen(path, "re");
	if (!f) {
		rc = -errno;
		XXH3_freeState(st);
		return rc;
	}
	XXH3_128bits_reset(st);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		XXH3_128bits_update(st, buf, n);
	if (ferror(f))
		rc = -EIO;
	fclose(f);
	if (rc == 0)
		hex128(XXH3_128bits_digest(st), out);
	XXH3_freeState(st);
	return rc;
}
