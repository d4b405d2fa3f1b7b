/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multi-level page tables, for the hypervisor's own address space and for
 * the cells' nested (second-level) tables alike.
 *
 * The core knows the shape of the tree (levels of 512-entry tables, each
 * level covering 9 more address bits) but not the bits of an entry: the
 * arch describes its entry format in a struct paging_format and the core
 * only calls through it, so that core code never includes arch headers.
 * Every table is a page of the page pool and is reached through
 * pool_phys_to_virt.
 */
#ifndef BH_PAGING_H
#define BH_PAGING_H

#include <bh/pool.h>
#include <bh/types.h>

/* Access flags of a mapping, arch-neutral. */
#define PAGING_READ BIT(0)
#define PAGING_WRITE BIT(1)
#define PAGING_EXEC BIT(2)
#define PAGING_DEVICE BIT(3) /* uncached, for MMIO */
/* Needed in nested tables on AMD, whose walks count as user accesses. */
#define PAGING_USER BIT(4)
#define PAGING_FLAGS_ALL \
	(PAGING_READ | PAGING_WRITE | PAGING_EXEC | PAGING_DEVICE | PAGING_USER)

#define PAGING_ENTRIES 512
#define PAGING_LEVEL_BITS 9
/* Beyond 5 levels the translated address bits would exceed 64. */
#define PAGING_MAX_LEVELS 5

/* log2 of the bytes one entry at @level maps; level 0 maps a 4 KiB page. */
static inline unsigned int paging_level_shift(unsigned int level)
{
	return PAGE_SHIFT + level * PAGING_LEVEL_BITS;
}

/*
 * An arch's entry format. An entry of 0 must be "not present": new tables
 * are zeroed pool pages and removed entries are written as 0.
 */
struct paging_format {
	unsigned int levels; /* e.g. 4; at most PAGING_MAX_LEVELS */
	/*
	 * Whether input addresses are sign-extended from the highest bit the
	 * tables translate (x86 virtual addresses, where the upper half of
	 * the space is the top of the 64-bit range). When false, the bits
	 * above must be zero (guest-physical addresses).
	 */
	bool sign_extended;
	/* Whether a leaf may sit at @level > 0 (2M/1G pages where supported). */
	bool (*leaf_allowed)(unsigned int level);
	bool (*is_present)(u64 entry);
	/* For a present entry; entries at level 0 are always leaves. */
	bool (*is_leaf)(u64 entry, unsigned int level);
	u64 (*make_leaf)(paddr_t pa, unsigned int level, u32 flags);
	/*
	 * An entry pointing to the next-level table. Its access bits must be
	 * the most permissive ones, so that the leaf's flags alone decide
	 * what a mapping allows.
	 */
	u64 (*make_table)(paddr_t table);
	/* The leaf's page or the table an entry points to. */
	paddr_t (*entry_addr)(u64 entry, unsigned int level);
	/*
	 * PAGING_* flags of a leaf. make_leaf(entry_addr(e), l, leaf_flags(e))
	 * must give the same mapping as e: huge leaves are split this way.
	 */
	u32 (*leaf_flags)(u64 entry, unsigned int level);
};

struct paging {
	const struct paging_format *fmt;
	struct page_pool *pool; /* where all tables come from */
	paddr_t root;
};

/*
 * Changing live tables: the core does not know the arch, so after
 * paging_map or paging_unmap the caller must flush the TLBs of every CPU
 * that may use these tables (for nested tables: the cell's guest
 * translations) before relying on the change. Until then removed or
 * replaced mappings stay usable through stale TLB entries. Tables that a
 * change frees go back to the pool at once and may be reused for anything,
 * while a CPU may still hold them in its paging-structure caches: the
 * CPUs using the tables must therefore not run from the first change until
 * the flush (the cell is stopped; the hypervisor's own tables are changed
 * only while it is the sole user).
 */

/*
 * Start an empty address space: allocates the root table. 0 or -ENOMEM.
 * On failure @pt is left so that paging_destroy on it does nothing.
 */
int paging_init(struct paging *pt, const struct paging_format *fmt,
		struct page_pool *pool);

/*
 * Map [virt, virt + size) to [pa, pa + size) with @flags (PAGING_*), with
 * the largest leaves the format allows and the alignment of both virt and
 * pa permits. Existing mappings in the range are replaced; a huge leaf that
 * straddles an edge of the range is split so that its part outside keeps
 * its mapping.
 *
 * -EINVAL: size 0, virt/pa/size not page-aligned, either range wraps, virt
 * is out of the tables' reach (or crosses the non-canonical hole of a
 * sign-extended format), pa is beyond what the format can encode, or
 * unknown flags. Nothing has changed then.
 * -ENOMEM: the pool ran out of tables. Then every page of the range is
 * either mapped as requested, still mapped as before, or unmapped; no
 * mapping outside the range has changed and no table is lost (an unmap of
 * the range or paging_destroy gives every table back).
 */
int paging_map(struct paging *pt, u64 virt, paddr_t pa, u64 size, u32 flags);

/*
 * Remove the mappings in [virt, virt + size); unmapped holes in the range
 * are fine. Huge leaves that straddle an edge are split, so their part
 * outside stays mapped; tables left empty are freed (except the root).
 * -EINVAL as for paging_map (for virt and size). -ENOMEM when splitting
 * needed a table the pool did not have: then some of the range may still
 * be mapped as before, but nothing outside it has changed.
 */
int paging_unmap(struct paging *pt, u64 virt, u64 size);

/*
 * Translate @virt. False if it is not mapped (or out of reach). Otherwise
 * *pa (if @pa) is the physical address of that very byte and *flags (if
 * @flags) the mapping's PAGING_* flags as the format reports them.
 */
bool paging_lookup(const struct paging *pt, u64 virt, paddr_t *pa, u32 *flags);

/*
 * Free every table including the root; the mapped memory itself is not
 * touched. Does nothing on a @pt that is already destroyed, whose
 * paging_init failed, or that is all zeroes, so error paths can call it
 * unconditionally.
 */
void paging_destroy(struct paging *pt);

#endif
