/*
 * report.h - the HTML report of a set of runs (DESIGN.md section 6).
 * Reports side: reads run directories the harness left (scenario.json,
 * verdict.json, trace.jsonl, agent.log, device.log) and writes
 * self-contained HTML (inline CSS and SVG, no script, no network) that
 * opens from a CI artifact.
 *
 *   OUT/index.html        targets x invariants with pass/fail counts, the
 *                         list of runs, every failure with its replay
 *                         command, fault coverage
 *   OUT/runs/N-....html   one page per run: scenario, verdict, the trace
 *                         around each first violation, timeline, plots of
 *                         observed values, last log messages, replay
 *
 * The same inputs give byte-identical output: nothing of the wall clock,
 * the host or the output path goes into a page. Everything a target or
 * a log produced is HTML-escaped.
 */
#ifndef IMPCHAOS_REPORT_H
#define IMPCHAOS_REPORT_H

#include <stddef.h>

/*
 * Writes OUT/index.html and OUT/runs/<n>-<target>-<variant>-s<seed>.html
 * (one page per run given, n counting from 1 in the order given; characters
 * other than letters, digits, '_', '.' and '-' in the name become '_') from
 * the run directories run_dirs[0..n). Creates OUT and OUT/runs if missing.
 *
 * A directory with scenario.json but no verdict.json is an incomplete run:
 * it is listed as such and gets a page from what its trace holds. On a run
 * page the first violating event of the invariant at index k of
 * verdict.json's "invariants" has the element id "violation-<k>".
 *
 * Returns 0, or negative errno with err filled (at most errlen bytes):
 *   -ENOENT  "'X' is not a run directory (no scenario.json)"
 *   -EINVAL  scenario.json is not a JSON object
 *   other    "cannot write 'X': Permission denied (choose another output
 *            directory)", or -ENOMEM.
 * Every run directory's scenario.json and verdict.json are read before
 * anything is written, so a directory that is not a run leaves no partial
 * report. The caller keeps ownership of all arguments.
 */
int report_write(const char *const *run_dirs, size_t n, const char *out_dir, char *err,
		 size_t errlen);

#endif
