// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the generic page tables (hypervisor/core/paging.c)
 * run with the real x86 entry formats (hypervisor/arch/x86/paging_x86.c),
 * over a page pool in host memory with a made-up physical base.
 *
 * Besides what paging_lookup says, the tests look at the tables
 * themselves, through the format's own functions: which level each leaf
 * sits at, which bits each entry has, and that the tables reachable from
 * the root are exactly the pool pages in use (no leak, no empty table).
 */
// uses: hypervisor/core/pool.c hypervisor/core/paging.c hypervisor/arch/x86/paging_x86.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <bh/errno.h>
#include <bh/paging.h>
#include <bh/pool.h>
#include "../../hypervisor/arch/x86/include/asm/paging_x86.h"
#include "fake.h"

#define PHYS_BASE 0x40000000ull
#define POOL_PAGES 2048

#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull
#define SZ_512G 0x8000000000ull

#define RW (PAGING_READ | PAGING_WRITE)
#define RX (PAGING_READ | PAGING_EXEC)
#define RWX (PAGING_READ | PAGING_WRITE | PAGING_EXEC)

struct env {
	void *mem;
	struct page_pool pool;
	u64 start; /* pool pages in use before any table */
	struct paging pt;
};

static int setup(void **state)
{
	struct env *env = calloc(1, sizeof(*env));

	assert_non_null(env);
	env->mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(env->mem);
	/* Junk, so tables that were not zeroed would show. */
	memset(env->mem, 0x5a, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(pool_init(&env->pool, env->mem, pa_init(PHYS_BASE),
				   POOL_PAGES),
			 0);
	env->start = env->pool.used;
	*state = env;
	return 0;
}

static int teardown(void **state)
{
	struct env *env = *state;

	free(env->mem);
	free(env);
	return 0;
}

static struct paging *init_pt(struct env *env, const struct paging_format *fmt)
{
	assert_int_equal(paging_init(&env->pt, fmt, &env->pool), 0);
	assert_int_equal(env->pool.used, env->start + 1);
	return &env->pt;
}

static const u64 *table_of(const struct paging *pt, u64 entry,
			   unsigned int level)
{
	return pool_phys_to_virt(pt->pool, pt->fmt->entry_addr(entry, level));
}

static bool is_leaf(const struct paging *pt, u64 entry, unsigned int level)
{
	return level == 0 || pt->fmt->is_leaf(entry, level);
}

/*
 * The entries a walk for @virt reads, root first, up to the leaf or the
 * first entry that is not present. Returns how many; @levels gets each
 * one's level.
 */
static unsigned int walk(const struct paging *pt, u64 virt, u64 *entries,
			 unsigned int *levels)
{
	const u64 *table = pool_phys_to_virt(pt->pool, pt->root);
	unsigned int level = pt->fmt->levels - 1, n = 0;

	for (;;) {
		u64 e = table[(virt >> paging_level_shift(level)) & 511];

		entries[n] = e;
		levels[n++] = level;
		if (!pt->fmt->is_present(e) || is_leaf(pt, e, level))
			return n;
		table = table_of(pt, e, level);
		level--;
	}
}

/* Level of the leaf that maps @virt, or -1. */
static int leaf_level(const struct paging *pt, u64 virt)
{
	u64 entries[PAGING_MAX_LEVELS];
	unsigned int levels[PAGING_MAX_LEVELS];
	unsigned int n = walk(pt, virt, entries, levels);

	if (!pt->fmt->is_present(entries[n - 1]))
		return -1;
	return (int)levels[n - 1];
}

struct census {
	u64 tables;
	u64 empty; /* tables other than the root that map nothing */
	u64 leaves[PAGING_MAX_LEVELS];
};

static void census_table(const struct paging *pt, const u64 *table,
			 unsigned int level, bool root, struct census *c)
{
	bool any = false;
	unsigned int i;

	c->tables++;
	for (i = 0; i < 512; i++) {
		u64 e = table[i];

		if (!pt->fmt->is_present(e))
			continue;
		any = true;
		if (is_leaf(pt, e, level))
			c->leaves[level]++;
		else
			census_table(pt, table_of(pt, e, level), level - 1,
				     false, c);
	}
	if (!root && !any)
		c->empty++;
}

static struct census take_census(const struct paging *pt)
{
	struct census c = { 0 };

	census_table(pt, pool_phys_to_virt(pt->pool, pt->root),
		     pt->fmt->levels - 1, true, &c);
	return c;
}

/*
 * The tables reachable from the root are exactly the pool pages handed
 * out since setup: none leaked, none freed while still linked; and no
 * table but the root is left empty.
 */
static void assert_tables_consistent(const struct env *env)
{
	struct census c = take_census(&env->pt);

	assert_int_equal(c.tables, env->pool.used - env->start);
	assert_int_equal(c.empty, 0);
}

static void assert_maps(const struct paging *pt, u64 virt, u64 pa, u32 flags)
{
	paddr_t got;
	u32 got_flags;

	if (!paging_lookup(pt, virt, &got, &got_flags))
		fail_msg("0x%llx not mapped", (unsigned long long)virt);
	assert_int_equal(pa_addr(got), pa);
	assert_int_equal(got_flags, flags);
}

static void assert_unmapped(const struct paging *pt, u64 virt)
{
	if (paging_lookup(pt, virt, NULL, NULL))
		fail_msg("0x%llx mapped", (unsigned long long)virt);
}

static void test_map_4k(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);

	assert_int_equal(
		paging_map(pt, 0x1000, pa_init(0x123456000), SZ_4K, RW), 0);
	assert_int_equal(leaf_level(pt, 0x1000), 0);
	/* Root, PDPT, PD and PT. */
	assert_int_equal(env->pool.used, env->start + 4);
	assert_tables_consistent(env);

	assert_maps(pt, 0x1000, 0x123456000, RW);
	assert_maps(pt, 0x1abc, 0x123456abc, RW);
	assert_maps(pt, 0x1fff, 0x123456fff, RW);
	assert_unmapped(pt, 0x0fff);
	assert_unmapped(pt, 0x2000);
	assert_unmapped(pt, SZ_1G + 0x1000);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_map_2m(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);

	assert_int_equal(paging_map(pt, SZ_2M, pa_init(0x80000000), SZ_2M, RX),
			 0);
	assert_int_equal(leaf_level(pt, SZ_2M), 1);
	assert_int_equal(leaf_level(pt, 2 * SZ_2M - 1), 1);
	assert_int_equal(env->pool.used, env->start + 3);
	assert_tables_consistent(env);

	assert_maps(pt, SZ_2M, 0x80000000, RX);
	assert_maps(pt, SZ_2M + 0x12345, 0x80012345, RX);
	assert_maps(pt, 2 * SZ_2M - 1, 0x80000000 + SZ_2M - 1, RX);
	assert_unmapped(pt, SZ_2M - 1);
	assert_unmapped(pt, 2 * SZ_2M);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_map_1g(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);

	assert_int_equal(paging_map(pt, SZ_1G, pa_init(3 * SZ_1G), SZ_1G, RWX),
			 0);
	assert_int_equal(leaf_level(pt, SZ_1G), 2);
	assert_int_equal(env->pool.used, env->start + 2);
	assert_tables_consistent(env);

	assert_maps(pt, SZ_1G, 3 * SZ_1G, RWX);
	assert_maps(pt, SZ_1G + 0x2345678, 3 * SZ_1G + 0x2345678, RWX);
	assert_maps(pt, 2 * SZ_1G - 1, 4 * SZ_1G - 1, RWX);
	assert_unmapped(pt, SZ_1G - 1);
	assert_unmapped(pt, 2 * SZ_1G);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

/* A range whose ends need small pages and whose middle fits huge ones. */
static void test_mixed_leaf_sizes(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_npt_paging);
	const u64 virt = SZ_1G - 2 * SZ_4K;
	const u64 size = SZ_1G + SZ_2M + 3 * SZ_4K;
	/* Congruent to virt modulo 1G, so alignment follows virt's. */
	const u64 delta = 4 * SZ_1G;
	const u32 flags = RW | PAGING_USER;
	struct census c;
	u64 off;

	assert_int_equal(paging_map(pt, virt, pa_init(virt + delta), size, RW),
			 0);
	assert_int_equal(leaf_level(pt, SZ_1G - 2 * SZ_4K), 0);
	assert_int_equal(leaf_level(pt, SZ_1G - SZ_4K), 0);
	assert_int_equal(leaf_level(pt, SZ_1G), 2);
	assert_int_equal(leaf_level(pt, 2 * SZ_1G), 1);
	assert_int_equal(leaf_level(pt, 2 * SZ_1G + SZ_2M), 0);
	c = take_census(pt);
	assert_int_equal(c.leaves[0], 3);
	assert_int_equal(c.leaves[1], 1);
	assert_int_equal(c.leaves[2], 1);
	assert_tables_consistent(env);

	/* Many offsets, none a multiple of anything in particular. */
	for (off = 0; off < size; off += 0x1f3 * SZ_4K + 0x123)
		assert_maps(pt, virt + off, virt + off + delta, flags);
	assert_maps(pt, virt + size - 1, virt + size - 1 + delta, flags);
	assert_unmapped(pt, virt - 1);
	assert_unmapped(pt, virt + size);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

/* Huge leaves need pa aligned as well as virt. */
static void test_pa_alignment_limits_leaf_size(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);
	struct census c;
	u64 off;

	/* virt 2M-aligned, pa only 4K-aligned: 4K leaves only. */
	assert_int_equal(
		paging_map(pt, SZ_2M, pa_init(0x12345000), 2 * SZ_2M, RW), 0);
	c = take_census(pt);
	assert_int_equal(c.leaves[0], 1024);
	assert_int_equal(c.leaves[1], 0);
	for (off = 0; off < 2 * SZ_2M; off += 0x7f000 + 0x3)
		assert_maps(pt, SZ_2M + off, 0x12345000 + off, RW);

	/* virt 1G-aligned, pa 2M- but not 1G-aligned: 2M leaves. */
	assert_int_equal(paging_map(pt, 4 * SZ_1G, pa_init(SZ_1G + SZ_2M),
				    SZ_1G, RW),
			 0);
	c = take_census(pt);
	assert_int_equal(c.leaves[1], 512);
	assert_int_equal(c.leaves[2], 0);
	assert_maps(pt, 5 * SZ_1G - 1, 2 * SZ_1G + SZ_2M - 1, RW);
	assert_tables_consistent(env);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_invalid_arguments(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_npt_paging);
	struct paging host;
	u64 used;

	assert_int_equal(paging_map(pt, 0, pa_init(0x100000), SZ_2M, RW), 0);
	used = env->pool.used;

	/* Misalignment of any of the three. */
	assert_int_equal(paging_map(pt, 0x1800, pa_init(0), SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(0x10), SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(0), 0x1001, RW),
			 -EINVAL);
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(0), 0, RW), -EINVAL);
	/* Unknown flags. */
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(0), SZ_4K, BIT(9)),
			 -EINVAL);
	/* Wrapping ranges. */
	assert_int_equal(paging_map(pt, 0xfffffffffffff000ull, pa_init(0),
				    2 * SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(0xfffffffffffff000ull),
				    2 * SZ_4K, RW),
			 -EINVAL);
	/* Guest-physical beyond the 48 bits four levels reach. */
	assert_int_equal(paging_map(pt, 1ull << 48, pa_init(0), SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(pt, (1ull << 48) - SZ_4K, pa_init(0),
				    2 * SZ_4K, RW),
			 -EINVAL);
	/* Physical addresses beyond the 52 bits an entry holds. */
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(1ull << 52), SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(pt, SZ_1G, pa_init((1ull << 52) - SZ_4K),
				    2 * SZ_4K, RW),
			 -EINVAL);
	/* The same checks for unmap. */
	assert_int_equal(paging_unmap(pt, 0x800, SZ_4K), -EINVAL);
	assert_int_equal(paging_unmap(pt, 0, 0x800), -EINVAL);
	assert_int_equal(paging_unmap(pt, 0, 0), -EINVAL);
	assert_int_equal(paging_unmap(pt, 0xfffffffffffff000ull, 2 * SZ_4K),
			 -EINVAL);
	assert_int_equal(paging_unmap(pt, 1ull << 48, SZ_4K), -EINVAL);
	/* Out of reach is simply not mapped. */
	assert_false(paging_lookup(pt, 1ull << 48, NULL, NULL));
	assert_false(paging_lookup(pt, 0xffffffff80000000ull, NULL, NULL));

	/* Nothing above changed anything. */
	assert_int_equal(env->pool.used, used);
	assert_maps(pt, 0x1234, 0x101234, RW | PAGING_USER);
	assert_tables_consistent(env);

	/* The top guest-physical page is fine. */
	assert_int_equal(paging_map(pt, (1ull << 48) - SZ_4K,
				    pa_init((1ull << 52) - SZ_4K), SZ_4K, RW),
			 0);
	assert_maps(pt, (1ull << 48) - 1, (1ull << 52) - 1, RW | PAGING_USER);
	paging_destroy(pt);

	/* Host tables: non-canonical addresses and the hole between halves. */
	assert_int_equal(paging_init(&host, &x86_host_paging, &env->pool), 0);
	used = env->pool.used;
	assert_int_equal(paging_map(&host, 0x0000800000000000ull, pa_init(0),
				    SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(&host, 0xffff7ffffffff000ull, pa_init(0),
				    SZ_4K, RW),
			 -EINVAL);
	assert_int_equal(paging_map(&host, 0x00007ffffffff000ull, pa_init(0),
				    0xffff000000002000ull, RW),
			 -EINVAL);
	assert_int_equal(paging_unmap(&host, 0x00007ffffffff000ull,
				      0xffff000000002000ull),
			 -EINVAL);
	assert_false(paging_lookup(&host, 0x0000800000000000ull, NULL, NULL));
	assert_int_equal(env->pool.used, used);
	paging_destroy(&host);
	assert_int_equal(env->pool.used, env->start);
}

/* The hypervisor lives at the top of the space: sign-extended addresses. */
static void test_host_upper_half(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);
	const u64 image = 0xffffffff80000000ull;
	const u64 top = 0xfffffffffffff000ull;

	assert_int_equal(
		paging_map(pt, image, pa_init(0x3000000), 8 * SZ_2M, RWX), 0);
	assert_int_equal(leaf_level(pt, image), 1);
	assert_maps(pt, image + 0x123456, 0x3123456, RWX);
	/* Its alias with the same index bits is non-canonical: no address. */
	assert_unmapped(pt, image & 0x0000ffffffffffffull);

	/* A range that ends at the very last byte of the 64-bit space. */
	assert_int_equal(paging_map(pt, top, pa_init(0xfee00000), SZ_4K,
				    RW | PAGING_DEVICE),
			 0);
	assert_maps(pt, 0xffffffffffffffffull, 0xfee00fff, RW | PAGING_DEVICE);
	assert_tables_consistent(env);

	assert_int_equal(paging_unmap(pt, top, SZ_4K), 0);
	assert_unmapped(pt, top);
	assert_int_equal(paging_unmap(pt, image, 8 * SZ_2M), 0);
	assert_int_equal(env->pool.used, env->start + 1);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_remap_replaces(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);
	const u64 virt = 4 * SZ_2M;
	u64 used, off;

	assert_int_equal(paging_map(pt, virt, pa_init(0x80000000), SZ_2M, RW),
			 0);
	used = env->pool.used;

	/* One page inside the 2M leaf, elsewhere and with other flags. */
	assert_int_equal(paging_map(pt, virt + 2 * SZ_4K, pa_init(0x7000000),
				    SZ_4K, RX),
			 0);
	assert_int_equal(env->pool.used, used + 1);
	assert_int_equal(leaf_level(pt, virt), 0);
	assert_maps(pt, virt + 2 * SZ_4K + 0x10, 0x7000010, RX);
	for (off = 0; off < SZ_2M; off += SZ_4K)
		if (off != 2 * SZ_4K)
			assert_maps(pt, virt + off + 0x8, 0x80000008 + off, RW);
	assert_tables_consistent(env);

	/* The whole 2M again: back to one leaf, the page table freed. */
	assert_int_equal(paging_map(pt, virt, pa_init(0xc0000000), SZ_2M, RWX),
			 0);
	assert_int_equal(leaf_level(pt, virt), 1);
	assert_int_equal(env->pool.used, used);
	assert_maps(pt, virt + 2 * SZ_4K, 0xc0002000, RWX);

	/* 1G of 4K leaves, then the same 1G as one leaf: 513 tables go. */
	assert_int_equal(paging_map(pt, 8 * SZ_1G, pa_init(0x1000), SZ_1G, RW),
			 0);
	assert_int_equal(env->pool.used, used + 1 + 512);
	assert_int_equal(
		paging_map(pt, 8 * SZ_1G, pa_init(2 * SZ_1G), SZ_1G, RW), 0);
	assert_int_equal(leaf_level(pt, 8 * SZ_1G + 0x5000), 2);
	assert_maps(pt, 8 * SZ_1G + 0x5000, 2 * SZ_1G + 0x5000, RW);
	/* Only the PDPT the first mapping had already is still needed. */
	assert_int_equal(env->pool.used, used);
	assert_tables_consistent(env);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_unmap_hole_in_1g_leaf(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);
	const u64 virt = SZ_1G, pa = 5 * SZ_1G;
	const u64 hole = virt + 3 * SZ_2M / 2 + SZ_4K; /* in the 2nd 2M */
	u32 flags;
	u64 off;

	assert_int_equal(paging_map(pt, virt, pa_init(pa), SZ_1G,
				    RWX | PAGING_DEVICE),
			 0);
	assert_true(paging_lookup(pt, virt, NULL, &flags));
	assert_int_equal(env->pool.used, env->start + 2);

	assert_int_equal(paging_unmap(pt, hole, 2 * SZ_4K), 0);
	/* The 1G leaf became 2M leaves, one of them 4K leaves. */
	assert_int_equal(env->pool.used, env->start + 4);
	assert_int_equal(leaf_level(pt, virt), 1);
	assert_int_equal(leaf_level(pt, hole - SZ_4K), 0);
	assert_int_equal(leaf_level(pt, hole + 2 * SZ_4K), 0);
	assert_int_equal(leaf_level(pt, virt + 2 * SZ_2M), 1);
	assert_int_equal(leaf_level(pt, virt + SZ_1G - 1), 1);
	assert_int_equal(leaf_level(pt, hole), -1);

	/* Every page of the split 2M, with the flags the 1G leaf had. */
	for (off = SZ_2M; off < 2 * SZ_2M; off += SZ_4K) {
		if (virt + off == hole || virt + off == hole + SZ_4K) {
			assert_unmapped(pt, virt + off);
			assert_unmapped(pt, virt + off + SZ_4K - 1);
		} else {
			assert_maps(pt, virt + off + 0x321, pa + off + 0x321,
				    flags);
		}
	}
	/* Right around the hole and across the rest of the gigabyte. */
	assert_maps(pt, hole - 1, pa + (hole - virt) - 1, flags);
	assert_maps(pt, hole + 2 * SZ_4K, pa + (hole - virt) + 2 * SZ_4K,
		    flags);
	for (off = 0; off < SZ_1G; off += 0x3ffff3)
		if (virt + off < hole || virt + off >= hole + 2 * SZ_4K)
			assert_maps(pt, virt + off, pa + off, flags);
	assert_maps(pt, virt + SZ_1G - 1, pa + SZ_1G - 1, flags);
	assert_tables_consistent(env);

	/* Taking out the rest frees every table but the root. */
	assert_int_equal(paging_unmap(pt, virt, hole - virt), 0);
	assert_int_equal(
		paging_unmap(pt, hole + SZ_4K, virt + SZ_1G - hole - SZ_4K), 0);
	assert_int_equal(env->pool.used, env->start + 1);
	assert_unmapped(pt, virt + SZ_1G - 1);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

/*
 * A hole punched into a huge leaf and mapped back as it was merges into
 * huge leaves again, so cell create/destroy cycles do not grow the pool.
 */
static void test_remap_hole_merges_back(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_npt_paging);
	const u64 virt = SZ_1G, pa = 5 * SZ_1G, hole = virt + SZ_2M + SZ_4K;
	const u32 flags = RWX | PAGING_USER;

	assert_int_equal(paging_map(pt, virt, pa_init(pa), SZ_1G, flags), 0);
	assert_int_equal(env->pool.used, env->start + 2);
	assert_int_equal(paging_unmap(pt, hole, (256 * SZ_4K)), 0);
	assert_int_equal(env->pool.used, env->start + 4);
	assert_int_equal(paging_map(pt, hole, pa_init(pa + (hole - virt)),
				    (256 * SZ_4K), flags),
			 0);
	assert_int_equal(leaf_level(pt, hole), 2);
	assert_int_equal(env->pool.used, env->start + 2);
	assert_maps(pt, hole + 0x123, pa + (hole - virt) + 0x123, flags);

	/* different flags in the hole: no merge */
	assert_int_equal(paging_map(pt, hole, pa_init(pa + (hole - virt)),
				    SZ_4K, RW | PAGING_USER),
			 0);
	assert_int_equal(leaf_level(pt, hole), 0);
	assert_int_equal(leaf_level(pt, virt), 1);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void map_assorted(struct paging *pt)
{
	assert_int_equal(paging_map(pt, 0x1000, pa_init(0x1000), 0x5000, RW),
			 0);
	assert_int_equal(paging_map(pt, 3 * SZ_2M - SZ_4K, pa_init(0x9000000),
				    SZ_1G + SZ_2M, RX),
			 0);
	assert_int_equal(paging_map(pt, 3 * SZ_1G, pa_init(7 * SZ_1G),
				    2 * SZ_1G + 5 * SZ_4K, RWX),
			 0);
	assert_int_equal(paging_map(pt, 3 * SZ_512G + 0x77000,
				    pa_init(0x1234000), SZ_4K, RW),
			 0);
}

static void test_unmap_everything_frees_tables(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_npt_paging);
	u64 after_init = env->pool.used;

	map_assorted(pt);
	assert_true(env->pool.used > after_init + 4);
	assert_tables_consistent(env);

	/* Unmapping what is not mapped is fine and changes nothing. */
	assert_int_equal(paging_unmap(pt, 100 * SZ_512G, SZ_1G), 0);
	assert_tables_consistent(env);

	/* One range over all of it, holes included. */
	assert_int_equal(paging_unmap(pt, 0, 4 * SZ_512G), 0);
	assert_int_equal(env->pool.used, after_init);
	assert_unmapped(pt, 0x1000);
	assert_unmapped(pt, 3 * SZ_1G);

	/* Again, now in small pieces from the top down. */
	map_assorted(pt);
	for (u64 v = 4 * SZ_512G; v > 0; v -= SZ_512G) {
		u64 base = v - SZ_512G;

		assert_int_equal(
			paging_unmap(pt, base + SZ_1G, SZ_512G - SZ_1G), 0);
		assert_int_equal(paging_unmap(pt, base + SZ_2M, SZ_1G - SZ_2M),
				 0);
		assert_int_equal(paging_unmap(pt, base, SZ_2M), 0);
		assert_tables_consistent(env);
	}
	assert_int_equal(env->pool.used, after_init);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_destroy_returns_pool(void **state)
{
	struct env *env = *state;
	struct paging *pt = init_pt(env, &x86_host_paging);
	struct paging zeroed = { 0 };

	map_assorted(pt);
	/* Split some huge leaves too. */
	assert_int_equal(paging_unmap(pt, 3 * SZ_1G + 0x5000, SZ_4K), 0);
	assert_true(env->pool.used > env->start + 4);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);

	/* Twice, or on something never set up, does nothing. */
	paging_destroy(pt);
	paging_destroy(&zeroed);
	assert_int_equal(env->pool.used, env->start);
}

/* Pool pages taken away to leave a test only a few. */
struct filler {
	void *pages;
	u64 num;
};

/* Leave only @budget free pages in the pool by allocating the rest. */
static struct filler squeeze(struct env *env, u64 budget)
{
	struct filler f = { NULL, env->pool.pages - env->pool.used - budget };

	if (f.num) {
		f.pages = pool_alloc(&env->pool, f.num);
		assert_non_null(f.pages);
	}
	return f;
}

static void unsqueeze(struct env *env, struct filler f)
{
	if (f.num)
		pool_free(&env->pool, f.pages, f.num);
}

/*
 * Every page of [virt, virt + size) is mapped as @old (or unmapped if @old
 * is ~0) or as @new, and nothing else.
 */
static void assert_old_or_new(const struct paging *pt, u64 virt, u64 size,
			      u64 old, u64 new, u32 flags)
{
	u64 off;
	paddr_t pa;
	u32 f;

	for (off = 0; off < size; off += SZ_4K) {
		if (!paging_lookup(pt, virt + off, &pa, &f)) {
			assert_true(old == ~0ull);
			continue;
		}
		assert_int_equal(f, flags);
		if (pa_addr(pa) != old + off)
			assert_int_equal(pa_addr(pa), new + off);
	}
}

static void test_enomem_keeps_pool_consistent(void **state)
{
	struct env *env = *state;
	const u64 virt = SZ_2M - SZ_4K, size = 3 * SZ_2M + 2 * SZ_4K;
	u64 budget, used;
	struct filler filler;
	int err = -ENOMEM;

	/*
	 * A fresh map of a range that needs 7 tables below the root: PDPT,
	 * PD and five page tables (pa does not allow 2M leaves).
	 */
	for (budget = 0; err; budget++) {
		struct paging *pt = init_pt(env, &x86_host_paging);

		used = env->pool.used;
		filler = squeeze(env, budget);
		err = paging_map(pt, virt, pa_init(0x20001000), size, RW);
		if (err) {
			assert_int_equal(err, -ENOMEM);
			assert_true(budget < 7);
		} else {
			assert_int_equal(budget, 7);
		}
		unsqueeze(env, filler);
		assert_old_or_new(pt, virt, size, ~0ull, 0x20001000, RW);
		assert_tables_consistent(env);
		assert_true(env->pool.used <= used + budget);
		paging_destroy(pt);
		assert_int_equal(env->pool.used, env->start);
	}

	/* paging_init itself. */
	filler = squeeze(env, 0);
	assert_int_equal(paging_init(&env->pt, &x86_host_paging, &env->pool),
			 -ENOMEM);
	paging_destroy(&env->pt);
	unsqueeze(env, filler);
	assert_int_equal(env->pool.used, env->start);
}

/* Remapping into a huge leaf with too few pages to split it. */
static void test_enomem_remap_inside_huge_leaf(void **state)
{
	struct env *env = *state;
	const u64 virt = SZ_1G, old = 6 * SZ_1G, new = 0x10000000;
	const u64 sub = virt + SZ_2M + 0x3000, size = 0x5000;
	u64 budget;
	struct filler filler;
	int err = -ENOMEM;

	for (budget = 0; err; budget++) {
		struct paging *pt = init_pt(env, &x86_host_paging);

		assert_int_equal(paging_map(pt, virt, pa_init(old), SZ_1G, RW),
				 0);
		filler = squeeze(env, budget);
		err = paging_map(pt, sub, pa_init(new), size, RW);
		if (err)
			assert_int_equal(err, -ENOMEM);
		unsqueeze(env, filler);

		/* Inside: old or new, page by page; outside: untouched. */
		assert_old_or_new(pt, sub, size, old + (sub - virt), new, RW);
		assert_old_or_new(pt, virt, sub - virt, old, old, RW);
		assert_old_or_new(pt, sub + size, virt + SZ_1G - sub - size,
				  old + (sub + size - virt),
				  old + (sub + size - virt), RW);
		assert_tables_consistent(env);
		if (!err)
			assert_int_equal(budget, 2);
		paging_destroy(pt);
		assert_int_equal(env->pool.used, env->start);
	}
}

/* Unmapping a hole may need tables too. */
static void test_enomem_unmap_split(void **state)
{
	struct env *env = *state;
	const u64 virt = SZ_1G, pa = 6 * SZ_1G, hole = virt + 0x345000;
	u64 budget;
	struct filler filler;
	int err = -ENOMEM;

	for (budget = 0; err; budget++) {
		struct paging *pt = init_pt(env, &x86_npt_paging);

		assert_int_equal(paging_map(pt, virt, pa_init(pa), SZ_1G, RW),
				 0);
		filler = squeeze(env, budget);
		err = paging_unmap(pt, hole, SZ_4K);
		unsqueeze(env, filler);
		if (err) {
			assert_int_equal(err, -ENOMEM);
			/* A failed split left the page as it was. */
			assert_maps(pt, hole, pa + (hole - virt),
				    RW | PAGING_USER);
		} else {
			assert_int_equal(budget, 2);
			assert_unmapped(pt, hole);
		}
		assert_maps(pt, hole - 1, pa + (hole - virt) - 1,
			    RW | PAGING_USER);
		assert_maps(pt, hole + SZ_4K, pa + (hole - virt) + SZ_4K,
			    RW | PAGING_USER);
		assert_tables_consistent(env);
		paging_destroy(pt);
		assert_int_equal(env->pool.used, env->start);
	}
}

/* Checks one entry of a walk against what the format promises. */
static void check_x86_entry(u64 e, unsigned int level, bool leaf, bool npt,
			    u32 flags)
{
	assert_true(e & X86_PTE_PRESENT);
	if (npt)
		assert_true(e & X86_PTE_US);
	else
		assert_false(e & X86_PTE_US);
	if (!leaf) {
		/* Table pointers allow everything; the leaf decides. */
		assert_true(e & X86_PTE_RW);
		assert_false(e & X86_PTE_NX);
		assert_false(e & (X86_PTE_PCD | X86_PTE_PWT));
		assert_false(e & X86_PTE_PS);
		return;
	}
	assert_int_equal(!!(e & X86_PTE_RW), !!(flags & PAGING_WRITE));
	assert_int_equal(!!(e & X86_PTE_NX), !(flags & PAGING_EXEC));
	assert_int_equal(!!(e & X86_PTE_PCD), !!(flags & PAGING_DEVICE));
	assert_int_equal(!!(e & X86_PTE_PWT), !!(flags & PAGING_DEVICE));
	if (level > 0) {
		assert_true(e & X86_PTE_PS);
		/* Nothing below the page size: bit 12 would be PAT. */
		assert_int_equal(e & X86_PTE_ADDR_MASK &
					 (BIT(paging_level_shift(level)) - 1),
				 0);
	}
}

static void check_format_bits(struct env *env, const struct paging_format *fmt,
			      bool npt)
{
	static const struct {
		u64 virt, pa, size;
		u32 flags;
		int level;
	} maps[] = {
		{ 0x7000, 0x123456000, SZ_4K, RW, 0 },
		{ 0x8000, 0xabc000, SZ_4K, PAGING_READ, 0 },
		{ 0x9000, 0xfee00000, SZ_4K, RW | PAGING_DEVICE, 0 },
		{ 5 * SZ_2M, 0x40000000, SZ_2M, RX, 1 },
		{ 7 * SZ_2M, 0x80000000, SZ_2M, RWX | PAGING_DEVICE, 1 },
		{ 9 * SZ_1G, 0xfff00000000, SZ_1G, RWX, 2 },
		{ 10 * SZ_1G, SZ_1G, SZ_1G, RW | PAGING_USER, 2 },
	};
	struct paging *pt = init_pt(env, fmt);
	unsigned int i, j, n, levels[PAGING_MAX_LEVELS];
	u64 entries[PAGING_MAX_LEVELS];

	for (i = 0; i < ARRAY_SIZE(maps); i++)
		assert_int_equal(paging_map(pt, maps[i].virt,
					    pa_init(maps[i].pa), maps[i].size,
					    maps[i].flags),
				 0);
	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		u32 expect = (maps[i].flags | PAGING_READ) & ~PAGING_USER;

		if (npt)
			expect |= PAGING_USER;
		n = walk(pt, maps[i].virt, entries, levels);
		assert_int_equal(n, 4 - maps[i].level);
		assert_int_equal(levels[n - 1], maps[i].level);
		for (j = 0; j < n; j++)
			check_x86_entry(entries[j], levels[j], j == n - 1, npt,
					maps[i].flags);
		assert_int_equal(
			pa_addr(fmt->entry_addr(entries[n - 1], levels[n - 1])),
			maps[i].pa);
		assert_maps(pt, maps[i].virt + maps[i].size - 1,
			    maps[i].pa + maps[i].size - 1, expect);
	}

	/* Split leaves inherit the bits, US included. */
	assert_int_equal(paging_unmap(pt, 7 * SZ_2M + SZ_4K, SZ_4K), 0);
	assert_int_equal(paging_unmap(pt, 9 * SZ_1G + SZ_2M + SZ_4K, SZ_4K), 0);
	n = walk(pt, 7 * SZ_2M, entries, levels);
	assert_int_equal(levels[n - 1], 0);
	for (j = 0; j < n; j++)
		check_x86_entry(entries[j], levels[j], j == n - 1, npt,
				RWX | PAGING_DEVICE);
	n = walk(pt, 9 * SZ_1G, entries, levels);
	assert_int_equal(levels[n - 1], 1);
	for (j = 0; j < n; j++)
		check_x86_entry(entries[j], levels[j], j == n - 1, npt, RWX);
	n = walk(pt, 9 * SZ_1G + SZ_2M, entries, levels);
	assert_int_equal(levels[n - 1], 0);
	for (j = 0; j < n; j++)
		check_x86_entry(entries[j], levels[j], j == n - 1, npt, RWX);
	assert_tables_consistent(env);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_npt_format_bits(void **state)
{
	check_format_bits(*state, &x86_npt_paging, true);
}

static void test_host_format_bits(void **state)
{
	check_format_bits(*state, &x86_host_paging, false);
}

/*
 * One leaf made by @fmt: what it reports back, and that making it again
 * from what it reports gives the same entry (splitting relies on that).
 */
static void check_leaf(const struct paging_format *fmt, bool npt, u64 pa,
		       unsigned int level, u32 flags)
{
	u64 e = fmt->make_leaf(pa_init(pa), level, flags);
	u32 expect = flags | PAGING_READ;
	paddr_t got_pa;
	u32 got_flags;

	/* x86 cannot express unreadable pages; US is the format's choice. */
	expect = npt ? expect | PAGING_USER : expect & ~PAGING_USER;
	assert_true(fmt->is_present(e));
	assert_true(fmt->is_leaf(e, level));
	got_pa = fmt->entry_addr(e, level);
	got_flags = fmt->leaf_flags(e, level);
	assert_int_equal(pa_addr(got_pa), pa);
	assert_int_equal(got_flags, expect);
	assert_int_equal(fmt->make_leaf(got_pa, level, got_flags), e);
}

/* The format functions on their own, for every level and flag set. */
static void test_format_round_trip(void **state)
{
	/* The highest 1G-aligned address with 52 physical address bits. */
	const u64 pa = 0x000fffffc0000000ull;
	const u64 table_pa = 0x000ffffffffff000ull;
	unsigned int npt, level;
	u32 flags;

	(void)state;
	for (npt = 0; npt < 2; npt++) {
		const struct paging_format *fmt = npt ? &x86_npt_paging :
							&x86_host_paging;
		u64 t = fmt->make_table(pa_init(table_pa));

		assert_int_equal(fmt->levels, 4);
		assert_true(fmt->leaf_allowed(1));
		assert_true(fmt->leaf_allowed(2));
		assert_false(fmt->leaf_allowed(3));

		assert_false(fmt->is_present(0));
		assert_true(fmt->is_present(t));
		for (level = 1; level < 4; level++) {
			assert_false(fmt->is_leaf(t, level));
			assert_int_equal(pa_addr(fmt->entry_addr(t, level)),
					 table_pa);
		}
		for (level = 0; level < 3; level++)
			for (flags = 0; flags <= PAGING_FLAGS_ALL; flags++)
				check_leaf(fmt, npt, pa, level, flags);
	}
}

/*
 * A format with 1G but no 2M leaves: splitting a 1G leaf must then go down
 * to 4K leaves under new page tables.
 */
static bool leaf_1g_only(unsigned int level)
{
	return level == 0 || level == 2;
}

static void test_split_without_middle_leaves(void **state)
{
	struct env *env = *state;
	struct paging_format fmt = x86_host_paging;
	struct paging *pt;
	struct census c;
	u64 off;

	fmt.leaf_allowed = leaf_1g_only;
	pt = init_pt(env, &fmt);
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(2 * SZ_1G), SZ_1G, RW),
			 0);
	assert_int_equal(leaf_level(pt, SZ_1G), 2);

	assert_int_equal(paging_unmap(pt, SZ_1G + SZ_2M, SZ_4K), 0);
	c = take_census(pt);
	assert_int_equal(c.leaves[2], 0);
	assert_int_equal(c.leaves[1], 0);
	assert_int_equal(c.leaves[0], 512 * 512 - 1);
	assert_int_equal(env->pool.used, env->start + 3 + 512);
	assert_tables_consistent(env);
	assert_unmapped(pt, SZ_1G + SZ_2M);
	for (off = 0; off < SZ_1G; off += 0x1ff3f1)
		if (off < SZ_2M || off >= SZ_2M + SZ_4K)
			assert_maps(pt, SZ_1G + off, 2 * SZ_1G + off, RW);

	/* Filling the hole and remapping the whole: one leaf again. */
	assert_int_equal(paging_map(pt, SZ_1G, pa_init(2 * SZ_1G), SZ_1G, RW),
			 0);
	assert_int_equal(env->pool.used, env->start + 2);
	paging_destroy(pt);
	assert_int_equal(env->pool.used, env->start);
}

static void test_init_checks_format(void **state)
{
	struct env *env = *state;
	struct paging_format fmt = x86_host_paging;

	fmt.levels = PAGING_MAX_LEVELS + 1;
	expect_assert_failure(paging_init(&env->pt, &fmt, &env->pool));
	assert_int_equal(env->pool.used, env->start);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_map_4k),
		TEST(test_map_2m),
		TEST(test_map_1g),
		TEST(test_mixed_leaf_sizes),
		TEST(test_pa_alignment_limits_leaf_size),
		TEST(test_invalid_arguments),
		TEST(test_host_upper_half),
		TEST(test_remap_replaces),
		TEST(test_unmap_hole_in_1g_leaf),
		TEST(test_remap_hole_merges_back),
		TEST(test_unmap_everything_frees_tables),
		TEST(test_destroy_returns_pool),
		TEST(test_enomem_keeps_pool_consistent),
		TEST(test_enomem_remap_inside_huge_leaf),
		TEST(test_enomem_unmap_split),
		TEST(test_npt_format_bits),
		TEST(test_host_format_bits),
		TEST(test_format_round_trip),
		TEST(test_split_without_middle_leaves),
		TEST(test_init_checks_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
