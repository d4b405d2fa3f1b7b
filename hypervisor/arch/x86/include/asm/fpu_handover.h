/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_FPU_HANDOVER_H
#define ASM_FPU_HANDOVER_H

/*
 * On the calling CPU, whenever it stops running a guest: every x87, SSE,
 * AVX (and further XCR0-managed) register to its initial state, XCR0 to
 * its power-on value 1. The next guest finds nothing of the last one.
 */
void fpu_handover_reset(void);

#endif
