/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_PERCPU_H
#define BH_PERCPU_H

#include <bh/types.h>
#include <bulkhead/status.h>

#define MAX_CPUS 64

struct cell;
struct arch_cpu; /* defined by the arch; the core only passes it around */
struct bh_linux_cpu;

struct per_cpu {
	u32 id; /* Linux CPU number */
	u32 apic_id;
	bool in_hv; /* entered and not yet left */
	struct cell *cell;
	struct bh_linux_cpu *linux_cpu;
	struct arch_cpu *arch;
	struct bh_cpu_stats *stats; /* in the status area */
};

extern struct per_cpu per_cpus[MAX_CPUS];

static inline struct per_cpu *per_cpu(unsigned int cpu)
{
	return &per_cpus[cpu];
}

static inline void cpu_count_exit(struct per_cpu *cpu, enum bh_exit_reason r)
{
	cpu->stats->exits[r]++;
	cpu->stats->exits_total++;
}

#endif
