/*
 * afile.c - result files written to a temporary name and renamed into
 * place (see afile.h).
 */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void afile_free(struct afile *a)
{
	free(a->path);
	free(a->tmp);
	a->path = a->tmp = NULL;
	a->f = NULL;
}

FILE *afile_open(struct afile *a, const char *path)
{
	int fd, e;

	memset(a, 0, sizeof(*a));
	if (!(a->path = strdup(path)) ||
	    asprintf(&a->tmp, "%s.tmp.%ld", path, (long)getpid()) < 0) {
		a->tmp = NULL;
		afile_free(a);
		errno = ENOMEM;
		return NULL;
	}
	/* 0666 under the umask, as fopen() would create it. */
	fd = open(a->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0 || !(a->f = fdopen(fd, "w"))) {
		e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(a->tmp);
		}
		afile_free(a);
		errno = e;
		return NULL;
	}
	return a->f;
}

int afile_commit(struct afile *a)
{
	int rc = 0;

	if (!a->f)
		return 0;
	errno = 0;
	if (fflush(a->f) != 0 || ferror(a->f))
		rc = -(errno ? errno : EIO);
	if (fclose(a->f) != 0 && rc == 0)
		rc = -(errno ? errno : EIO);
	if (rc == 0 && rename(a->tmp, a->path) < 0)
		rc = -errno;
	if (rc < 0)
		unlink(a->tmp);
	afile_free(a);
	return rc;
}

void afile_abort(struct afile *a)
{
	if (!a->f)
		return;
	fclose(a->f);
	unlink(a->tmp);
	afile_free(a);
}

int afile_write_json(const char *path, const json_t *j, size_t flags, int newline)
{
	struct afile a;
	FILE *f;

	if (!j)
		return -ENOMEM;
	if (!(f = afile_open(&a, path)))
		return -errno;
	errno = 0;
	if (json_dumpf(j, f, flags) < 0 || (newline && fputc('\n', f) == EOF)) {
		int e = errno ? errno : EIO;

		afile_abort(&a);
		return -e;
	}
	return afile_commit(&a);
}
