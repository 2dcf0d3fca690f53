/*
 * sim_tmpl.c - workload templates (see sim_tmpl.h). Harness side, used by
 * sim_http.c and sim_httpout.c.
 */
#include "sim_tmpl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_STRING 1024

static int fail(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int sim_tmpl_check(const json_t *t, const char *where, char *err, size_t errlen)
{
	char sub[256];
	const char *key;
	json_t *v;
	size_t k;

	if (json_is_array(t)) {
		json_array_foreach(t, k, v) {
			snprintf(sub, sizeof(sub), "%s[%zu]", where, k);
			if (sim_tmpl_check(v, sub, err, errlen) < 0)
				return -EINVAL;
		}
		return 0;
	}
	if (!json_is_object(t))
		return 0;
	json_object_foreach((json_t *)t, key, v)
		if (key[0] == '$')
			break;
	if (!key) {
		json_object_foreach((json_t *)t, key, v) {
			snprintf(sub, sizeof(sub), "%s.%s", where, key);
			if (sim_tmpl_check(v, sub, err, errlen) < 0)
				return -EINVAL;
		}
		return 0;
	}
	if (json_object_size(t) != 1)
		return fail(err, errlen, "%s: a generator object has exactly one key (\"%s\"), "
			    "and nothing beside it", where, key);
	if (!strcmp(key, "$pick")) {
		if (!json_is_array(v) || json_array_size(v) == 0)
			return fail(err, errlen, "%s: \"$pick\" takes a non-empty array of values, "
				    "e.g. {\"$pick\": [\"alice\", \"bob\"]}", where);
		snprintf(sub, sizeof(sub), "%s.$pick", where);
		return sim_tmpl_check(v, sub, err, errlen);
	}
	if (!strcmp(key, "$int") || !strcmp(key, "$real")) {
		int integer = !strcmp(key, "$int");
		json_t *lo = json_array_get(v, 0), *hi = json_array_get(v, 1);

		if (!json_is_array(v) || json_array_size(v) != 2 ||
		    !(integer ? json_is_integer(lo) && json_is_integer(hi)
			      : json_is_number(lo) && json_is_number(hi)) ||
		    json_number_value(lo) > json_number_value(hi))
			return fail(err, errlen, "%s: \"%s\" takes [MIN, MAX] with MIN <= MAX%s, "
				    "e.g. {\"%s\": [0, 100]}", where, key,
				    integer ? ", both integers" : "", key);
		return 0;
	}
	if (!strcmp(key, "$string")) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > MAX_STRING)
			return fail(err, errlen, "%s: \"$string\" takes a length from 1 to %d, "
				    "e.g. {\"$string\": 12}", where, MAX_STRING);
		return 0;
	}
	return fail(err, errlen, "%s: unknown generator \"%s\" (expected $pick, $int, $real or "
		    "$string)", where, key);
}

json_t *sim_tmpl_draw(const json_t *t, struct prng *p)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	const char *key;
	json_t *v, *out;
	size_t k;

	if (json_is_array(t)) {
		out = json_array();
		json_array_foreach(t, k, v)
			json_array_append_new(out, sim_tmpl_draw(v, p));
		return out;
	}
	if (!json_is_object(t))
		return json_deep_copy(t);
	json_object_foreach((json_t *)t, key, v)
		if (key[0] == '$')
			break;
	if (!key) {
		out = json_object();
		json_object_foreach((json_t *)t, key, v)
			json_object_set_new(out, key, sim_tmpl_draw(v, p));
		return out;
	}
	/* Checked: exactly one known generator. */
	if (!strcmp(key, "$pick"))
		return sim_tmpl_draw(json_array_get(v, prng_below(p, json_array_size(v))), p);
	if (!strcmp(key, "$int"))
		return json_integer(prng_range(p, json_integer_value(json_array_get(v, 0)),
					       json_integer_value(json_array_get(v, 1))));
	if (!strcmp(key, "$real")) {
		double lo = json_number_value(json_array_get(v, 0));

		return json_real(lo + (json_number_value(json_array_get(v, 1)) - lo) * prng_unit(p));
	}
	{
		char s[MAX_STRING + 1];
		json_int_t len = json_integer_value(v), i;

		for (i = 0; i < len; i++)
			s[i] = chars[prng_below(p, sizeof(chars) - 1)];
		s[len] = '\0';
		return json_string(s);
	}
}
