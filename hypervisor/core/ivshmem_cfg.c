// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration space of an ivshmem device (include/bulkhead/ivshmem.h):
 * a type 0 header with two 4 KiB memory BARs, the vendor capability that
 * describes the shared memory, and MSI-X. Built per access from the
 * device's state, one dword at a time.
 */
#include <bh/cell.h>
#include <bh/ivshmem.h>
#include <bh/percpu.h>
#include <bh/printk.h>

#define BAR_ADDR_MASK (~(u32)(IVSHMEM_BAR0_SIZE - 1))

static u32 cfg_dword(const struct ivshmem_dev *dev, u32 reg)
{
	const struct bh_ivshmem_desc *d = dev->desc;

	switch (reg) {
	case 0x00:
		return IVSHMEM_VENDOR_ID | (IVSHMEM_DEVICE_ID << 16);
	case 0x04: /* status: capability list */
		return dev->command | (0x10u << 16);
	case 0x08: /* revision 0; the protocol in sub-class and interface */
		return ((u32)IVSHMEM_CLASS << 24) | ((u32)d->protocol << 8);
	case 0x10:
		return dev->bar[0];
	case 0x14:
		return dev->bar[1];
	case 0x2c:
		return IVSHMEM_VENDOR_ID | (IVSHMEM_DEVICE_ID << 16);
	case 0x34:
		return IVSHMEM_CFG_VENDOR_CAP;
	case 0x3c: /* interrupt pin 0: MSI-X only */
		return dev->intx_line;
	case IVSHMEM_CFG_VENDOR_CAP:
		return 0x09 | (IVSHMEM_CFG_MSIX_CAP << 8) |
		       (IVSHMEM_VCAP_LENGTH << 16) |
		       ((u32)dev->priv_ctrl << 24);
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_STATE_SIZE:
		return d->state_size;
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_RW_SIZE:
		return d->rw_size;
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_RW_SIZE + 4:
		return d->rw_size >> 32;
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_OUTPUT_SIZE:
		return d->output_size;
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_OUTPUT_SIZE + 4:
		return d->output_size >> 32;
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_ADDR:
		return d->virt_start;
	case IVSHMEM_CFG_VENDOR_CAP + IVSHMEM_VCAP_ADDR + 4:
		return d->virt_start >> 32;
	case IVSHMEM_CFG_MSIX_CAP: /* last capability; table size N-1 */
		return 0x11 |
		       ((u32)(dev->msix_ctrl | (d->num_vectors - 1)) << 16);
	case IVSHMEM_CFG_MSIX_CAP + 4: /* table in BAR1 at 0 */
		return IVSHMEM_MSIX_TABLE | 1;
	case IVSHMEM_CFG_MSIX_CAP + 8:
		return IVSHMEM_MSIX_PBA | 1;
	default:
		return 0;
	}
}

void ivshmem_cfg_read(struct ivshmem_dev *dev, u32 reg, unsigned int size,
		      u32 *val)
{
	u32 dw;

	spin_lock(&dev->link->lock);
	dw = cfg_dword(dev, reg & ~3u);
	spin_unlock(&dev->link->lock);
	dw >>= (reg & 3) * 8;
	*val = size == 4 ? dw : dw & ((1u << (size * 8)) - 1);
}

/*
 * Where the BARs decode: only while memory space is on, as on a real
 * device, so that sizing a BAR (writing all-ones) moves nothing.
 */
static void update_bars(struct per_cpu *cpu, struct ivshmem_dev *dev)
{
	unsigned int b;
	u64 old, new;

	for (b = 0; b < 2; b++) {
		old = dev->bar_active[b];
		new = (dev->command & PCI_CMD_MEMORY) ? dev->bar[b] : 0;
		if (new == BAR_ADDR_MASK)
			new = 0;
		if (old == new)
			continue;
		WRITE_ONCE(dev->bar_active[b], new);
		if (dev->cell == &root_cell)
			cell_root_trap_page(cpu, old, new);
	}
}

void ivshmem_cfg_write(struct per_cpu *cpu, struct ivshmem_dev *dev, u32 reg,
		       unsigned int size, u32 val)
{
	unsigned int shift = (reg & 3) * 8;
	u32 mask = size == 4 ? ~0u : ((1u << (size * 8)) - 1) << shift;
	u32 dw_reg = reg & ~3u, dw;
	bool bars_changed = false;

	val <<= shift;
	spin_lock(&dev->link->lock);
	dw = (cfg_dword(dev, dw_reg) & ~mask) | (val & mask);
	switch (dw_reg) {
	case 0x04:
		if (mask & 0xffff) {
			dev->command = dw & (PCI_CMD_MEMORY | PCI_CMD_MASTER |
					     PCI_CMD_INTX_DISABLE);
			bars_changed = true;
		}
		break;
	case 0x10:
	case 0x14:
		dev->bar[(dw_reg - 0x10) / 4] = dw & BAR_ADDR_MASK;
		bars_changed = true;
		break;
	case 0x3c:
		dev->intx_line = dw & 0xff;
		break;
	case IVSHMEM_CFG_VENDOR_CAP:
		dev->priv_ctrl = (dw >> 24) & IVSHMEM_PRIV_ONESHOT;
		break;
	case IVSHMEM_CFG_MSIX_CAP:
		dev->msix_ctrl = (dw >> 16) &
				 (PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
		break;
	}
	spin_unlock(&dev->link->lock);
	/* the root's nested tables change outside the lock: that waits for
	 * the other root CPUs */
	if (bars_changed)
		update_bars(cpu, dev);
}
