/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * PCI configuration-space bits from the PCI and MSI-X specifications that
 * more than one side uses: the hypervisor's device emulation and the
 * inmate library's PCI driver. One copy.
 */
#ifndef BULKHEAD_PCI_H
#define BULKHEAD_PCI_H

/* Command register */
#define PCI_CMD_MEMORY 0x0002
#define PCI_CMD_MASTER 0x0004
#define PCI_CMD_INTX_DISABLE 0x0400

/* MSI-X message control */
#define PCI_MSIX_CTRL_MASKALL 0x4000
#define PCI_MSIX_CTRL_ENABLE 0x8000

#endif
