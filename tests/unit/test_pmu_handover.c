// SPDX-License-Identifier: GPL-2.0
/*
 * The MSRs that stop and clear the performance counters when a CPU changes
 * hands (hypervisor/arch/x86/pmu_handover.c): exactly the counters CPUID
 * reports, global controls first, for Intel's architectural versions and
 * AMD's legacy, core-extension and PerfMonV2 counters.
 */
// uses: hypervisor/arch/x86/pmu_handover.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../hypervisor/arch/x86/include/asm/pmu_handover.h"

static unsigned int list(const struct pmu_cpuid *c, u32 *msr)
{
	unsigned int n;

	memset(msr, 0xff, sizeof(u32) * PMU_HANDOVER_MAX_MSRS);
	n = pmu_handover_msrs(c, msr);
	assert_true(n <= PMU_HANDOVER_MAX_MSRS);
	return n;
}

static void assert_list(const u32 *got, unsigned int n, const u32 *want,
			unsigned int n_want)
{
	unsigned int i;

	assert_int_equal(n, n_want);
	for (i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

/* leaf 0xa: version, general-purpose counters, fixed counters (EDX) */
#define LEAF_A_EAX(version, gp) ((version) | (gp) << 8 | 48 << 16)

static void test_intel_version_0_has_none(void **state)
{
	struct pmu_cpuid c = { .intel = true, .leaf_a_eax = 4 << 8 };
	u32 msr[PMU_HANDOVER_MAX_MSRS];

	(void)state;
	/* a count without a version (a hypervisor that hides the PMU) */
	assert_int_equal(list(&c, msr), 0);
}

static void test_intel_version_1(void **state)
{
	/* no global control, no fixed counters, whatever EDX says */
	struct pmu_cpuid c = { .intel = true,
			       .leaf_a_eax = LEAF_A_EAX(1, 2),
			       .leaf_a_edx = 3 };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	const u32 want[] = { 0x186, 0x187, 0xc1, 0xc2 };

	(void)state;
	assert_list(msr, list(&c, msr), want, 4);
}

static void test_intel_version_4_skylake(void **state)
{
	/* 4 general-purpose and 3 fixed counters */
	struct pmu_cpuid c = { .intel = true,
			       .leaf_a_eax = LEAF_A_EAX(4, 4),
			       .leaf_a_edx = 3 | 48 << 5 };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	const u32 want[] = { 0x38f, 0x186, 0x187, 0x188, 0x189, 0x38d, 0xc1,
			     0xc2,  0xc3,  0xc4,  0x309, 0x30a, 0x30b };

	(void)state;
	assert_list(msr, list(&c, msr), want, 13);
}

static void test_intel_version_5_sparse_fixed(void **state)
{
	/* EDX counts 1 fixed counter, ECX adds counter 3; bits of ECX
	 * above the architectural four are not ours to write */
	struct pmu_cpuid c = { .intel = true,
			       .leaf_a_eax = LEAF_A_EAX(5, 1),
			       .leaf_a_ecx = 1u << 3 | 1u << 6,
			       .leaf_a_edx = 1 };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	const u32 want[] = { 0x38f, 0x186, 0x38d, 0xc1, 0x309, 0x30c };

	(void)state;
	assert_list(msr, list(&c, msr), want, 6);
}

static void test_intel_ecx_before_version_5_ignored(void **state)
{
	struct pmu_cpuid c = { .intel = true,
			       .leaf_a_eax = LEAF_A_EAX(4, 0),
			       .leaf_a_ecx = 0xf,
			       .leaf_a_edx = 0 };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	const u32 want[] = { 0x38f };

	(void)state;
	assert_list(msr, list(&c, msr), want, 1);
}

static void test_intel_counts_capped(void **state)
{
	/* beyond 8 general-purpose MSRs the numbers belong to others */
	struct pmu_cpuid c = { .intel = true,
			       .leaf_a_eax = LEAF_A_EAX(5, 255),
			       .leaf_a_ecx = 0xffffffff,
			       .leaf_a_edx = 31 };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	unsigned int n = list(&c, msr), i;

	(void)state;
	assert_int_equal(n, 1 + PMU_INTEL_MAX_GP + 1 + PMU_INTEL_MAX_GP +
				    PMU_INTEL_MAX_FIXED);
	for (i = 0; i < n; i++) {
		assert_true(msr[i] < 0xc1 + PMU_INTEL_MAX_GP ||
			    msr[i] >= 0x186);
		assert_true(msr[i] < 0x186 + PMU_INTEL_MAX_GP ||
			    msr[i] >= 0x309);
		assert_true(msr[i] < 0x309 + PMU_INTEL_MAX_FIXED ||
			    msr[i] == 0x38d || msr[i] == 0x38f);
	}
}

static void test_amd_legacy(void **state)
{
	struct pmu_cpuid c = { .amd = true };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	const u32 want[] = { 0xc0010000, 0xc0010001, 0xc0010002, 0xc0010003,
			     0xc0010004, 0xc0010005, 0xc0010006, 0xc0010007 };

	(void)state;
	assert_list(msr, list(&c, msr), want, 8);
}

static void test_amd_core_ext(void **state)
{
	struct pmu_cpuid c = { .amd = true, .amd_core_ext = true };
	u32 msr[PMU_HANDOVER_MAX_MSRS];
	const u32 want[] = { 0xc0010200, 0xc0010202, 0xc0010204, 0xc0010206,
			     0xc0010208, 0xc001020a, 0xc0010201, 0xc0010203,
			     0xc0010205, 0xc0010207, 0xc0010209, 0xc001020b };

	(void)state;
	assert_list(msr, list(&c, msr), want, 12);
}

static void test_amd_perfmon_v2_global_first(void **state)
{
	struct pmu_cpuid c = { .amd = true,
			       .amd_core_ext = true,
			       .amd_perfmon_v2 = true };
	u32 msr[PMU_HANDOVER_MAX_MSRS];

	(void)state;
	assert_int_equal(list(&c, msr), 13);
	assert_int_equal(msr[0], 0xc0000301);
	assert_int_equal(msr[1], 0xc0010200);
}

static void test_amd_ignores_intel_leaf(void **state)
{
	struct pmu_cpuid c = { .amd = true, .leaf_a_eax = LEAF_A_EAX(4, 8) };
	u32 msr[PMU_HANDOVER_MAX_MSRS];

	(void)state;
	assert_int_equal(list(&c, msr), 8);
	assert_int_equal(msr[0], 0xc0010000);
}

static void test_other_vendor_has_none(void **state)
{
	struct pmu_cpuid c = { .leaf_a_eax = LEAF_A_EAX(4, 8),
			       .amd_core_ext = true };
	u32 msr[PMU_HANDOVER_MAX_MSRS];

	(void)state;
	assert_int_equal(list(&c, msr), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intel_version_0_has_none),
		cmocka_unit_test(test_intel_version_1),
		cmocka_unit_test(test_intel_version_4_skylake),
		cmocka_unit_test(test_intel_version_5_sparse_fixed),
		cmocka_unit_test(test_intel_ecx_before_version_5_ignored),
		cmocka_unit_test(test_intel_counts_capped),
		cmocka_unit_test(test_amd_legacy),
		cmocka_unit_test(test_amd_core_ext),
		cmocka_unit_test(test_amd_perfmon_v2_global_first),
		cmocka_unit_test(test_amd_ignores_intel_leaf),
		cmocka_unit_test(test_other_vendor_has_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
