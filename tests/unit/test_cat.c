// SPDX-License-Identifier: GPL-2.0
/*
 * L3 cache allocation's plan: CPUID decoded as the SDM lays it out; cells'
 * ways packed from bit 0 and COS taken from the top; the root keeps a
 * contiguous mask above every held way, never empty; refusals when ways or
 * classes run out, and holes left by a destroyed cell reused.
 */
// uses: hypervisor/arch/x86/cat_plan.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../hypervisor/arch/x86/include/asm/cat_plan.h"

#define PQE BIT(15)
#define L3 BIT(1)

/* A server part: 11 ways, COS 0-15, the top two ways shared with I/O. */
static struct cat_caps server(void)
{
	const u32 l10_1[4] = { 10, 0x600, 0x4, 15 };
	struct cat_caps c;

	cat_caps_decode(&c, PQE, L3, l10_1);
	return c;
}

static void test_decode(void **state)
{
	struct cat_caps c = server();
	const u32 wide[4] = { 31, 0, 0, 200 };
	const u32 one_way[4] = { 0, 0, 0, 15 };
	const u32 one_cos[4] = { 10, 0, 0, 0 };

	(void)state;
	assert_true(c.present);
	assert_true(c.cdp);
	assert_int_equal(c.cbm_len, 11);
	assert_int_equal(c.cos_max, 15);
	assert_int_equal(c.shared, 0x600);
	assert_int_equal(cat_full_mask(&c), 0x7ff);

	/* no PQE, or PQE without the L3 resource: nothing */
	cat_caps_decode(&c, 0, L3, wide);
	assert_false(c.present);
	cat_caps_decode(&c, PQE, BIT(2), wide);
	assert_false(c.present);
	/* 32 ways; COS beyond the mask MSRs' range are cut off */
	cat_caps_decode(&c, PQE, L3, wide);
	assert_true(c.present);
	assert_int_equal(c.cbm_len, 32);
	assert_int_equal(cat_full_mask(&c), 0xffffffffu);
	assert_int_equal(c.cos_max, CAT_MAX_COS - 1);
	/* one way or one class: nothing to share out */
	cat_caps_decode(&c, PQE, L3, one_way);
	assert_false(c.present);
	cat_caps_decode(&c, PQE, L3, one_cos);
	assert_false(c.present);
}

static void test_root_mask(void **state)
{
	struct cat_caps c = server();

	(void)state;
	assert_int_equal(cat_root_mask(&c, 0), 0x7ff);
	assert_int_equal(cat_root_mask(&c, 0x3), 0x7fc);
	/* a hole below a held way stays out: the mask must be contiguous */
	assert_int_equal(cat_root_mask(&c, 0x30), 0x7c0);
	assert_int_equal(cat_root_mask(&c, 0x3ff), 0x400);
}

static void test_pick(void **state)
{
	struct cat_caps c = server();
	u64 used[CAT_MAX_COS / 64] = { 1 };
	u32 mask, held = 0;
	u16 cos;

	(void)state;
	assert_int_equal(cat_pick(&c, held, used, 4, &mask, &cos), CAT_PICKED);
	assert_int_equal(mask, 0xf);
	assert_int_equal(cos, 15);
	held |= mask;
	used[0] |= 1ull << cos;
	assert_int_equal(cat_pick(&c, held, used, 2, &mask, &cos), CAT_PICKED);
	assert_int_equal(mask, 0x30);
	assert_int_equal(cos, 14);
	held |= mask;
	used[0] |= 1ull << cos;
	assert_int_equal(cat_root_mask(&c, held), 0x7c0);

	/* 5 ways free, but the root keeps one: 4 at most */
	assert_int_equal(cat_pick(&c, held, used, 5, &mask, &cos), CAT_NO_WAYS);
	assert_int_equal(cat_pick(&c, held, used, 4, &mask, &cos), CAT_PICKED);
	assert_int_equal(mask, 0x3c0);
	assert_int_equal(cat_root_mask(&c, held | mask), 0x400);

	/* the first cell goes: its 4 ways are reused from bit 0 */
	held &= ~0xfu;
	used[0] &= ~(1ull << 15);
	assert_int_equal(cat_pick(&c, held, used, 3, &mask, &cos), CAT_PICKED);
	assert_int_equal(mask, 0x7);
	assert_int_equal(cos, 15);
	/* a run must fit in one gap: 5 ways do not fit in 4 + 5 */
	assert_int_equal(cat_pick(&c, 0x30, used, 5, &mask, &cos), CAT_NO_WAYS);
}

static void test_refusals(void **state)
{
	struct cat_caps c = server(), none = { 0 };
	u64 used[CAT_MAX_COS / 64] = { 0xffff };
	u32 mask = 0xdead;
	u16 cos = 7;

	(void)state;
	/* every COS from 1 to 15 held */
	assert_int_equal(cat_pick(&c, 0, used, 1, &mask, &cos), CAT_NO_COS);
	used[0] = 1;
	/* all ways, or none, or no allocation at all */
	assert_int_equal(cat_pick(&c, 0, used, 11, &mask, &cos), CAT_NO_WAYS);
	assert_int_equal(cat_pick(&c, 0, used, 0, &mask, &cos), CAT_NO_WAYS);
	assert_int_equal(cat_pick(&none, 0, used, 1, &mask, &cos), CAT_NO_WAYS);
	/* nothing written on a refusal */
	assert_int_equal(mask, 0xdead);
	assert_int_equal(cos, 7);
	/* the most a cell gets: all ways but the root's one */
	assert_int_equal(cat_pick(&c, 0, used, 10, &mask, &cos), CAT_PICKED);
	assert_int_equal(mask, 0x3ff);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_root_mask),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
