// SPDX-License-Identifier: GPL-2.0
/*
 * Which MSRs stop and clear a CPU's performance counters (asm/pmu_handover.h).
 * Only counters CPUID reports are named: a WRMSR to one the CPU lacks is a
 * #GP in the hypervisor.
 */
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/pmu_handover.h"

static unsigned int intel_msrs(const struct pmu_cpuid *c, u32 *msr)
{
	unsigned int version = c->leaf_a_eax & 0xff;
	unsigned int gp = (c->leaf_a_eax >> 8) & 0xff;
	unsigned int fixed_n = c->leaf_a_edx & 0x1f;
	unsigned int i, n = 0;
	u32 fixed = 0;

	if (!version)
		return 0;
	if (gp > PMU_INTEL_MAX_GP)
		gp = PMU_INTEL_MAX_GP;
	/* fixed counters came with version 2; version 5 may list them
	 * sparsely in ECX besides the count in EDX */
	if (version >= 2)
		for (i = 0; i < PMU_INTEL_MAX_FIXED; i++)
			if (i < fixed_n ||
			    (version >= 5 && (c->leaf_a_ecx >> i & 1)))
				fixed |= 1u << i;

	if (version >= 2)
		msr[n++] = MSR_IA32_PERF_GLOBAL_CTRL;
	for (i = 0; i < gp; i++)
		msr[n++] = MSR_IA32_PERFEVTSEL0 + i;
	if (fixed)
		msr[n++] = MSR_IA32_FIXED_CTR_CTRL;
	for (i = 0; i < gp; i++)
		msr[n++] = MSR_IA32_PMC0 + i;
	for (i = 0; i < PMU_INTEL_MAX_FIXED; i++)
		if (fixed >> i & 1)
			msr[n++] = MSR_IA32_FIXED_CTR0 + i;
	return n;
}

static unsigned int amd_msrs(const struct pmu_cpuid *c, u32 *msr)
{
	unsigned int i, n = 0;

	if (c->amd_perfmon_v2)
		msr[n++] = MSR_AMD_PERF_GLOBAL_CTL;
	if (c->amd_core_ext) {
		/* the legacy MSRs alias the first four of these */
		for (i = 0; i < PMU_AMD_CORE_EXT; i++)
			msr[n++] = MSR_AMD_PERF_CTL_EXT0 + 2 * i;
		for (i = 0; i < PMU_AMD_CORE_EXT; i++)
			msr[n++] = MSR_AMD_PERF_CTL_EXT0 + 2 * i + 1;
		return n;
	}
	for (i = 0; i < PMU_AMD_LEGACY; i++)
		msr[n++] = MSR_AMD_PERF_CTL0 + i;
	for (i = 0; i < PMU_AMD_LEGACY; i++)
		msr[n++] = MSR_AMD_PERF_CTR0 + i;
	return n;
}

unsigned int pmu_handover_msrs(const struct pmu_cpuid *c, u32 *msr)
{
	if (c->intel)
		return intel_msrs(c, msr);
	if (c->amd)
		return amd_msrs(c, msr);
	return 0;
}
