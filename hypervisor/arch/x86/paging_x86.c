// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 entry formats (long-mode 4-level paging) for the core's generic
 * page tables.
 *
 * Both formats rely on the arch having set EFER.NXE before any of these
 * tables are used: without it bit 63 is reserved and every non-executable
 * mapping would fault. 1G leaves assume the CPU has 1 GiB pages
 * (CPUID 8000_0001h EDX bit 26), which the arch must check at startup.
 * PCD|PWT selects PAT entry 3, which is uncached (UC) both in the
 * power-on PAT and in the layout Linux programs before it hands over; the
 * hypervisor must keep it so.
 */
/*
 * By path relative to this file rather than <asm/...>: host unit tests
 * build this file with no arch include directory.
 */
#include "include/asm/paging_x86.h"

#define X86_LEVELS 4

static u64 level_mask(unsigned int level)
{
	return ~(BIT(paging_level_shift(level)) - 1);
}

/* 4K at level 0, 2M at level 1, 1G at level 2; PML4 entries are never leaves. */
static bool x86_leaf_allowed(unsigned int level)
{
	return level <= 2;
}

static bool x86_is_present(u64 entry)
{
	return entry & X86_PTE_PRESENT;
}

/* In a page table (level 0) bit 7 is the PAT bit, not PS. */
static bool x86_is_leaf(u64 entry, unsigned int level)
{
	return level == 0 || (entry & X86_PTE_PS);
}

/*
 * Present pages are always readable on x86, so PAGING_READ needs no bit.
 * @us is the US bit that the format puts in every entry.
 */
static u64 make_leaf(paddr_t pa, unsigned int level, u32 flags, u64 us)
{
	u64 e = X86_PTE_PRESENT | us;

	/*
	 * In 2M/1G leaves bit 12 is the PAT bit and the bits up to the page
	 * size are reserved: only the page-aligned address goes in.
	 */
	e |= pa_addr(pa) & X86_PTE_ADDR_MASK & level_mask(level);
	if (level > 0)
		e |= X86_PTE_PS;
	if (flags & PAGING_WRITE)
		e |= X86_PTE_RW;
	if (!(flags & PAGING_EXEC))
		e |= X86_PTE_NX;
	if (flags & PAGING_DEVICE)
		e |= X86_PTE_PCD | X86_PTE_PWT;
	return e;
}

/*
 * Table entries get every permission (RW, no NX, US where used): the
 * effective rights are the intersection over all levels, so this leaves
 * the decision to the leaf.
 */
static u64 make_table(paddr_t table, u64 us)
{
	return X86_PTE_PRESENT | X86_PTE_RW | us |
	       (pa_addr(table) & X86_PTE_ADDR_MASK);
}

static paddr_t x86_entry_addr(u64 entry, unsigned int level)
{
	u64 mask = X86_PTE_ADDR_MASK;

	if (x86_is_leaf(entry, level))
		mask &= level_mask(level);
	return pa_init(entry & mask);
}

static u32 x86_leaf_flags(u64 entry, unsigned int level)
{
	u32 flags = PAGING_READ;

	(void)level;
	if (entry & X86_PTE_RW)
		flags |= PAGING_WRITE;
	if (!(entry & X86_PTE_NX))
		flags |= PAGING_EXEC;
	if ((entry & (X86_PTE_PCD | X86_PTE_PWT)) ==
	    (X86_PTE_PCD | X86_PTE_PWT))
		flags |= PAGING_DEVICE;
	if (entry & X86_PTE_US)
		flags |= PAGING_USER;
	return flags;
}

/* The hypervisor never has user pages: US stays clear, PAGING_USER or not. */
static u64 host_make_leaf(paddr_t pa, unsigned int level, u32 flags)
{
	return make_leaf(pa, level, flags, 0);
}

static u64 host_make_table(paddr_t table)
{
	return make_table(table, 0);
}

const struct paging_format x86_host_paging = {
	.levels = X86_LEVELS,
	.sign_extended = true,
	.leaf_allowed = x86_leaf_allowed,
	.is_present = x86_is_present,
	.is_leaf = x86_is_leaf,
	.make_leaf = host_make_leaf,
	.make_table = host_make_table,
	.entry_addr = x86_entry_addr,
	.leaf_flags = x86_leaf_flags,
};

/*
 * Nested walks are user accesses, so an entry without US at any level
 * would fault every guest access through it: US goes everywhere,
 * whatever the flags say.
 */
static u64 npt_make_leaf(paddr_t pa, unsigned int level, u32 flags)
{
	return make_leaf(pa, level, flags, X86_PTE_US);
}

static u64 npt_make_table(paddr_t table)
{
	return make_table(table, X86_PTE_US);
}

const struct paging_format x86_npt_paging = {
	.levels = X86_LEVELS,
	/* Guest-physical addresses: zero-extended, up to 2^48. */
	.sign_extended = false,
	.leaf_allowed = x86_leaf_allowed,
	.is_present = x86_is_present,
	.is_leaf = x86_is_leaf,
	.make_leaf = npt_make_leaf,
	.make_table = npt_make_table,
	.entry_addr = x86_entry_addr,
	.leaf_flags = x86_leaf_flags,
};
