/*
 * run.c - one run: inputs in, run directory out (see run.h).
 */
#include "run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "faults/catalog.h"
#include "checks/check.h"
#include "core/afile.h"
#include "core/duration.h"
#include "core/utc.h"
#include "faults/schedule.h"
#include "target.h"

char *run_shell_append(char *line, const char *s)
{
	size_t len = line ? strlen(line) : 0, i, k = 0;
	int plain = s[0] != '\0';
	char *out;

	for (i = 0; s[i]; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,+@%",
			    s[i]))
			plain = 0;
	out = realloc(line, len + 4 * strlen(s) + 4);
	if (!out)
		abort();
	if (len)
		out[len++] = ' ';
	if (!plain)
		out[len++] = '\'';
	for (i = 0; s[i]; i++) {
		if (s[i] == '\'' && !plain) {
			memcpy(out + len + k, "'\\''", 4);
			len += 4;
			continue;
		}
		out[len++] = s[i];
	}
	if (!plain)
		out[len++] = '\'';
	out[len] = '\0';
	return out;
}

int run_mkdir_p(const char *dir, char *err, size_t errlen)
{
	char *copy = strdup(dir), *p;
	int rc = 0;

	if (!copy)
		return -ENOMEM;
	for (p = copy + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
				rc = -errno;
				break;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	if (rc == 0 && access(dir, W_OK | X_OK) < 0)
		rc = -errno;
	if (rc < 0)
		snprintf(err, errlen, "cannot write to the run directory '%s': %s (choose another "
			 "with --out)", dir, strerror(-rc));
	free(copy);
	return rc;
}

/* How many comma-separated arguments the invariant named at the start of
 * spec takes at most: the commas in its usage ("liveness:MSG,GAP[,GRACE]"
 * takes 3) plus one; 1 for an unknown name. */
static size_t max_args(const char *spec)
{
	const struct check_info *c;
	size_t nlen = strcspn(spec, ":"), n = 1;
	const char *p;

	for (c = check_catalog(); c->name; c++)
		if (strlen(c->name) == nlen && !strncmp(spec, c->name, nlen))
			for (p = c->usage; *p; p++)
				n += *p == ',';
	return n;
}

/* Whether name is a catalogued invariant's name. */
static int is_invariant(const char *name)
{
	const struct check_info *c;

	for (c = check_catalog(); c->name; c++)
		if (!strcmp(c->name, name))
			return 1;
	return 0;
}

/* Whether the invariant at the start of spec names a sensor as its
 * argument number i (0 first): "counter-exact:NAME,SENSOR[,GRACE]". */
static int arg_is_sensor(const char *spec, size_t i)
{
	const struct check_info *c;
	size_t nlen = strcspn(spec, ":");
	const char *p = NULL;

	for (c = check_catalog(); c->name && !p; c++)
		if (strlen(c->name) == nlen && !strncmp(spec, c->name, nlen))
			p = strchr(c->usage, ':');
	while (p && i--)
		p = strchr(p + 1, ',');
	return p && !strncmp(p + 1 + (p[1] == '['), "SENSOR", 6);
}

/* Whether tok continues the spec before it rather than starting one of its
 * own. Only an invariant whose usage has commas takes more than one
 * argument, and its later arguments are durations ("liveness:temps,31m"),
 * which start with a digit, or a sensor's name ("counter-exact:total,
 * pulses"), which is not an invariant's name; the spec must have room for
 * it. Anything else is an invariant of its own, and a misspelt name is
 * then reported as unknown instead of vanishing into an argument. */
static int continues_spec(const char *prev, const char *tok)
{
	size_t parts = 1;
	const char *p;

	if (!strchr(prev, ':'))
		return 0;
	for (p = strchr(prev, ':'); *p; p++)
		parts += *p == ',';
	if (parts >= max_args(prev))
		return 0;
	if (arg_is_sensor(prev, parts))
		return !strchr(tok, ':') && !is_invariant(tok);
	return tok[0] >= '0' && tok[0] <= '9';
}

/* Splits "a,b:x,y,c" into a NULL-terminated array of specs. */
static char **split_checks(const char *text, size_t *n)
{
	char *copy = strdup(text), *save = NULL, *tok;
	/* Room for the specs and the five checkers checks_for() may add. */
	char **v = calloc(strlen(text) + 6, sizeof(*v));

	*n = 0;
	if (!copy || !v)
		abort();
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		if (!*tok)
			continue;
		if (*n > 0 && continues_spec(v[*n - 1], tok)) {
			char *joined = NULL;

			if (asprintf(&joined, "%s,%s", v[*n - 1], tok) < 0)
				abort();
			free(v[*n - 1]);
			v[*n - 1] = joined;
		} else {
			v[(*n)++] = strdup(tok);
		}
	}
	free(copy);
	return v;
}

static void free_checks(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

static int write_json(const char *dir, const char *name, json_t *j, char *err, size_t errlen)
{
	char path[PATH_MAX + 32];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((rc = afile_write_json(path, j, JSON_INDENT(2), 0)) < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", path, strerror(-rc));
		return -EIO;
	}
	return 0;
}

/* A directory that holds a run (an earlier run's evidence, perhaps of a
 * failure) is not replaced unless the caller says so; when it is, the old
 * verdict and reproducer go first, so that a run that dies half-way never
 * leaves them looking like its own. 0 or -EEXIST with err. */
int run_lock_dir(const char *dir, int *fd, char *err, size_t errlen)
{
	int rc;

	*fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0) {
		rc = -errno;
		snprintf(err, errlen, "cannot open '%s': %s", dir, strerror(errno));
		return rc;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) < 0) {
		rc = errno == EWOULDBLOCK ? -EBUSY : -errno;
		snprintf(err, errlen, "'%s' is in use by another impchaos run or campaign; wait for it "
			 "to end, or choose another with --out", dir);
		close(*fd);
		*fd = -1;
		return rc;
	}
	return 0;
}

static int claim_run_dir(const char *dir, int force, char *err, size_t errlen)
{
	static const char *const run_files[] = { "scenario.json", "verdict.json", "trace.jsonl",
						 "reproducer.json", NULL };
	char path[PATH_MAX + 32];
	size_t i;
	int held = 0;

	for (i = 0; run_files[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, run_files[i]);
		if (access(path, F_OK) == 0)
			held = 1;
		if (force && i > 0 && i != 2)
			remove(path);
	}
	if (held && !force) {
		snprintf(err, errlen, "the run directory '%s' holds a run already; choose another "
			 "with --out, or give --force to replace it", dir);
		return -EEXIST;
	}
	return 0;
}

/* A scheduled fault that starts at or after the end of the run would
 * never fire, and a run that passes without it says nothing about it:
 * refuse it, naming the entry. 0 or -EINVAL with err. */
static int check_within_run(const struct schedule *sched, int64_t duration_us, char *err,
			    size_t errlen)
{
	size_t i;

	for (i = 0; i < sched->n; i++) {
		const struct sched_entry *e = &sched->v[i];
		struct schedule one = { .v = (struct sched_entry *)e, .n = 1 };
		char end[32], *text = NULL;

		if (e->t_us < duration_us)
			continue;
		duration_format(duration_us, end, sizeof(end));
		if (schedule_format(&one, &text) == 0)
			text[strcspn(text, "\n")] = '\0';
		snprintf(err, errlen, "fault schedule: line %d, column %d: '%s' %s at or after the "
			 "end of the run (%s) and would never fire (lengthen --for or move the fault)",
			 e->line, e->col, text ? text : e->fault,
			 e->kind == SCHED_AT ? "is" : "starts", end);
		free(text);
		return -EINVAL;
	}
	return 0;
}

/* The specs to check: the user's list, or the target's, plus "no-hang",
 * "no-target-crash" and "single-agent", which are about the harness and the cloud rather than the
 * target and hold in every run unless a fault breaks them on purpose. */
static char **checks_for(const struct run_opts *o, const struct target *t, size_t *n, char **text)
{
	char **v;
	size_t i;
	int has_hang = 0, has_memcheck = 0, has_single = 0, has_crash = 0, has_loop = 0;

	if (o->checks) {
		v = split_checks(o->checks, n);
	} else {
		v = calloc(json_array_size(t->invariants) + 6, sizeof(*v));
		*n = 0;
		for (i = 0; i < json_array_size(t->invariants); i++)
			v[(*n)++] = strdup(json_string_value(json_array_get(t->invariants, i)));
	}
	for (i = 0; i < *n; i++) {
		has_hang |= !strcmp(v[i], "no-hang");
		has_crash |= !strcmp(v[i], "no-target-crash");
		has_memcheck |= !strcmp(v[i], "memcheck-clean");
		has_single |= !strcmp(v[i], "single-agent");
		has_loop |= !strncmp(v[i], "no-crash-loop", 13) && (!v[i][13] || v[i][13] == ':');
	}
	if (!has_hang)
		v[(*n)++] = strdup("no-hang");
	if (!has_crash)
		v[(*n)++] = strdup("no-target-crash");
	if (!has_single)
		v[(*n)++] = strdup("single-agent");
	if (!has_loop)
		v[(*n)++] = strdup("no-crash-loop");
	if (o->valgrind && !has_memcheck)
		v[(*n)++] = strdup("memcheck-clean");
	*text = NULL;
	for (i = 0; i < *n; i++) {
		size_t len = *text ? strlen(*text) : 0;

		*text = realloc(*text, len + strlen(v[i]) + 2);
		sprintf(*text + len, "%s%s", len ? "," : "", v[i]);
	}
	return v;
}

int run_execute(const struct run_opts *o, struct run_outcome *out, char *err, size_t errlen)
{
	struct schedule sched = { 0 };
	struct scenario sc = { 0 };
	struct target *t = NULL;
	char **checks = NULL, *checks_text = NULL, seedbuf[32], dur[32], started[32];
	char startbuf[32];
	struct timespec wall0, mono0, mono1;
	size_t nchecks = 0, i;
	json_t *scen = NULL, *verdict = NULL;
	int rc, lock_fd = -1;

	memset(out, 0, sizeof(*out));
	if (o->checks && !o->checks[strspn(o->checks, ", ")]) {
		/* An empty list would silently drop every invariant of the
		 * target and check nothing but the harness's own. */
		snprintf(err, errlen, "--check '%s' names no invariant (name at least one, e.g. "
			 "no-missing-handler; try 'impchaos invariants')", o->checks);
		return -EINVAL;
	}
	if (o->out_dir && strlen(o->out_dir) >= sizeof(out->dir)) {
		snprintf(err, errlen, "the run directory '%.40s...' is longer than %zu bytes (choose "
			 "a shorter --out)", o->out_dir, sizeof(out->dir) - 1);
		return -EINVAL;
	}
	rc = target_find(o->target, &t, err, errlen);
	if (rc < 0)
		return -EINVAL;
	sc.target = t;
	if (t->note)
		out->note = strdup(t->note);
	sc.seed = o->seed;
	sc.duration_us = t->duration_us;
	if (o->duration && (rc = duration_parse(o->duration, &sc.duration_us)) < 0) {
		snprintf(err, errlen, "malformed duration '%s' (try 90s, 20m, 6h, 7d)", o->duration);
		goto out;
	}
	if (sc.duration_us <= 0) {
		snprintf(err, errlen, "the simulated duration must be more than 0");
		rc = -EINVAL;
		goto out;
	}
	rc = schedule_parse(o->faults ? o->faults : "", &sched, err, errlen);
	for (i = 0; rc == 0 && i < sched.n; i++)
		rc = fault_validate(&sched.v[i], err, errlen);
	if (rc < 0) {
		char inner[1024];

		snprintf(inner, sizeof(inner), "%s", err);
		snprintf(err, errlen, "fault schedule: %s", inner);
		rc = -EINVAL;
		goto out;
	}
	if ((rc = check_within_run(&sched, sc.duration_us, err, errlen)) < 0)
		goto out;
	sc.start_s = SIM_EPOCH_S;
	if (o->start) {
		if ((rc = utc_parse(o->start, &sc.start_s)) < 0) {
			snprintf(err, errlen, "malformed start '%s' (%s, from 1970 to 2037)", o->start,
				 UTC_FORM);
			rc = -EINVAL;
			goto out;
		}
		sc.start_given = 1;
	}
	sc.faults = &sched;
	checks = checks_for(o, t, &nchecks, &checks_text);
	sc.checks = (const char *const *)checks;
	sc.nchecks = nchecks;
	{
		/* Validate the invariants before touching the run directory. */
		struct check_set *probe;

		if ((rc = check_set_new(&probe, sc.checks, nchecks, err, errlen)) < 0)
			goto out;
		check_set_free(probe);
	}
	if (o->out_dir)
		snprintf(out->dir, sizeof(out->dir), "%s", o->out_dir);
	else
		snprintf(out->dir, sizeof(out->dir), "runs/%s-%s-s%llu", t->name, t->variant,
			 (unsigned long long)o->seed);
	/* The directory is made and locked before anything in it is looked
	 * at or replaced: a second user of it is refused, not mixed in. */
	if ((rc = run_mkdir_p(out->dir, err, errlen)) < 0) {
		rc = -EIO;
		goto out;
	}
	if ((rc = run_lock_dir(out->dir, &lock_fd, err, errlen)) < 0)
		goto out;
	if ((rc = claim_run_dir(out->dir, o->force, err, errlen)) < 0)
		goto out;
	sc.run_dir = out->dir;
	sc.observe = o->observe;
	sc.observe_ud = o->observe_ud;
	sc.watchdog_s = o->watchdog_s > 0 ? o->watchdog_s : 10.0;
	sc.run_timeout_s = o->run_timeout_s;
	if (sc.run_timeout_s <= 0) {
		sc.run_timeout_s = RUN_TIMEOUT_BASE_S + (double)sc.duration_us / 1e6 / RUN_TIMEOUT_RATIO;
		if (o->valgrind)
			sc.run_timeout_s *= RUN_TIMEOUT_VALGRIND;
	}
	sc.sync_store = o->sync_store;
	/* The command line's quota, else the target's ("memory"). */
	sc.agent_mem_quota = o->agent_mem_quota ? o->agent_mem_quota : t->mem_agent;
	sc.device_mem_quota = o->device_mem_quota ? o->device_mem_quota : t->mem_device;
	sc.valgrind = o->valgrind;
	sc.stop_at_failure = o->stop_at_failure;
	sc.stop_on = o->stop_at_failure ? o->stop_on : NULL;

	duration_format(sc.duration_us, dur, sizeof(dur));
	out->duration = strdup(dur);
	snprintf(seedbuf, sizeof(seedbuf), "%llu", (unsigned long long)o->seed);
	out->command = run_shell_append(NULL, "impchaos");
	out->command = run_shell_append(out->command, "run");
	out->command = run_shell_append(out->command, o->target);
	out->command = run_shell_append(out->command, "--seed");
	out->command = run_shell_append(out->command, seedbuf);
	out->command = run_shell_append(out->command, "--for");
	out->command = run_shell_append(out->command, dur);
	if (sc.start_given) {
		utc_format(sc.start_s, startbuf, sizeof(startbuf));
		out->command = run_shell_append(out->command, "--start");
		out->command = run_shell_append(out->command, startbuf);
	}
	if (o->faults && sched.n) {
		out->command = run_shell_append(out->command, "--faults");
		out->command = run_shell_append(out->command, o->faults);
	}
	out->command = run_shell_append(out->command, "--check");
	out->command = run_shell_append(out->command, checks_text);
	if (o->sync_store)
		out->command = run_shell_append(out->command, "--sync-store");
	if (o->valgrind)
		out->command = run_shell_append(out->command, "--valgrind");
	if (o->stop_at_failure)
		out->command = run_shell_append(out->command, "--stop-at-failure");
	if (o->agent_mem_quota) {
		char q[32];

		snprintf(q, sizeof(q), "%lld", o->agent_mem_quota);
		out->command = run_shell_append(out->command, "--agent-memory");
		out->command = run_shell_append(out->command, q);
	}
	if (o->device_mem_quota) {
		char q[32];

		snprintf(q, sizeof(q), "%lld", o->device_mem_quota);
		out->command = run_shell_append(out->command, "--device-memory");
		out->command = run_shell_append(out->command, q);
	}

	scen = json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:b, s:I, s:b, s:s}", "target", o->target,
			 "seed", seedbuf, "duration", dur, "faults", o->faults ? o->faults : "",
			 "checks", checks_text, "watchdog_s", sc.watchdog_s, "sync_store",
			 o->sync_store, "agent_memory", (json_int_t)o->agent_mem_quota, "valgrind",
			 o->valgrind, "command", out->command);
	if (sc.start_given)
		json_object_set_new(scen, "start", json_string(startbuf));
	if (o->run_timeout_s > 0) {
		/* Only when given: the default follows from the duration. */
		char rt[32];

		duration_format((int64_t)(o->run_timeout_s * 1e6), rt, sizeof(rt));
		out->command = run_shell_append(out->command, "--run-timeout");
		out->command = run_shell_append(out->command, rt);
		json_object_set_new(scen, "run_timeout_s", json_real(o->run_timeout_s));
		json_object_set_new(scen, "command", json_string(out->command));
	}
	if (o->device_mem_quota)
		json_object_set_new(scen, "device_memory", json_integer((json_int_t)o->device_mem_quota));
	/* Only when given: scenarios without it read as they always have. */
	if (o->stop_at_failure)
		json_object_set_new(scen, "stop_at_failure", json_true());
	if (sc.stop_on)
		json_object_set_new(scen, "stop_on", json_string(sc.stop_on));
	if ((rc = write_json(out->dir, "scenario.json", scen, err, errlen)) < 0)
		goto out;

	/* When the run started and how long it took on the wall clock, for CI
	 * test reports (junit.xml's timestamp and time). They are in the
	 * verdict only: the trace holds no wall-clock time. */
	clock_gettime(CLOCK_REALTIME, &wall0);
	clock_gettime(CLOCK_MONOTONIC, &mono0);
	rc = sim_run(&sc, &out->res, err, errlen);
	if (rc < 0)
		goto out;
	clock_gettime(CLOCK_MONOTONIC, &mono1);
	/* In UTC by arithmetic: libc's calendar would read /etc/localtime. */
	utc_format((int64_t)wall0.tv_sec, started, sizeof(started));
	verdict = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:b, s:O, s:s, s:O, s:s, s:f}", "target",
			    o->target, "seed", seedbuf, "duration", dur, "faults",
			    o->faults ? o->faults : "", "trace_hash", out->res.hash, "events",
			    (json_int_t)out->res.events, "ok", out->res.failed == 0, "invariants",
			    out->res.verdicts, "replay", out->command, "coverage", out->res.coverage,
			    "started", started, "wall_s",
			    (double)(mono1.tv_sec - mono0.tv_sec) + (mono1.tv_nsec - mono0.tv_nsec) / 1e9);
	if (out->res.stopped_at_failure) {
		char at[32];

		/* The run did not get to its duration: when it stopped, and why. */
		duration_clock(out->res.sim_us, at, sizeof(at));
		json_object_set_new(verdict, "cut_short", json_pack("{s:I, s:s, s:s}", "t",
				    (json_int_t)out->res.sim_us, "at", at, "reason",
				    "stopped at the first failure (--stop-at-failure)"));
	}
	rc = write_json(out->dir, "verdict.json", verdict, err, errlen);
out:
	if (lock_fd >= 0)
		close(lock_fd);
	/* A failed run hands back nothing: the command line and duration
	 * made above were lost by callers that only print err. */
	if (rc < 0)
		run_outcome_release(out);
	json_decref(scen);
	json_decref(verdict);
	free_checks(checks, nchecks);
	free(checks_text);
	schedule_release(&sched);
	target_free(t);
	return rc;
}

void run_outcome_release(struct run_outcome *out)
{
	sim_result_release(&out->res);
	free(out->command);
	free(out->duration);
	free(out->note);
	out->command = out->duration = out->note = NULL;
}

int run_load(const char *dir, struct run_opts *o, json_t **scenario, char hash[TRACE_HASH_LEN + 1],
	     char *err, size_t errlen)
{
	char path[PATH_MAX];
	json_error_t jerr;
	json_t *s, *v;
	const char *h, *seed;
	char *end;

	snprintf(path, sizeof(path), "%s/scenario.json", dir);
	s = json_load_file(path, 0, &jerr);
	if (!s) {
		snprintf(err, errlen, "'%s' is not a run directory: %s", dir, jerr.text);
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/verdict.json", dir);
	v = json_load_file(path, 0, &jerr);
	h = json_string_value(json_object_get(v, "trace_hash"));
	seed = json_string_value(json_object_get(s, "seed"));
	memset(o, 0, sizeof(*o));
	o->target = json_string_value(json_object_get(s, "target"));
	o->duration = json_string_value(json_object_get(s, "duration"));
	o->faults = json_string_value(json_object_get(s, "faults"));
	o->checks = json_string_value(json_object_get(s, "checks"));
	o->watchdog_s = json_number_value(json_object_get(s, "watchdog_s"));
	o->run_timeout_s = json_number_value(json_object_get(s, "run_timeout_s"));
	o->sync_store = json_is_true(json_object_get(s, "sync_store"));
	o->valgrind = json_is_true(json_object_get(s, "valgrind"));
	o->agent_mem_quota = (long long)json_integer_value(json_object_get(s, "agent_memory"));
	o->start = json_string_value(json_object_get(s, "start"));
	o->device_mem_quota = (long long)json_integer_value(json_object_get(s, "device_memory"));
	o->stop_at_failure = json_is_true(json_object_get(s, "stop_at_failure"));
	o->stop_on = json_string_value(json_object_get(s, "stop_on"));
	if (!v || !h || strlen(h) != TRACE_HASH_LEN || !seed || !o->target || !o->duration ||
	    !o->faults || !o->checks) {
		snprintf(err, errlen, "run directory '%s' is incomplete (no finished verdict.json or "
			 "a damaged scenario.json); run it again with 'impchaos run'", dir);
		json_decref(s);
		json_decref(v);
		return -EINVAL;
	}
	errno = 0;
	o->seed = strtoull(seed, &end, 10);
	memcpy(hash, h, TRACE_HASH_LEN + 1);
	json_decref(v);
	*scenario = s;
	return 0;
}
