// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's virtual ivshmem devices in Linux's PCI tree. The
 * hypervisor serves their config space only while it runs, so Linux must
 * scan their slots after enable and forget them before disable: a driver
 * still bound then would talk to hardware that is not there.
 */
#include <linux/irqdomain.h>
#include <linux/pci.h>
#include "bulkhead.h"

static const struct bh_ivshmem_desc *root_ivshmem(unsigned int *n)
{
	const struct bh_cell_desc *root = &bh.config->root_cell;

	*n = min_t(u32, root->num_ivshmem, BH_MAX_IVSHMEM);
	return root->ivshmem;
}

/*
 * Linux gives a device found after boot the interrupt-remapping MSI domain
 * only through a bus notifier that exists when DMA remapping is on too.
 * Without it our device would get no MSI domain at all and no vectors. Its
 * MSIs never pass the IOMMU (the hypervisor reads the remapping table and
 * sends IPIs), so the domain of any sibling behind the same unit serves.
 */
static void adopt_msi_domain(struct pci_bus *bus, struct pci_dev *pdev)
{
	struct pci_dev *sib;

	if (dev_get_msi_domain(&pdev->dev))
		return;
	list_for_each_entry(sib, &bus->devices, bus_list)
	{
		struct irq_domain *dom = dev_get_msi_domain(&sib->dev);

		if (sib != pdev && dom) {
			dev_set_msi_domain(&pdev->dev, dom);
			return;
		}
	}
}

/* Scan one slot, as pci_rescan_bus would, with the MSI domain set before
 * a driver can bind. Called with the rescan lock held. */
static struct pci_dev *scan_slot(struct pci_bus *bus, u8 devfn)
{
	struct pci_dev *pdev = pci_get_slot(bus, devfn);

	if (pdev)
		return pdev;
	pdev = pci_scan_single_device(bus, devfn);
	if (!pdev)
		return NULL;
	adopt_msi_domain(bus, pdev);
	pci_assign_unassigned_bus_resources(bus);
	pci_bus_add_device(pdev);
	return pci_dev_get(pdev);
}

void bh_pci_add_ivshmem(void)
{
	const struct bh_ivshmem_desc *d;
	struct pci_dev *pdev;
	struct pci_bus *bus;
	unsigned int i, n;

	d = root_ivshmem(&n);
	for (i = 0; i < n; i++, d++) {
		u8 busnr = d->bdf >> 8, devfn = d->bdf & 0xff;

		pdev = NULL;
		pci_lock_rescan_remove();
		bus = pci_find_bus(0, busnr);
		if (bus)
			pdev = scan_slot(bus, devfn);
		pci_unlock_rescan_remove();
		if (pdev) {
			pr_info("bulkhead: ivshmem '%.*s' at 0000:%02x:%02x.%u: added\n",
				BH_NAME_LEN, d->name, busnr, PCI_SLOT(devfn),
				PCI_FUNC(devfn));
			pci_dev_put(pdev);
		} else {
			pr_warn("bulkhead: ivshmem '%.*s' at 0000:%02x:%02x.%u: did not appear%s\n",
				BH_NAME_LEN, d->name, busnr, PCI_SLOT(devfn),
				PCI_FUNC(devfn),
				bus ? "" : " (Linux has no such bus)");
		}
	}
}

void bh_pci_remove_ivshmem(void)
{
	const struct bh_ivshmem_desc *d;
	struct pci_dev *pdev;
	unsigned int i, n;

	d = root_ivshmem(&n);
	for (i = 0; i < n; i++, d++) {
		u8 busnr = d->bdf >> 8, devfn = d->bdf & 0xff;

		pdev = pci_get_domain_bus_and_slot(0, busnr, devfn);
		if (!pdev)
			continue;
		pr_info("bulkhead: ivshmem '%.*s' at 0000:%02x:%02x.%u: removed\n",
			BH_NAME_LEN, d->name, busnr, PCI_SLOT(devfn),
			PCI_FUNC(devfn));
		/* its driver unbinds now, while the hypervisor still answers */
		pci_stop_and_remove_bus_device_locked(pdev);
		pci_dev_put(pdev);
	}
}
