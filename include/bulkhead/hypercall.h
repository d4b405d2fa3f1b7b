/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Hypercall ABI, version 3 (docs/hypercalls.md; 2: BH_HC_REGULATE; 3:
 * BH_HC_FAULT).
 *
 * A cell calls the hypervisor with VMMCALL on AMD or VMCALL on Intel:
 *   RAX = hypercall code, RDI = first argument, RSI = second argument;
 *   on return RAX = result, >= 0 on success or a negative Linux errno.
 * All other registers are preserved. Codes marked "root" are refused with
 * -EPERM from any other cell.
 */
#ifndef BULKHEAD_HYPERCALL_H
#define BULKHEAD_HYPERCALL_H

#define BH_HYPERCALL_VERSION 3

/* root: leave the hypervisor on the calling CPU; every root CPU must call. */
#define BH_HC_DISABLE 0
/* any: query a value, RDI = one of BH_INFO_*. */
#define BH_HC_GET_INFO 1
/* any: print RSI bytes (at most BH_CONSOLE_WRITE_MAX) at guest-physical RDI. */
#define BH_HC_CONSOLE_WRITE 2

/*
 * root: create a cell from the struct bh_cell_desc at guest-physical RDI
 * (its CPUs must be offline in Linux). Returns the new cell's id (> 0).
 */
#define BH_HC_CELL_CREATE 3
/* root: stop cell RDI and map its loadable regions into the root cell. */
#define BH_HC_CELL_SET_LOADABLE 4
/* root: start cell RDI, its boot CPU at guest-physical address RSI. */
#define BH_HC_CELL_START 5
/*
 * root: shut cell RDI down. Without force (RSI = 0) the cell is asked
 * through its comm region: returns 1 while the answer is pending (call
 * again), 0 once it approved and is stopped, -EBUSY if it refused. With
 * RSI = 1 the cell is stopped without asking. Returns 0 for a cell that
 * is not running.
 */
#define BH_HC_CELL_SHUTDOWN 6
/* root: destroy cell RDI; its CPUs wait for Linux to start them again. */
#define BH_HC_CELL_DESTROY 7
/* root: copy the cells' new console output into the hypervisor console
 * and refresh their states (a cell locks itself without an exit) in the
 * status area. */
#define BH_HC_CONSOLE_SYNC 8
/*
 * non-root, with the right (docs/regulation.md): regulate the root cell in
 * mode RDI (BH_REG_STOP, BH_REG_DUTY; BH_REG_NONE ends the request) at
 * once: returns 0 when every root CPU has taken the request up, -EPERM
 * for a cell the system config does not name, -EBUSY while another
 * cell's request is active, -EINVAL for a mode the config leaves out.
 */
#define BH_HC_REGULATE 9
/*
 * root, only in the fault-injection build of the hypervisor
 * (bulkhead-hv-faults.bin, docs/testing.md), which tests use to make a
 * CPU misbehave as hardware or a bug could; every other build refuses it
 * with -ENOSYS. CPU RDI (entered, not the caller's) suffers the fault
 * BH_FAULT_* in RSI bits 0-7 at its next entry into the hypervisor; for
 * the wedges, RSI bits 8-31 give how many milliseconds (1 to
 * BH_FAULT_MAX_MS). Returns 0 once the fault is posted.
 */
#define BH_HC_FAULT 10

/* spin in the hypervisor with interrupts and NMIs blocked, answering
 * no request, then go on as before */
#define BH_FAULT_WEDGE 1
/* make the CPU's next entry into its cell fail the hardware's guest
 * state checks (a cell's CPU only) */
#define BH_FAULT_BAD_STATE 2
/* a wedge at the CPU's next hypercall, before it is served: lets a test
 * wedge a CPU in the middle of a command that calls on every CPU */
#define BH_FAULT_WEDGE_AT_HYPERCALL 3
#define BH_FAULT_MAX_MS 60000

#define BH_CONSOLE_WRITE_MAX 256

#define BH_INFO_ABI_VERSION 0 /* BH_HYPERCALL_VERSION */
#define BH_INFO_POOL_PAGES 1 /* pages in the hypervisor's page pool */
#define BH_INFO_POOL_USED 2 /* pages of it in use */
#define BH_INFO_NUM_CELLS 3 /* cells including the root cell */

/*
 * The calling convention in code, for C callers in a cell: @vmmcall selects
 * AMD's VMMCALL, else Intel's VMCALL.
 */
static inline long bh_hypercall_raw(int vmmcall, unsigned long code,
				    unsigned long arg1, unsigned long arg2)
{
	long ret;

	if (vmmcall)
		asm volatile("vmmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg1), "S"(arg2)
			     : "memory");
	else
		asm volatile("vmcall"
			     : "=a"(ret)
			     : "a"(code), "D"(arg1), "S"(arg2)
			     : "memory");
	return ret;
}

/* CPUID leaf reporting the hypervisor while it runs. */
#define BH_CPUID_LEAF 0x40000000
/* EBX, ECX, EDX of that leaf: these 12 characters; EAX: highest leaf */
#define BH_CPUID_SIGNATURE "Bulkhead    "

#endif
