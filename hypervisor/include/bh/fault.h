/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fault injection (BH_HC_FAULT): only the test build of the hypervisor,
 * bulkhead-hv-faults.bin, links core/fault_inject.c; every other build
 * links core/fault_none.c, which refuses the hypercall.
 */
#ifndef BH_FAULT_H
#define BH_FAULT_H

#include <bh/types.h>

struct per_cpu;

/* BH_HC_FAULT from @cpu: post fault @spec on CPU @target. */
long fault_hypercall(struct per_cpu *cpu, u64 target, u64 spec);

/* On the target CPU, from its request handling: suffer the posted fault. */
void fault_take(struct per_cpu *cpu);

/* On every CPU at every hypercall, before it is served. */
void fault_at_hypercall(struct per_cpu *cpu);

#endif
