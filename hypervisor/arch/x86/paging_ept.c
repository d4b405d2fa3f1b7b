// SPDX-License-Identifier: GPL-2.0
/*
 * EPT entry format (asm/paging_ept.h). Unlike AMD's nested tables, EPT has
 * a read bit and no user bit: present means any of read, write and execute,
 * and a mapping is always made readable, as x86 paging makes every present
 * page (the core may ask for write without read). Memory types: RAM is
 * write-back, combined with the guest's PAT as on bare metal; device
 * memory is uncached whatever the guest's PAT says.
 */
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/paging_ept.h"

#define EPT_LEVELS 4

static bool ept_1g;

void ept_allow_1g(bool allow)
{
	ept_1g = allow;
}

static u64 level_mask(unsigned int level)
{
	return ~(BIT(paging_level_shift(level)) - 1);
}

static bool ept_leaf_allowed(unsigned int level)
{
	return level <= 1 || (level == 2 && ept_1g);
}

static bool ept_is_present(u64 entry)
{
	return entry & (EPT_READ | EPT_WRITE | EPT_EXEC);
}

static bool ept_is_leaf(u64 entry, unsigned int level)
{
	return level == 0 || (entry & EPT_LEAF);
}

static u64 ept_make_leaf(paddr_t pa, unsigned int level, u32 flags)
{
	u64 e = EPT_READ | (pa_addr(pa) & EPT_ADDR_MASK & level_mask(level));

	if (level > 0)
		e |= EPT_LEAF;
	if (flags & PAGING_WRITE)
		e |= EPT_WRITE;
	if (flags & PAGING_EXEC)
		e |= EPT_EXEC;
	if (flags & PAGING_DEVICE)
		e |= (u64)EPT_MEMTYPE_UC << EPT_MEMTYPE_SHIFT | EPT_IGNORE_PAT;
	else
		e |= (u64)EPT_MEMTYPE_WB << EPT_MEMTYPE_SHIFT;
	return e;
}

/* Every right in tables: the leaf decides (rights intersect over levels). */
static u64 ept_make_table(paddr_t table)
{
	return EPT_READ | EPT_WRITE | EPT_EXEC |
	       (pa_addr(table) & EPT_ADDR_MASK);
}

static paddr_t ept_entry_addr(u64 entry, unsigned int level)
{
	u64 mask = EPT_ADDR_MASK;

	if (ept_is_leaf(entry, level))
		mask &= level_mask(level);
	return pa_init(entry & mask);
}

/* PAGING_USER always: EPT has no user bit, every mapping serves a guest. */
static u32 ept_leaf_flags(u64 entry, unsigned int level)
{
	u32 flags = PAGING_READ | PAGING_USER;

	(void)level;
	if (entry & EPT_WRITE)
		flags |= PAGING_WRITE;
	if (entry & EPT_EXEC)
		flags |= PAGING_EXEC;
	if (((entry & EPT_MEMTYPE_MASK) >> EPT_MEMTYPE_SHIFT) == EPT_MEMTYPE_UC)
		flags |= PAGING_DEVICE;
	return flags;
}

const struct paging_format x86_ept_paging = {
	.levels = EPT_LEVELS,
	/* guest-physical addresses: zero-extended, up to 2^48 */
	.sign_extended = false,
	.leaf_allowed = ept_leaf_allowed,
	.is_present = ept_is_present,
	.is_leaf = ept_is_leaf,
	.make_leaf = ept_make_leaf,
	.make_table = ept_make_table,
	.entry_addr = ept_entry_addr,
	.leaf_flags = ept_leaf_flags,
};
