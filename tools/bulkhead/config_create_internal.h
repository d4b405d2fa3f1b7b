/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of `bulkhead config create` share: the plan of a system
 * config (where its memory goes, the root cell's regions, the UART and
 * CPUs), and each part's entry points. config_create.c runs a system
 * config from the options to the validated text and keeps the helpers
 * every part uses; config_create_machine.c reads the machine;
 * config_create_place.c places the hypervisor and cell memory;
 * config_create_regions.c makes the root cell's memory regions;
 * config_create_devices.c picks the UART, MCFG, IOMMUs and CPUs and
 * writes them; config_create_emit.c writes the rest of the commented YAML
 * and parses it back; config_create_cell.c makes cell configs;
 * config_create_bench.c adds what the isolation bench needs (--bench). Not for
 * use outside config_create*.c; config_create.h is the interface.
 */
#ifndef BULKHEAD_CONFIG_CREATE_INTERNAL_H
#define BULKHEAD_CONFIG_CREATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "config_create.h"
#include "config_file.h"

#define CC_SZ_4K 0x1000ull
#define CC_SZ_1M 0x100000ull
#define CC_SZ_2M 0x200000ull
#define CC_SZ_16M 0x1000000ull
#define CC_SZ_4G 0x100000000ull
/* The validator's physical address space; /proc/iomem may list beyond. */
#define CC_PHYS_LIMIT (1ull << 52)

enum cc_region_kind {
	CC_REG_RAM,
	CC_REG_IO,
	CC_REG_CELL,
};

struct cc_region {
	uint64_t start, end; /* end exclusive */
	enum cc_region_kind kind;
	char name[BH_NAME_LEN];
};

struct cc_span {
	uint64_t start, end; /* end exclusive */
};

/* Before merging and naming; /proc/iomem can list many device windows. */
#define CC_MAX_WORK_REGIONS 256
#define CC_MAX_UNMAPPED 16

/* A system config before it is written: what cc_system() decided. */
struct cc_plan {
	uint64_t hv_start, hv_size, cell_size;
	const struct hw_memmap *existing;
	char where[CC_NOTE_LEN * 2]; /* why the reservation is where it is */
	char size_why[CC_NOTE_LEN * 2]; /* why cell-memory has its size */
	uint64_t ram_low_end;
	unsigned int num;
	struct cc_region region[CC_MAX_WORK_REGIONS];
	unsigned int num_unmapped;
	struct cc_span unmapped[CC_MAX_UNMAPPED];
	int uart; /* index in the machine's UARTs, -1 for none */
	char uart_why[CC_NOTE_LEN * 2];
	uint64_t cpus;
	/* --bench: the device's shared memory and its slot on bus 0. */
	bool bench;
	uint64_t bench_start;
	unsigned int bench_slot;
	char bench_slot_why[CC_NOTE_LEN * 4];
};

static inline uint64_t cc_align_up(uint64_t v, uint64_t a)
{
	if (v > UINT64_MAX - (a - 1))
		return UINT64_MAX & ~(a - 1);
	return (v + a - 1) & ~(a - 1);
}

static inline uint64_t cc_align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static inline uint64_t cc_min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static inline uint64_t cc_max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* config_create.c: what every part uses. */

/* A one-line reason in @err; returns @ret. */
int cc_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A note for the terminal; past CC_MAX_NOTES, dropped. */
void cc_note(struct cc_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* cc_format_size() in a static buffer per call site slot, for messages. */
const char *cc_size(uint64_t size, int slot);
bool cc_is_ram(const char *name);
/* A top-level range as [start, end), cut at the physical address space. */
bool cc_top_span(const struct hw_iomem_range *r, uint64_t *s, uint64_t *e);
/* qsort() order of struct cc_span by start. */
int cc_cmp_span(const void *a, const void *b);

/* config_create_place.c: hv_start, hv_size, cell_size, where, size_why. */

/*
 * 0 if a memmap= reservation on the kernel command line is used, 1 if
 * there is none, -EINVAL if there is one that does not fit.
 */
int cc_use_existing(const struct cc_machine *m, const struct cc_options *o,
		    struct cc_plan *p, char *err, size_t errlen);
/* The lowest free 2 MiB boundary with room, above 4 GiB first. */
int cc_place_new(const struct cc_machine *m, const struct cc_options *o,
		 struct cc_plan *p, char *err, size_t errlen);

/* config_create_regions.c: ram_low_end, the regions, the unmapped. */
int cc_build_regions(const struct cc_machine *m, struct cc_plan *p, char *err,
		     size_t errlen);

/* config_create_devices.c */
int cc_pick_cpus(const struct cc_machine *m, const struct cc_options *o,
		 struct cc_plan *p, char *err, size_t errlen);
void cc_pick_uart(const struct cc_machine *m, struct cc_plan *p);
void cc_emit_pio(FILE *f, const struct cc_machine *m, const struct cc_plan *p);
/*
 * Segment 0 of the MCFG table: base, first and last bus. False with the
 * reason in @why if there is none; else @why holds what else the table
 * lists (maybe nothing).
 */
bool cc_pick_mcfg(const struct cc_machine *m, uint64_t *base,
		  unsigned int *first, unsigned int *last, char *why,
		  size_t len);
void cc_emit_mmconfig(FILE *f, const struct cc_machine *m,
		      struct cc_result *out);
void cc_emit_iommus(FILE *f, const struct cc_machine *m, struct cc_result *out);
void cc_emit_cpus(FILE *f, const struct cc_machine *m,
		  const struct cc_options *o, const struct cc_plan *p,
		  struct cc_result *out);

/* config_create_emit.c */

/*
 * @text as '#' comment lines at @indent, wrapped before column 79; a
 * newline in @text starts a new line and keeps the spaces after it.
 */
void cc_emit_comment(FILE *f, const char *indent, const char *text);
/* cc_emit_comment() of a formatted text. */
void cc_comment(FILE *f, const char *indent, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Sizes in units when they are below 1M or whole MiBs, others in hex, as
 * people write them: 4K, 768M, 0x2ffdf000.
 */
void cc_region_size(char *buf, size_t len, uint64_t size);
/* The system config for @p into @out->text; 0 or -ENOMEM. */
int cc_emit_system(const struct cc_machine *m, const struct cc_options *o,
		   const struct cc_plan *p, struct cc_result *out);
/*
 * Parses @r->text back and keeps the descriptor: the text is what the
 * user gets, so the text is what gets checked.
 */
int cc_parse_back(struct cc_result *r, const char *label, struct config *cfg,
		  char *err, size_t errlen);
/* "LABEL:LINE: MESSAGE" for a validator message about the generated text. */
int cc_check_failed(const struct config *cfg, const char *msg, char *err,
		    size_t errlen);
/* Parses @r back and runs config_check_system() on it; 0 or -EINVAL. */
int cc_verify_system(struct cc_result *r, const char *label, char *err,
		     size_t errlen);

/* config_create_bench.c: --bench */

/*
 * The rt-probe cell's workload buffer by default: what inmates/rt-probe
 * takes without a buffer_size= parameter (configs/cells/rt-probe.yaml).
 */
#define CC_BENCH_BUFFER (48ull << 20)

/* The PCI functions into @m->bus0_fn; a failure is @m->pci_note. */
void cc_read_pci(const struct hw_source *src, struct cc_machine *m);
/*
 * Places the bench device's shared memory at the top of cell-memory,
 * takes it out of the root cell's cell-memory region (cc_build_regions()
 * ran) and picks its slot. 0, or -EINVAL (-ENOSPC) with a reason.
 */
int cc_plan_bench(const struct cc_machine *m, struct cc_plan *p, char *err,
		  size_t errlen);
/* The comment of the root cell's cell-memory region with the device. */
void cc_emit_bench_cell_region(FILE *f, const struct cc_plan *p);
/* The regulation block, with the bench's limits. */
void cc_emit_bench_regulation(FILE *f, const struct cc_machine *m);
/* root-cell.ivshmem with the bench device. */
void cc_emit_bench_device(FILE *f, const struct cc_plan *p);

/*
 * The cell form: the system's bench device and the cell's options, each
 * checked; fills @b. 0, or -EINVAL with a reason.
 */
struct cc_bench_cell {
	const struct bh_ivshmem_desc *dev; /* the root cell's entry */
	uint64_t buffer; /* the workload buffer's size */
	uint64_t dev_guest; /* where the cell sees the shared memory */
};
int cc_bench_cell_check(const struct bh_system_desc *sys,
			const struct cc_cell_options *o,
			struct cc_bench_cell *b, char *err, size_t errlen);
/* Host bytes the cell takes from a 2 MiB boundary: RAM, comm, buffer. */
uint64_t cc_bench_cell_total(const struct cc_bench_cell *b);
/* The cell config of the bench's rt-probe cell, its memory at @at. */
void cc_emit_bench_cell(FILE *f, const struct bh_system_desc *sys,
			const struct cc_cell_options *o,
			const struct cc_bench_cell *b, uint64_t at);

#endif
