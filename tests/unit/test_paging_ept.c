// SPDX-License-Identifier: GPL-2.0
/*
 * The EPT entry format (hypervisor/arch/x86/paging_ept.c) on its own and
 * driven by the generic page tables: the bits of leaves and tables, the
 * memory types, rights that survive a huge leaf's split, 1 GiB leaves only
 * when the CPU has them, and every table back in the pool after unmapping.
 */
// uses: hypervisor/core/pool.c hypervisor/core/paging.c hypervisor/arch/x86/paging_ept.c
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
#include "../../hypervisor/arch/x86/include/asm/paging_ept.h"
#include "fake.h"

#define PHYS_BASE 0x40000000ull
#define POOL_PAGES 256
#define SZ_4K 0x1000ull
#define SZ_2M 0x200000ull
#define SZ_1G 0x40000000ull
#define U PAGING_USER
#define RW (PAGING_READ | PAGING_WRITE | U)
#define RWX (PAGING_READ | PAGING_WRITE | PAGING_EXEC | U)

struct env {
	void *mem;
	struct page_pool pool;
	u64 start;
	struct paging pt;
};

static int setup(void **state)
{
	struct env *env = calloc(1, sizeof(*env));

	assert_non_null(env);
	env->mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
	assert_non_null(env->mem);
	memset(env->mem, 0x5a, POOL_PAGES * PAGE_SIZE);
	assert_int_equal(pool_init(&env->pool, env->mem, pa_init(PHYS_BASE),
				   POOL_PAGES),
			 0);
	env->start = env->pool.used;
	assert_int_equal(paging_init(&env->pt, &x86_ept_paging, &env->pool), 0);
	*state = env;
	return 0;
}

static int teardown(void **state)
{
	struct env *env = *state;

	paging_destroy(&env->pt);
	assert_int_equal(env->pool.used, env->start);
	free(env->mem);
	free(env);
	ept_allow_1g(false);
	return 0;
}

/* The entry at @level on the walk to @gpa (level 3 is the root's). */
static u64 entry_at(struct env *env, u64 gpa, unsigned int level)
{
	const struct paging_format *f = &x86_ept_paging;
	paddr_t table = env->pt.root;
	unsigned int l;
	u64 e = 0;

	for (l = f->levels - 1;; l--) {
		const u64 *t = pool_phys_to_virt(&env->pool, table);

		e = t[(gpa >> paging_level_shift(l)) & 511];
		if (l == level || !f->is_present(e) || f->is_leaf(e, l))
			break;
		table = f->entry_addr(e, l);
	}
	assert_int_equal(l, level);
	return e;
}

static void test_leaf_bits(void **state)
{
	const struct paging_format *f = &x86_ept_paging;

	(void)state;
	/* RAM: read always, write and exec as asked, write-back, PAT kept */
	assert_int_equal(f->make_leaf(pa_init(0x123456000), 0, RW),
			 0x123456000ull | EPT_READ | EPT_WRITE | (6ull << 3));
	assert_int_equal(f->make_leaf(pa_init(0x5000), 0, PAGING_READ | U),
			 0x5000ull | EPT_READ | (6ull << 3));
	/* write without read still reads: no write-only misconfiguration */
	assert_int_equal(f->make_leaf(pa_init(0x5000), 0, PAGING_WRITE),
			 0x5000ull | EPT_READ | EPT_WRITE | (6ull << 3));
	/* device: uncached whatever the guest's PAT says */
	assert_int_equal(f->make_leaf(pa_init(0xfed00000), 0,
				      RW | PAGING_DEVICE),
			 0xfed00000ull | EPT_READ | EPT_WRITE | EPT_IGNORE_PAT);
	/* a 2 MiB leaf: bit 7, address bits below 2 MiB dropped */
	assert_int_equal(f->make_leaf(pa_init(0x40200000), 1, RWX),
			 0x40200000ull | EPT_READ | EPT_WRITE | EPT_EXEC |
				 (6ull << 3) | EPT_LEAF);
	/* flags come back as given, PAGING_USER always */
	assert_int_equal(
		f->leaf_flags(f->make_leaf(pa_init(0x1000), 0, RWX), 0), RWX);
	assert_int_equal(f->leaf_flags(f->make_leaf(pa_init(0x1000), 1,
						    RW | PAGING_DEVICE),
				       1),
			 RW | PAGING_DEVICE);
	assert_int_equal(
		f->leaf_flags(f->make_leaf(pa_init(0x1000), 0, PAGING_READ), 0),
		PAGING_READ | U);
	/* tables: every right, no memory type, no leaf bit */
	assert_int_equal(f->make_table(pa_init(0x7000)),
			 0x7000ull | EPT_READ | EPT_WRITE | EPT_EXEC);
	assert_false(f->is_present(0));
	assert_true(f->is_present(EPT_EXEC));
	assert_true(f->is_leaf(0x1000 | EPT_READ, 0));
	assert_false(f->is_leaf(f->make_table(pa_init(0x7000)), 1));
	assert_int_equal(pa_addr(f->entry_addr(0x40200000ull | EPT_READ |
						       EPT_LEAF | (6ull << 3),
					       1)),
			 0x40200000);
}

static void test_huge_leaves(void **state)
{
	struct env *env = *state;

	/* without 1 GiB EPT pages a gigabyte is 512 leaves of 2 MiB */
	assert_int_equal(
		paging_map(&env->pt, SZ_1G, pa_init(2 * SZ_1G), SZ_1G, RWX), 0);
	assert_true(entry_at(env, SZ_1G + SZ_2M, 1) & EPT_LEAF);
	assert_false(entry_at(env, SZ_1G, 2) & EPT_LEAF);
	assert_int_equal(paging_unmap(&env->pt, SZ_1G, SZ_1G), 0);
	/* with them, one leaf */
	ept_allow_1g(true);
	assert_int_equal(
		paging_map(&env->pt, SZ_1G, pa_init(2 * SZ_1G), SZ_1G, RWX), 0);
	assert_int_equal(entry_at(env, SZ_1G, 2),
			 2 * SZ_1G | EPT_READ | EPT_WRITE | EPT_EXEC |
				 (6ull << 3) | EPT_LEAF);
	assert_int_equal(paging_unmap(&env->pt, SZ_1G, SZ_1G), 0);
}

static void test_split_keeps_rights(void **state)
{
	struct env *env = *state;
	paddr_t pa;
	u32 flags;

	assert_int_equal(paging_map(&env->pt, 0, pa_init(0x80000000), SZ_2M,
				    RW | PAGING_DEVICE),
			 0);
	/* one 4 KiB page of it read-only: the 2 MiB leaf is split */
	assert_int_equal(paging_map(&env->pt, 0x3000, pa_init(0x80003000),
				    SZ_4K, PAGING_READ | U | PAGING_DEVICE),
			 0);
	assert_true(paging_lookup(&env->pt, 0x3000, &pa, &flags));
	assert_int_equal(flags, PAGING_READ | U | PAGING_DEVICE);
	assert_true(paging_lookup(&env->pt, 0x1ff000, &pa, &flags));
	assert_int_equal(pa_addr(pa), 0x801ff000);
	assert_int_equal(flags, RW | PAGING_DEVICE);
	assert_int_equal(entry_at(env, 0x4000, 0),
			 0x80004000ull | EPT_READ | EPT_WRITE | EPT_IGNORE_PAT);
	assert_int_equal(paging_unmap(&env->pt, 0, SZ_2M), 0);
	assert_false(paging_lookup(&env->pt, 0x3000, NULL, NULL));
}

/*
 * The Bochs root's layout (configs/bochs-vmx.yaml) with 1 GiB leaves, its
 * xAPIC page read-only, then a cell's memory taken out: everything else
 * stays as it was.
 */
static void test_root_layout_cell_taken(void **state)
{
	struct env *env = *state;
	u32 dev = RW | PAGING_DEVICE;
	paddr_t pa;
	u32 flags;

	ept_allow_1g(true);
	assert_int_equal(paging_map(&env->pt, 0, pa_init(0), 0x30000000, RWX),
			 0);
	assert_int_equal(paging_map(&env->pt, 0x31000000, pa_init(0x31000000),
				    0x1f000000, RWX),
			 0);
	assert_int_equal(paging_map(&env->pt, 0x50000000, pa_init(0x50000000),
				    0x30000000, RWX),
			 0);
	assert_int_equal(paging_map(&env->pt, 0x80000000, pa_init(0x80000000),
				    2 * SZ_1G, dev),
			 0);
	assert_int_equal(paging_map(&env->pt, 0xfee00000, pa_init(0xfee00000),
				    SZ_4K, PAGING_READ | U | PAGING_DEVICE),
			 0);
	assert_int_equal(paging_unmap(&env->pt, 0x31200000, 0x100000), 0);
	assert_int_equal(paging_unmap(&env->pt, 0x31300000, SZ_4K), 0);
	assert_true(paging_lookup(&env->pt, 0x661ce000, &pa, &flags));
	assert_int_equal(pa_addr(pa), 0x661ce000);
	assert_int_equal(flags, RWX);
	assert_true(paging_lookup(&env->pt, 0x311ff000, &pa, &flags));
	assert_false(paging_lookup(&env->pt, 0x31200000, NULL, NULL));
	assert_false(paging_lookup(&env->pt, 0x31300000, NULL, NULL));
	assert_true(paging_lookup(&env->pt, 0x31301000, &pa, &flags));
	assert_true(paging_lookup(&env->pt, 0xfee00000, &pa, &flags));
	assert_int_equal(flags, PAGING_READ | U | PAGING_DEVICE);
	assert_true(paging_lookup(&env->pt, 0xfee01000, &pa, &flags));
	assert_int_equal(flags, dev);
	assert_int_equal(paging_unmap(&env->pt, 0, 4 * SZ_1G), 0);
}

#define TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_leaf_bits),
		TEST(test_huge_leaves),
		TEST(test_split_keeps_rights),
		TEST(test_root_layout_cell_taken),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
