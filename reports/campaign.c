/*
 * campaign.c - campaign directories as report inputs (see campaign.h).
 * Reports side (report.c -> campaign.c); reads campaign.json, never runs
 * anything.
 *
 * DESIGN
 * ------
 * campaign.json is read as the campaign left it and turned at once into
 * normalized facts, so the index page and summary.json never look at the
 * raw file and an older or newer campaign.json only has to be understood
 * here. The budget, for one, is "30m" in some campaign files and a number
 * of seconds in others: the facts always say "30m".
 *
 * Merging checks only what would make the combined facts wrong (shards of
 * different campaigns, a shard given twice); shards that are missing, as
 * when a CI machine died before uploading, are merged without them and
 * named in missing_shards.
 */
#include "campaign.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/duration.h"

/* "K/N" with 1 <= K <= N; null or missing is "1/1". 0 or -EINVAL. */
static int parse_shard(const json_t *v, long *k, long *n)
{
	const char *s = json_string_value(v);
	char *end;

	*k = *n = 1;
	if (!v || json_is_null(v))
		return 0;
	if (!s)
		return -EINVAL;
	*k = strtol(s, &end, 10);
	if (end == s || *end != '/')
		return -EINVAL;
	s = end + 1;
	*n = strtol(s, &end, 10);
	return end == s || *end || *n < 1 || *k < 1 || *k > *n ? -EINVAL : 0;
}

static json_t *budget_of(const json_t *v)
{
	char buf[64];

	if (json_is_string(v))
		return json_copy((json_t *)v);
	if (json_is_number(v) && json_number_value(v) > 0 && json_number_value(v) < 3650 * 86400.0) {
		duration_format((int64_t)(json_number_value(v) * 1e6 + 0.5), buf, sizeof(buf));
		return json_string(buf);
	}
	return json_null();
}

static json_t *string_or_null(const json_t *v)
{
	return json_is_string(v) ? json_copy((json_t *)v) : json_null();
}

static json_int_t int_of(const json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_integer(v) ? json_integer_value(v) : json_is_real(v) ?
	       (json_int_t)json_real_value(v) : 0;
}

/* {"from", "count", "step", "first", "last"} of a shard's seeds. */
static json_t *seeds_of(json_int_t from, json_int_t count, long k, long n)
{
	json_t *s = json_pack("{s:I, s:I, s:I}", "from", from, "count", count, "step", (json_int_t)n);

	if (s && count > 0) {
		json_object_set_new(s, "first", json_integer(from + k - 1));
		json_object_set_new(s, "last", json_integer(from + k - 1 + (count - 1) * n));
	}
	return s;
}

/* The runs campaign.json says could not run: [{"run", "why"}], or NULL
 * when it names none. */
static json_t *could_not_run(const json_t *raw)
{
	json_t *out = NULL;
	const json_t *f;
	size_t i;

	json_array_foreach(json_object_get(raw, "failures"), i, f) {
		if (!json_is_true(json_object_get(f, "error")))
			continue;
		if (!out)
			out = json_array();
		json_array_append_new(out, json_pack("{s:O, s:O}", "run", json_object_get(f, "run"),
						     "why", json_object_get(f, "why")));
	}
	return out;
}

/* What says the campaign did not run whole: runs that could not run and a
 * stop by a signal, copied into the facts f when there are any. */
static void incompleteness(json_t *f, const json_t *raw)
{
	json_t *cnr = could_not_run(raw);

	if (cnr)
		json_object_set_new(f, "could_not_run", cnr);
	if (json_is_string(json_object_get(raw, "interrupted")))
		json_object_set(f, "interrupted", json_object_get(raw, "interrupted"));
}

/* The campaign's groups of failures as facts: each without its members
 * (campaign.json lists them), or NULL for a campaign.json that has none. */
static json_t *groups_of(const json_t *raw)
{
	const json_t *groups = json_object_get(raw, "groups"), *g;
	json_t *out;
	size_t i;

	if (!json_is_array(groups))
		return NULL;
	out = json_array();
	json_array_foreach(groups, i, g) {
		json_t *c = json_copy((json_t *)g);

		json_object_del(c, "members");
		json_array_append_new(out, c);
	}
	return out;
}

/* Normalized facts of the campaign in dir, or NULL with err. */
static json_t *facts_of(const char *dir, const json_t *raw, int *rc, char *err, size_t errlen)
{
	const json_t *runs = json_object_get(raw, "runs"), *seeds = json_object_get(raw, "seeds");
	const json_t *det = json_object_get(raw, "determinism_checks"), *v;
	json_t *f, *targets;
	long k, n;
	size_t i;

	*rc = -EINVAL;
	if (!json_is_array(runs)) {
		snprintf(err, errlen, "'%s/campaign.json' has no \"runs\" list; run the campaign "
			 "again", dir);
		return NULL;
	}
	json_array_foreach(runs, i, v) {
		if (!json_is_string(v) || !*json_string_value(v)) {
			snprintf(err, errlen, "'%s/campaign.json': run %zu is not a directory name",
				 dir, i + 1);
			return NULL;
		}
	}
	if (parse_shard(json_object_get(raw, "shard"), &k, &n) < 0) {
		snprintf(err, errlen, "'%s/campaign.json': malformed \"shard\" (K/N expected)", dir);
		return NULL;
	}
	/* Made only now: the checks above return without it. */
	targets = json_array();
	json_array_foreach(json_object_get(raw, "targets"), i, v)
		if (json_is_string(v))
			json_array_append(targets, (json_t *)v);
	f = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:{s:I, s:I}}",
		      "dir", dir, "version", string_or_null(json_object_get(raw, "version")),
		      "shard", n > 1 ? json_sprintf("%ld/%ld", k, n) : json_null(),
		      "seeds", seeds_of(json_is_object(seeds) ? int_of(seeds, "from") : 1,
					json_is_object(seeds) ? int_of(seeds, "count") : 0, k, n),
		      "budget", budget_of(json_object_get(raw, "budget")),
		      "duration", string_or_null(json_object_get(raw, "duration")),
		      "targets", targets, "runs", (json_int_t)json_array_size(runs),
		      "determinism_checks", "runs", int_of(det, "runs"), "mismatches",
		      int_of(det, "mismatches"));
	if (f && json_is_array(json_object_get(raw, "uncovered")))
		json_object_set(f, "uncovered", json_object_get(raw, "uncovered"));
	if (f)
		incompleteness(f, raw);
	if (f && (v = groups_of(raw))) {
		json_object_set_new(f, "groups", (json_t *)v);
		json_object_set_new(f, "distinct_failures", json_integer((json_int_t)json_array_size(v)));
	}
	*rc = f ? 0 : -ENOMEM;
	return f;
}

/* Reads dir/campaign.json: 1 and *raw when there is one, 0 when there is
 * none, negative errno with err when it cannot be read or parsed. */
static int campaign_read(const char *dir, json_t **raw, char *err, size_t errlen)
{
	json_error_t je;
	char *path;
	FILE *f;

	*raw = NULL;
	if (asprintf(&path, "%s/campaign.json", dir) < 0)
		return -ENOMEM;
	f = fopen(path, "r");
	free(path);
	if (!f) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		snprintf(err, errlen, "cannot read '%s/campaign.json': %s", dir, strerror(errno));
		return -errno;
	}
	*raw = json_loadf(f, 0, &je);
	fclose(f);
	if (!json_is_object(*raw)) {
		snprintf(err, errlen, "'%s/campaign.json' is not a campaign (line %d: %s)", dir,
			 je.line, *raw ? "not a JSON object" : je.text);
		json_decref(*raw);
		*raw = NULL;
		return -EINVAL;
	}
	return 1;
}

static int add_dir(struct report_inputs *in, const char *dir, const char *rel, int camp)
{
	size_t len = strlen(dir);
	char *p;

	while (len > 1 && dir[len - 1] == '/')
		len--;
	if (!rel || rel[0] == '/')
		p = strdup(rel ? rel : dir);
	else if (asprintf(&p, "%.*s/%s", (int)len, dir, rel) < 0)
		p = NULL;
	if (!p)
		return -ENOMEM;
	in->dirs[in->ndirs] = p;
	in->campaign[in->ndirs++] = camp;
	return 0;
}

/* Distinct values of key over the shards: one value, or an array. */
static json_t *agreed(const struct report_inputs *in, const char *key)
{
	json_t *vals = json_array(), *v, *have;
	size_t i, j;

	for (i = 0; i < in->ncamps; i++) {
		v = json_object_get(in->camps[i].facts, key);
		json_array_foreach(vals, j, have)
			if (json_equal(have, v))
				break;
		if (j == json_array_size(vals))
			json_array_append(vals, v);
	}
	if (json_array_size(vals) == 1) {
		v = json_incref(json_array_get(vals, 0));
		json_decref(vals);
		return v;
	}
	return vals;
}

/* The shards' groups of failures, one per signature: each shard chose and
 * shrank its own representative, and the first shard's stands; the runs
 * are added up. None when no shard grouped its failures. */
static void merge_groups(struct report_inputs *in)
{
	json_t *out = json_array(), *g, *have = NULL;
	size_t i, j, k;
	int any = 0;

	for (i = 0; i < in->ncamps; i++) {
		any |= json_is_array(json_object_get(in->camps[i].facts, "groups"));
		json_array_foreach(json_object_get(in->camps[i].facts, "groups"), j, g) {
			const char *sig = json_string_value(json_object_get(g, "signature"));

			json_array_foreach(out, k, have)
				if (sig && !strcmp(sig, json_string_value(json_object_get(have,
											"signature"))))
					break;
			if (k < json_array_size(out)) {
				json_object_set_new(have, "runs", json_integer(int_of(have, "runs") +
									       int_of(g, "runs")));
				continue;
			}
			have = json_copy(g);
			json_object_set_new(have, "id", json_integer((json_int_t)json_array_size(out) + 1));
			json_object_set_new(have, "shard_dir", json_string(in->camps[i].dir));
			json_array_append_new(out, have);
		}
	}
	if (any) {
		json_object_set_new(in->merged, "distinct_failures",
				    json_integer((json_int_t)json_array_size(out)));
		json_object_set_new(in->merged, "groups", out);
	} else {
		json_decref(out);
	}
}

static int merge_facts(struct report_inputs *in, char *err, size_t errlen)
{
	json_int_t from = 0, total = 0, runs = 0, checks = 0, mismatches = 0, last = 0, every;
	json_t *shards = json_array(), *missing = json_array(), *dirs = json_array();
	json_t *targets = json_array(), *seed_list = json_array(), *uncovered = NULL, *v, *w;
	json_t *cnr = json_array(), *stopped = json_array();
	json_int_t *counts = NULL;
	const char **by_k = NULL;
	long k, k0 = 1, n = 0, kk;
	size_t i, j;
	int rc = -ENOMEM;

	for (i = 0; i < in->ncamps; i++) {
		const json_t *f = in->camps[i].facts, *s = json_object_get(f, "seeds");
		long ni;

		parse_shard(json_object_get(f, "shard"), &k, &ni);
		if (i == 0) {
			n = ni;
			k0 = k;
			from = int_of(s, "from");
			by_k = calloc((size_t)n + 1, sizeof(*by_k));
			counts = calloc((size_t)n + 1, sizeof(*counts));
			if (!by_k || !counts)
				goto out;
		}
		rc = -EINVAL;
		if (ni != n || int_of(s, "from") != from) {
			snprintf(err, errlen, "'%s' and '%s' are not shards of one campaign (shard %ld/%ld "
				 "from seed %lld, shard %ld/%ld from seed %lld)", in->camps[0].dir,
				 in->camps[i].dir, k0, n, (long long)from, k, ni,
				 (long long)int_of(s, "from"));
			goto out;
		}
		if (by_k[k]) {
			snprintf(err, errlen, "'%s' and '%s' are both shard %ld/%ld: merge each shard once",
				 by_k[k], in->camps[i].dir, k, n);
			goto out;
		}
		rc = -ENOMEM;
		by_k[k] = in->camps[i].dir;
		counts[k] = int_of(s, "count");
		total += counts[k];
		if (json_object_get(s, "last") && int_of(s, "last") > last)
			last = int_of(s, "last");
		runs += int_of(f, "runs");
		checks += int_of(json_object_get(f, "determinism_checks"), "runs");
		mismatches += int_of(json_object_get(f, "determinism_checks"), "mismatches");
		json_array_append_new(dirs, json_string(in->camps[i].dir));
		v = json_deep_copy(s);
		json_object_set_new(v, "shard", json_sprintf("%ld/%ld", k, n));
		json_array_append_new(seed_list, v);
		json_array_foreach(json_object_get(f, "targets"), j, v) {
			size_t t;

			json_array_foreach(targets, t, w)
				if (json_equal(v, w))
					break;
			if (t == json_array_size(targets))
				json_array_append(targets, v);
		}
		json_array_foreach(json_object_get(f, "could_not_run"), j, v)
			json_array_append(cnr, v);
		if (json_object_get(f, "interrupted"))
			json_array_append_new(stopped, json_sprintf("%s: %s", in->camps[i].dir,
				json_string_value(json_object_get(f, "interrupted"))));
		/* A fault is uncovered in the merge when no shard fired it. */
		v = json_object_get(f, "uncovered");
		if (!json_is_array(v)) {
			json_decref(uncovered);
			uncovered = json_null();
		} else if (!uncovered) {
			uncovered = json_copy(v);
		} else if (json_is_array(uncovered)) {
			for (j = json_array_size(uncovered); j-- > 0;) {
				size_t t;

				json_array_foreach(v, t, w)
					if (json_equal(json_array_get(uncovered, j), w))
						break;
				if (t == json_array_size(v))
					json_array_remove(uncovered, j);
			}
		}
	}
	/* Seed index i (seed from+i) ran when i / n < counts[i % n + 1]: every
	 * index below min over k of counts[k] * n + k - 1 did. */
	every = -1;
	for (kk = 1; kk <= n; kk++) {
		if (!by_k[kk])
			json_array_append_new(missing, json_sprintf("%ld/%ld", kk, n));
		if (every < 0 || counts[kk] * n + kk - 1 < every)
			every = counts[kk] * n + kk - 1;
		if (by_k[kk])
			json_array_append_new(shards, json_sprintf("%ld/%ld", kk, n));
	}
	in->merged = json_pack("{s:o, s:o, s:o, s:o, s:{s:I, s:I, s:o, s:o, s:o}, s:o, s:o, s:o, "
			       "s:I, s:{s:I, s:I}}",
			       "dirs", dirs, "version", agreed(in, "version"), "shards", shards,
			       "missing_shards", missing, "seeds", "from", from, "count", total,
			       "every_to", every > 0 ? json_integer(from + every - 1) : json_null(),
			       "last", total ? json_integer(last) : json_null(), "shards", seed_list,
			       "budget", agreed(in, "budget"), "duration", agreed(in, "duration"),
			       "targets", targets, "runs", runs, "determinism_checks", "runs", checks,
			       "mismatches", mismatches);
	dirs = shards = missing = seed_list = targets = NULL;
	if (in->merged && json_is_array(uncovered))
		json_object_set(in->merged, "uncovered", uncovered);
	if (in->merged && json_array_size(cnr))
		json_object_set(in->merged, "could_not_run", cnr);
	if (in->merged)
		merge_groups(in);
	if (in->merged && json_array_size(stopped)) {
		char *text = campaign_text(stopped, "?");

		json_object_set_new(in->merged, "interrupted", text ? json_string(text) : json_null());
		free(text);
	}
	rc = in->merged ? 0 : -ENOMEM;
out:
	json_decref(dirs);
	json_decref(shards);
	json_decref(missing);
	json_decref(seed_list);
	json_decref(targets);
	json_decref(uncovered);
	json_decref(cnr);
	json_decref(stopped);
	free(by_k);
	free(counts);
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	return rc;
}

int campaign_expand(struct report_inputs *in, const char *const *dirs, size_t n, int merge,
		    char *err, size_t errlen)
{
	json_t **raws;
	size_t i, j, total = 0;
	int rc = 0;

	memset(in, 0, sizeof(*in));
	if (!(raws = calloc(n + 1, sizeof(*raws))) ||
	    !(in->camps = calloc(n + 1, sizeof(*in->camps)))) {
		rc = -ENOMEM;
		goto out;
	}
	/* Read every campaign.json first, to size the list of runs. */
	for (i = 0; i < n; i++) {
		rc = campaign_read(dirs[i], &raws[i], err, errlen);
		if (rc < 0)
			goto out;
		if (rc == 0 && merge) {
			snprintf(err, errlen, "'%s' is not a campaign directory (no campaign.json); "
				 "--merge joins the outputs of 'impchaos chaos --shard K/N'", dirs[i]);
			rc = -EINVAL;
			goto out;
		}
		total += raws[i] ? json_array_size(json_object_get(raws[i], "runs")) : 1;
	}
	rc = -ENOMEM;
	in->dirs = calloc(total + 1, sizeof(*in->dirs));
	in->campaign = calloc(total + 1, sizeof(*in->campaign));
	if (!in->dirs || !in->campaign)
		goto out;
	for (i = 0; i < n; i++) {
		struct report_campaign *c;

		if (!raws[i]) {
			if ((rc = add_dir(in, dirs[i], NULL, -1)) < 0)
				goto out;
			continue;
		}
		/* Counted at once, so that campaign_inputs_release() frees what
		 * it holds even when a step below fails. */
		c = &in->camps[in->ncamps++];
		c->raw = raws[i];
		raws[i] = NULL;
		if (!(c->dir = strdup(dirs[i])))
			goto out;
		for (j = strlen(c->dir); j > 1 && c->dir[j - 1] == '/'; j--)
			c->dir[j - 1] = '\0';  /* "shard-1/" from a shell glob */
		if (!(c->facts = facts_of(c->dir, c->raw, &rc, err, errlen)))
			goto out;
		for (j = 0; j < json_array_size(json_object_get(c->raw, "runs")); j++) {
			const char *rel = json_string_value(json_array_get(json_object_get(c->raw,
									    "runs"), j));

			if ((rc = add_dir(in, dirs[i], rel, (int)in->ncamps - 1)) < 0)
				goto out;
		}
	}
	rc = merge ? merge_facts(in, err, errlen) : 0;
out:
	for (i = 0; raws && i < n; i++)
		json_decref(raws[i]);
	free(raws);
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	return rc;
}

void campaign_inputs_release(struct report_inputs *in)
{
	size_t i;

	for (i = 0; i < in->ndirs; i++)
		free(in->dirs[i]);
	free(in->dirs);
	free(in->campaign);
	for (i = 0; i < in->ncamps; i++) {
		free(in->camps[i].dir);
		json_decref(in->camps[i].facts);
		json_decref(in->camps[i].raw);
	}
	free(in->camps);
	json_decref(in->merged);
	memset(in, 0, sizeof(*in));
}

char *campaign_text(const json_t *v, const char *fallback)
{
	char *s = NULL, *t;
	const json_t *e;
	size_t i;

	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (!json_is_array(v) || !json_array_size(v))
		return strdup(fallback);
	json_array_foreach(v, i, e) {
		const char *x = json_is_string(e) ? json_string_value(e) : fallback;

		if (asprintf(&t, "%s%s%s", s ? s : "", s ? " / " : "", x) < 0)
			t = NULL;
		free(s);
		if (!(s = t))
			return NULL;
	}
	return s;
}
