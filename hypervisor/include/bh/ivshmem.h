/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ivshmem 2.0 devices (core/ivshmem*.c, docs/ivshmem.md). Every cell's
 * device is one peer of a link; the peers of a link share one piece of
 * memory and ring each other's doorbells. A link exists while one of its
 * peers does: a device of the root cell from enable to disable, a device
 * of non-root cells only from the first peer's create to the last one's
 * destroy. Its shared memory lies in no cell's memory regions (the
 * validator sees to that), so it never changes owner.
 */
#ifndef BH_IVSHMEM_H
#define BH_IVSHMEM_H

#include <bh/spinlock.h>
#include <bh/types.h>
#include <bulkhead/config.h>
#include <bulkhead/ivshmem.h>

struct cell;
struct per_cpu;

struct ivshmem_msix_entry {
	u32 addr_lo, addr_hi, data, ctrl;
};

struct ivshmem_link;

/* One cell's device: its config space, registers and MSI-X table. */
struct ivshmem_dev {
	struct cell *cell;
	const struct bh_ivshmem_desc *desc;
	struct ivshmem_link *link;
	/* everything below changes under the link's lock */
	u16 command;
	u16 msix_ctrl; /* enable and function-mask bits */
	u8 priv_ctrl; /* one-shot */
	u8 intx_line; /* the byte software may store, unused */
	u32 bar[2]; /* as written, address bits only */
	u64 bar_active[2]; /* where BARn decodes now, 0: nowhere */
	u32 int_ctrl;
	u32 state;
	struct ivshmem_msix_entry msix[BH_IVSHMEM_MAX_VECTORS];
	/* an MSI-X entry whose refused destination we reported */
	u32 msix_reported;
};

struct ivshmem_link {
	bool used;
	char name[BH_NAME_LEN];
	struct bh_ivshmem_desc shape; /* the first peer's desc, copied */
	volatile u32 *state_table; /* hypervisor's view */
	struct ivshmem_dev *peers[BH_IVSHMEM_MAX_PEERS];
	struct spinlock lock;
};

/*
 * Attach the cell's devices to their links (creating a link for a root
 * cell device) and map each device's shared memory into the cell's nested
 * tables with the rights of its peer id. On error nothing stays attached.
 */
int ivshmem_cell_init(struct cell *cell);

/* Reset the cell's devices: as at power-on, state 0, the peers told. */
void ivshmem_cell_reset(struct cell *cell);

/* Reset and detach; the cell is going away. */
void ivshmem_cell_exit(struct cell *cell);

/* The cell's device at @bdf, or NULL. */
struct ivshmem_dev *ivshmem_find(const struct cell *cell, u16 bdf);

/* Configuration-space access to @dev (reg naturally aligned). */
void ivshmem_cfg_read(struct ivshmem_dev *dev, u32 reg, unsigned int size,
		      u32 *val);
void ivshmem_cfg_write(struct per_cpu *cpu, struct ivshmem_dev *dev, u32 reg,
		       unsigned int size, u32 val);

/* An access to one of the cell's BARs; false if @gpa is in none. */
bool ivshmem_mmio_access(struct per_cpu *cpu, u64 gpa, unsigned int size,
			 bool write, u64 *val);

#endif
