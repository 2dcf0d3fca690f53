/*
 * report_fixture.c - scratch directory and file helpers for the report
 * writer's unit tests (see report_fixture.h).
 */
#include "report_fixture.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char fixture_root[FIXTURE_ROOT_MAX];

void fixture_setup(const char *tag)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fixture_root, sizeof(fixture_root), "%s/impchaos-%s-XXXXXX",
		 tmp && *tmp ? tmp : "/tmp", tag);
	cr_assert(mkdtemp(fixture_root), "mkdtemp: %s", strerror(errno));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void fixture_teardown(void)
{
	nftw(fixture_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

char *fixture_path(const char *fmt, ...)
{
	static char buf[4][FIXTURE_ROOT_MAX + 400 + 2];
	static int k;
	char rel[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(rel, sizeof(rel), fmt, ap);
	va_end(ap);
	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", fixture_root, rel);
	return buf[k];
}

void fixture_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	cr_assert(f, "cannot create %s: %s", path, strerror(errno));
	fputs(text, f);
	cr_assert_eq(fclose(f), 0);
}

char *fixture_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	cr_assert(f, "cannot open %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	cr_assert(buf);
	cr_assert_eq(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

size_t fixture_count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}
