/*
 * index_page.h - the report's index.html. Reports side (report.c ->
 * index_page.c -> html.c); not part of the public report API.
 */
#ifndef IMPCHAOS_INDEX_PAGE_H
#define IMPCHAOS_INDEX_PAGE_H

#include <stddef.h>

#include "campaign.h"
#include "run_page.h"

/* Writes the index of runs[0..n) to path, with the facts of the campaigns
 * in `in`. The run pages must have been written (run_page_write fills the
 * fault counts shown here). 0, or negative errno with err filled. */
int index_page_write(const char *path, const struct report_run *runs, size_t n,
		     const struct report_inputs *in, char *err, size_t errlen);

#endif
