/*
 * test_jtext.c - unit tests for the compact JSON formatter the agent's
 * store writes its tables with (harness/core/jtext.c): its text must be
 * json_dumps(JSON_COMPACT)'s byte for byte, and it must refuse what
 * jansson refuses to dump (and keys that are not UTF-8, which the store
 * leaves to json_dumps).
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/jtext.h"
#include "core/prng.h"

TestSuite(jtext, .timeout = 30);

/* Reals of every kind the formatter treats apart: whole (inside and
 * outside 2^53, where %.17g turns to exponents), fractional, tiny and
 * subnormal, huge, negative zero, and bit patterns drawn at random. */
static double some_real(struct prng *p)
{
	static const double fixed[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.1, 1.0 / 3, 2.5e-5, 1e-7, 1e-300, -1e-300,
		5e-324, DBL_MIN, DBL_MAX, -DBL_MAX, 1e16, 1e17, 1e21, 123456789012345678.0,
		9007199254740991.0, 9007199254740992.0, 9007199254740993.0, -9007199254740992.0,
		1e100, 1.5e300, 12.75, 230.1, -4.25e-10, 100.0, 1e15 + 0.5,
	};
	uint64_t u;
	double d;

	switch (prng_below(p, 5)) {
	case 0:
		return fixed[prng_below(p, sizeof(fixed) / sizeof(fixed[0]))];
	case 1:
		return (double)prng_range(p, -1000000, 1000000);
	case 2:
		return (double)prng_range(p, -100000000, 100000000) / 1000.0;
	case 3:
		return (prng_unit(p) - 0.5) * pow(10, (double)prng_range(p, -320, 308));
	default:
		do {
			u = prng_next(p);
			memcpy(&d, &u, 8);
		} while (!isfinite(d));
		return d;
	}
}

/* Strings of ASCII, control bytes, quotes, backslashes and multi-byte
 * UTF-8 (2, 3 and 4 bytes), sometimes with NUL inside. */
static json_t *some_string(struct prng *p)
{
	static const char *const parts[] = {
		"a", "Z", " ", "\"", "\\", "/", "\n", "\t", "\r", "\b", "\f", "\x01", "\x1f", "\x7f",
		"\xc3\xa9", "\xe2\x82\xac", "\xf0\x9f\x98\x80", "\xef\xbf\xbd", "kWh", "0",
	};
	char buf[128];
	size_t n = 0, k = prng_below(p, 12), i;

	for (i = 0; i < k; i++) {
		if (prng_below(p, 20) == 0) {
			buf[n++] = '\0';
		} else {
			const char *s = parts[prng_below(p, sizeof(parts) / sizeof(parts[0]))];

			memcpy(buf + n, s, strlen(s));
			n += strlen(s);
		}
	}
	return json_stringn(buf, n);
}

static json_t *some_value(struct prng *p, int depth)
{
	unsigned k = (unsigned)prng_below(p, depth > 3 ? 7 : 9);
	json_t *v;
	size_t i, n;

	switch (k) {
	case 0: return json_null();
	case 1: return json_true();
	case 2: return json_false();
	case 3:
		switch (prng_below(p, 3)) {
		case 0: return json_integer(prng_range(p, -1000, 1000));
		case 1: return json_integer((json_int_t)prng_next(p));
		default: return json_integer(prng_below(p, 2) ? INT64_MIN : INT64_MAX);
		}
	case 4:
	case 5: return json_real(some_real(p));
	case 6: return some_string(p);
	case 7:
		v = json_array();
		n = prng_below(p, 5);
		for (i = 0; i < n; i++)
			json_array_append_new(v, some_value(p, depth + 1));
		return v;
	default:
		v = json_object();
		n = prng_below(p, 6);
		for (i = 0; i < n; i++) {
			json_t *key = some_string(p);

			json_object_setn_new(v, json_string_value(key), json_string_length(key),
					     some_value(p, depth + 1));
			json_decref(key);
		}
		return v;
	}
}

static void same_as_jansson(struct jtext *t, const json_t *v)
{
	size_t n = json_dumpb(v, NULL, 0, JSON_COMPACT);
	char *want = malloc(n + 1);

	cr_assert_not_null(want);
	cr_assert_eq(json_dumpb(v, want, n, JSON_COMPACT), n);
	cr_assert_eq(jtext_dump(t, v), 0);
	cr_assert_eq(t->len, n, "length %zu, jansson %zu: %.*s", t->len, n, (int)n, want);
	cr_assert_eq(memcmp(t->buf, want, n), 0, "ours %s\njansson %.*s", t->buf, (int)n, want);
	cr_assert_eq(t->buf[n], '\0');
	free(want);
}

Test(jtext, random_tables_are_the_bytes_json_dumps_writes)
{
	struct prng p;
	struct jtext t;
	int i;

	prng_init(&p, 1, "jtext");
	jtext_init(&t);
	for (i = 0; i < 5000; i++) {
		json_t *table = json_object();
		int k, members = (int)prng_below(&p, 12);

		for (k = 0; k < members; k++) {
			char key[16];

			snprintf(key, sizeof(key), "k%d", (int)prng_below(&p, 30));
			json_object_set_new(table, key, some_value(&p, 0));
		}
		same_as_jansson(&t, table);
		json_decref(table);
	}
	jtext_release(&t);
}

Test(jtext, every_kind_of_real_is_written_as_jansson_writes_it)
{
	struct prng p;
	struct jtext t;
	int i;

	prng_init(&p, 2, "jtext-real");
	jtext_init(&t);
	for (i = 0; i < 50000; i++) {
		json_t *a = json_pack("[f]", some_real(&p));

		same_as_jansson(&t, a);
		json_decref(a);
	}
	/* NaN and the infinities are not JSON: jansson makes no value of
	 * them, so no table holds one. */
	cr_assert_null(json_real(NAN));
	cr_assert_null(json_real(INFINITY));
	jtext_release(&t);
}

Test(jtext, it_refuses_what_jansson_refuses_to_dump)
{
	struct jtext t;
	json_t *table = json_object(), *inner = json_array();
	static const char *const bad[] = {
		"\x80", "a\xc3", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80",
		"\xf5\x80\x80\x80", "\xff",
	};
	size_t i;

	jtext_init(&t);
	/* Strings and keys that are not UTF-8 (overlong, surrogate, past
	 * U+10FFFF, cut short, stray bytes). */
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		json_t *o = json_object();

		json_object_set_new(o, "v", json_stringn_nocheck(bad[i], strlen(bad[i])));
		cr_assert_null(json_dumps(o, JSON_COMPACT));
		cr_assert_eq(jtext_dump(&t, o), -EINVAL, "string %zu", i);
		cr_assert_eq(t.len, 0);
		json_object_clear(o);
		json_object_set_new_nocheck(o, bad[i], json_null());
		/* jansson 2.14 ignores a key's failure and writes what it had
		 * of the key ('{":null}'): the store's fallback to json_dumps
		 * keeps those bytes too. */
		cr_assert_eq(jtext_dump(&t, o), -EINVAL, "key %zu", i);
		json_decref(o);
	}
	/* A table that contains itself. */
	json_object_set(table, "a", inner);
	json_array_append(inner, table);
	cr_assert_null(json_dumps(table, JSON_COMPACT));
	cr_assert_eq(jtext_dump(&t, table), -EINVAL);
	json_array_clear(inner);
	json_decref(inner);
	/* The text replaces the last one. */
	json_object_set_new(table, "a", json_integer(7));
	cr_assert_eq(jtext_dump(&t, table), 0);
	cr_assert_str_eq(t.buf, "{\"a\":7}");
	cr_assert_eq(jtext_dump(&t, json_object_get(table, "a")), -EINVAL);
	json_decref(table);
	jtext_release(&t);
}
