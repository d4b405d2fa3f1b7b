// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's local APIC page when its Linux runs the APIC in xAPIC
 * mode (no interrupt remapping, as on Bochs). Nested paging maps the page
 * read-only: reads reach the APIC without an exit, every write exits and
 * comes here (docs/vmx.md). The ICR goes through the same filter as the
 * x2APIC one. The high ICR word is kept per CPU, since the hypervisor's
 * own IPIs use the hardware's; the logical-destination registers are
 * recorded so that the filter resolves logical IPIs as the APICs would;
 * the CPU's other registers are written for it.
 */
#include <bh/cell.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/spinlock.h>
#include <bulkhead/boot.h>
#include <asm/apic.h>
#include <asm/msr.h>
#include <asm/processor.h>

bool apic_root_xapic;

static struct {
	u32 icr2, ldr, dfr;
} xapic[MAX_CPUS];

void apic_xapic_forget(struct per_cpu *cpu)
{
	/* a CPU out of the root answers no logical xAPIC destination */
	WRITE_ONCE(xapic[cpu->id].ldr, 0);
	WRITE_ONCE(xapic[cpu->id].dfr, 0xffffffff);
	xapic[cpu->id].icr2 = 0;
}

void apic_xapic_record(struct per_cpu *cpu)
{
	apic_xapic_forget(cpu);
	if (apic_x2apic_on())
		return;
	WRITE_ONCE(xapic[cpu->id].ldr, apic_read(APIC_LDR));
	WRITE_ONCE(xapic[cpu->id].dfr, apic_read(APIC_DFR));
}

bool apic_mode_for(struct per_cpu *cpu, struct cell *cell)
{
	bool xapic_root = cell == &root_cell && apic_root_xapic;

	/*
	 * Leaving the root's xAPIC world: answer none of its logical
	 * destinations. x2APIC derives its own LDR, but Bochs keeps the old
	 * one, and the root's interrupts sent to "CPU bit n" reached the
	 * cell there.
	 */
	if (!xapic_root && !apic_x2apic_on())
		apic_write(APIC_LDR, 0);
	if (!apic_set_x2apic(!xapic_root)) {
		printk("ERROR: CPU %u: its local APIC did not enter %s mode for cell %s (APIC_BASE 0x%llx)%s\n",
		       cpu->id, xapic_root ? "xAPIC" : "x2APIC",
		       cell->desc->name,
		       (unsigned long long)rdmsr(MSR_IA32_APIC_BASE),
		       xapic_root ? "; it stays parked" : "");
		return false;
	}
	if (xapic_root)
		apic_xapic_record(cpu);
	return true;
}

u64 apic_xapic_targets(u32 lo, u8 dest, unsigned int self)
{
	u32 ids[MAX_CPUS], ldr[MAX_CPUS], dfr[MAX_CPUS];
	u64 in_hv = apic_cpus_in_hv(ids);
	unsigned int i;

	for (i = 0; i < MAX_CPUS; i++) {
		ldr[i] = READ_ONCE(xapic[i].ldr);
		dfr[i] = READ_ONCE(xapic[i].dfr);
	}
	return icr_destinations_xapic(lo, dest, self, ids, ldr, dfr, MAX_CPUS) &
	       in_hv;
}

static void xapic_icr_write(struct per_cpu *sender, u32 lo)
{
	u8 dest = xapic[sender->id].icr2 >> 24;

	apic_deliver(sender, lo, dest, 0xff,
		     apic_xapic_targets(lo, dest, sender->id));
}

static bool lvt(unsigned int reg)
{
	return reg == APIC_LVT_CMCI ||
	       (reg >= APIC_LVT_TIMER && reg <= APIC_LVT_ERROR);
}

bool apic_xapic_write(struct per_cpu *cpu, u64 gpa, unsigned int size, u64 val)
{
	u64 reg = gpa - hv_header.lapic_phys;

	if (!apic_root_xapic || cpu->cell != &root_cell || reg >= PAGE_SIZE)
		return false;
	if (size != 4 || (reg & 0xf)) {
		printk_guest(
			cpu,
			"CPU %u: cell root: %u-byte write at local APIC offset 0x%llx dropped: registers take aligned 32-bit writes\n",
			cpu->id, size, (unsigned long long)reg);
		return true;
	}
	switch (reg) {
	case APIC_ICR:
		xapic_icr_write(cpu, val);
		break;
	case APIC_ICR2:
		xapic[cpu->id].icr2 = val;
		break;
	case APIC_LDR:
		WRITE_ONCE(xapic[cpu->id].ldr, val);
		apic_write(reg, val);
		break;
	case APIC_DFR:
		WRITE_ONCE(xapic[cpu->id].dfr, val);
		apic_write(reg, val);
		break;
	case APIC_TPR:
	case APIC_EOI:
	case APIC_SVR:
	case APIC_ESR:
	case APIC_TIMER_INIT:
	case APIC_TIMER_DIV:
		apic_write(reg, val);
		break;
	default:
		if (lvt(reg)) {
			apic_write(reg, val);
			break;
		}
		/* the APIC ID among them: the filter resolves by it */
		printk_guest(
			cpu,
			"CPU %u: cell root: write of 0x%x to local APIC register 0x%llx dropped: read-only, or the hypervisor's\n",
			cpu->id, (u32)val, (unsigned long long)reg);
	}
	return true;
}
