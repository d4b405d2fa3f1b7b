// SPDX-License-Identifier: GPL-2.0
/*
 * SVM exit handling. Intercepts are few (see vmcb_set_control); each one
 * here either emulates what the guest asked for or refuses it with a
 * console line.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/mmio.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/regulation.h>
#include <bh/spinlock.h>
#include <bh/string.h>
#include <bulkhead/hypercall.h>
#include <asm/apic.h>
#include <asm/host_events.h>
#include <asm/efer.h>
#include <asm/guest_access.h>
#include <asm/mmio.h>
#include <asm/msr.h>
#include <asm/msr_policy.h>
#include <asm/pci_pio.h>
#include <asm/processor.h>
#include <asm/reg_timer.h>
#include <asm/svm_cpu.h>
#include <asm/svm_state.h>

/* Without next-RIP save, the lengths of the few instructions we intercept
 * are fixed by their encodings, which take no prefixes in practice. */
static void skip_insn(struct vmcb *vmcb, unsigned int len)
{
	if (svm_has_nrips && vmcb->control.next_rip)
		vmcb->save.rip = vmcb->control.next_rip;
	else
		vmcb->save.rip += len;
}

static void inject_exception(struct vmcb *vmcb, u8 vector, bool has_error,
			     u32 error)
{
	vmcb->control.event_inj =
		SVM_EVTINJ_VALID | vector |
		(SVM_EVTINJ_TYPE_EXC << SVM_EVTINJ_TYPE_SHIFT);
	if (has_error)
		vmcb->control.event_inj |= SVM_EVTINJ_ERR_VALID |
					   ((u64)error << 32);
}

/*
 * An event whose delivery the exit interrupted must be delivered again.
 * TCG reports an interrupted external interrupt as an exception (type 3);
 * injecting an exception with a vector >= 32 would fail VMRUN.
 */
static void reinject_interrupted_event(struct vmcb *vmcb)
{
	u64 info = vmcb->control.exit_int_info;
	u32 type = (info >> SVM_EVTINJ_TYPE_SHIFT) & 7;
	u32 vector = info & 0xff;

	if (!(info & SVM_EVTINJ_VALID))
		return;
	if (type == SVM_EVTINJ_TYPE_EXC && vector >= 32)
		type = SVM_EVTINJ_TYPE_INTR;
	else if (type == SVM_EVTINJ_TYPE_EXC && vector == 2)
		type = SVM_EVTINJ_TYPE_NMI;
	info &= ~(7ull << SVM_EVTINJ_TYPE_SHIFT);
	vmcb->control.event_inj = info | ((u64)type << SVM_EVTINJ_TYPE_SHIFT);
}

static void handle_cpuid(struct vmcb *vmcb, struct guest_regs *regs)
{
	u32 a, b, c, d;

	x86_cpuid(vmcb->save.rax, regs->rcx, vmcb->save.cr4, &a, &b, &c, &d);
	vmcb->save.rax = a;
	regs->rbx = b;
	regs->rcx = c;
	regs->rdx = d;
	skip_insn(vmcb, 2);
}

static void handle_vmmcall(struct per_cpu *cpu, struct vmcb *vmcb,
			   struct guest_regs *regs)
{
	if (vmcb->save.cpl != 0) {
		inject_exception(vmcb, EXC_UD, false, 0);
		return;
	}
	/* before the call: disable leaves to Linux from inside it */
	skip_insn(vmcb, 3);
	vmcb->save.rax = hypercall(cpu, vmcb->save.rax, regs->rdi, regs->rsi);
}

/*
 * A value VMRUN would refuse must not reach the VMCB: the CPU would be
 * left without a guest to run. The guest gets the #GP the hardware gives.
 */
static int handle_efer_write(struct per_cpu *cpu, struct vmcb *vmcb, u64 val)
{
	u64 efer;

	if (efer_guest_write(vmcb->save.efer, val, vmcb->save.cr0,
			     efer_supported(), &efer) != 0) {
		printk("CPU %u: cell %s: write of EFER 0x%llx at RIP 0x%llx refused: reserved bit or LME change with paging on (#GP)\n",
		       cpu->id, cpu->cell->desc->name, (unsigned long long)val,
		       (unsigned long long)vmcb->save.rip);
		inject_exception(vmcb, EXC_GP, true, 0);
		return -EINVAL;
	}
	/* SVME stays on under us; reads pass through, so the guest sees the
	 * value it wrote */
	vmcb->save.efer = efer;
	/* paging mode may change: flush this guest's TLB */
	vmcb->control.tlb_control = SVM_TLB_FLUSH_ASID;
	return 0;
}

static void handle_msr(struct per_cpu *cpu, struct vmcb *vmcb,
		       struct guest_regs *regs)
{
	bool write = vmcb->control.exit_info1 & 1;
	u32 msr = regs->rcx;
	u64 val = (regs->rdx << 32) | (u32)vmcb->save.rax;

	cpu_count_exit(cpu, BH_EXIT_MSR);
	switch (msr) {
	case MSR_EFER:
		if (write && handle_efer_write(cpu, vmcb, val) != 0)
			return;
		break;
	case MSR_VM_CR:
	case MSR_VM_HSAVE_PA:
		if (cpu->cell != &root_cell)
			cell_fail(cpu, "access to SVM MSR 0x%x refused", msr);
		if (write) {
			printk("CPU %u: write to SVM MSR 0x%x ignored (SVM is not offered to cells)\n",
			       cpu->id, msr);
		} else {
			val = msr == MSR_VM_CR ? VM_CR_SVMDIS | VM_CR_LOCK : 0;
			vmcb->save.rax = (u32)val;
			regs->rdx = val >> 32;
		}
		break;
	default:
		if (x86_msr_exit(cpu, msr, write, &val, vmcb->save.rip) ==
		    MSR_EXIT_GP) {
			inject_exception(vmcb, EXC_GP, true, 0);
			return;
		}
		if (!write) {
			vmcb->save.rax = (u32)val;
			regs->rdx = val >> 32;
		}
		break;
	}
	skip_insn(vmcb, 2);
}

static void handle_pio(struct per_cpu *cpu, struct vmcb *vmcb)
{
	u64 info = vmcb->control.exit_info1;
	u16 port = info >> SVM_IOIO_PORT_SHIFT;
	unsigned int size = (info >> SVM_IOIO_SIZE_SHIFT) & 7; /* 1, 2, 4 */
	bool in = info & SVM_IOIO_IN;

	u32 val = vmcb->save.rax;

	cpu_count_exit(cpu, BH_EXIT_PIO);
	if (cpu->cell == &root_cell && !(info & SVM_IOIO_STR) &&
	    pci_pio_access(cpu, port, size, in, &val)) {
		/* IN AL and IN AX keep the rest of RAX; IN EAX does not */
		if (in && size == 4)
			vmcb->save.rax = val;
		else if (in)
			vmcb->save.rax =
				(vmcb->save.rax & ~((1ull << (size * 8)) - 1)) |
				(val & ((1u << (size * 8)) - 1));
		vmcb->save.rip = vmcb->control.exit_info2;
		return;
	}
	x86_pio_refused(cpu, port, in, vmcb->save.rip);
	if (in && !(info & SVM_IOIO_STR)) {
		u64 mask = size == 4 ? 0xffffffffull :
			   size == 2 ? 0xffff :
				       0xff;

		vmcb->save.rax |= mask;
	}
	/* for IOIO exits, exit_info2 holds the next RIP on every CPU */
	vmcb->save.rip = vmcb->control.exit_info2;
}

/*
 * Only a data access of the instruction at RIP can be decoded and
 * emulated. A fetch, a fault of the guest's own page-table walk, or one
 * while the CPU delivered an event (its IDT, its stack) is refused as it
 * is: a cell fails; the root gets #GP, or #DF for a failed delivery (the
 * re-queued event would only fault again). False when so handled.
 */
static bool npf_is_data_access(struct per_cpu *cpu, struct vmcb *vmcb)
{
	u64 info1 = vmcb->control.exit_info1, gpa = vmcb->control.exit_info2;
	bool delivery = vmcb->control.exit_int_info & SVM_EVTINJ_VALID;
	const char *what = delivery		   ? "event delivery" :
			   (info1 & SVM_NPF_FETCH) ? "instruction fetch" :
			   (info1 & SVM_NPF_WALK)  ? "page-table walk" :
						     NULL;

	if (!what)
		return true;
	inject_exception(vmcb,
			 x86_access_refused(cpu, what, gpa, vmcb->save.rip,
					    delivery),
			 true, 0);
	return false;
}

static void handle_npf(struct per_cpu *cpu, struct vmcb *vmcb,
		       struct guest_regs *regs)
{
	unsigned int len;

	cpu_count_exit(cpu, BH_EXIT_MMIO);
	if (!npf_is_data_access(cpu, vmcb))
		return;
	len = x86_data_access(cpu, regs, &vmcb->save.rax,
			      vmcb->control.exit_info2,
			      vmcb->control.exit_info1 & SVM_NPF_WRITE,
			      vmcb->save.rip, vmcb->save.cr3);
	if (len)
		vmcb->save.rip += len;
	else
		inject_exception(vmcb, EXC_GP, true, 0);
}

/*
 * Takes an NMI held since the exit through our IDT (or it exits again) and
 * serves the management requests it stood for. Returns false when there
 * were none: the NMI, if any, was not ours.
 */
static bool serve_management(struct per_cpu *cpu)
{
	asm volatile("stgi; clgi" ::: "memory");
	if (!cpu_nmi_was_management(cpu))
		return false;
	cpu_handle_requests(cpu);
	if (apic_init_pending(cpu)) {
		cpu_count_exit(cpu, BH_EXIT_INIT_SIPI);
		cpu_park(cpu);
	}
	return true;
}

/*
 * #DB and #AC are intercepted only for this: a guest can make their
 * delivery raise them again (a data breakpoint on the stack the #DB frame
 * is pushed to, an #AC handler at CPL 3 on a misaligned stack), and the CPU
 * would loop in delivery without ever reaching an instruction boundary
 * where our management NMI is taken (XSA-156). Now every delivery is an
 * exit where requests are served, and the exception goes back to the guest
 * as it came: DR6 already holds the #DB's cause, and #AC's error code is
 * always 0.
 */
static void handle_loop_exception(struct per_cpu *cpu, struct arch_cpu *ac,
				  struct vmcb *vmcb, u8 vector)
{
	/* as re-queued: TCG's types are corrected there */
	u64 info = vmcb->control.event_inj;

	cpu_count_exit(cpu, BH_EXIT_EXCEPTION);
	/*
	 * Raised while an interrupt or NMI was being delivered: that event
	 * was re-queued (reinject_interrupted_event) and must not be lost;
	 * an NMI can wait for the next entry, an external interrupt cannot,
	 * and then the exception is dropped: a fault comes back when its
	 * instruction runs again, a lost debug trap harms no one else.
	 */
	if (svm_event_is(info, SVM_EVTINJ_TYPE_NMI))
		ac->nmi.to_inject = true;
	if (!svm_event_is(info, SVM_EVTINJ_TYPE_INTR))
		inject_exception(vmcb, vector, vector == EXC_AC, 0);
	serve_management(cpu);
}

static void handle_nmi(struct per_cpu *cpu, struct arch_cpu *ac)
{
	cpu_count_exit(cpu, BH_EXIT_MANAGEMENT);
	if (serve_management(cpu))
		return;
	/* a regulation wake-up that came after the CPU woke anyway */
	if (x86_nmi_was_wake(cpu))
		return;
	/* Linux's own NMI (backtraces, watchdog): give it back. A cell has
	 * no source of NMIs but us. */
	if (cpu->cell == &root_cell)
		ac->nmi.to_inject = true;
}

void svm_handle_exit(struct guest_regs *regs)
{
	struct arch_cpu *ac = svm_cpu_of_regs(regs);
	struct per_cpu *cpu = ac->cpu;
	struct vmcb *vmcb = ac->vmcb;
	u64 code = vmcb->control.exit_code;
	const char *why;

	/* we change nothing that VMRUN would cache between exits unless a
	 * handler says so; flush requests last for one VMRUN */
	vmcb->control.tlb_control = 0;
	vmcb->control.event_inj = 0;
	reinject_interrupted_event(vmcb);
	svm_nmi_exit_begin(&ac->nmi, vmcb);

	/* QEMU stores VMEXIT_INVALID (-1) only 32 bits wide */
	if ((u32)code == (u32)SVM_EXIT_INVALID)
		code = SVM_EXIT_INVALID;
	switch (code) {
	case SVM_EXIT_CPUID:
		cpu_count_exit(cpu, BH_EXIT_CPUID);
		handle_cpuid(vmcb, regs);
		break;
	case SVM_EXIT_VMMCALL:
		handle_vmmcall(cpu, vmcb, regs);
		break;
	case SVM_EXIT_MSR:
		handle_msr(cpu, vmcb, regs);
		break;
	case SVM_EXIT_IOIO:
		handle_pio(cpu, vmcb);
		break;
	case SVM_EXIT_NPF:
		handle_npf(cpu, vmcb, regs);
		break;
	case SVM_EXIT_NMI:
		handle_nmi(cpu, ac);
		break;
	case SVM_EXIT_INTR:
		/* only a regulated root CPU intercepts its interrupts */
		cpu_count_exit(cpu, BH_EXIT_INTERRUPT);
		svm_take_interrupt(cpu, ac);
		/* NMIs taken in the window may have been requests or INIT */
		if (READ_ONCE(cpu->requests))
			cpu_handle_requests(cpu);
		if (apic_init_pending(cpu)) {
			cpu_count_exit(cpu, BH_EXIT_INIT_SIPI);
			cpu_park(cpu);
		}
		break;
	case SVM_EXIT_EXCP_BASE + EXC_DB:
		/* the step over the IRET of an NMI handler (svm_nmi.c) */
		if (svm_nmi_step_done(&ac->nmi, vmcb))
			cpu_count_exit(cpu, BH_EXIT_OTHER);
		else
			handle_loop_exception(cpu, ac, vmcb, EXC_DB);
		break;
	case SVM_EXIT_IRET:
		/* the end of an NMI handler's blocking (svm_nmi.c) */
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		svm_nmi_iret(&ac->nmi, vmcb);
		break;
	case SVM_EXIT_EXCP_BASE + EXC_AC:
		handle_loop_exception(cpu, ac, vmcb, EXC_AC);
		break;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		inject_exception(vmcb, EXC_UD, false, 0);
		break;
	case SVM_EXIT_RDPMC:
		/* only a cell's is intercepted */
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		x86_rdpmc_refused(cpu, (u32)regs->rcx, vmcb->save.rip);
		inject_exception(vmcb, EXC_GP, true, 0);
		break;
	case SVM_EXIT_SHUTDOWN:
		x86_triple_fault(cpu, vmcb->save.rip);
	case SVM_EXIT_INIT:
		cpu_count_exit(cpu, BH_EXIT_INIT_SIPI);
		printk("CPU %u: physical INIT signal ignored\n", cpu->id);
		break;
	case SVM_EXIT_INVALID:
		/*
		 * Guest state the hardware refuses: whatever let it through
		 * is a bug of ours, but a cell must not take a CPU with it.
		 */
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		why = svm_state_fault(vmcb, efer_supported());
		if (!why)
			why = "no check known here fails";
		if (cpu->cell != &root_cell)
			cell_fail(
				cpu,
				"VMRUN refused the cell's state: %s (EFER 0x%llx, CR0 0x%llx, CR4 0x%llx, RIP 0x%llx)",
				why, (unsigned long long)vmcb->save.efer,
				(unsigned long long)vmcb->save.cr0,
				(unsigned long long)vmcb->save.cr4,
				(unsigned long long)vmcb->save.rip);
		printk("FATAL: CPU %u: VMRUN refused the root cell's state: %s (EFER 0x%llx, CR0 0x%llx, CR4 0x%llx, RIP 0x%llx)\n",
		       cpu->id, why, (unsigned long long)vmcb->save.efer,
		       (unsigned long long)vmcb->save.cr0,
		       (unsigned long long)vmcb->save.cr4,
		       (unsigned long long)vmcb->save.rip);
		arch_panic_stop();
	default:
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		if (cpu->cell != &root_cell)
			cell_fail(cpu, "unexpected exit 0x%llx at RIP 0x%llx",
				  (unsigned long long)code,
				  (unsigned long long)vmcb->save.rip);
		printk("FATAL: CPU %u: unexpected exit 0x%llx, info 0x%llx/0x%llx, RIP 0x%llx\n",
		       cpu->id, (unsigned long long)code,
		       (unsigned long long)vmcb->control.exit_info1,
		       (unsigned long long)vmcb->control.exit_info2,
		       (unsigned long long)vmcb->save.rip);
		arch_panic_stop();
	}

	/* the root may be held here, and is armed for its next exit */
	if (cpu->cell == &root_cell)
		regulation_root_exit(cpu);

	svm_nmi_deliver(&ac->nmi, vmcb, cpu->stats);

	/*
	 * QEMU's TCG delivers an injected external interrupt inside VMRUN
	 * and leaves its vector as the vCPU's pending exception: a kick of
	 * the vCPU before anything replaces it delivers the vector a second
	 * time, with the guest's interrupts off. Seen as Linux's timer
	 * interrupt entered again at its handler's first instruction, before
	 * SWAPGS, on the user's GS: page faults until its entry stack
	 * overflowed (test 190, regulated, 2026-12-02). An NMI of ours, held
	 * by GIF until VMRUN, makes the CPU exit right after the delivery,
	 * which replaces it. Regulation injects the root's interrupts, so
	 * this costs a regulated root one more exit per interrupt, under
	 * TCG only.
	 */
	if (svm_tcg_interrupt_quirk &&
	    svm_event_is(vmcb->control.event_inj, SVM_EVTINJ_TYPE_INTR))
		cpu_kick(cpu);
	/* VMCB fields we touched are not cached by any CPU we support */
	vmcb->control.clean = 0;
}
