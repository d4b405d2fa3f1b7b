// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX capability checks (asm/vmx_caps.h). A control MSR says in its
 * low half which controls must be 1 and in its high half which may be 1
 * (SDM vol. 3, appendix A.3-A.5); the TRUE_* variants, where present, let
 * default-1 controls be cleared, which we need for CR3 accesses to run
 * without exits.
 */
#include <bh/errno.h>
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/processor.h"
#include "include/asm/vmx.h"
#include "include/asm/vmx_caps.h"

/*
 * The value of controls @want in capability MSR @msr, with the bits it
 * forces to 1. False if a wanted control cannot be 1.
 */
static bool controls(u64 msr, u32 want, u32 *out)
{
	u32 must1 = (u32)msr, may1 = (u32)(msr >> 32);

	*out = (want | must1) & may1;
	return (want & ~may1) == 0;
}

/* Optional controls: those of @want the CPU offers. */
static u32 offered(u64 msr, u32 want)
{
	return want & (u32)(msr >> 32);
}

#define REFUSE(what)             \
	do {                     \
		*missing = what; \
		return -ENODEV;  \
	} while (0)

int vmx_caps_check(const struct vmx_msrs *m, struct vmx_setup *s,
		   const char **missing)
{
	bool true_ctls = m->basic & VMX_BASIC_TRUE_CTLS;
	u64 pin = true_ctls ? m->true_pin : m->pin;
	u64 proc = true_ctls ? m->true_proc : m->proc;
	u64 exit = true_ctls ? m->true_exit : m->exit;
	u64 entry = true_ctls ? m->true_entry : m->entry;
	u32 proc2_opt;

	*s = (struct vmx_setup){ 0 };
	if ((m->feature_control & FEATURE_CONTROL_LOCKED) &&
	    !(m->feature_control & FEATURE_CONTROL_VMX_OUTSIDE_SMX))
		REFUSE("VMX is disabled by the firmware (IA32_FEATURE_CONTROL locked without VMX)");
	s->enable_in_feature_control =
		!(m->feature_control & FEATURE_CONTROL_LOCKED);
	if (VMX_BASIC_MEMTYPE(m->basic) != EPTP_MEMTYPE_WB)
		REFUSE("write-back VMCS memory (IA32_VMX_BASIC)");
	if (m->basic & VMX_BASIC_32BIT_ADDRESSES)
		REFUSE("VMX structures above 4 GiB (IA32_VMX_BASIC bit 48)");
	s->revision = VMX_BASIC_REVISION(m->basic);

	/* NMIs are ours (management); virtual NMIs let us inject the
	 * guest's own ones with an NMI window */
	if (!controls(pin, PIN_NMI_EXITING | PIN_VIRTUAL_NMIS, &s->pin))
		REFUSE("NMI exiting with virtual NMIs (pin-based controls)");
	if (!controls(proc,
		      PROC_USE_IO_BITMAPS | PROC_USE_MSR_BITMAPS |
			      PROC_SECONDARY_CONTROLS,
		      &s->proc))
		REFUSE("I/O and MSR bitmaps with secondary controls (processor-based controls)");
	/* an exit-free guest: nothing of these may be forced on us */
	if (s->proc & (PROC_CR3_LOAD_EXITING | PROC_CR3_STORE_EXITING |
		       PROC_HLT_EXITING | PROC_UNCOND_IO_EXITING |
		       PROC_CR8_LOAD_EXITING | PROC_CR8_STORE_EXITING))
		REFUSE("CR3, CR8, HLT and I/O accesses without exits (processor-based controls)");
	if (!(m->proc2 >> 32 & PROC2_ENABLE_EPT))
		REFUSE("EPT (secondary controls)");
	if (!(m->proc2 >> 32 & PROC2_UNRESTRICTED_GUEST))
		REFUSE("unrestricted guest (secondary controls)");
	/* instructions Linux uses when CPUID says so; without their enable
	 * bits they raise #UD in a guest */
	proc2_opt = offered(m->proc2,
			    PROC2_ENABLE_RDTSCP | PROC2_ENABLE_INVPCID |
				    PROC2_ENABLE_XSAVES | PROC2_ENABLE_VPID);
	if (!controls(m->proc2,
		      PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST | proc2_opt,
		      &s->proc2))
		REFUSE("secondary controls");
	if (!controls(exit,
		      EXIT_HOST_ADDR_SPACE_SIZE | EXIT_SAVE_EFER |
			      EXIT_LOAD_EFER | EXIT_SAVE_PAT | EXIT_LOAD_PAT,
		      &s->exit))
		REFUSE("64-bit host with EFER and PAT saved and loaded (VM-exit controls)");
	if (!controls(entry, ENTRY_LOAD_EFER | ENTRY_LOAD_PAT, &s->entry))
		REFUSE("EFER and PAT loaded at VM entry (VM-entry controls)");
	/* set per guest, from its EFER.LMA: cells start in 32-bit mode */
	if ((u32)entry & ENTRY_IA32E_MODE_GUEST)
		REFUSE("32-bit guests (IA-32e mode guest is forced on)");
	if (!((entry >> 32) & ENTRY_IA32E_MODE_GUEST))
		REFUSE("64-bit guests (IA-32e mode guest, VM-entry controls)");

	if (!(m->ept_vpid & EPT_CAP_WALK_4))
		REFUSE("4-level EPT walks (IA32_VMX_EPT_VPID_CAP)");
	if (!(m->ept_vpid & EPT_CAP_MEMTYPE_WB))
		REFUSE("write-back EPT paging structures (IA32_VMX_EPT_VPID_CAP)");
	if (!(m->ept_vpid & EPT_CAP_2M))
		REFUSE("2 MiB EPT pages (IA32_VMX_EPT_VPID_CAP)");
	if (!(m->ept_vpid & EPT_CAP_INVEPT) ||
	    !(m->ept_vpid & (EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL)))
		REFUSE("INVEPT (IA32_VMX_EPT_VPID_CAP)");
	s->ept_1g = m->ept_vpid & EPT_CAP_1G;
	s->invept_single = m->ept_vpid & EPT_CAP_INVEPT_SINGLE;
	/* VPIDs only with a way to flush one of them */
	s->vpid = (s->proc2 & PROC2_ENABLE_VPID) &&
		  (m->ept_vpid & VPID_CAP_INVVPID) &&
		  (m->ept_vpid & VPID_CAP_INVVPID_SINGLE);
	if (!s->vpid)
		s->proc2 &= ~PROC2_ENABLE_VPID;

	s->preemption_timer = (pin >> 32) & PIN_PREEMPTION_TIMER;
	s->rdpmc_exiting = (proc >> 32) & PROC_RDPMC_EXITING;
	s->preemption_rate = VMX_MISC_PREEMPTION_RATE(m->misc);

	/* fixed0: bits that must be 1; fixed1: bits that may be 1 */
	s->cr0_must1 = m->cr0_fixed0 & ~(X86_CR0_PE | X86_CR0_PG);
	s->cr0_must0 = ~m->cr0_fixed1 & 0xffffffffull;
	s->cr4_must1 = m->cr4_fixed0;
	s->cr4_must0 = ~m->cr4_fixed1 & 0xffffffffull;
	if (s->cr0_must1 & ~X86_CR0_NE)
		REFUSE("guests with CR0 bits other than NE free (IA32_VMX_CR0_FIXED0)");
	if (s->cr4_must1 & ~X86_CR4_VMXE)
		REFUSE("guests with CR4 bits other than VMXE free (IA32_VMX_CR4_FIXED0)");
	*missing = NULL;
	return 0;
}
