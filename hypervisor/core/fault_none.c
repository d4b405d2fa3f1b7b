// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor as shipped has no fault injection: the hypercall is
 * refused like an unknown one, and no CPU ever has a fault posted.
 */
#include <bh/errno.h>
#include <bh/fault.h>
#include <bh/percpu.h>
#include <bh/ratelimit.h>

long fault_hypercall(struct per_cpu *cpu, u64 target, u64 spec)
{
	(void)target;
	(void)spec;
	printk_guest(cpu,
		     "CPU %u: fault injection refused: not in this build\n",
		     cpu->id);
	return -ENOSYS;
}

void fault_take(struct per_cpu *cpu)
{
	(void)cpu;
}

void fault_at_hypercall(struct per_cpu *cpu)
{
	(void)cpu;
}
