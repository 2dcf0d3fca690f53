/*
 * index_groups.c - the index's failures, grouped so that ten runs failing
 * the same way read as one failure with ten seeds. Reports side
 * (index_page.c -> index_groups.c -> html.c); index_groups.h says how
 * runs are grouped and which one represents its group.
 */
#include "index_groups.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"

/* Other members linked by seed before "and N more". */
#define GROUP_LINKS_MAX 60

struct group {
	char *key;            /* owned: what the members share */
	const char *label;    /* borrowed signature, or key */
	size_t *members;      /* owned: indexes into runs, in the order given */
	size_t n;
	size_t rep;           /* the representative's index into runs */
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ",kind,kind" of a schedule's fault names (the first word of an entry
 * with a '/' and no '='), sorted, without repeats; malloc'd. */
static char *kinds_of(const char *faults)
{
	char *copy = strdup(faults ? faults : ""), *names[256], *save = NULL, *tok, *out;
	size_t n = 0, len = 1, i;

	if (!copy)
		return NULL;
	for (tok = strtok_r(copy, " \t\n;", &save); tok; tok = strtok_r(NULL, " \t\n;", &save))
		if (strchr(tok, '/') && !strchr(tok, '=') && n < 256)
			names[n++] = tok;
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		len += strlen(names[i]) + 1;
	if (!(out = malloc(len + 16))) {
		free(copy);
		return NULL;
	}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		if (!i || strcmp(names[i], names[i - 1])) {
			strcat(out, i ? "," : "");
			strcat(out, names[i]);
		}
	free(copy);
	return out;
}

/* The first failed invariant's name, or "?". */
static const char *first_failed(const struct report_run *r)
{
	json_t *inv;
	size_t k;

	json_array_foreach(json_object_get(r->verdict, "invariants"), k, inv)
		if (!json_is_true(json_object_get(inv, "ok")))
			return event_str(inv, "invariant") ? event_str(inv, "invariant") : "?";
	return "?";
}

/* The campaign group that lists r as a member: its key and signature. */
static int campaign_group(const struct report_run *r, const struct report_inputs *in,
			  char **key, const char **label)
{
	const struct report_campaign *c;
	json_t *g, *m;
	size_t i, j;

	if (r->campaign < 0 || (size_t)r->campaign >= in->ncamps)
		return 0;
	c = &in->camps[r->campaign];
	json_array_foreach(json_object_get(c->raw, "groups"), i, g) {
		json_array_foreach(json_object_get(g, "members"), j, m) {
			const char *run = event_str(m, "run");
			size_t dl = strlen(c->dir);

			if (!run)
				continue;
			if (run[0] == '/' ? strcmp(r->dir, run) :
			    strncmp(r->dir, c->dir, dl) || r->dir[dl] != '/' || strcmp(r->dir + dl + 1, run))
				continue;
			if (asprintf(key, "campaign %d group %lld", r->campaign,
				     event_int(g, "id", (long long)i)) < 0)
				return -ENOMEM;
			*label = event_str(g, "signature");
			return 1;
		}
	}
	return 0;
}

static long long reproducer_size(const struct report_run *r)
{
	return r->reproducer ? event_int(r->reproducer, "faults_after", 1LL << 40) : -1;
}

/* Entries of r's schedule (';' or newline separated). */
static long long schedule_size(const struct report_run *r)
{
	const char *p = run_field(r, "faults", "");
	long long n = 0;

	for (; *p; p += strcspn(p, ";\n")) {
		p += strspn(p, ";\n \t");
		n += *p != '\0' && *p != '#';
	}
	return n;
}

/* 1 when run a is a better representative than run b. */
static int better(const struct report_run *a, const struct report_run *b)
{
	long long ra = reproducer_size(a), rb = reproducer_size(b);

	if ((ra >= 0) != (rb >= 0))
		return ra >= 0;
	if (ra >= 0 && ra != rb)
		return ra < rb;
	return schedule_size(a) < schedule_size(b);
}

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return x->members[0] < y->members[0] ? -1 : x->members[0] > y->members[0];
}

static int build(struct group **out, size_t *nout, const struct report_run *runs, size_t n,
		 const struct report_inputs *in)
{
	struct group *g = NULL;
	size_t ng = 0, i, k;
	int rc = 0;

	for (i = 0; i < n; i++) {
		const struct report_run *r = &runs[i];
		const char *label = NULL;
		char *key = NULL, *kinds;
		size_t *mv;

		if (!r->verdict || json_is_true(json_object_get(r->verdict, "ok")))
			continue;
		if ((rc = campaign_group(r, in, &key, &label)) < 0)
			break;
		if (!rc) {
			if (!(kinds = kinds_of(event_str(r->reproducer, "faults"))))
				return -ENOMEM;
			if (asprintf(&key, "%s | %s | %s", run_field(r, "target", "?"), first_failed(r),
				     !r->reproducer ? "not shrunk" : *kinds ? kinds : "no faults") < 0)
				key = NULL;
			free(kinds);
			if (!key) {
				rc = -ENOMEM;
				break;
			}
		}
		rc = 0;
		for (k = 0; k < ng && strcmp(g[k].key, key); k++)
			;
		if (k == ng) {
			struct group *v = realloc(g, (ng + 1) * sizeof(*g));

			if (!v) {
				free(key);
				rc = -ENOMEM;
				break;
			}
			g = v;
			g[ng++] = (struct group){ .key = key, .label = label ? label : NULL, .rep = i };
		} else {
			free(key);
		}
		if (!(mv = realloc(g[k].members, (g[k].n + 1) * sizeof(*mv)))) {
			rc = -ENOMEM;
			break;
		}
		g[k].members = mv;
		mv[g[k].n++] = i;
		if (better(r, &runs[g[k].rep]))
			g[k].rep = i;
	}
	for (k = 0; k < ng; k++)
		if (!g[k].label)
			g[k].label = g[k].key;
	if (ng)
		qsort(g, ng, sizeof(*g), cmp_group);
	*out = g;
	*nout = ng;
	return rc;
}

static void write_rep(struct html *h, const struct report_run *r)
{
	const char *shown = NULL;
	json_t *inv;
	size_t k;

	html_raw(h, "<p>Representative: <a href=\"");
	html_text(h, r->page);
	html_raw(h, "\"><code>");
	html_text(h, run_field(r, "target", "?"));
	html_raw(h, "</code> seed ");
	html_text(h, run_field(r, "seed", "?"));
	html_raw(h, "</a></p>\n<ul>\n");
	json_array_foreach(json_object_get(r->verdict, "invariants"), k, inv) {
		if (json_is_true(json_object_get(inv, "ok")))
			continue;
		html_raw(h, "<li><a href=\"");
		html_text(h, r->page);
		html_printf(h, "#violation-%zu\"><code>", k);
		html_text(h, event_str(inv, "invariant"));
		html_raw(h, "</code></a>: ");
		html_text(h, event_str(inv, "message"));
		/* Invariants failing at one event share a cause: it is said once. */
		if (k < r->ncause && r->cause[k] && shown && !strcmp(shown, r->cause[k])) {
			html_raw(h, "<br><span class=\"cause muted\">Cause: the same</span>");
		} else if (k < r->ncause && r->cause[k]) {
			shown = r->cause[k];
			html_raw(h, "<br><span class=\"cause\"><b>Cause:</b> ");
			html_text(h, r->cause[k]);
			html_raw(h, "</span>");
		}
		html_raw(h, "</li>\n");
	}
	html_raw(h, "</ul>\n");
	if (r->reproducer)
		run_reproducer_write(h, r->reproducer);
	run_command_write(h, r, r->reproducer ? "Replay the whole run" : "Replay");
}

static void write_group(struct html *h, const struct group *g, const struct report_run *runs)
{
	size_t i, shown = 0;

	html_raw(h, "<div class=\"failure group\"><h3><code>");
	html_text(h, g->label);
	html_printf(h, "</code> <span class=\"fail\">%zu failing run%s</span></h3>\n", g->n,
		    g->n == 1 ? "" : "s");
	write_rep(h, &runs[g->rep]);
	if (g->n < 2) {
		html_raw(h, "</div>\n");
		return;
	}
	html_printf(h, "<p class=\"others\">%zu other%s failing the same way:", g->n - 1,
		    g->n == 2 ? "" : "s");
	for (i = 0; i < g->n; i++) {
		const struct report_run *r = &runs[g->members[i]];

		if (g->members[i] == g->rep)
			continue;
		if (shown++ == GROUP_LINKS_MAX) {
			html_printf(h, " and %zu more (the runs table lists them)", g->n - 1 -
				    GROUP_LINKS_MAX);
			break;
		}
		html_raw(h, " <a href=\"");
		html_text(h, r->page);
		html_raw(h, "\">seed ");
		html_text(h, run_field(r, "seed", "?"));
		html_raw(h, "</a>");
	}
	html_raw(h, "</p>\n</div>\n");
}

int index_groups_write(struct html *h, const struct report_run *runs, size_t n,
		       const struct report_inputs *in)
{
	struct group *g = NULL;
	size_t ng = 0, k, nfailed = 0;
	int rc = build(&g, &ng, runs, n, in);

	if (rc == 0 && ng) {
		for (k = 0; k < ng; k++)
			nfailed += g[k].n;
		html_printf(h, "<h2 id=\"failures\">Failures <span class=\"muted\">(%zu failing "
			    "run%s in %zu group%s)</span></h2>\n", nfailed, nfailed == 1 ? "" : "s",
			    ng, ng == 1 ? "" : "s");
		for (k = 0; k < ng; k++)
			write_group(h, &g[k], runs);
	}
	for (k = 0; k < ng; k++) {
		free(g[k].key);
		free(g[k].members);
	}
	free(g);
	return rc;
}
