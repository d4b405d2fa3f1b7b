// SPDX-License-Identifier: GPL-2.0
/*
 * Regulation of a root CPU on VMX (docs/regulation.md): the VMX
 * preemption timer makes a regulated root CPU exit when its run phase
 * ends. Unlike SVM (svm_regulation.c) nothing of the local APIC is
 * touched: Linux's interrupts reach it directly while it runs and wait
 * in its local APIC while it is held, its timer is its own, and a root in
 * xAPIC mode can be regulated too. Outside requests the timer is off and
 * the root's exits are what they are without regulation.
 *
 * The timer counts down only in the guest and restarts from the VMCS
 * field at every entry, so the field is written from the deadline before
 * each entry (vmx_regulation_refresh), whatever made the CPU exit.
 */
#include <bh/percpu.h>
#include <bh/spinlock.h>
#include <asm/host_events.h>
#include <asm/processor.h>
#include <asm/vmx_cpu.h>

void vmx_nmi_halt(const u32 *taken, u32 seen);

/* the field is 32 bits wide; a longer wait exits early and re-arms */
#define TIMER_MAX 0xffffffffull

void vmx_regulation_enter(struct per_cpu *cpu)
{
	cpu->arch->reg_deadline = 0;
	vmwrite(VMCS_PIN_CONTROLS,
		vmread(VMCS_PIN_CONTROLS) | PIN_PREEMPTION_TIMER);
}

void vmx_regulation_leave(struct per_cpu *cpu)
{
	cpu->arch->reg_deadline = 0;
	vmwrite(VMCS_PIN_CONTROLS,
		vmread(VMCS_PIN_CONTROLS) & ~PIN_PREEMPTION_TIMER);
}

void vmx_regulation_arm(struct per_cpu *cpu, u64 deadline)
{
	cpu->arch->reg_deadline = deadline;
}

void vmx_regulation_refresh(struct arch_cpu *ac)
{
	u64 now, ticks = 0;

	if (!ac->reg_deadline)
		return;
	now = rdtsc();
	if (ac->reg_deadline > now)
		ticks = (ac->reg_deadline - now) >> vmx_setup.preemption_rate;
	vmwrite(VMCS_PREEMPTION_TIMER, ticks < TIMER_MAX ? ticks : TIMER_MAX);
}

/*
 * NMIs taken while asleep: ours (a management request, which the caller
 * serves, or a wake-up) or Linux's own, given back at the next entry.
 */
void vmx_sleep_until_nmi(struct per_cpu *cpu)
{
	struct arch_cpu *ac = cpu->arch;

	vmx_nmi_halt(&hv_nmis_taken[cpu->id], ac->nmis_seen);
	while (ac->nmis_seen != READ_ONCE(hv_nmis_taken[cpu->id])) {
		ac->nmis_seen++;
		if (x86_nmi_owner(cpu) == X86_NMI_GUEST)
			ac->nmi_to_inject = true;
	}
}

bool vmx_regulation_possible(const char **why)
{
	*why = "the CPU has no VMX preemption timer";
	return vmx_setup.preemption_timer;
}
