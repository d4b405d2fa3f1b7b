/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Why VMRUN refused a guest: the consistency checks of the AMD APM vol. 2,
 * 15.5.1, applied to a VMCB, so that the console names the field at fault
 * instead of printing registers for someone to decode.
 */
#ifndef ASM_SVM_STATE_H
#define ASM_SVM_STATE_H

#include <bh/types.h>

struct vmcb;

/*
 * svm_state_fault() - the first check @vmcb fails, as a phrase
 * @efer_supported: the EFER bits this CPU implements (SVME included)
 *
 * Return: e.g. "EFER.SVME is clear", or NULL when none of the checks
 * known here fails (the hardware may know more).
 */
const char *svm_state_fault(const struct vmcb *vmcb, u64 efer_supported);

#endif
