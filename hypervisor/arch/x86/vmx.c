// SPDX-License-Identifier: GPL-2.0
/*
 * Intel VMX backend: VMX operation on each CPU, the VMCS that continues
 * Linux where it entered, EPT and intercept bitmaps, and leaving back to
 * Linux. Exits are handled in vmx_exit.c.
 */
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/pages.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/spinlock.h>
#include <bh/string.h>
#include <bulkhead/boot.h>
#include <asm/efer.h>
#include <asm/host_events.h>
#include <asm/io_bitmap.h>
#include <asm/msr.h>
#include <asm/msr_policy.h>
#include <asm/paging_ept.h>
#include <asm/processor.h>
#include <asm/vendor.h>
#include <asm/vmx_cpu.h>

#define CPUID_1_ECX_VMX BIT(5)
#define IO_BITMAP_PAGES 2
#define INVEPT_SINGLE 1
#define INVEPT_ALL 2
#define INVVPID_SINGLE 1

struct vmx_setup vmx_setup;
static struct arch_cpu vmx_cpus[MAX_CPUS];

static struct vmx_msrs read_vmx_msrs(void)
{
	struct vmx_msrs m = {
		.feature_control = rdmsr(MSR_IA32_FEATURE_CONTROL),
		.basic = rdmsr(MSR_IA32_VMX_BASIC),
		.pin = rdmsr(MSR_IA32_VMX_PINBASED_CTLS),
		.proc = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS),
		.exit = rdmsr(MSR_IA32_VMX_EXIT_CTLS),
		.entry = rdmsr(MSR_IA32_VMX_ENTRY_CTLS),
		.misc = rdmsr(MSR_IA32_VMX_MISC),
		.cr0_fixed0 = rdmsr(MSR_IA32_VMX_CR0_FIXED0),
		.cr0_fixed1 = rdmsr(MSR_IA32_VMX_CR0_FIXED1),
		.cr4_fixed0 = rdmsr(MSR_IA32_VMX_CR4_FIXED0),
		.cr4_fixed1 = rdmsr(MSR_IA32_VMX_CR4_FIXED1),
	};

	if (m.proc >> 32 & PROC_SECONDARY_CONTROLS) {
		m.proc2 = rdmsr(MSR_IA32_VMX_PROCBASED_CTLS2);
		/* EPT_VPID_CAP exists when EPT or VPID may be enabled */
		if (m.proc2 >> 32 & (PROC2_ENABLE_EPT | PROC2_ENABLE_VPID))
			m.ept_vpid = rdmsr(MSR_IA32_VMX_EPT_VPID_CAP);
	}
	if (m.basic & VMX_BASIC_TRUE_CTLS) {
		m.true_pin = rdmsr(MSR_IA32_VMX_TRUE_PINBASED_CTLS);
		m.true_proc = rdmsr(MSR_IA32_VMX_TRUE_PROCBASED_CTLS);
		m.true_exit = rdmsr(MSR_IA32_VMX_TRUE_EXIT_CTLS);
		m.true_entry = rdmsr(MSR_IA32_VMX_TRUE_ENTRY_CTLS);
	}
	return m;
}

const struct x86_vendor *vmx_probe(void)
{
	u32 a, b, c, d;
	const char *missing;

	struct vmx_msrs m;

	cpuid_count(1, 0, &a, &b, &c, &d);
	if (!(c & CPUID_1_ECX_VMX))
		return NULL;
	/* the capability MSRs exist where CPUID says VMX does */
	m = read_vmx_msrs();
	if (vmx_caps_check(&m, &vmx_setup, &missing)) {
		printk("Intel VMX lacks what Bulkhead needs: %s\n", missing);
		return NULL;
	}
	ept_allow_1g(vmx_setup.ept_1g);
	return &vmx_vendor;
}

static int vmx_init(void)
{
	printk("VMX: EPT%s, unrestricted guest, %s, %s\n",
	       vmx_setup.ept_1g ? " with 1 GiB pages" : "",
	       vmx_setup.vpid ? "VPIDs" : "no VPIDs",
	       vmx_setup.preemption_timer ? "preemption timer" :
					    "no preemption timer");
	return 0;
}

struct arch_cpu *vmx_cpu_of_regs(struct guest_regs *regs)
{
	u64 off = (u8 *)regs - &hv_stacks[0][0];

	return &vmx_cpus[off / HV_STACK_SIZE];
}

/*
 * The MSR bitmap: reads of 0-0x1fff at 0, of 0xc0000000-0xc0001fff at
 * 0x400, writes at 0x800 and 0xc00. Other MSRs always exit.
 */
static void msr_bitmap_set(u8 *bm, u32 msr, bool read, bool write,
			   bool intercept)
{
	u32 base, bit;

	if (msr < 0x2000) {
		base = 0;
	} else if (msr - 0xc0000000 < 0x2000) {
		base = 0x400;
		msr -= 0xc0000000;
	} else {
		return;
	}
	bit = 1u << (msr % 8);
	if (read) {
		if (intercept)
			bm[base + msr / 8] |= bit;
		else
			bm[base + msr / 8] &= ~bit;
	}
	if (write) {
		if (intercept)
			bm[0x800 + base + msr / 8] |= bit;
		else
			bm[0x800 + base + msr / 8] &= ~bit;
	}
}

/*
 * The shared policy, and VMX's own: its capability MSRs and the feature
 * control MSR, which a guest without VMX must find absent or locked.
 */
static void msr_bitmap_root(u8 *bm)
{
	u32 msr;

	msr_policy_root(bm, msr_bitmap_set);
	msr_bitmap_set(bm, MSR_IA32_FEATURE_CONTROL, false, true, true);
	for (msr = MSR_IA32_VMX_BASIC; msr <= 0x491; msr++)
		msr_bitmap_set(bm, msr, true, true, true);
}

static void msr_bitmap_cell(u8 *bm)
{
	memset(bm, 0xff, PAGE_SIZE);
	msr_policy_cell(bm, msr_bitmap_set);
	/* EFER lives in the VMCS: its writes are checked (vmx_exit.c) */
	msr_bitmap_set(bm, MSR_EFER, false, true, true);
}

static void vmx_cell_free(struct arch_cell *ac)
{
	if (ac->msr_bitmap)
		page_free(ac->msr_bitmap, 1);
	if (ac->io_bitmaps)
		page_free(ac->io_bitmaps, IO_BITMAP_PAGES);
	page_free(ac, 1);
}

static int vmx_cell_init(struct cell *cell)
{
	struct arch_cell *ac = page_alloc(1);

	if (!ac)
		return -ENOMEM;
	ac->msr_bitmap = page_alloc(1);
	ac->io_bitmaps = page_alloc(IO_BITMAP_PAGES);
	if (!ac->msr_bitmap || !ac->io_bitmaps) {
		vmx_cell_free(ac);
		return -ENOMEM;
	}
	/* VPID 0 is the hypervisor's own */
	ac->vpid = cell->id + 1;
	io_bitmap_build(ac->io_bitmaps, cell);
	if (cell->id == 0)
		msr_bitmap_root(ac->msr_bitmap);
	else
		msr_bitmap_cell(ac->msr_bitmap);
	cell->arch = ac;
	return 0;
}

static void vmx_cell_ports_changed(struct cell *cell)
{
	io_bitmap_build(cell->arch->io_bitmaps, cell);
}

static void vmx_cell_destroy(struct cell *cell)
{
	if (!cell->arch)
		return;
	vmx_cell_free(cell->arch);
	cell->arch = NULL;
}

/* VMXON, VMCLEAR, VMPTRLD: a physical address operand; false on VMfail. */
#define VMX_PA_INSN(insn)                          \
	static bool insn(paddr_t pa)               \
	{                                          \
		u64 addr = pa_addr(pa);            \
		u8 failed;                         \
                                                   \
		asm volatile(#insn " %1; setna %0" \
			     : "=qm"(failed)       \
			     : "m"(addr)           \
			     : "cc", "memory");    \
		return !failed;                    \
	}
VMX_PA_INSN(vmxon)
VMX_PA_INSN(vmclear)
VMX_PA_INSN(vmptrld)

static void invept(u64 type, u64 eptp)
{
	struct {
		u64 eptp, zero;
	} desc = { eptp, 0 };

	asm volatile("invept %0, %1" ::"m"(desc), "r"(type) : "cc", "memory");
}

static void invvpid(u64 type, u16 vpid)
{
	struct {
		u64 vpid, addr;
	} desc = { vpid, 0 };

	asm volatile("invvpid %0, %1" ::"m"(desc), "r"(type) : "cc", "memory");
}

static u64 eptp_of(const struct cell *cell)
{
	return pa_addr(cell->npt.root) | EPTP_WALK_4 | EPTP_MEMTYPE_WB;
}

void vmx_flush_guest_tlb(struct per_cpu *cpu)
{
	u64 eptp = eptp_of(cpu->cell);

	invept(vmx_setup.invept_single ? INVEPT_SINGLE : INVEPT_ALL, eptp);
	if (vmx_setup.vpid)
		invvpid(INVVPID_SINGLE, cpu->cell->arch->vpid);
}

/* VMX's segment access rights from the descriptor's packed attributes. */
static u32 vmx_ar(u16 attrib)
{
	u32 ar = (attrib & 0xff) | ((u32)(attrib & 0xf00) << 4);

	/* not present: a null selector, which VMX calls unusable */
	return (ar & 0x80) ? ar : VMX_AR_UNUSABLE;
}

static void set_seg(enum vmx_seg seg, u16 sel, u32 ar, u32 limit, u64 base)
{
	vmwrite(VMCS_GUEST_ES_SEL + 2 * seg, sel);
	vmwrite(VMCS_GUEST_ES_AR + 2 * seg, ar);
	vmwrite(VMCS_GUEST_ES_LIMIT + 2 * seg, limit);
	vmwrite(VMCS_GUEST_ES_BASE + 2 * seg, base);
}

static void set_linux_seg(enum vmx_seg seg, const struct bh_segment *s)
{
	set_seg(seg, s->selector, vmx_ar(s->attrib), s->limit, s->base);
}

u64 vmx_guest_cr0(void)
{
	u64 mask = vmread(VMCS_CR0_MASK);

	return (vmread(VMCS_GUEST_CR0) & ~mask) |
	       (vmread(VMCS_CR0_READ_SHADOW) & mask);
}

u64 vmx_guest_cr4(void)
{
	u64 mask = vmread(VMCS_CR4_MASK);

	return (vmread(VMCS_GUEST_CR4) & ~mask) |
	       (vmread(VMCS_CR4_READ_SHADOW) & mask);
}

/*
 * VMX forces CR0.NE and CR4.VMXE on in a guest: the guest keeps the
 * value it wrote in the read shadow and reads that back.
 */
void vmx_set_guest_cr0(u64 val)
{
	vmwrite(VMCS_CR0_READ_SHADOW, val);
	vmwrite(VMCS_GUEST_CR0,
		(val | vmx_setup.cr0_must1) & ~vmx_setup.cr0_must0);
}

void vmx_set_guest_cr4(u64 val)
{
	vmwrite(VMCS_CR4_READ_SHADOW, val);
	vmwrite(VMCS_GUEST_CR4,
		(val | vmx_setup.cr4_must1) & ~vmx_setup.cr4_must0);
}

static void set_guest_efer(u64 efer)
{
	u64 entry = vmread(VMCS_ENTRY_CONTROLS) & ~ENTRY_IA32E_MODE_GUEST;

	vmwrite(VMCS_GUEST_EFER, efer);
	if (efer & EFER_LMA)
		entry |= ENTRY_IA32E_MODE_GUEST;
	vmwrite(VMCS_ENTRY_CONTROLS, entry);
}

/* Controls and intercepts of the cell the CPU runs now. */
static void vmcs_set_cell(struct cell *cell)
{
	struct arch_cell *ac = cell->arch;
	u32 proc = vmx_setup.proc;

	/* RDPMC: the counters are the root's (x86_rdpmc_refused); at
	 * setup and at a reset no NMI window is pending to keep */
	if (cell != &root_cell && vmx_setup.rdpmc_exiting)
		proc |= PROC_RDPMC_EXITING;
	vmwrite(VMCS_PROC_CONTROLS, proc);
	vmwrite(VMCS_EPT_POINTER, eptp_of(cell));
	vmwrite(VMCS_MSR_BITMAP, pa_addr(page_to_phys(ac->msr_bitmap)));
	vmwrite(VMCS_IO_BITMAP_A, pa_addr(page_to_phys(ac->io_bitmaps)));
	vmwrite(VMCS_IO_BITMAP_B,
		pa_addr(page_to_phys(ac->io_bitmaps)) + PAGE_SIZE);
	if (vmx_setup.vpid)
		vmwrite(VMCS_VPID, ac->vpid);
}

/* What every VMCS of ours has, whatever runs in it. */
static void vmcs_set_controls(void)
{
	/* the processor-based controls: vmcs_set_cell, per cell */
	vmwrite(VMCS_PIN_CONTROLS, vmx_setup.pin);
	vmwrite(VMCS_PROC_CONTROLS2, vmx_setup.proc2);
	vmwrite(VMCS_EXIT_CONTROLS, vmx_setup.exit);
	vmwrite(VMCS_ENTRY_CONTROLS, vmx_setup.entry);
	/* #DB and #AC: the benign-exception loops (vmx_exit.c) */
	vmwrite(VMCS_EXCEPTION_BITMAP, BIT(EXC_DB) | BIT(EXC_AC));
	vmwrite(VMCS_PF_ERROR_MASK, 0);
	vmwrite(VMCS_PF_ERROR_MATCH, 0);
	vmwrite(VMCS_CR3_TARGET_COUNT, 0);
	vmwrite(VMCS_EXIT_MSR_STORE_COUNT, 0);
	vmwrite(VMCS_EXIT_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_ENTRY_MSR_LOAD_COUNT, 0);
	vmwrite(VMCS_ENTRY_INTR_INFO, 0);
	vmwrite(VMCS_LINK_POINTER, ~0ull);
	vmwrite(VMCS_TSC_OFFSET, 0);
	/* writes that would change a forced bit exit; reads see the shadow */
	vmwrite(VMCS_CR0_MASK, vmx_setup.cr0_must1 | vmx_setup.cr0_must0);
	vmwrite(VMCS_CR4_MASK, vmx_setup.cr4_must1 | vmx_setup.cr4_must0);
}

/* The hypervisor's side, loaded at every exit. */
static void vmcs_set_host(struct arch_cpu *ac, const struct bh_linux_cpu *l)
{
	vmwrite(VMCS_HOST_CR0, read_cr0());
	vmwrite(VMCS_HOST_CR3, read_cr3());
	vmwrite(VMCS_HOST_CR4, read_cr4());
	vmwrite(VMCS_HOST_CS_SEL, 0x08);
	vmwrite(VMCS_HOST_SS_SEL, 0x10);
	vmwrite(VMCS_HOST_DS_SEL, 0x10);
	vmwrite(VMCS_HOST_ES_SEL, 0x10);
	vmwrite(VMCS_HOST_FS_SEL, 0);
	vmwrite(VMCS_HOST_GS_SEL, 0);
	/*
	 * An exit loads TR without looking at a GDT: Linux's TSS stays in
	 * TR, so leaving needs no LTR. We never switch stacks through it.
	 */
	vmwrite(VMCS_HOST_TR_SEL, l->tr.selector);
	vmwrite(VMCS_HOST_TR_BASE, l->tr.base);
	vmwrite(VMCS_HOST_FS_BASE, 0);
	vmwrite(VMCS_HOST_GS_BASE, 0);
	vmwrite(VMCS_HOST_GDTR_BASE, hv_gdt_desc.base);
	vmwrite(VMCS_HOST_IDTR_BASE, hv_idt_desc.base);
	vmwrite(VMCS_HOST_SYSENTER_CS, 0);
	vmwrite(VMCS_HOST_SYSENTER_ESP, 0);
	vmwrite(VMCS_HOST_SYSENTER_EIP, 0);
	vmwrite(VMCS_HOST_PAT, rdmsr(MSR_IA32_PAT));
	vmwrite(VMCS_HOST_EFER, rdmsr(MSR_EFER));
	vmwrite(VMCS_HOST_RSP, (u64)ac->top);
	vmwrite(VMCS_HOST_RIP, (u64)vmx_exit_entry);
}

/* Guest state that continues Linux right after its call into us. */
static void vmcs_set_linux_state(struct arch_cpu *ac,
				 const struct bh_linux_cpu *l)
{
	set_linux_seg(VMX_ES, &l->es);
	set_linux_seg(VMX_CS, &l->cs);
	set_linux_seg(VMX_SS, &l->ss);
	set_linux_seg(VMX_DS, &l->ds);
	set_linux_seg(VMX_FS, &l->fs);
	set_linux_seg(VMX_GS, &l->gs);
	set_linux_seg(VMX_LDTR, &l->ldtr);
	set_linux_seg(VMX_TR, &l->tr);
	vmwrite(VMCS_GUEST_ES_BASE + 2 * VMX_FS, l->fs_base);
	vmwrite(VMCS_GUEST_ES_BASE + 2 * VMX_GS, l->gs_base);
	vmwrite(VMCS_GUEST_GDTR_BASE, l->gdtr.base);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, l->gdtr.limit);
	vmwrite(VMCS_GUEST_IDTR_BASE, l->idtr.base);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, l->idtr.limit);
	vmx_set_guest_cr0(l->cr0);
	vmwrite(VMCS_GUEST_CR3, l->cr3);
	vmx_set_guest_cr4(l->cr4);
	set_guest_efer(l->efer);
	vmwrite(VMCS_GUEST_PAT, l->pat);
	vmwrite(VMCS_GUEST_DEBUGCTL, rdmsr(MSR_IA32_DEBUGCTL));
	vmwrite(VMCS_GUEST_DR7, l->dr7);
	vmwrite(VMCS_GUEST_SYSENTER_CS, l->sysenter_cs);
	vmwrite(VMCS_GUEST_SYSENTER_ESP, l->sysenter_esp);
	vmwrite(VMCS_GUEST_SYSENTER_EIP, l->sysenter_eip);
	vmwrite(VMCS_GUEST_RFLAGS, X86_RFLAGS_RESERVED1);
	vmwrite(VMCS_GUEST_RIP, l->resume_rip);
	vmwrite(VMCS_GUEST_RSP, l->resume_rsp);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_ACTIVE);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmwrite(VMCS_GUEST_PENDING_DBG, 0);
	ac->regs->rax = 0;
}

/*
 * Reset state common to INIT/SIPI and the cell entry. The syscall MSRs and
 * the kernel GS base stay live in the CPU across exits (no VMCS field holds
 * them): the previous guest's must not leak into the next.
 */
static void reset_common(struct arch_cpu *ac)
{
	vmcs_set_cell(ac->cpu->cell);
	/* no preemption timer from the CPU's time in the root, if regulated */
	vmwrite(VMCS_PIN_CONTROLS, vmx_setup.pin);
	ac->reg_deadline = 0;
	memset(ac->regs, 0, sizeof(*ac->regs));
	set_seg(VMX_LDTR, 0, 0x82, 0xffff, 0);
	set_seg(VMX_TR, 0, 0x8b, 0xffff, 0);
	vmwrite(VMCS_GUEST_GDTR_BASE, 0);
	vmwrite(VMCS_GUEST_GDTR_LIMIT, 0xffff);
	vmwrite(VMCS_GUEST_IDTR_BASE, 0);
	vmwrite(VMCS_GUEST_IDTR_LIMIT, 0xffff);
	vmwrite(VMCS_GUEST_CR3, 0);
	vmx_set_guest_cr4(0);
	set_guest_efer(0);
	vmwrite(VMCS_GUEST_PAT, 0x0007040600070406ull);
	vmwrite(VMCS_GUEST_DEBUGCTL, 0);
	vmwrite(VMCS_GUEST_DR7, 0x400);
	vmwrite(VMCS_GUEST_SYSENTER_CS, 0);
	vmwrite(VMCS_GUEST_SYSENTER_ESP, 0);
	vmwrite(VMCS_GUEST_SYSENTER_EIP, 0);
	vmwrite(VMCS_GUEST_RFLAGS, X86_RFLAGS_RESERVED1);
	vmwrite(VMCS_GUEST_RSP, 0);
	vmwrite(VMCS_GUEST_ACTIVITY_STATE, VMX_ACTIVITY_ACTIVE);
	vmwrite(VMCS_GUEST_INTERRUPTIBILITY, 0);
	vmwrite(VMCS_GUEST_PENDING_DBG, 0);
	vmwrite(VMCS_ENTRY_INTR_INFO, 0);
	wrmsr(MSR_STAR, 0);
	wrmsr(MSR_LSTAR, 0);
	wrmsr(MSR_CSTAR, 0);
	wrmsr(MSR_SYSCALL_MASK, 0);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	ac->nmi_to_inject = false;
	ac->nmi_waited = false;
	/*
	 * NMIs taken while parked: requests are polled there, and one of the
	 * previous guest's own is no business of the new one's, which an
	 * INIT would not get either.
	 */
	while (ac->nmis_seen != READ_ONCE(hv_nmis_taken[ac->cpu->id])) {
		ac->nmis_seen++;
		cpu_nmi_was_management(ac->cpu);
	}
	/*
	 * But a request whose kick came after the park loop last looked (the
	 * CPU had left it for this start) is served before the guest runs:
	 * through the entry window's host-NMI path, as if its NMI came now.
	 * Dropped, a park request was never served, and the cell's CPU ran on
	 * through a shutdown (test vmx/210, system/148's race).
	 */
	ac->top->nmi_in_host = READ_ONCE(ac->cpu->requests) != 0;
	vmx_flush_guest_tlb(ac->cpu);
}

/* After INIT and a SIPI with @vector: real mode at vector:0000. */
static void reset_to_sipi(struct arch_cpu *ac, u8 vector)
{
	static const enum vmx_seg data[] = { VMX_SS, VMX_DS, VMX_ES, VMX_FS,
					     VMX_GS };
	unsigned int i;

	reset_common(ac);
	set_seg(VMX_CS, (u16)vector << 8, 0x9b, 0xffff, (u64)vector << 12);
	for (i = 0; i < ARRAY_SIZE(data); i++)
		set_seg(data[i], 0, 0x93, 0xffff, 0);
	vmx_set_guest_cr0(X86_CR0_CD | X86_CR0_NW | X86_CR0_ET);
	vmwrite(VMCS_GUEST_RIP, 0);
}

/* The cell entry state of docs/inmates.md: 32-bit flat protected mode. */
static void reset_to_entry(struct arch_cpu *ac, u64 entry, u64 arg)
{
	static const enum vmx_seg data[] = { VMX_SS, VMX_DS, VMX_ES, VMX_FS,
					     VMX_GS };
	unsigned int i;

	reset_common(ac);
	/* G, D/B, present, code/data: the descriptors' 0xc09b and 0xc093 */
	set_seg(VMX_CS, 0x10, 0xc09b, 0xffffffff, 0);
	for (i = 0; i < ARRAY_SIZE(data); i++)
		set_seg(data[i], 0x18, 0xc093, 0xffffffff, 0);
	vmx_set_guest_cr0(X86_CR0_PE | X86_CR0_ET);
	vmwrite(VMCS_GUEST_RIP, entry);
	ac->regs->rsi = arg;
}

static void __attribute__((noreturn)) run(struct arch_cpu *ac)
{
	ac->launched = true;
	vmx_vmrun_loop(ac->regs);
}

static void __attribute__((noreturn))
vmx_cpu_start(struct per_cpu *cpu, u64 entry, u64 arg)
{
	struct arch_cpu *ac = &vmx_cpus[cpu->id];

	reset_to_entry(ac, entry, arg);
	run(ac);
}

static void __attribute__((noreturn))
vmx_cpu_start_sipi(struct per_cpu *cpu, u8 vector)
{
	struct arch_cpu *ac = &vmx_cpus[cpu->id];

	reset_to_sipi(ac, vector);
	run(ac);
}

/*
 * Called by the CPU that moves @cpu, not by @cpu: VMWRITE reaches only
 * the caller's own VMCS. The parked CPU loads the cell's controls itself
 * when it starts (reset_common), the only way into a new cell.
 */
static void vmx_cpu_set_cell(struct per_cpu *cpu, struct cell *cell)
{
	(void)cpu;
	(void)cell;
}

static void vmx_cpu_flush_tlb(struct per_cpu *cpu)
{
	vmx_flush_guest_tlb(cpu);
}

/* VM entry refuses a guest CR0 without the bits VMX forces (SDM 26.3.1.1). */
static void vmx_corrupt_guest_state(struct per_cpu *cpu)
{
	(void)cpu;
	vmwrite(VMCS_GUEST_CR0, vmread(VMCS_GUEST_CR0) & ~X86_CR0_NE);
}

static int vmx_cpu_init(struct per_cpu *cpu)
{
	struct arch_cpu *ac = &vmx_cpus[cpu->id];
	u8 *top = hv_stacks[cpu->id] + HV_STACK_SIZE;
	u64 fc = rdmsr(MSR_IA32_FEATURE_CONTROL);

	ac->cpu = cpu;
	ac->top = (struct vmx_stack_top *)(top - sizeof(struct vmx_stack_top));
	ac->regs = (struct guest_regs *)((u8 *)ac->top -
					 sizeof(struct guest_regs));
	memset(ac->regs, 0, sizeof(*ac->regs));
	memset(ac->top, 0, sizeof(*ac->top));

	if (!(fc & FEATURE_CONTROL_LOCKED))
		wrmsr(MSR_IA32_FEATURE_CONTROL,
		      fc | FEATURE_CONTROL_LOCKED |
			      FEATURE_CONTROL_VMX_OUTSIDE_SMX);
	ac->vmxon_region = page_alloc(1);
	ac->vmcs = page_alloc(1);
	if (!ac->vmxon_region || !ac->vmcs)
		return -ENOMEM;
	*(u32 *)ac->vmxon_region = vmx_setup.revision;
	*(u32 *)ac->vmcs = vmx_setup.revision;
	ac->vmcs_pa = page_to_phys(ac->vmcs);

	write_cr4(read_cr4() | X86_CR4_VMXE);
	if (!vmxon(page_to_phys(ac->vmxon_region))) {
		write_cr4(read_cr4() & ~X86_CR4_VMXE);
		printk("ERROR: CPU %u: VMXON failed\n", cpu->id);
		return -EIO;
	}
	ac->vmx_on = true;
	if (!vmclear(ac->vmcs_pa) || !vmptrld(ac->vmcs_pa)) {
		printk("ERROR: CPU %u: cannot load its VMCS\n", cpu->id);
		return -EIO;
	}
	vmcs_set_controls();
	vmcs_set_host(ac, cpu->linux_cpu);
	vmcs_set_cell(cpu->cell);
	vmcs_set_linux_state(ac, cpu->linux_cpu);
	/*
	 * Neither VMXON nor VM entry drops translations tagged with an EPTP
	 * and a VPID: the root's may survive from an earlier enable, whose
	 * pool handed out the same pages and ids, or from another VMM that
	 * used this CPU. Cells flush theirs in reset_common.
	 */
	vmx_flush_guest_tlb(cpu);
	cpu->arch = ac;
	return 0;
}

static void vmx_cpu_cleanup(struct per_cpu *cpu)
{
	struct arch_cpu *ac = &vmx_cpus[cpu->id];

	if (ac->vmcs)
		page_free(ac->vmcs, 1);
	if (ac->vmxon_region)
		page_free(ac->vmxon_region, 1);
	ac->vmcs = NULL;
	ac->vmxon_region = NULL;
}

static void __attribute__((noreturn)) vmx_cpu_activate(struct per_cpu *cpu)
{
	run(&vmx_cpus[cpu->id]);
}

/*
 * Back to Linux without the hypervisor: what an exit loaded for us (FS
 * and GS bases, SYSENTER, PAT, EFER, DEBUGCTL, DR7, CR0, CR4) gets the
 * guest's values again, VMX goes off, and the driver's trampoline resumes
 * the guest's code natively.
 */
static void __attribute__((noreturn))
vmx_cpu_leave(struct per_cpu *cpu, long result)
{
	struct arch_cpu *ac = &vmx_cpus[cpu->id];
	struct bh_linux_cpu *l = cpu->linux_cpu;
	void (*leave)(struct bh_linux_cpu *) =
		(void *)(uintptr_t)hv_header.leave_entry;

	if (ac->launched) {
		struct guest_regs *r = ac->regs;
		u64 cr0 = vmx_guest_cr0(), cr4 = vmx_guest_cr4();

		l->cr3 = vmread(VMCS_GUEST_CR3);
		l->gdtr.base = vmread(VMCS_GUEST_GDTR_BASE);
		l->gdtr.limit = vmread(VMCS_GUEST_GDTR_LIMIT);
		l->idtr.base = vmread(VMCS_GUEST_IDTR_BASE);
		l->idtr.limit = vmread(VMCS_GUEST_IDTR_LIMIT);
		l->ds.selector = vmread(VMCS_GUEST_ES_SEL + 2 * VMX_DS);
		l->es.selector = vmread(VMCS_GUEST_ES_SEL + 2 * VMX_ES);
		x86_leave_regs(l, r, result);
		l->iret[0] = vmread(VMCS_GUEST_RIP);
		l->iret[1] = vmread(VMCS_GUEST_ES_SEL + 2 * VMX_CS);
		l->iret[2] = vmread(VMCS_GUEST_RFLAGS);
		l->iret[3] = vmread(VMCS_GUEST_RSP);
		l->iret[4] = vmread(VMCS_GUEST_ES_SEL + 2 * VMX_SS);
		l->efer = vmread(VMCS_GUEST_EFER);
		wrmsr(MSR_FS_BASE, vmread(VMCS_GUEST_ES_BASE + 2 * VMX_FS));
		wrmsr(MSR_GS_BASE, vmread(VMCS_GUEST_ES_BASE + 2 * VMX_GS));
		wrmsr(MSR_IA32_SYSENTER_CS, vmread(VMCS_GUEST_SYSENTER_CS));
		wrmsr(MSR_IA32_SYSENTER_ESP, vmread(VMCS_GUEST_SYSENTER_ESP));
		wrmsr(MSR_IA32_SYSENTER_EIP, vmread(VMCS_GUEST_SYSENTER_EIP));
		wrmsr(MSR_IA32_PAT, vmread(VMCS_GUEST_PAT));
		wrmsr(MSR_IA32_DEBUGCTL, vmread(VMCS_GUEST_DEBUGCTL));
		asm volatile("mov %0, %%dr7" ::"r"(vmread(VMCS_GUEST_DR7)));
		asm volatile("vmxoff" ::: "cc", "memory");
		ac->vmx_on = false;
		write_cr4(cr4 & ~X86_CR4_VMXE);
		asm volatile("mov %0, %%cr0" ::"r"(cr0));
	} else {
		/* a CPU whose init failed may still be in VMX operation,
		 * and CR4.VMXE cannot go before VMX does */
		if (ac->vmx_on) {
			asm volatile("vmxoff" ::: "cc", "memory");
			ac->vmx_on = false;
		}
		x86_prepare_unentered_return(l, result);
	}
	l->result = result;
	wrmsr(MSR_EFER, l->efer);
	leave(l);
	__builtin_unreachable();
}

const struct x86_vendor vmx_vendor = {
	.name = "Intel VMX",
	.init = vmx_init,
	.nested_paging = &x86_ept_paging,
	.cell_init = vmx_cell_init,
	.cell_destroy = vmx_cell_destroy,
	.cell_ports_changed = vmx_cell_ports_changed,
	.cpu_init = vmx_cpu_init,
	.cpu_cleanup = vmx_cpu_cleanup,
	.cpu_activate = vmx_cpu_activate,
	.cpu_leave = vmx_cpu_leave,
	.cpu_set_cell = vmx_cpu_set_cell,
	.cpu_flush_tlb = vmx_cpu_flush_tlb,
	.cpu_start = vmx_cpu_start,
	.cpu_start_sipi = vmx_cpu_start_sipi,
	.regulation_possible = vmx_regulation_possible,
	.regulation_enter = vmx_regulation_enter,
	.regulation_leave = vmx_regulation_leave,
	.regulation_arm = vmx_regulation_arm,
	.sleep_until_nmi = vmx_sleep_until_nmi,
	.corrupt_guest_state = vmx_corrupt_guest_state,
};
