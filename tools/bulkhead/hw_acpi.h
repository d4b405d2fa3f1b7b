/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ACPI tables hardware check and config create read, as Linux exposes
 * them in /sys/firmware/acpi/tables: MCFG (PCI MMCONFIG), DMAR (Intel
 * VT-d units), IVRS (AMD IOMMUs) and MADT ("APIC": the CPUs' APIC ids).
 * Every parser takes the table as read, checks signature, length and
 * checksum first and never reads past @len: a table is input like any
 * other, and firmware gets them wrong.
 */
#ifndef BULKHEAD_HW_ACPI_H
#define BULKHEAD_HW_ACPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw_source.h"

#define ACPI_MAX_ENTRIES 64

struct acpi_mcfg {
	unsigned int num;
	struct {
		uint64_t base;
		uint16_t segment;
		uint8_t start_bus, end_bus;
	} entry[ACPI_MAX_ENTRIES];
};

enum acpi_iommu_kind {
	ACPI_IOMMU_VTD = 1, /* a DMAR DRHD */
	ACPI_IOMMU_AMD, /* an IVRS IVHD */
};

struct acpi_iommus {
	/* DMAR: flags bit 0, interrupt remapping supported; bit 1, the
	 * firmware asks the OS not to use x2APIC. IVRS: the IVinfo word. */
	uint32_t flags;
	unsigned int num;
	struct {
		enum acpi_iommu_kind kind;
		uint64_t base;
		uint64_t size; /* register set size */
		uint16_t segment;
		bool include_all; /* DRHD INCLUDE_PCI_ALL */
	} unit[ACPI_MAX_ENTRIES];
};

struct acpi_madt {
	uint32_t lapic_address;
	unsigned int num; /* enabled (or online-capable) processors */
	uint32_t apic_id[1024];
	bool has_x2apic_entries;
	unsigned int num_ioapics;
	uint64_t ioapic_base[ACPI_MAX_ENTRIES];
};

/*
 * Each returns 0, or -EINVAL with the reason in @err ("MCFG: length 40
 * shorter than its header", "DMAR: checksum 0x3 is not 0").
 */
int acpi_parse_mcfg(const void *tbl, size_t len, struct acpi_mcfg *out,
		    char *err, size_t errlen);
int acpi_parse_dmar(const void *tbl, size_t len, struct acpi_iommus *out,
		    char *err, size_t errlen);
int acpi_parse_ivrs(const void *tbl, size_t len, struct acpi_iommus *out,
		    char *err, size_t errlen);
int acpi_parse_madt(const void *tbl, size_t len, struct acpi_madt *out,
		    char *err, size_t errlen);

/*
 * Reads table @sig ("MCFG", "DMAR", "IVRS", "APIC") from @src and parses
 * it with the parser above into @out (of the matching type). -ENOENT if
 * the machine has no such table (or no ACPI tables at all: the caller
 * tells these apart with hw_exists("/sys/firmware/acpi/tables")),
 * -EACCES if not readable (not root), -EINVAL from the parser.
 */
int acpi_load(const struct hw_source *src, const char *sig, void *out,
	      char *err, size_t errlen);

#endif
