// SPDX-License-Identifier: GPL-2.0
/*
 * Regulation of a root CPU on SVM (docs/regulation.md). SVM has no
 * preemption timer, so a regulated root CPU exits on its external
 * interrupts (INTR intercept) and its local APIC timer is shared with
 * Linux (reg_timer.c), whose writes to it trap meanwhile (the root's
 * second MSR permission map). Outside requests the root runs with neither:
 * its exits stay what they are without regulation.
 *
 * With the INTR intercept the interrupt that made the CPU exit is still
 * pending when the guest runs again, and would make it exit again at
 * once: the hypervisor takes it through its own IDT and injects it, and
 * the guest's EOI to the local APIC ends it as usual.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/pages.h>
#include <bh/percpu.h>
#include <bh/spinlock.h>
#include <asm/apic.h>
#include <asm/host_events.h>
#include <asm/processor.h>
#include <asm/reg_timer.h>
#include <asm/svm_cpu.h>

void svm_gif_halt(void);
void svm_interrupt_window(void);

/* NMIs taken while GIF was open: ours, or the guest's to give back. */
static void nmis_taken(struct per_cpu *cpu, struct arch_cpu *ac, u32 before)
{
	u32 n = READ_ONCE(hv_nmis_taken[cpu->id]) - before;

	for (; n; n--)
		if (x86_nmi_owner(cpu) == X86_NMI_GUEST)
			ac->nmi.to_inject = true;
}

bool svm_regulation_possible(const char **why)
{
	/* it shares a root CPU's timer through the x2APIC MSRs */
	*why = "SVM shares the root's local APIC timer, which needs the root's local APIC in x2APIC mode; it is in xAPIC mode";
	return !apic_root_xapic;
}

void svm_regulation_enter(struct per_cpu *cpu)
{
	struct arch_cpu *ac = cpu->arch;

	ac->vmcb->control.intercept1 |= SVM_INTERCEPT_INTR;
	ac->vmcb->control.msrpm_pa =
		pa_addr(page_to_phys(root_cell.arch->msrpm_regulated));
	reg_timer_begin(cpu);
}

void svm_regulation_leave(struct per_cpu *cpu)
{
	struct arch_cpu *ac = cpu->arch;

	ac->vmcb->control.intercept1 &= ~SVM_INTERCEPT_INTR;
	ac->vmcb->control.msrpm_pa =
		pa_addr(page_to_phys(root_cell.arch->msrpm));
	reg_timer_end(cpu);
}

void svm_regulation_arm(struct per_cpu *cpu, u64 deadline)
{
	reg_timer_arm(cpu, deadline);
}

void svm_sleep_until_nmi(struct per_cpu *cpu)
{
	u32 before = READ_ONCE(hv_nmis_taken[cpu->id]);

	svm_gif_halt();
	nmis_taken(cpu, cpu->arch, before);
}

void svm_take_interrupt(struct per_cpu *cpu, struct arch_cpu *ac)
{
	struct vmcb *vmcb = ac->vmcb;
	u32 before = READ_ONCE(hv_nmis_taken[cpu->id]);
	s32 vector;

	/* an event being delivered goes first; the interrupt stays pending
	 * and makes the CPU exit again once it is delivered */
	if (vmcb->control.event_inj & SVM_EVTINJ_VALID)
		return;
	hv_irq_taken[cpu->id] = -1;
	svm_interrupt_window();
	vector = READ_ONCE(hv_irq_taken[cpu->id]);
	if (vector >= 0) {
		vmcb->control.event_inj =
			SVM_EVTINJ_VALID | (u32)vector |
			(SVM_EVTINJ_TYPE_INTR << SVM_EVTINJ_TYPE_SHIFT);
		if ((u32)vector == reg_timer_vector())
			reg_timer_fired(cpu);
	}
	nmis_taken(cpu, ac, before);
}
