/*
 * chaos_out.c - what a chaos campaign tells: campaign.json (seeds,
 * determinism checks, failures and their groups, runs that could not
 * run, a stop by a signal, coverage) and the progress lines on stderr. Campaign side
 * (chaos.c -> chaos_out.c).
 */
#include "chaos_int.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/duration.h"
#include "faults/catalog.h"

#ifndef IMPCHAOS_VERSION
#define IMPCHAOS_VERSION "unknown"
#endif

double chaos_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void chaos_add_coverage(json_t *into, const json_t *from)
{
	const char *group, *name, *what;
	json_t *g, *entry, *n;

	json_object_foreach((json_t *)from, group, g) {
		json_t *ig = json_object_get(into, group);

		if (!ig)
			json_object_set_new(into, group, ig = json_object());
		json_object_foreach(g, name, entry) {
			json_t *ie = json_object_get(ig, name);

			if (!ie)
				json_object_set_new(ig, name, ie = json_object());
			json_object_foreach(entry, what, n)
				json_object_set_new(ie, what, json_integer(
					json_integer_value(json_object_get(ie, what)) + json_integer_value(n)));
		}
	}
}

/* Whether some target of the campaign may draw the fault: one that its
 * manifest's "chaos_exclude" leaves out for every target is not expected
 * to fire. */
static int drawn_by_some_target(const struct campaign *c, const char *fault)
{
	size_t t, j;

	for (t = 0; t < c->ntargets; t++) {
		int out = 0;

		for (j = 0; j < json_array_size(c->exclude[t]) && !out; j++)
			out = !strcmp(json_string_value(json_array_get(c->exclude[t], j)), fault);
		if (!out)
			return 1;
	}
	return 0;
}

/* A run's entry in campaign.json's "failures": an invariant failed, a
 * re-check differed, or it could not run (why: its output's first line,
 * log: the file with all of it). */
static json_t *failure_json(const struct run_rec *r)
{
	json_t *f = json_pack("{s:s, s:s, s:I, s:s, s:b, s:b, s:O}", "run", r->dir, "target",
			      r->target, "seed", (json_int_t)r->seed, "invariants",
			      r->failures ? r->failures : "", "nondeterministic", r->mismatch,
			      "error", r->error, "reproducer",
			      r->reproducer ? r->reproducer : json_null());

	if (f && r->valgrind)
		json_object_set_new(f, "valgrind", json_true());
	if (f && r->group >= 0)
		json_object_set_new(f, "group", json_integer(r->group + 1));
	if (f && r->error) {
		json_object_set_new(f, "why", json_string(r->why ? r->why : "no verdict"));
		json_object_set_new(f, "log", json_sprintf("%s.out", r->dir));
	}
	return f;
}

static const char *signal_name(int sig)
{
	return sig == 2 ? "SIGINT" : sig == 15 ? "SIGTERM" : "a signal";
}

/* 0 when no run gave f anything to act on: the http/out faults change the
 * agent's outbound requests, and a campaign whose agents never made one
 * (a target that declares endpoints only for some of its variants, say)
 * cannot expect them to fire. 1 otherwise. */
static int had_chances(const struct campaign *c, const struct fault_info *f)
{
	const char *need = fault_requires(f);

	if (need && !strcmp(need, "workload.endpoints"))
		return json_object_size(json_object_get(c->coverage, "http-out")) > 0;
	return 1;
}

json_t *chaos_campaign_json(struct campaign *c, long nseeds)
{
	json_t *runs = json_array(), *failures = json_array(), *targets = json_array();
	json_t *uncovered = json_array(), *stopped = json_array(), *doc;
	const struct fault_info *f;
	char shard[32];
	size_t i;

	for (i = 0; i < c->ntargets; i++)
		json_array_append_new(targets, json_string(c->targets[i]));
	for (i = 0; i < c->nruns; i++) {
		struct run_rec *r = &c->runs[i];

		if (r->stopped)
			json_array_append_new(stopped, json_string(r->dir));
		if (!r->done || r->stopped)
			continue;
		/* A run that left no directory is listed with its failure only:
		 * a report reads every directory "runs" names. */
		if (r->has_dir)
			json_array_append_new(runs, json_string(r->dir));
		if (r->failed || r->mismatch || r->error)
			json_array_append_new(failures, failure_json(r));
	}
	for (f = fault_catalog(); f->name; f++) {
		json_t *e = json_object_get(json_object_get(c->coverage, "faults"), f->name);

		/* A fault swarms never draw, --only leaves out, every target
		 * excludes (or gives nothing to act on: no endpoints for an
		 * http/out fault) cannot be expected to fire. */
		if (fault_in_swarm(f) && chaos_allowed(c->o->only, f->name) &&
		    drawn_by_some_target(c, f->name) && had_chances(c, f) &&
		    json_integer_value(json_object_get(e, "fired")) <= 0)
			json_array_append_new(uncovered, json_string(f->name));
	}
	c->sum->uncovered = json_array_size(uncovered);
	snprintf(shard, sizeof(shard), "%d/%d", c->o->shard_k, c->o->shard_n);
	doc = json_pack("{s:s, s:s, s:{s:I, s:I}, s:o, s:o, s:s?, s:o, s:f, s:{s:I, s:I}, s:o, "
			"s:o, s:I, s:O, s:o, s:f}",
			"kind", "campaign", "version", "impchaos " IMPCHAOS_VERSION, "seeds", "from",
			(json_int_t)c->o->seed_from, "count", (json_int_t)nseeds, "budget",
			c->o->budget_s > 0 ? json_real(c->o->budget_s) : json_null(), "shard",
			c->o->shard_n > 1 ? json_string(shard) : json_null(), "duration",
			c->o->duration, "targets", targets, "recheck_share", c->o->recheck_share,
			"determinism_checks", "runs", (json_int_t)c->sum->rechecked, "mismatches",
			(json_int_t)c->sum->mismatches, "runs", runs, "failures", failures,
			"could_not_run", (json_int_t)c->sum->errors, "coverage", c->coverage,
			"uncovered", uncovered, "wall_s", chaos_now() - c->start);
	if (doc) {
		static const char *const mode[] = { "none", "first", "all" };

		/* null: each target's own duration, each seed's drawn start
		 * (every run's scenario.json has both). */
		json_object_set_new(doc, "start", c->o->start ? json_string(c->o->start) : json_null());
		json_object_set_new(doc, "failing_runs", json_integer(c->sum->failed));
		/* Whether a failing run was simulated to its end (--full-runs)
		 * or ended at its first failure (each verdict's cut_short). */
		json_object_set_new(doc, "stop_at_failure", json_boolean(!c->o->full_runs));
		{
			char vfor[32] = "";

			if (c->o->valgrind_for_us > 0)
				duration_format(c->o->valgrind_for_us, vfor, sizeof(vfor));
			json_object_set_new(doc, "valgrind", json_pack("{s:f, s:I, s:s?}", "sample",
				c->o->valgrind_sample, "runs", (json_int_t)c->sum->valgrind_runs,
				"for", vfor[0] ? vfor : NULL));
		}
		json_object_set_new(doc, "distinct_failures", json_integer(c->sum->groups));
		json_object_set_new(doc, "groups", chaos_groups_json(c));
		json_object_set_new(doc, "shrink", json_pack(
			"{s:s, s:o, s:f, s:I, s:I, s:b}", "mode", mode[c->o->shrink], "budget_s",
			c->o->shrink_budget_s > 0 ? json_real(c->o->shrink_budget_s) : json_null(),
			"wall_s", c->sum->shrink_s, "shrunk_runs", (json_int_t)c->sum->shrunk,
			"unshrunk_groups", (json_int_t)c->sum->unshrunk_groups, "budget_spent",
			c->shrink_budget_spent));
	}
	/* A campaign stopped by a signal says so, and which runs it killed. */
	if (doc && c->stop_sig) {
		json_object_set_new(doc, "interrupted", json_string(signal_name(c->stop_sig)));
		json_object_set_new(doc, "stopped_runs", stopped);
	} else {
		json_decref(stopped);
	}
	return doc;
}

/* "1m30s" of s seconds, to the second. */
static void eta_text(double s, char *buf, size_t len)
{
	duration_format((int64_t)(s > 0 ? s : 0) * 1000000, buf, len);
}

void chaos_progress(struct campaign *c, int final)
{
	double now = chaos_now(), el = now - c->start;
	double rate = el > 0 ? c->sum->runs / el * 60 : 0;
	char left[96] = "", eta[32];
	const struct chaos_opts *o = c->o;

	if (!o->progress)
		return;
	if (o->budget_s > 0) {
		eta_text(o->budget_s - el, eta, sizeof(eta));
		snprintf(left, sizeof(left), ", %s of budget left", eta);
	} else if (o->runs > 0 && rate > 0) {
		eta_text((o->runs - c->sum->runs) / rate * 60, eta, sizeof(eta));
		snprintf(left, sizeof(left), ", ETA %s", eta);
	}
	if (o->progress == CHAOS_PROGRESS_TTY) {
		fprintf(stderr, "\rchaos: %ld runs, %ld failed, %ld could not run, %ld mismatches, "
			"%.0f runs/min%s   %s", c->sum->runs, c->sum->failed, c->sum->errors,
			c->sum->mismatches, rate, left, final ? "\n" : "");
		fflush(stderr);
		return;
	}
	/* A CI log: a plain line now and then, and one at the end. */
	if (!final && c->sum->runs < c->last_progress_runs + CHAOS_PROGRESS_RUNS &&
	    now < c->last_progress + CHAOS_PROGRESS_S)
		return;
	c->last_progress = now;
	c->last_progress_runs = c->sum->runs;
	if (o->runs > 0)
		fprintf(stderr, "chaos: %ld of %ld runs done, %ld failed, %ld could not run%s%s\n",
			c->sum->runs, o->runs, c->sum->failed, c->sum->errors, left,
			final ? " (end)" : "");
	else
		fprintf(stderr, "chaos: %ld runs done, %ld failed, %ld could not run%s%s\n",
			c->sum->runs, c->sum->failed, c->sum->errors, left, final ? " (end)" : "");
	fflush(stderr);
}
