/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual PCI configuration space (core/pci.c). A cell's virtual devices
 * (today: ivshmem) are served by the hypervisor; for the root cell every
 * other device passes through to the hardware, a non-root cell sees
 * nothing else (reads all-ones, writes dropped). The arch traps the
 * mechanisms (MMCONFIG pages, ports 0xCF8/0xCFC on x86) and calls here.
 */
#ifndef BH_PCI_H
#define BH_PCI_H

#include <bh/types.h>

struct cell;
struct per_cpu;

#define PCI_BDF_BUS(bdf) ((bdf) >> 8)
#define PCI_BDF_DEV(bdf) (((bdf) >> 3) & 0x1f)
#define PCI_BDF_FN(bdf) ((bdf)&7)

/* Result of an access the core was asked to serve. */
enum pci_access {
	PCI_ACCESS_DONE, /* emulated; a read's value is in *val */
	PCI_ACCESS_PASS, /* the root cell's: do it on the hardware */
};

/*
 * An access of @size bytes (1, 2, 4) at register @reg of @bdf's
 * configuration space, by @cpu's cell. @reg is naturally aligned.
 */
enum pci_access pci_cfg_access(struct per_cpu *cpu, u16 bdf, u32 reg,
			       unsigned int size, bool write, u32 *val);

/*
 * The cell's view of the system's MMCONFIG window, guest-physical (the
 * same place as on the host). False if the system has none.
 */
bool pci_mmconfig_window(u64 *start, u64 *size);

/*
 * An access at @gpa that the cell's nested tables do not allow: served
 * here if it falls into the MMCONFIG window. Returns false if not.
 */
bool pci_mmconfig_access(struct per_cpu *cpu, u64 gpa, unsigned int size,
			 bool write, u64 *val);

/*
 * The 32-bit register @reg of @bdf's configuration space as the hardware
 * has it, read through the arch's port mechanism (0xCF8/0xCFC on x86);
 * all-ones where the arch has none. Linux pairs address and data writes
 * without our lock, so only while no CPU runs Linux: at enable, whose
 * CPUs come from stop_machine with interrupts off.
 */
u32 arch_pci_conf_read(u16 bdf, u32 reg);

/*
 * Take the configuration-space pages of the root cell's virtual devices
 * out of its nested tables (so MMCONFIG accesses there trap) after
 * checking that no physical device sits at their numbers.
 */
int pci_root_init(void);

#endif
