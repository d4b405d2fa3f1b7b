// SPDX-License-Identifier: GPL-2.0
/*
 * Sharing a regulated root CPU's local APIC timer with Linux
 * (docs/regulation.md). SVM has no timer that makes a guest exit at a
 * given time, and regulation needs one: the end of a duty cycle's run
 * phase, the end of the root's minimum run in stop mode. So while a root
 * CPU is regulated, its writes of the timer's initial count and TSC
 * deadline trap; the hypervisor keeps Linux's deadline and arms the timer
 * for the earlier of Linux's and its own. The interrupt keeps Linux's
 * vector: when it fires for the hypervisor's deadline Linux takes an early
 * timer interrupt, finds nothing expired and arms the timer again, which
 * Linux's clockevents code does after every local timer interrupt. Linux
 * never gets its interrupt later than it asked.
 *
 * A timer in periodic mode (only while Linux boots) or masked (a CPU with
 * nothing to time) is left alone: that CPU exits at its next interrupt.
 */
#include <bh/hv.h>
#include <bh/percpu.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/reg_timer.h>

#define LVT_MASKED BIT(16)
#define LVT_MODE(lvt) (((lvt) >> 17) & 3)
#define LVT_ONESHOT 0
#define LVT_TSC_DEADLINE 2
/* deadlines further than this are armed at this distance: the count is
 * 32 bits, and a later exit only comes earlier than needed */
#define MAX_DELTA_MS 1000

struct reg_timer {
	u64 linux_deadline; /* TSC; 0: Linux has none armed */
	u64 ours; /* TSC; 0: none */
};

static struct reg_timer timers[MAX_CPUS];

/* TDCR bits 3, 1, 0: 000 is divide by 2 ... 110 by 128, 111 by 1. */
static u64 apic_divisor(void)
{
	u64 v = rdmsr(MSR_X2APIC_TIMER_DIV);
	u32 code = (v & 3) | ((v >> 1) & 4);

	return code == 7 ? 1 : 2ull << code;
}

/* Timer ticks to TSC ticks and back; 0 where the rate is not known. */
static u64 count_to_tsc(u64 count)
{
	u64 khz = cpu_apic_timer_khz();

	return khz ? count * apic_divisor() * hv_header.tsc_khz / khz : 0;
}

static u64 tsc_to_count(u64 tsc)
{
	u64 khz = cpu_apic_timer_khz();

	return khz ? tsc * khz / (hv_header.tsc_khz * apic_divisor()) : 0;
}

static void program(u64 deadline)
{
	u64 lvt = rdmsr(MSR_X2APIC_LVT_TIMER), now, delta, count;

	if (LVT_MODE(lvt) == LVT_TSC_DEADLINE) {
		wrmsr(MSR_IA32_TSC_DEADLINE, deadline);
		return;
	}
	/* without the rate (no cell has started) no count can be right */
	if (LVT_MODE(lvt) != LVT_ONESHOT || !cpu_apic_timer_khz())
		return;
	if (!deadline) {
		wrmsr(MSR_X2APIC_TIMER_INIT, 0);
		return;
	}
	now = rdtsc();
	delta = deadline > now ? deadline - now : 0;
	if (delta > hv_header.tsc_khz * MAX_DELTA_MS)
		delta = hv_header.tsc_khz * MAX_DELTA_MS;
	count = tsc_to_count(delta);
	/* a deadline already past fires at once: a count of 0 would stop */
	wrmsr(MSR_X2APIC_TIMER_INIT,
	      count ? (count > 0xffffffffull ? 0xffffffffull : count) : 1);
}

/*
 * Ours, 0 once passed: its exit has come, or is this one, and the end of
 * every exit of a regulated CPU arms the next anyway. Linux's deadline is
 * kept until its interrupt was seen (reg_timer_fired) or Linux arms the
 * timer again: a deadline in the past must still fire.
 */
static u64 ours_pending(struct reg_timer *t)
{
	if (t->ours && (s64)(rdtsc() - t->ours) >= 0)
		t->ours = 0;
	return t->ours;
}

static u64 earlier(u64 a, u64 b)
{
	if (!a)
		return b;
	if (!b)
		return a;
	return a < b ? a : b;
}

void reg_timer_begin(struct per_cpu *cpu)
{
	struct reg_timer *t = &timers[cpu->id];
	u64 lvt = rdmsr(MSR_X2APIC_LVT_TIMER), cur;

	t->ours = 0;
	t->linux_deadline = 0;
	if (lvt & LVT_MASKED)
		return;
	if (LVT_MODE(lvt) == LVT_TSC_DEADLINE) {
		t->linux_deadline = rdmsr(MSR_IA32_TSC_DEADLINE);
	} else if (LVT_MODE(lvt) == LVT_ONESHOT) {
		cur = rdmsr(MSR_X2APIC_TIMER_CUR);
		if (cur)
			t->linux_deadline = rdtsc() + count_to_tsc(cur);
	}
}

void reg_timer_end(struct per_cpu *cpu)
{
	struct reg_timer *t = &timers[cpu->id];

	/* armed for our deadline: Linux's alone from now on */
	if (t->ours && (!t->linux_deadline || t->ours < t->linux_deadline))
		program(t->linux_deadline);
	t->ours = 0;
}

void reg_timer_arm(struct per_cpu *cpu, u64 deadline)
{
	struct reg_timer *t = &timers[cpu->id];

	t->ours = deadline;
	program(earlier(deadline, t->linux_deadline));
}

void reg_timer_fired(struct per_cpu *cpu)
{
	struct reg_timer *t = &timers[cpu->id];

	/* the timer fires no later than Linux's deadline: if that has come,
	 * this is its interrupt, and arming for it again would fire twice */
	if (t->linux_deadline && (s64)(rdtsc() - t->linux_deadline) >= 0)
		t->linux_deadline = 0;
}

u8 reg_timer_vector(void)
{
	return rdmsr(MSR_X2APIC_LVT_TIMER) & 0xff;
}

void reg_timer_write(struct per_cpu *cpu, u32 msr, u64 val)
{
	struct reg_timer *t = &timers[cpu->id];
	u32 mode = LVT_MODE(rdmsr(MSR_X2APIC_LVT_TIMER));

	/* each register counts only in its own timer mode: the other's
	 * writes reach the hardware, which ignores them */
	if (msr == MSR_IA32_TSC_DEADLINE && mode == LVT_TSC_DEADLINE) {
		t->linux_deadline = val;
	} else if (msr == MSR_X2APIC_TIMER_INIT && mode == LVT_ONESHOT &&
		   cpu_apic_timer_khz()) {
		t->linux_deadline = val ? rdtsc() + count_to_tsc(val) : 0;
	} else {
		/* periodic, or no rate to convert with: Linux's as written */
		wrmsr(msr, val);
		if (msr == MSR_X2APIC_TIMER_INIT && mode == LVT_ONESHOT)
			t->linux_deadline = 0;
		return;
	}
	program(earlier(ours_pending(t), t->linux_deadline));
}
