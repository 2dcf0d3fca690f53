/*
 * fuzz_schedule.c - libFuzzer target for the fault schedule parser
 * (faults/schedule.c). Every input is parsed as a --faults text; what
 * parses is written back with schedule_format() and parsed again, which
 * must succeed with the same entries (schedule.h promises the round trip).
 * A crash, a sanitizer report, a leak or a broken round trip is a bug.
 * Built and run by suites/fuzz.sh (make fuzz); make test re-runs the kept
 * inputs through suites/fuzz/regress.c.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "faults/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same_entry(const struct sched_entry *a, const struct sched_entry *b)
{
	size_t i;

	if (a->kind != b->kind || a->t_us != b->t_us || a->to_us != b->to_us || a->p != b->p ||
	    strcmp(a->fault, b->fault) || a->nparams != b->nparams)
		return 0;
	for (i = 0; i < a->nparams; i++)
		if (strcmp(a->params[i].key, b->params[i].key) ||
		    strcmp(a->params[i].value, b->params[i].value))
			return 0;
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct schedule s, again;
	char err[512], *text, *canon = NULL;
	size_t i;

	/* The command line hands the parser a C string: stop at a NUL. */
	text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (schedule_parse(text, &s, err, sizeof(err)) == 0) {
		if (schedule_format(&s, &canon) == 0) {
			if (schedule_parse(canon, &again, err, sizeof(err)) < 0 || again.n != s.n)
				abort();
			for (i = 0; i < s.n; i++)
				if (!same_entry(&s.v[i], &again.v[i]))
					abort();
			schedule_release(&again);
		}
		free(canon);
	} else if (s.n || s.v) {
		abort();	/* schedule.h: empty on error */
	}
	schedule_release(&s);
	free(text);
	return 0;
}
