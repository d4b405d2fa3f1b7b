// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the page pool (hypervisor/core/pool.c): accounting,
 * zeroing, first-fit runs, exhaustion, and the CHECKs on bad frees.
 */
// uses: hypervisor/core/pool.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <bh/errno.h>
#include <bh/pool.h>
#include "fake.h"

/* A made-up physical address for the pool, far from the host buffer's. */
#define PHYS_BASE 0x40000000ull

/* Page-aligned host memory, filled with junk so zeroing is observable. */
static void *host_pages(u64 pages)
{
	void *p = aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE);

	assert_non_null(p);
	memset(p, 0xa5, pages * PAGE_SIZE);
	return p;
}

/* What pool_init must reserve for the bitmap of @pages pages. */
static u64 expected_bitmap_pages(u64 pages)
{
	u64 bytes = (pages + 63) / 64 * 8;

	return (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
}

static void *page_ptr(const struct page_pool *pool, u64 index)
{
	return (u8 *)pool->base + index * PAGE_SIZE;
}

static bool all_bytes(const void *p, u8 value, size_t len)
{
	const u8 *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != value)
			return false;
	return true;
}

static void test_init_accounting(void **state)
{
	/* Sizes around the word and page boundaries of the bitmap. */
	static const u64 sizes[] = { 2, 63, 64, 65, 1000, 32768, 32769, 100000 };
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u64 meta = expected_bitmap_pages(sizes[i]);
		/*
		 * Only the bitmap and the first free page are ever touched
		 * here, so the host buffer need not be the whole pool.
		 */
		void *mem = host_pages(meta + 1);
		struct page_pool pool;
		void *p;

		assert_int_equal(
			pool_init(&pool, mem, pa_init(PHYS_BASE), sizes[i]), 0);
		assert_ptr_equal(pool.base, mem);
		assert_int_equal(pa_addr(pool.phys_base), PHYS_BASE);
		assert_int_equal(pool.pages, sizes[i]);
		assert_ptr_equal(pool.bitmap, mem);
		assert_int_equal(pool.used, meta);

		/* The first page handed out is the first after the bitmap. */
		p = pool_alloc(&pool, 1);
		assert_ptr_equal(p, page_ptr(&pool, meta));
		assert_int_equal(pool.used, meta + 1);
		pool_free(&pool, p, 1);
		assert_int_equal(pool.used, meta);
		free(mem);
	}
}

static void test_init_rejects_bad_regions(void **state)
{
	void *mem = host_pages(4);
	struct page_pool pool;

	(void)state;
	assert_int_equal(pool_init(&pool, (u8 *)mem + 8, pa_init(PHYS_BASE), 4),
			 -EINVAL);
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE + 0x800), 4),
			 -EINVAL);
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), 0), -EINVAL);
	/* One page would be all bitmap and nothing to hand out. */
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), 1), -EINVAL);
	/* More pages than a 64-bit space holds. */
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), 1ull << 53),
			 -EINVAL);
	/* A physical range that wraps past the top. */
	assert_int_equal(pool_init(&pool, mem, pa_init(0xffffffffffffe000ull),
				   4),
			 -EINVAL);
	/* Exactly up to the top is fine. */
	assert_int_equal(
		pool_init(&pool, mem, pa_init(0xffffffffffffc000ull), 4), 0);
	free(mem);
}

static void test_alloc_zeroes_and_translates(void **state)
{
	const u64 pages = 16;
	void *mem = host_pages(pages);
	struct page_pool pool;
	u8 *p, *q;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);

	p = pool_alloc(&pool, 3);
	assert_non_null(p);
	assert_true(p >= (u8 *)mem &&
		    p + 3 * PAGE_SIZE <= (u8 *)mem + pages * PAGE_SIZE);
	assert_int_equal((uintptr_t)p % PAGE_SIZE, 0);
	assert_true(all_bytes(p, 0, 3 * PAGE_SIZE));

	/* Dirty it, give it back: the next user must again see zeroes. */
	memset(p, 0xff, 3 * PAGE_SIZE);
	pool_free(&pool, p, 3);
	q = pool_alloc(&pool, 3);
	assert_ptr_equal(q, p);
	assert_true(all_bytes(q, 0, 3 * PAGE_SIZE));

	/* Translation both ways, for page starts and bytes within. */
	assert_int_equal(pa_addr(pool_virt_to_phys(&pool, q)),
			 PHYS_BASE + (u64)(q - (u8 *)mem));
	assert_int_equal(pa_addr(pool_virt_to_phys(&pool, q + 0x1234)),
			 PHYS_BASE + (u64)(q - (u8 *)mem) + 0x1234);
	assert_ptr_equal(pool_phys_to_virt(&pool, pool_virt_to_phys(&pool, q)),
			 q);
	assert_ptr_equal(pool_phys_to_virt(&pool, pa_init(PHYS_BASE + 0x5678)),
			 (u8 *)mem + 0x5678);
	assert_ptr_equal(
		pool_phys_to_virt(&pool,
				  pa_init(PHYS_BASE + pages * PAGE_SIZE - 1)),
		(u8 *)mem + pages * PAGE_SIZE - 1);

	pool_free(&pool, q, 3);
	assert_int_equal(pool.used, 1);
	free(mem);
}

static void test_alloc_runs_are_contiguous_first_fit(void **state)
{
	const u64 pages = 200;
	void *mem = host_pages(pages);
	struct page_pool pool;
	u64 next, num, used;
	u8 *p;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	next = pool.used;
	used = pool.used;

	/* On an empty pool, first fit packs runs one after the other. */
	for (num = 1; next + num <= pages; num++) {
		p = pool_alloc(&pool, num);
		assert_ptr_equal(p, page_ptr(&pool, next));
		assert_true(all_bytes(p, 0, num * PAGE_SIZE));
		/* Tag the run so overlaps would show. */
		memset(p, (int)num, num * PAGE_SIZE);
		next += num;
		used += num;
		assert_int_equal(pool.used, used);
	}
	/* Every run still carries its own tag. */
	for (num = 1, next = expected_bitmap_pages(pages); next + num <= pages;
	     next += num, num++)
		assert_true(all_bytes(page_ptr(&pool, next), (u8)num,
				      num * PAGE_SIZE));
	free(mem);
}

static void test_fragmentation(void **state)
{
	const u64 pages = 64;
	void *mem = host_pages(pages);
	struct page_pool pool;
	void *single[64];
	u64 n = 0, i, used;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	while ((single[n] = pool_alloc(&pool, 1)))
		n++;
	assert_int_equal(n, pages - 1);
	assert_int_equal(pool.used, pages);

	/* Free every other page: plenty of free pages, no two adjacent. */
	for (i = 1; i < n; i += 2)
		pool_free(&pool, single[i], 1);
	used = pool.used;
	assert_int_equal(used, pages - n / 2);
	assert_null(pool_alloc(&pool, 2));
	assert_int_equal(pool.used, used);

	/* Joining singles 3, 4 and 5 makes the only run of three. */
	pool_free(&pool, single[4], 1);
	assert_null(pool_alloc(&pool, 4));
	assert_ptr_equal(pool_alloc(&pool, 3), single[3]);

	/* Runs of two: the lowest is at 9 once 10 is freed, not at 21. */
	pool_free(&pool, single[22], 1);
	pool_free(&pool, single[10], 1);
	assert_ptr_equal(pool_alloc(&pool, 2), single[9]);
	assert_ptr_equal(pool_alloc(&pool, 2), single[21]);
	assert_null(pool_alloc(&pool, 2));

	/* A single page goes into the lowest hole. */
	assert_ptr_equal(pool_alloc(&pool, 1), single[1]);
	free(mem);
}

static void test_exhaustion(void **state)
{
	const u64 pages = 300;
	void *mem = host_pages(pages);
	struct page_pool pool;
	u64 avail, start;
	void *p;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	start = pool.used;
	avail = pages - start;

	assert_null(pool_alloc(&pool, 0));
	assert_null(pool_alloc(&pool, avail + 1));
	assert_null(pool_alloc(&pool, ~0ull));
	assert_int_equal(pool.used, start);

	p = pool_alloc(&pool, avail);
	assert_ptr_equal(p, page_ptr(&pool, start));
	assert_int_equal(pool.used, pages);
	assert_null(pool_alloc(&pool, 1));
	assert_int_equal(pool.used, pages);

	pool_free(&pool, p, avail);
	assert_int_equal(pool.used, start);
	assert_non_null(pool_alloc(&pool, 1));
	free(mem);
}

/*
 * State of a pool to compare before and after a rejected free: a failed
 * CHECK must not have changed anything.
 */
struct snapshot {
	u64 used;
	u64 bitmap[8];
};

static void take(const struct page_pool *pool, struct snapshot *s)
{
	s->used = pool->used;
	memcpy(s->bitmap, pool->bitmap, sizeof(s->bitmap));
}

static void assert_unchanged(const struct page_pool *pool,
			     const struct snapshot *s)
{
	assert_int_equal(pool->used, s->used);
	assert_memory_equal(pool->bitmap, s->bitmap, sizeof(s->bitmap));
}

/* Each bad free in its own function keeps locals clear of longjmp. */
static void expect_bad_free(struct page_pool *pool, void *page, u64 num)
{
	struct snapshot before;

	take(pool, &before);
	expect_assert_failure(pool_free(pool, page, num));
	assert_unchanged(pool, &before);
}

static void test_double_free_checks(void **state)
{
	const u64 pages = 32;
	void *mem = host_pages(pages);
	struct page_pool pool;
	u8 *p, *run;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	p = pool_alloc(&pool, 1);
	pool_free(&pool, p, 1);
	expect_bad_free(&pool, p, 1);

	/* A run with one page already freed is rejected as a whole. */
	run = pool_alloc(&pool, 3);
	pool_free(&pool, run + PAGE_SIZE, 1);
	expect_bad_free(&pool, run, 3);
	/* ...and its still-allocated pages can be freed properly. */
	pool_free(&pool, run, 1);
	pool_free(&pool, run + 2 * PAGE_SIZE, 1);
	assert_int_equal(pool.used, 1);

	/* Never-allocated pages. */
	expect_bad_free(&pool, page_ptr(&pool, 10), 1);
	free(mem);
}

static void test_foreign_free_checks(void **state)
{
	const u64 pages = 32;
	void *mem = host_pages(pages);
	void *other = host_pages(1);
	struct page_pool pool;
	u8 *p;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	p = pool_alloc(&pool, 2);

	expect_bad_free(&pool, other, 1);
	expect_bad_free(&pool, NULL, 1);
	expect_bad_free(&pool, (u8 *)mem + pages * PAGE_SIZE, 1);
	/* Not page-aligned, though inside an allocated page. */
	expect_bad_free(&pool, p + 8, 1);
	/* The bitmap's own page. */
	expect_bad_free(&pool, mem, 1);
	/* A run reaching past the end of the pool. */
	p = pool_alloc(&pool, pages - pool.used);
	assert_non_null(p);
	expect_bad_free(&pool, page_ptr(&pool, pages - 1), 2);
	expect_bad_free(&pool, page_ptr(&pool, pages - 1), ~0ull);
	/* Zero pages: a caller's accounting bug. */
	expect_bad_free(&pool, page_ptr(&pool, 5), 0);

	assert_int_equal(pool.used, pages);
	free(other);
	free(mem);
}

static void expect_bad_phys(struct page_pool *pool, u64 pa)
{
	expect_assert_failure(pool_phys_to_virt(pool, pa_init(pa)));
}

static void expect_bad_virt(struct page_pool *pool, const void *p)
{
	expect_assert_failure(pool_virt_to_phys(pool, p));
}

static void test_translation_outside_checks(void **state)
{
	const u64 pages = 8;
	void *mem = host_pages(pages);
	void *other = host_pages(1);
	struct page_pool pool;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	expect_bad_phys(&pool, PHYS_BASE - 1);
	expect_bad_phys(&pool, PHYS_BASE + pages * PAGE_SIZE);
	expect_bad_phys(&pool, 0);
	expect_bad_virt(&pool, other);
	expect_bad_virt(&pool, (u8 *)mem + pages * PAGE_SIZE);
	free(other);
	free(mem);
}

/* A small deterministic generator, so failures reproduce. */
static u64 rng_state = 0x2545f4914f6cdd1dull;

static u64 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static void test_churn_returns_to_start(void **state)
{
	const u64 pages = 512;
	void *mem = host_pages(pages);
	struct page_pool pool;
	struct {
		u8 *p;
		u64 num;
	} runs[512];
	u64 start, n, i, round, sum;

	(void)state;
	assert_int_equal(pool_init(&pool, mem, pa_init(PHYS_BASE), pages), 0);
	start = pool.used;

	for (round = 0; round < 20; round++) {
		/* Fill with runs of random length until nothing fits. */
		n = 0;
		sum = start;
		for (;;) {
			u64 num = 1 + rng() % 8;
			u8 *p = pool_alloc(&pool, num);

			if (!p)
				break;
			assert_true(all_bytes(p, 0, num * PAGE_SIZE));
			memset(p, (int)(n % 251) + 1, num * PAGE_SIZE);
			runs[n].p = p;
			runs[n].num = num;
			n++;
			sum += num;
			assert_int_equal(pool.used, sum);
		}
		/* No run was overwritten by a later one. */
		for (i = 0; i < n; i++)
			assert_true(all_bytes(runs[i].p, (u8)(i % 251) + 1,
					      runs[i].num * PAGE_SIZE));
		/* Free a random half, then everything, in random order. */
		for (i = n; i > 1; i--) {
			u64 j = rng() % i;
			typeof(runs[0]) t = runs[i - 1];

			runs[i - 1] = runs[j];
			runs[j] = t;
		}
		for (i = 0; i < n; i++) {
			pool_free(&pool, runs[i].p, runs[i].num);
			sum -= runs[i].num;
			assert_int_equal(pool.used, sum);
		}
		assert_int_equal(pool.used, start);
	}

	/* Nothing is left fragmented: the whole pool is one run again. */
	assert_ptr_equal(pool_alloc(&pool, pages - start),
			 page_ptr(&pool, start));
	free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_accounting),
		cmocka_unit_test(test_init_rejects_bad_regions),
		cmocka_unit_test(test_alloc_zeroes_and_translates),
		cmocka_unit_test(test_alloc_runs_are_contiguous_first_fit),
		cmocka_unit_test(test_fragmentation),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_double_free_checks),
		cmocka_unit_test(test_foreign_free_checks),
		cmocka_unit_test(test_translation_outside_checks),
		cmocka_unit_test(test_churn_returns_to_start),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
