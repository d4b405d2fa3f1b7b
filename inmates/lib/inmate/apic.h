/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The local APIC in x2APIC mode (MSRs only), and its timer. The library
 * enables the APIC on every CPU it starts (spurious vector
 * APIC_SPURIOUS_VECTOR, task priority 0, timer masked, divide by 1).
 */
#ifndef INMATE_APIC_H
#define INMATE_APIC_H

#include <stdbool.h>
#include <stdint.h>

#define X2APIC_ID 0x802
#define X2APIC_TPR 0x808
#define X2APIC_EOI 0x80b
#define X2APIC_SVR 0x80f
#define X2APIC_ISR0 0x810 /* ISR bits 0-31; 0x811-0x817 the rest */
#define X2APIC_ICR 0x830
#define X2APIC_LVT_TIMER 0x832
#define X2APIC_LVT_PERF 0x834
#define X2APIC_LVT_LINT0 0x835
#define X2APIC_LVT_LINT1 0x836
#define X2APIC_LVT_ERROR 0x837
#define X2APIC_TIMER_INIT 0x838
#define X2APIC_TIMER_CUR 0x839
#define X2APIC_TIMER_DIV 0x83e

#define APIC_SPURIOUS_VECTOR 0xff

/* ICR low word: delivery mode, level. */
#define APIC_DM_FIXED 0x000
#define APIC_DM_NMI 0x400
#define APIC_DM_INIT 0x500
#define APIC_DM_STARTUP 0x600
#define APIC_LEVEL_ASSERT 0x4000

/*
 * The local APIC as this CPU found it when the cell started it, before the
 * library set it up: what the previous guest of the CPU left, after the
 * hypervisor's reset. For tests of that reset.
 */
struct apic_entry_state {
	uint64_t svr, tpr, lvt_timer, lvt_perf, lvt_lint0, lvt_lint1;
	uint64_t lvt_error, timer_init, isr_vectors;
};
const struct apic_entry_state *apic_entry_state(void);

uint32_t apic_id(void);
void apic_eoi(void);
/* Writes the ICR: @icr_low (mode, vector) to @dest_apic_id. */
void apic_send_ipi(uint32_t dest_apic_id, uint32_t icr_low);
uint64_t apic_icr_value(uint32_t dest_apic_id, uint32_t icr_low);

enum timer_mode {
	TIMER_ONESHOT, /* counts down an initial count at apic_khz */
	TIMER_TSC_DEADLINE, /* fires when the TSC reaches IA32_TSC_DEADLINE */
};

/* CPUID.1:ECX[24]. */
bool timer_has_tsc_deadline(void);
/*
 * This CPU's timer raises @vector in @mode (register a handler first). It
 * stays disarmed until timer_arm_at().
 */
void timer_setup(unsigned int vector, enum timer_mode mode);
enum timer_mode timer_mode(void);
/*
 * Fire once when the TSC reaches @tsc (at once if it has). In one-shot
 * mode the remaining time is converted into an APIC count now, so the
 * wake-up is as exact as tsc_khz and apic_khz are.
 */
void timer_arm_at(uint64_t tsc);
/* One-shot mode: fire after @count APIC timer ticks (divide by 1). */
void timer_arm_count(uint32_t count);
void timer_cancel(void);

#endif
