/*
 * tally.h - targets x invariants with pass and fail counts over a set of
 * runs: the table of index.html, the test cases of junit.xml and the
 * counts of summary.json all come from here. Reports side (index_page.c /
 * junit.c / summary.c -> tally.c); not part of the public report API.
 *
 * Rows (targets) and columns (invariants) are in first-seen order over
 * the runs as given, which keeps every output a pure function of its
 * inputs.
 */
#ifndef IMPCHAOS_TALLY_H
#define IMPCHAOS_TALLY_H

#include <stddef.h>
#include <jansson.h>

#include "run_page.h"

struct tally_cell {
	unsigned pass, fail;
};

struct tally {
	const char **rows, **cols;    /* borrowed from the runs */
	size_t nrows, ncols;
	unsigned *runs, *incomplete;  /* per row: runs, and runs without a verdict */
	struct tally_cell *cells;     /* nrows x ncols, row-major */
	unsigned ok, failed, nincomplete;  /* runs by status */
};

/* Counts runs[0..n). 0 or -ENOMEM; release t either way. The tally
 * borrows strings from runs, which must outlive it. */
int tally_build(struct tally *t, const struct report_run *runs, size_t n);

void tally_release(struct tally *t);

/* The cell of row r, column c. */
const struct tally_cell *tally_cell(const struct tally *t, size_t r, size_t c);

/* The name of an entry of a verdict's "invariants" ("?" when it has none). */
const char *tally_invariant_name(const json_t *inv);

/* The entry for invariant name in r's verdict (borrowed) and its index in
 * *k, or NULL when r did not check it (or has no verdict). */
json_t *tally_find(const struct report_run *r, const char *name, size_t *k);

#endif
