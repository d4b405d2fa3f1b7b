// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's writes to the MSRs it may not write raw besides EFER
 * and the ICR (docs/architecture.md, the root's MSR policy), for both
 * vendors' exit handlers.
 */
#include <bh/cell.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <asm/msr.h>
#include <asm/msr_root.h>
#include <asm/processor.h>

#define APIC_BASE_EXTD BIT(10)
#define APIC_BASE_EN BIT(11)

int msr_root_write(struct per_cpu *cpu, u32 msr, u64 val)
{
	u64 cur;

	switch (msr) {
	case MSR_IA32_APIC_BASE:
		/*
		 * x2APIC stays on while the hypervisor runs: leaving it would
		 * open the memory-mapped ICR, which nothing filters. Writing
		 * what is there changes nothing and is allowed.
		 */
		cur = rdmsr(MSR_IA32_APIC_BASE);
		if (val == cur)
			return MSR_ROOT_DONE;
		printk("CPU %u: cell root: write of APIC_BASE 0x%llx refused: x2APIC stays on and in place under the hypervisor (#GP)\n",
		       cpu->id, (unsigned long long)val);
		return MSR_ROOT_REFUSED;
	case MSR_AMD_PATCH_LOADER:
	case MSR_IA32_BIOS_UPDT_TRIG:
		/*
		 * Microcode changes the CPU under every cell: not while the
		 * hypervisor runs. Dropped, not #GP: Linux loads late only on
		 * request and then finds the revision unchanged.
		 */
		printk("CPU %u: cell root: microcode load dropped: not while the hypervisor runs\n",
		       cpu->id);
		return MSR_ROOT_DROPPED;
	default:
		return MSR_ROOT_REFUSED;
	}
}
