/* run.c - sq_run_main: the `sqrun FILE.nut [ARGS]` driver (tools/sqrun.c is
 * its main; `impchaos sq` calls it too). Runs a script with the standard
 * library, `vargv` holding ARGS; reports errors as the imp logs them:
 * runtime errors as "ERROR: ..." lines with the call stack, compile errors as
 * "file:line:col: error: msg". Exit 0 ok, 1 script error, 2 bad usage.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include "value.h"

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		size_t r;
		if (n + 4096 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0)
			break;
	}
	/* A directory opens but cannot be read (EISDIR): an error, never an
	 * empty program. */
	if (ferror(f)) {
		int e = errno;

		free(buf);
		fclose(f);
		errno = e;
		return NULL;
	}
	fclose(f);
	*len = n;
	return buf;
}

/* SQRUN_QUOTA: unset gives the default, else decimal bytes from 1 up. */
static int quota_arg(const char *s, size_t *out)
{
	unsigned long long v;
	char *end;

	*out = (size_t)256 << 20;
	if (!s)
		return 0;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v == 0 || v > SIZE_MAX)
		return -1;
	*out = (size_t)v;
	return 0;
}

int sq_run_main(int argc, char **argv)
{
	size_t quota;
	sq_vm *vm;
	char *src, errbuf[8192];
	size_t len;
	sq_value fn, ret, *args;
	int i, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: sqrun FILE.nut [ARGS...]\n");
		return 2;
	}
	src = read_file(argv[1], &len);
	if (!src) {
		fprintf(stderr, "sqrun: cannot read '%s': %s\n", argv[1], strerror(errno));
		return 2;
	}
	/* A generous quota (256 MB, where an imp agent has about 1 MB) so a
	 * runaway script gets "out of memory", not the kernel's OOM killer;
	 * SQRUN_QUOTA (bytes) overrides it. */
	if (quota_arg(getenv("SQRUN_QUOTA"), &quota) < 0) {
		free(src);
		fprintf(stderr, "sqrun: SQRUN_QUOTA='%s' is not a number of bytes from 1 up (e.g. "
			"1048576)\n", getenv("SQRUN_QUOTA"));
		return 2;
	}
	vm = sq_vm_new(quota);
	if (!vm) {
		free(src);
		fprintf(stderr, "sqrun: cannot make a VM within %zu bytes (SQRUN_QUOTA too small?)\n",
			quota);
		return 2;
	}
	rc = sq_compile(vm, src, len, argv[1], &fn);
	free(src);
	if (rc) {
		fflush(stdout);
		sq_format_error(vm, errbuf, sizeof errbuf);
		fputs(errbuf, stderr);
		sq_vm_free(vm);
		return 1;
	}
	args = calloc((size_t)argc, sizeof *args);
	for (i = 2; args && i < argc; i++)
		args[i - 2] = sq_string_cstr(vm, argv[i]);
	rc = sq_call(vm, fn, vm->root, args ? argc - 2 : 0, args, &ret);
	for (i = 2; args && i < argc; i++)
		sq_release(vm, args[i - 2]);
	free(args);
	sq_release(vm, fn);
	fflush(stdout);
	if (rc) {
		sq_format_error(vm, errbuf, sizeof errbuf);
		fputs(errbuf, stderr);
		sq_vm_free(vm);
		return 1;
	}
	sq_release(vm, ret);
	sq_vm_free(vm);
	return 0;
}

int sq_compile_buffer(sq_vm *vm, const char *src, size_t len, const char *file, sq_value *out)
{
	return sq_compile(vm, src, len, file, out);
}

int sq_compile_file(sq_vm *vm, const char *path, sq_value *out)
{
	size_t len;
	char *src = read_file(path, &len);
	int rc;

	*out = sq_null();
	if (!src)
		return sq_throwf(vm, "cannot read '%s'", path);
	rc = sq_compile(vm, src, len, path, out);
	free(src);
	return rc;
}
