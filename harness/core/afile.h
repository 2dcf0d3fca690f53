/*
 * afile.h - result files written whole or not at all: harness core, used
 * by the run, campaign and report writers.
 *
 * A result file (verdict.json, scenario.json, campaign.json, summary.json,
 * junit.xml, a report page) is written to a temporary file next to it
 * ("NAME.tmp.PID") and renamed over NAME only when every write, the flush
 * and the close succeeded. A full disk or a killed writer therefore leaves
 * the old file or none, never a truncated or 0-byte one that a later
 * command would read as a result.
 */
#ifndef IMPCHAOS_AFILE_H
#define IMPCHAOS_AFILE_H

#include <stdio.h>
#include <jansson.h>

struct afile {
	FILE *f;        /* the temporary file; NULL when not open */
	char *path;     /* the final name (owned) */
	char *tmp;      /* the temporary name (owned) */
};

/* Opens a temporary file for path; *a is overwritten. Returns the stream
 * to write to, or NULL with errno set (nothing is left behind). */
FILE *afile_open(struct afile *a, const char *path);

/* Closes the stream and renames the temporary file over path. 0, or a
 * negative errno (of the first failed write, the flush, the close or the
 * rename) after removing the temporary file. Releases *a either way; does
 * nothing on an afile that is not open. */
int afile_commit(struct afile *a);

/* Closes and removes the temporary file, leaving path as it was. */
void afile_abort(struct afile *a);

/* json_dump_file() through an afile, with a trailing newline when
 * newline is set. 0 or a negative errno. */
int afile_write_json(const char *path, const json_t *j, size_t flags, int newline);

#endif
