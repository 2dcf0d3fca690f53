/*
 * index_groups.h - the failures of the index, grouped. Reports side
 * (index_page.c -> index_groups.c -> html.c); not part of the public
 * report API.
 */
#ifndef IMPCHAOS_INDEX_GROUPS_H
#define IMPCHAOS_INDEX_GROUPS_H

#include <stddef.h>

#include "campaign.h"
#include "html.h"
#include "run_page.h"

/*
 * Writes the "Failures" section: the failed runs of runs[0..n) in groups,
 * each with its count, one representative written out (the failed
 * invariants with their messages and cause lines, the shrunk reproducer,
 * the replay command) and the other members as links to their pages.
 *
 * A run that a campaign of `in` grouped (campaign.json "groups": members
 * by run directory) is in that group, named by its signature. Any other
 * failed run is grouped by target x first failed invariant x the fault
 * kinds its shrunk reproducer needs ("not shrunk" without one). The
 * representative is the member with the shortest reproducer (fewest
 * faults), else the one whose schedule had the fewest faults; ties go to
 * the first given. Groups come largest first, then in the order of their
 * first member. 0 or -ENOMEM.
 */
int index_groups_write(struct html *h, const struct report_run *runs, size_t n,
		       const struct report_inputs *in);

#endif
