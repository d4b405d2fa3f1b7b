// SPDX-License-Identifier: GPL-2.0
/*
 * The arithmetic of pci.c and ivshmem.c that needs no hardware, apart so
 * that tests/unit/test_inmate_pci.c can run it on the host.
 */
#include <stddef.h>

#include "inmate/ivshmem.h"
#include "inmate/pci.h"

#define BAR_MEM_ADDR_MASK 0xfffffff0u

uint64_t pci_bar_decode_size(uint32_t lo, uint32_t hi)
{
	uint64_t mask = lo & BAR_MEM_ADDR_MASK;

	if ((lo & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64)
		mask |= (uint64_t)hi << 32;
	/* the lowest address bit the BAR keeps is its size */
	return mask & -mask;
}

static uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}

/* @size bytes from @a end by @limit (and so do not wrap). */
static bool fits(uint64_t a, uint64_t size, uint64_t limit)
{
	return a <= limit && size <= limit - a;
}

bool pci_bar_place(uint64_t *next, uint64_t size, uint64_t avoid_start,
		   uint64_t avoid_end, uint64_t limit, uint64_t *addr)
{
	uint64_t align = size > PCI_BAR_MIN_ALIGN ? size : PCI_BAR_MIN_ALIGN;
	uint64_t a;

	if (size == 0 || (size & (size - 1)))
		return false;
	a = align_up(*next, align);
	if (a < *next || !fits(a, size, limit))
		return false;
	if (avoid_start < avoid_end && a < avoid_end &&
	    a + size > avoid_start) {
		a = align_up(avoid_end, align);
		if (a < avoid_end || !fits(a, size, limit))
			return false;
	}
	*addr = a;
	*next = a + size;
	return true;
}

uint32_t pci_msix_address(uint32_t apic_id)
{
	return PCI_MSIX_ADDR_BASE | (apic_id & 0xff) << 12;
}

uint32_t pci_msix_data(unsigned int vector)
{
	/* fixed delivery, edge: all zeros besides the vector */
	return vector & 0xff;
}

uint32_t ivshmem_doorbell_value(uint32_t peer, uint32_t vector)
{
	return (peer & 0xffff) << 16 | (vector & 0xffff);
}

const char *ivshmem_layout_error(const struct ivshmem_layout *l)
{
	uint64_t total, outputs;

	if (l->max_peers < IVSHMEM_MIN_PEERS ||
	    l->max_peers > IVSHMEM_MAX_PEERS)
		return "max peers is not 2-65536";
	if (l->id >= l->max_peers)
		return "own id is not below max peers";
	if (l->state_size < 4ull * l->max_peers)
		return "state table smaller than 4 bytes per peer";
	if (!l->base)
		return "no shared memory address";
	if ((l->base | l->state_size | l->rw_size | l->output_size) &
	    (IVSHMEM_PAGE_SIZE - 1))
		return "shared memory address or a section size not page aligned";
	/* each term is checked before the sum so that none can wrap */
	if (l->state_size >= IVSHMEM_ADDR_LIMIT ||
	    l->rw_size >= IVSHMEM_ADDR_LIMIT ||
	    l->output_size >= IVSHMEM_ADDR_LIMIT)
		return "shared memory beyond 4 GiB";
	outputs = l->output_size * l->max_peers;
	if (outputs >= IVSHMEM_ADDR_LIMIT)
		return "shared memory beyond 4 GiB";
	total = l->state_size + l->rw_size + outputs;
	if (l->base >= IVSHMEM_ADDR_LIMIT ||
	    total > IVSHMEM_ADDR_LIMIT - l->base)
		return "shared memory beyond 4 GiB";
	return NULL;
}
