/*
 * test_heap.c - unit tests for the event heap (harness/core/heap.c), harness core
 * used by the orchestrator.
 *
 * The heap decides the order in which simulated events fire, so these tests
 * pin down the full (time, sequence) order, including ties, removal from
 * the middle, and a long random run checked against a sorted reference.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/heap.h"

TestSuite(heap, .timeout = 10);

/* A user struct with the item embedded first, as the API asks. */
struct ev {
	struct heap_item it;
	int id;
};

/* A small deterministic generator, independent of harness/core/prng.c so that a
 * bug there cannot hide one here. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

Test(heap, pops_in_time_then_sequence_order)
{
	static const int64_t times[] = { 5, 1, 3, 1, 5, 0, 3 };
	/* Ids in the order they must come out: by time, ties by push order. */
	static const int want[] = { 5, 1, 3, 2, 6, 0, 4 };
	struct ev ev[7];
	struct heap h;

	heap_init(&h);
	for (int i = 0; i < 7; i++) {
		ev[i].id = i;
		cr_assert_eq(heap_push(&h, &ev[i].it, times[i]), 0);
	}
	cr_assert_eq(heap_len(&h), 7);
	for (int i = 0; i < 7; i++) {
		struct ev *e = (struct ev *)heap_pop(&h);

		cr_assert_not_null(e);
		cr_assert_eq(e->id, want[i], "pop %d: got id %d, want %d", i, e->id, want[i]);
	}
	cr_assert_null(heap_pop(&h));
	heap_release(&h);
}

Test(heap, equal_times_pop_in_push_order)
{
	struct ev ev[200];
	struct heap h;

	heap_init(&h);
	for (int i = 0; i < 200; i++) {
		ev[i].id = i;
		cr_assert_eq(heap_push(&h, &ev[i].it, 42), 0);
	}
	for (int i = 0; i < 200; i++)
		cr_assert_eq(((struct ev *)heap_pop(&h))->id, i);
	heap_release(&h);
}

Test(heap, push_sets_time_and_increasing_sequence)
{
	struct ev a, b;
	struct heap h;

	heap_init(&h);
	cr_assert_eq(heap_push(&h, &a.it, -7), 0);
	cr_assert_eq(heap_push(&h, &b.it, 9), 0);
	cr_assert_eq(a.it.t, -7);
	cr_assert_eq(b.it.t, 9);
	cr_assert_eq(a.it.seq, 0);
	cr_assert_eq(b.it.seq, 1);
	cr_assert_eq(h.next_seq, 2);
	heap_release(&h);
}

Test(heap, peek_returns_next_without_removing_it)
{
	struct ev a, b;
	struct heap h;

	heap_init(&h);
	cr_assert_null(heap_peek(&h));
	heap_push(&h, &a.it, 10);
	heap_push(&h, &b.it, 3);
	cr_assert_eq(heap_peek(&h), &b.it);
	cr_assert_eq(heap_len(&h), 2);
	cr_assert_eq(heap_pop(&h), &b.it);
	cr_assert_eq(heap_peek(&h), &a.it);
	heap_release(&h);
}

Test(heap, empty_heap_pops_null)
{
	struct heap h;

	heap_init(&h);
	cr_assert_eq(heap_len(&h), 0);
	cr_assert_null(heap_pop(&h));
	heap_release(&h);
}

Test(heap, remove_of_middle_items_keeps_the_rest_in_order)
{
	enum { N = 300 };
	struct ev ev[N];
	struct heap h;
	int64_t last_t = INT64_MIN;
	uint64_t last_seq = 0;
	size_t left = 0;

	heap_init(&h);
	for (int i = 0; i < N; i++) {
		ev[i].id = i;
		cr_assert_eq(heap_push(&h, &ev[i].it, (int64_t)(rng() % 50)), 0);
	}
	/* Every third item, wherever it sits in the array. */
	for (int i = 1; i < N; i += 3)
		cr_assert_eq(heap_remove(&h, &ev[i].it), 0);
	cr_assert_eq(heap_len(&h), N - N / 3);

	for (struct ev *e; (e = (struct ev *)heap_pop(&h)); left++) {
		cr_assert_neq(e->id % 3, 1, "removed item %d came out", e->id);
		cr_assert(e->it.t > last_t || (e->it.t == last_t && e->it.seq > last_seq),
			  "item %d out of order", e->id);
		last_t = e->it.t;
		last_seq = e->it.seq;
	}
	cr_assert_eq(left, N - N / 3);
	heap_release(&h);
}

Test(heap, remove_rejects_items_not_in_the_heap)
{
	struct ev a, b, c, never;
	struct heap h, other;

	memset(&never, 0, sizeof(never));
	heap_init(&h);
	heap_init(&other);
	heap_push(&h, &a.it, 1);
	heap_push(&h, &b.it, 2);
	heap_push(&other, &c.it, 0);

	cr_assert_eq(heap_remove(&h, &never.it), -ENOENT);
	cr_assert_eq(heap_remove(&h, &c.it), -ENOENT, "item of another heap");
	cr_assert_eq(heap_pop(&h), &a.it);
	cr_assert_eq(heap_remove(&h, &a.it), -ENOENT, "already popped");
	cr_assert_eq(heap_remove(&h, &b.it), 0);
	cr_assert_eq(heap_remove(&h, &b.it), -ENOENT, "already removed");
	cr_assert_eq(heap_len(&h), 0);
	cr_assert_eq(heap_len(&other), 1);
	heap_release(&h);
	heap_release(&other);
}

Test(heap, release_leaves_an_empty_reusable_heap)
{
	struct ev a;
	struct heap h;

	heap_init(&h);
	heap_push(&h, &a.it, 1);
	heap_release(&h);
	cr_assert_eq(heap_len(&h), 0);
	cr_assert_null(heap_peek(&h));
	cr_assert_eq(heap_push(&h, &a.it, 5), 0);
	cr_assert_eq(heap_pop(&h), &a.it);
	heap_release(&h);
	heap_release(&h);
}

/* The reference: keys kept sorted largest first, so the next pop is last. */
struct key {
	int64_t t;
	uint64_t seq;
};

static int key_cmp(const struct key *a, const struct key *b)
{
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

static void ref_insert(struct key *ref, size_t *n, struct key k)
{
	size_t lo = 0, hi = *n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (key_cmp(&ref[mid], &k) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&ref[lo + 1], &ref[lo], (*n - lo) * sizeof(*ref));
	ref[lo] = k;
	(*n)++;
}

static void ref_delete(struct key *ref, size_t *n, struct key k)
{
	for (size_t i = 0; i < *n; i++) {
		if (key_cmp(&ref[i], &k) == 0) {
			memmove(&ref[i], &ref[i + 1], (*n - i - 1) * sizeof(*ref));
			(*n)--;
			return;
		}
	}
	cr_assert_fail("key (%lld, %llu) not in reference", (long long)k.t,
		       (unsigned long long)k.seq);
}

Test(heap, random_pushes_and_pops_match_a_sorted_reference)
{
	enum { OPS = 10000 };
	struct ev *pool = calloc(OPS, sizeof(*pool));
	struct ev **live = calloc(OPS, sizeof(*live));
	struct key *ref = calloc(OPS, sizeof(*ref));
	size_t npool = 0, nlive = 0, nref = 0;
	struct heap h;

	cr_assert(pool && live && ref);
	heap_init(&h);
	for (int op = 0; op < OPS; op++) {
		unsigned r = (unsigned)(rng() % 10);

		if (r < 6 || nref == 0) {
			/* Push, with times from a small range so ties are common. */
			struct ev *e = &pool[npool++];

			cr_assert_eq(heap_push(&h, &e->it, (int64_t)(rng() % 100) - 50), 0);
			live[nlive++] = e;
			ref_insert(ref, &nref, (struct key){ e->it.t, e->it.seq });
		} else if (r < 9) {
			struct heap_item *it = heap_pop(&h);

			cr_assert_not_null(it);
			nref--;
			cr_assert(it->t == ref[nref].t && it->seq == ref[nref].seq,
				  "op %d: popped (%lld, %llu), want (%lld, %llu)", op,
				  (long long)it->t, (unsigned long long)it->seq,
				  (long long)ref[nref].t, (unsigned long long)ref[nref].seq);
			for (size_t i = 0; i < nlive; i++)
				if (&live[i]->it == it)
					live[i] = live[--nlive];
		} else {
			/* Remove a random item that may sit anywhere in the heap. */
			size_t i = (size_t)(rng() % nlive);
			struct ev *e = live[i];

			live[i] = live[--nlive];
			cr_assert_eq(heap_remove(&h, &e->it), 0);
			ref_delete(ref, &nref, (struct key){ e->it.t, e->it.seq });
		}
		cr_assert_eq(heap_len(&h), nref);
	}
	while (nref > 0) {
		struct heap_item *it = heap_pop(&h);

		nref--;
		cr_assert(it && it->t == ref[nref].t && it->seq == ref[nref].seq);
	}
	cr_assert_null(heap_pop(&h));
	heap_release(&h);
	free(pool);
	free(live);
	free(ref);
}
