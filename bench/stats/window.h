/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The seqlock of struct bh_probe_window (include/bulkhead/rtprobe.h): one
 * writer (the rt-probe's timer interrupt handler, or the Linux probe's
 * thread) updates a window in shared memory while a reader on another CPU
 * takes consistent copies of it. Freestanding, like hist.c.
 *
 * Writer:  window_begin_update(w); ...change w...; window_end_update(w);
 * Reader:  if (window_snapshot(&out->live, &copy, 100)) use(&copy);
 *
 * x86 only: its stores become visible to other CPUs in program order and
 * its loads are not reordered with other loads, so compiler barriers are
 * all the ordering the protocol needs. Another architecture would need
 * smp_wmb()/smp_rmb() equivalents in window.c.
 */
#ifndef BENCH_STATS_WINDOW_H
#define BENCH_STATS_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include <bulkhead/rtprobe.h>

/*
 * Makes seq odd: readers that started before retry, readers that start now
 * wait. An even seq goes up by one; an odd one (an update that never ended,
 * or memory never reset) stays odd, so window_end_update() still leaves it
 * even.
 */
void window_begin_update(struct bh_probe_window *w);

/* Makes seq even again, one more than window_begin_update() left it. */
void window_end_update(struct bh_probe_window *w);

/*
 * Copies @src to @dst with the seqlock read protocol: read seq, wait while
 * it is odd, copy, read it again, and start over if it changed. Gives up
 * after @tries attempts (0: at once) and returns false; @dst then holds
 * nothing usable. On success @dst->seq is the even seq the copy was taken
 * at.
 *
 * Of each histogram only the counts up to the bucket holding max_ns are
 * copied (none if n is 0): hist_add() leaves every count above it empty.
 * The rest of @dst's counts are zeroed after the copy. This keeps a copy
 * of a live window short enough to fit between two updates even with a
 * short period, where copying all 2 x 80 KiB of counts would not.
 */
bool window_snapshot(const volatile struct bh_probe_window *src,
		     struct bh_probe_window *dst, unsigned int tries);

/*
 * Empties @w (index, times, counters, both histograms with hist_init() and
 * units @lat_unit and @exec_unit, every bucket) inside one update, so a
 * reader never copies a half-reset window. seq itself keeps counting.
 */
/*
 * Ends the window @live at @now_ns: it becomes @last (under last's
 * seqlock, keeping last's sequence number) and starts again empty, its
 * index one higher, from @now_ns. Both probes, the inmate and the Linux
 * one, publish their windows through this.
 */
void window_rotate(struct bh_probe_window *live, struct bh_probe_window *last,
		   uint64_t now_ns);

void window_reset(struct bh_probe_window *w, uint32_t lat_unit,
		  uint32_t exec_unit);

#endif
