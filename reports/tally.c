/*
 * tally.c - targets x invariants with pass and fail counts (see tally.h).
 * Reports side (index_page.c / junit.c / summary.c -> tally.c).
 *
 * A cell counts, over the runs of its target that have a verdict, the runs
 * in which its invariant held and those in which it failed. A run that
 * did not check the invariant counts in neither; a run without a verdict
 * counts only in its row's "incomplete".
 */
#include "tally.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static size_t find_or_add(const char **v, size_t *n, const char *s)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(v[i], s))
			return i;
	v[*n] = s;
	return (*n)++;
}

const char *tally_invariant_name(const json_t *inv)
{
	const char *s = json_string_value(json_object_get(inv, "invariant"));

	return s ? s : "?";
}

json_t *tally_find(const struct report_run *r, const char *name, size_t *k)
{
	json_t *inv;
	size_t i;

	json_array_foreach(json_object_get(r->verdict, "invariants"), i, inv) {
		if (!strcmp(tally_invariant_name(inv), name)) {
			if (k)
				*k = i;
			return inv;
		}
	}
	return NULL;
}

void tally_release(struct tally *t)
{
	free(t->rows);
	free(t->cols);
	free(t->runs);
	free(t->incomplete);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

const struct tally_cell *tally_cell(const struct tally *t, size_t r, size_t c)
{
	return &t->cells[r * t->ncols + c];
}

int tally_build(struct tally *t, const struct report_run *runs, size_t n)
{
	size_t maxcols = 0, i, j;
	json_t *inv;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < n; i++)
		maxcols += json_array_size(json_object_get(runs[i].verdict, "invariants"));
	t->rows = calloc(n + 1, sizeof(*t->rows));
	t->cols = calloc(maxcols + 1, sizeof(*t->cols));
	t->runs = calloc(n + 1, sizeof(*t->runs));
	t->incomplete = calloc(n + 1, sizeof(*t->incomplete));
	if (!t->rows || !t->cols || !t->runs || !t->incomplete)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		find_or_add(t->rows, &t->nrows, run_field(&runs[i], "target", "unknown"));
		json_array_foreach(json_object_get(runs[i].verdict, "invariants"), j, inv)
			find_or_add(t->cols, &t->ncols, tally_invariant_name(inv));
	}
	t->cells = calloc(t->nrows * t->ncols + 1, sizeof(*t->cells));
	if (!t->cells)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		size_t row = find_or_add(t->rows, &t->nrows, run_field(&runs[i], "target", "unknown"));
		const char *status = run_status(&runs[i]);

		*(!strcmp(status, "ok") ? &t->ok : !strcmp(status, "FAIL") ? &t->failed
		  : &t->nincomplete) += 1;
		t->runs[row]++;
		if (!runs[i].verdict)
			t->incomplete[row]++;
		json_array_foreach(json_object_get(runs[i].verdict, "invariants"), j, inv) {
			size_t col = find_or_add(t->cols, &t->ncols, tally_invariant_name(inv));
			struct tally_cell *c = &t->cells[row * t->ncols + col];

			if (json_is_true(json_object_get(inv, "ok")))
				c->pass++;
			else
				c->fail++;
		}
	}
	return 0;
}
