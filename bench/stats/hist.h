/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Latency and execution-time histograms (struct bh_hist, see
 * include/bulkhead/rtprobe.h for the record itself), shared by the
 * freestanding rt-probe inmate and the Linux side: the inmate fills them
 * in its timer interrupt handler, `bulkhead bench` reads and reports them.
 *
 * Freestanding: integer arithmetic only, no library but the compiler's
 * memset (hist_init), which the inmate library provides.
 */
#ifndef BENCH_STATS_HIST_H
#define BENCH_STATS_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bulkhead/rtprobe.h>

/* Errors, as negative Linux errno values; no errno.h when freestanding. */
#define HIST_EINVAL 22
#define HIST_EOVERFLOW 75

#define HIST_DEFAULT_UNIT_NS 1000u
#define HIST_PER_MILLION 1000000u

/*
 * Empties @h: @unit_ns wide buckets (0 means HIST_DEFAULT_UNIT_NS), and
 * @buckets of them (0 or more than BH_HIST_MAX_BUCKETS means
 * BH_HIST_MAX_BUCKETS). Every count, including the unused ones, is zeroed.
 */
void hist_init(struct bh_hist *h, uint32_t unit_ns, uint32_t buckets);

/*
 * Counts one value of @ns nanoseconds; a negative one counts as 0. Cheap
 * enough for an interrupt handler: one division, no loop. A histogram whose
 * unit is 0 (never initialised) counts the value as an overflow instead of
 * dividing by zero. A bucket's 32-bit count wraps after 2^32 values in it,
 * which hist_consistent() then reports.
 */
void hist_add(struct bh_hist *h, int64_t ns);

/*
 * The value at or below which @per_million millionths of the values lie,
 * from the buckets: the value of rank ceil(n * per_million / 1e6) (at
 * least 1) in ascending order lies in bucket i; the answer is that
 * bucket's upper end, (i + 1) * unit_ns, but no more than max_ns and no
 * less than min_ns. @per_million above 1e6 counts as 1e6 (the maximum).
 *
 * Returns true with the answer in *@ns; or false when it cannot be given:
 *   - the rank lands among the overflowed values: *@ns is the overflow
 *     threshold buckets * unit_ns, and the caller must report "more than
 *     *@ns" (or "at least"), never a number;
 *   - the histogram is empty (n == 0): *@ns is 0. Callers tell the two
 *     apart by n, which they check first.
 */
bool hist_percentile(const struct bh_hist *h, uint32_t per_million,
		     uint64_t *ns);

/* sum_ns / n rounded to the nearest nanosecond (halves up); 0 if n == 0. */
uint64_t hist_mean_ns(const struct bh_hist *h);

/*
 * Whether @h is a histogram hist_init() and hist_add() could have made:
 * unit_ns not 0; 1 <= buckets <= BH_HIST_MAX_BUCKETS; counts past
 * `buckets` zero; the buckets plus overflow make n; and when n > 0,
 * min_ns <= max_ns, the lowest and highest values are where min_ns and
 * max_ns say (the first non-empty bucket is min_ns's, the last is
 * max_ns's, overflow is non-empty exactly when max_ns is past the last
 * bucket). An empty one has every field but unit and buckets 0.
 */
bool hist_consistent(const struct bh_hist *h);

/*
 * Adds @src to @dst. Both must have the same unit_ns and buckets, else
 * -HIST_EINVAL; a count that would not fit (a bucket past 2^32 - 1, or n
 * or the sum past 2^64 - 1) gives -HIST_EOVERFLOW. On error @dst is
 * unchanged. Returns 0 on success.
 */
int hist_merge(struct bh_hist *dst, const struct bh_hist *src);

#endif
