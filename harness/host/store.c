/*
 * store.c - crash-safe persisted table of one agent (see store.h).
 *
 * DESIGN
 * A save writes the whole serialized table to "<path>.tmp", fsyncs it
 * (when asked to), renames it over <path> and fsyncs the directory. rename() is atomic, so a
 * reader sees either the previous file or the complete new one; a crash
 * before the rename leaves a stale .tmp that the next save overwrites.
 *
 * The agent host works in the store's directory (store_open) and names
 * the files relatively: a save's four calls then walk one component each
 * instead of the whole path, which on tmpfs is a measurable part of their
 * kernel time. The directory fsync opens ".", through the same strdup and
 * dirname as before: the hosts' malloc faults count calls, so the store
 * makes exactly the allocations it always made.
 */
#include "store.h"
#include "hfault.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = write(fd, buf, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -EIO;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static int sync_dir(const char *path)
{
	char *copy = strdup(path);
	int fd, rc = -EIO;

	if (!copy)
		return -ENOMEM;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		rc = fsync(fd) < 0 ? -EIO : 0;
		close(fd);
	}
	free(copy);
	return rc;
}

static int save_file(const char *path, const char *tmp, const char *text, size_t len, int sync)
{
	int fd, rc;

	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -EIO;
	hfault_point("agent/store/crash/after-open");
	rc = write_all(fd, text, len);
	if (rc == 0)
		hfault_point("agent/store/crash/after-write");
	if (rc == 0 && sync && fsync(fd) < 0)
		rc = -EIO;
	if (rc == 0)
		hfault_point("agent/store/crash/after-fsync");
	if (close(fd) < 0 && rc == 0)
		rc = -EIO;
	if (rc == 0 && rename(tmp, path) < 0)
		rc = -EIO;
	if (rc == 0)
		hfault_point("agent/store/crash/after-rename");
	/* After the rename the new table is what any reader sees: a failing
	 * directory fsync only weakens durability across a machine crash, so
	 * it must not turn a visible save into a reported failure (the agent
	 * would believe the old table is still there). */
	if (rc == 0 && sync)
		(void)sync_dir(path);
	if (rc < 0)
		unlink(tmp);
	return rc;
}

void store_open(struct store *st, const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];

	st->path = path;
	st->name = path;
	if (slash && (size_t)(slash - path) < sizeof(dir)) {
		/* "/x" lives in "/"; "a/b/x" in "a/b". chdir is no call libfiu's
		 * POSIX preload wraps, and no point is armed yet. */
		size_t n = slash == path ? 1 : (size_t)(slash - path);

		memcpy(dir, path, n);
		dir[n] = '\0';
		if (slash[1] && chdir(dir) == 0)
			st->name = slash + 1;
	}
	snprintf(st->tmp, sizeof(st->tmp), "%s.tmp", st->name);
}

int store_save_text(const struct store *st, const char *text, size_t len, int sync)
{
	int rc;

	if (len > STORE_MAX_BYTES)
		return -E2BIG;
	hfault_in_store++;
	rc = save_file(st->name, st->tmp, text, len, sync);
	hfault_in_store--;
	return rc;
}

int store_save(const struct store *st, const json_t *table, int sync)
{
	char *text;
	int rc;

	if (!json_is_object(table))
		return -EINVAL;
	text = json_dumps(table, JSON_COMPACT);
	if (!text)
		return -EINVAL;
	rc = store_save_text(st, text, strlen(text), sync);
	free(text);
	return rc;
}

json_t *store_load(const struct store *st, char *err, size_t errlen)
{
	json_error_t jerr;
	json_t *t;

	if (access(st->name, F_OK) < 0 && errno == ENOENT)
		return json_object();
	t = json_load_file(st->name, 0, &jerr);
	if (!t) {
		snprintf(err, errlen, "store '%s' unreadable: %s", st->path, jerr.text);
		return NULL;
	}
	if (!json_is_object(t)) {
		json_decref(t);
		snprintf(err, errlen, "store '%s' does not hold a table", st->path);
		return NULL;
	}
	return t;
}
