/*
 * target.c - target lookup and manifest loading (see target.h).
 */
#include "target.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "faults/catalog.h"
#include "core/duration.h"
#include "core/size.h"
#include "sim_http.h"
#include "sim_httpout.h"

/* The search path as a malloc'd array of directories. */
static char **search_path(size_t *n)
{
	const char *env = getenv("IMPCHAOS_TARGET_PATH");
	char *copy = strdup(env ? env : ""), *save = NULL, *dir;
	char **v = calloc(64, sizeof(*v));
	size_t k = 0;

	if (!copy || !v)
		abort();
	for (dir = strtok_r(copy, ":", &save); dir && k < 62; dir = strtok_r(NULL, ":", &save))
		v[k++] = strdup(dir);
	if (asprintf(&v[k++], "%s", impchaos_examples_dir()) < 0)
		abort();
	free(copy);
	*n = k;
	return v;
}

static void free_path(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* "unknown target": the message names every directory searched, and where
 * they come from, so that a path that points elsewhere shows. */
static void unknown_target(char *err, size_t errlen, const char *spec, const char *name,
			   char **path, size_t n)
{
	size_t off, i;

	off = (size_t)snprintf(err, errlen, "unknown target '%s': no %s/target.json in ", spec, name);
	for (i = 0; i + 1 < n && off < errlen; i++)
		off += (size_t)snprintf(err + off, errlen - off, "%s%s", i ? ", " : "", path[i]);
	if (off < errlen)
		snprintf(err + off, errlen - off, "%s%s (the built examples%s); try 'impchaos "
			 "targets', or add the directory that holds %s/ to IMPCHAOS_TARGET_PATH",
			 n > 1 ? " (IMPCHAOS_TARGET_PATH) or " : "", path[n - 1],
			 n > 1 ? "" : "; IMPCHAOS_TARGET_PATH names no directory", name);
}

int target_path_missing(char *buf, size_t len)
{
	size_t n, i, off = 0;
	char **path = search_path(&n);
	int missing = 0;
	struct stat st;

	if (len)
		buf[0] = '\0';
	/* The last entry is the build's own, not the user's. */
	for (i = 0; i + 1 < n; i++) {
		if (stat(path[i], &st) == 0 && S_ISDIR(st.st_mode))
			continue;
		if (off < len)
			off += (size_t)snprintf(buf + off, len - off, "%s'%s'", missing ? ", " : "",
						path[i]);
		missing++;
	}
	free_path(path, n);
	return missing;
}

void target_free(struct target *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->variant);
	free(t->agent_so);
	free(t->device_so);
	free(t->agent_so2);
	free(t->device_so2);
	json_decref(t->chaos_exclude);
	free(t->description);
	free(t->note);
	json_decref(t->invariants);
	json_decref(t->workload);
	free(t);
}

static json_t *load_manifest(const char *dir, const char *name, char *err, size_t errlen)
{
	json_error_t jerr;
	char path[PATH_MAX];
	json_t *m;

	snprintf(path, sizeof(path), "%s/%s/target.json", dir, name);
	if (access(path, F_OK) < 0)
		return NULL;
	m = json_load_file(path, 0, &jerr);
	if (!m) {
		snprintf(err, errlen, "%s:%d: %s", path, jerr.line, jerr.text);
		return json_null();
	}
	if (!json_is_object(m) || !json_is_object(json_object_get(m, "variants"))) {
		json_decref(m);
		snprintf(err, errlen, "%s: expected an object with a \"variants\" object", path);
		return json_null();
	}
	return m;
}

static int so_path(const char *dir, const char *name, const json_t *variant, const char *side,
		   char **out, char *err, size_t errlen)
{
	const char *sub = json_string_value(json_object_get(variant, side));
	size_t n = sub ? strlen(sub) : 0;

	if (!sub) {
		snprintf(err, errlen, "target '%s': the variant has no \"%s\" directory in target.json",
			 name, side);
		return -EINVAL;
	}
	if (n > 4 && !strcmp(sub + n - 4, ".nut")) {
		/* Squirrel: the file itself, compiled now so that a broken one
		 * stops the run before it starts. */
		if (asprintf(out, "%s/%s/%s", dir, name, sub) < 0)
			return -ENOMEM;
		if (access(*out, R_OK) < 0) {
			snprintf(err, errlen, "target '%s': missing %s (named by its target.json)", name,
				 *out);
			return -ENOENT;
		}
		return target_nut_check(*out, err, errlen);
	}
	if (asprintf(out, "%s/%s/%s/%s.so", dir, name, sub, side) < 0)
		return -ENOMEM;
	if (access(*out, R_OK) < 0) {
		snprintf(err, errlen, "target '%s' is not built: missing %s (run 'make')", name, *out);
		return -ENOENT;
	}
	return 0;
}

/* "squirrel_memory": {"agent": BYTES, "device": BYTES}, both optional. */
static int sq_memory(struct target *t, const json_t *m, char *err, size_t errlen)
{
	const json_t *sm = json_object_get(m, "squirrel_memory"), *a, *d;

	if (!sm)
		return 0;
	a = json_object_get(sm, "agent");
	d = json_object_get(sm, "device");
	if (!json_is_object(sm) || (a && (!json_is_integer(a) || json_integer_value(a) <= 0)) ||
	    (d && (!json_is_integer(d) || json_integer_value(d) <= 0))) {
		snprintf(err, errlen, "target '%s': \"squirrel_memory\" must be an object such as "
			 "{\"agent\": 1048576, \"device\": 81920} (bytes)", t->name);
		return -EINVAL;
	}
	t->sq_mem_agent = a ? json_integer_value(a) : 0;
	t->sq_mem_device = d ? json_integer_value(d) : 0;
	return 0;
}

/* "memory": {"agent": SIZE, "device": SIZE}, both optional: the quota of
 * each side, in C as in Squirrel (a size as text, "1M", "80K", or bytes). */
static int memory_quota(struct target *t, const json_t *m, char *err, size_t errlen)
{
	const json_t *mem = json_object_get(m, "memory");
	static const char *const sides[] = { "agent", "device" };
	long long *slot[] = { &t->mem_agent, &t->mem_device };
	const char *key;
	json_t *v;
	int i;

	if (!mem)
		return 0;
	if (!json_is_object(mem)) {
		snprintf(err, errlen, "target '%s': \"memory\" must be an object such as "
			 "{\"agent\": \"1M\", \"device\": \"80K\"}", t->name);
		return -EINVAL;
	}
	json_object_foreach((json_t *)mem, key, v) {
		for (i = 0; i < 2 && strcmp(key, sides[i]); i++)
			;
		if (i == 2) {
			snprintf(err, errlen, "target '%s': \"memory\" has '%.40s': only \"agent\" "
				 "and \"device\" have a quota", t->name, key);
			return -EINVAL;
		}
		if (json_is_integer(v) && json_integer_value(v) > 0 &&
		    json_integer_value(v) <= SIZE_MAX_BYTES) {
			*slot[i] = json_integer_value(v);
		} else if (!json_is_string(v) || size_parse(json_string_value(v), slot[i]) < 0) {
			snprintf(err, errlen, "target '%s': \"memory\".%s is not a size (%s)",
				 t->name, key, SIZE_EXPECTED);
			return -EINVAL;
		}
	}
	return 0;
}

/* The largest sensor bound: integers up to it are exact in a double, and
 * max - min cannot overflow. */
#define SENSOR_MAX_ABS 1e15

/* "workload": {"sensors": {NAME: {"min": NUMBER, "max": NUMBER,
 * "integer": BOOL}}}: what hardware_read() draws from (harness/host). Every
 * member optional (min and max default to 0); what is there must be of its
 * type, finite and within SENSOR_MAX_ABS, with min <= max. */
static int check_sensors(const struct target *t, const json_t *workload, char *err,
			 size_t errlen)
{
	const json_t *sensors = json_object_get(workload, "sensors"), *spec;
	const char *name;

	if (!sensors)
		return 0;
	if (!json_is_object(sensors)) {
		snprintf(err, errlen, "target '%s': \"workload.sensors\" must be an object of sensor "
			 "specs such as {\"temp\": {\"min\": 15, \"max\": 30}}", t->name);
		return -EINVAL;
	}
	json_object_foreach((json_t *)sensors, name, spec) {
		static const char *const bounds[] = { "min", "max" };
		const json_t *integer = json_object_get(spec, "integer");
		double v[2] = { 0, 0 };
		size_t i;

		if (!json_is_object(spec)) {
			snprintf(err, errlen, "target '%s': sensor '%s' in \"workload.sensors\" must be "
				 "an object such as {\"min\": 15, \"max\": 30, \"integer\": false}",
				 t->name, name);
			return -EINVAL;
		}
		for (i = 0; i < 2; i++) {
			const json_t *b = json_object_get(spec, bounds[i]);

			if (!b)
				continue;
			v[i] = json_number_value(b);
			if (!json_is_number(b) || !(v[i] >= -SENSOR_MAX_ABS && v[i] <= SENSOR_MAX_ABS)) {
				snprintf(err, errlen, "target '%s': sensor '%s': \"%s\" must be a number "
					 "from -1e15 to 1e15", t->name, name, bounds[i]);
				return -EINVAL;
			}
		}
		if (integer && !json_is_boolean(integer)) {
			snprintf(err, errlen, "target '%s': sensor '%s': \"integer\" must be true or "
				 "false", t->name, name);
			return -EINVAL;
		}
		if (v[0] > v[1] || (json_is_true(integer) && ceil(v[0]) > floor(v[1]))) {
			snprintf(err, errlen, "target '%s': sensor '%s': \"min\" must not be above "
				 "\"max\"%s", t->name, name,
				 json_is_true(integer) ? " (with an integer between them)" : "");
			return -EINVAL;
		}
	}
	return 0;
}

static int fill(struct target *t, const char *dir, const json_t *m, const char *variant,
		char *err, size_t errlen)
{
	const json_t *v = json_object_get(json_object_get(m, "variants"), variant);
	const char *dur = json_string_value(json_object_get(m, "duration"));
	const char *desc;
	json_t *inv = json_object_get(m, "invariants"), *item, *v2;
	char hint[1024];
	size_t i;
	int rc;

	/* The manifest first: a malformed workload is reported even before the
	 * target is built. */
	if (json_object_get(m, "workload") && !json_is_object(json_object_get(m, "workload"))) {
		snprintf(err, errlen, "target '%s': \"workload\" must be an object", t->name);
		return -EINVAL;
	}
	if ((rc = check_sensors(t, json_object_get(m, "workload"), err, errlen)) < 0)
		return rc;
	if ((rc = memory_quota(t, m, err, errlen)) < 0)
		return rc;
	if (json_object_get(m, "duration") && !dur) {
		snprintf(err, errlen, "target '%s': \"duration\" must be a string such as \"1d\" or "
			 "\"6h\"", t->name);
		return -EINVAL;
	}
	if (sim_http_check_workload(json_object_get(m, "workload"), hint, sizeof(hint)) < 0 ||
	    sim_httpout_check_workload(json_object_get(m, "workload"), hint, sizeof(hint)) < 0) {
		snprintf(err, errlen, "target '%s': %s (in %s/%s/target.json)", t->name, hint, dir,
			 t->name);
		return -EINVAL;
	}
	if ((rc = so_path(dir, t->name, v, "agent", &t->agent_so, err, errlen)) < 0 ||
	    (rc = so_path(dir, t->name, v, "device", &t->device_so, err, errlen)) < 0)
		return rc;
	v2 = json_object_get(v, "v2");
	if (v2 && (!json_is_object(v2) ||
		   (rc = so_path(dir, t->name, v2, "agent", &t->agent_so2, err, errlen)) < 0 ||
		   (rc = so_path(dir, t->name, v2, "device", &t->device_so2, err, errlen)) < 0)) {
		if (!json_is_object(v2))
			snprintf(err, errlen, "target '%s/%s': \"v2\" must be an object naming the "
				 "\"agent\" and \"device\" directories of version 2", t->name,
				 variant);
		return rc < 0 ? rc : -EINVAL;
	}
	if ((rc = sq_memory(t, m, err, errlen)) < 0)
		return rc;
	t->chaos_exclude = json_object_get(m, "chaos_exclude");
	t->chaos_exclude = t->chaos_exclude ? json_incref(t->chaos_exclude) : json_array();
	if (!json_is_array(t->chaos_exclude)) {
		snprintf(err, errlen, "target '%s': \"chaos_exclude\" must be an array of fault names",
			 t->name);
		return -EINVAL;
	}
	json_array_foreach(t->chaos_exclude, i, item)
		if (!json_is_string(item) || !fault_find(json_string_value(item))) {
			snprintf(err, errlen, "target '%s': \"chaos_exclude\" names an unknown fault "
				 "(try 'impchaos faults')", t->name);
			return -EINVAL;
		}
	desc = json_string_value(json_object_get(v, "description"));
	if (!desc)
		desc = json_string_value(json_object_get(m, "description"));
	t->description = strdup(desc ? desc : "");
	if (inv && !json_is_array(inv)) {
		snprintf(err, errlen, "target '%s': \"invariants\" must be an array of strings", t->name);
		return -EINVAL;
	}
	json_array_foreach(inv, i, item)
		if (!json_is_string(item)) {
			snprintf(err, errlen, "target '%s': \"invariants\" must be an array of strings",
				 t->name);
			return -EINVAL;
		}
	t->invariants = inv ? json_incref(inv) : json_array();
	t->duration_us = 86400LL * 1000000;
	if (dur && duration_parse(dur, &t->duration_us) < 0) {
		snprintf(err, errlen, "target '%s': malformed \"duration\" '%s'", t->name, dur);
		return -EINVAL;
	}
	t->workload = json_object_get(m, "workload");
	t->workload = t->workload ? json_incref(t->workload) : json_object();
	return 0;
}

int target_find(const char *spec, struct target **out, char *err, size_t errlen)
{
	const char *slash = strchr(spec, '/');
	struct target *t;
	size_t n, i;
	char **path;
	int rc = -ENOENT;

	if ((rc = target_bare(spec, out, err, errlen)) != 0)
		return rc < 0 ? rc : 0;
	rc = -ENOENT;
	if (!slash || slash == spec || !slash[1] || strchr(slash + 1, '/')) {
		json_t *m = NULL;

		snprintf(err, errlen, "target '%s' must be given as NAME/VARIANT (try 'impchaos targets')",
			 spec);
		path = search_path(&n);
		for (i = 0; i < n && !slash && !m; i++)
			m = load_manifest(path[i], spec, err, errlen);
		if (json_is_object(m)) {
			const char *k;
			json_t *v;
			size_t off = (size_t)snprintf(err, errlen, "name a variant of '%s':", spec);

			json_object_foreach(json_object_get(m, "variants"), k, v)
				if (off < errlen)
					off += (size_t)snprintf(err + off, errlen - off, " %s/%s", spec, k);
		}
		json_decref(m);
		free_path(path, n);
		return -EINVAL;
	}
	t = calloc(1, sizeof(*t));
	if (!t || !(t->name = strndup(spec, (size_t)(slash - spec))) ||
	    !(t->variant = strdup(slash + 1))) {
		target_free(t);
		return -ENOMEM;
	}
	path = search_path(&n);
	unknown_target(err, errlen, spec, t->name, path, n);
	for (i = 0; i < n; i++) {
		json_t *m = load_manifest(path[i], t->name, err, errlen);

		if (!m)
			continue;
		if (!json_is_object(m)) {
			rc = -EINVAL;
			break;
		}
		if (!json_object_get(json_object_get(m, "variants"), t->variant)) {
			snprintf(err, errlen, "target '%s' has no variant '%s' (try 'impchaos targets')",
				 t->name, t->variant);
			json_decref(m);
			rc = -ENOENT;
			break;
		}
		rc = fill(t, path[i], m, t->variant, err, errlen);
		json_decref(m);
		break;
	}
	free_path(path, n);
	if (rc < 0) {
		target_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

json_t *target_list(void)
{
	json_t *out = json_array(), *seen = json_object();
	size_t n, i;
	char **path = search_path(&n);

	for (i = 0; i < n; i++) {
		DIR *d = opendir(path[i]);
		struct dirent *de;
		char **names = NULL;
		size_t k = 0, j;

		if (!d)
			continue;
		while ((de = readdir(d))) {
			if (de->d_name[0] == '.')
				continue;
			names = realloc(names, (k + 1) * sizeof(*names));
			names[k++] = strdup(de->d_name);
		}
		closedir(d);
		/* readdir order is the file system's: sort for a stable listing. */
		if (k)
			qsort(names, k, sizeof(*names), cmp_str);
		for (j = 0; j < k; j++) {
			char err[512];
			json_t *m = load_manifest(path[i], names[j], err, sizeof(err));
			const char *vk;
			json_t *v;

			if (!m || json_object_get(seen, names[j])) {
				json_decref(m);
				continue;
			}
			json_object_set_new(seen, names[j], json_true());
			if (!json_is_object(m)) {
				json_array_append_new(out, json_pack("{s:s, s:s}", "target", names[j],
								     "error", err));
				continue;
			}
			json_object_foreach(json_object_get(m, "variants"), vk, v) {
				char *full = NULL;
				const char *desc = json_string_value(json_object_get(v, "description"));

				/* A variant without a description of its own is the
				 * target's, as target_find() says too. */
				if (!desc)
					desc = json_string_value(json_object_get(m, "description"));

				if (asprintf(&full, "%s/%s", names[j], vk) < 0)
					abort();
				json_array_append_new(out, json_pack("{s:s, s:s}", "target", full,
								     "description", desc ? desc : ""));
				free(full);
			}
			json_decref(m);
		}
		for (j = 0; j < k; j++)
			free(names[j]);
		free(names);
	}
	json_decref(seen);
	free_path(path, n);
	return out;
}

int target_provides(const struct target *t, const char *what)
{
	if (!what)
		return 1;
	if (!strcmp(what, "workload.endpoints"))
		return sim_httpout_has_endpoints(t->workload);
	return 0;
}
