/*
 * jpool.h - a free list per block size in front of malloc for jansson's
 * values, in the harness process (sim.c installs it for a run). Harness
 * side only: the child hosts keep plain malloc, whose calls libfiu's
 * malloc faults count.
 */
#ifndef IMPCHAOS_JPOOL_H
#define IMPCHAOS_JPOOL_H

#include <stddef.h>

/* Makes jansson allocate through the pool (json_set_alloc_funcs). Safe at
 * any time, also after values exist: every block the pool hands out or
 * takes back is an ordinary malloc block, so a string json_dumps returns
 * may still be given to free(). Does nothing under AddressSanitizer, which
 * must see every free. */
void jpool_install(void);

/* For tests: a block of at least n bytes, and its return. */
void *jpool_malloc(size_t n);
void jpool_free(void *p);

#endif
