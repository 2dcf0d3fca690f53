/*
 * report_fixture.h - a scratch directory and file helpers shared by the
 * report writer's unit tests (test_report.c, test_report_ci.c).
 */
#ifndef IMPCHAOS_REPORT_FIXTURE_H
#define IMPCHAOS_REPORT_FIXTURE_H

#include <stddef.h>

/* The scratch directory of the running test; ROOT_MAX bounds its path. */
#define FIXTURE_ROOT_MAX 256
extern char fixture_root[FIXTURE_ROOT_MAX];

/* Creates a fresh scratch directory named after tag under $TMPDIR or /tmp
 * (a Criterion .init calls it), and removes it with everything in it. */
void fixture_setup(const char *tag);
void fixture_teardown(void);

/* fixture_root/rel (printf-style); four buffers in rotation: callers copy
 * what they keep. */
char *fixture_path(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Writes text to path; reads a whole file (malloc'd, caller frees). Both
 * assert on failure. */
void fixture_write(const char *path, const char *text);
char *fixture_read(const char *path);

/* Non-overlapping occurrences of needle in hay. */
size_t fixture_count(const char *hay, const char *needle);

#endif
