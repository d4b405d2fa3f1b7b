// SPDX-License-Identifier: GPL-2.0
// uses: hypervisor/core/config_check.c hypervisor/core/format.c
/*
 * The binary config validator on descriptors as the root cell hands them to
 * the hypervisor. The input is a system descriptor followed by two cell
 * descriptors, or, when it starts with the cell signature, just two cells
 * (a cell checked without a system, as `bulkhead config compile` does).
 * Whatever is missing is zero, so truncated descriptors are covered too;
 * the driver and the CLI refuse other sizes, so the validator always gets
 * whole structs. Each struct gets a heap block of exactly its size, so
 * that AddressSanitizer sees any read past its end.
 *
 * Besides not crashing, the validator's answers must agree with each
 * other: the same verdict with and without an error buffer, a cell valid
 * against the system is valid on its own, the pair check is symmetric, and
 * a system it accepts keeps the promises the hypervisor builds on.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <bh/config_check.h>
#include <bulkhead/config.h>

#define PHYS_LIMIT (1ull << 52)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Copies the next @len bytes of input, zero-padded, into a fresh block. */
static void *take(const uint8_t **data, size_t *size, size_t len)
{
	size_t n = *size < len ? *size : len;
	void *p = calloc(1, len);

	if (!p)
		abort();
	memcpy(p, *data, n);
	*data += n;
	*size -= n;
	return p;
}

/* A refusal must say why, within the buffer. */
static void check_msg(const struct config_error *e)
{
	if (!e->msg[0] || !memchr(e->msg, '\0', sizeof(e->msg)))
		abort();
}

static int check_system(const struct bh_system_desc *sys)
{
	const struct bh_cell_desc *root = &sys->root_cell;
	struct config_error e;
	int ret = config_check_system(sys, &e);

	if (ret != config_check_system(sys, NULL))
		abort();
	if (ret) {
		check_msg(&e);
		return ret;
	}
	/* What the hypervisor maps and walks without checking again. */
	if (root->num_mem_regions > BH_MAX_MEM_REGIONS ||
	    root->num_pio_regions > BH_MAX_PIO_REGIONS ||
	    sys->num_iommus > BH_MAX_IOMMUS || !(root->cpu_set & 1) ||
	    sys->hypervisor_memory.size < 0x400000 ||
	    sys->hypervisor_memory.phys_start >= PHYS_LIMIT ||
	    sys->hypervisor_memory.size >
		    PHYS_LIMIT - sys->hypervisor_memory.phys_start)
		abort();
	for (uint32_t i = 0; i < root->num_mem_regions; i++) {
		const struct bh_mem_region *r = &root->mem_regions[i];

		if (!r->size || r->phys_start >= PHYS_LIMIT ||
		    r->size > PHYS_LIMIT - r->phys_start)
			abort();
	}
	return 0;
}

static int check_cell(const struct bh_system_desc *sys,
		      const struct bh_cell_desc *cell)
{
	struct config_error e;
	int ret = config_check_cell(sys, cell, &e);

	if (ret != config_check_cell(sys, cell, NULL))
		abort();
	if (ret) {
		check_msg(&e);
		return ret;
	}
	/* The system only adds rules. */
	if (sys && config_check_cell(NULL, cell, NULL))
		abort();
	if (!cell->num_mem_regions || (cell->cpu_set & 1))
		abort();
	for (uint32_t i = 0; i < cell->num_mem_regions; i++) {
		const struct bh_mem_region *r = &cell->mem_regions[i];

		if (!r->size || r->phys_start >= PHYS_LIMIT ||
		    r->size > PHYS_LIMIT - r->phys_start ||
		    r->virt_start >= PHYS_LIMIT ||
		    r->size > PHYS_LIMIT - r->virt_start)
			abort();
	}
	return 0;
}

static void check_pair(const struct bh_cell_desc *a,
		       const struct bh_cell_desc *b)
{
	struct config_error e;
	int ab = config_check_cell_pair(a, b, &e);

	if (ab)
		check_msg(&e);
	if (!ab != !config_check_cell_pair(b, a, NULL))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bh_system_desc *sys = NULL;
	struct bh_cell_desc *a, *b;
	bool sys_ok = false;

	if (size < BH_SIGNATURE_LEN ||
	    memcmp(data, BH_CELL_SIGNATURE, BH_SIGNATURE_LEN)) {
		sys = take(&data, &size, sizeof(*sys));
		sys_ok = !check_system(sys);
	}
	a = take(&data, &size, sizeof(*a));
	b = take(&data, &size, sizeof(*b));

	/* As the hypervisor: cells only against a system it accepted. */
	if (sys_ok) {
		if (!check_cell(sys, a) && !check_cell(sys, b))
			check_pair(a, b);
	} else if (!check_cell(NULL, a) && !check_cell(NULL, b)) {
		check_pair(a, b);
	}

	free(b);
	free(a);
	free(sys);
	return 0;
}
