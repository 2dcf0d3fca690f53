/*
 * test_afile.c - result files are written whole or not at all
 * (harness/core/afile.c): a write that fails half-way (here the file size
 * limit, as a full disk would) leaves the old file as it was, or no file,
 * and no temporary file beside it.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "core/afile.h"

TestSuite(afile, .timeout = 30);

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

static size_t entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	cr_assert(d);
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

Test(afile, writes_json_and_replaces_the_old_file)
{
	char dir[] = "/tmp/impchaos-afile-XXXXXX", path[64], *text;
	json_t *j = json_pack("{s:i}", "a", 1);

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/verdict.json", dir);
	cr_assert_eq(afile_write_json(path, j, JSON_COMPACT, 1), 0);
	json_object_set_new(j, "b", json_true());
	cr_assert_eq(afile_write_json(path, j, JSON_COMPACT, 0), 0);
	text = slurp(path);
	cr_expect_str_eq(text, "{\"a\":1,\"b\":true}");
	cr_expect_eq(entries(dir), 1, "a temporary file was left beside it");
	free(text);
	json_decref(j);
}

Test(afile, a_write_that_fails_half_way_leaves_the_old_file)
{
	char dir[] = "/tmp/impchaos-afile-XXXXXX", path[64], *text;
	json_t *small = json_pack("{s:i}", "a", 1), *big = json_array();
	struct rlimit old, low;
	FILE *f;
	struct afile a;
	int i, rc;

	cr_assert(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/summary.json", dir);
	cr_assert_eq(afile_write_json(path, small, JSON_COMPACT, 0), 0);
	for (i = 0; i < 100000; i++)
		json_array_append_new(big, json_integer(i));
	/* The file size limit fails a write with EFBIG part of the way, as
	 * ENOSPC would on a full disk. */
	signal(SIGXFSZ, SIG_IGN);
	cr_assert(getrlimit(RLIMIT_FSIZE, &old) == 0);
	low = old;
	low.rlim_cur = 4096;
	cr_assert(setrlimit(RLIMIT_FSIZE, &low) == 0);
	rc = afile_write_json(path, big, JSON_COMPACT, 0);
	setrlimit(RLIMIT_FSIZE, &old);
	cr_expect_eq(rc, -EFBIG, "rc %d", rc);
	text = slurp(path);
	cr_expect_str_eq(text, "{\"a\":1}");
	cr_expect_eq(entries(dir), 1, "a temporary file was left beside it");
	free(text);

	/* Abandoned, or failed before any write: no file at all. */
	snprintf(path, sizeof(path), "%s/junit.xml", dir);
	cr_assert((f = afile_open(&a, path)));
	fputs("<testsuites>", f);
	afile_abort(&a);
	cr_expect(access(path, F_OK) < 0);
	cr_expect_eq(entries(dir), 1);
	json_decref(small);
	json_decref(big);
}
