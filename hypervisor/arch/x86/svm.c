// SPDX-License-Identifier: GPL-2.0
/*
 * AMD SVM backend: enabling SVM on each CPU, the VMCB that continues Linux
 * where it entered, intercept bitmaps, and leaving back to Linux.
 */
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/pages.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/string.h>
#include <bulkhead/boot.h>
#include <asm/efer.h>
#include <asm/msr.h>
#include <asm/msr_policy.h>
#include <asm/paging_x86.h>
#include <asm/io_bitmap.h>
#include <asm/processor.h>
#include <asm/svm_cpu.h>
#include <asm/vendor.h>

#define MSRPM_PAGES 2
#define IOPM_PAGES 3

bool svm_has_nrips;
bool svm_tcg_interrupt_quirk;
static struct arch_cpu svm_cpus[MAX_CPUS];

/* QEMU's TCG, whose hypervisor leaf says so (svm_exit.c says why). */
static bool under_qemu_tcg(void)
{
	u32 a, sig[3];

	cpuid_count(1, 0, &a, &sig[0], &sig[1], &sig[2]);
	if (!(sig[1] & BIT(31)))
		return false;
	cpuid_count(0x40000000, 0, &a, &sig[0], &sig[1], &sig[2]);
	return !memcmp(sig, "TCGTCGTCGTCG", sizeof(sig));
}

const struct x86_vendor *svm_probe(void)
{
	u32 a, b, c, d;

	cpuid_count(0x80000000, 0, &a, &b, &c, &d);
	if (a < 0x8000000a)
		return NULL;
	cpuid_count(0x80000001, 0, &a, &b, &c, &d);
	if (!(c & CPUID_8000_0001_ECX_SVM))
		return NULL;
	cpuid_count(0x8000000a, 0, &a, &b, &c, &d);
	if (!(d & CPUID_8000_000A_EDX_NP)) {
		printk("AMD SVM without nested paging is not supported\n");
		return NULL;
	}
	if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS) {
		printk("AMD SVM is disabled by the firmware (VM_CR.SVMDIS)\n");
		return NULL;
	}
	svm_has_nrips = d & CPUID_8000_000A_EDX_NRIPS;
	svm_tcg_interrupt_quirk = under_qemu_tcg();
	return &svm_vendor;
}

static int svm_init(void)
{
	printk("SVM: nested paging, %s\n",
	       svm_has_nrips ?
		       "next-RIP save" :
		       "no next-RIP save (instruction lengths decoded)");
	if (svm_tcg_interrupt_quirk)
		printk("SVM: QEMU TCG: an NMI exit follows each injected interrupt\n");
	return 0;
}

struct arch_cpu *svm_cpu_of_regs(struct guest_regs *regs)
{
	u64 off = (u8 *)regs - &hv_stacks[0][0];

	return &svm_cpus[off / HV_STACK_SIZE];
}

/*
 * Set (intercept) or clear (pass through) the read and/or write bits of
 * @msr. MSRs outside the map's three ranges always exit.
 */
static void msrpm_set(u8 *msrpm, u32 msr, bool read, bool write, bool intercept)
{
	u32 base, bits;

	if (msr < 0x2000) {
		base = 0;
	} else if (msr - 0xc0000000 < 0x2000) {
		base = 0x800;
		msr -= 0xc0000000;
	} else if (msr - 0xc0010000 < 0x2000) {
		base = 0x1000;
		msr -= 0xc0010000;
	} else {
		return;
	}
	bits = ((read ? 1 : 0) | (write ? 2 : 0)) << ((msr % 4) * 2);
	if (intercept)
		msrpm[base + msr / 4] |= bits;
	else
		msrpm[base + msr / 4] &= ~bits;
}

static void msrpm_intercept(u8 *msrpm, u32 msr, bool read, bool write)
{
	msrpm_set(msrpm, msr, read, write, true);
}

/*
 * The shared policy (msr_policy.c), and SVM's own: EFER writes, so SVME
 * stays on; the SVM MSRs, which are hidden.
 */
static void msrpm_root(u8 *msrpm)
{
	msr_policy_root(msrpm, msrpm_set);
	msrpm_intercept(msrpm, MSR_EFER, false, true);
	msrpm_intercept(msrpm, MSR_VM_CR, true, true);
	msrpm_intercept(msrpm, MSR_VM_HSAVE_PA, true, true);
}

static void msrpm_cell(u8 *msrpm)
{
	memset(msrpm, 0xff, MSRPM_PAGES * PAGE_SIZE);
	msr_policy_cell(msrpm, msrpm_set);
}

static int svm_cell_init(struct cell *cell)
{
	struct arch_cell *ac;

	ac = page_alloc(1);
	if (!ac)
		return -ENOMEM;
	ac->msrpm = page_alloc(MSRPM_PAGES);
	ac->iopm = page_alloc(IOPM_PAGES);
	if (!ac->msrpm || !ac->iopm) {
		if (ac->msrpm)
			page_free(ac->msrpm, MSRPM_PAGES);
		if (ac->iopm)
			page_free(ac->iopm, IOPM_PAGES);
		page_free(ac, 1);
		return -ENOMEM;
	}
	ac->asid = cell->id + 1;

	/* beyond the ports' bits, the IOPM's last bytes trap too */
	memset(ac->iopm, 0xff, IOPM_PAGES * PAGE_SIZE);
	io_bitmap_build(ac->iopm, cell);

	if (cell->id == 0) {
		msrpm_root(ac->msrpm);
		/* regulation shares the timer: Linux's arming of it traps */
		ac->msrpm_regulated = page_alloc(MSRPM_PAGES);
		if (!ac->msrpm_regulated) {
			page_free(ac->msrpm, MSRPM_PAGES);
			page_free(ac->iopm, IOPM_PAGES);
			page_free(ac, 1);
			return -ENOMEM;
		}
		memcpy(ac->msrpm_regulated, ac->msrpm, MSRPM_PAGES * PAGE_SIZE);
		msrpm_intercept(ac->msrpm_regulated, MSR_X2APIC_TIMER_INIT,
				false, true);
		msrpm_intercept(ac->msrpm_regulated, MSR_IA32_TSC_DEADLINE,
				false, true);
	} else {
		msrpm_cell(ac->msrpm);
	}

	cell->arch = ac;
	return 0;
}

static void svm_cell_ports_changed(struct cell *cell)
{
	io_bitmap_build(cell->arch->iopm, cell);
}

static void svm_cell_destroy(struct cell *cell)
{
	struct arch_cell *ac = cell->arch;

	if (!ac)
		return;
	page_free(ac->msrpm, MSRPM_PAGES);
	if (ac->msrpm_regulated)
		page_free(ac->msrpm_regulated, MSRPM_PAGES);
	page_free(ac->iopm, IOPM_PAGES);
	page_free(ac, 1);
	cell->arch = NULL;
}

static void set_seg(struct vmcb_seg *s, const struct bh_segment *l)
{
	s->selector = l->selector;
	s->attrib = l->attrib;
	s->limit = l->limit;
	s->base = l->base;
}

static void vmcb_set_control(struct vmcb *vmcb, struct cell *cell)
{
	struct vmcb_control *c = &vmcb->control;
	struct arch_cell *ac = cell->arch;

	/*
	 * No INTR intercept and no V_INTR_MASKING: external interrupts go
	 * straight to the guest's IDT, so steady state needs no exits.
	 */
	/* #DB and #AC: see handle_loop_exception */
	c->exceptions = BIT(EXC_DB) | BIT(EXC_AC);
	c->intercept1 = SVM_INTERCEPT_NMI | SVM_INTERCEPT_INIT |
			SVM_INTERCEPT_CPUID | SVM_INTERCEPT_IOIO |
			SVM_INTERCEPT_MSR | SVM_INTERCEPT_SHUTDOWN;
	c->intercept2 = SVM_INTERCEPT_VMRUN | SVM_INTERCEPT_VMMCALL |
			SVM_INTERCEPT_VMLOAD | SVM_INTERCEPT_VMSAVE |
			SVM_INTERCEPT_STGI | SVM_INTERCEPT_CLGI |
			SVM_INTERCEPT_SKINIT;
	/* RDPMC: the counters are the root's (x86_rdpmc_refused) */
	if (cell != &root_cell)
		c->intercept1 |= SVM_INTERCEPT_RDPMC;
	c->iopm_pa = pa_addr(page_to_phys(ac->iopm));
	c->msrpm_pa = pa_addr(page_to_phys(ac->msrpm));
	c->asid = ac->asid;
	c->tlb_control = SVM_TLB_FLUSH_ALL;
	c->nested_ctl = SVM_NESTED_CTL_NP;
	c->n_cr3 = pa_addr(cell->npt.root);
	c->vintr = 0;
}

/* Guest state that continues Linux right after its call into us. */
static void vmcb_set_linux_state(struct vmcb *vmcb,
				 const struct bh_linux_cpu *l)
{
	struct vmcb_save *s = &vmcb->save;

	set_seg(&s->es, &l->es);
	set_seg(&s->cs, &l->cs);
	set_seg(&s->ss, &l->ss);
	set_seg(&s->ds, &l->ds);
	set_seg(&s->fs, &l->fs);
	set_seg(&s->gs, &l->gs);
	set_seg(&s->tr, &l->tr);
	set_seg(&s->ldtr, &l->ldtr);
	s->fs.base = l->fs_base;
	s->gs.base = l->gs_base;
	s->gdtr.base = l->gdtr.base;
	s->gdtr.limit = l->gdtr.limit;
	s->idtr.base = l->idtr.base;
	s->idtr.limit = l->idtr.limit;
	s->cpl = 0;
	s->efer = l->efer | EFER_SVME;
	s->cr0 = l->cr0;
	s->cr3 = l->cr3;
	s->cr4 = l->cr4;
	s->cr2 = read_cr2();
	s->dr7 = l->dr7;
	s->dr6 = 0xffff0ff0;
	s->rflags = X86_RFLAGS_RESERVED1;
	s->rip = l->resume_rip;
	s->rsp = l->resume_rsp;
	s->rax = 0;
	s->star = l->star;
	s->lstar = l->lstar;
	s->cstar = l->cstar;
	s->sfmask = l->sfmask;
	s->kernel_gs_base = l->kernel_gs_base;
	s->sysenter_cs = l->sysenter_cs;
	s->sysenter_esp = l->sysenter_esp;
	s->sysenter_eip = l->sysenter_eip;
	s->g_pat = l->pat;
}

static void seg_real(struct vmcb_seg *s, u16 sel, u16 attrib)
{
	s->selector = sel;
	s->attrib = attrib;
	s->limit = 0xffff;
	s->base = (u64)sel << 4;
}

/*
 * Reset state common to INIT/SIPI and the cell entry. VMLOAD puts FS, GS,
 * TR, LDTR and the syscall MSRs into their reset state too, since a guest
 * keeps those live in the CPU and the previous guest's must not leak.
 */
static void reset_common(struct arch_cpu *ac)
{
	struct vmcb_save *s = &ac->vmcb->save;

	memset(s, 0, sizeof(*s));
	memset(ac->regs, 0, sizeof(*ac->regs));
	seg_real(&s->ldtr, 0, 0x82);
	seg_real(&s->tr, 0, 0x8b);
	s->efer = EFER_SVME;
	s->dr7 = 0x400;
	s->dr6 = 0xffff0ff0;
	s->rflags = X86_RFLAGS_RESERVED1;
	s->g_pat = 0x0007040600070406ull;
	ac->vmcb->control.event_inj = 0;
	ac->vmcb->control.tlb_control = SVM_TLB_FLUSH_ASID;
	svm_nmi_reset(&ac->nmi, ac->vmcb);
	asm volatile("vmload %0" ::"a"(pa_addr(ac->vmcb_pa)) : "memory");
}

/* After INIT and a SIPI with @vector: real mode at vector:0000. */
static void reset_to_sipi(struct arch_cpu *ac, u8 vector)
{
	struct vmcb_save *s = &ac->vmcb->save;

	reset_common(ac);
	seg_real(&s->cs, (u16)vector << 8, 0x9b);
	seg_real(&s->ss, 0, 0x93);
	seg_real(&s->ds, 0, 0x93);
	seg_real(&s->es, 0, 0x93);
	seg_real(&s->fs, 0, 0x93);
	seg_real(&s->gs, 0, 0x93);
	s->gdtr.limit = 0xffff;
	s->idtr.limit = 0xffff;
	s->cr0 = X86_CR0_CD | X86_CR0_NW | X86_CR0_ET;
}

static void seg_flat(struct vmcb_seg *s, u16 sel, u16 attrib)
{
	s->selector = sel;
	s->attrib = attrib;
	s->limit = 0xffffffff;
	s->base = 0;
}

/* The cell entry state of docs/inmates.md: 32-bit flat protected mode. */
static void reset_to_entry(struct arch_cpu *ac, u64 entry, u64 arg)
{
	struct vmcb_save *s = &ac->vmcb->save;

	reset_common(ac);
	seg_flat(&s->cs, 0x10, 0xc9b);
	seg_flat(&s->ss, 0x18, 0xc93);
	seg_flat(&s->ds, 0x18, 0xc93);
	seg_flat(&s->es, 0x18, 0xc93);
	seg_flat(&s->fs, 0x18, 0xc93);
	seg_flat(&s->gs, 0x18, 0xc93);
	s->cr0 = X86_CR0_PE | X86_CR0_ET;
	s->rip = entry;
	ac->regs->rsi = arg;
}

static void __attribute__((noreturn)) run(struct arch_cpu *ac)
{
	ac->launched = true;
	svm_vmrun_loop(ac->regs);
}

static void __attribute__((noreturn))
svm_cpu_start(struct per_cpu *cpu, u64 entry, u64 arg)
{
	struct arch_cpu *ac = &svm_cpus[cpu->id];

	reset_to_entry(ac, entry, arg);
	run(ac);
}

static void __attribute__((noreturn))
svm_cpu_start_sipi(struct per_cpu *cpu, u8 vector)
{
	struct arch_cpu *ac = &svm_cpus[cpu->id];

	reset_to_sipi(ac, vector);
	run(ac);
}

static void svm_cpu_set_cell(struct per_cpu *cpu, struct cell *cell)
{
	vmcb_set_control(svm_cpus[cpu->id].vmcb, cell);
}

static void svm_cpu_flush_tlb(struct per_cpu *cpu)
{
	svm_cpus[cpu->id].vmcb->control.tlb_control = SVM_TLB_FLUSH_ASID;
}

/* VMRUN refuses a guest without EFER.SVME (APM vol. 2, 15.5.1). */
static void svm_corrupt_guest_state(struct per_cpu *cpu)
{
	struct vmcb *vmcb = svm_cpus[cpu->id].vmcb;

	vmcb->save.efer &= ~EFER_SVME;
	vmcb->control.clean = 0;
}

static int svm_cpu_init(struct per_cpu *cpu)
{
	struct arch_cpu *ac = &svm_cpus[cpu->id];
	u8 *top = hv_stacks[cpu->id] + HV_STACK_SIZE;

	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SVME);
	/* from here on, NMIs wait until we run a guest */
	asm volatile("clgi" ::: "memory");

	ac->cpu = cpu;
	ac->hsave = page_alloc(1);
	ac->vmcb = page_alloc(1);
	if (!ac->hsave || !ac->vmcb)
		return -ENOMEM;
	ac->vmcb_pa = page_to_phys(ac->vmcb);
	wrmsr(MSR_VM_HSAVE_PA, pa_addr(page_to_phys(ac->hsave)));

	vmcb_set_control(ac->vmcb, cpu->cell);
	vmcb_set_linux_state(ac->vmcb, cpu->linux_cpu);

	/* see svm_vmrun_loop: the VMCB address sits on top of the regs */
	*(u64 *)(top - 8) = pa_addr(ac->vmcb_pa);
	ac->regs = (struct guest_regs *)(top - 8 - sizeof(struct guest_regs));
	memset(ac->regs, 0, sizeof(*ac->regs));

	cpu->arch = ac;
	return 0;
}

static void svm_cpu_cleanup(struct per_cpu *cpu)
{
	struct arch_cpu *ac = &svm_cpus[cpu->id];

	if (ac->vmcb)
		page_free(ac->vmcb, 1);
	if (ac->hsave)
		page_free(ac->hsave, 1);
	ac->vmcb = NULL;
	ac->hsave = NULL;
}

static void __attribute__((noreturn)) svm_cpu_activate(struct per_cpu *cpu)
{
	run(&svm_cpus[cpu->id]);
}

/*
 * Back to Linux without the hypervisor: hand the guest's current state to
 * the driver's trampoline, which switches to Linux's page tables, GDT and
 * IDT and resumes the guest's code natively.
 */
static void __attribute__((noreturn))
svm_cpu_leave(struct per_cpu *cpu, long result)
{
	struct arch_cpu *ac = &svm_cpus[cpu->id];
	struct bh_linux_cpu *l = cpu->linux_cpu;
	void (*leave)(struct bh_linux_cpu *) =
		(void *)(uintptr_t)hv_header.leave_entry;

	if (ac->launched) {
		struct vmcb_save *s = &ac->vmcb->save;
		struct guest_regs *r = ac->regs;

		l->cr3 = s->cr3;
		l->gdtr.base = s->gdtr.base;
		l->gdtr.limit = s->gdtr.limit;
		l->idtr.base = s->idtr.base;
		l->idtr.limit = s->idtr.limit;
		l->ds.selector = s->ds.selector;
		l->es.selector = s->es.selector;
		x86_leave_regs(l, r, result);
		l->iret[0] = s->rip;
		l->iret[1] = s->cs.selector;
		l->iret[2] = svm_nmi_guest_rflags(&ac->nmi, ac->vmcb);
		l->iret[3] = s->rsp;
		l->iret[4] = s->ss.selector;
		asm volatile("mov %0, %%cr4" ::"r"(s->cr4));
		asm volatile("mov %0, %%cr0" ::"r"(s->cr0));
		l->efer = s->efer & ~EFER_SVME;
	} else {
		x86_prepare_unentered_return(l, result);
		l->efer &= ~EFER_SVME;
	}
	l->result = result;

	/* a failed global init never got as far as enabling SVM here */
	if (rdmsr(MSR_EFER) & EFER_SVME) {
		wrmsr(MSR_VM_HSAVE_PA, 0);
		/* GIF must be set before SVM goes off, or NMIs stay blocked */
		asm volatile("stgi" ::: "memory");
	}
	wrmsr(MSR_EFER, l->efer);
	leave(l);
	__builtin_unreachable();
}

const struct x86_vendor svm_vendor = {
	.name = "AMD SVM",
	.init = svm_init,
	.nested_paging = &x86_npt_paging,
	.cell_init = svm_cell_init,
	.cell_destroy = svm_cell_destroy,
	.cell_ports_changed = svm_cell_ports_changed,
	.cpu_init = svm_cpu_init,
	.cpu_cleanup = svm_cpu_cleanup,
	.cpu_activate = svm_cpu_activate,
	.cpu_leave = svm_cpu_leave,
	.cpu_set_cell = svm_cpu_set_cell,
	.cpu_flush_tlb = svm_cpu_flush_tlb,
	.cpu_start = svm_cpu_start,
	.cpu_start_sipi = svm_cpu_start_sipi,
	.regulation_possible = svm_regulation_possible,
	.regulation_enter = svm_regulation_enter,
	.regulation_leave = svm_regulation_leave,
	.regulation_arm = svm_regulation_arm,
	.sleep_until_nmi = svm_sleep_until_nmi,
	.corrupt_guest_state = svm_corrupt_guest_state,
};
