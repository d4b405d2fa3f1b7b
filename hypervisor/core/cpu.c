// SPDX-License-Identifier: GPL-2.0
/*
 * Management of CPUs across cells: requests delivered by NMI, and parking.
 *
 * A CPU running a guest only enters the hypervisor on an exit, so requests
 * are flagged in its per_cpu and followed by an NMI. Parked CPUs poll their
 * flags instead: an NMI to them would only be taken at their next VMRUN.
 * Every wait loop here also serves the waiting CPU's own requests, so two
 * CPUs waiting on each other cannot deadlock.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/fault.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/regulation.h>
#include <bh/rendezvous.h>
#include <bh/spinlock.h>

static u64 apic_khz;

/* Only on a parked CPU: the measurement uses the CPU's APIC timer. */
static u64 apic_timer_khz(void)
{
	if (!apic_khz)
		WRITE_ONCE(apic_khz, arch_apic_timer_khz());
	return apic_khz;
}

u64 cpu_apic_timer_khz(void)
{
	return READ_ONCE(apic_khz);
}

void cpu_kick(struct per_cpu *cpu)
{
	if (__atomic_load_n(&cpu->parked, __ATOMIC_SEQ_CST))
		return;
	atomic_inc(cpu->nmi_sent);
	arch_send_nmi(cpu);
}

/*
 * One delivery uses up one of our NMIs, never more. Taking all that were
 * sent at once (they may have coalesced) turned an NMI sent just after
 * into Linux's when it came: an NMI Linux never sent, injected. Now two
 * of ours that coalesced leave a credit, which takes the next NMI for
 * ours: Linux may lose an NMI, never get one it did not send.
 */
bool cpu_nmi_was_management(struct per_cpu *cpu)
{
	if (READ_ONCE(cpu->nmi_sent) == cpu->nmi_seen)
		return false;
	cpu->nmi_seen++;
	return true;
}

void cpu_request(struct per_cpu *target, u32 req)
{
	__atomic_or_fetch(&target->requests, req, __ATOMIC_SEQ_CST);
	cpu_kick(target);
}

static const char *request_name(u32 req)
{
	return req == REQ_FLUSH ? "TLB flush" :
	       req == REQ_PARK	? "park" :
	       req == REQ_START ? "start" :
				  "management";
}

int cpu_request_sync(struct per_cpu *self, struct per_cpu *target, u32 req)
{
	u64 start = arch_read_tsc(), ticks = tsc_ticks_ms(BH_WAIT_CPUS_MS);

	cpu_request(target, req);
	while (READ_ONCE(target->requests) & req) {
		if (READ_ONCE(self->requests))
			cpu_handle_requests(self);
		if (arch_read_tsc() - start > ticks) {
			printk("ERROR: CPU %u did not answer a %s request from CPU %u within %u ms\n",
			       target->id, request_name(req), self->id,
			       BH_WAIT_CPUS_MS);
			return -ETIMEDOUT;
		}
		arch_cpu_relax();
	}
	return 0;
}

/*
 * Leaving the park loop races with cpu_kick, which sends no NMI to a parked
 * CPU: clear the flag first, then look at the requests once more, so that
 * either the sender sees us running and sends the NMI, or we see its flag.
 */
bool cpu_unpark(struct per_cpu *cpu)
{
	__atomic_store_n(&cpu->parked, false, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&cpu->requests, __ATOMIC_SEQ_CST) & REQ_PARK) {
		__atomic_store_n(&cpu->parked, true, __ATOMIC_SEQ_CST);
		return false;
	}
	return true;
}

void cpu_handle_requests(struct per_cpu *cpu)
{
	u32 r = READ_ONCE(cpu->requests);

	if (r & REQ_FLUSH) {
		arch_cpu_flush_tlb(cpu);
		__atomic_and_fetch(&cpu->requests, ~REQ_FLUSH,
				   __ATOMIC_SEQ_CST);
	}
	if (r & REQ_FAULT) {
		__atomic_and_fetch(&cpu->requests, ~REQ_FAULT,
				   __ATOMIC_SEQ_CST);
		fault_take(cpu);
		/* a wedge lasts: requests may have come meanwhile */
		r = READ_ONCE(cpu->requests);
	}
	if (r & REQ_PARK)
		cpu_park(cpu);
}

void cpu_park(struct per_cpu *cpu)
{
	regulation_cpu_parks(cpu);
	arch_cpu_park_enter(cpu);
	WRITE_ONCE(cpu->parked, true);
	__atomic_and_fetch(&cpu->requests, ~(REQ_PARK | REQ_FLUSH),
			   __ATOMIC_SEQ_CST);
	for (;;) {
		u32 r = READ_ONCE(cpu->requests);

		/* a parked CPU has no guest TLB worth keeping: every start
		 * flushes it */
		if (r & REQ_FLUSH)
			__atomic_and_fetch(&cpu->requests, ~REQ_FLUSH,
					   __ATOMIC_SEQ_CST);
		/* a park request cancels a start not yet taken: the CPU may
		 * be about to change cells */
		if (r & REQ_PARK) {
			__atomic_and_fetch(&cpu->requests,
					   ~(REQ_PARK | REQ_START),
					   __ATOMIC_SEQ_CST);
			continue;
		}
		if (r & REQ_START) {
			struct cell *cell = cpu->cell;

			__atomic_and_fetch(&cpu->requests, ~REQ_START,
					   __ATOMIC_SEQ_CST);
			/* measured here: this CPU's APIC timer is free */
			if (cell->comm)
				cell->comm->apic_khz = apic_timer_khz();
			if (cpu_unpark(cpu))
				arch_cpu_start(cpu, cell->entry,
					       cell->comm_gpa);
		}
		arch_cpu_park_poll(cpu);
		arch_cpu_relax();
	}
}
