/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A driver for ivshmem 2.0 devices (PCI 110A:4106, include/bulkhead/
 * ivshmem.h, docs/inmates.md), with an API after Zephyr's ivshmem-v2 one.
 *
 * The shared memory, from the address in the vendor capability up: the
 * state table (one 32-bit state per peer, read-only), the R/W section
 * (every peer may write it), then one output section per peer (only its
 * owner may write it). Writing a read-only part stops the cell as failed,
 * hence the const pointers.
 *
 * Device vector v of the device with index i is IDT vector
 * IVSHMEM_IDT_VECTOR(i, v); MSI-X entry v goes to the CPU that registered
 * the handler. Vector 0 is the state-change vector: it arrives when
 * another peer's state changes.
 */
#ifndef INMATE_IVSHMEM_H
#define INMATE_IVSHMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bulkhead/ivshmem.h>
#include "pci.h" /* by path: host unit tests include this header too */

#define IVSHMEM_MAX_DEVICES 8
#define IVSHMEM_MAX_VECTORS 16
#define IVSHMEM_MIN_PEERS 2
#define IVSHMEM_MAX_PEERS 65536
#define IVSHMEM_PAGE_SIZE 0x1000ull
/* the library's page tables map the first 4 GiB */
#define IVSHMEM_ADDR_LIMIT 0x100000000ull

/* IDT vectors 0x40-0xbf, IVSHMEM_MAX_VECTORS per device. */
#define IVSHMEM_IDT_BASE 0x40
#define IVSHMEM_IDT_VECTOR(index, vector) \
	(IVSHMEM_IDT_BASE + IVSHMEM_MAX_VECTORS * (index) + (vector))

struct ivshmem;

/* Runs in interrupt context, interrupts off; the library sends the EOI. */
typedef void (*ivshmem_handler_t)(struct ivshmem *dev, unsigned int vector,
				  void *ctx);

/* What the device reports about its shared memory. */
struct ivshmem_layout {
	uint32_t id, max_peers;
	uint64_t base; /* guest-physical address of the state table */
	uint64_t state_size, rw_size, output_size;
};

/* Filled by ivshmem_init(); read it through the functions below. */
struct ivshmem {
	uint16_t bdf;
	uint16_t protocol;
	unsigned int index;
	unsigned int vectors; /* MSI-X entries, at most IVSHMEM_MAX_VECTORS */
	struct ivshmem_layout layout;
	volatile uint32_t *regs; /* BAR0 */
	struct pci_msix msix;
	struct {
		ivshmem_handler_t fn;
		void *ctx;
	} handlers[IVSHMEM_MAX_VECTORS];
};

/*
 * Sets up the @index-th ivshmem device of the cell (0 for the first):
 * finds it, places its BARs, checks what it reports (max peers 2-65536,
 * own id below that, a state table of 4 bytes per peer, the shared memory
 * page aligned and below 4 GiB), enables memory space, bus mastering and
 * MSI-X with every entry masked. Interrupts stay off in the device until
 * ivshmem_enable_interrupts(). Prints why and returns a negative errno if
 * it cannot.
 */
int ivshmem_init(struct ivshmem *dev, unsigned int index);

uint32_t ivshmem_get_id(const struct ivshmem *dev);
uint32_t ivshmem_get_max_peers(const struct ivshmem *dev);
/* Sub-class << 8 | programming interface: 0 generic, 1 virtual network. */
uint16_t ivshmem_get_protocol(const struct ivshmem *dev);
unsigned int ivshmem_get_vectors(const struct ivshmem *dev);
/* Guest-physical address of the shared memory (the state table). */
uint64_t ivshmem_get_shmem_addr(const struct ivshmem *dev);

/*
 * The sections: each returns its size in bytes and sets *@p to its start
 * (NULL and 0 for a peer that does not exist). Peers' output sections
 * include the own one; ivshmem_get_own_output() is the writable view.
 */
size_t ivshmem_get_state_table(const struct ivshmem *dev,
			       const volatile uint32_t **p);
size_t ivshmem_get_rw_section(const struct ivshmem *dev, volatile void **p);
size_t ivshmem_get_output_section(const struct ivshmem *dev, uint32_t peer,
				  const volatile void **p);
size_t ivshmem_get_own_output(const struct ivshmem *dev, volatile void **p);

/* @peer's entry in the state table; 0 for a peer that does not exist. */
uint32_t ivshmem_get_state(const struct ivshmem *dev, uint32_t peer);
/* Own state (State register); the other peers get vector 0 on a change. */
void ivshmem_set_state(struct ivshmem *dev, uint32_t state);

/*
 * Doorbell: interrupt @vector of @peer (may be the own id). The device
 * drops a ring to a missing or inactive peer or a vector it has not set
 * up; only values that do not fit the register (above 0xffff) are refused
 * with -EINVAL. What this CPU wrote before is visible to the peer first.
 */
int ivshmem_ring(struct ivshmem *dev, uint32_t peer, uint32_t vector);

/*
 * Calls @handler(dev, @vector, @ctx) when device vector @vector arrives:
 * registers the IDT vector, points MSI-X entry @vector at the calling CPU
 * and unmasks it. A NULL @handler masks the entry again.
 */
int ivshmem_register_handler(struct ivshmem *dev, unsigned int vector,
			     ivshmem_handler_t handler, void *ctx);

/* Int Control: whether the device sends this peer interrupts at all. */
void ivshmem_enable_interrupts(struct ivshmem *dev, bool on);

/* Hardware-free parts (pci_math.c, host-tested). */

/* The Doorbell register's value for @vector of @peer. */
uint32_t ivshmem_doorbell_value(uint32_t peer, uint32_t vector);
/* Why @l is not a usable device, NULL if it is. */
const char *ivshmem_layout_error(const struct ivshmem_layout *l);

#endif
