// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's page allocator: the pool, made safe for all CPUs, with
 * its counters mirrored to the status area where the root cell sees them.
 */
#include <bh/console.h>
#include <bh/hv.h>
#include <bh/pages.h>
#include <bh/spinlock.h>

static struct spinlock pages_lock;

void *page_alloc(u64 num)
{
	void *p;

	spin_lock(&pages_lock);
	p = pool_alloc(&hv_pool, num);
	status_update_pool();
	spin_unlock(&pages_lock);
	return p;
}

void page_free(void *page, u64 num)
{
	spin_lock(&pages_lock);
	pool_free(&hv_pool, page, num);
	status_update_pool();
	spin_unlock(&pages_lock);
}

paddr_t page_to_phys(const void *page)
{
	return pool_virt_to_phys(&hv_pool, page);
}
