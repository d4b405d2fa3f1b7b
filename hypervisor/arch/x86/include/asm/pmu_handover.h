/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The performance counters a CPU has, from CPUID, as the list of MSRs
 * that stop and clear them. The root may leave counters running when it
 * gives a CPU to a cell; they would count the cell's work for the root
 * to read later, and keep the root's counts in the CPU.
 */
#ifndef ASM_PMU_HANDOVER_H
#define ASM_PMU_HANDOVER_H

#include <bh/types.h>

/* Intel: the architectural MSRs, general-purpose counters 0-7 and fixed
 * counters 0-3, as far as CPUID leaf 0xa reports them */
#define MSR_IA32_PMC0 0xc1
#define MSR_IA32_PERFEVTSEL0 0x186
#define MSR_IA32_FIXED_CTR0 0x309
#define MSR_IA32_FIXED_CTR_CTRL 0x38d
#define MSR_IA32_PERF_GLOBAL_CTRL 0x38f
#define PMU_INTEL_MAX_GP 8
#define PMU_INTEL_MAX_FIXED 4

/* AMD: the four legacy counters, the six of the core extension, and
 * PerfMonV2's global control */
#define MSR_AMD_PERF_CTL0 0xc0010000
#define MSR_AMD_PERF_CTR0 0xc0010004
#define MSR_AMD_PERF_CTL_EXT0 0xc0010200
#define MSR_AMD_PERF_GLOBAL_CTL 0xc0000301
#define PMU_AMD_LEGACY 4
#define PMU_AMD_CORE_EXT 6

/* enough for either vendor's list */
#define PMU_HANDOVER_MAX_MSRS 32

/* what CPUID says about the counters; leaves the CPU lacks read as 0 */
struct pmu_cpuid {
	bool intel, amd;
	u32 leaf_a_eax, leaf_a_ecx, leaf_a_edx; /* Intel leaf 0xa */
	bool amd_core_ext; /* 0x80000001 ECX bit 23, PerfCtrExtCore */
	bool amd_perfmon_v2; /* 0x80000022 EAX bit 0 */
};

/*
 * pmu_handover_msrs() - the MSRs to write 0, in this order
 * @c: the CPU's counters
 * @msr: room for PMU_HANDOVER_MAX_MSRS numbers
 *
 * Global controls come first, so that nothing counts while the rest is
 * cleared, then the event selects and the fixed counters' control, then
 * the counters. Return: how many; 0 for a CPU without counters we know.
 */
unsigned int pmu_handover_msrs(const struct pmu_cpuid *c, u32 *msr);

#endif
