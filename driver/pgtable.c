// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's page tables, built by the driver because the CPU must
 * already run on them when it first executes hypervisor code. They never
 * change afterwards. 4-level long-mode format.
 */
#include <linux/errno.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include "bulkhead.h"

#define PT_ADDR_MASK 0x000ffffffffff000ull

static u64 *pt_alloc(struct bh_pgtable *pt, u64 *phys)
{
	void *page;

	if (pt->pages >= pt->max_pages)
		return NULL;
	page = pt->base + (u64)pt->pages * PAGE_SIZE;
	*phys = pt->phys + (u64)pt->pages * PAGE_SIZE;
	pt->pages++;
	memset(page, 0, PAGE_SIZE);
	return page;
}

static u64 *pt_virt(struct bh_pgtable *pt, u64 entry)
{
	return pt->base + ((entry & PT_ADDR_MASK) - pt->phys);
}

int bh_pgtable_init(struct bh_pgtable *pt, void *base, u64 phys,
		    unsigned int max_pages)
{
	u64 pml4_phys;

	pt->base = base;
	pt->phys = phys;
	pt->pages = 0;
	pt->max_pages = max_pages;
	pt->pml4 = pt_alloc(pt, &pml4_phys);
	return pt->pml4 ? 0 : -ENOMEM;
}

/* The table one level down from @table at @index, created if missing. */
static u64 *pt_next(struct bh_pgtable *pt, u64 *table, unsigned int index)
{
	u64 phys, *next;

	if (table[index] & BH_PTE_P) {
		if (table[index] & BH_PTE_PS)
			return NULL; /* a large page is already there */
		return pt_virt(pt, table[index]);
	}
	next = pt_alloc(pt, &phys);
	if (next)
		table[index] = phys | BH_PTE_P | BH_PTE_RW;
	return next;
}

/* Map with 1 GiB, 2 MiB or 4 KiB pages, the largest alignment allows. */
int bh_pgtable_map(struct bh_pgtable *pt, u64 va, u64 pa, u64 size, u64 flags)
{
	while (size) {
		u64 *pdpt, *pd, *ptab;

		pdpt = pt_next(pt, pt->pml4, (va >> 39) & 511);
		if (!pdpt)
			return -ENOMEM;
		if (!((va | pa) & (SZ_1G - 1)) && size >= SZ_1G) {
			pdpt[(va >> 30) & 511] = pa | flags | BH_PTE_PS;
			va += SZ_1G;
			pa += SZ_1G;
			size -= SZ_1G;
			continue;
		}
		pd = pt_next(pt, pdpt, (va >> 30) & 511);
		if (!pd)
			return -ENOMEM;
		if (!((va | pa) & (SZ_2M - 1)) && size >= SZ_2M) {
			pd[(va >> 21) & 511] = pa | flags | BH_PTE_PS;
			va += SZ_2M;
			pa += SZ_2M;
			size -= SZ_2M;
			continue;
		}
		ptab = pt_next(pt, pd, (va >> 21) & 511);
		if (!ptab)
			return -ENOMEM;
		ptab[(va >> 12) & 511] = pa | flags;
		va += PAGE_SIZE;
		pa += PAGE_SIZE;
		size = size > PAGE_SIZE ? size - PAGE_SIZE : 0;
	}
	return 0;
}
