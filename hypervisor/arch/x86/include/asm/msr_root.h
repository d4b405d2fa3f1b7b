/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MSR_ROOT_H
#define ASM_MSR_ROOT_H

#include <bh/types.h>

struct per_cpu;

enum {
	MSR_ROOT_DONE, /* carried out (or nothing to do) */
	MSR_ROOT_DROPPED, /* ignored, the instruction completes */
	MSR_ROOT_REFUSED, /* #GP */
};

/* A root cell's write of @val to an intercepted @msr; one of the above. */
int msr_root_write(struct per_cpu *cpu, u32 msr, u64 val);

#endif
