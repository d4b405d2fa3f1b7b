/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Events the hypervisor's own IDT takes (entry.S), per CPU. The
 * hypervisor runs with interrupts off and, on SVM, GIF clear; it lets
 * NMIs and one external interrupt in only where it opens a window for
 * them, and then needs to know what came.
 */
#ifndef ASM_HOST_EVENTS_H
#define ASM_HOST_EVENTS_H

#include <bh/types.h>

/* NMIs taken by the hypervisor itself, counted by nmi_stub. */
extern u32 hv_nmis_taken[];
/* The vector irq_common took in a window, -1 before. */
extern s32 hv_irq_taken[];

struct per_cpu;
/*
 * An NMI the CPU took: was it a wake-up of ours (arch_cpu_wake), perhaps
 * come late? Uses one up (nmi_wake.c).
 */
bool x86_nmi_was_wake(struct per_cpu *cpu);

#endif
