/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MSR_HANDOVER_H
#define ASM_MSR_HANDOVER_H

struct per_cpu;

/* At enable, on @cpu: record the MSRs a guest must not inherit. */
void msr_handover_record(struct per_cpu *cpu);

/* On @cpu, whenever it stops running a guest: put them back (reported
 * when changed) and stop the performance counters. */
void msr_handover_restore(struct per_cpu *cpu);

#endif
