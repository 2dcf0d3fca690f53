/*
 * home.c - the build tree or installed layout the running executable
 * belongs to (see home.h).
 */
#include "home.h"

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

const char *impchaos_home(void)
{
	static char home[PATH_MAX];
	char exe[PATH_MAX];
	ssize_t n;

	if (home[0])
		return home;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0) {
		snprintf(home, sizeof(home), ".");
		return home;
	}
	exe[n] = '\0';
	snprintf(home, sizeof(home), "%s", dirname(dirname(exe)));
	return home;
}

/* 1 when the executable runs from an installed tree: make install puts
 * the hosts in <home>/lib/impchaos, where a build tree has nothing. */
static int installed(void)
{
	static int known = -1;
	char path[PATH_MAX + 32];

	if (known < 0) {
		snprintf(path, sizeof(path), "%s/lib/impchaos/imp-agent", impchaos_home());
		known = access(path, X_OK) == 0;
	}
	return known;
}

const char *impchaos_host_dir(void)
{
	static char dir[PATH_MAX + 32]; /* <home>, then a fixed part */

	if (!dir[0])
		snprintf(dir, sizeof(dir), "%s/%s", impchaos_home(),
			 installed() ? "lib/impchaos" : "bin");
	return dir;
}

const char *impchaos_examples_dir(void)
{
	static char dir[PATH_MAX + 32]; /* <home>, then a fixed part */

	if (!dir[0])
		snprintf(dir, sizeof(dir), "%s/%s", impchaos_home(),
			 installed() ? "share/impchaos/targets" : "targets");
	return dir;
}
