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

enum x86_nmi_owner {
	X86_NMI_MANAGEMENT, /* a request of the core's (cpu.c) */
	X86_NMI_WAKE, /* a wake-up of ours, perhaps late */
	X86_NMI_GUEST, /* neither: the guest's own, to give back */
};
/*
 * Whose an NMI the CPU took was, asked once per NMI: management first,
 * then wake-ups, each using one credit up (nmi_wake.c).
 */
enum x86_nmi_owner x86_nmi_owner(struct per_cpu *cpu);

#endif
