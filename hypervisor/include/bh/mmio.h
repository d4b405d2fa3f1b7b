/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Emulated memory-mapped I/O, arch-neutral: the arch decodes an access
 * that its nested page tables stopped and asks here whether some device
 * model of the cell (PCI configuration space, ivshmem registers) serves
 * it.
 */
#ifndef BH_MMIO_H
#define BH_MMIO_H

#include <bh/types.h>

struct per_cpu;

/*
 * An access of @size bytes (1, 2, 4, 8) at guest-physical @gpa by @cpu's
 * cell. True if emulated (a read's value in *val); false if nothing
 * serves it and the access must be refused.
 */
bool mmio_access(struct per_cpu *cpu, u64 gpa, unsigned int size, bool write,
		 u64 *val);

#endif
