/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 page table entry formats for the core's generic page tables
 * (bh/paging.h): the hypervisor's own long-mode tables, and AMD's nested
 * page tables, which use the same format.
 */
#ifndef ASM_PAGING_X86_H
#define ASM_PAGING_X86_H

#include <bh/paging.h>
#include <bh/types.h>

/* Entry bits, the same at every level unless noted. */
#define X86_PTE_PRESENT BIT(0)
#define X86_PTE_RW BIT(1)
#define X86_PTE_US BIT(2)
#define X86_PTE_PWT BIT(3)
#define X86_PTE_PCD BIT(4)
#define X86_PTE_ACCESSED BIT(5)
#define X86_PTE_DIRTY BIT(6)
/* In PDPT and PD entries: the entry is a 1 GiB or 2 MiB leaf. */
#define X86_PTE_PS BIT(7)
#define X86_PTE_NX BIT(63)
/* Physical address bits 12..51, the architectural maximum. */
#define X86_PTE_ADDR_MASK 0x000ffffffffff000ull

/*
 * The hypervisor's own address space: 4 levels, 48-bit sign-extended
 * virtual addresses, 2M and 1G leaves. Never sets US: nothing of the
 * hypervisor is a user page.
 */
extern const struct paging_format x86_host_paging;

/*
 * AMD nested page tables (guest-physical to host-physical): 4 levels, 2M
 * and 1G leaves, US set in every entry because the hardware treats nested
 * walks as user accesses.
 */
extern const struct paging_format x86_npt_paging;

#endif
