/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_PERCPU_H
#define BH_PERCPU_H

#include <bh/types.h>
#include <bulkhead/status.h>

#define MAX_CPUS 64

struct cell;
struct arch_cpu; /* defined by the arch; the core only passes it around */
struct bh_linux_cpu;

/* Management requests to a CPU, see core/cpu.c. */
#define REQ_FLUSH BIT(0) /* flush the guest TLB before running it again */
#define REQ_PARK BIT(1) /* stop running the guest, wait in the hypervisor */
#define REQ_START BIT(2) /* parked: start the cell's boot code */
#define REQ_FAULT BIT(3) /* suffer the posted fault (core/fault_inject.c) */

/* A root CPU's regulation (core/regulation.c). */
struct reg_cpu {
	volatile u32 gen; /* the request taken up; 0: none */
	bool entered; /* the arch takes the exits regulation needs */
	u64 not_before; /* stop mode: no hold before this TSC */
	volatile u64 hold_until; /* the current hold's end */
};

struct per_cpu {
	u32 id; /* Linux CPU number */
	u32 apic_id;
	bool in_hv; /* entered and not yet left */
	volatile u32 requests;
	volatile bool parked;
	/* management NMIs sent to this CPU and taken by it, to tell them
	 * from the guest's own NMIs */
	volatile u32 nmi_sent, nmi_seen;
	struct cell *cell;
	struct bh_linux_cpu *linux_cpu;
	struct arch_cpu *arch;
	struct bh_cpu_stats *stats; /* in the status area */
	struct reg_cpu reg;
	volatile u32 fault; /* BH_HC_FAULT's spec, posted; 0: none */
};

extern struct per_cpu per_cpus[MAX_CPUS];

static inline struct per_cpu *per_cpu(unsigned int cpu)
{
	return &per_cpus[cpu];
}

/* Send @req and return; the CPU acts at its next exit or while parked. */
void cpu_request(struct per_cpu *target, u32 req);
/*
 * Send @req and wait until the CPU has acted on it; @self keeps serving
 * its own requests meanwhile. -ETIMEDOUT, with a console line naming the
 * CPU, if it has not within BH_WAIT_CPUS_MS; the request stays posted.
 */
int cpu_request_sync(struct per_cpu *self, struct per_cpu *target, u32 req);
/* Before a parked CPU runs a guest again: false if it must stay parked. */
bool cpu_unpark(struct per_cpu *cpu);
/* Act on this CPU's pending requests; may park it (and not return). */
void cpu_handle_requests(struct per_cpu *cpu);
/* Wait in the hypervisor until started again; never returns. */
void cpu_park(struct per_cpu *cpu) __attribute__((noreturn));
/* An NMI exit: was it ours? Accounts for it if so. */
bool cpu_nmi_was_management(struct per_cpu *cpu);
/* The local APIC timer's input clock in kHz once a cell has started (it
 * is measured on a parked CPU), else 0. */
u64 cpu_apic_timer_khz(void);
/* Bring the CPU into the hypervisor with an NMI, unless it is parked. */
void cpu_kick(struct per_cpu *cpu);

static inline void cpu_count_exit(struct per_cpu *cpu, enum bh_exit_reason r)
{
	cpu->stats->exits[r]++;
	cpu->stats->exits_total++;
}

#endif
