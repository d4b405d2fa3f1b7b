/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The status area, version 4 (docs/driver.md; 2: interrupt exits and
 * regulation counters, 3: the regulation's take-up wait, 4: the root's own
 * NMIs given back and held): a page-aligned
 * part of hypervisor memory that the hypervisor maps read-only into the
 * root cell, so the driver reads console and statistics without a
 * hypercall.
 *
 * The console is a ring of bytes; `written` counts every byte ever written,
 * so a reader at position P reads ring[P % BH_CONSOLE_SIZE] up to the
 * `written` it saw. The hypervisor stores the bytes before it advances
 * `written`; a reader re-reads `written` after copying and drops what was
 * overwritten meanwhile (everything before written - BH_CONSOLE_SIZE).
 */
#ifndef BULKHEAD_STATUS_H
#define BULKHEAD_STATUS_H

#include <bulkhead/types.h>

#define BH_STATUS_VERSION 4
#define BH_STATUS_SIGNATURE "BHSTATUS"
#define BH_CONSOLE_SIZE (16 * 1024)
#define BH_STATUS_MAX_CPUS 64

/* VM exit reasons counted per CPU; names as in sysfs (vmexits_<name>). */
enum bh_exit_reason {
	BH_EXIT_HYPERCALL,
	BH_EXIT_CPUID,
	BH_EXIT_MSR,
	BH_EXIT_PIO,
	BH_EXIT_MMIO, /* nested page fault */
	BH_EXIT_MANAGEMENT, /* NMIs, ours and Linux's */
	BH_EXIT_INIT_SIPI,
	BH_EXIT_XSETBV,
	BH_EXIT_CR,
	BH_EXIT_EXCEPTION,
	BH_EXIT_SHUTDOWN,
	BH_EXIT_INTERRUPT, /* root only, while regulated */
	BH_EXIT_OTHER,
	BH_EXIT_NUM
};

#define BH_EXIT_NAMES                                                         \
	{                                                                     \
		"hypercall", "cpuid", "msr", "pio", "mmio", "management",     \
			"init_sipi", "xsetbv", "cr", "exception", "shutdown", \
			"interrupt", "other"                                  \
	}

struct bh_cpu_stats {
	uint64_t exits[BH_EXIT_NUM];
	uint64_t exits_total;
	uint32_t cell; /* id of the cell the CPU belongs to */
	uint32_t online; /* in the hypervisor */
	/* regulation, root CPUs: holds, time held, the longest hold */
	uint64_t reg_holds;
	uint64_t reg_held_ns;
	uint64_t reg_hold_max_ns;
	/* cell CPUs: the longest wait of BH_HC_REGULATE for the root CPUs */
	uint64_t reg_take_up_max_ns;
	/* root CPUs: Linux's own NMIs given back to it, and how many of them
	 * waited for the IRET of its NMI handler first */
	uint64_t nmis_injected;
	uint64_t nmis_held;
};

#define BH_STATUS_MAX_CELLS 16

/* Cell states as the hypervisor reports them. */
#define BH_STATE_FREE 0 /* no cell in this slot */
#define BH_STATE_SHUT_DOWN 1 /* created or stopped: loadable */
#define BH_STATE_RUNNING 2
#define BH_STATE_RUNNING_LOCKED 3 /* running, denies shutdown */
#define BH_STATE_FAILED 4 /* stopped by the hypervisor after a fault */

struct bh_cell_status {
	uint32_t state;
	uint32_t reserved;
	uint64_t cpu_set;
	uint64_t failed_cpus;
	char name[32];
};

struct bh_status {
	char signature[8];
	uint32_t version;
	uint32_t num_cpus;
	uint64_t pool_pages;
	uint64_t pool_used;
	uint64_t tsc_khz;
	volatile uint64_t console_written;
	char console[BH_CONSOLE_SIZE];
	struct bh_cpu_stats cpu[BH_STATUS_MAX_CPUS];
	struct bh_cell_status cells[BH_STATUS_MAX_CELLS]; /* by cell id */
};

#endif
