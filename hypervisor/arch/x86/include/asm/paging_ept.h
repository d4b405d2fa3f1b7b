/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intel EPT entries (SDM vol. 3, 29.3.2) for the core's generic page
 * tables: guest-physical to host-physical, 4 levels, 2 MiB leaves, 1 GiB
 * leaves where the CPU has them.
 */
#ifndef ASM_PAGING_EPT_H
#define ASM_PAGING_EPT_H

#include <bh/paging.h>
#include <bh/types.h>

#define EPT_READ BIT(0)
#define EPT_WRITE BIT(1)
#define EPT_EXEC BIT(2)
#define EPT_MEMTYPE_SHIFT 3
#define EPT_MEMTYPE_MASK (7ull << EPT_MEMTYPE_SHIFT)
#define EPT_MEMTYPE_UC 0
#define EPT_MEMTYPE_WB 6
#define EPT_IGNORE_PAT BIT(6)
#define EPT_LEAF BIT(7) /* in level 1 and 2 entries */
#define EPT_ADDR_MASK 0x000ffffffffff000ull

extern const struct paging_format x86_ept_paging;

/* Whether the CPU has 1 GiB EPT leaves; set once before any table exists. */
void ept_allow_1g(bool allow);

#endif
