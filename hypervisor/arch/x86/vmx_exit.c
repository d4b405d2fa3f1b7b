// SPDX-License-Identifier: GPL-2.0
/*
 * VMX exit handling. As on SVM the intercepts are few; each one either
 * emulates what the guest asked for or refuses it with a console line,
 * through the same shared handlers (msr_policy.c, pci_pio.c, mmio).
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
#include <asm/apic.h>
#include <asm/efer.h>
#include <asm/guest_access.h>
#include <asm/host_events.h>
#include <asm/mmio.h>
#include <asm/msr.h>
#include <asm/msr_policy.h>
#include <asm/pci_pio.h>
#include <asm/processor.h>
#include <asm/vmx_cpu.h>

#define XCR0_X87 BIT(0)
#define XCR0_SSE BIT(1)
#define XCR0_AVX BIT(2)

static void skip_insn(void)
{
	vmwrite(VMCS_GUEST_RIP,
		vmread(VMCS_GUEST_RIP) + vmread(VMCS_EXIT_INSTRUCTION_LEN));
}

static void inject_exception(u8 vector, bool has_error, u32 error)
{
	u32 info = VMX_INTR_INFO_VALID | vector |
		   (VMX_INTR_TYPE_HW_EXCEPTION << VMX_INTR_TYPE_SHIFT);

	if (has_error) {
		info |= VMX_INTR_INFO_ERROR_VALID;
		vmwrite(VMCS_ENTRY_EXCEPTION_ERROR, error);
	}
	vmwrite(VMCS_ENTRY_INTR_INFO, info);
}

/*
 * An event whose delivery the exit interrupted is delivered again; a
 * software interrupt or exception needs its instruction length for that.
 */
static void reinject_interrupted_event(void)
{
	u32 info = vmread(VMCS_IDT_VECTORING_INFO);

	if (!(info & VMX_INTR_INFO_VALID))
		return;
	vmwrite(VMCS_ENTRY_INTR_INFO,
		info & ~VMX_INTR_INFO_NMI_UNBLOCKED_BY_IRET);
	if (info & VMX_INTR_INFO_ERROR_VALID)
		vmwrite(VMCS_ENTRY_EXCEPTION_ERROR,
			vmread(VMCS_IDT_VECTORING_ERROR));
	vmwrite(VMCS_ENTRY_INSTRUCTION_LEN, vmread(VMCS_EXIT_INSTRUCTION_LEN));
}

static u8 guest_cpl(void)
{
	return (vmread(VMCS_GUEST_ES_AR + 2 * VMX_SS) >> 5) & 3;
}

static const char *cell_name(struct per_cpu *cpu)
{
	return cpu->cell->desc->name;
}

static void handle_cpuid(struct guest_regs *regs)
{
	u32 a, b, c, d;

	x86_cpuid(regs->rax, regs->rcx, vmx_guest_cr4(), &a, &b, &c, &d);
	regs->rax = a;
	regs->rbx = b;
	regs->rcx = c;
	regs->rdx = d;
	skip_insn();
}

static void handle_vmcall(struct per_cpu *cpu, struct guest_regs *regs)
{
	if (guest_cpl() != 0) {
		inject_exception(EXC_UD, false, 0);
		return;
	}
	/* before the call: disable leaves to Linux from inside it */
	skip_insn();
	regs->rax = hypercall(cpu, regs->rax, regs->rdi, regs->rsi);
}

static bool handle_efer_write(struct per_cpu *cpu, u64 val)
{
	u64 efer;

	if (efer_guest_write(vmread(VMCS_GUEST_EFER), val, vmx_guest_cr0(),
			     efer_supported(), &efer) != 0 ||
	    (val & EFER_SVME)) {
		printk("CPU %u: cell %s: write of EFER 0x%llx at RIP 0x%llx refused: reserved bit or LME change with paging on (#GP)\n",
		       cpu->id, cell_name(cpu), (unsigned long long)val,
		       (unsigned long long)vmread(VMCS_GUEST_RIP));
		inject_exception(EXC_GP, true, 0);
		return false;
	}
	/* LMA stays as it was: VMX sets it when paging comes on */
	vmwrite(VMCS_GUEST_EFER, efer & ~EFER_SVME);
	return true;
}

static void handle_msr(struct per_cpu *cpu, struct guest_regs *regs, bool write)
{
	u32 msr = regs->rcx;
	u64 val = (regs->rdx << 32) | (u32)regs->rax;

	cpu_count_exit(cpu, BH_EXIT_MSR);
	if (msr == MSR_EFER && write) {
		if (!handle_efer_write(cpu, val))
			return;
	} else if (msr == MSR_IA32_FEATURE_CONTROL ||
		   (msr >= MSR_IA32_VMX_BASIC && msr <= 0x491)) {
		/* VMX is not offered: its MSRs are absent, the lock closed */
		if (cpu->cell != &root_cell)
			cell_fail(cpu, "access to VMX MSR 0x%x refused", msr);
		printk_guest(cpu, "CPU %u: %s of VMX MSR 0x%x refused (#GP)\n",
			     cpu->id, write ? "write" : "read", msr);
		inject_exception(EXC_GP, true, 0);
		return;
	} else if (x86_msr_exit(cpu, msr, write, &val,
				vmread(VMCS_GUEST_RIP)) == MSR_EXIT_GP) {
		inject_exception(EXC_GP, true, 0);
		return;
	} else if (!write) {
		regs->rax = (u32)val;
		regs->rdx = val >> 32;
	}
	skip_insn();
}

static void handle_pio(struct per_cpu *cpu, struct guest_regs *regs)
{
	u64 qual = vmread(VMCS_EXIT_QUALIFICATION);
	unsigned int size = (qual & 7) + 1;
	bool in = qual & BIT(3), string = qual & BIT(4);
	u16 port = qual >> 16;
	u32 val = regs->rax;
	u64 mask = size == 4 ? 0xffffffffull : size == 2 ? 0xffff : 0xff;

	cpu_count_exit(cpu, BH_EXIT_PIO);
	if (cpu->cell == &root_cell && !string &&
	    pci_pio_access(cpu, port, size, in, &val)) {
		/* IN AL and IN AX keep the rest of RAX; IN EAX does not */
		if (in && size == 4)
			regs->rax = val;
		else if (in)
			regs->rax = (regs->rax & ~mask) | (val & mask);
		skip_insn();
		return;
	}
	x86_pio_refused(cpu, port, in, vmread(VMCS_GUEST_RIP));
	if (in && !string)
		regs->rax |= mask;
	skip_insn();
}

/*
 * As on SVM (handle_npf there): only a data access of the instruction at
 * RIP is decoded; a fetch, the guest's own page-table walk or an event
 * delivery is refused as it is.
 */
static void handle_ept_violation(struct per_cpu *cpu, struct guest_regs *regs)
{
	u64 qual = vmread(VMCS_EXIT_QUALIFICATION);
	u64 gpa = vmread(VMCS_GUEST_PHYSICAL_ADDRESS);
	u64 rip = vmread(VMCS_GUEST_RIP);
	bool delivery = vmread(VMCS_IDT_VECTORING_INFO) & VMX_INTR_INFO_VALID;
	bool walk = (qual & EPT_QUAL_GLA_VALID) &&
		    !(qual & EPT_QUAL_GLA_TRANSLATED);
	const char *what = delivery		   ? "event delivery" :
			   (qual & EPT_QUAL_FETCH) ? "instruction fetch" :
			   walk			   ? "page-table walk" :
						     NULL;
	unsigned int len;
	u8 vector;

	cpu_count_exit(cpu, BH_EXIT_MMIO);
	if (what) {
		vector = x86_access_refused(cpu, what, gpa, rip, delivery);
		/* the event re-queued for delivery would only fault again */
		vmwrite(VMCS_ENTRY_INTR_INFO, 0);
		inject_exception(vector, true, 0);
		return;
	}
	len = x86_data_access(cpu, regs, &regs->rax, gpa, qual & EPT_QUAL_WRITE,
			      rip, vmread(VMCS_GUEST_CR3));
	if (len)
		vmwrite(VMCS_GUEST_RIP, rip + len);
	else
		inject_exception(EXC_GP, true, 0);
}

/* The general register a CR access names (SDM table 28-3). */
static u64 *cr_access_reg(struct guest_regs *regs, unsigned int n, u64 *rsp)
{
	u64 *map[16] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
			 rsp,	     &regs->rbp, &regs->rsi, &regs->rdi,
			 &regs->r8,  &regs->r9,	 &regs->r10, &regs->r11,
			 &regs->r12, &regs->r13, &regs->r14, &regs->r15 };

	return map[n & 15];
}

/*
 * MOV to CR0 or CR4 that touches a bit VMX forces (CR0.NE, CR4.VMXE):
 * the guest's value goes to the read shadow, the forced bits stay in the
 * real register. VMXE itself is refused: VMX is not offered.
 */
static void handle_cr_access(struct per_cpu *cpu, struct guest_regs *regs)
{
	u64 qual = vmread(VMCS_EXIT_QUALIFICATION);
	unsigned int cr = qual & 15, type = (qual >> 4) & 3;
	u64 rsp = vmread(VMCS_GUEST_RSP);
	u64 val = *cr_access_reg(regs, qual >> 8, &rsp);

	cpu_count_exit(cpu, BH_EXIT_CR);
	if (type != 0 || (cr != 0 && cr != 4)) {
		if (cpu->cell != &root_cell)
			cell_fail(cpu, "unexpected CR access 0x%llx",
				  (unsigned long long)qual);
		printk("FATAL: CPU %u: unexpected CR access 0x%llx\n", cpu->id,
		       (unsigned long long)qual);
		arch_panic_stop();
	}
	if (cr == 4 && (val & X86_CR4_VMXE)) {
		printk_guest(
			cpu,
			"CPU %u: cell %s: CR4.VMXE refused: VMX is not offered (#GP)\n",
			cpu->id, cell_name(cpu));
		inject_exception(EXC_GP, true, 0);
		return;
	}
	if (cr == 0)
		vmx_set_guest_cr0(val);
	else
		vmx_set_guest_cr4(val);
	/* paging mode may change: this guest's translations go */
	vmx_flush_guest_tlb(cpu);
	skip_insn();
}

/* XSETBV always exits under VMX: do it, if the hardware would. */
static void handle_xsetbv(struct per_cpu *cpu, struct guest_regs *regs)
{
	u64 val = (regs->rdx << 32) | (u32)regs->rax;
	u32 a, b, c, d;

	cpu_count_exit(cpu, BH_EXIT_XSETBV);
	cpuid_count(0xd, 0, &a, &b, &c, &d);
	if (regs->rcx != 0 || guest_cpl() != 0 || !(val & XCR0_X87) ||
	    (val & ~(((u64)d << 32) | a)) ||
	    ((val & XCR0_AVX) && !(val & XCR0_SSE))) {
		printk_guest(
			cpu,
			"CPU %u: cell %s: XSETBV of 0x%llx refused (#GP)\n",
			cpu->id, cell_name(cpu), (unsigned long long)val);
		inject_exception(EXC_GP, true, 0);
		return;
	}
	asm volatile("xsetbv" ::"c"(0), "a"((u32)val), "d"((u32)(val >> 32)));
	skip_insn();
}

/* Inject the guest's own NMI now, or ask for an exit when it can take it. */
static void deliver_guest_nmi(struct arch_cpu *ac)
{
	u32 proc = vmread(VMCS_PROC_CONTROLS), blocking;

	if (!ac->nmi_to_inject)
		return;
	blocking = vmread(VMCS_GUEST_INTERRUPTIBILITY);
	if (blocking & VMX_INTR_BLOCK_NMI)
		ac->nmi_waited = true;
	if ((vmread(VMCS_ENTRY_INTR_INFO) & VMX_INTR_INFO_VALID) ||
	    (blocking & (VMX_INTR_BLOCK_NMI | VMX_INTR_BLOCK_MOV_SS))) {
		vmwrite(VMCS_PROC_CONTROLS, proc | PROC_NMI_WINDOW_EXITING);
		return;
	}
	vmwrite(VMCS_ENTRY_INTR_INFO,
		VMX_INTR_INFO_VALID | 2 |
			(VMX_INTR_TYPE_NMI << VMX_INTR_TYPE_SHIFT));
	vmwrite(VMCS_PROC_CONTROLS, proc & ~PROC_NMI_WINDOW_EXITING);
	ac->nmi_to_inject = false;
	ac->cpu->stats->nmis_injected++;
	if (ac->nmi_waited)
		ac->cpu->stats->nmis_held++;
	ac->nmi_waited = false;
}

/*
 * One NMI that reached us, in the guest (an exit) or in the hypervisor
 * (nmi_stub): a management request of ours, or the root's own NMI, which
 * goes back to it. A cell has no source of NMIs but us.
 */
static void serve_nmi(struct per_cpu *cpu, struct arch_cpu *ac)
{
	switch (x86_nmi_owner(cpu)) {
	case X86_NMI_MANAGEMENT:
		cpu_handle_requests(cpu);
		if (apic_init_pending(cpu)) {
			cpu_count_exit(cpu, BH_EXIT_INIT_SIPI);
			cpu_park(cpu);
		}
		break;
	case X86_NMI_WAKE:
		/* a regulation wake-up that came after the CPU woke anyway */
		break;
	case X86_NMI_GUEST:
		/* a cell has no source of NMIs but us */
		if (cpu->cell == &root_cell)
			ac->nmi_to_inject = true;
		break;
	}
}

/* NMIs taken in the hypervisor since the last look, each served. */
static void serve_host_nmis(struct per_cpu *cpu, struct arch_cpu *ac)
{
	ac->top->nmi_in_host = 0;
	while (ac->nmis_seen != READ_ONCE(hv_nmis_taken[cpu->id])) {
		ac->nmis_seen++;
		serve_nmi(cpu, ac);
	}
}

void vmx_handle_host_nmi(struct guest_regs *regs);
void vmx_handle_host_nmi(struct guest_regs *regs)
{
	struct arch_cpu *ac = vmx_cpu_of_regs(regs);

	serve_host_nmis(ac->cpu, ac);
	/* requests whose NMI was used up already (reset_common) */
	if (READ_ONCE(ac->cpu->requests))
		cpu_handle_requests(ac->cpu);
	/* a kick for a regulation request is taken up before the guest runs
	 * on, as the exit it would have caused */
	if (ac->cpu->cell == &root_cell) {
		regulation_root_exit(ac->cpu);
		vmx_regulation_refresh(ac);
	}
	deliver_guest_nmi(ac);
}

static void handle_exception_or_nmi(struct per_cpu *cpu, struct arch_cpu *ac)
{
	u32 info = vmread(VMCS_EXIT_INTR_INFO);
	u32 type = (info >> VMX_INTR_TYPE_SHIFT) & 7;
	u8 vector = info & 0xff;

	if (type == VMX_INTR_TYPE_NMI) {
		/* before anything may park this CPU: the next kick must come */
		vmx_unblock_nmis();
		cpu_count_exit(cpu, BH_EXIT_MANAGEMENT);
		serve_nmi(cpu, ac);
		return;
	}
	/*
	 * #DB and #AC: intercepted so that every delivery is an exit where
	 * requests are served (XSA-156), then handed back as they came.
	 */
	cpu_count_exit(cpu, BH_EXIT_EXCEPTION);
	if (vector == EXC_DB || vector == EXC_AC) {
		if (!(vmread(VMCS_ENTRY_INTR_INFO) & VMX_INTR_INFO_VALID))
			inject_exception(vector, vector == EXC_AC, 0);
		return;
	}
	if (cpu->cell != &root_cell)
		cell_fail(cpu, "unexpected exception %u", vector);
	printk("FATAL: CPU %u: unexpected exception %u\n", cpu->id, vector);
	arch_panic_stop();
}

/* Exit reason 33: the hardware refused the guest state we gave it. */
static void __attribute__((noreturn))
refused_entry(struct per_cpu *cpu, const char *how, u64 detail)
{
	cpu_count_exit(cpu, BH_EXIT_OTHER);
	if (cpu->cell != &root_cell)
		cell_fail(
			cpu,
			"VM entry refused the cell's state: %s 0x%llx (CR0 0x%llx, CR4 0x%llx, RIP 0x%llx)",
			how, (unsigned long long)detail,
			(unsigned long long)vmread(VMCS_GUEST_CR0),
			(unsigned long long)vmread(VMCS_GUEST_CR4),
			(unsigned long long)vmread(VMCS_GUEST_RIP));
	printk("FATAL: CPU %u: VM entry refused the root cell's state: %s 0x%llx (CR0 0x%llx, CR4 0x%llx, RIP 0x%llx)\n",
	       cpu->id, how, (unsigned long long)detail,
	       (unsigned long long)vmread(VMCS_GUEST_CR0),
	       (unsigned long long)vmread(VMCS_GUEST_CR4),
	       (unsigned long long)vmread(VMCS_GUEST_RIP));
	arch_panic_stop();
}

/* VMLAUNCH/VMRESUME did not even try: a control or host field of ours. */
void vmx_entry_failed(struct guest_regs *regs) __attribute__((noreturn));
void vmx_entry_failed(struct guest_regs *regs)
{
	struct arch_cpu *ac = vmx_cpu_of_regs(regs);

	refused_entry(ac->cpu, "VM-instruction error",
		      vmread(VMCS_INSTRUCTION_ERROR));
}

void vmx_handle_exit(struct guest_regs *regs);
void vmx_handle_exit(struct guest_regs *regs)
{
	struct arch_cpu *ac = vmx_cpu_of_regs(regs);
	struct per_cpu *cpu = ac->cpu;
	u32 reason = vmread(VMCS_EXIT_REASON);

	ac->top->launched = 1;
	if (reason & VMX_EXIT_REASON_ENTRY_FAILED)
		refused_entry(cpu, "exit reason",
			      reason & ~VMX_EXIT_REASON_ENTRY_FAILED);
	vmwrite(VMCS_ENTRY_INTR_INFO, 0);
	reinject_interrupted_event();

	switch (reason & 0xffff) {
	case VMX_EXIT_EXCEPTION_NMI:
		handle_exception_or_nmi(cpu, ac);
		break;
	case VMX_EXIT_NMI_WINDOW:
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		break;
	case VMX_EXIT_PREEMPTION_TIMER:
		/* regulation's timed exit (vmx_regulation.c), counted as
		 * SVM counts its interrupt exits while regulated */
		cpu_count_exit(cpu, BH_EXIT_INTERRUPT);
		break;
	case VMX_EXIT_CPUID:
		cpu_count_exit(cpu, BH_EXIT_CPUID);
		handle_cpuid(regs);
		break;
	case VMX_EXIT_VMCALL:
		/* counted by hypercall(), as on SVM */
		handle_vmcall(cpu, regs);
		break;
	case VMX_EXIT_RDMSR:
	case VMX_EXIT_WRMSR:
		handle_msr(cpu, regs, (reason & 0xffff) == VMX_EXIT_WRMSR);
		break;
	case VMX_EXIT_IO:
		handle_pio(cpu, regs);
		break;
	case VMX_EXIT_EPT_VIOLATION:
		handle_ept_violation(cpu, regs);
		break;
	case VMX_EXIT_CR_ACCESS:
		handle_cr_access(cpu, regs);
		break;
	case VMX_EXIT_XSETBV:
		handle_xsetbv(cpu, regs);
		break;
	case VMX_EXIT_RDPMC:
		/* only a cell's is intercepted */
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		x86_rdpmc_refused(cpu, (u32)regs->rcx, vmread(VMCS_GUEST_RIP));
		inject_exception(EXC_GP, true, 0);
		break;
	case VMX_EXIT_VMCLEAR:
	case VMX_EXIT_VMLAUNCH:
	case VMX_EXIT_VMPTRLD:
	case VMX_EXIT_VMPTRST:
	case VMX_EXIT_VMREAD:
	case VMX_EXIT_VMRESUME:
	case VMX_EXIT_VMWRITE:
	case VMX_EXIT_VMXOFF:
	case VMX_EXIT_VMXON:
	case VMX_EXIT_INVEPT:
	case VMX_EXIT_INVVPID:
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		inject_exception(EXC_UD, false, 0);
		break;
	case VMX_EXIT_INIT:
		/* INITs among cells are ours to deliver (apic.c): a real
		 * one comes from outside and is ignored */
		cpu_count_exit(cpu, BH_EXIT_INIT_SIPI);
		printk("CPU %u: physical INIT signal ignored\n", cpu->id);
		break;
	case VMX_EXIT_TRIPLE_FAULT:
		x86_triple_fault(cpu, vmread(VMCS_GUEST_RIP));
	default:
		cpu_count_exit(cpu, BH_EXIT_OTHER);
		if (cpu->cell != &root_cell)
			cell_fail(cpu, "unexpected exit %u at RIP 0x%llx",
				  reason & 0xffff,
				  (unsigned long long)vmread(VMCS_GUEST_RIP));
		printk("FATAL: CPU %u: unexpected exit %u, qualification 0x%llx, RIP 0x%llx\n",
		       cpu->id, reason & 0xffff,
		       (unsigned long long)vmread(VMCS_EXIT_QUALIFICATION),
		       (unsigned long long)vmread(VMCS_GUEST_RIP));
		arch_panic_stop();
	}
	/* the root may be held here, and is armed for its next exit */
	if (cpu->cell == &root_cell) {
		regulation_root_exit(cpu);
		vmx_regulation_refresh(ac);
	}
	deliver_guest_nmi(ac);
}
