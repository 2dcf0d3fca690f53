/*
 * regress.c - runs a libFuzzer target's entry point over files, without
 * libFuzzer: make test links it with each of suites/fuzz/fuzz_*.c and the
 * ordinary build, and suites/fuzz.sh --regress runs it over the inputs
 * fuzzing found (suites/fuzz/regressions/NAME/) and the seed corpus
 * (suites/fuzz/corpus/NAME/). A crash or an abort is a failed regression.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		uint8_t *buf = NULL;
		size_t len = 0, cap = 0, got;

		if (!f) {
			perror(argv[i]);
			return 2;
		}
		do {
			if (len == cap) {
				uint8_t *nb = realloc(buf, cap = cap ? 2 * cap : 4096);

				if (!nb)
					abort();
				buf = nb;
			}
			got = fread(buf + len, 1, cap - len, f);
			len += got;
		} while (got > 0);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	return 0;
}
