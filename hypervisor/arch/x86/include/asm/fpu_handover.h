/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_FPU_HANDOVER_H
#define ASM_FPU_HANDOVER_H

/*
 * On the calling CPU, whenever it stops running a guest: every x87, SSE,
 * AVX (and further XCR0-managed) register to its initial state, XCR0 to
 * its power-on value 1. The next guest finds nothing of the last one.
 */
void fpu_handover_reset(void);

/*
 * On the calling CPU, before it first runs a guest: CR4.OSXSAVE on where
 * the CPU has XSAVE, whatever Linux chose. The hypervisor executes XSETBV
 * for guests (VMX makes it exit) and XRSTOR above; with OSXSAVE off both
 * raise #UD in the hypervisor, and the reset could only take the FXRSTOR
 * path, which leaves the upper halves of the AVX registers. A CPU that
 * leaves unentered gets Linux's CR4 back (x86_prepare_unentered_return);
 * one that ran Linux as its guest gets the guest's.
 */
void fpu_host_init(void);

#endif
