/*
 * spawn_dlopen.c - the floor under an agent restart (make bench,
 * suites/bench.sh): posix_spawn of this same program with --child, which
 * is linked as an imp-agent is (jansson, libev, xxhash and pcre2 from
 * their static archives, libfiu shared, built with FIU_ENABLE so that
 * fiu_init is a call: the same loading at exec; see suites/bench.sh) and
 * dlopen()s the
 * target's agent.so (RTLD_LAZY: its calls into the host stay unresolved,
 * there is no host here), then exits; the parent waits for it. Prints the
 * microseconds of wall time one spawn + exec + dlopen + exit + wait takes.
 *
 * usage: spawn_dlopen AGENT.so [COUNT]   (default 300)
 */
#include <dlfcn.h>
#include <ev.h>
#include <fiu.h>
#include <jansson.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

extern char **environ;

int main(int argc, char **argv)
{
	struct timespec a, b;
	long n, i;

	if (argc >= 3 && !strcmp(argv[1], "--child")) {
		/* Touch each library, so none is dropped by --as-needed. */
		json_t *j = json_object();
		void *so = dlopen(argv[2], RTLD_LAZY | RTLD_LOCAL);

		fiu_init(0);
		(void)XXH64("x", 1, 0);
		(void)ev_version_major();
		json_decref(j);
		return so ? 0 : 1;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: spawn_dlopen AGENT.so [COUNT]\n");
		return 2;
	}
	n = argc > 2 ? atol(argv[2]) : 300;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < n; i++) {
		char *cargv[] = { argv[0], (char *)"--child", argv[1], NULL };
		int status;
		pid_t pid;

		if (posix_spawn(&pid, "/proc/self/exe", NULL, NULL, cargv, environ) != 0 ||
		    waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
			fprintf(stderr, "spawn_dlopen: the child failed (cannot load %s?)\n", argv[1]);
			return 3;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3) / (double)n);
	return 0;
}
