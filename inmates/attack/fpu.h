/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The attacks on extended register state (fpu.c): what one guest leaves
 * in the x87, SSE and AVX registers and XCR0, the next must not find.
 */
#ifndef ATTACK_FPU_H
#define ATTACK_FPU_H

#include <stdint.h>

/*
 * The value the root's tests/tools/fpu-fill and fpu_dirty() load into
 * every vector register: fpu_show() counts the 64-bit words equal to it.
 */
#define FPU_PATTERN 0x5ec2e7f00d5ec2e7ull

uint64_t fpu_dirty(void);
uint64_t fpu_show(void);

#endif
