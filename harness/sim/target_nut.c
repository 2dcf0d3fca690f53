/*
 * target_nut.c - Squirrel targets on the harness side (see target.h): every
 * .nut a target names is preprocessed (#require, @include: core/nutpp.c)
 * and compiled with the Squirrel library before a run starts, exactly as
 * the hosts will load it, so a syntax error is bad input (exit 2) and never
 * a failed run; and a bare directory of Squirrel files is a target with
 * defaults.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <squirrel.h>

#include "target.h"
#include "core/nutpp.h"

int target_nut_check(const char *path, char *err, size_t errlen)
{
	struct nutpp pp;
	sq_value fn;
	sq_vm *vm;
	int rc;

	if ((rc = nutpp_load(&pp, path, err, errlen)) < 0) {
		nutpp_release(&pp);
		return rc == -ENOMEM ? rc : -EINVAL;
	}
	if (!(vm = sq_vm_new(0))) {
		nutpp_release(&pp);
		snprintf(err, errlen, "%s: cannot create a Squirrel VM", path);
		return -ENOMEM;
	}
	if (sq_compile_buffer(vm, pp.text, pp.len, pp.files[0].name, &fn) != SQ_OK) {
		const sq_error_info *e = sq_last_error(vm);
		const struct nutpp_src *src;
		int line = e ? e->line : 0;

		nutpp_where(&pp, line, &src, &line);
		snprintf(err, errlen, "%s:%d:%d: error: %s", src->path, line, e ? e->column : 0,
			 e && e->message ? e->message : "?");
		rc = -EINVAL;
	} else {
		sq_release(vm, fn);
	}
	sq_vm_free(vm);
	nutpp_release(&pp);
	return rc;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The folder's files ending in suffix, sorted: malloc'd names. */
static size_t scan(const char *dir, const char *suffix, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = NULL;
	size_t n = 0;

	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || !ends_with(de->d_name, suffix))
			continue;
		if (!(v = realloc(v, (n + 1) * sizeof(*v))) || !(v[n] = strdup(de->d_name)))
			abort();
		n++;
	}
	if (d)
		closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), cmp_str);
	*out = v;
	return n;
}

static void free_names(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

int target_bare(const char *spec, struct target **out, char *err, size_t errlen)
{
	char real[PATH_MAX], manifest[PATH_MAX + 16], **ag = NULL, **dv = NULL;
	size_t na, nd;
	struct target *t;
	struct stat st;
	const char *base;
	int rc;

	if (stat(spec, &st) < 0 || !S_ISDIR(st.st_mode) || !realpath(spec, real))
		return 0;
	snprintf(manifest, sizeof(manifest), "%s/target.json", real);
	if (access(manifest, F_OK) == 0)
		return 0;
	na = scan(real, ".agent.nut", &ag);
	nd = scan(real, ".device.nut", &dv);
	if (na == 0 && nd == 0) {
		free_names(ag, na);
		free_names(dv, nd);
		return 0;
	}
	if (na != 1 || nd != 1) {
		snprintf(err, errlen, "directory '%s' must hold exactly one *.agent.nut and one "
			 "*.device.nut (it has %zu and %zu); or give it a target.json", spec, na, nd);
		free_names(ag, na);
		free_names(dv, nd);
		return -EINVAL;
	}
	base = strrchr(real, '/');
	t = calloc(1, sizeof(*t));
	if (!t || !(t->name = strdup(base && base[1] ? base + 1 : "squirrel")) ||
	    !(t->variant = strdup("nut")) || asprintf(&t->agent_so, "%s/%s", real, ag[0]) < 0 ||
	    asprintf(&t->device_so, "%s/%s", real, dv[0]) < 0 ||
	    asprintf(&t->note, "picked %s and %s in %s", ag[0], dv[0], spec) < 0 ||
	    asprintf(&t->description, "Squirrel files %s and %s", ag[0], dv[0]) < 0)
		abort();
	free_names(ag, na);
	free_names(dv, nd);
	t->invariants = json_pack("[s, s]", "no-missing-handler", "no-target-error");
	t->duration_us = 86400LL * 1000000;
	t->workload = json_object();
	t->chaos_exclude = json_array();
	if ((rc = target_nut_check(t->agent_so, err, errlen)) < 0 ||
	    (rc = target_nut_check(t->device_so, err, errlen)) < 0) {
		target_free(t);
		return rc;
	}
	*out = t;
	return 1;
}
