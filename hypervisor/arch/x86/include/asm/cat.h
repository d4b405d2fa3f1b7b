/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L3 cache allocation's hardware side (cat.c): CPUID, the MSR writes on
 * each CPU, and the root's writes to the allocation MSRs. The plan it
 * follows is asm/cat_plan.h's.
 */
#ifndef ASM_CAT_H
#define ASM_CAT_H

#include <bh/types.h>
#include <asm/cat_plan.h>
#include <asm/msr_policy.h>

#define CAT_PQR_COS_SHIFT 32
#define CAT_PQR_RMID_MASK 0x3ffull

struct cell;
struct per_cpu;

/* cat.c: once at enable, from this CPU's CPUID (and QOS_CFG for CDP). */
void cat_init(void);
/* At enable on each CPU: Linux's class of service gives way to COS 0. */
void cat_cpu_init(struct per_cpu *cpu);
/* Ways and a COS for a new cell that asks for them; the refusal names
 * what is missing. Nothing for the root or a cell without cache-ways. */
int cat_cell_init(struct cell *cell);
/* The cell's ways and COS go back; the root's mask grows on this CPU. */
void cat_cell_destroy(struct cell *cell);
/* @cpu enters its cell (a start, a SIPI, the root's CPU coming back):
 * its COS, that COS's mask and the root's, in @cpu's own L3. */
void cat_cpu_enter(struct per_cpu *cpu);
/* @cpu parks: COS 0 until it enters a cell again. */
void cat_cpu_park(struct per_cpu *cpu);
/* Is @msr IA32_PQR_ASSOC or an L3 mask, whose root writes come here? */
bool cat_msr(u32 msr);
/* The root's write of @val to such an @msr (docs/regulation.md#cache). */
enum msr_exit cat_root_write(struct per_cpu *cpu, u32 msr, u64 val);

#endif
