/*
 * pingpong.c - the floor under one lockstep dispatch (make bench,
 * suites/bench.sh): two processes bounce a small message over a
 * socketpair with send/recv, as the harness and a child host did before
 * the control channel became a pipe each way (pingpong_pipe.c measures
 * that), so a dispatch can be put against the bare round trip on the same
 * machine in the same run; the dispatch goal is set against this one.
 * Prints round trips per second of wall time.
 *
 * usage: pingpong [ROUND_TRIPS]   (default 200000)
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 200000, i;
	char buf[64] = "0123456789abcdef0123456789abcdef";
	struct timespec a, b;
	int sv[2];
	pid_t pid;

	if (n <= 0 || socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0) {
		fprintf(stderr, "pingpong: bad count or no socketpair\n");
		return 2;
	}
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(sv[0]);
		while (recv(sv[1], buf, 32, 0) > 0)
			if (send(sv[1], buf, 32, 0) < 0)
				break;
		_exit(0);
	}
	close(sv[1]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		if (send(sv[0], buf, 32, 0) != 32 || recv(sv[0], buf, 32, MSG_WAITALL) != 32)
			return 3;
	clock_gettime(CLOCK_MONOTONIC, &b);
	close(sv[0]);
	waitpid(pid, NULL, 0);
	printf("%.0f\n", (double)n / ((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9));
	return 0;
}
