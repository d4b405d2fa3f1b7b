// SPDX-License-Identifier: GPL-2.0
/*
 * ICR destination decoding, on which IPI filtering between cells rests:
 * physical, x2APIC logical (cluster) and broadcast destinations and the
 * shorthands, and the same for an xAPIC ICR (flat and cluster models), as
 * a root in xAPIC mode sends it.
 */
// uses: hypervisor/arch/x86/apic_dest.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../hypervisor/arch/x86/include/asm/apic.h"

/* Four CPUs as on the reference platform, plus two in cluster 1. */
static const u32 ids[] = { 0, 1, 2, 3, 16, 17 };
#define N 6

static u64 icr(u32 dest, u64 low)
{
	return ((u64)dest << 32) | low;
}

static void test_physical(void **state)
{
	(void)state;
	assert_int_equal(icr_destinations(icr(2, 0x40), 0, ids, N), 1 << 2);
	assert_int_equal(icr_destinations(icr(17, 0x40), 0, ids, N), 1 << 5);
	/* no CPU has that ID */
	assert_int_equal(icr_destinations(icr(9, 0x40), 0, ids, N), 0);
	/* INIT and NMI decode the same way */
	assert_int_equal(icr_destinations(icr(3, 0x4500), 1, ids, N), 1 << 3);
	assert_int_equal(icr_destinations(icr(0, 0x400), 1, ids, N), 1 << 0);
}

static void test_broadcast(void **state)
{
	(void)state;
	assert_int_equal(icr_destinations(icr(0xffffffff, 0x40), 1, ids, N),
			 0x3f);
	assert_int_equal(icr_destinations(icr(0xffffffff, 0x840), 1, ids, N),
			 0x3f);
}

static void test_logical_cluster(void **state)
{
	(void)state;
	/* cluster 0, CPUs with logical bits 1 and 3 */
	assert_int_equal(icr_destinations(icr(0x0000000a, 0x840), 0, ids, N),
			 (1 << 1) | (1 << 3));
	/* cluster 1, bit 1: APIC ID 17 */
	assert_int_equal(icr_destinations(icr(0x00010002, 0x840), 0, ids, N),
			 1 << 5);
	/* cluster 1, bit 2: nobody */
	assert_int_equal(icr_destinations(icr(0x00010004, 0x840), 0, ids, N),
			 0);
	/* the same number in physical mode means APIC ID 10: nobody */
	assert_int_equal(icr_destinations(icr(0x0000000a, 0x040), 0, ids, N),
			 0);
}

static void test_shorthands(void **state)
{
	(void)state;
	/* self, whatever the destination field says */
	assert_int_equal(icr_destinations(icr(3, 0x40040), 2, ids, N), 1 << 2);
	/* all including self */
	assert_int_equal(icr_destinations(icr(0, 0x80040), 2, ids, N), 0x3f);
	/* all excluding self */
	assert_int_equal(icr_destinations(icr(0, 0xc0040), 2, ids, N),
			 0x3f & ~(1 << 2));
}

static void test_many_cpus(void **state)
{
	u32 many[64];
	unsigned int i;

	(void)state;
	for (i = 0; i < 64; i++)
		many[i] = i;
	assert_true(icr_destinations(icr(0xffffffff, 0x40), 0, many, 64) ==
		    ~0ull);
	assert_true(icr_destinations(icr(63, 0x40), 0, many, 64) == 1ull << 63);
	assert_true(icr_destinations(icr(0, 0xc0040), 63, many, 64) ==
		    ~0ull >> 1);
}

/*
 * xAPIC: Linux's flat model gives CPU n the LDR bit n; a cluster model
 * CPU has its cluster in 7:4. CPU 4 and 5 have no logical ID yet.
 */
static const u32 xids[] = { 0, 1, 2, 3, 4, 5 };
static const u32 flat[] = { 0xffffffff, 0xffffffff, 0xffffffff,
			    0xffffffff, 0xffffffff, 0xffffffff };
static const u32 flat_ldr[] = { 0x01000000, 0x02000000, 0x04000000,
				0x08000000, 0,		0 };

static void test_xapic_physical(void **state)
{
	(void)state;
	assert_int_equal(icr_destinations_xapic(0x4500, 3, 0, xids, flat_ldr,
						flat, N),
			 1 << 3);
	assert_int_equal(
		icr_destinations_xapic(0x40, 9, 0, xids, flat_ldr, flat, N), 0);
	/* 0xff is the physical broadcast */
	assert_int_equal(icr_destinations_xapic(0x40, 0xff, 0, xids, flat_ldr,
						flat, N),
			 0x3f);
	/* the high word's upper bits are not the destination in xAPIC */
	assert_int_equal(icr_destinations_xapic(0x40, 0x01, 0, xids, flat_ldr,
						flat, N),
			 1 << 1);
}

static void test_xapic_logical_flat(void **state)
{
	(void)state;
	assert_int_equal(icr_destinations_xapic(0x840, 0x0a, 0, xids, flat_ldr,
						flat, N),
			 (1 << 1) | (1 << 3));
	/* 0xff reaches every CPU with a logical ID, not those without */
	assert_int_equal(icr_destinations_xapic(0x840, 0xff, 0, xids, flat_ldr,
						flat, N),
			 0xf);
	assert_int_equal(icr_destinations_xapic(0x840, 0x30, 0, xids, flat_ldr,
						flat, N),
			 0);
}

static void test_xapic_logical_cluster(void **state)
{
	static const u32 cl[] = { 0x0fffffff, 0x0fffffff, 0x0fffffff,
				  0x0fffffff, 0x0fffffff, 0x0fffffff };
	/* clusters 0 and 1, two CPUs each; CPU 4 in cluster 2 */
	static const u32 cl_ldr[] = { 0x01000000, 0x02000000, 0x11000000,
				      0x12000000, 0x21000000, 0 };

	(void)state;
	assert_int_equal(icr_destinations_xapic(0x840, 0x12, 0, xids, cl_ldr,
						cl, N),
			 1 << 3);
	assert_int_equal(icr_destinations_xapic(0x840, 0x03, 0, xids, cl_ldr,
						cl, N),
			 (1 << 0) | (1 << 1));
	/* cluster 1's bit 1 is not cluster 0's */
	assert_int_equal(icr_destinations_xapic(0x840, 0x11, 0, xids, cl_ldr,
						cl, N),
			 1 << 2);
	/* 0xff: broadcast in the cluster model */
	assert_int_equal(icr_destinations_xapic(0x840, 0xff, 0, xids, cl_ldr,
						cl, N),
			 0x3f);
}

static void test_xapic_shorthands(void **state)
{
	(void)state;
	assert_int_equal(icr_destinations_xapic(0xc0040, 0, 2, xids, flat_ldr,
						flat, N),
			 0x3f & ~(1 << 2));
	assert_int_equal(icr_destinations_xapic(0x40040, 9, 4, xids, flat_ldr,
						flat, N),
			 1 << 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_physical),
		cmocka_unit_test(test_broadcast),
		cmocka_unit_test(test_logical_cluster),
		cmocka_unit_test(test_shorthands),
		cmocka_unit_test(test_many_cpus),
		cmocka_unit_test(test_xapic_physical),
		cmocka_unit_test(test_xapic_logical_flat),
		cmocka_unit_test(test_xapic_logical_cluster),
		cmocka_unit_test(test_xapic_shorthands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
