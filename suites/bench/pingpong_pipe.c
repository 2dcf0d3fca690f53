/*
 * pingpong_pipe.c - the second floor under one lockstep dispatch (make
 * bench, suites/bench.sh): two processes bounce a small message over a
 * pair of pipes, one each way, with read/write, as the harness and a
 * child host do since the control channel became two pipes. The first
 * floor, pingpong.c, is the same over a socketpair. Prints round trips
 * per second of wall time.
 *
 * usage: pingpong_pipe [ROUND_TRIPS] [poll]   (default 200000)
 *   poll: the parent polls its read end (with a timeout) before each
 *   read, as the harness's watchdog does; the child reads blocking, as a
 *   host does.
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, i;
	int use_poll = argc > 2 && !strcmp(argv[2], "poll");
	char buf[64] = "0123456789abcdef0123456789abcdef";
	int down[2], up[2];
	struct timespec a, b;
	pid_t pid;

	if (n <= 0 || pipe(down) < 0 || pipe(up) < 0) {
		fprintf(stderr, "pingpong_pipe: bad count or no pipe\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		while (read(down[0], buf, 32) == 32)
			if (write(up[1], buf, 32) != 32)
				break;
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		struct pollfd pfd = { up[0], POLLIN, 0 };

		if (write(down[1], buf, 32) != 32)
			return 3;
		if (use_poll && poll(&pfd, 1, 10000) != 1)
			return 3;
		if (read(up[0], buf, 32) != 32)
			return 3;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	close(down[1]);
	waitpid(pid, NULL, 0);
	printf("%.0f\n", (double)n / ((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9));
	return 0;
}
