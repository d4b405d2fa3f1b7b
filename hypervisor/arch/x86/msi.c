// SPDX-License-Identifier: GPL-2.0
/*
 * Delivering a virtual device's MSI as an IPI. A cell programs
 * compatibility-format addresses (destination APIC ID in bits 19:12). The
 * root cell on a machine with interrupt remapping programs remappable
 * ones, which name an entry of the remapping table Linux keeps for the
 * IOMMU: we read that entry at every delivery, since Linux may change it at
 * any time, and deliver what it says (docs/ivshmem.md).
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/paging.h>
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/apic.h"

#define MSI_ADDR_BASE 0xfee
#define MSI_ADDR_REMAPPABLE BIT(4)
#define MSI_ADDR_SHV BIT(3)
#define MSI_ADDR_LOGICAL BIT(2)

/* VT-d registers and remapping-table entries (VT-d specification). */
#define VTD_GSTS 0x1c
#define VTD_GSTS_IRES BIT(25)
#define VTD_IRTA 0xb8
#define VTD_IRTA_EIME BIT(11)
#define IRTE_PRESENT BIT(0)
#define IRTE_LOGICAL BIT(2)
#define IRTE_POSTED BIT(15)

struct msi_target {
	u32 dest;
	u8 vector;
	u8 delivery;
	bool logical;
};

/* The remapping unit whose table Linux has enabled, or NULL. */
static volatile u8 *vtd_active_unit(void)
{
	unsigned int i;

	for (i = 0; i < hv_config->num_iommus && i < BH_MAX_IOMMUS; i++) {
		volatile u8 *regs =
			phys_to_virt(pa_init(hv_config->iommus[i].phys_start));

		if (*(volatile u32 *)(regs + VTD_GSTS) & VTD_GSTS_IRES)
			return regs;
	}
	return NULL;
}

static int vtd_lookup(u64 addr, u32 data, struct msi_target *t)
{
	volatile u8 *regs = vtd_active_unit();
	u64 irta, entry_pa, lo;
	u32 handle;
	paddr_t pa;
	u32 flags;

	if (!regs)
		return -ENODEV;
	irta = *(volatile u64 *)(regs + VTD_IRTA);
	handle = ((addr >> 5) & 0x7fff) | (((addr >> 2) & 1) << 15);
	if (addr & MSI_ADDR_SHV)
		handle += data & 0xffff;
	if (handle >= (2u << (irta & 0xf)))
		return -ENODEV;
	/* the table is Linux's memory: never read anything else through it */
	entry_pa = (irta & PAGE_MASK) + (u64)handle * 16;
	if (!paging_lookup(&root_cell.npt, entry_pa, &pa, &flags) ||
	    !(flags & PAGING_READ))
		return -ENODEV;
	lo = *(volatile u64 *)phys_to_virt(pa);
	if (!(lo & IRTE_PRESENT) || (lo & IRTE_POSTED))
		return -ENODEV;
	t->logical = lo & IRTE_LOGICAL;
	t->delivery = (lo >> 5) & 7;
	t->vector = (lo >> 16) & 0xff;
	t->dest = (irta & VTD_IRTA_EIME) ? lo >> 32 : (lo >> 40) & 0xff;
	return 0;
}

int arch_msi_send(struct cell *cell, u64 addr, u32 data)
{
	struct msi_target t;
	int ret;

	if ((addr >> 20) != MSI_ADDR_BASE)
		return -EINVAL;
	if (addr & MSI_ADDR_REMAPPABLE) {
		/* only the root cell has a remapping table */
		if (cell != &root_cell)
			return -EINVAL;
		ret = vtd_lookup(addr, data, &t);
		if (ret)
			return ret;
	} else {
		t.dest = (addr >> 12) & 0xff;
		t.logical = addr & MSI_ADDR_LOGICAL;
		t.vector = data & 0xff;
		t.delivery = (data >> 8) & 7;
	}
	/* fixed or lowest priority; vectors below 16 are illegal */
	if (t.delivery > 1 || t.vector < 16)
		return -EINVAL;
	return apic_send_fixed(cell, ((u64)t.dest << 32) |
					     (t.logical ? ICR_LOGICAL : 0) |
					     t.vector);
}
