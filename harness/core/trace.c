/*
 * trace.c - trace writer and trace hash (see trace.h). Harness side only.
 */
#include "trace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

struct trace {
	FILE *f;
	XXH3_state_t *hash;
	uint64_t seq;
	int io_error;
	trace_sink_cb sink;
	void *sink_ud;
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
	if (path) {
		tr->f = fopen(path, "we");
		if (!tr->f) {
			int rc = -errno;

			XXH3_freeState(tr->hash);
			free(tr);
			return rc;
		}
		setvbuf(tr->f, NULL, _IOFBF, 1 << 16);
	}
	*out = tr;
	return 0;
}

void trace_set_sink(struct trace *tr, trace_sink_cb cb, void *ud)
{
	tr->sink = cb;
	tr->sink_ud = ud;
}

uint64_t trace_emit(struct trace *tr, int64_t t, const char *ev, json_t *fields)
{
	json_t *line = json_object();
	const char *key;
	json_t *val;
	char *text;
	size_t len;

	/* Fixed key order (seq, t, ev, then the event's own fields in the order
	 * the caller built them): jansson keeps insertion order, so the same
	 * run always serializes to the same bytes. */
	json_object_set_new(line, "seq", json_integer((json_int_t)tr->seq));
	json_object_set_new(line, "t", json_integer((json_int_t)t));
	json_object_set_new(line, "ev", json_string(ev));
	json_object_foreach(fields, key, val)
		json_object_set(line, key, val);
	json_decref(fields);
	text = json_dumps(line, JSON_COMPACT);
	if (!text)
		abort();
	len = strlen(text);
	text[len] = '\n';
	XXH3_128bits_update(tr->hash, text, len + 1);
	if (tr->f && fwrite(text, 1, len + 1, tr->f) != len + 1)
		tr->io_error = 1;
	free(text);
	if (tr->sink)
		tr->sink(line, tr->sink_ud);
	json_decref(line);
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
	hex128(XXH3_128bits_digest(tr->hash), out);
}

int trace_close(struct trace *tr)
{
	int rc = 0;

	if (!tr)
		return 0;
	if (tr->f && fclose(tr->f) != 0)
		tr->io_error = 1;
	if (tr->io_error)
		rc = -EIO;
	XXH3_freeState(tr->hash);
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
