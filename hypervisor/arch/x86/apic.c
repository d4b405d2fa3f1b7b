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
	wrmsr(MSR_X2APIC_ICR, ((u64)apic_id << 32) | (ICR_DM_NMI << 8));
}

void arch_send_nmi(struct per_cpu *cpu)
{
	apic_send_nmi(cpu->apic_id);
}

static bool apic_in_service(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (rdmsr(MSR_X2APIC_ISR0 + i))
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
	static const u32 lvts[] = {
		MSR_X2APIC_LVT_TIMER, MSR_X2APIC_LVT_THERMAL,
		MSR_X2APIC_LVT_PERF,  MSR_X2APIC_LVT_LINT0,
		MSR_X2APIC_LVT_LINT1, MSR_X2APIC_LVT_ERROR
	};
	unsigned int i;

	wrmsr(MSR_IA32_TSC_DEADLINE, 0);
	wrmsr(MSR_X2APIC_TIMER_INIT, 0);
	for (i = 0; i < ARRAY_SIZE(lvts); i++)
		wrmsr(lvts[i], APIC_LVT_MASKED);
	wrmsr(MSR_X2APIC_TIMER_DIV, 0);
	wrmsr(MSR_X2APIC_TPR, 0);
	/* each EOI retires the highest vector in service: 256 at most */
	for (i = 0; i < 256 && apic_in_service(); i++)
		wrmsr(MSR_X2APIC_EOI, 0);
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
	    !cell_may_run(cpu->cell) || !cpu_unpark(cpu))
		return;
	WRITE_ONCE(sipi[cpu->id].state, CPU_RUNNING);
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

/* The CPUs under the hypervisor that @icr addresses. */
static u64 icr_targets(u64 icr, unsigned int self)
{
	u32 ids[MAX_CPUS];
	u64 in_hv = 0;
	unsigned int i;

	for (i = 0; i < MAX_CPUS; i++) {
		ids[i] = per_cpu(i)->apic_id;
		if (per_cpu(i)->in_hv)
			in_hv |= BIT(i);
	}
	return icr_destinations(icr, self, ids, MAX_CPUS) & in_hv;
}

void apic_icr_write(struct per_cpu *sender, u64 icr)
{
	u32 dest = icr >> 32;
	u64 targets, allowed, denied;
	unsigned int i, dm = ICR_DM(icr);
	/* the one form of IPI whose raw write reaches exactly one CPU */
	bool single = !(icr & (ICR_SHORTHAND_MASK | ICR_LOGICAL)) &&
		      dest != 0xffffffff;

	/* Linux's level-triggered INIT de-assert does nothing on x2APIC */
	if (dm == ICR_DM_INIT && !(icr & ICR_ASSERT) && (icr & ICR_LEVEL))
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

	targets = icr_targets(icr, sender->id);
	allowed = targets & sender->cell->cpu_set;
	denied = targets & ~allowed;

	/*
	 * A destination that is no CPU of ours is a CPU that stayed out at
	 * enable (or none at all): it runs natively, outside nested paging,
	 * and an NMI, INIT or SIPI there would run code no cell owns.
	 */
	if (!targets && !(icr & ICR_SHORTHAND_MASK)) {
		cell_console_drain(sender->cell);
		printk_guest(
			sender,
			"CPU %u: cell %s: %s IPI (vector 0x%x) to %s destination 0x%x refused: no CPU under the hypervisor\n",
			sender->id, sender->cell->desc->name, dm_names[dm],
			(unsigned int)ICR_VECTOR(icr),
			icr & ICR_LOGICAL ? "logical" : "physical", dest);
		return;
	}
	if (denied) {
		/* the cell's own account of what it did comes first */
		cell_console_drain(sender->cell);
		printk_guest(
			sender,
			"CPU %u: cell %s: %s IPI (vector 0x%x) to CPUs 0x%llx of another cell refused\n",
			sender->id, sender->cell->desc->name, dm_names[dm],
			(unsigned int)ICR_VECTOR(icr),
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
				deliver_sipi(per_cpu(i), ICR_VECTOR(icr));
		}
		return;
	}
	if (!denied && single) {
		wrmsr(MSR_X2APIC_ICR, icr);
		return;
	}
	/*
	 * Everything else goes one by one, physically addressed: a shorthand,
	 * a broadcast or a logical destination would also reach CPUs outside
	 * the hypervisor. (Lowest-priority delivery to several CPUs thus
	 * reaches all of them; Linux does not use it for IPIs.)
	 */
	for (i = 0; i < MAX_CPUS; i++)
		if (allowed & BIT(i))
			wrmsr(MSR_X2APIC_ICR,
			      (icr & 0xffffffffull & ~ICR_SHORTHAND_MASK &
			       ~ICR_LOGICAL) |
				      ((u64)per_cpu(i)->apic_id << 32));
}

int apic_send_fixed(struct cell *cell, u64 icr)
{
	u64 targets = icr_targets(icr & ~ICR_SHORTHAND_MASK, 0);
	unsigned int i;

	if (!targets || (targets & ~cell->cpu_set))
		return -EPERM;
	/* stores before the ringing write are visible before the IPI */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (i = 0; i < MAX_CPUS; i++)
		if (targets & BIT(i))
			wrmsr(MSR_X2APIC_ICR,
			      ICR_VECTOR(icr) |
				      ((u64)per_cpu(i)->apic_id << 32));
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

	wrmsr(MSR_X2APIC_TIMER_INIT, 0xffffffff);
	t0 = rdtsc();
	c0 = rdmsr(MSR_X2APIC_TIMER_CUR);
	while (rdtsc() - t0 < ticks)
		cpu_pause();
	t1 = rdtsc();
	c1 = rdmsr(MSR_X2APIC_TIMER_CUR);
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

	wrmsr(MSR_X2APIC_LVT_TIMER, BIT(16) | 0xff); /* masked one-shot */
	wrmsr(MSR_X2APIC_TIMER_DIV, 0xb); /* divide by 1 */
	for (i = 0; i < 5; i++) {
		khz[i] = apic_khz_once(ticks);
		for (j = i; j > 0 && khz[j - 1] > khz[j]; j--) {
			t = khz[j];
			khz[j] = khz[j - 1];
			khz[j - 1] = t;
		}
	}
	wrmsr(MSR_X2APIC_TIMER_INIT, 0);
	return khz[2];
}
