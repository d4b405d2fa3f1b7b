// SPDX-License-Identifier: GPL-2.0
/*
 * x2APIC: set-up, EOI, IPIs and the timer. The hypervisor passes these
 * MSRs through (except ICR writes, which it checks), so none of this
 * leaves the cell in steady state.
 */
#include <inmate/inmate.h>
#include "internal.h"

#define SVR_APIC_ENABLE 0x100
#define LVT_MASKED 0x10000
#define LVT_TIMER_TSC_DEADLINE 0x40000 /* mode 10b in bits 18:17 */
#define TIMER_DIVIDE_BY_1 0xb
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)

static struct apic_entry_state entry_state[SMP_MAX_CPUS];

const struct apic_entry_state *apic_entry_state(void)
{
	return &entry_state[this_cpu()->index];
}

/* Before apic_init(): what the CPU came with. */
static void apic_record_entry_state(void)
{
	struct apic_entry_state *e = &entry_state[this_cpu()->index];
	unsigned int i;

	e->svr = rdmsr(X2APIC_SVR);
	e->tpr = rdmsr(X2APIC_TPR);
	e->lvt_timer = rdmsr(X2APIC_LVT_TIMER);
	e->lvt_perf = rdmsr(X2APIC_LVT_PERF);
	e->lvt_lint0 = rdmsr(X2APIC_LVT_LINT0);
	e->lvt_lint1 = rdmsr(X2APIC_LVT_LINT1);
	e->lvt_error = rdmsr(X2APIC_LVT_ERROR);
	e->timer_init = rdmsr(X2APIC_TIMER_INIT);
	e->isr_vectors = 0;
	for (i = 0; i < 8; i++)
		for (uint64_t isr = rdmsr(X2APIC_ISR0 + i); isr; isr &= isr - 1)
			e->isr_vectors++;
}

void apic_init(void)
{
	apic_record_entry_state();
	wrmsr(X2APIC_TPR, 0);
	wrmsr(X2APIC_SVR, SVR_APIC_ENABLE | APIC_SPURIOUS_VECTOR);
	wrmsr(X2APIC_LVT_TIMER, LVT_MASKED);
	/*
	 * An 8259 PIC (legacy timer) reaches a CPU through LINT0 in ExtINT
	 * mode, on vectors that look like exceptions; a cell has none.
	 */
	wrmsr(X2APIC_LVT_LINT0, LVT_MASKED);
	wrmsr(X2APIC_TIMER_INIT, 0);
	/* apic_khz in the comm region is the input at divide-by-1 */
	wrmsr(X2APIC_TIMER_DIV, TIMER_DIVIDE_BY_1);
}

uint32_t apic_id(void)
{
	return (uint32_t)rdmsr(X2APIC_ID);
}

void apic_eoi(void)
{
	wrmsr(X2APIC_EOI, 0);
}

uint64_t apic_icr_value(uint32_t dest_apic_id, uint32_t icr_low)
{
	return ((uint64_t)dest_apic_id << 32) | icr_low;
}

void apic_send_ipi(uint32_t dest_apic_id, uint32_t icr_low)
{
	/*
	 * An x2APIC MSR write is not serializing: without the fence the
	 * target could start before our stores (its stack, say) are visible.
	 */
	asm volatile("mfence" ::: "memory");
	wrmsr(X2APIC_ICR, apic_icr_value(dest_apic_id, icr_low));
}

bool timer_has_tsc_deadline(void)
{
	uint32_t a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return c & CPUID1_ECX_TSC_DEADLINE;
}

void timer_setup(unsigned int vector, enum timer_mode mode)
{
	this_cpu()->timer_mode = mode;
	/*
	 * Changing the mode disarms the timer; IA32_TSC_DEADLINE is left
	 * alone, since it faults on CPUs without the feature.
	 */
	wrmsr(X2APIC_TIMER_INIT, 0);
	if (mode == TIMER_TSC_DEADLINE) {
		wrmsr(X2APIC_LVT_TIMER, LVT_TIMER_TSC_DEADLINE | vector);
		/* the SDM asks for this between the mode switch and a deadline */
		asm volatile("mfence" ::: "memory");
	} else {
		wrmsr(X2APIC_LVT_TIMER, vector);
	}
}

enum timer_mode timer_mode(void)
{
	return this_cpu()->timer_mode;
}

void timer_arm_at(uint64_t tsc)
{
	uint64_t now, count;

	if (this_cpu()->timer_mode == TIMER_TSC_DEADLINE) {
		/* 0 would disarm; TSC 1 is long past anyway */
		wrmsr(MSR_TSC_DEADLINE, tsc ? tsc : 1);
		return;
	}
	now = rdtsc();
	if ((int64_t)(tsc - now) <= 0) {
		count = 1;
	} else {
		/* rounded up: rounding must not make the timer early */
		count = mul_div_up(tsc - now, comm()->apic_khz, tsc_khz());
		if (count > 0xffffffff)
			count = 0xffffffff;
	}
	wrmsr(X2APIC_TIMER_INIT, count);
}

void timer_arm_count(uint32_t count)
{
	wrmsr(X2APIC_TIMER_INIT, count);
}

void timer_cancel(void)
{
	if (this_cpu()->timer_mode == TIMER_TSC_DEADLINE)
		wrmsr(MSR_TSC_DEADLINE, 0);
	else
		wrmsr(X2APIC_TIMER_INIT, 0);
}
