/*
 * test_trace.c - unit tests for the trace writer and its hash
 * (harness/core/trace.c), harness side.
 *
 * The trace hash is how `impchaos replay` proves that a run reproduces, so
 * these tests pin down that equal events give equal bytes and hashes, that
 * any change shows in the hash, that the hash of a saved file agrees with the
 * writer's, the exact line layout, the sink, and the I/O errors a caller has
 * to hear about.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/trace.h"

TestSuite(trace, .timeout = 10);

/* A fresh directory for the trace files of one test: tests that need it
 * name make_dir as .init and rm_dir as .fini, which Criterion runs even
 * after a failed assertion. */
static char dir[64];

static void make_dir(void)
{
	strcpy(dir, "/tmp/impchaos-trace-XXXXXX");
	cr_assert_not_null(mkdtemp(dir), "mkdtemp: %s", strerror(errno));
}

static int rm_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return type == FTW_DP ? rmdir(path) : unlink(path);
}

static void rm_dir(void)
{
	cr_assert_eq(nftw(dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS), 0, "removing %s: %s", dir,
		     strerror(errno));
}

#define WITH_DIR .init = make_dir, .fini = rm_dir

static char *path_in_dir(const char *name)
{
	char *p;

	cr_assert_geq(asprintf(&p, "%s/%s", dir, name), 0);
	return p;
}

/* Whole file into a malloc'd, NUL-terminated buffer; length in *len. */
static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0, got;

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	do {
		if (cap - n < 4096) {
			cap = cap ? 2 * cap : 8192;
			buf = realloc(buf, cap + 1);
			cr_assert_not_null(buf);
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	cr_assert_not(ferror(f));
	fclose(f);
	buf[n] = '\0';
	*len = n;
	return buf;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert_not_null(f);
	cr_assert_eq(fputs(text, f) >= 0, 1);
	cr_assert_eq(fclose(f), 0);
}

/* What may differ between two otherwise identical sample runs. */
enum variant {
	SAME,
	OTHER_VALUE,   /* one field's value */
	OTHER_TIME,    /* one event's t */
	OTHER_KIND,    /* one event's ev */
	OTHER_KEY,     /* one field's name */
	OTHER_ORDER,   /* the same fields, inserted in another order */
	EXTRA_EVENT,   /* one more event at the end */
	NVARIANTS
};

/* Emits a small run shaped like the harness's: start, observations, a save,
 * a process exit. */
static void emit_sample(struct trace *tr, enum variant v)
{
	json_t *f;

	trace_emit(tr, 0, "run.start",
		   json_pack("{s:s, s:I}", "target", "power_meter", "seed", (json_int_t)7));
	trace_emit(tr, 1500, "observe",
		   json_pack("{s:s, s:i, s:s, s:f}", "proc", "agent", "inc", 1, "name", "total_wh",
			     "value", v == OTHER_VALUE ? 12.25 : 12.5));
	if (v == OTHER_ORDER)
		f = json_pack("{s:i, s:i}", "rc", 0, "inc", 1);
	else
		f = json_pack("{s:i, s:i}", "inc", 1, v == OTHER_KEY ? "ret" : "rc", 0);
	trace_emit(tr, v == OTHER_TIME ? 60000001 : 60000000,
		   v == OTHER_KIND ? "store.load" : "store.save", f);
	trace_emit(tr, 90000000, "proc.exit",
		   json_pack("{s:s, s:i, s:s}", "proc", "agent", "inc", 1, "how", "stopped"));
	if (v == EXTRA_EVENT)
		trace_emit(tr, 90000000, "run.end", NULL);
}

/* Runs the sample into path (or hash only when path is NULL) and returns
 * the writer's hash. */
static void run_sample(const char *path, enum variant v, char hash[TRACE_HASH_LEN + 1])
{
	struct trace *tr = NULL;

	cr_assert_eq(trace_open(&tr, path), 0);
	emit_sample(tr, v);
	trace_hash(tr, hash);
	cr_assert_eq(trace_close(tr), 0);
}

static int is_lower_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[n] == '\0';
}

Test(trace, same_events_give_same_hash_and_same_file_bytes, WITH_DIR)
{
	char h1[TRACE_HASH_LEN + 1], h2[TRACE_HASH_LEN + 1];
	char *p1, *p2, *b1, *b2;
	size_t n1, n2;

	p1 = path_in_dir("a.jsonl");
	p2 = path_in_dir("b.jsonl");
	run_sample(p1, SAME, h1);
	run_sample(p2, SAME, h2);
	cr_assert(is_lower_hex(h1, TRACE_HASH_LEN), "hash '%s' is not %d hex digits", h1,
		  TRACE_HASH_LEN);
	cr_assert_str_eq(h1, h2);
	b1 = slurp(p1, &n1);
	b2 = slurp(p2, &n2);
	cr_assert_gt(n1, 0);
	cr_assert_eq(n1, n2);
	cr_assert_eq(memcmp(b1, b2, n1), 0, "the two trace files differ");
	free(b1);
	free(b2);
	free(p1);
	free(p2);
}

Test(trace, any_changed_event_changes_the_hash)
{
	char hashes[NVARIANTS][TRACE_HASH_LEN + 1];

	for (int v = 0; v < NVARIANTS; v++)
		run_sample(NULL, (enum variant)v, hashes[v]);
	/* Every variant differs from the base run and from every other. */
	for (int a = 0; a < NVARIANTS; a++)
		for (int b = a + 1; b < NVARIANTS; b++)
			cr_assert_str_neq(hashes[a], hashes[b], "variants %d and %d hash the same",
					  a, b);
}

/* XXH3-128 of buf in xxHash's canonical form (big-endian, high half
 * first) as lowercase hex, computed one-shot and independently of the
 * writer's streaming state. */
static void reference_hash(const void *buf, size_t len, char out[TRACE_HASH_LEN + 1])
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(buf, len));
	for (size_t i = 0; i < sizeof(c.digest); i++)
		snprintf(out + 2 * i, 3, "%02x", c.digest[i]);
}

Test(trace, hash_is_canonical_xxh3_128_of_the_trace_bytes, WITH_DIR)
{
	char w[TRACE_HASH_LEN + 1], want[TRACE_HASH_LEN + 1];
	size_t len;
	char *p, *bytes;

	p = path_in_dir("t.jsonl");
	run_sample(p, SAME, w);
	bytes = slurp(p, &len);
	reference_hash(bytes, len, want);
	cr_assert_str_eq(w, want, "writer hash is not XXH3-128 of the file in canonical hex");
	free(bytes);
	free(p);
}

Test(trace, hash_only_writer_gives_the_same_hash_as_a_file_writer, WITH_DIR)
{
	char with_file[TRACE_HASH_LEN + 1], without[TRACE_HASH_LEN + 1];
	char *p;

	p = path_in_dir("t.jsonl");
	run_sample(p, SAME, with_file);
	run_sample(NULL, SAME, without);
	cr_assert_str_eq(with_file, without);
	free(p);
}

Test(trace, hash_file_equals_the_writer_hash, WITH_DIR)
{
	char w[TRACE_HASH_LEN + 1], f[TRACE_HASH_LEN + 1];
	char *p;

	p = path_in_dir("t.jsonl");
	run_sample(p, SAME, w);
	memset(f, 'X', sizeof(f));
	cr_assert_eq(trace_hash_file(p, f), 0);
	cr_assert_str_eq(f, w);
	free(p);
}

Test(trace, hash_file_equals_the_writer_hash_for_a_trace_over_buffer_sizes, WITH_DIR)
{
	/* Several hundred KB: more than the writer's 64 KB chunk and the
	 * reader's, so both work in pieces (the hash taken with the last
	 * lines still gathered). */
	char w[TRACE_HASH_LEN + 1], f[TRACE_HASH_LEN + 1];
	struct trace *tr = NULL;
	size_t len;
	char *p, *bytes;

	p = path_in_dir("big.jsonl");
	cr_assert_eq(trace_open(&tr, p), 0);
	for (int i = 0; i < 5000; i++)
		trace_emit(tr, (int64_t)i * 1000, "observe",
			   json_pack("{s:s, s:i, s:s, s:i}", "proc", i % 2 ? "device" : "agent",
				     "inc", 1 + i / 1000, "name", "total_wh", "value", i));
	trace_hash(tr, w);
	cr_assert_eq(trace_close(tr), 0);
	bytes = slurp(p, &len);
	cr_assert_gt(len, 3 * 65536, "trace only %zu bytes: too small to cross buffers", len);
	cr_assert_eq(trace_hash_file(p, f), 0);
	cr_assert_str_eq(f, w);
	free(bytes);
	free(p);
}

Test(trace, empty_trace_hash_equals_hash_of_empty_file, WITH_DIR)
{
	char w[TRACE_HASH_LEN + 1], f[TRACE_HASH_LEN + 1], nonempty[TRACE_HASH_LEN + 1];
	size_t len;
	char *p, *bytes;

	p = path_in_dir("empty.jsonl");
	run_sample(NULL, SAME, nonempty);
	{
		struct trace *tr = NULL;

		cr_assert_eq(trace_open(&tr, p), 0);
		cr_assert_eq(trace_count(tr), 0);
		trace_hash(tr, w);
		cr_assert_eq(trace_close(tr), 0);
	}
	bytes = slurp(p, &len);
	cr_assert_eq(len, 0);
	cr_assert_eq(trace_hash_file(p, f), 0);
	cr_assert_str_eq(f, w);
	cr_assert_str_neq(w, nonempty);
	free(bytes);
	free(p);
}

Test(trace, writes_seq_t_ev_then_fields_in_insertion_order, WITH_DIR)
{
	struct trace *tr = NULL;
	json_t *fields = json_object();
	size_t len;
	char *p, *bytes;

	/* Inserted in an order that is neither alphabetical nor reversed, so
	 * that sorting by name or by hash cannot give it by chance. */
	json_object_set_new(fields, "zeta", json_integer(1));
	json_object_set_new(fields, "alpha", json_string("a"));
	json_object_set_new(fields, "mid", json_pack("{s:i, s:i}", "y", 1, "b", 2));
	json_object_set_new(fields, "beta", json_null());
	p = path_in_dir("t.jsonl");
	cr_assert_eq(trace_open(&tr, p), 0);
	trace_emit(tr, 1234567, "some.event", fields);
	trace_emit(tr, -5, "neg", NULL);
	cr_assert_eq(trace_close(tr), 0);
	bytes = slurp(p, &len);
	cr_assert_str_eq(bytes, "{\"seq\":0,\"t\":1234567,\"ev\":\"some.event\",\"zeta\":1,"
				"\"alpha\":\"a\",\"mid\":{\"y\":1,\"b\":2},\"beta\":null}\n"
				"{\"seq\":1,\"t\":-5,\"ev\":\"neg\"}\n");
	free(bytes);
	free(p);
}

Test(trace, seq_starts_at_zero_and_increments_per_event, WITH_DIR)
{
	struct trace *tr = NULL;
	size_t len;
	char *p, *bytes, *line;
	uint64_t i;

	p = path_in_dir("t.jsonl");
	cr_assert_eq(trace_open(&tr, p), 0);
	for (i = 0; i < 5; i++) {
		cr_assert_eq(trace_count(tr), i);
		cr_assert_eq(trace_emit(tr, 10, "tick", NULL), i, "emit %lu returned another seq",
			     (unsigned long)i);
	}
	cr_assert_eq(trace_count(tr), 5);
	cr_assert_eq(trace_close(tr), 0);
	bytes = slurp(p, &len);
	i = 0;
	for (line = strtok(bytes, "\n"); line; line = strtok(NULL, "\n"), i++) {
		json_t *ev = json_loads(line, 0, NULL);

		cr_assert_not_null(ev, "line %lu is not JSON: %s", (unsigned long)i, line);
		cr_assert_eq(json_integer_value(json_object_get(ev, "seq")), (json_int_t)i);
		json_decref(ev);
	}
	cr_assert_eq(i, 5);
	free(bytes);
	free(p);
}

/* Sink that keeps a copy of every event, and the trace's count at the time
 * it was called. */
struct seen {
	json_t *events;
	struct trace *tr;
	uint64_t count_at_call[8];
};

/* The event as one object: the ordered line, or the fields with seq, t
 * and ev added from the parts where no field has their name. Either way
 * the parts must be the line's own members. */
static void record(const struct trace_event *e, void *ud)
{
	struct seen *s = ud;
	size_t n = json_array_size(s->events);
	json_t *ev;

	if (n < 8)
		s->count_at_call[n] = trace_count(s->tr);
	if (e->line) {
		ev = json_deep_copy(e->line);
	} else {
		ev = e->fields ? json_deep_copy(e->fields) : json_object();
		if (!json_object_get(ev, "seq"))
			json_object_set_new(ev, "seq", json_integer((json_int_t)e->seq));
		if (!json_object_get(ev, "t"))
			json_object_set_new(ev, "t", json_integer((json_int_t)e->t));
		if (!json_object_get(ev, "ev"))
			json_object_set_new(ev, "ev", json_string(e->ev));
	}
	cr_assert_eq(json_integer_value(json_object_get(ev, "seq")), (json_int_t)e->seq);
	cr_assert_eq(json_integer_value(json_object_get(ev, "t")), (json_int_t)e->t);
	cr_assert_str_eq(json_string_value(json_object_get(ev, "ev")), e->ev);
	json_array_append_new(s->events, ev);
}

Test(trace, sink_sees_each_event_as_it_is_written, WITH_DIR)
{
	struct seen s = { .events = json_array() };
	struct trace *tr = NULL;
	size_t len, i = 0;
	char *p, *bytes, *line;

	p = path_in_dir("t.jsonl");
	cr_assert_eq(trace_open(&tr, p), 0);
	s.tr = tr;
	trace_set_sink(tr, record, &s, TRACE_SINK_ORDERED);
	emit_sample(tr, SAME);
	cr_assert_eq(json_array_size(s.events), 4);
	cr_assert_eq(trace_close(tr), 0);

	/* The sink got exactly the lines of the file, in order, with the same
	 * key order. */
	bytes = slurp(p, &len);
	for (line = strtok(bytes, "\n"); line; line = strtok(NULL, "\n"), i++) {
		json_t *got = json_array_get(s.events, i);
		char *text;

		cr_assert_not_null(got, "the sink missed line %zu", i);
		text = json_dumps(got, JSON_COMPACT);
		cr_assert_str_eq(text, line);
		free(text);
		/* Called during trace_emit, before the next event. */
		cr_assert_eq(s.count_at_call[i], i);
	}
	cr_assert_eq(i, 4);
	json_decref(s.events);
	free(bytes);
	free(p);
}

Test(trace, sink_sees_events_of_a_hash_only_trace)
{
	struct seen s = { .events = json_array() };
	struct trace *tr = NULL;

	cr_assert_eq(trace_open(&tr, NULL), 0);
	s.tr = tr;
	trace_set_sink(tr, record, &s, 0);
	trace_emit(tr, 5, "x", json_pack("{s:i}", "k", 1));
	cr_assert_eq(json_array_size(s.events), 1);
	cr_assert_str_eq(json_string_value(json_object_get(json_array_get(s.events, 0), "ev")),
			 "x");
	cr_assert_eq(json_integer_value(json_object_get(json_array_get(s.events, 0), "k")), 1);
	cr_assert_eq(trace_close(tr), 0);
	json_decref(s.events);
}

Test(trace, a_sink_in_any_order_gets_each_lines_members_and_held_fields_stay, WITH_DIR)
{
	struct seen s = { .events = json_array() };
	struct trace *tr = NULL;
	json_t *held = json_pack("{s:i}", "k", 1);
	size_t len, i = 0;
	char *p, *bytes, *line;

	p = path_in_dir("t.jsonl");
	cr_assert_eq(trace_open(&tr, p), 0);
	s.tr = tr;
	trace_set_sink(tr, record, &s, 0);
	emit_sample(tr, EXTRA_EVENT);
	trace_emit(tr, 7, "held", json_incref(held));
	trace_emit(tr, 8, "own", json_pack("{s:i, s:i}", "a", 1, "t", 99));
	cr_assert_eq(trace_close(tr), 0);

	/* Same members as the file's lines (the order may differ). */
	bytes = slurp(p, &len);
	for (line = strtok(bytes, "\n"); line; line = strtok(NULL, "\n"), i++) {
		json_t *want = json_loads(line, 0, NULL);

		cr_assert_not_null(want);
		cr_assert(json_equal(json_array_get(s.events, i), want), "event %zu differs: %s", i,
			  line);
		json_decref(want);
	}
	cr_assert_eq(i, 7);
	/* The caller's own reference still sees what it built. */
	cr_assert_eq(json_object_size(held), 1);
	cr_assert_null(json_object_get(held, "seq"));
	json_decref(held);
	json_decref(s.events);
	free(bytes);
	free(p);
}

Test(trace, a_field_named_like_a_line_member_replaces_it_in_its_place, WITH_DIR)
{
	struct trace *tr = NULL;
	size_t len;
	char *p, *bytes;

	p = path_in_dir("t.jsonl");
	cr_assert_eq(trace_open(&tr, p), 0);
	trace_emit(tr, 5, "x", json_pack("{s:i, s:i, s:i}", "a", 1, "t", 99, "b", 2));
	trace_emit(tr, 6, "y", json_pack("{s:s}", "ev", "z"));
	cr_assert_eq(trace_close(tr), 0);
	bytes = slurp(p, &len);
	cr_assert_str_eq(bytes, "{\"seq\":0,\"t\":99,\"ev\":\"x\",\"a\":1,\"b\":2}\n"
				"{\"seq\":1,\"t\":6,\"ev\":\"z\"}\n");
	free(bytes);
	free(p);
}

Test(trace, open_truncates_an_existing_file, WITH_DIR)
{
	struct trace *tr = NULL;
	size_t len;
	char *p, *bytes;

	p = path_in_dir("t.jsonl");
	write_file(p, "an old trace that is much longer than the new one\n"
		      "with a second line\n");
	cr_assert_eq(trace_open(&tr, p), 0);
	trace_emit(tr, 0, "a", NULL);
	cr_assert_eq(trace_close(tr), 0);
	bytes = slurp(p, &len);
	cr_assert_str_eq(bytes, "{\"seq\":0,\"t\":0,\"ev\":\"a\"}\n");
	free(bytes);
	free(p);
}

Test(trace, open_on_an_unwritable_path_fails_with_negative_errno, WITH_DIR)
{
	/* Tests may run as root, which ignores file modes; these paths fail
	 * for everyone. */
	struct trace *tr = NULL;
	char *missing, *under_file, *file;

	missing = path_in_dir("no/such/dir/t.jsonl");
	file = path_in_dir("plain");
	under_file = path_in_dir("plain/t.jsonl");
	write_file(file, "x");
	cr_assert_eq(trace_open(&tr, missing), -ENOENT);
	cr_assert_eq(trace_open(&tr, under_file), -ENOTDIR);
	cr_assert_eq(trace_open(&tr, dir), -EISDIR);
	free(missing);
	free(under_file);
	free(file);
}

Test(trace, close_reports_eio_when_the_disk_is_full)
{
	struct trace *tr = NULL;

	/* /dev/full opens fine and fails every write with ENOSPC: a short
	 * trace is gathered until trace_close writes it. */
	cr_assert_eq(trace_open(&tr, "/dev/full"), 0);
	emit_sample(tr, SAME);
	cr_assert_eq(trace_close(tr), -EIO);
}

Test(trace, close_reports_eio_when_a_write_fails_before_close)
{
	struct trace *tr = NULL;

	/* More than the writer's 64 KB chunk: the failure happens inside
	 * trace_emit, and must still be reported at close. */
	cr_assert_eq(trace_open(&tr, "/dev/full"), 0);
	for (int i = 0; i < 3000; i++)
		trace_emit(tr, i, "observe",
			   json_pack("{s:s, s:s, s:i}", "proc", "agent", "name", "total_wh",
				     "value", i));
	cr_assert_eq(trace_close(tr), -EIO);
}

Test(trace, close_of_null_returns_zero)
{
	cr_assert_eq(trace_close(NULL), 0);
}

Test(trace, hash_file_of_a_missing_file_fails_with_enoent)
{
	char out[TRACE_HASH_LEN + 1];

	cr_assert_eq(trace_hash_file("/nonexistent/impchaos/trace.jsonl", out), -ENOENT);
}

/* A value of every kind jansson holds, drawn from a small LCG: strings with
 * every control character, quotes, backslashes, slashes, DEL and
 * non-ASCII; reals of every magnitude and sign; nested arrays and objects. */
static uint64_t lcg;

static unsigned draw(unsigned n)
{
	lcg = lcg * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)(lcg >> 33) % n;
}

static json_t *random_value(int depth)
{
	static const char *const pieces[] = { "a", "\"", "\\", "/", "\x7f", "\xc3\xa9", "\xe2\x82\xac",
					      "\xf0\x9f\x98\x80", "\n", "\t", "\b", "\f", "\r",
					      "\x01", "\x1f", "0", " " };
	static const double reals[] = { 0.0, -0.0, 0.1, 1.0, -2.5, 1e-7, 1e21, 1e22, 123456789.0,
					1.0 / 3, 5e-324, 1.7976931348623157e308, -1e-300, 100.0,
					3e5, 9007199254740991.0 };
	unsigned kind = depth > 3 ? draw(6) : draw(8), i, n;
	json_t *v;
	char s[256];
	size_t len = 0;

	switch (kind) {
	case 0: return json_null();
	case 1: return json_boolean(draw(2));
	case 2:
		if (draw(8) == 0)
			return json_integer(draw(2) ? INT64_MIN : INT64_MAX);
		return json_integer((json_int_t)draw(2000000) - 1000000);
	case 3: return json_real(reals[draw(16)] * (draw(2) ? 1 : -3.7));
	case 4:
	case 5:
		n = draw(12);
		for (i = 0; i < n; i++) {
			const char *p = pieces[draw(17)];

			memcpy(s + len, p, strlen(p));
			len += strlen(p);
		}
		/* Now and then a NUL inside the string (json_stringn). */
		if (draw(4) == 0)
			s[len++] = '\0';
		return json_stringn(s, len);
	case 6:
		v = json_array();
		for (n = draw(5), i = 0; i < n; i++)
			json_array_append_new(v, random_value(depth + 1));
		return v;
	default:
		v = json_object();
		for (n = draw(5), i = 0; i < n; i++) {
			snprintf(s, sizeof(s), "k%u\t\"%s", draw(50), draw(2) ? "\xc3\xa9" : "");
			json_object_set_new(v, s, random_value(depth + 1));
		}
		return v;
	}
}

Test(trace, lines_are_byte_for_byte_what_jansson_dumps, WITH_DIR)
{
	/* The writer formats lines itself; every trace hash ever printed was
	 * made of json_dumps(JSON_COMPACT) lines, so they must stay that. */
	char *p = path_in_dir("t.jsonl"), *bytes, *line;
	struct trace *tr;
	json_t *want[500];
	size_t len, i;

	lcg = 12345;
	cr_assert_eq(trace_open(&tr, p), 0);
	for (i = 0; i < 500; i++) {
		json_t *fields = json_object();

		json_object_set_new(fields, "v", random_value(0));
		json_object_set_new(fields, "w", random_value(1));
		want[i] = json_pack("{s:I, s:I, s:s}", "seq", (json_int_t)i, "t",
				    (json_int_t)i * 1000 - 7, "ev", "x.y");
		json_object_update(want[i], fields);
		trace_emit(tr, (int64_t)i * 1000 - 7, "x.y", fields);
	}
	cr_assert_eq(trace_close(tr), 0);
	bytes = slurp(p, &len);
	line = bytes;
	for (i = 0; i < 500; i++) {
		char *nl = strchr(line, '\n'), *dumped = json_dumps(want[i], JSON_COMPACT);

		cr_assert_not_null(nl, "line %zu missing", i);
		*nl = '\0';
		cr_assert_str_eq(line, dumped, "line %zu differs from json_dumps", i);
		free(dumped);
		json_decref(want[i]);
		line = nl + 1;
	}
	cr_assert_eq(*line, '\0', "more lines than events");
	free(bytes);
	free(p);
}
