/*
 * report.h - the report of a set of runs. Reports
 * side: reads the directories the harness left - run directories
 * (scenario.json, verdict.json, trace.jsonl, agent.log, device.log,
 * reproducer.json) and campaign directories (campaign.json listing run
 * directories) - and writes self-contained HTML (inline CSS and SVG, no
 * script, no network) that opens from a CI artifact, and files for CI.
 *
 *   OUT/index.html        campaign facts (seeds, budget, version,
 *                         determinism checks), targets x invariants with
 *                         pass/fail counts, the list of runs, every failure
 *                         with its replay command, fault coverage
 *   OUT/runs/N-....html   one page per run: scenario, verdict, the trace
 *                         around each first violation, timeline, plots of
 *                         observed values, last log messages, replay
 *   OUT/junit.xml         a testsuite per target, a testcase per target x
 *                         invariant over all its runs (junit.c says why)
 *   OUT/summary.json      the same for scripts (below)
 *
 * The same inputs give byte-identical output: nothing of the wall clock,
 * the host or the output path goes into a file. Everything a target or
 * a log produced is escaped.
 *
 * summary.json:
 *   {"kind": "impchaos-report", "ok": false,
 *    "totals": {"runs", "ok", "failed", "incomplete", "targets", "invariants",
 *               "checks_passed", "checks_failed", "failures",
 *               "determinism_checks": {"runs", "mismatches"}},
 *    "campaign": {...merged facts...},         (report_merge only)
 *    "campaigns": [{...facts...}, ...],        (campaign.h describes facts)
 *    "targets": [{"target", "runs", "incomplete",
 *                 "invariants": [{"invariant", "pass", "fail"}]}],
 *    "runs": [{"run", "page", "target", "seed", "duration", "faults",
 *              "campaign", "status": "ok"|"FAIL"|"incomplete", "failed": [...],
 *              "replay", "trace_hash"}],
 *    "failures": [{"target", "invariant", "seed", "run", "page", "campaign",
 *                  "message", "first_violation", "replay", "reproducer"}]}
 * "ok" is true when every run finished and held, no determinism
 * re-check differed and, for a merge, no shard is missing.
 */
#ifndef IMPCHAOS_REPORT_H
#define IMPCHAOS_REPORT_H

#include <stddef.h>
#include <jansson.h>

/*
 * Writes the report of dirs[0..n) into out_dir: index.html, junit.xml,
 * summary.json and runs/<n>-<target>-<variant>-s<seed>.html (one page per
 * run, n counting from 1 in the order given; characters other than
 * letters, digits, '_', '.' and '-' in the name become '_'). Creates OUT
 * and OUT/runs if missing.
 *
 * Each of dirs is a run directory, or a campaign directory (one holding
 * campaign.json), which stands for the runs it lists and adds its facts
 * to the index. Two campaigns given give two sets of facts.
 *
 * A directory with scenario.json but no verdict.json is an incomplete run:
 * it is listed as such and gets a page from what its trace holds. On a run
 * page the first violating event of the invariant at index k of
 * verdict.json's "invariants" has the element id "violation-<k>".
 *
 * Returns 0, or negative errno with err filled (at most errlen bytes):
 *   -ENOENT  "'X' is not a run directory (no scenario.json)"
 *   -EINVAL  scenario.json is not a JSON object, campaign.json malformed
 *   other    "cannot write 'X': Permission denied (choose another output
 *            directory)", or -ENOMEM.
 * Every campaign.json, scenario.json and verdict.json is read before
 * anything is written, so a directory that is not a run leaves no partial
 * report; index.html is written last. The caller keeps ownership of all
 * arguments.
 */
int report_write(const char *const *dirs, size_t n, const char *out_dir, char *err,
		 size_t errlen);

/*
 * Like report_write, for the outputs of the shards of one campaign
 * (`impchaos chaos --shard K/N`, each a campaign directory): one report of
 * all their runs whose facts are combined - every shard's seeds, the seed
 * range covered, determinism checks added up, missing shards named.
 * -EINVAL with err when one of dirs is not a campaign directory, or they
 * are not shards of one campaign (different shard counts or first seeds,
 * a shard given twice).
 */
int report_merge(const char *const *shard_dirs, size_t n, const char *out_dir, char *err,
		 size_t errlen);

/*
 * A run's report fed as the run goes, so that `impchaos run` does not
 * read its trace.jsonl back: report_live_new before the run, the harness
 * hands every trace event to report_live_event (the signature of
 * run_opts.observe in harness/sim/run.h; violates is 1 at an event where
 * an invariant first failed), and report_write_live writes the report of
 * run_dir once its verdict.json exists - the same files report_write
 * writes of it, which reads the trace (both are tested to agree).
 * report_live_new returns 0 or -ENOMEM; report_write_live as
 * report_write. Free with report_live_free (NULL is fine); a live report
 * writes once.
 */
struct report_live;
int report_live_new(struct report_live **out);
void report_live_event(const json_t *ev, int violates, void *live);
int report_write_live(struct report_live *live, const char *run_dir, const char *out_dir,
		      char *err, size_t errlen);
void report_live_free(struct report_live *live);

#endif
