// SPDX-License-Identifier: GPL-2.0
/* Dispatch of trapped memory accesses to the device models. */
#include <bh/ivshmem.h>
#include <bh/mmio.h>
#include <bh/pci.h>

bool mmio_access(struct per_cpu *cpu, u64 gpa, unsigned int size, bool write,
		 u64 *val)
{
	if (!write)
		*val = 0;
	return pci_mmconfig_access(cpu, gpa, size, write, val) ||
	       ivshmem_mmio_access(cpu, gpa, size, write, val);
}
