/*
 * chaos_group.c - a campaign's failures grouped by signature, and which of
 * them to shrink. Campaign side (chaos.c -> chaos_group.c).
 *
 * DESIGN
 * On a target with one bug almost every seed fails the same way, and
 * shrinking each of them costs many runs to learn one thing. So once every
 * run (and re-check) of the campaign has ended, its failed runs are grouped
 * by signature (chaos_signature: target, first failing invariant, the kind
 * of its first violating event), and with --shrink first (the default) one
 * run per group is shrunk: the one that injected the fewest faults, ties by
 * seed. The other members are recorded unshrunk with their seeds and
 * replay commands. Waiting for every run makes the choice independent of
 * the number of jobs: the same seeds give the same groups and reproducers.
 *
 * A signature can merge different bugs that fail the same invariant at the
 * same kind of event. A shrink tells more: the fault kinds the reproducer
 * needs, which join the signature once it is known. So when more than one
 * member of a group is shrunk (--shrink all shrinks every failure), members
 * whose reproducers need different kinds are split into groups of their
 * own; with --shrink first only one member is shrunk, and what it merged
 * stays merged (README, Chaos campaigns, says what that may hide).
 *
 *   PENDING --chosen [chaos_groups_next]--> SHRINKING
 *   SHRINKING --reproducer [chaos_groups_shrunk]--> SHRUNK
 *   SHRINKING --no reproducer, budget spent--> UNSHRUNK
 *   PENDING --none, budget, stop [chaos_groups_finish]--> UNSHRUNK
 *
 * With --shrink all every failed run is a group of its own, shrunk; groups
 * with the same signature and reproducer kinds are merged at the end, so a
 * signature whose members needed different kinds gives several groups.
 */
#include "chaos_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "faults/schedule.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ",A,B," of names[0..n) sorted and without repeats; malloc'd. */
static char *kinds_text(char **names, size_t n)
{
	size_t i, len = 2;
	char *s;

	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	s = malloc(len);
	if (!s)
		abort();
	strcpy(s, ",");
	for (i = 0; i < n; i++)
		if (!i || strcmp(names[i], names[i - 1]))
			strcat(strcat(s, names[i]), ",");
	return s;
}

/* The fault kinds of a reproducer's schedule, ",A,B,"; malloc'd, NULL
 * when it has none readable. */
static char *reproducer_kinds(const json_t *rep)
{
	struct schedule s = { 0 };
	char err[256], **names, *out;
	size_t i;

	if (schedule_parse(json_string_value(json_object_get(rep, "faults")) ?: "", &s, err,
			   sizeof(err)) < 0)
		return NULL;
	names = calloc(s.n + 1, sizeof(*names));
	if (!names)
		abort();
	for (i = 0; i < s.n; i++)
		names[i] = s.v[i].fault;
	out = kinds_text(names, s.n);
	free(names);
	schedule_release(&s);
	return out;
}

/* sig followed by " | A,B" of kinds ",A,B," (" | no faults" for ","):
 * the signature once shrunk. Takes sig, returns a new malloc'd one. */
static char *with_kinds(char *sig, const char *kinds)
{
	char *out = NULL;
	int n = (int)strlen(kinds) - 2;

	if (asprintf(&out, "%s | %.*s", sig, n > 0 ? n : 9, n > 0 ? kinds + 1 : "no faults") < 0)
		abort();
	free(sig);
	return out;
}

char *chaos_signature(const char *target, const json_t *verdict, const json_t *reproducer)
{
	const json_t *inv, *ev;
	char *sig = NULL, *kinds = NULL;
	size_t i;

	json_array_foreach(json_object_get(verdict, "invariants"), i, inv) {
		if (json_is_true(json_object_get(inv, "ok")))
			continue;
		ev = json_object_get(json_object_get(json_object_get(inv, "first_violation"),
						     "event"), "ev");
		if (reproducer)
			kinds = reproducer_kinds(reproducer);
		if (asprintf(&sig, "%s | %s | %s", target,
			     json_string_value(json_object_get(inv, "invariant")) ?: "?",
			     json_string_value(ev) ?: "-") < 0)
			abort();
		if (kinds)
			sig = with_kinds(sig, kinds);
		free(kinds);
		return sig;
	}
	return NULL;
}

/* Reads what grouping needs of failed run r: its signature and how many
 * injections it made, all faults together. */
static void run_facts(struct campaign *c, struct run_rec *r)
{
	char path[4300];
	const char *name;
	json_t *v, *f;

	snprintf(path, sizeof(path), "%s/%s/verdict.json", c->o->out_dir, r->dir);
	v = json_load_file(path, 0, NULL);
	r->signature = chaos_signature(r->target, v, NULL);
	if (!r->signature && asprintf(&r->signature, "%s | %s | -", r->target,
				      r->failures ? r->failures : "?") < 0)
		abort();
	json_object_foreach(json_object_get(json_object_get(v, "coverage"), "faults"), name, f)
		r->injected += (long)json_integer_value(json_object_get(f, "injected"));
	json_decref(v);
}

static size_t group_new(struct campaign *c, const char *signature)
{
	struct fail_group *g;

	if (c->ngroups == c->gcap) {
		c->gcap = c->gcap ? 2 * c->gcap : 16;
		c->groups = realloc(c->groups, c->gcap * sizeof(*c->groups));
		if (!c->groups)
			abort();
	}
	g = &c->groups[c->ngroups];
	memset(g, 0, sizeof(*g));
	g->signature = strdup(signature);
	g->rep = -1;
	return c->ngroups++;
}

static void group_add(struct campaign *c, size_t gi, size_t run)
{
	struct fail_group *g = &c->groups[gi];

	if (g->n == g->cap) {
		g->cap = g->cap ? 2 * g->cap : 8;
		g->members = realloc(g->members, g->cap * sizeof(*g->members));
		if (!g->members)
			abort();
	}
	g->members[g->n++] = run;
	c->runs[run].group = (long)gi;
}

void chaos_groups_form(struct campaign *c)
{
	size_t i, k;

	c->grouped = 1;
	for (i = 0; i < c->nruns; i++) {
		struct run_rec *r = &c->runs[i];

		r->group = -1;
		if (!r->done || r->stopped || r->error || !r->failed)
			continue;
		run_facts(c, r);
		/* Runs come in the order they were started, which the seeds
		 * decide: the same campaign forms the same groups. */
		for (k = 0; c->o->shrink != CHAOS_SHRINK_ALL && k < c->ngroups; k++)
			if (!strcmp(c->groups[k].signature, r->signature))
				break;
		if (c->o->shrink == CHAOS_SHRINK_ALL || k == c->ngroups)
			k = group_new(c, r->signature);
		group_add(c, k, i);
	}
}

/* The member that injected the fewest faults, ties by seed. */
static long representative(const struct campaign *c, const struct fail_group *g)
{
	long best = -1;
	size_t i;

	for (i = 0; i < g->n; i++) {
		const struct run_rec *r = &c->runs[g->members[i]], *b;

		if (best < 0) {
			best = (long)g->members[i];
			continue;
		}
		b = &c->runs[best];
		if (r->injected < b->injected || (r->injected == b->injected && r->seed < b->seed))
			best = (long)g->members[i];
	}
	return best;
}

long chaos_groups_next(struct campaign *c)
{
	size_t k;

	if (c->o->shrink == CHAOS_SHRINK_NONE)
		return -1;
	for (k = 0; k < c->ngroups; k++) {
		struct fail_group *g = &c->groups[k];

		if (g->state != GROUP_PENDING)
			continue;
		g->rep = representative(c, g);
		g->state = GROUP_SHRINKING;
		return g->rep;
	}
	return -1;
}

void chaos_groups_shrunk(struct campaign *c, size_t i)
{
	struct run_rec *r = &c->runs[i];
	struct fail_group *g;
	if (r->group < 0)
		return;
	g = &c->groups[r->group];
	if (!r->reproducer || !(g->kinds = reproducer_kinds(r->reproducer))) {
		g->state = GROUP_UNSHRUNK;
		g->why = r->unshrunk_why ? r->unshrunk_why : "its shrinking failed (see its .shrink.out)";
		return;
	}
	g->state = GROUP_SHRUNK;
}

static int cmp_group(const void *a, const void *b)
{
	const struct fail_group *x = a, *y = b;

	return x->members[0] < y->members[0] ? -1 : x->members[0] > y->members[0];
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* --shrink all: groups of one with equal signatures and reproducer kinds
 * become one, represented by the member with the fewest injected faults. */
static void merge_equal(struct campaign *c)
{
	size_t a, b, out = 0;

	for (a = 0; a < c->ngroups; a++) {
		struct fail_group *g = &c->groups[a];

		if (!g->n)
			continue;
		for (b = a + 1; b < c->ngroups; b++) {
			struct fail_group *h = &c->groups[b];

			if (!h->n || strcmp(g->signature, h->signature) || g->state != h->state ||
			    (g->kinds && strcmp(g->kinds, h->kinds)))
				continue;
			for (size_t k = 0; k < h->n; k++)
				group_add(c, a, h->members[k]);
			h->n = 0;
		}
		if (g->rep >= 0)
			g->rep = representative(c, g);
	}
	for (a = 0; a < c->ngroups; a++) {
		if (c->groups[a].n) {
			c->groups[out++] = c->groups[a];
			continue;
		}
		free(c->groups[a].signature);
		free(c->groups[a].kinds);
		free(c->groups[a].members);
	}
	c->ngroups = out;
}

void chaos_groups_finish(struct campaign *c)
{
	size_t k, m;

	for (k = 0; k < c->ngroups; k++) {
		struct fail_group *g = &c->groups[k];

		if (g->state == GROUP_SHRUNK || g->state == GROUP_UNSHRUNK)
			continue;
		g->state = GROUP_UNSHRUNK;
		/* Its first failure stands for it all the same. */
		if (g->rep < 0)
			g->rep = representative(c, g);
		g->why = c->o->shrink == CHAOS_SHRINK_NONE ? "not shrunk (--shrink none)"
			 : c->shrink_budget_spent ? "the shrink budget was spent"
			 : c->stop_sig ? "the campaign was stopped" : "not shrunk";
	}
	if (c->o->shrink == CHAOS_SHRINK_ALL)
		merge_equal(c);
	for (k = 0; k < c->ngroups; k++)
		if (c->groups[k].n)
			qsort(c->groups[k].members, c->groups[k].n, sizeof(size_t), cmp_size);
	/* Splits are appended as shrinks end, in an order the jobs decide:
	 * the first run of each group orders them. (qsort must not be given
	 * the NULL of a campaign with no group.) */
	if (c->ngroups)
		qsort(c->groups, c->ngroups, sizeof(*c->groups), cmp_group);
	c->sum->groups = (long)c->ngroups;
	c->sum->unshrunk_groups = 0;
	for (k = 0; k < c->ngroups; k++) {
		c->sum->unshrunk_groups += c->groups[k].state != GROUP_SHRUNK;
		for (m = 0; m < c->groups[k].n; m++)
			c->runs[c->groups[k].members[m]].group = (long)k;
	}
}

json_t *chaos_groups_json(const struct campaign *c)
{
	json_t *out = json_array();
	size_t k, m;

	for (k = 0; k < c->ngroups; k++) {
		const struct fail_group *g = &c->groups[k];
		const struct run_rec *rep = g->rep >= 0 ? &c->runs[g->rep] : NULL;
		json_t *members = json_array(), *kinds = json_null(), *e;
		char *sig = strdup(g->signature);

		if (g->kinds) {
			char *p, *save = NULL, *copy = strdup(g->kinds);

			kinds = json_array();
			for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save))
				json_array_append_new(kinds, json_string(p));
			free(copy);
		}
		for (m = 0; m < g->n; m++) {
			const struct run_rec *r = &c->runs[g->members[m]];

			json_array_append_new(members, json_pack(
				"{s:s, s:I, s:I, s:b, s:o}", "run", r->dir, "seed", (json_int_t)r->seed,
				"faults_injected", (json_int_t)r->injected, "shrunk",
				(long)g->members[m] == g->rep && g->state == GROUP_SHRUNK, "replay",
				json_sprintf("impchaos replay %s/%s", c->o->out_dir, r->dir)));
		}
		if (g->kinds)
			sig = with_kinds(sig, g->kinds);
		e = json_pack("{s:I, s:s, s:s, s:o, s:I, s:b, s:o, s:o, s:O, s:o}", "id",
			      (json_int_t)(k + 1), "signature", sig, "target",
			      c->runs[g->members[0]].target, "fault_kinds", kinds, "runs",
			      (json_int_t)g->n, "shrunk", g->state == GROUP_SHRUNK, "representative",
			      rep ? json_string(rep->dir) : json_null(), "representative_seed",
			      rep ? json_integer((json_int_t)rep->seed) : json_null(), "reproducer",
			      rep && rep->reproducer ? rep->reproducer : json_null(), "members",
			      members);
		if (g->state != GROUP_SHRUNK)
			json_object_set_new(e, "unshrunk_why", json_string(g->why ? g->why : "not shrunk"));
		json_array_append_new(out, e);
		free(sig);
	}
	return out;
}

void chaos_groups_release(struct campaign *c)
{
	size_t k;

	for (k = 0; k < c->ngroups; k++) {
		free(c->groups[k].signature);
		free(c->groups[k].kinds);
		free(c->groups[k].members);
	}
	free(c->groups);
	c->groups = NULL;
	c->ngroups = 0;
}
