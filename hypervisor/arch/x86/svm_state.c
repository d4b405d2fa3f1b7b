// SPDX-License-Identifier: GPL-2.0
/*
 * The guest-state checks VMRUN makes (asm/svm_state.h). Only used to
 * explain a refusal after the fact: what we write into a VMCB is checked
 * where it is written (EFER in efer.c), so that no guest reaches these.
 */
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/efer.h"
#include "include/asm/processor.h"
#include "include/asm/svm.h"
#include "include/asm/svm_state.h"

/* CS attribute bits in the VMCB's packed form */
#define SEG_ATTR_L (1u << 9)
#define SEG_ATTR_D (1u << 10)
#define CR3_MBZ_LONG 0xfff0000000000000ull

const char *svm_state_fault(const struct vmcb *vmcb, u64 efer_supported)
{
	const struct vmcb_save *s = &vmcb->save;
	bool long_paging = (s->efer & EFER_LME) && (s->cr0 & X86_CR0_PG);

	if (!(s->efer & EFER_SVME))
		return "EFER.SVME is clear";
	if (s->efer & ~(efer_supported | EFER_LMA))
		return "EFER has bits this CPU does not implement";
	if ((s->cr0 & X86_CR0_NW) && !(s->cr0 & X86_CR0_CD))
		return "CR0.NW is set without CR0.CD";
	if (s->cr0 >> 32)
		return "CR0 bits 63:32 are not zero";
	if (long_paging && (s->cr3 & CR3_MBZ_LONG))
		return "CR3 has bits set above the physical address width";
	if (s->cr4 >> 32)
		return "CR4 bits 63:32 are not zero";
	if (s->dr6 >> 32)
		return "DR6 bits 63:32 are not zero";
	if (s->dr7 >> 32)
		return "DR7 bits 63:32 are not zero";
	if (long_paging && !(s->cr4 & X86_CR4_PAE))
		return "EFER.LME and CR0.PG are set, CR4.PAE is clear";
	if (long_paging && !(s->cr0 & X86_CR0_PE))
		return "EFER.LME and CR0.PG are set, CR0.PE is clear";
	if (long_paging && (s->cr4 & X86_CR4_PAE) &&
	    (s->cs.attrib & SEG_ATTR_L) && (s->cs.attrib & SEG_ATTR_D))
		return "CS.L and CS.D are both set in long mode";
	if (!(vmcb->control.intercept2 & SVM_INTERCEPT_VMRUN))
		return "the VMRUN intercept is clear";
	if (vmcb->control.asid == 0)
		return "the ASID is 0";
	return NULL;
}
