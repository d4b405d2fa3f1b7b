// SPDX-License-Identifier: GPL-2.0
/*
 * The MSR policy both vendors apply (asm/msr_policy.h) and the exit
 * handling of the MSRs it intercepts for reasons that are not a vendor's.
 */
#include <bh/cell.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/string.h>
#include <bulkhead/hypercall.h>
#include <asm/apic.h>
#include <asm/cat.h>
#include <asm/msr.h>
#include <asm/msr_policy.h>
#include <asm/msr_root.h>
#include <asm/processor.h>
#include <asm/reg_timer.h>

#define CPUID_1_ECX_VMX BIT(5)
#define CPUID_1_ECX_HYPERVISOR BIT(31)
#define CPUID_1_ECX_OSXSAVE BIT(27)
#define CPUID_7_ECX_OSPKE BIT(4)
#define CPUID_8000_0001_ECX_SVM BIT(2)

/*
 * The root is trusted with the machine's MSRs except these writes: the
 * x2APIC ICR, so IPIs, INIT and SIPI stay inside the cell; APIC_BASE, so
 * x2APIC stays on; microcode loads, under every cell at once; L3
 * allocation's, which would reach a cell's cache ways (cat.c). What else
 * it changes is put back before a cell runs on the CPU (msr_handover.c).
 */
static const u32 root_write_exits[] = {
	MSR_X2APIC_ICR,
	MSR_IA32_APIC_BASE,
	MSR_AMD_PATCH_LOADER,
	MSR_IA32_BIOS_UPDT_TRIG,
};

/*
 * A cell gets what a real-time program needs without exits: its own
 * x2APIC (the ICR's writes checked), the TSC deadline, and the registers
 * of 64-bit mode. Any other MSR exits and stops the cell.
 */
static const u32 cell_rw[] = {
	MSR_IA32_PAT,
	MSR_IA32_TSC_DEADLINE,
	MSR_IA32_SYSENTER_CS,
	MSR_IA32_SYSENTER_ESP,
	MSR_IA32_SYSENTER_EIP,
	MSR_STAR,
	MSR_LSTAR,
	MSR_CSTAR,
	MSR_SYSCALL_MASK,
	MSR_FS_BASE,
	MSR_GS_BASE,
	MSR_KERNEL_GS_BASE,
	MSR_TSC_AUX,
};

void msr_policy_root(u8 *map, msr_map_set set)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(root_write_exits); i++)
		set(map, root_write_exits[i], false, true, true);
	set(map, MSR_IA32_PQR_ASSOC, false, true, true);
	for (i = 0; i < CAT_MAX_COS; i++)
		set(map, MSR_IA32_L3_MASK_0 + i, false, true, true);
}

void msr_policy_cell(u8 *map, msr_map_set set)
{
	unsigned int i;

	for (i = 0x800; i < 0x900; i++)
		set(map, i, true, i != MSR_X2APIC_ICR, false);
	for (i = 0; i < ARRAY_SIZE(cell_rw); i++)
		set(map, cell_rw[i], true, true, false);
	set(map, MSR_EFER, true, false, false);
	set(map, MSR_IA32_TSC, true, false, false);
}

/* @reg with @bit set as the guest's CR4 has it */
static u32 mirror_cr4(u32 reg, u32 bit, bool on)
{
	return on ? reg | bit : reg & ~bit;
}

/*
 * CPUID for a guest whose CR4 is @guest_cr4. The instruction runs here
 * with the hypervisor's CR4, so the bits that mirror CR4 are the guest's
 * to fill in: with the hypervisor's OSXSAVE (fpu_host_init) a Linux
 * without XSAVE would read OSXSAVE set, run XGETBV and take #UD.
 */
void x86_cpuid(u32 leaf, u32 sub, u64 guest_cr4, u32 *a, u32 *b, u32 *c, u32 *d)
{
	if ((leaf & 0xffffff00) == BH_CPUID_LEAF) {
		*a = *b = *c = *d = 0;
		if (leaf == BH_CPUID_LEAF) {
			*a = BH_CPUID_LEAF;
			memcpy(b, BH_CPUID_SIGNATURE, 4);
			memcpy(c, BH_CPUID_SIGNATURE + 4, 4);
			memcpy(d, BH_CPUID_SIGNATURE + 8, 4);
		}
		return;
	}
	cpuid_count(leaf, sub, a, b, c, d);
	/* no virtualization extension is offered to guests, either vendor's */
	switch (leaf) {
	case 1:
		*c = (*c | CPUID_1_ECX_HYPERVISOR) & ~CPUID_1_ECX_VMX;
		*c = mirror_cr4(*c, CPUID_1_ECX_OSXSAVE,
				guest_cr4 & X86_CR4_OSXSAVE);
		break;
	case 7:
		if (sub == 0)
			*c = mirror_cr4(*c, CPUID_7_ECX_OSPKE,
					guest_cr4 & X86_CR4_PKE);
		break;
	case 0x80000001:
		*c &= ~CPUID_8000_0001_ECX_SVM;
		break;
	case 0x8000000a:
		*a = *b = *c = *d = 0;
		break;
	}
}

void x86_rdpmc_refused(struct per_cpu *cpu, u32 counter, u64 rip)
{
	printk_guest(
		cpu,
		"CPU %u: cell %s: RDPMC of counter 0x%x at RIP 0x%llx refused: the performance counters are not the cell's (#GP)\n",
		cpu->id, cpu->cell->desc->name, counter,
		(unsigned long long)rip);
}

enum msr_exit x86_msr_exit(struct per_cpu *cpu, u32 msr, bool write, u64 *val,
			   u64 rip)
{
	switch (msr) {
	case MSR_X2APIC_ICR:
		/* an xAPIC-mode root's x2APIC MSRs #GP, as in hardware */
		if (!write || !apic_x2apic_on())
			break;
		apic_icr_write(cpu, *val);
		return MSR_EXIT_DONE;
	case MSR_X2APIC_TIMER_INIT:
	case MSR_IA32_TSC_DEADLINE:
		/* a regulated root CPU's timer writes (reg_timer.c) */
		if (cpu->cell != &root_cell || !write)
			break;
		reg_timer_write(cpu, msr, *val);
		return MSR_EXIT_DONE;
	case MSR_IA32_APIC_BASE:
	case MSR_AMD_PATCH_LOADER:
	case MSR_IA32_BIOS_UPDT_TRIG:
		/* intercepted for the root cell's writes only */
		if (cpu->cell != &root_cell || !write)
			break;
		switch (msr_root_write(cpu, msr, *val)) {
		case MSR_ROOT_DONE:
			wrmsr(msr, *val);
			return MSR_EXIT_DONE;
		case MSR_ROOT_DROPPED:
			return MSR_EXIT_DONE;
		default:
			return MSR_EXIT_GP;
		}
	}
	if (cpu->cell == &root_cell && write && cat_msr(msr))
		return cat_root_write(cpu, msr, *val);
	if (cpu->cell != &root_cell)
		cell_fail(cpu, "%s of MSR 0x%x at RIP 0x%llx refused",
			  write ? "write" : "read", msr,
			  (unsigned long long)rip);
	printk_guest(cpu, "CPU %u: %s of MSR 0x%x refused (#GP)\n", cpu->id,
		     write ? "write" : "read", msr);
	return MSR_EXIT_GP;
}
