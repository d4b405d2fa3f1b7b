// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection, linked only into the test build bulkhead-hv-faults.bin.
 * The tests need CPUs that fail the way hardware or our own bugs could:
 * one that stops answering (to drive every bounded wait and the commands
 * that must still return), one whose guest state the hardware refuses (to
 * drive the containment of a failed VM entry). No guest could produce
 * either on purpose once the holes behind them were closed.
 *
 * The fault is posted to the target and taken there, at its next entry
 * into the hypervisor, so nothing here touches another CPU's state.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/fault.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/rendezvous.h>
#include <bulkhead/hypercall.h>

static const char *fault_name(u32 kind)
{
	return kind == BH_FAULT_WEDGE ? "wedge" :
	       kind == BH_FAULT_WEDGE_AT_HYPERCALL ?
					"wedge at its next hypercall" :
					"bad guest state";
}

static bool wedge(u32 kind)
{
	return kind == BH_FAULT_WEDGE || kind == BH_FAULT_WEDGE_AT_HYPERCALL;
}

static void wedge_for(struct per_cpu *cpu, u32 ms)
{
	u64 start;

	printk("CPU %u: fault injection: wedged for %u ms, answering nothing\n",
	       cpu->id, ms);
	/* here in the hypervisor interrupts and NMIs stay blocked */
	start = arch_read_tsc();
	while (arch_read_tsc() - start < tsc_ticks_ms(ms))
		arch_cpu_relax();
	printk("CPU %u: fault injection: wedge over\n", cpu->id);
}

long fault_hypercall(struct per_cpu *cpu, u64 target, u64 spec)
{
	u32 kind = spec & 0xff, ms = (spec >> 8) & 0xffffff;
	struct per_cpu *t;

	if (target >= MAX_CPUS || !per_cpu(target)->in_hv ||
	    per_cpu(target) == cpu) {
		printk("CPU %u: fault injection: CPU %llu is not another CPU in the hypervisor\n",
		       cpu->id, (unsigned long long)target);
		return -EINVAL;
	}
	t = per_cpu(target);
	if (spec >> 32 || (wedge(kind) && (ms == 0 || ms > BH_FAULT_MAX_MS)) ||
	    (kind == BH_FAULT_BAD_STATE && ms != 0) ||
	    (!wedge(kind) && kind != BH_FAULT_BAD_STATE)) {
		printk("CPU %u: fault injection: bad fault 0x%llx\n", cpu->id,
		       (unsigned long long)spec);
		return -EINVAL;
	}
	/* the root's VM entry failing stops the machine, by design */
	if (kind == BH_FAULT_BAD_STATE && t->cell == &root_cell) {
		printk("CPU %u: fault injection: CPU %u runs the root cell; bad guest state is for a cell's CPU\n",
		       cpu->id, t->id);
		return -EINVAL;
	}
	if (!__atomic_compare_exchange_n(&t->fault, &(u32){ 0 }, (u32)spec,
					 false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST)) {
		printk("CPU %u: fault injection: CPU %u has a fault posted already\n",
		       cpu->id, t->id);
		return -EBUSY;
	}
	printk("CPU %u: fault injection: %s posted to CPU %u\n", cpu->id,
	       fault_name(kind), t->id);
	if (kind != BH_FAULT_WEDGE_AT_HYPERCALL)
		cpu_request(t, REQ_FAULT);
	return 0;
}

void fault_at_hypercall(struct per_cpu *cpu)
{
	u32 spec = READ_ONCE(cpu->fault);

	if ((spec & 0xff) == BH_FAULT_WEDGE_AT_HYPERCALL &&
	    __atomic_compare_exchange_n(&cpu->fault, &spec, 0, false,
					__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		wedge_for(cpu, spec >> 8);
}

void fault_take(struct per_cpu *cpu)
{
	u32 spec = READ_ONCE(cpu->fault);

	/* the other kind waits for its hypercall */
	if ((spec & 0xff) == BH_FAULT_WEDGE_AT_HYPERCALL ||
	    !__atomic_compare_exchange_n(&cpu->fault, &spec, 0, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	switch (spec & 0xff) {
	case BH_FAULT_WEDGE:
		wedge_for(cpu, spec >> 8);
		break;
	case BH_FAULT_BAD_STATE:
		/* the CPU may have changed cells since it was posted */
		if (cpu->cell == &root_cell) {
			printk("CPU %u: fault injection: bad guest state not taken: the CPU runs the root cell now\n",
			       cpu->id);
			break;
		}
		printk("CPU %u: fault injection: cell %s's guest state corrupted\n",
		       cpu->id, cpu->cell->desc->name);
		arch_fault_corrupt_guest_state(cpu);
		break;
	}
}
