// SPDX-License-Identifier: GPL-2.0
/*
 * x86 setup shared by SVM and VMX: the hypervisor's GDT, IDT and stacks,
 * picking the vendor backend, and the arch_* entry points.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/percpu.h>
#include <bh/hv.h>
#include <bh/printk.h>
#include <bh/string.h>
#include <bulkhead/boot.h>
#include <asm/apic.h>
#include <asm/cat.h>
#include <asm/msr.h>
#include <asm/fpu_handover.h>
#include <asm/msr_handover.h>
#include <asm/processor.h>
#include <asm/vendor.h>
#include <asm/wx_check.h>

__attribute__((aligned(4096))) u8 hv_stacks[MAX_CPUS][HV_STACK_SIZE];

/*
 * null, 64-bit code (0x08), data (0x10). Accessed bits set: the GDT is
 * read-only data, and loading a segment would otherwise write them.
 */
static const u64 hv_gdt[] __attribute__((aligned(16))) = {
	0,
	0x00af9b000000ffffull,
	0x00cf93000000ffffull,
};
const struct desc_ptr hv_gdt_desc = { sizeof(hv_gdt) - 1, (u64)hv_gdt };

struct idt_gate {
	u16 offset0;
	u16 selector;
	u16 flags;
	u16 offset1;
	u32 offset2;
	u32 reserved;
};

static struct idt_gate hv_idt[256] __attribute__((aligned(16)));
const struct desc_ptr hv_idt_desc = { sizeof(hv_idt) - 1, (u64)hv_idt };

extern const u64 exc_stubs[], exc_stubs_end[];
extern const u8 irq_stubs[]; /* 16 bytes per vector from 32 */

/* What the IDT's stubs saw per CPU (entry.S, asm/host_events.h). */
u32 hv_nmis_taken[MAX_CPUS];
s32 hv_irq_taken[MAX_CPUS];

const struct x86_vendor *x86_vendor;

static void idt_set(unsigned int vector, u64 handler)
{
	hv_idt[vector].offset0 = handler & 0xffff;
	hv_idt[vector].selector = 0x08;
	hv_idt[vector].flags = 0x8e00; /* present, interrupt gate */
	hv_idt[vector].offset1 = (handler >> 16) & 0xffff;
	hv_idt[vector].offset2 = handler >> 32;
}

static void idt_init(void)
{
	unsigned int i, n = exc_stubs_end - exc_stubs;

	for (i = 0; i < n && i < 32; i++)
		idt_set(i, exc_stubs[i]);
	for (i = 32; i < ARRAY_SIZE(hv_idt); i++)
		idt_set(i, (u64)(irq_stubs + (i - 32) * 16));
}

struct exc_frame {
	u64 vector, error, rip, cs, rflags, rsp, ss;
};

void arch_exception(struct exc_frame *f);
void arch_exception(struct exc_frame *f)
{
	/* CR0 and CR4 too: #UD and #NM often mean a feature bit is off */
	printk("FATAL: exception %llu in the hypervisor, error 0x%llx, RIP 0x%llx, RSP 0x%llx, CR2 0x%llx, CR0 0x%llx, CR4 0x%llx\n",
	       (unsigned long long)f->vector, (unsigned long long)f->error,
	       (unsigned long long)f->rip, (unsigned long long)f->rsp,
	       (unsigned long long)read_cr2(), (unsigned long long)read_cr0(),
	       (unsigned long long)read_cr4());
}

int arch_init(void)
{
	/*
	 * The IDT is loaded by every CPU at entry before any C runs, but only
	 * filled here: an exception before this point triple-faults, which is
	 * what it would do with nothing loaded.
	 */
	idt_init();
	if (wx_check())
		return -EINVAL;
	x86_vendor = svm_probe();
	if (!x86_vendor)
		x86_vendor = vmx_probe();
	if (!x86_vendor) {
		printk("ERROR: this CPU offers neither usable AMD SVM with nested paging nor usable Intel VMX\n");
		return -ENODEV;
	}
	printk("Using %s\n", x86_vendor->name);
	cat_init();
	return x86_vendor->init();
}

const struct paging_format *arch_nested_paging(void)
{
	return x86_vendor->nested_paging;
}

int arch_cell_init(struct cell *cell)
{
	u64 apic_base = rdmsr(MSR_IA32_APIC_BASE), apic_pa;
	int ret;

	/* a cell's CPUs run x2APIC, whatever mode the root's run */
	if (cell != &root_cell && apic_root_xapic && !apic_x2apic_supported()) {
		printk("ERROR: cell %s: refused: cells run their local APIC in x2APIC mode, which this CPU lacks\n",
		       cell->desc->name);
		return -ENODEV;
	}
	ret = cat_cell_init(cell);
	if (ret)
		return ret;
	ret = x86_vendor->cell_init(cell);
	if (ret)
		cat_cell_destroy(cell);
	if (ret || cell != &root_cell)
		return ret;
	apic_pa = apic_base & 0xffffff000ull;
	if (!(apic_base & APIC_BASE_X2APIC)) {
		if (apic_pa != hv_header.lapic_phys) {
			printk("ERROR: root-cell: local APIC at 0x%llx, the driver mapped 0x%llx\n",
			       (unsigned long long)apic_pa,
			       (unsigned long long)hv_header.lapic_phys);
			x86_vendor->cell_destroy(cell);
			return -EINVAL;
		}
		apic_root_xapic = true;
		printk("Root cell's local APIC is in xAPIC mode: its page is read-only, writes trap, IPIs filtered\n");
		/* reads go straight to the APIC; writes come to apic_xapic.c */
		return paging_map(&cell->npt, apic_pa, pa_init(apic_pa),
				  PAGE_SIZE,
				  PAGING_READ | PAGING_DEVICE | PAGING_USER);
	}
	apic_root_xapic = false;
	/*
	 * The root's xAPIC page: x2APIC stays on, so nothing may reach the
	 * local APIC through memory there either (no unfiltered ICR).
	 */
	return paging_unmap(&cell->npt, apic_pa, PAGE_SIZE);
}

void arch_cell_destroy(struct cell *cell)
{
	cat_cell_destroy(cell);
	x86_vendor->cell_destroy(cell);
}

void arch_cell_ports_changed(struct cell *cell)
{
	x86_vendor->cell_ports_changed(cell);
}

int arch_cpu_init(struct per_cpu *cpu)
{
	fpu_host_init();
	msr_handover_record(cpu);
	apic_xapic_record(cpu);
	cat_cpu_init(cpu);
	return x86_vendor->cpu_init(cpu);
}

/*
 * Nothing the guest armed or changed in the CPU may reach whoever runs on
 * it next: the same cell, another, or Linux.
 */
void arch_cpu_park_enter(struct per_cpu *cpu)
{
	apic_xapic_forget(cpu);
	apic_park_reset();
	msr_handover_restore(cpu);
	fpu_handover_reset();
	cat_cpu_park(cpu);
}

void arch_cpu_cleanup(struct per_cpu *cpu)
{
	x86_vendor->cpu_cleanup(cpu);
}

void arch_cpu_activate(struct per_cpu *cpu)
{
	x86_vendor->cpu_activate(cpu);
}

void x86_prepare_unentered_return(struct bh_linux_cpu *l, long result)
{
	/* as Linux came, without what fpu_host_init or a backend turned on */
	write_cr4(l->cr4);
	memset(l->regs, 0, sizeof(l->regs));
	l->regs[0] = result;
	l->iret[0] = l->resume_rip;
	l->iret[1] = l->cs.selector;
	l->iret[2] = X86_RFLAGS_RESERVED1;
	l->iret[3] = l->resume_rsp;
	l->iret[4] = l->ss.selector;
}

void x86_leave_regs(struct bh_linux_cpu *l, const struct guest_regs *r,
		    long result)
{
	l->regs[0] = result;
	l->regs[1] = r->rcx;
	l->regs[2] = r->rdx;
	l->regs[3] = r->rbx;
	l->regs[5] = r->rbp;
	l->regs[6] = r->rsi;
	l->regs[7] = r->rdi;
	l->regs[8] = r->r8;
	l->regs[9] = r->r9;
	l->regs[10] = r->r10;
	l->regs[11] = r->r11;
	l->regs[12] = r->r12;
	l->regs[13] = r->r13;
	l->regs[14] = r->r14;
	l->regs[15] = r->r15;
}

void arch_cpu_leave(struct per_cpu *cpu, long result)
{
	struct bh_linux_cpu *l = cpu->linux_cpu;
	void (*leave)(struct bh_linux_cpu *) =
		(void *)(uintptr_t)hv_header.leave_entry;

	/* a CPU parked after a cell: back to the mode Linux left it in */
	if (apic_root_xapic && !apic_set_x2apic(false))
		printk("ERROR: CPU %u: its local APIC stays in x2APIC mode, Linux's is xAPIC: do not online it before a reboot\n",
		       cpu->id);
	if (x86_vendor)
		x86_vendor->cpu_leave(cpu, result);
	/* no backend was chosen: nothing of ours is enabled on this CPU */
	x86_prepare_unentered_return(l, result);
	l->result = result;
	leave(l);
	__builtin_unreachable();
}

void arch_cpu_set_cell(struct per_cpu *cpu, struct cell *cell)
{
	x86_vendor->cpu_set_cell(cpu, cell);
}

void arch_cpu_flush_tlb(struct per_cpu *cpu)
{
	x86_vendor->cpu_flush_tlb(cpu);
}

void arch_cpu_start(struct per_cpu *cpu, u64 entry, u64 arg)
{
	if (!apic_mode_for(cpu, cpu->cell))
		cell_fail(cpu, "its local APIC cannot enter x2APIC mode");
	cat_cpu_enter(cpu);
	x86_vendor->cpu_start(cpu, entry, arg);
}

bool arch_regulation_supported(const char **why)
{
	return x86_vendor->regulation_possible(why);
}

void arch_regulation_enter(struct per_cpu *cpu)
{
	x86_vendor->regulation_enter(cpu);
}

void arch_regulation_leave(struct per_cpu *cpu)
{
	x86_vendor->regulation_leave(cpu);
}

void arch_regulation_arm(struct per_cpu *cpu, u64 deadline)
{
	x86_vendor->regulation_arm(cpu, deadline);
}

void arch_cpu_sleep_until_nmi(struct per_cpu *cpu)
{
	x86_vendor->sleep_until_nmi(cpu);
}

void arch_fault_corrupt_guest_state(struct per_cpu *cpu)
{
	x86_vendor->corrupt_guest_state(cpu);
}

bool arch_cpu_init_pending(struct per_cpu *cpu)
{
	return apic_init_pending(cpu);
}

void arch_cpu_relax(void)
{
	cpu_pause();
}

u64 arch_read_tsc(void)
{
	return rdtsc();
}

void arch_panic_stop(void)
{
	for (;;)
		asm volatile("cli; hlt");
}
