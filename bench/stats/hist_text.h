/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Latency histograms as text in cyclictest's histogram format (rt-tests,
 * `cyclictest -h N` or --histfile), so that the bench's results and a
 * cyclictest run on Linux go through the same tools; and the bench's
 * execution times in a variant of it (below). Linux only.
 *
 * The format, as rt-tests 2.4 prints it for T threads:
 *
 *   # Histogram
 *   000000 000000<TAB>000003          one line per 1 us bucket: its number,
 *   000001 000131<TAB>000127          a space, then one count per thread
 *   ...                               separated by tabs
 *   # Total: 000000131 000000130      bucket sums, overflows left out
 *   # Min Latencies: 00001 00000      in us, truncated
 *   # Avg Latencies: 00001 00001      in us, truncated
 *   # Max Latencies: 00213 00009
 *   # Histogram Overflows: 00002 00000
 *   # Histogram Overflow at cycle number:
 *   # Thread 0: 01234 05678
 *   # Thread 1:
 *   (an empty line)
 *
 * With -H (--histofall) every bucket, Total, Max and Overflows line has one
 * more column, the sum over the threads. Some rt-tests versions leave out
 * the buckets that are empty in every thread, and the # Total: line.
 */
#ifndef BENCH_STATS_HIST_TEXT_H
#define BENCH_STATS_HIST_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include <bulkhead/rtprobe.h>

/*
 * Writes @lat as the histogram of one cyclictest thread (thread 0), every
 * bucket 0 .. buckets - 1 as rt-tests 2.4 does. @lat must count in 1 us
 * buckets (unit_ns 1000), else -EINVAL. Min and max are in us rounded
 * down, as cyclictest's are; the average is the mean rounded to the
 * nearest us, where cyclictest truncates. We record no cycle numbers of
 * overflows, so "# Thread 0:" has nothing after it. Returns 0, -EINVAL, or
 * -EIO when @f reports a write error.
 */
int hist_write_cyclictest(FILE *f, const struct bh_hist *lat);

/*
 * Reads the histogram of column @thread (0 is the first) from @text, a
 * NUL-terminated cyclictest histogram output as above. Lines before
 * "# Histogram" are skipped whatever they are (cyclictest's running
 * output); after it, bucket lines, "# ..." lines, "T: ..." summary lines
 * and blank lines may come, in any order except that no bucket line may
 * follow the "# Min/Avg/Max Latencies", "# Total" or "# Histogram
 * Overflows" lines. Numbers are zero-padded decimal ("000131" is 131).
 *
 * The result in @out: unit_ns 1000; buckets one past the highest bucket
 * number listed (bucket numbers must rise; missing ones are empty
 * buckets), at most BH_HIST_MAX_BUCKETS; the counts; overflow from
 * "# Histogram Overflows:"; n the bucket sum plus the overflows; min_ns and
 * max_ns from the Min and Max lines, in us times 1000. The sum is
 * approximate: sum_ns = avg_us * 1000 * n, since cyclictest prints only a
 * truncated average. An empty histogram (n 0) has min, max and sum 0.
 *
 * The Min, Avg, Max and Overflows lines must be there; a "# Total:" line is
 * checked against the bucket sum when there is one. The counts are taken
 * to be in us (cyclictest's -N would give ns with the same layout; nothing
 * in the file says so).
 *
 * Returns 0, or -EINVAL with a message naming the line in @err (@errlen
 * bytes, NUL-terminated; @err may be NULL); @out is then undefined.
 */
int hist_parse_cyclictest(const char *text, unsigned int thread,
			  struct bh_hist *out, char *err, size_t errlen);

/*
 * Execution times, which `bulkhead bench run` keeps beside the latencies
 * (hist/SCENARIO.MODE.exec): cyclictest's layout for one thread, but the
 * buckets are rarely 1 us wide and the minimum, mean and maximum are known
 * to the ns, so the lines that say so differ:
 *
 *   # Bucket width: 1000 ns           before "# Histogram"
 *   # Histogram
 *   000000 000000                     as above, one column
 *   ...
 *   # Total: 000000030
 *   # Min: 17308300 ns                the minimum, in ns
 *   # Avg: 32133214 ns                the mean, rounded to the ns
 *   # Max: 51142301 ns
 *   # Histogram Overflows: 00000
 *
 * hist_write_exec() writes @h so, every bucket; -EINVAL if @h has no unit
 * or no buckets, -EIO on a write error, else 0.
 *
 * hist_parse_exec() reads it back under the rules of
 * hist_parse_cyclictest() for thread 0, and also requires the bucket width
 * line, which sets unit_ns, and the " ns" after Min, Avg and Max. min_ns
 * and max_ns come back exact, sum_ns as the rounded mean times n. Returns
 * 0, or -EINVAL with a message naming the line in @err.
 */
int hist_write_exec(FILE *f, const struct bh_hist *h);
int hist_parse_exec(const char *text, struct bh_hist *out, char *err,
		    size_t errlen);

#endif
