/*
 * chaos_job.c - how a chaos campaign (chaos.c) starts a job: `impchaos
 * run`, `replay` or `shrink` in a child process of its own, with its
 * output in a log file of the run directory.
 *
 * With opts.job_main (what `impchaos chaos` gives) the child is a fork of
 * the campaign that runs the command line itself. That saves every run
 * the start of a new binary: exec, the dynamic loader and libc's start-up,
 * on a virtual machine mostly libc probing the CPU with CPUID instructions
 * that each leave the guest (there, `impchaos --version` took 0.64 ms to
 * spawn and end, a fork and exit of a 4 MB process 0.25 ms). The child
 * starts as the binary would: see fork_job. Without job_main the child is the
 * binary, started with posix_spawn.
 */
#include "chaos_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <unistd.h>

extern char **environ;

/* A job in a fork of the campaign, started as the binary would be: its
 * own process group (see chaos.c), its output to log, standard input from
 * /dev/null, no descriptor of the campaign's (its directory lock) and
 * none of its signal handlers. stdout is fully buffered, as it is in a
 * process started on a file, so that the log's lines come in the same
 * order (a job's error on stderr before what it printed on stdout). */
static int fork_job(struct campaign *c, char *const argv[], const char *log, pid_t *pid)
{
	int out = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644), in, argc = 0;

	if (out < 0)
		return -errno;
	if ((in = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		close(out);
		return -errno;
	}
	fflush(NULL);
	if ((*pid = fork()) < 0) {
		close(out);
		close(in);
		return -errno;
	}
	if (*pid == 0) {
		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
			_exit(3);   /* the exit code of an internal error */
		close_range(3, ~0U, 0);
		setvbuf(stdout, NULL, _IOFBF, BUFSIZ);
		while (argv[argc])
			argc++;
		argc = c->o->job_main(argc, (char **)argv);
		fflush(NULL);
		_exit(argc);
	}
	/* Here too, so that a stop that comes at once finds the group. */
	setpgid(*pid, *pid);
	close(out);
	close(in);
	return 0;
}

int chaos_spawn_job(struct campaign *c, char *const argv[], const char *log, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int rc;

	if (c->o->job_main)
		return fork_job(c, argv, log, pid);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	/* A process group of its own: see chaos.c. */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	rc = posix_spawn(pid, c->bin, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	return -rc;
}
