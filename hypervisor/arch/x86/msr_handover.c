// SPDX-License-Identifier: GPL-2.0
/*
 * MSRs the root cell writes raw that shape how a CPU runs whoever is on
 * it: memory types (MTRRs, and on AMD SYSCFG, TOM, TOM2 and the IORRs),
 * feature switches (HWCR), debugging (DEBUGCTL) and the performance
 * counters. Linux sets them at boot and again when it onlines a CPU; a
 * root cell that changed one must not hand the change to a cell. Each CPU
 * records them when it enters the hypervisor and puts them back whenever
 * it stops running a guest (docs/architecture.md, the root's MSR policy).
 */
#include <bh/cell.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <asm/msr.h>
#include <asm/msr_handover.h>
#include <asm/pmu_handover.h>
#include <asm/processor.h>

#define MSR_MTRRCAP 0xfe
#define MSR_MTRR_PHYSBASE0 0x200
#define MSR_MTRR_DEF_TYPE 0x2ff

static const u32 mtrr_fixed[] = { 0x250, 0x258, 0x259, 0x268, 0x269, 0x26a,
				  0x26b, 0x26c, 0x26d, 0x26e, 0x26f };
/* AMD: SYSCFG, HWCR, IORR base/mask 0 and 1, TOM, TOM2 */
static const u32 amd_msrs[] = { 0xc0010010, 0xc0010015, 0xc0010016, 0xc0010017,
				0xc0010018, 0xc0010019, 0xc001001a, 0xc001001d };

#define MAX_VAR_MTRRS 16
#define MAX_SAVED                                         \
	(ARRAY_SIZE(mtrr_fixed) + 2 * MAX_VAR_MTRRS + 1 + \
	 ARRAY_SIZE(amd_msrs) + 1)

struct saved_msrs {
	unsigned int n, n_mtrr; /* the first n_mtrr are MTRRs */
	u32 msr[MAX_SAVED];
	u64 val[MAX_SAVED];
	unsigned int n_pmu;
	u32 pmu[PMU_HANDOVER_MAX_MSRS];
};

static struct saved_msrs saved[MAX_CPUS];

/* the vendor and the counters: the AMD MSRs above need the former too */
static void pmu_read_cpuid(struct pmu_cpuid *p)
{
	u32 a, b, c, d, max, max_ext;

	*p = (struct pmu_cpuid){ 0 };
	cpuid_count(0, 0, &max, &b, &c, &d);
	/* "AuthenticAMD", "GenuineIntel" */
	p->amd = b == 0x68747541 && d == 0x69746e65 && c == 0x444d4163;
	p->intel = b == 0x756e6547 && d == 0x49656e69 && c == 0x6c65746e;
	cpuid_count(0x80000000, 0, &max_ext, &b, &c, &d);
	if (p->intel && max >= 0xa)
		cpuid_count(0xa, 0, &p->leaf_a_eax, &b, &p->leaf_a_ecx,
			    &p->leaf_a_edx);
	if (p->amd && max_ext >= 0x80000001) {
		cpuid_count(0x80000001, 0, &a, &b, &c, &d);
		p->amd_core_ext = c & BIT(23);
	}
	if (p->amd && max_ext >= 0x80000022) {
		cpuid_count(0x80000022, 0, &a, &b, &c, &d);
		p->amd_perfmon_v2 = a & BIT(0);
	}
}

static void add(struct saved_msrs *s, u32 msr)
{
	s->msr[s->n] = msr;
	s->val[s->n] = rdmsr(msr);
	s->n++;
}

void msr_handover_record(struct per_cpu *cpu)
{
	struct saved_msrs *s = &saved[cpu->id];
	struct pmu_cpuid pmu;
	u32 a, b, c, d;
	unsigned int i, vcnt;

	s->n = 0;
	pmu_read_cpuid(&pmu);
	cpuid_count(1, 0, &a, &b, &c, &d);
	if (d & BIT(12)) { /* MTRRs */
		vcnt = rdmsr(MSR_MTRRCAP) & 0xff;
		if (vcnt > MAX_VAR_MTRRS)
			vcnt = MAX_VAR_MTRRS;
		if (rdmsr(MSR_MTRRCAP) & BIT(8))
			for (i = 0; i < ARRAY_SIZE(mtrr_fixed); i++)
				add(s, mtrr_fixed[i]);
		for (i = 0; i < 2 * vcnt; i++)
			add(s, MSR_MTRR_PHYSBASE0 + i);
		add(s, MSR_MTRR_DEF_TYPE);
	}
	s->n_mtrr = s->n;
	if (pmu.amd)
		for (i = 0; i < ARRAY_SIZE(amd_msrs); i++)
			add(s, amd_msrs[i]);
	add(s, MSR_IA32_DEBUGCTL);
	s->n_pmu = pmu_handover_msrs(&pmu, s->pmu);
}

/* Changing MTRRs needs the caches off and flushed around it (the SDM's
 * and the APM's procedure), with the MTRRs disabled while they change. */
static void restore_mtrrs(struct saved_msrs *s)
{
	unsigned long cr0;
	unsigned int i;

	asm volatile("mov %%cr0, %0" : "=r"(cr0));
	asm volatile(
		"mov %0, %%cr0; wbinvd" ::"r"((cr0 | X86_CR0_CD) & ~X86_CR0_NW)
		: "memory");
	wrmsr(MSR_MTRR_DEF_TYPE, 0);
	for (i = 0; i < s->n_mtrr; i++)
		if (s->msr[i] != MSR_MTRR_DEF_TYPE)
			wrmsr(s->msr[i], s->val[i]);
	wrmsr(MSR_MTRR_DEF_TYPE,
	      s->val[s->n_mtrr - 1]); /* recorded last of them */
	asm volatile("wbinvd; mov %0, %%cr0" ::"r"(cr0) : "memory");
}

void msr_handover_restore(struct per_cpu *cpu)
{
	struct saved_msrs *s = &saved[cpu->id];
	bool mtrr_changed = false;
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		if (rdmsr(s->msr[i]) == s->val[i])
			continue;
		printk("CPU %u: MSR 0x%x changed since enable (0x%llx, was 0x%llx): put back before the CPU runs another guest\n",
		       cpu->id, s->msr[i], (unsigned long long)rdmsr(s->msr[i]),
		       (unsigned long long)s->val[i]);
		if (i < s->n_mtrr)
			mtrr_changed = true;
		else
			wrmsr(s->msr[i], s->val[i]);
	}
	if (mtrr_changed)
		restore_mtrrs(s);
	/*
	 * State a guest writes directly and no VMCB holds: TSC_AUX (RDTSCP,
	 * RDPID; Linux keeps its CPU number there and sets it again when it
	 * onlines the CPU) and the breakpoint addresses DR0-DR3.
	 */
	wrmsr(MSR_TSC_AUX, 0);
	asm volatile(
		"mov %0, %%dr0; mov %0, %%dr1; mov %0, %%dr2; mov %0, %%dr3" ::
			"r"(0ul));
	/* the root's counters neither count the next guest nor show it
	 * their values (RDPMC) */
	for (i = 0; i < s->n_pmu; i++)
		wrmsr(s->pmu[i], 0);
}
