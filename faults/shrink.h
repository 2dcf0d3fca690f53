/*
 * shrink.h - generic shrinking for failing chaos runs:
 * delta debugging over a list of items and bisection of a duration. Faults
 * side, pure algorithms: the harness (harness/campaign/minimize.c) supplies the test,
 * which carries out a run and says whether the same invariant still fails.
 *
 * Both functions assume the test is deterministic: the same input always
 * gives the same answer, which the harness's lockstep simulation provides.
 */
#ifndef IMPCHAOS_SHRINK_H
#define IMPCHAOS_SHRINK_H

#include <stddef.h>
#include <stdint.h>

/* Returns 1 when the scenario with exactly the items whose keep[i] != 0
 * still fails the same way, 0 when it passes, negative errno to abort.
 * keep (n bytes, each 0 or 1) belongs to the caller of the callback and is
 * valid only during the call. */
typedef int (*shrink_test_cb)(const unsigned char *keep, size_t n, void *ud);

/*
 * Minimises keep (in/out; starts as the failing configuration, which is not
 * tested again) with Zeller's ddmin to a 1-minimal failing subset: removing
 * any one remaining item makes the test pass. On return each keep[i] is 0
 * or 1. Never calls the callback with the same subset twice (outcomes are
 * cached), so a 1-minimal result of k items from m costs O(m^2) calls at
 * worst and about 2 k log2(m) when the failure needs few items.
 *
 * Returns 0, -ENOMEM, or the callback's negative error as soon as it gives
 * one (keep is then unchanged). *tests (may be NULL) receives the number of
 * callback calls, the failed one included.
 */
int shrink_ddmin(unsigned char *keep, size_t n, shrink_test_cb test, void *ud, size_t *tests);

/* Returns 1 when the scenario still fails with a duration of `us`, 0 when it
 * passes, negative errno to abort. */
typedef int (*shrink_dur_cb)(int64_t us, void *ud);

/*
 * Shrinks a duration: the smallest d in [lo, hi] for which fails(d) is 1,
 * to a resolution of res, assuming monotonicity (whatever fails at d fails
 * at every longer duration) and that hi fails (it is not tested). Bisects,
 * trying lo first and then only multiples of res, so the result is lo, hi
 * or a multiple of res (a reproducer reads "1h23m", not "1h22m59s871ms"),
 * and exact to within res: the smallest multiple of res at or above the
 * true threshold. Returns hi when nothing smaller fails.
 *
 * Costs about log2((hi - lo) / res) + 1 calls. Returns 0 with *out set,
 * -EINVAL when lo > hi or lo < 0, or the callback's negative error (*out is
 * then unchanged). A res below 1 counts as 1.
 */
int shrink_duration(int64_t lo, int64_t hi, int64_t res, shrink_dur_cb fails, void *ud,
		    int64_t *out);

#endif
