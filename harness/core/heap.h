/*
 * heap.h - the simulation's event heap: harness core, used by the orchestrator.
 *
 * A binary min-heap of intrusive items ordered by (time, sequence number).
 * The sequence number is assigned at push time, so events scheduled for the
 * same simulated instant come out in the order they were pushed (FIFO), which
 * keeps a run reproducible from its seed.
 *
 * Ownership: the heap owns only its pointer array. Items are embedded in the
 * caller's structs (struct heap_item first, so a cast gets the container
 * back) and stay owned by the caller; heap_release() never frees them.
 */
#ifndef IMPCHAOS_HEAP_H
#define IMPCHAOS_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* Embed first in the user's struct. `t` and `seq` are set by heap_push();
 * `pos` is private to the heap (the item's index in the array). */
struct heap_item {
	int64_t t;
	uint64_t seq;
	size_t pos;
};

struct heap {
	struct heap_item **v;
	size_t n, cap;
	uint64_t next_seq;
};

void heap_init(struct heap *h);

/* Frees the array only, not the items; the heap is left empty and usable. */
void heap_release(struct heap *h);

/* Sets it->t = t and it->seq = h->next_seq++, then inserts it.
 * Returns 0 or -ENOMEM (the heap and the item's seq are unchanged then). */
int heap_push(struct heap *h, struct heap_item *it, int64_t t);

/* Removes and returns the item with the smallest (t, seq), or NULL if empty. */
struct heap_item *heap_pop(struct heap *h);

/* Returns the item heap_pop() would return, without removing it. */
struct heap_item *heap_peek(const struct heap *h);

size_t heap_len(const struct heap *h);

/* Removes an item that is in the heap, found through its pos.
 * Returns 0, or -ENOENT if `it` is not in this heap (already popped or
 * removed, or in another heap). An item that was never pushed must be
 * zero-initialised for this check to be meaningful. */
int heap_remove(struct heap *h, struct heap_item *it);

#endif
