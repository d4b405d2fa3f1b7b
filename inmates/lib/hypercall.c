// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls: the instruction depends on the CPU vendor (SVM has VMMCALL,
 * VMX has VMCALL). Without a hypervisor either one raises #UD; irq.c
 * hands that to hypercall_fixup(), and from then on hypercalls fail with
 * -ENOSYS at once, so that the library also runs where nothing answers
 * (its console then is the UART alone).
 */
#include <inmate/inmate.h>
#include "internal.h"

static bool use_vmmcall;
static bool bulkhead_cpuid;
static bool no_hypervisor;

static bool regs_equal(uint32_t b, uint32_t c, uint32_t d, const char *name)
{
	uint32_t r[3] = { b, c, d };

	return memcmp(r, name, 12) == 0;
}

void hypercall_init(void)
{
	uint32_t a, b, c, d;

	/* the vendor string is in EBX, EDX, ECX */
	cpuid(0, 0, &a, &b, &c, &d);
	use_vmmcall = regs_equal(b, d, c, "AuthenticAMD") ||
		      regs_equal(b, d, c, "HygonGenuine");

	cpuid(1, 0, &a, &b, &c, &d);
	if (c & (1u << 31)) {
		cpuid(BH_CPUID_LEAF, 0, &a, &b, &c, &d);
		bulkhead_cpuid = regs_equal(b, c, d, BH_CPUID_SIGNATURE);
	}
}

bool hypervisor_present(void)
{
	return bulkhead_cpuid;
}

long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2)
{
	if (no_hypervisor)
		return -ENOSYS;
	if (use_vmmcall)
		return hc_vmmcall(code, arg1, arg2);
	return hc_vmcall(code, arg1, arg2);
}

bool hypercall_fixup(struct isr_frame *f)
{
	if (f->rip != (uintptr_t)hc_vmmcall_insn &&
	    f->rip != (uintptr_t)hc_vmcall_insn)
		return false;
	no_hypervisor = true;
	f->rax = (uint64_t)-ENOSYS;
	f->rip += 3; /* VMMCALL and VMCALL are 3 bytes */
	return true;
}
