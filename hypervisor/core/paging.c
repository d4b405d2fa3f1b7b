// SPDX-License-Identifier: GPL-2.0
/*
 * Generic multi-level page tables (see bh/paging.h).
 *
 * Ranges are handled recursively, one table at a time: a table at @level
 * splits the range into the pieces its entries cover. A piece that covers
 * an entry's whole span with suitably aligned pa becomes a leaf there; any
 * other piece goes one level down into a table below the entry, which is
 * created, or split off an existing huge leaf, as needed. The depth is the
 * number of levels, at most PAGING_MAX_LEVELS.
 *
 * Ranges are carried as [virt, last] with an inclusive last byte, so that
 * a range may end at the very top of the 64-bit space (where the
 * hypervisor itself lives) without its end wrapping to 0.
 */
#include <bh/check.h>
#include <bh/errno.h>
#include <bh/paging.h>
#include <bh/pool.h>

static u64 level_size(unsigned int level)
{
	return BIT(paging_level_shift(level));
}

static unsigned int entry_index(u64 virt, unsigned int level)
{
	return (virt >> paging_level_shift(level)) & (PAGING_ENTRIES - 1);
}

static u64 *table_at(const struct paging *pt, paddr_t table)
{
	return pool_phys_to_virt(pt->pool, table);
}

static bool entry_is_leaf(const struct paging_format *fmt, u64 entry,
			  unsigned int level)
{
	return level == 0 || fmt->is_leaf(entry, level);
}

/* The table a present non-leaf entry at @level points to. */
static u64 *table_below(const struct paging *pt, u64 entry, unsigned int level)
{
	return table_at(pt, pt->fmt->entry_addr(entry, level));
}

/* Number of input address bits the tables translate, e.g. 48. */
static unsigned int input_bits(const struct paging_format *fmt)
{
	return paging_level_shift(fmt->levels);
}

/*
 * The bits of @a above the translated ones, including the top translated
 * bit when the format sign-extends: for an address the tables can reach
 * these are all zeroes (or, sign-extended, all ones).
 */
static u64 high_bits(const struct paging_format *fmt, u64 a)
{
	return a >> (input_bits(fmt) - fmt->sign_extended);
}

static bool in_reach(const struct paging_format *fmt, u64 a)
{
	u64 high = high_bits(fmt, a);

	if (high == 0)
		return true;
	return fmt->sign_extended && high == ~0ull >> (input_bits(fmt) - 1);
}

/*
 * Whether [virt, last] is reachable as one piece: both ends are, and
 * (sign-extended) they are in the same half, so the range does not
 * cross the hole of non-canonical addresses between the halves.
 */
static bool range_in_reach(const struct paging_format *fmt, u64 virt, u64 last)
{
	return in_reach(fmt, virt) && in_reach(fmt, last) &&
	       high_bits(fmt, virt) == high_bits(fmt, last);
}

static int check_range(const struct paging_format *fmt, u64 virt, u64 size)
{
	u64 last = virt + size - 1;

	if (size == 0 || !IS_ALIGNED(virt | size, PAGE_SIZE))
		return -EINVAL;
	if (last < virt)
		return -EINVAL;
	if (!range_in_reach(fmt, virt, last))
		return -EINVAL;
	return 0;
}

/*
 * Whether the format can encode @pa in a leaf: an address with bits
 * beyond the format's physical address width would be silently truncated
 * into a mapping of some other memory.
 */
static bool pa_encodable(const struct paging_format *fmt, u64 pa, u32 flags)
{
	return pa_addr(fmt->entry_addr(fmt->make_leaf(pa_init(pa), 0, flags),
				       0)) == pa;
}

/* Give back the table at @level and every table below it. */
static void free_tables(struct paging *pt, u64 *table, unsigned int level)
{
	const struct paging_format *fmt = pt->fmt;
	unsigned int i;

	for (i = 0; level > 0 && i < PAGING_ENTRIES; i++)
		if (fmt->is_present(table[i]) &&
		    !entry_is_leaf(fmt, table[i], level))
			free_tables(pt, table_below(pt, table[i], level),
				    level - 1);
	pool_free(pt->pool, table, 1);
}

/*
 * Set entry @e at @level to @new. What the entry pointed to before is
 * freed if it was a table; its pages go back to the pool at once, which
 * is why the CPUs using these tables must not run until the caller's TLB
 * flush (see bh/paging.h).
 */
static void replace_entry(struct paging *pt, u64 *e, unsigned int level,
			  u64 new)
{
	u64 old = *e;

	*e = new;
	if (pt->fmt->is_present(old) && !entry_is_leaf(pt->fmt, old, level))
		free_tables(pt, table_below(pt, old, level), level - 1);
}

static bool table_empty(const struct paging_format *fmt, const u64 *table)
{
	unsigned int i;

	for (i = 0; i < PAGING_ENTRIES; i++)
		if (fmt->is_present(table[i]))
			return false;
	return true;
}

/* Free @sub, the table below @e, if it maps nothing any more. */
static void drop_if_empty(struct paging *pt, u64 *e, u64 *sub)
{
	if (table_empty(pt->fmt, sub)) {
		*e = 0;
		pool_free(pt->pool, sub, 1);
	}
}

static int map_in_table(struct paging *pt, u64 *table, unsigned int level,
			u64 virt, u64 last, paddr_t pa, u32 flags);

/*
 * If @sub, the table below @e at @level, maps one contiguous, aligned run
 * with the same flags in every entry, put a single leaf there instead.
 * Without this, a range that was split (unmapped in part) and mapped back
 * would keep its tables: the pool would not return to where it was.
 */
static void merge_if_uniform(struct paging *pt, u64 *e, unsigned int level,
			     u64 *sub)
{
	const struct paging_format *fmt = pt->fmt;
	u64 step = level_size(level - 1), first;
	u32 flags;
	unsigned int i;

	if (!fmt->leaf_allowed(level) || !fmt->is_present(sub[0]) ||
	    !entry_is_leaf(fmt, sub[0], level - 1))
		return;
	first = pa_addr(fmt->entry_addr(sub[0], level - 1));
	flags = fmt->leaf_flags(sub[0], level - 1);
	if (!IS_ALIGNED(first, level_size(level)))
		return;
	for (i = 1; i < PAGING_ENTRIES; i++)
		if (!fmt->is_present(sub[i]) ||
		    !entry_is_leaf(fmt, sub[i], level - 1) ||
		    pa_addr(fmt->entry_addr(sub[i], level - 1)) !=
			    first + i * step ||
		    fmt->leaf_flags(sub[i], level - 1) != flags)
			return;
	replace_entry(pt, e, level,
		      fmt->make_leaf(pa_init(first), level, flags));
}

/*
 * The table below entry @e at @level, for a change to only part of the
 * entry's span: the existing one, a new empty one if the entry is not
 * present, or, if it is a huge leaf, a new one that maps the same as the
 * leaf did, so the part of the span outside the change keeps its mapping.
 * NULL when the pool has no page for it; @e is unchanged then.
 */
static u64 *table_for_change(struct paging *pt, u64 *e, unsigned int level)
{
	const struct paging_format *fmt = pt->fmt;
	u64 *sub;

	/* At level 0 every piece is a whole, aligned page: always a leaf. */
	CHECK(level > 0);
	if (fmt->is_present(*e) && !entry_is_leaf(fmt, *e, level))
		return table_below(pt, *e, level);

	sub = pool_alloc(pt->pool, 1);
	if (!sub)
		return NULL;
	if (fmt->is_present(*e)) {
		/*
		 * Mapping the leaf's whole span into the empty table gives
		 * the largest leaves that fit below. Offsets within the span
		 * stand in for the addresses: the table's indices depend on
		 * nothing else.
		 */
		if (map_in_table(pt, sub, level - 1, 0, level_size(level) - 1,
				 fmt->entry_addr(*e, level),
				 fmt->leaf_flags(*e, level))) {
			free_tables(pt, sub, level - 1);
			return NULL;
		}
	}
	/*
	 * The table is complete before it is linked in, so a concurrent
	 * walker sees either the old leaf or an equivalent table, never a
	 * half-filled one.
	 */
	*e = fmt->make_table(pool_virt_to_phys(pt->pool, sub));
	return sub;
}

/* Map [virt, last] to pa within @table at @level. */
static int map_in_table(struct paging *pt, u64 *table, unsigned int level,
			u64 virt, u64 last, paddr_t pa, u32 flags)
{
	const struct paging_format *fmt = pt->fmt;
	u64 size = level_size(level);

	for (;;) {
		u64 *e = &table[entry_index(virt, level)];
		u64 entry_last = (virt & ~(size - 1)) + (size - 1);
		u64 piece_last = last < entry_last ? last : entry_last;
		bool whole = IS_ALIGNED(virt, size) && piece_last == entry_last;
		u64 *sub;
		int err;

		if (whole && IS_ALIGNED(pa_addr(pa), size) &&
		    (level == 0 || fmt->leaf_allowed(level))) {
			replace_entry(pt, e, level,
				      fmt->make_leaf(pa, level, flags));
		} else {
			sub = table_for_change(pt, e, level);
			if (!sub)
				return -ENOMEM;
			err = map_in_table(pt, sub, level - 1, virt, piece_last,
					   pa, flags);
			if (err) {
				/* A table created just now may hold nothing. */
				drop_if_empty(pt, e, sub);
				return err;
			}
			merge_if_uniform(pt, e, level, sub);
		}

		if (piece_last == last)
			return 0;
		pa = pa_add(pa, piece_last - virt + 1);
		virt = piece_last + 1;
	}
}

/* Unmap [virt, last] within @table at @level. */
static int unmap_in_table(struct paging *pt, u64 *table, unsigned int level,
			  u64 virt, u64 last)
{
	const struct paging_format *fmt = pt->fmt;
	u64 size = level_size(level);

	for (;;) {
		u64 *e = &table[entry_index(virt, level)];
		u64 entry_last = (virt & ~(size - 1)) + (size - 1);
		u64 piece_last = last < entry_last ? last : entry_last;
		bool whole = IS_ALIGNED(virt, size) && piece_last == entry_last;
		u64 *sub;
		int err;

		if (!fmt->is_present(*e)) {
			/* Nothing mapped here: nothing to do. */
		} else if (whole) {
			replace_entry(pt, e, level, 0);
		} else {
			sub = table_for_change(pt, e, level);
			if (!sub)
				return -ENOMEM;
			err = unmap_in_table(pt, sub, level - 1, virt,
					     piece_last);
			/* Even a failed unmap may have emptied the table. */
			drop_if_empty(pt, e, sub);
			if (err)
				return err;
		}

		if (piece_last == last)
			return 0;
		virt = piece_last + 1;
	}
}

int paging_init(struct paging *pt, const struct paging_format *fmt,
		struct page_pool *pool)
{
	u64 *root;

	CHECK(fmt->levels >= 1 && fmt->levels <= PAGING_MAX_LEVELS);
	pt->fmt = NULL;
	pt->pool = pool;
	pt->root = pa_init(0);

	root = pool_alloc(pool, 1);
	if (!root)
		return -ENOMEM;
	pt->fmt = fmt;
	pt->root = pool_virt_to_phys(pool, root);
	return 0;
}

int paging_map(struct paging *pt, u64 virt, paddr_t pa, u64 size, u32 flags)
{
	const struct paging_format *fmt = pt->fmt;
	u64 pa_last = pa_addr(pa) + size - 1;
	int err;

	err = check_range(fmt, virt, size);
	if (err)
		return err;
	if (!IS_ALIGNED(pa_addr(pa), PAGE_SIZE) || pa_last < pa_addr(pa))
		return -EINVAL;
	if (flags & ~PAGING_FLAGS_ALL)
		return -EINVAL;
	/* The format's address bits are contiguous: check both ends. */
	if (!pa_encodable(fmt, pa_addr(pa), flags) ||
	    !pa_encodable(fmt, pa_last & PAGE_MASK, flags))
		return -EINVAL;

	return map_in_table(pt, table_at(pt, pt->root), fmt->levels - 1, virt,
			    virt + size - 1, pa, flags);
}

int paging_unmap(struct paging *pt, u64 virt, u64 size)
{
	int err;

	err = check_range(pt->fmt, virt, size);
	if (err)
		return err;
	return unmap_in_table(pt, table_at(pt, pt->root), pt->fmt->levels - 1,
			      virt, virt + size - 1);
}

bool paging_lookup(const struct paging *pt, u64 virt, paddr_t *pa, u32 *flags)
{
	const struct paging_format *fmt = pt->fmt;
	const u64 *table = table_at(pt, pt->root);
	unsigned int level = fmt->levels - 1;
	u64 e;

	if (!in_reach(fmt, virt))
		return false;
	for (;;) {
		e = table[entry_index(virt, level)];
		if (!fmt->is_present(e))
			return false;
		if (entry_is_leaf(fmt, e, level))
			break;
		table = table_below(pt, e, level);
		level--;
	}

	if (pa)
		*pa = pa_add(fmt->entry_addr(e, level),
			     virt & (level_size(level) - 1));
	if (flags)
		*flags = fmt->leaf_flags(e, level);
	return true;
}

void paging_destroy(struct paging *pt)
{
	if (!pt->fmt)
		return;
	free_tables(pt, table_at(pt, pt->root), pt->fmt->levels - 1);
	pt->fmt = NULL;
	pt->root = pa_init(0);
}
