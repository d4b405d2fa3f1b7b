// SPDX-License-Identifier: GPL-2.0
/*
 * Hypercalls (include/bulkhead/hypercall.h). The arch has already checked
 * that the caller runs at CPL 0 and advanced its instruction pointer.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/console.h>
#include <bh/errno.h>
#include <bh/fault.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/regulation.h>
#include <bh/rendezvous.h>
#include <bh/spinlock.h>
#include <bh/string.h>
#include <bulkhead/hypercall.h>

static struct rendezvous disable_meeting;

/* Root CPUs that entered the hypervisor (the meeting's guest list). */
static u64 root_cpus_in_hv(void)
{
	u64 cpus = 0;
	unsigned int i;

	for (i = 0; i < MAX_CPUS; i++)
		if (per_cpu(i)->in_hv && per_cpu(i)->cell == &root_cell)
			cpus |= BIT(i);
	return cpus;
}

static void serve_requests(void *arg)
{
	struct per_cpu *cpu = arg;

	if (READ_ONCE(cpu->requests))
		cpu_handle_requests(cpu);
}

/*
 * Every root CPU calls disable (the driver uses on_each_cpu); each waits for
 * the others so that none leaves while another still runs a guest that
 * could ask for something. A call that not every CPU makes in time is
 * refused on every CPU that made it, naming the missing ones.
 */
static long hc_disable(struct per_cpu *cpu)
{
	u64 expected = root_cpus_in_hv(), missing;
	char list[96];

	if (cell_count() > 1) {
		printk("ERROR: disable: cells exist; destroy them first\n");
		return -EBUSY;
	}
	if (rendezvous_join(&disable_meeting, cpu->id, expected,
			    BH_WAIT_CPUS_MS, serve_requests, cpu,
			    &missing) != 0) {
		cpu_list_format(list, sizeof(list), missing);
		printk("ERROR: disable: CPU %u: CPUs %s did not call disable within %u ms; the hypervisor stays\n",
		       cpu->id, list, BH_WAIT_CPUS_MS);
		return -ETIMEDOUT;
	}
	if (cpu->id == (unsigned int)__builtin_ctzll(expected))
		printk("Disabling hypervisor\n");

	cpu->in_hv = false;
	cpu->stats->online = 0;
	arch_cpu_leave(cpu, 0);
}

static long hc_get_info(u64 what)
{
	switch (what) {
	case BH_INFO_ABI_VERSION:
		return BH_HYPERCALL_VERSION;
	case BH_INFO_POOL_PAGES:
		return hv_pool.pages;
	case BH_INFO_POOL_USED:
		return hv_pool.used;
	case BH_INFO_NUM_CELLS:
		return cell_count();
	default:
		return -EINVAL;
	}
}

static long hc_console_write(struct per_cpu *cpu, u64 gpa, u64 len)
{
	char buf[BH_CONSOLE_WRITE_MAX];
	u64 done = 0, chunk;
	paddr_t pa;
	u32 flags;

	if (len > sizeof(buf))
		return -E2BIG;
	while (done < len) {
		/* the buffer may cross pages that are not contiguous in host memory */
		if (!paging_lookup(&cpu->cell->npt, gpa + done, &pa, &flags) ||
		    !(flags & PAGING_READ))
			return -EINVAL;
		chunk = PAGE_SIZE - ((gpa + done) & (PAGE_SIZE - 1));
		if (chunk > len - done)
			chunk = len - done;
		memcpy(buf + done, phys_to_virt(pa), chunk);
		done += chunk;
	}
	/* a cell's bytes are the cell's: it may not forge our lines */
	if (cpu->cell == &root_cell)
		console_write(buf, len);
	else if (ratelimit_pass(cpu))
		cell_console_write(cpu->cell, buf, len);
	return len;
}

static bool root_only(u64 code)
{
	return code == BH_HC_DISABLE ||
	       (code >= BH_HC_CELL_CREATE && code <= BH_HC_CONSOLE_SYNC) ||
	       code == BH_HC_FAULT;
}

long hypercall(struct per_cpu *cpu, u64 code, u64 arg1, u64 arg2)
{
	cpu_count_exit(cpu, BH_EXIT_HYPERCALL);
	fault_at_hypercall(cpu);
	if (root_only(code) && cpu->cell != &root_cell) {
		cell_console_drain(cpu->cell);
		printk_guest(
			cpu,
			"CPU %u: cell %s: hypercall %llu refused: root cell only\n",
			cpu->id, cpu->cell->desc->name,
			(unsigned long long)code);
		return -EPERM;
	}
	switch (code) {
	case BH_HC_DISABLE:
		return hc_disable(cpu);
	case BH_HC_CELL_CREATE:
		return cell_create(cpu, arg1);
	case BH_HC_CELL_SET_LOADABLE:
		return cell_set_loadable(cpu, arg1);
	case BH_HC_CELL_START:
		return cell_start(cpu, arg1, arg2);
	case BH_HC_CELL_SHUTDOWN:
		return cell_shutdown(cpu, arg1, arg2 != 0);
	case BH_HC_CELL_DESTROY:
		return cell_destroy(cpu, arg1);
	case BH_HC_CONSOLE_SYNC:
		cells_console_drain();
		return 0;
	case BH_HC_GET_INFO:
		return hc_get_info(arg1);
	case BH_HC_CONSOLE_WRITE:
		return hc_console_write(cpu, arg1, arg2);
	case BH_HC_REGULATE:
		return regulation_hypercall(cpu, arg1);
	case BH_HC_FAULT:
		return fault_hypercall(cpu, arg1, arg2);
	default:
		printk_guest(cpu, "CPU %u: unknown hypercall %llu refused\n",
			     cpu->id, (unsigned long long)code);
		return -ENOSYS;
	}
}
