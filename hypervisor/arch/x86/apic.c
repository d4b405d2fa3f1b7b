// SPDX-License-Identifier: GPL-2.0
/*
 * x2APIC interrupt command register. Every other x2APIC register passes
 * through; ICR writes trap so that IPIs stay inside the sender's cell and
 * INIT and SIPI, which would reset a CPU out of the hypervisor, are
 * emulated: an INIT parks the target CPU in wait-for-SIPI, a SIPI starts
 * it in real mode, as the hardware would.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/spinlock.h>
#include <asm/apic.h>
#include <asm/cat.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/vendor.h>

#define APIC_LVT_MASKED BIT(16)

enum sipi_state { CPU_RUNNING, CPU_WAIT_SIPI, CPU_SIPI_RECEIVED };

static struct {
	volatile u32 state;
	volatile u8 vector;
} sipi[MAX_CPUS];

void apic_send_nmi(u32 apic_id)
{
	apic_send_ipi(apic_id, ICR_DM_NMI << 8);
}

void arch_send_nmi(struct per_cpu *cpu)
{
	apic_send_nmi(cpu->apic_id);
}

static bool apic_in_service(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (apic_read(APIC_ISR0 + 0x10 * i))
			return true;
	return false;
}

/*
 * The local APIC much as an INIT leaves it: timer stopped, every LVT
 * masked, TPR 0, nothing in service. (An INIT also software-disables it;
 * we leave SVR alone, so that this CPU can still send the IPIs the
 * hypervisor needs while it is parked; every guest sets SVR itself.) The
 * guest had the APIC to itself, so whatever it armed would otherwise fire
 * on the next one, and a vector it left in service would block every
 * interrupt of lower priority there. Requests already pending in IRR
 * cannot be withdrawn by software; with the sources masked, none follow.
 */
void apic_park_reset(void)
{
	static const u32 lvts[] = { APIC_LVT_TIMER, APIC_LVT_THERMAL,
				    APIC_LVT_PERF,  APIC_LVT_LINT0,
				    APIC_LVT_LINT1, APIC_LVT_ERROR };
	unsigned int i;

	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	apic_write(APIC_TIMER_INIT, 0);
	for (i = 0; i < ARRAY_SIZE(lvts); i++)
		apic_write(lvts[i], APIC_LVT_MASKED);
	apic_write(APIC_TIMER_DIV, 0);
	apic_write(APIC_TPR, 0);
	/* each EOI retires the highest vector in service: 256 at most */
	for (i = 0; i < 256 && apic_in_service(); i++)
		apic_write(APIC_EOI, 0);
}

bool apic_init_pending(struct per_cpu *cpu)
{
	return READ_ONCE(sipi[cpu->id].state) != CPU_RUNNING;
}

void arch_cpu_wait_for_sipi(struct per_cpu *cpu)
{
	WRITE_ONCE(sipi[cpu->id].state, CPU_WAIT_SIPI);
}

void arch_cpu_forget_sipi(struct per_cpu *cpu)
{
	WRITE_ONCE(sipi[cpu->id].state, CPU_RUNNING);
}

void arch_cpu_park_poll(struct per_cpu *cpu)
{
	/* a stopping cell's CPUs stay parked, whatever their SIPIs say */
	if (READ_ONCE(sipi[cpu->id].state) != CPU_SIPI_RECEIVED ||
	    !cell_may_run(cpu->cell))
		return;
	/* a guest that cannot use its APIC would not get far: the next SIPI
	 * tries again */
	if (!apic_mode_for(cpu, cpu->cell)) {
		WRITE_ONCE(sipi[cpu->id].state, CPU_WAIT_SIPI);
		return;
	}
	if (!cpu_unpark(cpu))
		return;
	WRITE_ONCE(sipi[cpu->id].state, CPU_RUNNING);
	cat_cpu_enter(cpu);
	x86_vendor->cpu_start_sipi(cpu, sipi[cpu->id].vector);
}

static void deliver_init(struct per_cpu *target)
{
	WRITE_ONCE(sipi[target->id].state, CPU_WAIT_SIPI);
	/* a running target comes to us by NMI and parks; a parked one polls */
	cpu_kick(target);
}

static void deliver_sipi(struct per_cpu *target, u8 vector)
{
	/* a SIPI to a CPU not waiting for one is ignored, as in hardware */
	if (READ_ONCE(sipi[target->id].state) != CPU_WAIT_SIPI)
		return;
	sipi[target->id].vector = vector;
	WRITE_ONCE(sipi[target->id].state, CPU_SIPI_RECEIVED);
}

static const char *const dm_names[8] = { "fixed", "lowest-priority",
					 "SMI",	  "reserved",
					 "NMI",	  "INIT",
					 "SIPI",  "ExtINT" };

/* The CPUs under the hypervisor, with everyone's APIC ID in @ids. */
u64 apic_cpus_in_hv(u32 *ids)
{
	u64 in_hv = 0;
	unsigned int i;

	for (i = 0; i < MAX_CPUS; i++) {
		ids[i] = per_cpu(i)->apic_id;
		if (per_cpu(i)->in_hv)
			in_hv |= BIT(i);
	}
	return in_hv;
}

/* The CPUs under the hypervisor that the x2APIC @icr addresses. */
static u64 icr_targets(u64 icr, unsigned int self)
{
	u32 ids[MAX_CPUS];
	u64 in_hv = apic_cpus_in_hv(ids);

	return icr_destinations(icr, self, ids, MAX_CPUS) & in_hv;
}

void apic_icr_write(struct per_cpu *sender, u64 icr)
{
	apic_deliver(sender, (u32)icr, icr >> 32, 0xffffffff,
		     icr_targets(icr, sender->id));
}

void apic_deliver(struct per_cpu *sender, u32 lo, u32 dest, u32 broadcast_id,
		  u64 targets)
{
	/* named no CPU: a shorthand or the physical broadcast ID */
	bool broadcast = (lo & ICR_SHORTHAND_MASK) ||
			 (!(lo & ICR_LOGICAL) && dest == broadcast_id);
	u64 allowed, denied;
	unsigned int i, dm = ICR_DM(lo);

	/* Linux's level-triggered INIT de-assert does nothing since the P4 */
	if (dm == ICR_DM_INIT && !(lo & ICR_ASSERT) && (lo & ICR_LEVEL))
		return;
	/*
	 * An SMI runs firmware code outside every cell and stalls the CPU for
	 * as long as the firmware likes; ExtINT is the 8259's; mode 3 is
	 * reserved. None is sent, whatever the destination.
	 */
	if (dm == ICR_DM_SMI || dm == ICR_DM_RESERVED || dm == ICR_DM_EXTINT) {
		cell_console_drain(sender->cell);
		printk_guest(
			sender,
			"CPU %u: cell %s: %s IPI to destination 0x%x refused: delivery mode not allowed\n",
			sender->id, sender->cell->desc->name, dm_names[dm],
			dest);
		return;
	}

	allowed = targets & sender->cell->cpu_set;
	denied = targets & ~allowed;

	/*
	 * A destination that is no CPU of ours is a CPU that stayed out at
	 * enable (or none at all): it runs natively, outside nested paging,
	 * and an NMI, INIT or SIPI there would run code no cell owns.
	 */
	if (!targets && !(lo & ICR_SHORTHAND_MASK)) {
		cell_console_drain(sender->cell);
		printk_guest(
			sender,
			"CPU %u: cell %s: %s IPI (vector 0x%x) to %s destination 0x%x refused: no CPU under the hypervisor\n",
			sender->id, sender->cell->desc->name, dm_names[dm],
			(unsigned int)ICR_VECTOR(lo),
			lo & ICR_LOGICAL ? "logical" : "physical", dest);
		return;
	}
	/*
	 * Linux sends shorthands and broadcasts over the CPUs it gave to
	 * cells too: it takes them for offline CPUs, which ignore IPIs. The
	 * root's are clipped to its own CPUs without a word; a cell's are
	 * its own doing and reported.
	 */
	if (denied && !(broadcast && sender->cell == &root_cell)) {
		/* the cell's own account of what it did comes first */
		cell_console_drain(sender->cell);
		printk_guest(
			sender,
			"CPU %u: cell %s: %s IPI (vector 0x%x) to CPUs 0x%llx of another cell refused\n",
			sender->id, sender->cell->desc->name, dm_names[dm],
			(unsigned int)ICR_VECTOR(lo),
			(unsigned long long)denied);
	}

	if (dm == ICR_DM_INIT || dm == ICR_DM_SIPI) {
		/* the sender's cell is being stopped: it is about to park too */
		if (!cell_may_run(sender->cell))
			return;
		for (i = 0; i < MAX_CPUS; i++) {
			if (!(allowed & BIT(i)) || i == sender->id)
				continue;
			if (dm == ICR_DM_INIT)
				deliver_init(per_cpu(i));
			else
				deliver_sipi(per_cpu(i), ICR_VECTOR(lo));
		}
		return;
	}
	/*
	 * One by one, physically addressed: a shorthand, a broadcast or a
	 * logical destination would also reach CPUs outside the hypervisor
	 * or the cell. (Lowest-priority delivery to several CPUs thus
	 * reaches all of them; Linux does not use it for IPIs.)
	 */
	for (i = 0; i < MAX_CPUS; i++)
		if (allowed & BIT(i))
			apic_send_ipi(per_cpu(i)->apic_id,
				      lo & ~(u32)(ICR_SHORTHAND_MASK |
						  ICR_LOGICAL));
}

int apic_send_fixed(struct cell *cell, u64 icr)
{
	u64 targets;
	unsigned int i;

	/* a root in xAPIC mode programs its MSIs with xAPIC destinations */
	if (cell == &root_cell && apic_root_xapic)
		targets = apic_xapic_targets(icr & ~ICR_SHORTHAND_MASK,
					     (icr >> 32) & 0xff, 0);
	else
		targets = icr_targets(icr & ~ICR_SHORTHAND_MASK, 0);

	if (!targets || (targets & ~cell->cpu_set))
		return -EPERM;
	/* stores before the ringing write are visible before the IPI */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < MAX_CPUS; i++)
		if (targets & BIT(i))
			apic_send_ipi(per_cpu(i)->apic_id, ICR_VECTOR(icr));
	return 0;
}

/*
 * One measurement of the timer's rate against the TSC over @ticks. Each
 * end reads the TSC and the timer back to back, so that a stall of this
 * CPU (an SMI; under emulation, the host descheduling the vCPU) between
 * the two ends counts on both clocks alike; a stall inside a pair still
 * skews it, which the median below filters.
 */
static u64 apic_khz_once(u64 ticks)
{
	u64 t0, t1;
	u32 c0, c1;

	apic_write(APIC_TIMER_INIT, 0xffffffff);
	t0 = rdtsc();
	c0 = apic_read(APIC_TIMER_CUR);
	while (rdtsc() - t0 < ticks)
		cpu_pause();
	t1 = rdtsc();
	c1 = apic_read(APIC_TIMER_CUR);
	return (u64)(c0 - c1) * hv_header.tsc_khz / (t1 - t0);
}

/*
 * Cells program one-shot timers from this value: an error of x % makes
 * every wake-up x % of its delay late, which the bench would count as
 * latency. Median of five 2 ms measurements.
 */
u64 arch_apic_timer_khz(void)
{
	u64 ticks = hv_header.tsc_khz * 2, khz[5], t;
	unsigned int i, j;

	apic_write(APIC_LVT_TIMER, BIT(16) | 0xff); /* masked one-shot */
	apic_write(APIC_TIMER_DIV, 0xb); /* divide by 1 */
	for (i = 0; i < 5; i++) {
		khz[i] = apic_khz_once(ticks);
		for (j = i; j > 0 && khz[j - 1] > khz[j]; j--) {
			t = khz[j];
			khz[j] = khz[j - 1];
			khz[j - 1] = t;
		}
	}
	apic_write(APIC_TIMER_INIT, 0);
	return khz[2];
}
