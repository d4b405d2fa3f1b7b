/* SPDX-License-Identifier: GPL-2.0 */
/* State of the SVM backend shared between its setup and exit handling. */
#ifndef ASM_SVM_CPU_H
#define ASM_SVM_CPU_H

#include <bh/types.h>
#include <asm/processor.h>
#include <asm/svm.h>
#include <asm/svm_nmi.h>

struct per_cpu;

struct arch_cpu {
	struct per_cpu *cpu;
	struct vmcb *vmcb;
	paddr_t vmcb_pa;
	void *hsave;
	struct guest_regs *regs; /* at the top of the CPU's stack */
	struct svm_nmi nmi; /* the guest's own NMIs */
	bool launched; /* ran a guest: leaving resumes the guest's code */
};

struct arch_cell {
	u8 *msrpm; /* 2 pages */
	/* root only: msrpm plus its timer writes, while regulated */
	u8 *msrpm_regulated;
	u8 *iopm; /* 3 pages */
	u32 asid;
};

extern bool svm_has_nrips;
/* under QEMU's TCG: an NMI exit after each injected interrupt (svm_exit.c) */
extern bool svm_tcg_interrupt_quirk;

struct arch_cpu *svm_cpu_of_regs(struct guest_regs *regs);
void svm_handle_exit(struct guest_regs *regs);
void svm_vmrun_loop(struct guest_regs *regs) __attribute__((noreturn));

/* Regulation of a root CPU (svm_regulation.c). */
bool svm_regulation_possible(const char **why);
void svm_regulation_enter(struct per_cpu *cpu);
void svm_regulation_leave(struct per_cpu *cpu);
void svm_regulation_arm(struct per_cpu *cpu, u64 deadline);
void svm_sleep_until_nmi(struct per_cpu *cpu);
/* After an INTR exit: take the interrupt and inject it into the guest. */
void svm_take_interrupt(struct per_cpu *cpu, struct arch_cpu *ac);

#endif
