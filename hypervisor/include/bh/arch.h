/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the core needs from the architecture. Each arch implements these;
 * the core includes only this header, never the arch's own.
 */
#ifndef BH_ARCH_H
#define BH_ARCH_H

#include <bh/paging.h>
#include <bh/types.h>

struct cell;
struct per_cpu;

/* Once, on the first CPU: detect the virtualization extension (SVM or
 * VMX) and anything global. Prints why and returns -ENODEV if none. */
int arch_init(void);

/* Page-table format of the cells' second-level (nested) tables. */
const struct paging_format *arch_nested_paging(void);

/* Arch part of a cell: intercept bitmaps from the cell's config. */
int arch_cell_init(struct cell *cell);
void arch_cell_destroy(struct cell *cell);
/*
 * Which ports of @cell exit: again from its config and, for the root
 * cell, minus the ports of every cell that exists now. Takes effect at
 * the cell's CPUs' next port access.
 */
void arch_cell_ports_changed(struct cell *cell);

/* Per CPU: enable the extension and build the guest state that continues
 * Linux where it entered. */
int arch_cpu_init(struct per_cpu *cpu);

/* Enter the guest on this CPU and handle its exits; never returns. */
void arch_cpu_activate(struct per_cpu *cpu) __attribute__((noreturn));

/* Return this CPU to Linux without the hypervisor, Linux seeing @result as
 * the outcome of its call (0 after a disable, -errno on a failed enable). */
void arch_cpu_leave(struct per_cpu *cpu, long result) __attribute__((noreturn));

/* Undo arch_cpu_init on a CPU that never ran a guest. */
void arch_cpu_cleanup(struct per_cpu *cpu);

/*
 * Use @cpu's cell (nested tables, intercepts, ASID) at its next start.
 * Called by the CPU that moves @cpu, which is parked meanwhile.
 */
void arch_cpu_set_cell(struct per_cpu *cpu, struct cell *cell);

/* Have the CPU flush its guest TLB before it next runs the guest. */
void arch_cpu_flush_tlb(struct per_cpu *cpu);

/* Start a parked CPU at a cell's entry state (docs/inmates.md) with @arg
 * in ESI; never returns. */
void arch_cpu_start(struct per_cpu *cpu, u64 entry, u64 arg)
	__attribute__((noreturn));

/* A parked CPU now waits for INIT/SIPI from its cell, as on hardware. */
void arch_cpu_wait_for_sipi(struct per_cpu *cpu);

/* A parked CPU forgets an INIT/SIPI it got: it is to start otherwise. */
void arch_cpu_forget_sipi(struct per_cpu *cpu);

/*
 * The CPU stops running its guest: leave nothing of the guest's armed on
 * it (its local APIC as an INIT leaves it), so that whoever runs on the CPU
 * next, the same cell, another one or Linux, starts from a clean state.
 */
void arch_cpu_park_enter(struct per_cpu *cpu);

/* Called in the park loop: starts the CPU if its SIPI came (no return). */
void arch_cpu_park_poll(struct per_cpu *cpu);

/*
 * Deliver the MSI a device of @cell raises (address and data as its MSI-X
 * entry says) to the CPU it names, as an IPI. The destination must be a
 * CPU of @cell: -EPERM otherwise; -EINVAL for a format or delivery mode we
 * do not deliver; -ENODEV when a remappable address finds no valid entry.
 */
int arch_msi_send(struct cell *cell, u64 addr, u32 data);

/*
 * Regulation of a root CPU (core/regulation.c). Enter: from now on the CPU
 * exits at every external interrupt and whenever arch_regulation_arm asks;
 * leave: as before. Arm: exit at TSC @deadline at the latest, without
 * taking the guest's own timer away from it. Supported: whether this
 * machine can; if not, @why says what it lacks.
 */
bool arch_regulation_supported(const char **why);
void arch_regulation_enter(struct per_cpu *cpu);
void arch_regulation_leave(struct per_cpu *cpu);
void arch_regulation_arm(struct per_cpu *cpu, u64 deadline);

/*
 * Wait in the hypervisor without running until an NMI comes: one of
 * arch_cpu_wake() or cpu_kick(); an NMI that was neither goes to the
 * guest later. Wake: such an NMI, which the CPU will not give its guest
 * whenever it arrives.
 */
void arch_cpu_sleep_until_nmi(struct per_cpu *cpu);
void arch_cpu_wake(struct per_cpu *cpu);

/*
 * Fault injection (core/fault_inject.c), on the CPU itself: make its next
 * entry into its guest fail the hardware's guest state checks, as a bug
 * of ours letting bad state through would.
 */
void arch_fault_corrupt_guest_state(struct per_cpu *cpu);

/* An INIT for the CPU waits (it must park and wait for a SIPI). */
bool arch_cpu_init_pending(struct per_cpu *cpu);

/* An NMI to the CPU, for management requests. */
void arch_send_nmi(struct per_cpu *cpu);

/* Input clock of the local APIC timer in kHz, measured against the TSC
 * on the calling CPU, whose APIC timer must be free. */
u64 arch_apic_timer_khz(void);

void arch_console_putc(char c);
void arch_console_init(void);
void arch_cpu_relax(void);
void arch_panic_stop(void) __attribute__((noreturn));
u64 arch_read_tsc(void);

#endif
