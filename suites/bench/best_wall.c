/*
 * best_wall.c - the wall time of a short command, best of N (make bench,
 * suites/bench.sh: the start-up figure, a 1-minute run). Timing from a
 * shell would add the start of `date` on each side of the command, as
 * much again as what is measured; this starts the command itself
 * (posix_spawn, its output to /dev/null) and reads the monotonic clock
 * around each start and wait. Prints the smallest time in milliseconds.
 * Exit codes 0 and 1 of the command are results (impchaos's 1: an
 * invariant failed, as in a 1-minute run, too short to observe its
 * counters); another code or a signal stops it with exit 1.
 *
 * usage: best_wall N COMMAND [ARGS...]
 */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	posix_spawn_file_actions_t fa;
	double best = -1;
	long n, i;

	if (argc < 3 || (n = atol(argv[1])) < 1) {
		fprintf(stderr, "usage: best_wall N COMMAND [ARGS...]\n");
		return 2;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (i = 0; i < n; i++) {
		double a = now_ms(), t;
		int status;
		pid_t pid;

		if (posix_spawnp(&pid, argv[2], &fa, NULL, argv + 2, environ) != 0 ||
		    waitpid(pid, &status, 0) < 0) {
			fprintf(stderr, "best_wall: cannot run %s\n", argv[2]);
			return 1;
		}
		t = now_ms() - a;
		if (!WIFEXITED(status) || WEXITSTATUS(status) > 1) {
			fprintf(stderr, "best_wall: %s failed (status %d)\n", argv[2], status);
			return 1;
		}
		if (best < 0 || t < best)
			best = t;
	}
	printf("%.2f\n", best);
	return 0;
}
