/* SPDX-License-Identifier: GPL-2.0 */
/*
 * `bulkhead config create`: a commented system config for a machine, and
 * cell configs that fit a system config. The machine is read once into a
 * struct cc_machine (from the live machine or a recording, hw_source.h);
 * the configs are built from that alone, so that unit tests build them
 * from recorded machines. Every config is parsed back and validated with
 * the same checks as `bulkhead config check` before it is handed out.
 *
 * Placement rules (docs/cli.md, "config create"):
 * - An existing memmap=SIZE$START reservation (kernel command line, shown
 *   as Reserved in /proc/iomem, inside firmware RAM) is used as it is:
 *   hypervisor memory at its start, cell memory the rest.
 * - Otherwise the hypervisor memory and cell memory, one range, go to the
 *   lowest 2 MiB-aligned free System RAM above 4 GiB, and below 4 GiB
 *   only when nothing above fits: low memory is what 32-bit DMA, the
 *   initrd and the crash kernel need. Free means not the kernel's image
 *   or any other range the kernel placed inside System RAM (children in
 *   /proc/iomem, such as "Crash kernel"), and not below 16 MiB (ISA DMA,
 *   and where the kernel loads without KASLR).
 */
#ifndef BULKHEAD_CONFIG_CREATE_H
#define BULKHEAD_CONFIG_CREATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bulkhead/config.h>

#include "hw_acpi.h"
#include "hw_iomem.h"
#include "hw_source.h"
#include "hw_text.h"

#define CC_NOTE_LEN 256

/* What config create knows of a machine, and what it could not learn. */
struct cc_machine {
	/* "the live machine" or "the recording DIR", for the header. */
	char source[160];
	/* The hostname (made a valid config name), or "system". */
	char name[BH_NAME_LEN];

	struct hw_iomem iomem;
	/* The firmware's map; none if the kernel has no /sys/firmware/memmap. */
	struct hw_fwmap_entry *fw;
	size_t num_fw;

	struct hw_cmdline cmdline;
	/* ttySN Linux writes its console to: console= and /proc/consoles. */
	uint64_t console_lines;

	bool have_uarts;
	struct hw_uarts uarts;
	char uart_note[CC_NOTE_LEN]; /* why not, if not */

	struct hw_cpus online;
	bool have_present;
	struct hw_cpus present;

	bool have_mcfg;
	struct acpi_mcfg mcfg;
	char mcfg_note[CC_NOTE_LEN];

	/* From DMAR or IVRS, whichever the machine has. */
	bool have_iommus;
	const char *iommu_table;
	struct acpi_iommus iommus;
	char iommu_note[CC_NOTE_LEN];

	bool have_madt;
	struct acpi_madt madt;
	char madt_note[CC_NOTE_LEN];

	/*
	 * The PCI functions on bus 0 of segment 0 (/sys/bus/pci/devices),
	 * for a virtual device's slot: bus0_fn[slot] has bit f set for
	 * function f. Functions elsewhere are only counted.
	 */
	bool have_pci;
	uint8_t bus0_fn[32];
	unsigned int pci_elsewhere;
	char pci_note[CC_NOTE_LEN]; /* why not, if not */

	/* CPUID says a hypervisor runs this machine; its vendor string */
	bool emulated;
	char hypervisor[13];
};

/*
 * Reads the machine from @src. Fails (-EACCES, -ENOENT, -EINVAL) with a
 * one-line reason in @err when config create cannot go on: not root (live
 * only), addresses hidden in /proc/iomem, no ACPI tables, an unreadable or
 * malformed /proc/iomem, CPU list, firmware map or kernel command line.
 * What only makes the config poorer (no UART, no MCFG, no IOMMU table)
 * is kept as a note that becomes a comment.
 */
int cc_read_machine(const struct hw_source *src, struct cc_machine *m,
		    char *err, size_t errlen);
void cc_machine_free(struct cc_machine *m);

/*
 * --bench on a machine under a hypervisor: regulation.take-up-us, as in
 * configs/qemu-svm.yaml (docs/regulation.md#take-up).
 */
#define CC_TAKE_UP_EMULATED_US 250000

struct cc_options {
	uint64_t hv_size; /* 0: the default, 16M */
	uint64_t cell_size; /* 0: the default, what fits */
	bool root_cpus_set;
	uint64_t root_cpus;
	/*
	 * --bench: the isolation bench's ivshmem device at the top of
	 * cell-memory (config_create_bench.c) and its regulation limits.
	 */
	bool bench;
};

#define CC_MAX_NOTES 8

struct cc_result {
	char *text; /* the YAML config, malloc'd */
	size_t len;
	/* System configs: the memmap= value, and whether Linux boots with it. */
	char memmap[64];
	bool memmap_present;
	/* One line each, for the terminal; the config has them as comments. */
	unsigned int num_notes;
	char note[CC_MAX_NOTES][CC_NOTE_LEN];
	/* The config as validated. */
	union {
		struct bh_system_desc sys;
		struct bh_cell_desc cell;
	};
};

/*
 * The options' own rules: --hypervisor-size a multiple of 2M from 4M to
 * 512M (the driver maps it with 2 MiB pages), --cell-memory of pages,
 * --root-cpus with CPU 0. 0, or -EINVAL naming the option.
 */
int cc_check_options(const struct cc_options *o, char *err, size_t errlen);

/*
 * The system config for @m. 0, or -EINVAL (-ENOMEM) with a one-line
 * reason: no free range large enough, an existing reservation that does
 * not match, --root-cpus naming CPUs the machine lacks; with --bench no
 * MCFG for bus 0, no free slot on bus 0, cell-memory too small for the
 * bench. The config passed
 * config_check_system() when this returns 0; @label names it in the
 * message of a config that did not (a bug of this generator).
 */
int cc_system(const struct cc_machine *m, const struct cc_options *o,
	      const char *label, struct cc_result *out, char *err,
	      size_t errlen);

struct cc_cell_options {
	const char *name;
	uint64_t cpus;
	/*
	 * The loadable RAM at guest 0; a comm page follows. With @bench, the
	 * rt-probe's workload buffer instead (0: the default, 48M).
	 */
	uint64_t memory;
	/*
	 * --bench: the layout of configs/cells/rt-probe.yaml, with the peer
	 * entry of the system's `bench` device.
	 */
	bool bench;
	/* Where the system config came from, for the cell's header. */
	const char *system_label;
	/* Cells that must be able to run beside it (may be NULL). */
	const struct bh_cell_desc *others;
	const char *const *other_labels;
	size_t num_others;
};

/*
 * A cell config for @sys (validated): its memory the lowest 2 MiB-aligned
 * part of cell-memory that neither the root cell's ivshmem devices nor
 * the other cells use. 0, or -EINVAL with a one-line reason (no room,
 * CPUs not the root cell's, a name clash; with @o->bench a name other
 * than rt-probe, more than one CPU, a buffer below 40M, no usable `bench`
 * device in @sys); the cell passed
 * config_check_cell() with @sys and config_check_cell_pair() with each
 * other cell.
 */
int cc_cell(const struct bh_system_desc *sys, const struct cc_cell_options *o,
	    const char *label, struct cc_result *out, char *err, size_t errlen);

void cc_result_free(struct cc_result *r);

/*
 * A size as configs write it: decimal or 0x hex, one optional binary
 * unit K, M, G or T. False on anything else or overflow.
 */
bool cc_parse_size(const char *s, uint64_t *out);

/* @size in the largest unit that is exact: "16M", "0x1800" as "6K". */
void cc_format_size(char *buf, size_t len, uint64_t size);

#endif
