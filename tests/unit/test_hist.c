// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the bench's statistics (bench/stats): histogram
 * filling and its boundaries, percentiles from the buckets (rank rounding,
 * the clamps to max and min, the overflow case), the mean, the consistency
 * check, merging; the window seqlock (snapshot of a stable window, giving
 * up on an odd seq, reset, and a real concurrent writer); and the
 * cyclictest histogram format, written and parsed, with every parser error
 * naming its line, and its execution-time variant.
 */
// uses: bench/stats/hist.c bench/stats/window.c bench/stats/hist_text.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <time.h>

#include <stats/hist.h>
#include <stats/hist_text.h>
#include <stats/window.h>

/* A histogram is 80 KiB: keep them off the stack. */
static struct bh_hist *new_hist(uint32_t unit_ns, uint32_t buckets)
{
	struct bh_hist *h = malloc(sizeof(*h));

	assert_non_null(h);
	memset(h, 0xa5, sizeof(*h));
	hist_init(h, unit_ns, buckets);
	return h;
}

static void add_many(struct bh_hist *h, int64_t ns, unsigned int times)
{
	while (times--)
		hist_add(h, ns);
}

/* The percentile, asserting that it could be given. */
static uint64_t pct(const struct bh_hist *h, uint32_t per_million)
{
	uint64_t ns = 12345;

	assert_true(hist_percentile(h, per_million, &ns));
	return ns;
}

static bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;

	for (size_t i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

/* ---- histograms ---- */

static void test_init_defaults(void **state)
{
	struct bh_hist *h = new_hist(0, 0);

	(void)state;
	assert_int_equal(h->unit_ns, 1000);
	assert_int_equal(h->buckets, BH_HIST_MAX_BUCKETS);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->min_ns, 0);
	assert_int_equal(h->max_ns, 0);
	assert_int_equal(h->sum_ns, 0);
	assert_int_equal(h->overflow, 0);
	/* every count, the unused ones too, over the 0xa5 junk */
	assert_true(all_zero(h->count, sizeof(h->count)));
	assert_true(hist_consistent(h));

	memset(h, 0xa5, sizeof(*h));
	hist_init(h, 250, 100);
	assert_int_equal(h->unit_ns, 250);
	assert_int_equal(h->buckets, 100);
	assert_true(all_zero(h->count, sizeof(h->count)));

	hist_init(h, 1, BH_HIST_MAX_BUCKETS);
	assert_int_equal(h->buckets, BH_HIST_MAX_BUCKETS);
	hist_init(h, 1, BH_HIST_MAX_BUCKETS + 1);
	assert_int_equal(h->buckets, BH_HIST_MAX_BUCKETS);
	hist_init(h, 1, UINT32_MAX);
	assert_int_equal(h->buckets, BH_HIST_MAX_BUCKETS);
	free(h);
}

static void test_add_boundaries(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);

	(void)state;
	hist_add(h, -5); /* before the deadline: counts as 0 */
	assert_int_equal(h->count[0], 1);
	assert_int_equal(h->min_ns, 0);
	hist_add(h, 0);
	hist_add(h, 999); /* the last value of bucket 0 */
	assert_int_equal(h->count[0], 3);
	hist_add(h, 1000); /* exactly one unit: bucket 1 */
	assert_int_equal(h->count[1], 1);
	hist_add(h, 9999); /* the last value of the last bucket */
	assert_int_equal(h->count[9], 1);
	assert_int_equal(h->overflow, 0);
	hist_add(h, 10000); /* exactly buckets * unit: overflow */
	assert_int_equal(h->count[9], 1);
	assert_int_equal(h->overflow, 1);
	hist_add(h, INT64_MIN);
	assert_int_equal(h->count[0], 4);

	assert_int_equal(h->n, 7);
	assert_int_equal(h->min_ns, 0);
	assert_int_equal(h->max_ns, 10000);
	/* the negative ones add 0 */
	assert_int_equal(h->sum_ns, 0 + 0 + 999 + 1000 + 9999 + 10000 + 0);
	assert_true(hist_consistent(h));
	free(h);
}

static void test_add_min_max_sum(void **state)
{
	struct bh_hist *h = new_hist(1000, 100);

	(void)state;
	/* the first value is the minimum, not the 0 hist_init left */
	hist_add(h, 5000);
	assert_int_equal(h->min_ns, 5000);
	assert_int_equal(h->max_ns, 5000);
	hist_add(h, 7000);
	assert_int_equal(h->min_ns, 5000);
	assert_int_equal(h->max_ns, 7000);
	hist_add(h, 3000);
	assert_int_equal(h->min_ns, 3000);
	hist_add(h, 250000); /* overflowed values count in max and sum too */
	assert_int_equal(h->max_ns, 250000);
	assert_int_equal(h->sum_ns, 5000 + 7000 + 3000 + 250000);
	assert_int_equal(h->n, 4);
	assert_int_equal(h->overflow, 1);
	assert_true(hist_consistent(h));
	free(h);
}

static void test_add_wide_values(void **state)
{
	/* units of 2^31 ns: 4 buckets reach past 2^32, the 64-bit division */
	struct bh_hist *h = new_hist(1u << 31, 4);

	(void)state;
	hist_add(h, 3ll * (1ll << 31) + 5);
	assert_int_equal(h->count[3], 1);
	hist_add(h, (1ll << 32) - 1); /* the largest 32-bit value: bucket 1 */
	assert_int_equal(h->count[1], 1);
	hist_add(h, 4ll << 31);
	assert_int_equal(h->overflow, 1);
	assert_true(hist_consistent(h));
	free(h);
}

static void test_add_without_unit(void **state)
{
	struct bh_hist *h = calloc(1, sizeof(*h));

	(void)state;
	assert_non_null(h);
	/* never initialised: no division by zero, the value overflows */
	h->buckets = 10;
	hist_add(h, 500);
	assert_int_equal(h->overflow, 1);
	assert_int_equal(h->count[0], 0);
	assert_int_equal(h->n, 1);
	free(h);
}

/*
 * 10000 values in 1 us buckets: 5000 in bucket 2, 4900 in bucket 5, 90 in
 * bucket 10, 9 in bucket 50 and the largest, 73400 ns, in bucket 73.
 * Cumulative: 5000, 9900, 9990, 9999, 10000.
 */
static struct bh_hist *ten_thousand(void)
{
	struct bh_hist *h = new_hist(1000, 100);

	add_many(h, 2500, 5000);
	add_many(h, 5500, 4900);
	add_many(h, 10500, 90);
	add_many(h, 50200, 9);
	hist_add(h, 73400);
	assert_true(hist_consistent(h));
	return h;
}

static void test_percentiles(void **state)
{
	struct bh_hist *h = ten_thousand();

	(void)state;
	/* p50: rank 5000, the last value of bucket 2: its upper end */
	assert_int_equal(pct(h, 500000), 3000);
	/* p50.01: rank 5001, the first of bucket 5 */
	assert_int_equal(pct(h, 500100), 6000);
	/* p99: rank 9900, the last of bucket 5 */
	assert_int_equal(pct(h, 990000), 6000);
	/* p99.9: rank 9990, the last of bucket 10 */
	assert_int_equal(pct(h, 999000), 11000);
	/* p99.99: rank 9999, the last of bucket 50 */
	assert_int_equal(pct(h, 999900), 51000);
	/* p100: bucket 73 ends at 74000, but nothing was above max */
	assert_int_equal(pct(h, 1000000), 73400);
	/* above a million counts as a million */
	assert_int_equal(pct(h, 2000000), 73400);
	/* p0: rank 0 becomes 1, the smallest value's bucket */
	assert_int_equal(pct(h, 0), 3000);
	free(h);
}

static void test_percentile_rank_rounding(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);

	(void)state;
	hist_add(h, 500);
	hist_add(h, 1500);
	hist_add(h, 2500);
	/* n 3: p50 is rank ceil(1.5) = 2, in bucket 1 */
	assert_int_equal(pct(h, 500000), 2000);
	/* ceil(3 * 0.333333) = ceil(0.999999) = 1 */
	assert_int_equal(pct(h, 333333), 1000);
	/* ceil(3 * 0.333334) = ceil(1.000002) = 2 */
	assert_int_equal(pct(h, 333334), 2000);
	/* p100: bucket 2 ends at 3000, max is 2500 */
	assert_int_equal(pct(h, 1000000), 2500);
	free(h);
}

static void test_percentile_single_value(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);

	(void)state;
	hist_add(h, 2500);
	/* every percentile is the one value: bucket 2's end, clamped */
	assert_int_equal(pct(h, 0), 2500);
	assert_int_equal(pct(h, 500000), 2500);
	assert_int_equal(pct(h, 999999), 2500);
	assert_int_equal(pct(h, 1000000), 2500);
	free(h);
}

static void test_percentile_clamp_to_min(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);

	(void)state;
	/*
	 * Not something hist_add() makes (min lies past its bucket), but the
	 * answer must still not go below the minimum the record states.
	 */
	h->count[0] = 1;
	h->n = 1;
	h->min_ns = h->max_ns = h->sum_ns = 1500;
	assert_int_equal(pct(h, 500000), 1500);
	free(h);
}

static void test_percentile_overflow(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);
	uint64_t ns = 12345;

	(void)state;
	add_many(h, 500, 98);
	add_many(h, 20000, 2); /* past 10 buckets of 1 us */
	/* p98: rank 98, still in bucket 0 */
	assert_int_equal(pct(h, 980000), 1000);
	/* p98.5: rank ceil(98.5) = 99, an overflowed value */
	assert_false(hist_percentile(h, 985000, &ns));
	assert_int_equal(ns, 10000);
	ns = 12345;
	assert_false(hist_percentile(h, 990000, &ns));
	assert_int_equal(ns, 10000);
	ns = 12345;
	/* not max_ns (20000) even though it is known: "more than 10 us" */
	assert_false(hist_percentile(h, 1000000, &ns));
	assert_int_equal(ns, 10000);
	free(h);
}

static void test_percentile_empty(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);
	uint64_t ns = 12345;

	(void)state;
	assert_false(hist_percentile(h, 500000, &ns));
	assert_int_equal(ns, 0);
	free(h);
}

static void test_percentile_huge_n(void **state)
{
	struct bh_hist *h = new_hist(1000, 0);
	uint64_t ns = 0;
	uint32_t i;

	(void)state;
	/*
	 * n = 2^64 - 1: every bucket full (20000 * (2^32 - 1), 8.6e13) and
	 * the rest overflowed. p0.0002 is rank ceil(2n / 1e6) =
	 * 36893488147420, where n * 2 would have wrapped; it lies in the
	 * 8590th bucket, as 8589 * (2^32 - 1) < rank <= 8590 * (2^32 - 1).
	 */
	for (i = 0; i < BH_HIST_MAX_BUCKETS; i++)
		h->count[i] = UINT32_MAX;
	h->n = UINT64_MAX;
	h->overflow = UINT64_MAX - (uint64_t)BH_HIST_MAX_BUCKETS * UINT32_MAX;
	h->min_ns = 0;
	h->max_ns = UINT64_MAX;
	assert_true(hist_consistent(h));
	assert_true(hist_percentile(h, 2, &ns));
	assert_int_equal(ns, 8590 * 1000);
	/* p0.0001: rank 18446744073710, the 4295th bucket */
	assert_true(hist_percentile(h, 1, &ns));
	assert_int_equal(ns, 4295 * 1000);
	/* p1 is far past the buckets */
	assert_false(hist_percentile(h, 10000, &ns));
	assert_int_equal(ns, (uint64_t)BH_HIST_MAX_BUCKETS * 1000);
	free(h);
}

static void test_mean(void **state)
{
	struct bh_hist *h = new_hist(1000, 10);

	(void)state;
	assert_int_equal(hist_mean_ns(h), 0);
	h->n = 4;
	h->sum_ns = 10; /* 2.5: halves round up */
	assert_int_equal(hist_mean_ns(h), 3);
	h->sum_ns = 9; /* 2.25 */
	assert_int_equal(hist_mean_ns(h), 2);
	h->sum_ns = 11; /* 2.75 */
	assert_int_equal(hist_mean_ns(h), 3);
	h->n = 2;
	h->sum_ns = UINT64_MAX; /* (2^64 - 1) / 2 = 2^63 - 0.5: no wrap */
	assert_int_equal(hist_mean_ns(h), 1ull << 63);
	h->n = 1;
	assert_int_equal(hist_mean_ns(h), UINT64_MAX);

	hist_init(h, 1000, 10);
	hist_add(h, 1000);
	hist_add(h, 2001);
	assert_int_equal(hist_mean_ns(h), 1501); /* 1500.5 */
	free(h);
}

static void test_consistent_detects_corruption(void **state)
{
	struct bh_hist *good = new_hist(1000, 10), *h = new_hist(1000, 10);

	(void)state;
	hist_add(good, 1500);
	hist_add(good, 3500);
	hist_add(good, 7200);
	assert_true(hist_consistent(good));

#define CORRUPT(stmt)                             \
	do {                                      \
		memcpy(h, good, sizeof(*h));      \
		stmt;                             \
		assert_false(hist_consistent(h)); \
	} while (0)

	CORRUPT(h->count[3]++); /* buckets + overflow != n */
	CORRUPT(h->n--);
	CORRUPT(h->overflow++);
	CORRUPT(h->unit_ns = 0);
	CORRUPT(h->buckets = 0);
	CORRUPT(h->buckets = BH_HIST_MAX_BUCKETS + 1);
	/* a count past `buckets`, with n to match */
	CORRUPT((h->count[10] = 1, h->n++));
	/* min above max */
	CORRUPT((h->min_ns = 8000, h->max_ns = 7500));
	/* min or max not where the buckets say */
	CORRUPT(h->min_ns = 2500);
	CORRUPT(h->max_ns = 8200);
	/* an overflow count without a max past the buckets, and back */
	CORRUPT((h->count[7]--, h->overflow++));
	CORRUPT(h->max_ns = 12000);
	/* empty with a sum */
	CORRUPT((hist_init(h, 1000, 10), h->sum_ns = 1));

	/* everything overflowed is fine */
	hist_init(h, 1000, 10);
	hist_add(h, 50000);
	hist_add(h, 60000);
	assert_true(hist_consistent(h));
	/* but not with a count in a bucket below min */
	h->count[1] = 1;
	h->n++;
	assert_false(hist_consistent(h));
#undef CORRUPT
	free(good);
	free(h);
}

static void test_merge(void **state)
{
	struct bh_hist *a = new_hist(1000, 10), *b = new_hist(1000, 10);
	struct bh_hist *copy = malloc(sizeof(*copy));

	(void)state;
	assert_non_null(copy);
	hist_add(a, 2500);
	hist_add(a, 4000);
	hist_add(b, 1200);
	hist_add(b, 4100);
	hist_add(b, 30000);
	assert_int_equal(hist_merge(a, b), 0);
	assert_int_equal(a->n, 5);
	assert_int_equal(a->count[1], 1);
	assert_int_equal(a->count[2], 1);
	assert_int_equal(a->count[4], 2);
	assert_int_equal(a->overflow, 1);
	assert_int_equal(a->min_ns, 1200);
	assert_int_equal(a->max_ns, 30000);
	assert_int_equal(a->sum_ns, 2500 + 4000 + 1200 + 4100 + 30000);
	assert_true(hist_consistent(a));

	/* into an empty one: min is src's, not the empty one's 0 */
	hist_init(a, 1000, 10);
	assert_int_equal(hist_merge(a, b), 0);
	assert_int_equal(a->min_ns, 1200);
	assert_true(hist_consistent(a));
	/* an empty src changes nothing */
	memcpy(copy, a, sizeof(*copy));
	hist_init(b, 1000, 10);
	assert_int_equal(hist_merge(a, b), 0);
	assert_memory_equal(a, copy, sizeof(*a));

	/* different units or bucket counts are refused, dst untouched */
	hist_init(b, 500, 10);
	hist_add(b, 100);
	assert_int_equal(hist_merge(a, b), -22);
	hist_init(b, 1000, 11);
	hist_add(b, 100);
	assert_int_equal(hist_merge(a, b), -22);
	assert_memory_equal(a, copy, sizeof(*a));

	/* a bucket count that would pass 2^32 - 1 */
	hist_init(b, 1000, 10);
	hist_add(b, 100);
	a->count[0] = UINT32_MAX;
	memcpy(copy, a, sizeof(*copy));
	assert_int_equal(hist_merge(a, b), -75);
	assert_memory_equal(a, copy, sizeof(*a));

	free(a);
	free(b);
	free(copy);
}

/* ---- the window seqlock ---- */

static struct bh_probe_window *new_window(void)
{
	struct bh_probe_window *w = malloc(sizeof(*w));

	assert_non_null(w);
	memset(w, 0xa5, sizeof(*w));
	return w;
}

static void test_window_update_seq(void **state)
{
	struct bh_probe_window *w = new_window();

	(void)state;
	w->seq = 4;
	window_begin_update(w);
	assert_int_equal(w->seq, 5);
	window_end_update(w);
	assert_int_equal(w->seq, 6);
	/* an update that never ended: stays odd, then even */
	w->seq = 7;
	window_begin_update(w);
	assert_int_equal(w->seq, 7);
	window_end_update(w);
	assert_int_equal(w->seq, 8);
	/* wraps to an even 0 */
	w->seq = UINT32_MAX - 1;
	window_begin_update(w);
	window_end_update(w);
	assert_int_equal(w->seq, 0);
	free(w);
}

static void test_window_reset(void **state)
{
	struct bh_probe_window *w = new_window();

	(void)state;
	w->seq = 10;
	window_reset(w, 500, 0);
	/* one update: readers that copied the junk see seq move */
	assert_int_equal(w->seq, 12);
	assert_int_equal(w->index, 0);
	assert_int_equal(w->start_ns, 0);
	assert_int_equal(w->end_ns, 0);
	assert_int_equal(w->periods, 0);
	assert_int_equal(w->missed, 0);
	assert_int_equal(w->result_errors, 0);
	assert_int_equal(w->lat.unit_ns, 500);
	assert_int_equal(w->exec.unit_ns, 1000);
	assert_int_equal(w->lat.buckets, BH_HIST_MAX_BUCKETS);
	assert_int_equal(w->exec.buckets, BH_HIST_MAX_BUCKETS);
	assert_true(hist_consistent(&w->lat));
	assert_true(hist_consistent(&w->exec));
	assert_true(all_zero(w->lat.count, sizeof(w->lat.count)));
	assert_true(all_zero(w->exec.count, sizeof(w->exec.count)));
	/* garbage with an odd seq comes out even */
	w->seq = 13;
	window_reset(w, 0, 0);
	assert_int_equal(w->seq, 14);
	free(w);
}

static void test_window_snapshot_stable(void **state)
{
	struct bh_probe_window *w = new_window(), *copy = new_window();

	(void)state;
	w->seq = 0;
	window_reset(w, 1000, 250);
	window_begin_update(w);
	w->index = 3;
	w->start_ns = 1000000;
	w->periods = 5;
	w->missed = 1;
	w->result_errors = 2;
	hist_add(&w->lat, 1500);
	hist_add(&w->lat, 19999999); /* the last bucket */
	hist_add(&w->exec, 700);
	window_end_update(w);

	assert_true(window_snapshot(w, copy, 1));
	assert_int_equal(copy->seq, w->seq);
	assert_int_equal(copy->seq % 2, 0);
	/* everything, the unused counts zeroed over the 0xa5 junk */
	assert_memory_equal(copy, w, sizeof(*w));
	assert_true(hist_consistent(&copy->lat));
	assert_true(hist_consistent(&copy->exec));

	/* an empty histogram copies no counts but still comes out zero */
	memset(copy, 0xa5, sizeof(*copy));
	window_reset(w, 0, 0);
	assert_true(window_snapshot(w, copy, 1));
	assert_memory_equal(copy, w, sizeof(*w));
	free(w);
	free(copy);
}

static void test_window_snapshot_gives_up(void **state)
{
	struct bh_probe_window *w = new_window(), *copy = new_window();

	(void)state;
	window_reset(w, 0, 0);
	window_begin_update(w); /* a writer that never finishes */
	assert_int_equal(w->seq % 2, 1);
	assert_false(window_snapshot(w, copy, 1));
	assert_false(window_snapshot(w, copy, 1000));
	window_end_update(w);
	/* no tries at all: false even on a stable window */
	assert_false(window_snapshot(w, copy, 0));
	assert_true(window_snapshot(w, copy, 1));
	free(w);
	free(copy);
}

struct race {
	struct bh_probe_window *w;
	volatile int stop;
	uint64_t updates;
};

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/*
 * Keeps periods, missed, result_errors, lat.n and exec.n equal in every
 * update, with values spread over 3000 buckets. One update every 5 us or
 * so, like a probe with a short period; without a pause no copy could
 * ever fit between two updates.
 */
static void *race_writer(void *arg)
{
	struct race *r = arg;
	struct bh_probe_window *w = r->w;
	uint64_t k = 0, next = now_ns();

	while (!r->stop) {
		while (now_ns() < next)
			;
		next += 5000;
		k++;
		window_begin_update(w);
		w->periods = k;
		hist_add(&w->lat, (int64_t)(k * 7919 % 3000) * 1000 + 17);
		w->missed = k;
		hist_add(&w->exec, (int64_t)(k % 50) * 1000);
		w->result_errors = k;
		window_end_update(w);
	}
	r->updates = k;
	return NULL;
}

static void test_window_snapshot_concurrent(void **state)
{
	struct race r = { .w = new_window() };
	struct bh_probe_window *copy = new_window();
	unsigned int ok = 0, failed = 0;
	uint64_t end = now_ns() + 300000000;
	pthread_t writer;

	(void)state;
	window_reset(r.w, 0, 0);
	assert_int_equal(pthread_create(&writer, NULL, race_writer, &r), 0);
	while (now_ns() < end) {
		if (!window_snapshot(r.w, copy, 100)) {
			failed++;
			continue;
		}
		ok++;
		/* a torn copy would break one of these */
		assert_int_equal(copy->seq % 2, 0);
		assert_int_equal(copy->missed, copy->periods);
		assert_int_equal(copy->result_errors, copy->periods);
		assert_int_equal(copy->lat.n, copy->periods);
		assert_int_equal(copy->exec.n, copy->periods);
		assert_true(hist_consistent(&copy->lat));
		assert_true(hist_consistent(&copy->exec));
	}
	r.stop = 1;
	assert_int_equal(pthread_join(writer, NULL), 0);
	print_message(
		"concurrent snapshots: %u taken, %u gave up, %llu updates\n",
		ok, failed, (unsigned long long)r.updates);
	assert_true(ok > 0);
	free(r.w);
	free(copy);
}

/* ---- cyclictest's histogram format ---- */

/* What hist_write_cyclictest() printed, as a malloc'ed string. */
static char *written(const struct bh_hist *h, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*ret = hist_write_cyclictest(f, h);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_write_cyclictest(void **state)
{
	struct bh_hist *h = new_hist(1000, 3);
	char *text;
	int ret;

	(void)state;
	hist_add(h, 500);
	hist_add(h, 1500);
	hist_add(h, 1700);
	hist_add(h, 5000); /* overflow */
	text = written(h, &ret);
	assert_int_equal(ret, 0);
	/*
	 * Total leaves the overflow out; min 500 ns and max 5000 ns are 0 and
	 * 5 us rounded down; the mean 8700 / 4 = 2175 ns is 2 us.
	 */
	assert_string_equal(text, "# Histogram\n"
				  "000000 000001\n"
				  "000001 000002\n"
				  "000002 000000\n"
				  "# Total: 000000003\n"
				  "# Min Latencies: 00000\n"
				  "# Avg Latencies: 00002\n"
				  "# Max Latencies: 00005\n"
				  "# Histogram Overflows: 00001\n"
				  "# Histogram Overflow at cycle number:\n"
				  "# Thread 0:\n"
				  "\n");
	free(text);

	/* the average rounds to nearest: 2500 ns is 3 us (cyclictest: 2) */
	hist_init(h, 1000, 3);
	hist_add(h, 2500);
	text = written(h, &ret);
	assert_int_equal(ret, 0);
	assert_non_null(strstr(text, "# Avg Latencies: 00003\n"));
	assert_non_null(strstr(text, "# Min Latencies: 00002\n"));
	assert_non_null(strstr(text, "# Max Latencies: 00002\n"));
	free(text);

	/* only 1 us buckets */
	hist_init(h, 500, 3);
	text = written(h, &ret);
	assert_int_equal(ret, -EINVAL);
	assert_string_equal(text, "");
	free(text);
	free(h);
}

static void test_round_trip(void **state)
{
	struct bh_hist *h = new_hist(1000, 50), *back = new_hist(1, 1);
	char *text, err[160];
	uint32_t x = 12345;
	unsigned int i;
	int ret;

	(void)state;
	for (i = 0; i < 5000; i++) {
		x = x * 1103515245 + 12345;
		/* 0 .. 65.535 us: some overflow past 50 us */
		hist_add(h, (x >> 16) % 65536);
	}
	assert_true(h->overflow > 0);
	text = written(h, &ret);
	assert_int_equal(ret, 0);
	ret = hist_parse_cyclictest(text, 0, back, err, sizeof(err));
	assert_int_equal(ret, 0);
	assert_int_equal(back->unit_ns, 1000);
	assert_int_equal(back->buckets, 50);
	assert_memory_equal(back->count, h->count, sizeof(h->count));
	assert_int_equal(back->overflow, h->overflow);
	assert_int_equal(back->n, h->n);
	/* the text holds whole us: min and max come back rounded down */
	assert_int_equal(back->min_ns, h->min_ns / 1000 * 1000);
	assert_int_equal(back->max_ns, h->max_ns / 1000 * 1000);
	/* and the sum from the rounded average, within 500 ns a value */
	assert_true(back->sum_ns + 500 * h->n >= h->sum_ns);
	assert_true(back->sum_ns <= h->sum_ns + 500 * h->n);
	assert_true(hist_consistent(back));
	free(text);
	free(h);
	free(back);
}

/*
 * A two-thread run as cyclictest 2.4 prints it without -q (`cyclictest -t 2
 * -p 90 -i 1000 -h 10`): running output, the histogram, overflow cycles.
 * Counts such as 000010 and 000008 would read as 8 and 0 in octal.
 */
static const char two_threads[] =
	"# /dev/cpu_dma_latency set to 0us\n"
	"policy: fifo: loadavg: 0.64 0.74 1.20 3/100 16563          \n"
	"\n"
	"T: 0 (16562) P:90 I:1000 C:    300 Min:      2 Act:    3 Avg:    3 Max:      12\n"
	"T: 1 (16563) P:90 I:1000 C:    300 Min:      1 Act:    2 Avg:    2 Max:      9\n"
	"# Histogram\n"
	"000000 000000\t000000\n"
	"000001 000000\t000010\n"
	"000002 000131\t000200\n"
	"000003 000150\t000070\n"
	"000004 000010\t000008\n"
	"000005 000006\t000000\n"
	"000006 000000\t000000\n"
	"000007 000001\t000011\n"
	"000008 000000\t000000\n"
	"000009 000000\t000001\n"
	"# Total: 000000298 000000300\n"
	"# Min Latencies: 00002 00001\n"
	"# Avg Latencies: 00003 00002\n"
	"# Max Latencies: 00012 00009\n"
	"# Histogram Overflows: 00002 00000\n"
	"# Histogram Overflow at cycle number:\n"
	"# Thread 0: 00017 00213\n"
	"# Thread 1:\n"
	"\n";

static void test_parse_two_threads(void **state)
{
	struct bh_hist *h = new_hist(1, 1);
	char err[160] = "junk";
	uint64_t ns;

	(void)state;
	assert_int_equal(
		hist_parse_cyclictest(two_threads, 1, h, err, sizeof(err)), 0);
	assert_string_equal(err, "");
	assert_int_equal(h->unit_ns, 1000);
	assert_int_equal(h->buckets, 10);
	assert_int_equal(h->count[0], 0);
	assert_int_equal(h->count[1], 10);
	assert_int_equal(h->count[2], 200);
	assert_int_equal(h->count[3], 70);
	assert_int_equal(h->count[4], 8);
	assert_int_equal(h->count[7], 11);
	assert_int_equal(h->count[9], 1);
	assert_int_equal(h->overflow, 0);
	assert_int_equal(h->n, 300);
	assert_int_equal(h->min_ns, 1000);
	assert_int_equal(h->max_ns, 9000);
	assert_int_equal(h->sum_ns, 2 * 1000 * 300);
	assert_true(hist_consistent(h));
	/* p50: rank 150 lies in bucket 2 (cumulative 10, 210) */
	assert_true(hist_percentile(h, 500000, &ns));
	assert_int_equal(ns, 3000);

	/* thread 0 has overflows: its p99.5 is "more than 10 us" */
	assert_int_equal(
		hist_parse_cyclictest(two_threads, 0, h, err, sizeof(err)), 0);
	assert_int_equal(h->count[2], 131);
	assert_int_equal(h->count[4], 10);
	assert_int_equal(h->n, 300);
	assert_int_equal(h->overflow, 2);
	assert_int_equal(h->min_ns, 2000);
	assert_int_equal(h->max_ns, 12000);
	assert_true(hist_consistent(h));
	assert_false(hist_percentile(h, 995000, &ns));
	assert_int_equal(ns, 10000);
	free(h);
}

/* -H adds a sum column to the buckets, Total, Max and Overflows. */
static void test_parse_histofall(void **state)
{
	static const char text[] = "# Histogram\n"
				   "000000 000001\t000002\t000003\n"
				   "000001 000004\t000000\t000004\n"
				   "# Total: 000000005 000000002 000000007\n"
				   "# Min Latencies: 00000 00000\n"
				   "# Avg Latencies: 00001 00000\n"
				   "# Max Latencies: 00001 00000 00001\n"
				   "# Histogram Overflows: 00000 00000 00000\n"
				   "# Histogram Overflow at cycle number:\n"
				   "# Thread 0:\n"
				   "# Thread 1:\n";
	struct bh_hist *h = new_hist(1, 1);
	char err[160];

	(void)state;
	assert_int_equal(hist_parse_cyclictest(text, 1, h, err, sizeof(err)),
			 0);
	assert_int_equal(h->n, 2);
	assert_int_equal(h->count[0], 2);
	/* column 2 is the sum, and has no Min or Avg */
	assert_int_equal(hist_parse_cyclictest(text, 2, h, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(
		err,
		"line 5: '# Min Latencies:' line has no column for thread 2 (2 columns)");
	free(h);
}

/*
 * rt-tests versions with src/lib/histogram.c leave out empty buckets and
 * the Total line, and end "# Thread N: " with a space. Also CRLF line ends
 * and a tab after the bucket number.
 */
static void test_parse_sparse(void **state)
{
	static const char text[] = "# Histogram\r\n"
				   "000003 000005\r\n"
				   "000007\t000002\r\n"
				   "# Min Latencies: 00003\r\n"
				   "# Avg Latencies: 00004\r\n"
				   "# Max Latencies: 00007\r\n"
				   "# Histogram Overflows: 00000\r\n"
				   "# Histogram Overflow at cycle number:\r\n"
				   "# Thread 0: \r\n"
				   "\r\n";
	struct bh_hist *h = new_hist(1, 1);
	char err[160];

	(void)state;
	assert_int_equal(hist_parse_cyclictest(text, 0, h, err, sizeof(err)),
			 0);
	assert_int_equal(h->buckets, 8);
	assert_int_equal(h->count[0], 0);
	assert_int_equal(h->count[3], 5);
	assert_int_equal(h->count[6], 0);
	assert_int_equal(h->count[7], 2);
	assert_int_equal(h->n, 7);
	assert_int_equal(h->min_ns, 3000);
	assert_int_equal(h->max_ns, 7000);
	assert_int_equal(h->sum_ns, 4 * 1000 * 7);
	assert_true(hist_consistent(h));
	free(h);
}

/* A thread that never ran: cyclictest's dummy minimum is not kept. */
static void test_parse_idle_thread(void **state)
{
	static const char text[] = "# Histogram\n"
				   "000000 000000\n"
				   "000001 000000\n"
				   "# Total: 000000000\n"
				   "# Min Latencies: 1000000\n"
				   "# Avg Latencies: 00000\n"
				   "# Max Latencies: 00000\n"
				   "# Histogram Overflows: 00000\n";
	struct bh_hist *h = new_hist(1, 1);
	char err[160];

	(void)state;
	assert_int_equal(hist_parse_cyclictest(text, 0, h, err, sizeof(err)),
			 0);
	assert_int_equal(h->n, 0);
	assert_int_equal(h->min_ns, 0);
	assert_int_equal(h->buckets, 2);
	assert_true(hist_consistent(h));
	free(h);
}

/* Parses @text for @thread, expecting -EINVAL and exactly @message. */
static void expect_error(const char *text, unsigned int thread,
			 const char *message)
{
	struct bh_hist *h = new_hist(1, 1);
	char err[200];

	assert_int_equal(hist_parse_cyclictest(text, thread, h, err,
					       sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, message);
	free(h);
}

#define FOOTER                                    \
	"# Total: 000000003\n"                    \
	"# Min Latencies: 00000\n"                \
	"# Avg Latencies: 00001\n"                \
	"# Max Latencies: 00001\n"                \
	"# Histogram Overflows: 00000\n"          \
	"# Histogram Overflow at cycle number:\n" \
	"# Thread 0:\n"

static void test_parse_errors(void **state)
{
	(void)state;
	/* the well-formed base of the cases below */
	{
		struct bh_hist *h = new_hist(1, 1);

		assert_int_equal(hist_parse_cyclictest("# Histogram\n"
						       "000000 000001\n"
						       "000001 000002\n" FOOTER,
						       0, h, NULL, 0),
				 0);
		free(h);
	}
	expect_error("", 0, "line 0: end of text, and no '# Histogram' line");
	expect_error("T: 0 (1) P:0\n"
		     "# Min Latencies: 00000\n"
		     "\n",
		     0, "line 3: end of text, and no '# Histogram' line");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 00x002\n" FOOTER,
		0,
		"line 3: malformed bucket line: '00x002' is not a decimal number");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"0000x1 000002\n" FOOTER,
		0,
		"line 3: malformed bucket line: '0000x1' is not a bucket number");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 -00002\n" FOOTER,
		0,
		"line 3: malformed bucket line: '-00002' is not a decimal number");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 99999999999\n" FOOTER,
		0, "line 3: bucket 1 count 99999999999 is too large (32 bits)");
	expect_error("# Histogram\n"
		     "000001 000001\n"
		     "000000 000002\n" FOOTER,
		     0,
		     "line 3: bucket 0 out of order: it comes after bucket 1");
	expect_error("# Histogram\n"
		     "000000 000001\n"
		     "000000 000002\n" FOOTER,
		     0,
		     "line 3: bucket 0 out of order: it comes after bucket 0");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"020000 000002\n" FOOTER,
		0, "line 3: bucket 20000 is past the last one we hold (19999)");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001\n" FOOTER,
		0,
		"line 3: bucket line has no column for thread 0 (0 columns)");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 000002\n" FOOTER,
		1, "line 2: bucket line has no column for thread 1 (1 column)");
	expect_error(
		"# Histogram\n"
		"000000 000001\t000000\n"
		"000001 000002\t000000\n"
		"# Total: 000000003 000000000\n"
		"# Min Latencies: 00000\n",
		1,
		"line 5: '# Min Latencies:' line has no column for thread 1 (1 column)");
	expect_error("# Histogram\n"
		     "000000 000001\n"
		     "000001 000002\n"
		     "# Min Latencies: 00000\n"
		     "# Avg Latencies: 00001\n"
		     "# Histogram Overflows: 00000\n"
		     "# Thread 0:\n",
		     0, "line 7: end of text, and no '# Max Latencies:' line");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 000002\n"
		"# Min Latencies: 00000\n"
		"# Max Latencies: 00001\n"
		"# Avg Latencies: 00001\n",
		0, "line 6: end of text, and no '# Histogram Overflows:' line");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 000002\n"
		"# Total: 000000004\n"
		"# Min Latencies: 00000\n"
		"# Avg Latencies: 00001\n"
		"# Max Latencies: 00001\n"
		"# Histogram Overflows: 00000\n",
		0,
		"line 4: '# Total:' says 4 for thread 0 but its buckets add up to 3");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 000002\n"
		"# Total: 000000003\n"
		"# Min Latencies: 00000\n"
		"# Avg Latencies: 0000x\n",
		0,
		"line 6: malformed '# Avg Latencies:' line: '0000x' is not a decimal number");
	expect_error(
		"# Histogram\n"
		"000000 000001\n"
		"000001 000002\n" FOOTER "# Max Latencies: 00001\n",
		0,
		"line 11: a second '# Max Latencies:' line (the first is line 7)");
	expect_error(
		"# Histogram\n"
		"000000 000001\n" FOOTER "# Histogram\n",
		0,
		"line 10: a second '# Histogram' line (the first is line 1)");
	expect_error("# Histogram\n"
		     "000000 000001\n"
		     "# Total: 000000001\n"
		     "000001 000002\n",
		     0, "line 4: bucket line after the summary lines");
	expect_error("# Histogram\n"
		     "000000 000001\n"
		     "000001 000002\n"
		     "policy: fifo\n" FOOTER,
		     0, "line 4: unexpected text 'policy: fifo'");
	expect_error("# Histogram\n" FOOTER, 0,
		     "line 1: '# Histogram' but no bucket lines");
	/* Max says 1 us but bucket 1 is empty and bucket 0 is not */
	expect_error(
		"# Histogram\n"
		"000000 000003\n"
		"000001 000000\n" FOOTER,
		0,
		"line 7: the minimum and maximum (lines 5 and 7) disagree with thread 0's buckets and overflows");
	expect_error("# Histogram\n"
		     "000000 000001\n"
		     "000001 000002\n"
		     "# Min Latencies: 00002\n"
		     "# Avg Latencies: 00001\n"
		     "# Max Latencies: 00001\n"
		     "# Histogram Overflows: 00000\n",
		     0, "line 6: maximum 1 is below the minimum 2 (line 4)");
}

static void test_parse_error_buffer(void **state)
{
	struct bh_hist *h = new_hist(1, 1);
	char err[12];

	(void)state;
	/* no buffer at all */
	assert_int_equal(hist_parse_cyclictest("", 0, h, NULL, 0), -EINVAL);
	/* a short one is cut, and terminated */
	memset(err, 'x', sizeof(err));
	assert_int_equal(hist_parse_cyclictest("", 0, h, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "line 0: end");
	free(h);
}

/* --- the execution-time variant --- */

static char *written_exec(const struct bh_hist *h, int *ret)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	*ret = hist_write_exec(f, h);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void test_write_exec(void **state)
{
	struct bh_hist *h = new_hist(10000, 3);
	char *text;
	int ret;

	(void)state;
	hist_add(h, 5123);
	hist_add(h, 15001);
	hist_add(h, 45000); /* overflow */
	text = written_exec(h, &ret);
	assert_int_equal(ret, 0);
	/* min, mean (65124 / 3 = 21708 ns) and max to the ns */
	assert_string_equal(text, "# Bucket width: 10000 ns\n"
				  "# Histogram\n"
				  "000000 000001\n"
				  "000001 000001\n"
				  "000002 000000\n"
				  "# Total: 000000002\n"
				  "# Min: 5123 ns\n"
				  "# Avg: 21708 ns\n"
				  "# Max: 45000 ns\n"
				  "# Histogram Overflows: 00001\n");
	free(text);
	free(h);
}

static void test_exec_round_trip(void **state)
{
	struct bh_hist *h = new_hist(100000, 40), *back = new_hist(1, 1);
	char *text, err[160];
	uint32_t x = 777;
	int ret;

	(void)state;
	for (unsigned int i = 0; i < 3000; i++) {
		x = x * 1103515245 + 12345;
		/* 0 .. 4.5 ms in 0.1 ms buckets: some past the 4 ms */
		hist_add(h, (x >> 8) % 4500000);
	}
	assert_true(h->overflow > 0);
	text = written_exec(h, &ret);
	assert_int_equal(ret, 0);
	ret = hist_parse_exec(text, back, err, sizeof(err));
	assert_int_equal(ret, 0);
	assert_int_equal(back->unit_ns, 100000);
	assert_int_equal(back->buckets, 40);
	assert_memory_equal(back->count, h->count, sizeof(h->count));
	assert_int_equal(back->overflow, h->overflow);
	assert_int_equal(back->n, h->n);
	assert_int_equal(back->min_ns, h->min_ns);
	assert_int_equal(back->max_ns, h->max_ns);
	assert_int_equal(hist_mean_ns(back), hist_mean_ns(h));
	assert_true(hist_consistent(back));
	free(text);
	free(h);
	free(back);
}

static void expect_exec_error(const char *text, const char *message)
{
	struct bh_hist *h = new_hist(1, 1);
	char err[200];

	assert_int_equal(hist_parse_exec(text, h, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, message);
	free(h);
}

#define EXEC_FOOTER            \
	"# Total: 000000003\n" \
	"# Min: 1500 ns\n"     \
	"# Avg: 2100 ns\n"     \
	"# Max: 2900 ns\n"     \
	"# Histogram Overflows: 00000\n"

static void test_parse_exec_errors(void **state)
{
	struct bh_hist *h = new_hist(1, 1);

	(void)state;
	/* the base: 1 us buckets, values 1.5 to 2.9 us */
	assert_int_equal(hist_parse_exec("# Bucket width: 1000 ns\n"
					 "# Histogram\n"
					 "000000 000000\n"
					 "000001 000002\n"
					 "000002 000001\n" EXEC_FOOTER,
					 h, NULL, 0),
			 0);
	assert_int_equal(h->min_ns, 1500);
	assert_int_equal(h->max_ns, 2900);
	free(h);
	expect_exec_error("# Histogram\n"
			  "000000 000003\n" EXEC_FOOTER,
			  "line 1: '# Histogram' and no '# Bucket width:' "
			  "line before it");
	expect_exec_error("# Bucket width: 0 ns\n"
			  "# Histogram\n",
			  "line 1: bucket width 0 ns is not 1 to 2^32 - 1");
	expect_exec_error(
		"# Bucket width: 1000 us\n",
		"line 1: '# Bucket width:' line does not end in 'ns'");
	expect_exec_error("# Bucket width: 1000 ns\n"
			  "# Bucket width: 1000 ns\n",
			  "line 2: a second '# Bucket width:' line (the first "
			  "is line 1)");
	expect_exec_error("# Bucket width: 1000 ns\n"
			  "# Histogram\n"
			  "000001 000002\n"
			  "000002 000001\n"
			  "# Min: 1500\n",
			  "line 5: '# Min:' line does not end in 'ns'");
	/* a cyclictest histogram is not one of execution times */
	expect_exec_error("# Bucket width: 1000 ns\n"
			  "# Histogram\n"
			  "000000 000001\n"
			  "000001 000002\n" FOOTER,
			  "line 11: end of text, and no '# Min:' line");
	/* the exact values are checked against the buckets */
	expect_exec_error("# Bucket width: 1000 ns\n"
			  "# Histogram\n"
			  "000000 000000\n"
			  "000001 000002\n"
			  "000002 000001\n"
			  "# Min: 2500 ns\n"
			  "# Avg: 2100 ns\n"
			  "# Max: 2900 ns\n"
			  "# Histogram Overflows: 00000\n",
			  "line 8: the minimum and maximum (lines 6 and 8) "
			  "disagree with thread 0's buckets and overflows");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_defaults),
		cmocka_unit_test(test_add_boundaries),
		cmocka_unit_test(test_add_min_max_sum),
		cmocka_unit_test(test_add_wide_values),
		cmocka_unit_test(test_add_without_unit),
		cmocka_unit_test(test_percentiles),
		cmocka_unit_test(test_percentile_rank_rounding),
		cmocka_unit_test(test_percentile_single_value),
		cmocka_unit_test(test_percentile_clamp_to_min),
		cmocka_unit_test(test_percentile_overflow),
		cmocka_unit_test(test_percentile_empty),
		cmocka_unit_test(test_percentile_huge_n),
		cmocka_unit_test(test_mean),
		cmocka_unit_test(test_consistent_detects_corruption),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_window_update_seq),
		cmocka_unit_test(test_window_reset),
		cmocka_unit_test(test_window_snapshot_stable),
		cmocka_unit_test(test_window_snapshot_gives_up),
		cmocka_unit_test(test_window_snapshot_concurrent),
		cmocka_unit_test(test_write_cyclictest),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_parse_two_threads),
		cmocka_unit_test(test_parse_histofall),
		cmocka_unit_test(test_parse_sparse),
		cmocka_unit_test(test_parse_idle_thread),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_parse_error_buffer),
		cmocka_unit_test(test_write_exec),
		cmocka_unit_test(test_exec_round_trip),
		cmocka_unit_test(test_parse_exec_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
