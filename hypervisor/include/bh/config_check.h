/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one validator of binary config descriptors (include/bulkhead/config.h).
 * The hypervisor runs it on enable and on cell create, the CLI before it
 * writes or hands over a descriptor, the unit tests against every rule. One
 * implementation means the CLI can never accept what the hypervisor refuses.
 *
 * Messages start with the field's path in the YAML syntax of docs/config.md,
 * optionally followed by the region's name, then a colon:
 *   "root-cell.memory[2] 'ram-high': overlaps hypervisor memory 0x30000000-0x30ffffff"
 * so that a user finds the line in the text config, and the CLI can map the
 * path back to a line number. Cell messages carry no cell name in front:
 * the caller knows which cell it asked about and adds it.
 */
#ifndef BH_CONFIG_CHECK_H
#define BH_CONFIG_CHECK_H

#include <bulkhead/config.h>

struct config_error {
	char msg[192];
};

/*
 * Checks a system descriptor and its root cell. Returns 0 if valid, else
 * -EINVAL with @err->msg naming the field at fault. @err may be NULL.
 *
 * Every cell's ivshmem devices, the root cell's here and any other's in
 * config_check_cell(), are checked one by one (name, peers, id, vectors,
 * page-aligned sizes, a state table of 4 bytes per peer, no wrap), against
 * each other (names, bdfs, host and guest ranges distinct) and against the
 * cell's memory regions (no overlap, host or guest). With the system: the
 * shared memory lies in cell-memory, outside hypervisor memory, and the bus
 * in pci-mmconfig, which must exist. The root cell's devices are
 * identity-mapped.
 */
int config_check_system(const struct bh_system_desc *sys,
			struct config_error *err);

/*
 * Static checks of a non-root cell against a system config that passed
 * config_check_system(). @sys may be NULL: then only the checks that do
 * not depend on the system run (the CLI compiling a cell config on its own);
 * the hypervisor always passes its system config.
 *
 * With @sys, a cell with ivshmem devices sees PCI configuration space at
 * the system's MMCONFIG window, so neither its memory nor its devices may
 * be mapped there in guest-physical space. A device named like one of the
 * root cell's is that device: shared memory, sizes, peers and protocol
 * equal, peer id different. Any other device keeps clear of the root's
 * devices' shared memory, and so does all of the cell's memory.
 */
int config_check_cell(const struct bh_system_desc *sys,
		      const struct bh_cell_desc *cell,
		      struct config_error *err);

/*
 * Whether two cells, each valid on its own, can exist at the same time:
 * distinct names, no common CPU, no common I/O port, no common physical
 * memory except where both regions are root-shared. Their ivshmem devices
 * of the same name are one device (shared fields equal, peer ids distinct);
 * other devices' shared memory overlaps neither each other nor either
 * cell's memory regions. Messages are from @a's point of view and name @b.
 */
int config_check_cell_pair(const struct bh_cell_desc *a,
			   const struct bh_cell_desc *b,
			   struct config_error *err);

#endif
