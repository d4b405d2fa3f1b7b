/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root CPU's local APIC timer, shared with regulation where the CPU
 * has no timer of the hypervisor's own (SVM): see reg_timer.c.
 */
#ifndef ASM_REG_TIMER_H
#define ASM_REG_TIMER_H

#include <bh/types.h>

struct per_cpu;

/* The CPU is regulated from now on: learn Linux's pending deadline. */
void reg_timer_begin(struct per_cpu *cpu);
/* Give the timer back, armed for Linux's deadline alone. */
void reg_timer_end(struct per_cpu *cpu);
/* Fire at TSC @deadline (0: no need) or at Linux's, whichever is first. */
void reg_timer_arm(struct per_cpu *cpu, u64 deadline);
/* The timer's vector was taken: Linux's deadline, if due, is served. */
void reg_timer_fired(struct per_cpu *cpu);
/* The vector the timer interrupts with (Linux's). */
u8 reg_timer_vector(void);
/* The root wrote the initial count or the TSC deadline (intercepted
 * while regulated): Linux's deadline is now @val's. */
void reg_timer_write(struct per_cpu *cpu, u32 msr, u64 val);

#endif
