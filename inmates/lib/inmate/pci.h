/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PCI for inmates: configuration space through the cell's ECAM window
 * (comm region: pci_mmconfig, buses pci_start_bus..pci_end_bus), device
 * and capability lookup, memory BAR placement and MSI-X.
 *
 * A device is named by its bdf, bus << 8 | device << 3 | function. The
 * hypervisor shows a cell only its own devices; every other function
 * reads all-ones. Functions that can fail print why on the console and
 * return a negative errno (inmate/errno.h) or NULL.
 *
 * Memory BARs are placed by the library, one after the other, from
 * PCI_BAR_WINDOW_START up, each aligned to its size (at least 4 KiB),
 * skipping the ECAM window. The window must be free in the cell's
 * guest-physical map: no cell RAM there.
 */
#ifndef INMATE_PCI_H
#define INMATE_PCI_H

#include <stdbool.h>
#include <stdint.h>
#include <bulkhead/pci.h>

#define PCI_BDF(bus, dev, fn) \
	((uint16_t)(((bus) << 8) | ((0x1f & (dev)) << 3) | (7 & (fn))))
#define PCI_BDF_BUS(bdf) (((bdf) >> 8) & 0xff)
#define PCI_BDF_DEV(bdf) (((bdf) >> 3) & 0x1f)
#define PCI_BDF_FN(bdf) (7 & (bdf))
/* printf("dev " PCI_BDF_FMT "\n", PCI_BDF_ARGS(bdf)) prints dev 00:1f.3 */
#define PCI_BDF_FMT "%02x:%02x.%x"
#define PCI_BDF_ARGS(bdf) PCI_BDF_BUS(bdf), PCI_BDF_DEV(bdf), PCI_BDF_FN(bdf)

/* Type 0 header. */
#define PCI_CFG_VENDOR_ID 0x00
#define PCI_CFG_DEVICE_ID 0x02
#define PCI_CFG_COMMAND 0x04
#define PCI_CFG_STATUS 0x06
#define PCI_CFG_REVISION 0x08 /* class code in the 3 bytes above */
#define PCI_CFG_HEADER_TYPE 0x0e
#define PCI_CFG_BAR0 0x10
#define PCI_CFG_CAP_PTR 0x34
#define PCI_NUM_BARS 6

/* Command and MSI-X control bits: include/bulkhead/pci.h. */
#define PCI_STATUS_CAP_LIST 0x0010
#define PCI_HEADER_MULTIFUNCTION 0x80

#define PCI_BAR_IO 0x1
#define PCI_BAR_MEM_TYPE_MASK 0x6
#define PCI_BAR_MEM_TYPE_64 0x4

#define PCI_CAP_ID_VENDOR 0x09
#define PCI_CAP_ID_MSIX 0x11

/* Where the library places memory BARs: below the IOAPIC and LAPIC pages. */
#define PCI_BAR_WINDOW_START 0xc0000000ull
#define PCI_BAR_WINDOW_END 0xfec00000ull /* exclusive */
#define PCI_BAR_MIN_ALIGN 0x1000ull

/*
 * Configuration space, @size 1, 2 or 4 bytes at @reg (aligned to @size),
 * one access of that width. A function outside the cell's buses, or any
 * function when the cell has no ECAM window, reads all-ones and ignores
 * writes, as an absent device would.
 */
uint32_t pci_read_config(uint16_t bdf, unsigned int reg, unsigned int size);
void pci_write_config(uint16_t bdf, unsigned int reg, uint32_t value,
		      unsigned int size);

/* True if the comm region describes an ECAM window the library can use. */
bool pci_available(void);

/*
 * The bdf of the @index-th (from 0, in bus/device/function order) function
 * with these IDs; -ENODEV if there is none.
 */
int pci_find_device(uint16_t vendor, uint16_t device, unsigned int index);

/* Config offset of the first capability @cap_id of @bdf; -ENOENT if none. */
int pci_find_cap(uint16_t bdf, uint8_t cap_id);

/*
 * Size of memory BAR @bar (0-5; a 64-bit BAR is named by its low half).
 * Memory decoding is off while the BAR reads back its mask. -EINVAL for
 * an I/O BAR, -ENODEV for an unimplemented one.
 */
int pci_bar_size(uint16_t bdf, unsigned int bar, uint64_t *size);

/*
 * Sizes memory BAR @bar, gives it the next free address of the window and
 * returns that address (identity-mapped, so also the pointer), NULL on
 * failure. Memory decoding stays as it was: see pci_enable_device().
 */
volatile void *pci_map_bar(uint16_t bdf, unsigned int bar);

/* Memory space and bus mastering on. */
void pci_enable_device(uint16_t bdf);

/*
 * MSI-X. The table is in one of the device's memory BARs, which
 * pci_msix_init() maps with pci_map_bar(). Entries are programmed in
 * compatibility format, physical destination, fixed delivery, edge:
 * the destination must be one of the cell's own CPUs (x2APIC ID below
 * 256).
 */
#define PCI_MSIX_CTRL 0x02 /* in the capability: message control */
#define PCI_MSIX_TABLE 0x04 /* BIR in bits 2:0, offset above */
#define PCI_MSIX_CTRL_SIZE_MASK 0x07ff /* table size - 1 */
#define PCI_MSIX_ENTRY_ADDR_LO 0x0
#define PCI_MSIX_ENTRY_ADDR_HI 0x4
#define PCI_MSIX_ENTRY_DATA 0x8
#define PCI_MSIX_ENTRY_CTRL 0xc
#define PCI_MSIX_ENTRY_SIZE 16
#define PCI_MSIX_ENTRY_MASKED 0x1
#define PCI_MSIX_ADDR_BASE 0xfee00000u
#define PCI_MSIX_MAX_APIC_ID 255
/* For pci_msix_set_entry(): the CPU that calls it. */
#define PCI_MSIX_THIS_CPU 0xffffffffu

struct pci_msix {
	uint16_t bdf;
	uint16_t cap; /* config offset of the capability */
	unsigned int entries;
	volatile uint32_t *table;
};

/*
 * Finds the capability, maps the table's BAR, turns memory space on and
 * masks every entry. MSI-X stays as it was (off after reset) until
 * pci_msix_enable(); bus mastering too (pci_enable_device()).
 */
int pci_msix_init(struct pci_msix *m, uint16_t bdf);
/*
 * Entry @entry sends @vector (32-254) to x2APIC ID @dest (or
 * PCI_MSIX_THIS_CPU).
 * The mask bit is left alone: pci_msix_mask(m, entry, false) to deliver.
 */
int pci_msix_set_entry(struct pci_msix *m, unsigned int entry, uint32_t dest,
		       unsigned int vector);
void pci_msix_mask(struct pci_msix *m, unsigned int entry, bool masked);
/* MSI-X on (function mask cleared) or off. */
void pci_msix_enable(struct pci_msix *m, bool on);

/* Hardware-free arithmetic behind these (pci_math.c, host-tested). */

/*
 * The size a memory BAR decodes, from what it read back after all-ones
 * was written: @lo the (low) BAR, @hi the high half of a 64-bit BAR
 * (ignored otherwise). 0 if it decodes nothing.
 */
uint64_t pci_bar_decode_size(uint32_t lo, uint32_t hi);

/*
 * Places a BAR of @size (a power of two) at the first address from *@next
 * aligned to max(@size, PCI_BAR_MIN_ALIGN) that keeps clear of
 * [@avoid_start, @avoid_end) and ends by @limit. On success *@addr is that
 * address, *@next the end of the BAR, and the result true.
 */
bool pci_bar_place(uint64_t *next, uint64_t size, uint64_t avoid_start,
		   uint64_t avoid_end, uint64_t limit, uint64_t *addr);

/* Compatibility-format MSI address and data: to x2APIC ID @dest, @vector. */
uint32_t pci_msix_address(uint32_t dest);
uint32_t pci_msix_data(unsigned int vector);

#endif
