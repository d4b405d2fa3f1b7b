// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual PCI configuration space. The root cell keeps the hardware's
 * configuration space except the functions where its virtual devices sit,
 * whose MMCONFIG pages leave its nested tables; a non-root cell has no
 * MMCONFIG mapping at all, so every access of its traps and it sees its
 * own devices only.
 */
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/ivshmem.h>
#include <bh/paging.h>
#include <bh/pci.h>
#include <bh/percpu.h>
#include <bh/printk.h>

bool pci_mmconfig_window(u64 *start, u64 *size)
{
	const struct bh_pci_mmconfig *mc = &hv_config->pci_mmconfig;

	if (!mc->phys_start)
		return false;
	/* as in ACPI's MCFG, the base is where bus 0 would be */
	*start = mc->phys_start + ((u64)mc->start_bus << 20);
	*size = ((u64)mc->end_bus - mc->start_bus + 1) << 20;
	return true;
}

enum pci_access pci_cfg_access(struct per_cpu *cpu, u16 bdf, u32 reg,
			       unsigned int size, bool write, u32 *val)
{
	struct ivshmem_dev *dev = ivshmem_find(cpu->cell, bdf);

	if (dev) {
		if (write)
			ivshmem_cfg_write(cpu, dev, reg, size, *val);
		else
			ivshmem_cfg_read(dev, reg, size, val);
		return PCI_ACCESS_DONE;
	}
	if (cpu->cell == &root_cell)
		return PCI_ACCESS_PASS;
	/* no device: what an empty slot answers */
	if (!write)
		*val = size == 4 ? ~0u : (1u << (size * 8)) - 1;
	return PCI_ACCESS_DONE;
}

bool pci_mmconfig_access(struct per_cpu *cpu, u64 gpa, unsigned int size,
			 bool write, u64 *val)
{
	u64 start, wsize, off;
	u32 v = *val;

	if (!pci_mmconfig_window(&start, &wsize) || gpa < start ||
	    gpa - start >= wsize)
		return false;
	off = gpa - hv_config->pci_mmconfig.phys_start;
	if (size > 4 || (off & (size - 1))) {
		/* not an access a PCI function can take: ignored */
		if (!write)
			*val = ~0ull;
		return true;
	}
	/*
	 * The root cell traps only on its virtual devices' pages, so PASS
	 * cannot happen for it here; for a non-root cell it never does.
	 */
	if (pci_cfg_access(cpu, off >> 12, off & 0xfff, size, write, &v) ==
	    PCI_ACCESS_PASS) {
		if (!write)
			*val = ~0ull;
		return true;
	}
	if (!write)
		*val = v;
	return true;
}

int pci_root_init(void)
{
	const struct bh_cell_desc *rd = root_cell.desc;
	u64 start, size, page;
	unsigned int i;
	u32 id;

	for (i = 0; i < rd->num_ivshmem; i++) {
		u16 bdf = rd->ivshmem[i].bdf;

		if (!pci_mmconfig_window(&start, &size)) {
			printk("ERROR: root-cell.ivshmem[%u]: the system has no pci-mmconfig\n",
			       i);
			return -EINVAL;
		}
		page = hv_config->pci_mmconfig.phys_start + ((u64)bdf << 12);
		/*
		 * The function as the hardware has it, before we cover it:
		 * through MMCONFIG, and where that has nothing, through the
		 * ports too, since a chipset without MMCONFIG (Bochs's) reads
		 * all-ones there for every function (docs/config.md).
		 */
		id = *(volatile u32 *)phys_to_virt(pa_init(page));
		if (id == 0xffffffff)
			id = arch_pci_conf_read(bdf, 0);
		if ((id & 0xffff) != 0xffff) {
			printk("ERROR: root-cell.ivshmem[%u] '%s': %02x:%02x.%x is taken by a physical device (%04x:%04x)\n",
			       i, rd->ivshmem[i].name, PCI_BDF_BUS(bdf),
			       PCI_BDF_DEV(bdf), PCI_BDF_FN(bdf), id & 0xffff,
			       id >> 16);
			return -EBUSY;
		}
		if (paging_unmap(&root_cell.npt, page, PAGE_SIZE))
			return -ENOMEM;
	}
	return 0;
}
