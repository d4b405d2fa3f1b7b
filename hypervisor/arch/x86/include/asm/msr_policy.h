/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which MSR accesses exit, for both vendors (docs/architecture.md, the
 * root cell's MSR policy): one table of rules, which each vendor writes
 * into its own bitmap format, adding only the MSRs of its own
 * virtualization extension.
 */
#ifndef ASM_MSR_POLICY_H
#define ASM_MSR_POLICY_H

#include <bh/types.h>

/*
 * Sets (@intercept) or clears the exit of reads and/or writes of @msr in
 * a vendor's bitmap @map; MSRs the format cannot name always exit.
 */
typedef void (*msr_map_set)(u8 *map, u32 msr, bool read, bool write,
			    bool intercept);

/* The root cell's: on a map where nothing exits, the writes that must. */
void msr_policy_root(u8 *map, msr_map_set set);

/* A cell's: on a map where everything exits, what it may do without. */
void msr_policy_cell(u8 *map, msr_map_set set);

/* The shared CPUID view: hypervisor present, our leaf, no SVM, no VMX;
 * the bits that mirror CR4 (OSXSAVE, OSPKE) from @guest_cr4. */
void x86_cpuid(u32 leaf, u32 sub, u64 guest_cr4, u32 *a, u32 *b, u32 *c,
	       u32 *d);

struct per_cpu;

enum msr_exit {
	MSR_EXIT_DONE, /* carried out or dropped: the instruction completes */
	MSR_EXIT_GP, /* the guest gets #GP */
};

/*
 * An intercepted access to an MSR both vendors treat alike (the x2APIC
 * ICR, a regulated root's timer, the root's APIC base and microcode
 * loads); anything else is refused: a cell fails (no return), the root
 * gets #GP. @val: the value written, or where a read's value goes.
 */
enum msr_exit x86_msr_exit(struct per_cpu *cpu, u32 msr, bool write, u64 *val,
			   u64 rip);

/*
 * A cell's RDPMC, which both backends intercept for cells only: the
 * counters are the root's, stopped and cleared at every handover
 * (pmu_handover.c), but AMD's northbridge and L3 counters are shared by
 * every core and not cleared, and RDPMC reads them. The cell gets the
 * #GP of a counter that does not exist; a console line says so.
 */
void x86_rdpmc_refused(struct per_cpu *cpu, u32 counter, u64 rip);

#endif
