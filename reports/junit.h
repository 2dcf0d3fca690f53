/*
 * junit.h - the report's junit.xml, for CI test views. Reports side
 * (report.c -> junit.c -> tally.c / html.c); not part of the public report
 * API.
 */
#ifndef IMPCHAOS_JUNIT_H
#define IMPCHAOS_JUNIT_H

#include <stddef.h>

#include "campaign.h"
#include "run_page.h"

/* Writes JUnit XML for runs[0..n) (campaign facts from in) to path. 0, or
 * negative errno with err filled. */
int junit_write(const char *path, const struct report_run *runs, size_t n,
		const struct report_inputs *in, char *err, size_t errlen);

#endif
