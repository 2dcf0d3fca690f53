/*
 * heap.c - the simulation's event heap: harness core, used by the orchestrator.
 *
 * DESIGN
 * ------
 * A plain array-backed binary min-heap: the children of v[i] are v[2i+1] and
 * v[2i+2]. Items are intrusive, so push and pop never allocate per event; the
 * array doubles when full and is never shrunk, because a simulation's event
 * count rises and falls around a steady level.
 *
 * Invariants:
 *   - for every i > 0: key(v[(i-1)/2]) <= key(v[i]), key = (t, seq);
 *   - for every i < n: v[i]->pos == i, which makes heap_remove() O(log n) and
 *     lets it tell whether an item is in this heap at all;
 *   - an item that has left the heap has pos == HEAP_NOT_IN;
 *   - seq values are unique within a heap, so the order is total and the pop
 *     order never depends on how the array happens to be arranged.
 */
#include "heap.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

/* The first allocation's size; small, since most runs hold few events. */
#define HEAP_MIN_CAP 16

/* The pos of an item that has been popped or removed; no heap index is this
 * large, since the array could not be allocated. */
#define HEAP_NOT_IN SIZE_MAX

static bool item_less(const struct heap_item *a, const struct heap_item *b)
{
	if (a->t != b->t)
		return a->t < b->t;
	return a->seq < b->seq;
}

static void place(struct heap *h, size_t i, struct heap_item *it)
{
	h->v[i] = it;
	it->pos = i;
}

/* Moves the item at i towards the root until its parent is not larger. */
static void sift_up(struct heap *h, size_t i)
{
	struct heap_item *it = h->v[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;

		if (!item_less(it, h->v[parent]))
			break;
		place(h, i, h->v[parent]);
		i = parent;
	}
	place(h, i, it);
}

/* Moves the item at i towards the leaves until no child is smaller. */
static void sift_down(struct heap *h, size_t i)
{
	struct heap_item *it = h->v[i];

	for (;;) {
		size_t child = 2 * i + 1;

		if (child >= h->n)
			break;
		if (child + 1 < h->n && item_less(h->v[child + 1], h->v[child]))
			child++;
		if (!item_less(h->v[child], it))
			break;
		place(h, i, h->v[child]);
		i = child;
	}
	place(h, i, it);
}

void heap_init(struct heap *h)
{
	h->v = NULL;
	h->n = 0;
	h->cap = 0;
	h->next_seq = 0;
}

void heap_release(struct heap *h)
{
	free(h->v);
	heap_init(h);
}

static int grow(struct heap *h)
{
	size_t cap = h->cap ? h->cap * 2 : HEAP_MIN_CAP;
	struct heap_item **v;

	if (cap < h->cap || cap > SIZE_MAX / sizeof(*v))
		return -ENOMEM;
	v = realloc(h->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	h->v = v;
	h->cap = cap;
	return 0;
}

int heap_push(struct heap *h, struct heap_item *it, int64_t t)
{
	if (h->n == h->cap) {
		int rc = grow(h);

		if (rc < 0)
			return rc;
	}
	it->t = t;
	it->seq = h->next_seq++;
	place(h, h->n++, it);
	sift_up(h, it->pos);
	return 0;
}

struct heap_item *heap_peek(const struct heap *h)
{
	return h->n ? h->v[0] : NULL;
}

size_t heap_len(const struct heap *h)
{
	return h->n;
}

struct heap_item *heap_pop(struct heap *h)
{
	struct heap_item *top = heap_peek(h);

	if (top)
		heap_remove(h, top);
	return top;
}

int heap_remove(struct heap *h, struct heap_item *it)
{
	size_t i = it->pos;
	struct heap_item *last;

	/* The pos check alone could match a stale index from another heap or
	 * from before a pop, so the slot must also hold this very item. */
	if (i >= h->n || h->v[i] != it)
		return -ENOENT;
	last = h->v[--h->n];
	if (last != it) {
		/* The last item fills the hole; it may belong above or below. */
		place(h, i, last);
		if (i > 0 && item_less(last, h->v[(i - 1) / 2]))
			sift_up(h, i);
		else
			sift_down(h, i);
	}
	/* Marks the item as out of any heap, so a later remove is -ENOENT. */
	it->pos = HEAP_NOT_IN;
	return 0;
}
