/*
 * minimize.c - shrink a failing run (see minimize.h).
 *
 * DESIGN
 * The schedule is first made concrete: every 'every' entry is unrolled into
 * the 'at' injections it made within the run, so each injection can be
 * removed on its own ('from ... p=' windows stay whole items). Then:
 *   1. bisect the duration (with all faults): later faults never fire in a
 *      shorter run, and every test after this is cheaper;
 *   2. ddmin over the injections (faults/shrink.c) to a 1-minimal set;
 *   3. bisect the duration again with only those.
 * A test is a run with the same target and seed checking only the invariant
 * being chased, which ends where that invariant fails (stop_on). The result is run once more with all of the original
 * invariants into dir/shrunk: the reproducer is proven, not assumed. It
 * stops at its first failure when the original run did (--stop-at-failure).
 * A run under valgrind is shrunk under valgrind when the invariant is
 * memcheck-clean, and its reproducer's command has --valgrind; another
 * invariant is chased without it when it fails as well so.
 */
#include "minimize.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/afile.h"
#include "core/duration.h"
#include "sim/run.h"
#include "faults/schedule.h"
#include "faults/shrink.h"

/* Beyond this many concrete injections, 'every' entries are not unrolled. */
#define MAX_ITEMS 400

struct ctx {
	struct run_opts base;
	const char *dir;
	const char *invariant;
	int had_event;               /* the original failure named a violating event */
	int unobserved;              /* ... or was that nothing was seen ("unobserved") */
	char **items;
	int64_t *at;                 /* when each item starts */
	size_t n;
	int64_t duration_us;
	const unsigned char *keep;   /* for duration tests */
	size_t tests;
	minimize_progress_cb cb;
	void *ud;
	int err;
	char errbuf[1024];
};

static char *entry_text(const struct sched_entry *e, int64_t at_us)
{
	char t[32], *line = NULL;
	size_t i;

	duration_format(at_us, t, sizeof(t));
	if (asprintf(&line, "at %s %s", t, e->fault) < 0)
		abort();
	for (i = 0; i < e->nparams; i++) {
		char *more = NULL;

		if (asprintf(&more, "%s %s=%s", line, e->params[i].key, e->params[i].value) < 0)
			abort();
		free(line);
		line = more;
	}
	return line;
}

/* The schedule as removable items. A window entry is kept whole: its text
 * is rebuilt from the entry by schedule_format. */
static int concrete(struct ctx *c, const char *text, char *err, size_t errlen)
{
	struct schedule s = { 0 };
	size_t i;
	int rc = schedule_parse(text, &s, err, errlen);

	if (rc < 0)
		return rc;
	c->items = calloc(MAX_ITEMS + s.n + 1, sizeof(char *));
	c->at = calloc(MAX_ITEMS + s.n + 1, sizeof(*c->at));
	if (!c->items || !c->at)
		abort();
	for (i = 0; i < s.n; i++) {
		const struct sched_entry *e = &s.v[i];

		c->at[c->n] = e->t_us;
		if (e->kind == SCHED_AT) {
			c->items[c->n++] = entry_text(e, e->t_us);
		} else if (e->kind == SCHED_EVERY) {
			int64_t t;

			for (t = e->t_us; t <= c->duration_us && c->n < MAX_ITEMS; t += e->t_us) {
				c->at[c->n] = t;
				c->items[c->n++] = entry_text(e, t);
			}
		} else {
			struct schedule one = { .v = &s.v[i], .n = 1 };
			char *line = NULL;

			if (schedule_format(&one, &line) < 0)
				abort();
			line[strcspn(line, "\n")] = '\0';
			c->items[c->n++] = line;
		}
	}
	schedule_release(&s);
	return 0;
}

/* The kept items that start within a run of duration_us, as one schedule:
 * a shorter run leaves out what it would end before (run_execute refuses
 * a fault scheduled at or after the end). */
static char *join(const struct ctx *c, const unsigned char *keep, int64_t duration_us)
{
	char *out = strdup("");
	size_t i, len = 0;

	for (i = 0; i < c->n; i++) {
		if (!keep[i] || c->at[i] >= duration_us)
			continue;
		/* "; " keeps the replay command on one line. */
		out = realloc(out, len + strlen(c->items[i]) + 3);
		len += (size_t)sprintf(out + len, "%s%s", len ? "; " : "", c->items[i]);
	}
	return out;
}

/* 1 when the invariant still fails, 0 when it holds, negative on error. */
static int try_run(struct ctx *c, const unsigned char *keep, int64_t duration_us)
{
	struct run_opts o = c->base;
	struct run_outcome out;
	char dur[32], dir[4200], *faults = join(c, keep, duration_us);
	size_t i;
	int rc, failed = 0;

	duration_format(duration_us, dur, sizeof(dur));
	snprintf(dir, sizeof(dir), "%s/shrink/try", c->dir);
	o.faults = faults;
	o.duration = dur;
	o.checks = c->invariant;
	o.out_dir = dir;
	o.force = 1;    /* the shrinker's scratch directory, one try after another */
	/* A trial ends where the chased invariant fails: its verdict is
	 * known there, and the rest of the run cannot change it. */
	o.stop_at_failure = 1;
	o.stop_on = c->invariant;
	c->tests++;
	rc = run_execute(&o, &out, c->errbuf, sizeof(c->errbuf));
	free(faults);
	if (rc < 0) {
		run_outcome_release(&out);
		return rc;
	}
	for (i = 0; i < json_array_size(out.res.verdicts); i++) {
		json_t *v = json_array_get(out.res.verdicts, i);

		/* The same failure, not just the same name: a failure found at a
		 * violating event, or judged at the end from what was seen, must
		 * not be "reproduced" by a run too short to see the counter at all
		 * (which fails the end-of-run check as "unobserved"). */
		if (!strcmp(json_string_value(json_object_get(v, "invariant")), c->invariant) &&
		    !json_is_true(json_object_get(v, "ok")) &&
		    json_is_object(json_object_get(v, "first_violation")) == c->had_event &&
		    json_is_true(json_object_get(v, "unobserved")) == c->unobserved)
			failed = 1;
	}
	run_outcome_release(&out);
	return failed;
}

static int test_items(const unsigned char *keep, size_t n, void *ud)
{
	struct ctx *c = ud;
	char what[64];
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += keep[i] != 0;
	snprintf(what, sizeof(what), "test %zu: %zu of %zu faults", c->tests + 1, k, n);
	if (c->cb)
		c->cb(what, c->ud);
	return try_run(c, keep, c->duration_us);
}

static int test_duration(int64_t us, void *ud)
{
	struct ctx *c = ud;
	char what[64], d[32];

	duration_format(us, d, sizeof(d));
	snprintf(what, sizeof(what), "test %zu: duration %s", c->tests + 1, d);
	if (c->cb)
		c->cb(what, c->ud);
	return try_run(c, c->keep, us);
}

static int first_failed(const char *dir, char **invariant, int *had_event, int *unobserved,
			char *err, size_t errlen)
{
	char path[4200];
	json_error_t jerr;
	json_t *v, *inv;
	size_t i;

	snprintf(path, sizeof(path), "%s/verdict.json", dir);
	v = json_load_file(path, 0, &jerr);
	if (!v) {
		snprintf(err, errlen, "'%s' has no readable verdict.json: %s", dir, jerr.text);
		return -EINVAL;
	}
	json_array_foreach(json_object_get(v, "invariants"), i, inv)
		if (!json_is_true(json_object_get(inv, "ok"))) {
			*invariant = strdup(json_string_value(json_object_get(inv, "invariant")));
			*had_event = json_is_object(json_object_get(inv, "first_violation"));
			*unobserved = json_is_true(json_object_get(inv, "unobserved"));
			json_decref(v);
			return 0;
		}
	json_decref(v);
	snprintf(err, errlen, "run '%s' did not fail: nothing to shrink", dir);
	return -EINVAL;
}

int minimize_run(const char *dir, struct minimize_result *res, minimize_progress_cb cb,
		 void *ud, char *err, size_t errlen)
{
	struct ctx c = { .dir = dir, .cb = cb, .ud = ud };
	char hash[TRACE_HASH_LEN + 1], shrunk_dir[4200], dur[32], *invariant = NULL;
	struct run_outcome out;
	unsigned char *keep;
	json_t *scen = NULL, *rep;
	size_t i;
	int rc;

	memset(res, 0, sizeof(*res));
	if (errlen)
		err[0] = '\0';
	if ((rc = run_load(dir, &c.base, &scen, hash, err, errlen)) < 0)
		return rc == -ENOENT ? -EINVAL : rc;
	if ((rc = first_failed(dir, &invariant, &c.had_event, &c.unobserved, err, errlen)) < 0)
		goto out;
	c.invariant = invariant;
	if (duration_parse(c.base.duration, &c.duration_us) < 0) {
		snprintf(err, errlen, "run '%s' has a malformed duration", dir);
		rc = -EINVAL;
		goto out;
	}
	if ((rc = concrete(&c, c.base.faults, err, errlen)) < 0)
		goto out;
	keep = calloc(c.n + 1, 1);
	memset(keep, 1, c.n);
	c.keep = keep;
	res->nfaults_before = c.n;

	/* The run must fail again as recorded before anything is removed.
	 * A run under valgrind (chaos --valgrind-sample) is shrunk under it
	 * when memcheck's is the failure; any other failure is chased without
	 * it, many times faster, unless it then no longer reproduces. */
	rc = -1;
	if (c.base.valgrind && strcmp(invariant, "memcheck-clean")) {
		c.base.valgrind = 0;
		if ((rc = try_run(&c, keep, c.duration_us)) != 1)
			c.base.valgrind = 1;
	}
	if (rc != 1)
		rc = try_run(&c, keep, c.duration_us);
	if (rc == 0) {
		snprintf(err, errlen, "run '%s' no longer fails '%s' when run again: it is not "
			 "reproducible (try 'impchaos replay %s')", dir, invariant, dir);
		rc = -EINVAL;
	}
	if (rc >= 0)
		rc = shrink_duration(1000000, c.duration_us, 60000000, test_duration, &c, &c.duration_us);
	if (rc >= 0 && c.n > 0)
		rc = shrink_ddmin(keep, c.n, test_items, &c, NULL);
	if (rc >= 0)
		rc = shrink_duration(1000000, c.duration_us, 1000000, test_duration, &c, &c.duration_us);
	if (rc < 0) {
		if (!err[0] || rc != -EINVAL)
			snprintf(err, errlen, "shrinking '%s': %s", dir, c.errbuf[0] ? c.errbuf : strerror(-rc));
		free(keep);
		goto out;
	}

	res->faults = join(&c, keep, c.duration_us);
	for (i = 0; i < c.n; i++)
		res->nfaults += keep[i] && c.at[i] < c.duration_us;
	free(keep);
	duration_format(c.duration_us, dur, sizeof(dur));
	res->duration = strdup(dur);
	res->invariant = strdup(invariant);

	/* Prove it: the reproducer, with every original invariant. */
	snprintf(shrunk_dir, sizeof(shrunk_dir), "%s/shrunk", dir);
	{
		struct run_opts o = c.base;

		o.faults = res->faults;
		o.duration = res->duration;
		o.out_dir = shrunk_dir;
		o.force = 1;
		rc = run_execute(&o, &out, err, errlen);
	}
	if (rc < 0) {
		run_outcome_release(&out);
		goto out;
	}
	res->command = strdup(out.command);
	res->dir = strdup(shrunk_dir);
	res->tests = c.tests + 1;
	rep = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:s, s:b}", "invariant", invariant,
			"faults", res->faults, "duration", res->duration, "command", res->command,
			"faults_before", (json_int_t)res->nfaults_before, "faults_after",
			(json_int_t)res->nfaults, "tests", (json_int_t)res->tests, "run", "shrunk",
			"fails_again", out.res.failed > 0);
	{
		char path[4300];

		snprintf(path, sizeof(path), "%s/reproducer.json", dir);
		int wrc = afile_write_json(path, rep, JSON_INDENT(2), 0);

		if (wrc < 0) {
			snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-wrc));
			rc = -EIO;
		}
	}
	if (rc == 0 && out.res.failed == 0) {
		snprintf(err, errlen, "the shrunk schedule passed when run again: shrinking is not "
			 "stable for this run (see %s)", shrunk_dir);
		rc = -EINVAL;
	}
	json_decref(rep);
	run_outcome_release(&out);
out:
	for (i = 0; i < c.n; i++)
		free(c.items[i]);
	free(c.items);
	free(c.at);
	free(invariant);
	json_decref(scen);
	if (rc < 0)
		minimize_result_release(res);
	return rc;
}

void minimize_result_release(struct minimize_result *res)
{
	free(res->invariant);
	free(res->faults);
	free(res->duration);
	free(res->command);
	free(res->dir);
	memset(res, 0, sizeof(*res));
}
