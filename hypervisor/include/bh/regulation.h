/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Regulation of the root cell on request of a real-time cell
 * (docs/regulation.md, ABI in include/bulkhead/regulation.h).
 */
#ifndef BH_REGULATION_H
#define BH_REGULATION_H

#include <bh/types.h>
#include <bulkhead/regulation.h>

struct cell;
struct per_cpu;

/* The system config's limits in TSC ticks; max_hold 0: regulation off. */
struct reg_params {
	u64 max_hold, min_run; /* stop */
	u64 period, run; /* duty; period 0: no duty mode */
	u64 take_up; /* how long BH_HC_REGULATE waits for the root CPUs */
};

/* What a root CPU does now: be held until @until, or run until @until. */
struct reg_decision {
	bool hold;
	u64 until;
};

/* The limits of @d in ticks of a TSC at @tsc_khz. */
void reg_params_from_desc(const struct bh_regulation_desc *d, u64 tsc_khz,
			  struct reg_params *p);

/*
 * The rule of each mode, for a root CPU at TSC @now under a request of
 * @mode made at @start. Stop: no hold before @not_before (the end of the
 * last hold plus min_run), then a hold of at most max_hold. Duty: periods
 * from @start, run for the first run ticks of each, held for the rest.
 */
struct reg_decision reg_decide(const struct reg_params *p, u32 mode, u64 start,
			       u64 not_before, u64 now);

/* At enable: the system config's limits and the cells that may ask. */
void regulation_init(const struct bh_regulation_desc *d, u64 tsc_khz);

/* Whether the system config lets @cell ask. */
bool regulation_cell_may(const struct cell *cell);

/*
 * @cpu parks (for a cell, or offline in Linux): it is regulated no more,
 * whatever it runs next; a root CPU takes the current request up again at
 * its first exit after it starts.
 */
void regulation_cpu_parks(struct per_cpu *cpu);

/* A cell started or stopped (any way): it may ask from now on, or its
 * request ends and it is forgotten. */
void regulation_cell_started(struct cell *cell);
void regulation_cell_stopped(struct cell *cell);

/* BH_HC_REGULATE from a CPU of a non-root cell. */
long regulation_hypercall(struct per_cpu *cpu, u64 mode);

/*
 * On a root CPU at the end of each of its exits: takes requests up from
 * the cells' comm regions, starts or ends this CPU's regulation, holds it
 * where the mode says so and arms its next exit. Cheap when no cell runs.
 */
void regulation_root_exit(struct per_cpu *cpu);

#endif
