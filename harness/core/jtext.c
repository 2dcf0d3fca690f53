/*
 * jtext.c - compact JSON text of a jansson value (see jtext.h).
 *
 * What json_dumps(JSON_COMPACT) writes, in jansson 2.14's rules: members
 * in the object's order; "," and ":" with no space; strings with '"',
 * '\\' and the bytes below 0x20 escaped (\b \f \n \r \t, else \u00XX in
 * upper case hex), everything else as it is; integers in decimal; reals
 * as "%.17g" with ".0" added when that has neither '.' nor an exponent,
 * and the exponent's '+' and leading zeros dropped. jansson refuses to
 * dump a string that is not valid UTF-8 and a value that contains
 * itself (a key that is not UTF-8 it writes in part and goes on): this
 * formatter returns -EINVAL for all of those (and for nesting past
 * its depth limit) so that the caller asks json_dumps, and never writes
 * text jansson would not. suites/unit/test_jtext.c compares the two over
 * random tables.
 */
#include "jtext.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jtext_init(struct jtext *t)
{
	t->buf = NULL;
	t->len = t->cap = 0;
}

void jtext_release(struct jtext *t)
{
	free(t->buf);
	jtext_init(t);
}

static int grow(struct jtext *t, size_t n)
{
	size_t c = t->cap ? t->cap : 1024;
	char *nb;

	while (c < t->len + n + 1)
		c *= 2;
	nb = realloc(t->buf, c);
	if (!nb)
		return -ENOMEM;
	t->buf = nb;
	t->cap = c;
	return 0;
}

/* Room for n more bytes (and the final '\0'): 0 or -ENOMEM. */
static inline int room(struct jtext *t, size_t n)
{
	return t->len + n + 1 <= t->cap ? 0 : grow(t, n);
}

static inline int add(struct jtext *t, const char *s, size_t n)
{
	if (room(t, n) < 0)
		return -ENOMEM;
	memcpy(t->buf + t->len, s, n);
	t->len += n;
	return 0;
}

static inline int add1(struct jtext *t, char c)
{
	if (room(t, 1) < 0)
		return -ENOMEM;
	t->buf[t->len++] = c;
	return 0;
}

/* Length of the valid UTF-8 sequence at s (of at most n bytes) whose
 * first byte is not ASCII; 0 when it is not one (a stray continuation
 * byte, an overlong form, a surrogate, past U+10FFFF, cut short). */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	size_t k, i;
	uint32_t cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		k = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		k = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		k = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

static int add_string(struct jtext *t, const char *str, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	char *d;

	/* At most 6 bytes out for a byte in, and the quotes. */
	if (room(t, 6 * n + 2) < 0)
		return -ENOMEM;
	d = t->buf + t->len;
	*d++ = '"';
	while (i < n) {
		unsigned char c = s[i];

		if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
			*d++ = (char)c;
			i++;
		} else if (c >= 0x80) {
			size_t k = utf8_seq(s + i, n - i);

			if (!k)
				return -EINVAL;
			memcpy(d, s + i, k);
			d += k;
			i += k;
		} else {
			*d++ = '\\';
			switch (c) {
			case '"': *d++ = '"'; break;
			case '\\': *d++ = '\\'; break;
			case '\b': *d++ = 'b'; break;
			case '\f': *d++ = 'f'; break;
			case '\n': *d++ = 'n'; break;
			case '\r': *d++ = 'r'; break;
			case '\t': *d++ = 't'; break;
			default:
				memcpy(d, "u00", 3);
				d[3] = hex[c >> 4];
				d[4] = hex[c & 15];
				d += 5;
			}
			i++;
		}
	}
	*d++ = '"';
	t->len = (size_t)(d - t->buf);
	return 0;
}

size_t jtext_int_digits(char b[JTEXT_INT_MAX], json_int_t i)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	char *p = b + JTEXT_INT_MAX;
	unsigned long long u = i < 0 ? 0ULL - (unsigned long long)i : (unsigned long long)i;

	/* Two digits a step. */
	while (u >= 100) {
		p -= 2;
		memcpy(p, pairs + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10) {
		p -= 2;
		memcpy(p, pairs + 2 * u, 2);
	} else {
		*--p = (char)('0' + u);
	}
	if (i < 0)
		*--p = '-';
	return (size_t)(b + JTEXT_INT_MAX - p);
}

size_t jtext_real(char b[JTEXT_REAL_MAX], double d)
{
	char *e;
	int n;

	/* A whole number of magnitude under 2^53 is its integer's digits
	 * under %.17g (which turns to exponents only from 1e17): those digits
	 * and ".0", without snprintf. -0.0 is not (it prints "-0"). */
	if (d > -9007199254740992.0 && d < 9007199254740992.0 && d == (double)(long long)d &&
	    !(d == 0 && signbit(d))) {
		char ib[JTEXT_INT_MAX];
		size_t k = jtext_int_digits(ib, (json_int_t)d);

		memcpy(b, ib + JTEXT_INT_MAX - k, k);
		memcpy(b + k, ".0", 3);
		return k + 2;
	}
	n = snprintf(b, JTEXT_REAL_MAX - 2, "%.17g", d);
	if (!strchr(b, '.') && !strchr(b, 'e')) {
		memcpy(b + n, ".0", 3);
		n += 2;
	}
	if ((e = strchr(b, 'e'))) {
		/* "1e+20" -> "1e20", "1e-07" -> "1e-7". */
		char *start = e + 1, *end = start + 1;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start) {
			memmove(start, end, (size_t)(b + n - end) + 1);
			n -= (int)(end - start);
		}
	}
	return (size_t)n;
}

static int add_int(struct jtext *t, json_int_t v)
{
	char b[JTEXT_INT_MAX];
	size_t n = jtext_int_digits(b, v);

	return add(t, b + JTEXT_INT_MAX - n, n);
}

static int add_real(struct jtext *t, double v)
{
	char b[JTEXT_REAL_MAX];

	if (!isfinite(v))
		return -EINVAL;
	return add(t, b, jtext_real(b, v));
}

static int add_value(struct jtext *t, const json_t *v, int depth)
{
	if (depth > JTEXT_MAX_DEPTH)
		return -EINVAL;
	switch (json_typeof(v)) {
	case JSON_NULL:
		return add(t, "null", 4);
	case JSON_TRUE:
		return add(t, "true", 4);
	case JSON_FALSE:
		return add(t, "false", 5);
	case JSON_INTEGER:
		return add_int(t, json_integer_value(v));
	case JSON_REAL:
		return add_real(t, json_real_value(v));
	case JSON_STRING:
		return add_string(t, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t i, n = json_array_size(v);
		int rc;

		if (add1(t, '[') < 0)
			return -ENOMEM;
		for (i = 0; i < n; i++) {
			if (i && add1(t, ',') < 0)
				return -ENOMEM;
			if ((rc = add_value(t, json_array_get(v, i), depth + 1)) < 0)
				return rc;
		}
		return add1(t, ']');
	}
	case JSON_OBJECT: {
		void *it;
		int rc, first = 1;

		if (add1(t, '{') < 0)
			return -ENOMEM;
		for (it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
			if (!first && add1(t, ',') < 0)
				return -ENOMEM;
			first = 0;
			if ((rc = add_string(t, json_object_iter_key(it), json_object_iter_key_len(it))) < 0)
				return rc;
			if (add1(t, ':') < 0)
				return -ENOMEM;
			if ((rc = add_value(t, json_object_iter_value(it), depth + 1)) < 0)
				return rc;
		}
		return add1(t, '}');
	}
	}
	return -EINVAL;
}

int jtext_dump(struct jtext *t, const json_t *v)
{
	int rc;

	t->len = 0;
	if (!json_is_object(v) && !json_is_array(v))
		return -EINVAL;
	rc = add_value(t, v, 0);
	if (rc == 0)
		rc = room(t, 0);
	if (rc < 0) {
		t->len = 0;
		return rc;
	}
	t->buf[t->len] = '\0';
	return 0;
}
