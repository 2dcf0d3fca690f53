/*
 * fuzz_target.c - libFuzzer target for target.json loading
 * (harness/sim/target.c). Every input is written as the manifest of a
 * target "fz" in a temporary directory that holds built-looking variants
 * (fz/a/agent.so, fz/a/device.so: empty files, never loaded), and
 * target_find("fz/a") reads it with everything it checks: variants, v2,
 * workload (sensors, HTTP streams, endpoints), invariants, duration,
 * chaos_exclude, squirrel_memory. Any result is fine (a target, or an
 * error with a message); a crash, a sanitizer report, a leak, or an error
 * with an empty message is a bug. Built and run by suites/fuzz.sh (make
 * fuzz); make test re-runs the kept inputs through suites/fuzz/regress.c.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/target.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], manifest[128];

static void cleanup(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_target: could not remove %s\n", dir);
}

static int setup(void)
{
	static const char *files[] = { "fz/a/agent.so", "fz/a/device.so" };
	char path[256];
	size_t i;
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/impchaos-fuzz-XXXXXX");
	if (!mkdtemp(dir))
		return -errno;
	atexit(cleanup);
	snprintf(path, sizeof(path), "%s/fz", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/fz/a", dir);
	mkdir(path, 0755);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (!(f = fopen(path, "w")))
			return -errno;
		fclose(f);
	}
	snprintf(manifest, sizeof(manifest), "%s/fz/target.json", dir);
	setenv("IMPCHAOS_TARGET_PATH", dir, 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct target *t = NULL;
	char err[4096];
	FILE *f;

	if (!dir[0] && setup() < 0)
		abort();
	if (!(f = fopen(manifest, "w")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	err[0] = '\0';
	if (target_find("fz/a", &t, err, sizeof(err)) == 0)
		target_free(t);
	else if (!err[0])
		abort();
	return 0;
}
