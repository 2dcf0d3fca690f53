/*
 * run_page.h - one run's HTML page, and the run directory as the report
 * sees it. Reports side: report.c loads the run directories, run_page.c
 * writes a page per run (reading its trace through run_scan.c) and hands
 * back what the index needs from the trace (fault coverage), and
 * index_page.c writes the index. Not part of the public report API.
 */
#ifndef IMPCHAOS_RUN_PAGE_H
#define IMPCHAOS_RUN_PAGE_H

#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

/* How often one fault point showed up in one run's trace. */
struct run_fault {
	char *name;           /* owned: "agent/restart" */
	int armed;            /* listed in run.start's faults */
	uint64_t fired;       /* "fault" events */
	uint64_t skipped;     /* "fault.skip" events */
};

/* One run directory as given to report_write. */
struct report_run {
	char *dir;            /* owned copy of the path given */
	json_t *scenario;     /* owned: scenario.json, an object */
	json_t *verdict;      /* owned: verdict.json, NULL for an incomplete run */
	char *no_verdict;     /* owned: why verdict is NULL ("no verdict.json"), or NULL */
	char *page;           /* owned: "runs/1-power_meter-naive-s1.html" */
	json_t *reproducer;   /* owned: reproducer.json (a shrunk failure), or NULL */
	int campaign;         /* index of the campaign that listed it, -1 if none */

	/* Filled by run_page_write. */
	struct run_fault *faults;  /* owned, nfaults entries, in first-seen order */
	size_t nfaults;
	int trace_read;       /* 1 when trace.jsonl was found and read */
	struct run_scan *live;  /* borrowed: the run's events as fed while it ran
				 * (report_write_live), or NULL: read the trace */
	char **cause;         /* owned: per invariant of the verdict, its cause line
			       * (cause_headline), NULL where none */
	size_t ncause;
};

/* The scenario's (or failing that the verdict's) string field key, or
 * fallback. Borrowed from r. */
const char *run_field(const struct report_run *r, const char *key, const char *fallback);

/* The command that runs r's scenario again: the verdict's "replay", else
 * the scenario's "command", else "?". Borrowed from r. */
const char *run_replay(const struct report_run *r);

/* "ok", "FAIL", or "incomplete" when r has no verdict. */
const char *run_status(const struct report_run *r);

struct html;
struct run_scan;

/* A shrunk reproducer (reproducer.json): its invariant, how many faults
 * it kept, its schedule and the command that runs it. */
void run_reproducer_write(struct html *h, const json_t *rep);

/* A fault schedule: as is when it has at most three entries, else their
 * count with the entries one per line in a <details>. */
void run_schedule_write(struct html *h, const char *faults);

/* The command that runs r again (run_replay) after "LABEL:", collapsed
 * into a <details> when its schedule has more than three entries. */
void run_command_write(struct html *h, const struct report_run *r, const char *label);

/* Writes r's page to path, reading DIR/trace.jsonl (unless r->live holds
 * its events already), agent.log and device.log as they are (a missing
 * trace is said on the page). Fills r->faults. 0, or negative errno with
 * err filled. */
int run_page_write(struct report_run *r, const char *path, char *err, size_t errlen);

#endif
