/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_PAGES_H
#define BH_PAGES_H

#include <bh/types.h>

/* @num contiguous zeroed pages from the hypervisor pool, or NULL. */
void *page_alloc(u64 num);
void page_free(void *page, u64 num);
paddr_t page_to_phys(const void *page);

#endif
