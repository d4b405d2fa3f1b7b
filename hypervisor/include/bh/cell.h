/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_CELL_H
#define BH_CELL_H

#include <bh/paging.h>
#include <bh/types.h>
#include <bulkhead/config.h>

struct arch_cell; /* defined by the arch */

struct cell {
	u32 id; /* 0: the root cell */
	const struct bh_cell_desc *desc;
	u64 cpu_set;
	struct paging npt; /* guest-physical -> host-physical */
	struct arch_cell *arch;
};

extern struct cell root_cell;

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu);
int cell_map_region(struct cell *cell, const struct bh_mem_region *r);
int root_cell_init(void);

#endif
