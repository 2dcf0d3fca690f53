/*
 * hfault.c - libfiu fault points inside a child host (see hfault.h).
 * Harness -> imp-agent / imp-device [rt.c, hfault.c] -> target.
 *
 * DESIGN
 * The decision callback runs inside the call it may fail, which for
 * libc/mm/malloc means inside malloc: it must not allocate, lock anything
 * libfiu holds, or call a wrapped function. So it only counts, draws from
 * its own PRNG and records what fired in a static ring; rt_effect() turns
 * the records into "fired" frames at the next safe moment. An allocation
 * failure is the exception: the process is out of memory, so the callback
 * sends a frame encoded when the point was armed, straight through the
 * write system call (bypassing the preload), and exits, as the platform
 * restarts an agent or device that runs out of memory.
 */
/* `make FIU=0` builds the hosts with every libfiu point compiled out, to
 * measure what the disarmed points cost (make bench). */
#ifndef IMPCHAOS_NO_FIU
#define FIU_ENABLE 1
#endif
#include "hfault.h"

#include <errno.h>
#include <fiu.h>
#include <fiu-control.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/prng.h"
#include "core/proto.h"
#include "rt.h"

#define MAX_ARMS 32
#define RING 64

/* Mirrors faults/catalog.h's enum fault_scope and POINT_* actions, which
 * reach the host by name in the arm spec. */
enum scope { IN_STORE, IN_TARGET, IN_PROCESS };
enum action { ACT_FAIL, ACT_OOM, ACT_CRASH };
enum mode { MODE_COUNT, MODE_NTH, MODE_P };

struct arm {
	char name[96];          /* catalogue name, e.g. agent/store/write */
	char fiu[96];           /* libfiu point, e.g. posix/io/rw/write */
	enum scope scope;
	enum action action;
	enum mode mode;
	long long n;            /* count left, or the call to fail */
	double p;
	int err;
	long long calls;        /* in-scope calls seen */
	struct prng prng;
	char oom_frame[160];    /* pre-encoded {"t":"oom",...} */
	size_t oom_len;
	int live;
};

int hfault_in_store, hfault_in_target, hfault_in_runtime, hfault_armed;

static struct arm arms[MAX_ARMS];
static uint64_t seed;
static int inc, ctl_fd = -1;
static struct {
	int arm;
	long long call;
	int err;
} ring[RING];
static unsigned ring_len, ring_lost;
static int flushing;

void hfault_setup(uint64_t s, int i, int fd)
{
	seed = s;
	inc = i;
	ctl_fd = fd;
	fiu_init(0);
	/* libfiu's POSIX preload picks how short a "/reduce" write is with
	 * libc's random(), seeded per process: seed it from the run's seed
	 * and this incarnation, or agent/store/write-short would cut writes
	 * differently on every replay (a chaos re-check caught it). */
	srandom((unsigned)(s ^ (s >> 32)) ^ (unsigned)i * 2654435761u);
}

static int in_scope(const struct arm *a)
{
	switch (a->scope) {
	case IN_STORE:
		return hfault_in_store > 0 && hfault_in_runtime == 0;
	case IN_TARGET:
		return hfault_in_target > 0 && hfault_in_runtime == 0;
	case IN_PROCESS:
		return 1;
	}
	return 0;
}

static int decide(struct arm *a)
{
	switch (a->mode) {
	case MODE_COUNT:
		if (a->n <= 0)
			return 0;
		a->n--;
		return 1;
	case MODE_NTH:
		return a->calls == a->n;
	case MODE_P:
		return prng_unit(&a->prng) < a->p;
	}
	return 0;
}

static void oom_exit(struct arm *a)
{
	/* No allocation, no wrapped call: raw system calls only. The frames
	 * the event queued go first. */
	rt_flush_raw();
	syscall(SYS_write, ctl_fd, a->oom_frame, a->oom_len);
	_exit(12);
}

static int on_call(const char *name, int *failnum, void **failinfo, unsigned int *flags)
{
	int i;

	(void)failnum;
	(void)flags;
	for (i = 0; i < MAX_ARMS; i++) {
		struct arm *a = &arms[i];

		if (!a->live || strcmp(a->fiu, name) || !in_scope(a))
			continue;
		a->calls++;
		if (!decide(a))
			continue;
		if (a->action == ACT_OOM)
			oom_exit(a);
		if (ring_len < RING) {
			ring[ring_len].arm = i;
			ring[ring_len].call = a->calls;
			ring[ring_len].err = a->err;
			ring_len++;
		} else {
			ring_lost++;
		}
		if (a->mode == MODE_NTH || (a->mode == MODE_COUNT && a->n == 0))
			a->live = 0;
		*failinfo = (void *)(long)a->err;
		return 1;
	}
	return 0;
}

static int parse_enum(const char *v, const char *const *names, int n)
{
	int i;

	for (i = 0; v && i < n; i++)
		if (!strcmp(v, names[i]))
			return i;
	return -1;
}

int hfault_arm(const json_t *spec, char *err, size_t errlen)
{
	static const char *const scopes[] = { "store", "target", "process" };
	static const char *const actions[] = { "fail", "oom", "crash" };
	static const char *const modes[] = { "count", "nth", "p" };
	const char *name = json_string_value(json_object_get(spec, "name"));
	const char *fiu = json_string_value(json_object_get(spec, "fiu"));
	int sc = parse_enum(json_string_value(json_object_get(spec, "scope")), scopes, 3);
	int ac = parse_enum(json_string_value(json_object_get(spec, "action")), actions, 3);
	int mo = parse_enum(json_string_value(json_object_get(spec, "mode")), modes, 3);
	char stream[256];
	struct arm *a = NULL;
	int i;

	if (!name || !fiu || sc < 0 || ac < 0 || mo < 0 || strlen(name) >= sizeof(a->name) ||
	    strlen(fiu) >= sizeof(a->fiu)) {
		snprintf(err, errlen, "malformed arm spec");
		return -EINVAL;
	}
	/* Arming a counted point that is already armed the same way adds to
	 * its count ("every 1h agent/store/write" does this each hour), as the
	 * harness does on its side. */
	for (i = 0; i < MAX_ARMS; i++) {
		struct arm *b = &arms[i];

		if (b->live && mo == MODE_COUNT && b->mode == MODE_COUNT && !strcmp(b->name, name) &&
		    b->err == (int)json_integer_value(json_object_get(spec, "errno"))) {
			b->n += (long long)json_integer_value(json_object_get(spec, "n"));
			return 0;
		}
	}
	for (i = 0; i < MAX_ARMS && !a; i++)
		if (!arms[i].live)
			a = &arms[i];
	if (!a) {
		snprintf(err, errlen, "more than %d points armed at once", MAX_ARMS);
		return -EINVAL;
	}
	memset(a, 0, sizeof(*a));
	snprintf(a->name, sizeof(a->name), "%s", name);
	snprintf(a->fiu, sizeof(a->fiu), "%s", fiu);
	a->scope = (enum scope)sc;
	a->action = (enum action)ac;
	a->mode = (enum mode)mo;
	a->n = (long long)json_integer_value(json_object_get(spec, "n"));
	a->p = json_number_value(json_object_get(spec, "p"));
	a->err = (int)json_integer_value(json_object_get(spec, "errno"));
	snprintf(stream, sizeof(stream), "fiu/%s/%d/%s", name, inc, fiu);
	prng_init(&a->prng, seed, stream);
	{
		json_t *oom = json_pack("{s:s, s:s}", "t", "oom", "name", a->name);
		char *enc = oom ? proto_encode(oom, &a->oom_len) : NULL;

		json_decref(oom);
		if (!enc || a->oom_len > sizeof(a->oom_frame)) {
			free(enc);
			snprintf(err, errlen, "cannot encode the oom frame of '%s'", name);
			return -ENOMEM;
		}
		memcpy(a->oom_frame, enc, a->oom_len);
		free(enc);
	}
	a->live = 1;
	hfault_armed = 1;
	if (fiu_enable_external(fiu, 1, NULL, 0, on_call) < 0) {
		a->live = 0;
		snprintf(err, errlen, "libfiu refused to enable '%s'", fiu);
		return -EINVAL;
	}
	return 0;
}

void hfault_disarm(const char *name)
{
	int i, j, still;

	for (i = 0; i < MAX_ARMS; i++) {
		if (!arms[i].live || strcmp(arms[i].name, name))
			continue;
		arms[i].live = 0;
		for (still = 0, j = 0; j < MAX_ARMS; j++)
			still |= arms[j].live && !strcmp(arms[j].fiu, arms[i].fiu);
		if (!still)
			fiu_disable(arms[i].fiu);
	}
	for (hfault_armed = 0, i = 0; i < MAX_ARMS; i++)
		hfault_armed |= arms[i].live;
}

void hfault_flush(void)
{
	unsigned i, n = ring_len, lost = ring_lost;

	if (flushing || (n == 0 && lost == 0))
		return;
	flushing = 1;
	ring_len = ring_lost = 0;
	for (i = 0; i < n; i++)
		rt_effect(json_pack("{s:s, s:s, s:I, s:i}", "t", "fired", "name", arms[ring[i].arm].name,
				    "call", (json_int_t)ring[i].call, "errno", ring[i].err));
	if (lost)
		rt_effect(json_pack("{s:s, s:i}", "t", "fired-lost", "count", (int)lost));
	flushing = 0;
}

void hfault_point(const char *fiu_name)
{
	int i;

	if (!hfault_armed || !fiu_fail(fiu_name))
		return;
	/* The record the callback made is reported first, then the death. */
	hfault_flush();
	for (i = 0; i < MAX_ARMS; i++)
		if (!strcmp(arms[i].fiu, fiu_name))
			break;
	rt_effect(json_pack("{s:s, s:s}", "t", "crashpoint", "name",
			    i < MAX_ARMS ? arms[i].name : fiu_name));
	rt_flush();
	raise(SIGKILL);
}
