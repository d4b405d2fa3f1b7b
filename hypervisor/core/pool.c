// SPDX-License-Identifier: GPL-2.0
/*
 * The page pool: a bitmap over one region of hypervisor memory, one bit per
 * page.
 *
 * A bitmap rather than a free list because its state lives apart from the
 * pages it manages (a stray write into a free page cannot corrupt the
 * allocator), because it makes freeing something that was never handed out
 * detectable, and because contiguous runs are easy to find in it. The cost
 * is a linear first-fit scan; allocations happen when cells are created
 * and destroyed, not on any hot path, and the scan skips full words.
 */
#include <bh/check.h>
#include <bh/errno.h>
#include <bh/pool.h>
#include <bh/string.h>

#define BITS_PER_WORD 64

static u64 bitmap_words(u64 pages)
{
	return (pages + BITS_PER_WORD - 1) / BITS_PER_WORD;
}

/* Pages at the start of the region that hold the bitmap itself. */
static u64 bitmap_pages(u64 pages)
{
	return ALIGN_UP(bitmap_words(pages) * sizeof(u64), PAGE_SIZE) /
	       PAGE_SIZE;
}

static bool page_used(const struct page_pool *pool, u64 page)
{
	return pool->bitmap[page / BITS_PER_WORD] & BIT(page % BITS_PER_WORD);
}

static void mark_used(struct page_pool *pool, u64 page)
{
	pool->bitmap[page / BITS_PER_WORD] |= BIT(page % BITS_PER_WORD);
}

static void mark_free(struct page_pool *pool, u64 page)
{
	pool->bitmap[page / BITS_PER_WORD] &= ~BIT(page % BITS_PER_WORD);
}

static void *page_addr(const struct page_pool *pool, u64 page)
{
	return (u8 *)pool->base + (page << PAGE_SHIFT);
}

int pool_init(struct page_pool *pool, void *base, paddr_t phys_base, u64 pages)
{
	u64 size, meta, i;

	if (!IS_ALIGNED((uintptr_t)base, PAGE_SIZE) ||
	    !IS_ALIGNED(pa_addr(phys_base), PAGE_SIZE))
		return -EINVAL;
	if (pages == 0 || pages > (~0ull >> PAGE_SHIFT))
		return -EINVAL;
	/* Neither address range may wrap around the end of the space. */
	size = pages << PAGE_SHIFT;
	if (pa_addr(phys_base) + (size - 1) < pa_addr(phys_base) ||
	    (uintptr_t)base + (size - 1) < (uintptr_t)base)
		return -EINVAL;
	/* A pool that would be all bitmap could never hand out a page. */
	meta = bitmap_pages(pages);
	if (meta >= pages)
		return -EINVAL;

	pool->base = base;
	pool->phys_base = phys_base;
	pool->pages = pages;
	pool->bitmap = base;
	/*
	 * Clear whole bitmap pages, not just the words in use, so the bits
	 * past the last page are defined (never set) too.
	 */
	memset(pool->bitmap, 0, meta * PAGE_SIZE);
	for (i = 0; i < meta; i++)
		mark_used(pool, i);
	pool->used = meta;
	return 0;
}

void *pool_alloc(struct page_pool *pool, u64 num)
{
	u64 start = 0, run = 0, i;
	void *p;

	if (num == 0 || num > pool->pages - pool->used)
		return NULL;

	/* First fit: the lowest run of @num free pages. */
	for (i = 0; i < pool->pages; i++) {
		if (i % BITS_PER_WORD == 0 &&
		    pool->bitmap[i / BITS_PER_WORD] == ~0ull) {
			/* 64 used pages at once; the run restarts after them. */
			i += BITS_PER_WORD - 1;
			run = 0;
			continue;
		}
		if (page_used(pool, i)) {
			run = 0;
			continue;
		}
		if (run++ == 0)
			start = i;
		if (run == num)
			break;
	}
	if (run < num)
		return NULL;

	for (i = start; i < start + num; i++)
		mark_used(pool, i);
	pool->used += num;

	/*
	 * Zeroed because the pages often become page tables, where stale
	 * contents would be live mappings, and because they may still hold
	 * whatever their previous user left there.
	 */
	p = page_addr(pool, start);
	memset(p, 0, num * PAGE_SIZE);
	return p;
}

void pool_free(struct page_pool *pool, void *page, u64 num)
{
	uintptr_t addr = (uintptr_t)page, base = (uintptr_t)pool->base;
	u64 first, i;

	/*
	 * Everything is checked before anything changes, so that a failed
	 * CHECK (which in host tests returns to the test) leaves the pool as
	 * it was.
	 */
	CHECK(addr >= base);
	CHECK(IS_ALIGNED(addr - base, PAGE_SIZE));
	first = (addr - base) >> PAGE_SHIFT;
	CHECK(first < pool->pages);
	/* The bitmap's own pages are never handed out, so never returned. */
	CHECK(first >= bitmap_pages(pool->pages));
	CHECK(num > 0 && num <= pool->pages - first);
	for (i = first; i < first + num; i++)
		CHECK(page_used(pool, i));

	for (i = first; i < first + num; i++)
		mark_free(pool, i);
	pool->used -= num;
}

/*
 * Both translations CHECK their argument: every caller translates an
 * address it got from this pool (page tables are only ever pool pages),
 * so one outside it means corrupted state, and silently translating it
 * would hand out an address of some other memory.
 */
paddr_t pool_virt_to_phys(const struct page_pool *pool, const void *addr)
{
	uintptr_t a = (uintptr_t)addr, base = (uintptr_t)pool->base;

	CHECK(a >= base && (a - base) >> PAGE_SHIFT < pool->pages);
	return pa_add(pool->phys_base, a - base);
}

void *pool_phys_to_virt(const struct page_pool *pool, paddr_t pa)
{
	u64 a = pa_addr(pa), base = pa_addr(pool->phys_base);

	CHECK(a >= base && (a - base) >> PAGE_SHIFT < pool->pages);
	return (u8 *)pool->base + (a - base);
}
