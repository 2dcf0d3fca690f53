/*
 * sim_store.c - where the agent's store lives during a run. Harness side;
 * the hosts' store.c writes it (write, rename, fsync when asked) wherever
 * the init frame says.
 *
 * DESIGN
 * A save on ext4 costs about 0.1 ms of system time in open, write and
 * rename, and an agent saves on every event of many targets. Unless the
 * run keeps the real file (--sync-store, or an agent/store/fsync fault,
 * whose fsync must hit the run's own disk), the store lives in a scratch
 * directory on tmpfs ($XDG_RUNTIME_DIR when it is one, else /dev/shm)
 * during the run and is copied to the run directory as store.json when the
 * run ends, however it ends (sim_store_close is on every return path of
 * sim_run after sim_store_open; a stop signal ends the run in order). A
 * harness killed outright (SIGKILL) leaves its directory behind: the next
 * run on the machine removes it (each name carries its harness's pid). A run directory that is itself on tmpfs needs no
 * scratch. The hosts make the same system calls in either place, so the
 * libfiu points see the same calls, and the path never reaches the trace.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "core/afile.h"
#include "sim_int.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

static int on_tmpfs(const char *dir)
{
	struct statfs st;

	return statfs(dir, &st) == 0 && st.f_type == TMPFS_MAGIC;
}

/* Removes the scratch directories under base that harnesses killed
 * without a chance to clean up left behind (SIGKILL: a campaign that stops
 * its runs at once). Each name carries its harness's pid; a directory
 * whose harness is gone goes, with the two files a store can leave. */
static void sweep(const char *base)
{
	DIR *d = opendir(base);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		char path[PATH_MAX], f[PATH_MAX + 32];
		long pid;
		int end = 0;

		if (sscanf(de->d_name, "impchaos-store-%ld%n", &pid, &end) != 1 ||
		    de->d_name[end] != '-' || pid <= 0 ||
		    pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", base, de->d_name) >= sizeof(path))
			continue;
		snprintf(f, sizeof(f), "%s/store.json", path);
		unlink(f);
		snprintf(f, sizeof(f), "%s/store.json.tmp", path);
		unlink(f);
		rmdir(path);
	}
	closedir(d);
}

/* A fresh scratch directory under base when base is a writable tmpfs:
 * 0 with s->scratch set, or -1. */
static int make_scratch(struct sim *s, const char *base)
{
	if (!base || !base[0] || !on_tmpfs(base) || access(base, W_OK) < 0)
		return -1;
	sweep(base);
	if ((size_t)snprintf(s->scratch, PATH_MAX, "%s/impchaos-store-%ld-XXXXXX", base,
			     (long)getpid()) >= PATH_MAX ||
	    !mkdtemp(s->scratch)) {
		s->scratch[0] = '\0';
		return -1;
	}
	return 0;
}

int sim_store_open(struct sim *s)
{
	const char *dir = s->sc->run_dir;

	s->scratch[0] = '\0';
	if ((size_t)snprintf(s->store_final, PATH_MAX, "%s/store.json", dir) >= PATH_MAX) {
		sim_fail(s, -ENAMETOOLONG, "run directory path too long: %s", dir);
		return -ENAMETOOLONG;
	}
	/* A run starts from an agent that never saved anything: a store left
	 * by an earlier run in the same directory goes. */
	remove(s->store_final);
	snprintf(s->store, PATH_MAX, "%s", s->store_final);
	if (s->sync_store || on_tmpfs(dir))
		return 0;
	if (make_scratch(s, getenv("XDG_RUNTIME_DIR")) < 0 && make_scratch(s, "/dev/shm") < 0)
		return 0;
	if ((size_t)snprintf(s->store, PATH_MAX, "%s/store.json", s->scratch) >= PATH_MAX) {
		rmdir(s->scratch);
		s->scratch[0] = '\0';
		snprintf(s->store, PATH_MAX, "%s", s->store_final);
	}
	return 0;
}

/* Copies the scratch store to the run directory, whole or not at all. */
static int copy_out(const char *from, const char *to)
{
	char buf[65536];
	struct afile a;
	FILE *out;
	size_t n;
	int in = open(from, O_RDONLY | O_CLOEXEC), rc = 0;

	if (in < 0)
		return errno == ENOENT ? 0 : -errno;     /* never saved: no store */
	out = afile_open(&a, to);
	if (!out) {
		rc = -errno;
		close(in);
		return rc;
	}
	for (;;) {
		ssize_t got = read(in, buf, sizeof(buf));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			rc = -errno;
		if (got <= 0)
			break;
		n = (size_t)got;
		if (fwrite(buf, 1, n, out) != n)
			rc = -EIO;
	}
	close(in);
	if (rc < 0) {
		afile_abort(&a);
		return rc;
	}
	return afile_commit(&a);
}

int sim_store_close(struct sim *s)
{
	char tmp[PATH_MAX + 8];
	int rc;

	if (!s->scratch[0])
		return 0;
	rc = copy_out(s->store, s->store_final);
	if (rc < 0 && !s->rc)
		sim_fail(s, -EIO, "cannot copy the agent's store to '%s': %s", s->store_final,
			 strerror(-rc));
	unlink(s->store);
	snprintf(tmp, sizeof(tmp), "%s.tmp", s->store);
	unlink(tmp);
	rmdir(s->scratch);
	s->scratch[0] = '\0';
	return rc;
}
