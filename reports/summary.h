/*
 * summary.h - the report's summary.json, for scripts and CI. Reports side
 * (report.c -> summary.c -> tally.c); not part of the public report API.
 * The format is described in report.h.
 */
#ifndef IMPCHAOS_SUMMARY_H
#define IMPCHAOS_SUMMARY_H

#include <stddef.h>

#include "campaign.h"
#include "run_page.h"

/* Writes summary.json for runs[0..n) (campaign facts from in) to path. 0,
 * or negative errno with err filled. */
int summary_write(const char *path, const struct report_run *runs, size_t n,
		  const struct report_inputs *in, char *err, size_t errlen);

#endif
