/*
 * test_jpool.c - unit tests for the harness's free lists in front of
 * malloc (harness/core/jpool.c): blocks big enough, never handed out
 * twice, reused, and ordinary malloc blocks both ways.
 */
#include <criterion/criterion.h>
#include <jansson.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jpool.h"

TestSuite(jpool, .timeout = 10);

Test(jpool, a_freed_block_is_handed_out_again_for_the_same_size)
{
	void *a = jpool_malloc(40), *b;

	cr_assert_not_null(a);
	jpool_free(a);
	b = jpool_malloc(36);      /* the same malloc chunk size as 40 */
	cr_assert_eq(a, b);
	jpool_free(b);
}

Test(jpool, blocks_are_ordinary_malloc_blocks_both_ways)
{
	void *m = malloc(100), *p;

	/* A block malloc made is taken back and handed out. */
	jpool_free(m);
	p = jpool_malloc(100);
	cr_assert_eq(p, m);
	cr_assert_geq(malloc_usable_size(p), 100);
	/* A block the pool handed out may go to free(). */
	free(p);
	jpool_free(NULL);
}

/* 50000 random allocations and frees of 0 to 700 bytes: each block holds
 * its own pattern until it is freed (no block is ever handed out twice
 * or too small). */
Test(jpool, random_blocks_keep_their_contents)
{
	enum { SLOTS = 512 };
	unsigned char *slot[SLOTS] = { 0 };
	size_t len[SLOTS] = { 0 };
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (int i = 0; i < 50000; i++) {
		size_t k, j;

		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		k = x % SLOTS;
		if (slot[k]) {
			for (j = 0; j < len[k]; j++)
				cr_assert_eq(slot[k][j], (unsigned char)(k + j), "block %zu changed", k);
			jpool_free(slot[k]);
			slot[k] = NULL;
			continue;
		}
		len[k] = (x >> 16) % 701;
		slot[k] = jpool_malloc(len[k]);
		cr_assert_not_null(slot[k]);
		cr_assert_geq(malloc_usable_size(slot[k]), len[k]);
		for (j = 0; j < len[k]; j++)
			slot[k][j] = (unsigned char)(k + j);
	}
	for (size_t k = 0; k < SLOTS; k++)
		jpool_free(slot[k]);
}

Test(jpool, jansson_through_the_pool_and_its_dumps_freed_with_free)
{
	json_t *v;
	char *text, want[80];

	jpool_install();
	for (int i = 0; i < 1000; i++) {
		v = json_pack("{s:i, s:s, s:[f, n]}", "a", i, "b", "text", "c", 1.5);
		text = json_dumps(v, JSON_COMPACT);
		snprintf(want, sizeof(want), "{\"a\":%d,\"b\":\"text\",\"c\":[1.5,null]}", i);
		cr_assert_str_eq(text, want);
		free(text);
		json_decref(v);
	}
	json_set_alloc_funcs(malloc, free);
}
