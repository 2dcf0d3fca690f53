/*
 * run_failures.h - the failures of a run page and the trace around each
 * first violation. Reports side (run_page.c -> run_failures.c); not part
 * of the public report API.
 */
#ifndef IMPCHAOS_RUN_FAILURES_H
#define IMPCHAOS_RUN_FAILURES_H

#include "html.h"
#include "run_scan.h"

/* The "Failures" section (nothing when every invariant held): per failed
 * invariant its message, cause line and the candidates it was drawn from,
 * the shrunk reproducer, the replay command and the violating event (with
 * the element id "violation-<k>"). Fills sc->r->cause for the index. */
void run_failures_write(struct html *h, struct run_scan *sc);

/* The trace around each distinct first violation, each in a <details>
 * with the id "trace-<k>". */
void run_excerpts_write(struct html *h, const struct run_scan *sc);

#endif
