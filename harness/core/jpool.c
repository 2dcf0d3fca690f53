/*
 * jpool.c - a free list per block size in front of malloc (see jpool.h).
 *
 * Each trace line of a run makes and frees some 25 small jansson blocks
 * (objects, their members, strings, numbers), and glibc's free is the
 * largest single cost of the harness's dispatch. The pool keeps freed
 * blocks on a list per malloc chunk size and hands them out again, with
 * no locking (the harness has one thread). A block is found its list by
 * malloc_usable_size(), so the pool needs no header and a block it hands
 * out is an ordinary malloc block: free() may take it, and jpool_free may
 * take a block that malloc handed out before the pool was installed.
 */
#include "jpool.h"

#include <jansson.h>
#include <malloc.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define JPOOL_OFF 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JPOOL_OFF 1
#endif
#endif

/* glibc's chunks: a request of n bytes takes a chunk of (n + 8) rounded up
 * to 16, at least 32, and its usable size is the chunk's less 8. Lists
 * for chunks up to 16 * (JPOOL_CLASSES - 1) bytes, each held to
 * JPOOL_HOLD blocks: 34 MB if every list were full; a run holds no more
 * blocks of a size than it once had live at the same time. */
#define JPOOL_CLASSES 33
#define JPOOL_HOLD 4096

struct block {
	struct block *next;
};

static struct block *list[JPOOL_CLASSES];
static unsigned held[JPOOL_CLASSES];

static inline size_t class_of_request(size_t n)
{
	size_t chunk = (n + 8 + 15) & ~(size_t)15;

	return (chunk < 32 ? 32 : chunk) / 16;
}

void *jpool_malloc(size_t n)
{
	size_t k = class_of_request(n);
	struct block *b;

	if (k < JPOOL_CLASSES && (b = list[k])) {
		list[k] = b->next;
		held[k]--;
		return b;
	}
	return malloc(n);
}

void jpool_free(void *p)
{
	size_t k;

	if (!p)
		return;
	k = (malloc_usable_size(p) + 8) / 16;
	if (k < JPOOL_CLASSES && held[k] < JPOOL_HOLD) {
		struct block *b = p;

		b->next = list[k];
		list[k] = b;
		held[k]++;
		return;
	}
	free(p);
}

void jpool_install(void)
{
#ifndef JPOOL_OFF
	json_set_alloc_funcs(jpool_malloc, jpool_free);
#endif
}
