// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's virtual ivshmem devices in Linux's PCI tree. The
 * hypervisor serves their config space only while it runs, so Linux must
 * scan their slots after enable and forget them before disable: a driver
 * still bound then would talk to hardware that is not there.
 */
#include <linux/pci.h>
#include "bulkhead.h"

static const struct bh_ivshmem_desc *root_ivshmem(unsigned int *n)
{
	const struct bh_cell_desc *root = &bh.config->root_cell;

	*n = min_t(u32, root->num_ivshmem, BH_MAX_IVSHMEM);
	return root->ivshmem;
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
		if (bus) {
			pci_rescan_bus(bus);
			pdev = pci_get_slot(bus, devfn);
		}
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
