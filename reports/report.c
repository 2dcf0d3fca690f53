/*
 * report.c - the report of a set of runs: expanding campaigns, loading
 * the run directories, making the output directory, and the order of
 * work. Reports side (report.c -> campaign.c, run_page.c, junit.c,
 * summary.c, index_page.c -> html.c); reads what the harness left, never
 * runs anything.
 *
 * DESIGN
 * ------
 * report_write works in four steps, so a bad input costs nothing:
 *
 *   expand   every campaign directory into the run directories it lists,
 *            reading its facts [campaign_expand]
 *   load     every DIR/scenario.json (required), DIR/verdict.json
 *            (optional: without it the run is incomplete) and
 *            DIR/reproducer.json (optional) [run_load]
 *   pages    one page per run, streaming its trace; each page hands back
 *            the run's fault counts [run_page_write]
 *   files    junit.xml and summary.json from the verdicts, then the index
 *            from the verdicts, those counts and the campaign facts
 *            [junit_write, summary_write, index_page_write]
 *
 * The index is written last, so a report whose index exists has all its
 * other files.
 */
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "campaign.h"
#include "index_page.h"
#include "run_scan.h"
#include "junit.h"
#include "run_page.h"
#include "summary.h"

/* Longest target or variant part kept in a page's file name. */
#define NAME_PART_MAX 80

/* ---- loading ---- */

static void run_release(struct report_run *r)
{
	json_decref(r->scenario);
	json_decref(r->verdict);
	json_decref(r->reproducer);
	free(r->dir);
	free(r->no_verdict);
	free(r->page);
	for (size_t i = 0; i < r->nfaults; i++)
		free(r->faults[i].name);
	free(r->faults);
	for (size_t i = 0; i < r->ncause; i++)
		free(r->cause[i]);
	free(r->cause);
	memset(r, 0, sizeof(*r));
}

/* Appends the sanitized s (at most NAME_PART_MAX bytes) to buf. */
static void name_part(char *buf, size_t n, const char *s, size_t len)
{
	size_t at = strlen(buf), i;

	if (len > NAME_PART_MAX)
		len = NAME_PART_MAX;
	for (i = 0; i < len && at + 1 < n; i++) {
		char c = s[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			 c == '_' || c == '.' || c == '-';

		buf[at++] = ok && !(i == 0 && c == '.') ? c : '_';
	}
	buf[at] = '\0';
}

/* "runs/<n>-<target>-<variant>-s<seed>.html" */
static char *page_name(size_t n, const char *target, const char *seed)
{
	char buf[3 * NAME_PART_MAX + 64];
	const char *slash = strchr(target, '/');

	snprintf(buf, sizeof(buf), "runs/%zu-", n);
	name_part(buf, sizeof(buf), target, slash ? (size_t)(slash - target) : strlen(target));
	if (slash) {
		strcat(buf, "-");
		name_part(buf, sizeof(buf), slash + 1, strlen(slash + 1));
	}
	strcat(buf, "-s");
	name_part(buf, sizeof(buf), seed, strlen(seed));
	strcat(buf, ".html");
	return strdup(buf);
}

static int load_json(const char *dir, const char *name, json_t **out, char *jerr, size_t jerrlen)
{
	json_error_t je;
	char *path;
	FILE *f;

	*out = NULL;
	if (asprintf(&path, "%s/%s", dir, name) < 0)
		return -ENOMEM;
	f = fopen(path, "r");
	free(path);
	if (!f)
		return -errno;
	*out = json_loadf(f, 0, &je);
	fclose(f);
	if (!*out) {
		snprintf(jerr, jerrlen, "line %d: %s", je.line, je.text);
		return -EINVAL;
	}
	if (!json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		snprintf(jerr, jerrlen, "not a JSON object");
		return -EINVAL;
	}
	return 0;
}

static int run_load(struct report_run *r, const char *dir, size_t index, char *err, size_t errlen)
{
	char jerr[256];
	json_t *invs;
	int rc;

	if (!(r->dir = strdup(dir)))
		return -ENOMEM;
	rc = load_json(dir, "scenario.json", &r->scenario, jerr, sizeof(jerr));
	if (rc == -ENOENT || rc == -ENOTDIR) {
		snprintf(err, errlen, "'%s' is not a run directory (no scenario.json)", dir);
		return -ENOENT;
	}
	if (rc == -EINVAL) {
		snprintf(err, errlen, "'%s/scenario.json' is not a scenario (%s); run it again", dir,
			 jerr);
		return rc;
	}
	if (rc < 0) {
		snprintf(err, errlen, "cannot read '%s/scenario.json': %s", dir, strerror(-rc));
		return rc;
	}

	rc = load_json(dir, "verdict.json", &r->verdict, jerr, sizeof(jerr));
	invs = json_object_get(r->verdict, "invariants");
	if (rc == 0 && !json_is_array(invs)) {
		json_decref(r->verdict);
		r->verdict = NULL;
		snprintf(jerr, sizeof(jerr), "no \"invariants\" array");
		rc = -EINVAL;
	}
	if (rc == -ENOMEM)
		return rc;
	if (rc == -ENOENT)
		r->no_verdict = strdup("no verdict.json");
	else if (rc == -EINVAL && asprintf(&r->no_verdict, "verdict.json is unreadable (%s)", jerr) < 0)
		r->no_verdict = NULL;
	else if (rc < 0 && rc != -EINVAL && asprintf(&r->no_verdict, "cannot read verdict.json: %s",
						      strerror(-rc)) < 0)
		r->no_verdict = NULL;
	if (rc < 0 && !r->no_verdict)
		return -ENOMEM;

	/* A shrunk reproducer is shown when there is a readable one. */
	rc = load_json(dir, "reproducer.json", &r->reproducer, jerr, sizeof(jerr));
	if (rc == -ENOMEM)
		return rc;

	r->page = page_name(index + 1, run_field(r, "target", "unknown"), run_field(r, "seed", "0"));
	return r->page ? 0 : -ENOMEM;
}

/* ---- output directory ---- */

/* mkdir -p: 0 or negative errno, with *failed naming the path that could
 * not be made (owned by the caller, may be NULL on -ENOMEM). */
static int mkdir_p(const char *path, char **failed)
{
	char *p = strdup(path), *s;
	struct stat st;
	int rc = 0;

	*failed = NULL;
	if (!p)
		return -ENOMEM;
	for (s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST) {
			rc = -errno;
			break;
		}
		if (stat(p, &st) < 0) {
			rc = -errno;
			break;
		}
		if (!S_ISDIR(st.st_mode)) {
			rc = -ENOTDIR;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc < 0)
		*failed = p;
	else
		free(p);
	return rc;
}

static int out_error(int rc, const char *path, char *err, size_t errlen)
{
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	else
		snprintf(err, errlen, "cannot write '%s': %s (choose another output directory)",
			 path, strerror(-rc));
	return rc;
}

/* OUT/name, written by fn. */
static int write_file(const char *out_dir, const char *name,
		      int (*fn)(const char *, const struct report_run *, size_t,
				const struct report_inputs *, char *, size_t),
		      const struct report_run *runs, size_t n, const struct report_inputs *in,
		      char *err, size_t errlen)
{
	char *path;
	int rc;

	if (asprintf(&path, "%s/%s", out_dir, name) < 0)
		return out_error(-ENOMEM, out_dir, err, errlen);
	rc = fn(path, runs, n, in, err, errlen);
	free(path);
	return rc;
}

static int report_build(const char *const *dirs, size_t n, int merge, struct run_scan *live,
			const char *out_dir, char *err, size_t errlen)
{
	struct report_inputs in = { 0 };
	struct report_run *runs = NULL;
	char *failed = NULL, *path = NULL;
	size_t i, nruns = 0;
	int rc;

	if (errlen)
		err[0] = '\0';
	if (!out_dir || !*out_dir || (n && !dirs)) {
		snprintf(err, errlen, "no output directory or no run directories given");
		return -EINVAL;
	}
	if ((rc = campaign_expand(&in, dirs, n, merge, err, errlen)) < 0)
		goto out;
	if (!(runs = calloc(in.ndirs + 1, sizeof(*runs)))) {
		rc = out_error(-ENOMEM, out_dir, err, errlen);
		goto out;
	}
	for (i = 0; i < in.ndirs && rc == 0; i++, nruns++) {
		runs[i].campaign = in.campaign[i];
		rc = run_load(&runs[i], in.dirs[i], i, err, errlen);
		if (rc == -ENOMEM)
			out_error(rc, in.dirs[i], err, errlen);
		else if (rc < 0 && in.campaign[i] >= 0)
			snprintf(err + strlen(err), errlen - strlen(err), " (listed in '%s/campaign.json')",
				 in.camps[in.campaign[i]].dir);
	}
	if (rc < 0)
		goto out;
	if (live && nruns == 1)
		runs[0].live = live;

	if (asprintf(&path, "%s/runs", out_dir) < 0) {
		rc = out_error(-ENOMEM, out_dir, err, errlen);
		goto out;
	}
	if ((rc = mkdir_p(path, &failed)) < 0) {
		out_error(rc, failed ? failed : path, err, errlen);
		goto out;
	}
	for (i = 0; i < nruns; i++) {
		free(path);
		if (asprintf(&path, "%s/%s", out_dir, runs[i].page) < 0) {
			rc = out_error(-ENOMEM, out_dir, err, errlen);
			goto out;
		}
		if ((rc = run_page_write(&runs[i], path, err, errlen)) < 0)
			goto out;
	}
	if ((rc = write_file(out_dir, "junit.xml", junit_write, runs, nruns, &in, err, errlen)) < 0 ||
	    (rc = write_file(out_dir, "summary.json", summary_write, runs, nruns, &in, err,
			     errlen)) < 0)
		goto out;
	rc = write_file(out_dir, "index.html", index_page_write, runs, nruns, &in, err, errlen);
out:
	free(path);
	free(failed);
	for (i = 0; i < nruns; i++)
		run_release(&runs[i]);
	free(runs);
	campaign_inputs_release(&in);
	return rc;
}

int report_write(const char *const *dirs, size_t n, const char *out_dir, char *err,
		 size_t errlen)
{
	return report_build(dirs, n, 0, NULL, out_dir, err, errlen);
}

int report_merge(const char *const *shard_dirs, size_t n, const char *out_dir, char *err,
		 size_t errlen)
{
	return report_build(shard_dirs, n, 1, NULL, out_dir, err, errlen);
}

struct report_live {
	struct run_scan sc;
	int used;
};

int report_live_new(struct report_live **out)
{
	struct report_live *lv = calloc(1, sizeof(*lv));

	if (!lv || run_scan_live_init(&lv->sc) < 0) {
		report_live_free(lv);
		return -ENOMEM;
	}
	*out = lv;
	return 0;
}

void report_live_event(const json_t *ev, int violates, void *live)
{
	struct report_live *lv = live;

	/* The scan holds references; it never changes an event. */
	run_scan_live_event(&lv->sc, (json_t *)ev, violates);
}

int report_write_live(struct report_live *live, const char *run_dir, const char *out_dir,
		      char *err, size_t errlen)
{
	const char *dirs[] = { run_dir };

	if (live->used) {
		snprintf(err, errlen, "a live report writes once");
		return -EINVAL;
	}
	live->used = 1;
	return report_build(dirs, 1, 0, &live->sc, out_dir, err, errlen);
}

void report_live_free(struct report_live *live)
{
	if (!live)
		return;
	run_scan_release(&live->sc);
	free(live);
}
