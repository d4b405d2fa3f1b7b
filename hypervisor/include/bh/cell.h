/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_CELL_H
#define BH_CELL_H

#include <bh/paging.h>
#include <bh/types.h>
#include <bulkhead/comm.h>
#include <bulkhead/config.h>
#include <bulkhead/status.h>

struct arch_cell; /* defined by the arch */
struct ivshmem_dev;
struct per_cpu;

#define MAX_CELLS BH_STATUS_MAX_CELLS

struct cell {
	u32 id; /* 0: the root cell */
	u32 state; /* BH_STATE_* */
	const struct bh_cell_desc *desc; /* the hypervisor's own copy */
	u64 cpu_set;
	u64 failed_cpus;
	struct paging npt; /* guest-physical -> host-physical */
	struct arch_cell *arch;
	u64 entry; /* guest-physical start address of the boot CPU */
	u64 comm_gpa; /* guest-physical address of the comm region */
	struct bh_comm_region *comm; /* hypervisor's view of it */
	bool loadable_mapped; /* loadable regions are in the root cell */
	u32 console_drained; /* comm console bytes copied to ours so far */
	bool console_midline; /* the last byte copied was not a newline */
	bool comm_valid; /* comm region initialized by a start */
	/*
	 * The cell's CPUs may start (at the cell's entry or by a SIPI from
	 * a sibling): set by a start, cleared before any of its CPUs is
	 * parked for a stop, a failure or a destroy. Always set for the root.
	 */
	bool may_run;
	struct ivshmem_dev *ivshmem[BH_MAX_IVSHMEM];
	u32 num_ivshmem;
};

extern struct cell root_cell;
extern struct cell *cells[MAX_CELLS];

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu);

static inline bool cell_may_run(const struct cell *cell)
{
	return __atomic_load_n(&cell->may_run, __ATOMIC_SEQ_CST);
}

/* A start: the cell's CPUs may start, and INIT/SIPI each other. */
static inline void cell_start_running(struct cell *cell)
{
	__atomic_store_n(&cell->may_run, true, __ATOMIC_SEQ_CST);
}

/*
 * From now on no CPU of @cell starts, whatever INIT/SIPI its CPUs send
 * each other: called before its CPUs are parked to stop it, so that
 * parking wins against a sibling's SIPI.
 */
static inline void cell_stop_running(struct cell *cell)
{
	__atomic_store_n(&cell->may_run, false, __ATOMIC_SEQ_CST);
}
int cell_map_region(struct cell *cell, const struct bh_mem_region *r);
int root_cell_init(void);
u32 cell_count(void);
void cell_status_update(const struct cell *cell);
/* Copy the cell's new comm-region console output into the console. */
void cell_console_drain(struct cell *cell);
void cells_console_drain(void);
/* Bytes a non-root cell hands the console by hypercall: shown as its own
 * output is (its name in front, control characters replaced). */
void cell_console_write(struct cell *cell, const char *buf, u64 len);

/* Lifecycle, on behalf of the root cell running on @self. */
long cell_create(struct per_cpu *self, u64 desc_gpa);
long cell_set_loadable(struct per_cpu *self, u64 id);
long cell_start(struct per_cpu *self, u64 id, u64 entry);
long cell_shutdown(struct per_cpu *self, u64 id, bool force);
long cell_destroy(struct per_cpu *self, u64 id);

/*
 * A device of the root cell now decodes its registers at page @new_page
 * (0: nowhere) instead of @old_page: the new page leaves the root's nested
 * tables so that accesses trap, the old one comes back as the root's
 * config maps it. Only pages inside the root's device memory and no cell's
 * are taken. Waits for every root CPU to flush its TLB.
 */
void cell_root_trap_page(struct per_cpu *self, u64 old_page, u64 new_page);

/* The cell of @cpu did what it must not: stop it and mark it failed.
 * Called on the faulting CPU; never returns. */
void cell_fail(struct per_cpu *cpu, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 2, 3)));

#endif
