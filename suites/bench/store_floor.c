/*
 * store_floor.c - the floor under the lockstep dispatches of a run whose
 * agent saves (make bench, suites/bench.sh: "dispatch-vs-floor"). Two
 * processes bounce a small message over a pair of pipes, as pingpong_pipe.c
 * does and as the harness and a host do, and the echoing process also makes
 * the agent store's save on the given share of the round trips: open,
 * write, close and rename of a file of the run's store size, by relative
 * names in the store's directory, as harness/host/store.c does. No
 * harness, host, JSON, trace or checker work is in it, so a run with that
 * share of saves cannot dispatch faster than this on the same machine: the
 * honest ceiling for the workload, where the socketpair ping-pong
 * (pingpong.c) stays the figure the dispatch goal is set against. Prints
 * round trips per second of wall time.
 *
 * usage: store_floor ROUND_TRIPS SAVES DIR [BYTES]
 *   SAVES of the ROUND_TRIPS (spread evenly) save BYTES (default 108)
 *   as DIR/store.json through DIR/store.json.tmp; the file goes at the end.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define NAME "store.json"
#define TMP "store.json.tmp"

static void save(const char *text, size_t len)
{
	int fd = open(TMP, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd) < 0 ||
	    rename(TMP, NAME) < 0) {
		perror("store_floor: save");
		_exit(3);
	}
}

/* The echoing side: a host that saves on its share of the events. */
static void echo(int rd, int wr, long n, long saves, const char *text, size_t len)
{
	char buf[64];
	long i, done = 0;

	for (i = 0; read(rd, buf, 32) == 32; i++) {
		if ((i + 1) * saves / n > done) {
			save(text, len);
			done++;
		}
		if (write(wr, buf, 32) != 32)
			break;
	}
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 0, saves = argc > 2 ? atol(argv[2]) : -1, i;
	long bytes = argc > 4 ? atol(argv[4]) : 108;
	char buf[64] = "0123456789abcdef0123456789abcdef", *text;
	int down[2], up[2];
	struct timespec a, b;
	pid_t pid;

	if (argc < 4 || argc > 5 || n <= 0 || saves < 0 || saves > n || bytes <= 0 ||
	    bytes > 1 << 20) {
		fprintf(stderr, "usage: store_floor ROUND_TRIPS SAVES DIR [BYTES]\n");
		return 2;
	}
	if (chdir(argv[3]) < 0) {
		fprintf(stderr, "store_floor: cannot enter '%s'\n", argv[3]);
		return 2;
	}
	if (!(text = malloc((size_t)bytes)) || pipe(down) < 0 || pipe(up) < 0) {
		fprintf(stderr, "store_floor: no memory or no pipe\n");
		return 2;
	}
	memset(text, 'x', (size_t)bytes);
	pid = fork();
	if (pid < 0)
		return 2;
	if (pid == 0) {
		close(down[1]);
		close(up[0]);
		echo(down[0], up[1], n, saves, text, (size_t)bytes);
		_exit(0);
	}
	close(down[0]);
	close(up[1]);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++)
		if (write(down[1], buf, 32) != 32 || read(up[0], buf, 32) != 32)
			return 3;
	clock_gettime(CLOCK_MONOTONIC, &b);
	close(down[1]);
	waitpid(pid, NULL, 0);
	unlink(NAME);
	printf("%.0f\n", (double)n / ((double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9));
	return 0;
}
