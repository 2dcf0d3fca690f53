/*
 * scenario.c - helpers for the scenario suites (see scenario.h).
 */
#include "scenario.h"

#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sim/target.h"

extern char **environ;

int scenario_run(const char *target, uint64_t seed, const char *duration, const char *faults,
		 const char *checks, struct run_outcome *out)
{
	static int counter;
	struct run_opts o = {
		.target = target,
		.seed = seed,
		.duration = duration,
		.faults = faults,
		.checks = checks,
		.watchdog_s = 20,
		.force = 1,
	};
	char dir[4096], err[2048];
	size_t i;
	int rc;

	snprintf(dir, sizeof(dir), "%s/test-runs/%s-s%llu-%d-%d", impchaos_home(), target,
		 (unsigned long long)seed, (int)getpid(), counter++);
	for (i = strlen(impchaos_home()) + 11; dir[i]; i++)
		if (dir[i] == '/')
			dir[i] = '_';
	o.out_dir = dir;
	rc = run_execute(&o, out, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "scenario %s seed %llu: %s\n", target, (unsigned long long)seed, err);
	return rc;
}

json_t *scenario_verdict(const struct run_outcome *out, const char *invariant)
{
	json_t *v;
	size_t i;

	json_array_foreach(out->res.verdicts, i, v)
		if (!strcmp(json_string_value(json_object_get(v, "invariant")), invariant))
			return v;
	return NULL;
}

int scenario_held(const struct run_outcome *out, const char *invariant)
{
	json_t *v = scenario_verdict(out, invariant);

	return v ? json_is_true(json_object_get(v, "ok")) : -1;
}

char *scenario_trace(const char *dir)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/trace.jsonl", dir);
	return scenario_read_file(path);
}

char *scenario_read_file(const char *path)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (getdelim(&text, &len, '\0', f) < 0) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

void scenario_use_test_targets(void)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/suite-targets", impchaos_home());
	setenv("IMPCHAOS_TARGET_PATH", path, 1);
}

int scenario_cli(const char *const *args, char **output)
{
	char exe[4096], tmpl[] = "/tmp/impchaos-cli-XXXXXX";
	const char *argv[32];
	posix_spawn_file_actions_t fa;
	struct stat st;
	size_t n = 0;
	pid_t pid;
	int fd, status = -1;

	snprintf(exe, sizeof(exe), "%s/bin/impchaos", impchaos_home());
	argv[n++] = exe;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	*output = NULL;
	fd = mkstemp(tmpl);
	if (fd < 0)
		return -1;
	unlink(tmpl);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd, 1);
	posix_spawn_file_actions_adddup2(&fa, fd, 2);
	if (posix_spawn(&pid, exe, &fa, NULL, (char *const *)argv, environ) == 0 &&
	    waitpid(pid, &status, 0) == pid)
		status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	else
		status = -1;
	posix_spawn_file_actions_destroy(&fa);
	if (fstat(fd, &st) == 0 && (*output = calloc(1, (size_t)st.st_size + 1)))
		if (pread(fd, *output, (size_t)st.st_size, 0) < 0)
			(*output)[0] = '\0';
	close(fd);
	return status;
}

pid_t scenario_cli_start(const char *const *args, const char *output)
{
	char exe[4096];
	const char *argv[32];
	posix_spawn_file_actions_t fa;
	size_t n = 0;
	pid_t pid;
	int rc;

	snprintf(exe, sizeof(exe), "%s/bin/impchaos", impchaos_home());
	argv[n++] = exe;
	while (*args && n < 31)
		argv[n++] = *args++;
	argv[n] = NULL;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	rc = posix_spawn(&pid, exe, &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	return rc == 0 ? pid : -1;
}

int scenario_cli_wait(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
