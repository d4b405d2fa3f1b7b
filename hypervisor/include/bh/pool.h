/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page pool: the hypervisor's only allocator. Hands out zeroed, page-aligned,
 * physically contiguous runs of pages from one region of hypervisor memory
 * and accounts for them, so that the root cell can see use and leaks.
 */
#ifndef BH_POOL_H
#define BH_POOL_H

#include <bh/types.h>

struct page_pool {
	void *base; /* hypervisor-virtual address of page 0 */
	paddr_t phys_base; /* its physical address */
	u64 pages; /* pages managed */
	u64 used; /* pages handed out */
	u64 *bitmap; /* one bit per page, set = used; pages/64 words */
};

/*
 * Manage @pages pages at @base (physically @phys_base). The bitmap storage
 * comes from the start of the region itself; those pages count as used.
 * Returns 0 or -EINVAL for a misaligned or too small region.
 */
int pool_init(struct page_pool *pool, void *base, paddr_t phys_base, u64 pages);

/* @num contiguous zeroed pages, or NULL when no run is long enough. */
void *pool_alloc(struct page_pool *pool, u64 num);

/*
 * Give back @num pages starting at @page. Freeing a page that is not in the
 * pool or not allocated is a bug and stops the hypervisor (CHECK).
 */
void pool_free(struct page_pool *pool, void *page, u64 num);

/* Physical address of a pool page (or any byte within the pool). */
paddr_t pool_virt_to_phys(const struct page_pool *pool, const void *addr);

/* Hypervisor-virtual address of a physical address inside the pool. */
void *pool_phys_to_virt(const struct page_pool *pool, paddr_t pa);

#endif
