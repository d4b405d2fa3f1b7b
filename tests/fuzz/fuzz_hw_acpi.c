// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/hw_acpi.c tools/bulkhead/hw_source.c
/*
 * The ACPI table parsers of hardware check and config create, on
 * arbitrary bytes: the input is one table as /sys/firmware/acpi/tables
 * would give it, handed to all four parsers (each refuses another's
 * signature, so the matching one gets to the sub-structures). The seeds
 * in tests/fuzz/corpus/hw_acpi/ are the recorded machines' MADT, MCFG
 * and DMAR and a built IVRS.
 *
 * The table gets a heap block of exactly its size, so that
 * AddressSanitizer sees any read past it. A parser must answer 0 or
 * -EINVAL, the latter with a reason that fits the buffer (also a tiny
 * one); the same with and without a reason buffer; the same with bytes
 * after the table's length; and what it accepts must keep the promises
 * hw_acpi.h makes (counts within the arrays, a start bus not after the
 * end bus, register windows of whole pages, each APIC id once).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../tools/bulkhead/hw_acpi.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

union result {
	struct acpi_mcfg mcfg;
	struct acpi_iommus iommus;
	struct acpi_madt madt;
};

static int parse(int which, const void *t, size_t len, union result *out,
		 char *err, size_t errlen)
{
	switch (which) {
	case 0:
		return acpi_parse_mcfg(t, len, &out->mcfg, err, errlen);
	case 1:
		return acpi_parse_dmar(t, len, &out->iommus, err, errlen);
	case 2:
		return acpi_parse_ivrs(t, len, &out->iommus, err, errlen);
	default:
		return acpi_parse_madt(t, len, &out->madt, err, errlen);
	}
}

static size_t result_size(int which)
{
	switch (which) {
	case 0:
		return sizeof(struct acpi_mcfg);
	case 1:
	case 2:
		return sizeof(struct acpi_iommus);
	default:
		return sizeof(struct acpi_madt);
	}
}

static void check_mcfg(const struct acpi_mcfg *m)
{
	if (m->num > ACPI_MAX_ENTRIES)
		abort();
	for (unsigned int i = 0; i < m->num; i++)
		if (m->entry[i].start_bus > m->entry[i].end_bus)
			abort();
}

static void check_iommus(const struct acpi_iommus *io, enum acpi_iommu_kind k)
{
	if (io->num > ACPI_MAX_ENTRIES)
		abort();
	for (unsigned int i = 0; i < io->num; i++) {
		uint64_t s = io->unit[i].size;

		if (io->unit[i].kind != k || s < 4096 || (s & (s - 1)))
			abort();
		if (k == ACPI_IOMMU_AMD && io->unit[i].include_all)
			abort();
	}
}

static void check_madt(const struct acpi_madt *m)
{
	if (m->num > sizeof(m->apic_id) / sizeof(m->apic_id[0]) ||
	    m->num_ioapics > ACPI_MAX_ENTRIES)
		abort();
	for (unsigned int i = 0; i < m->num; i++)
		for (unsigned int j = i + 1; j < m->num; j++)
			if (m->apic_id[i] == m->apic_id[j])
				abort();
}

static void check_accepted(int which, const union result *r)
{
	if (which == 0)
		check_mcfg(&r->mcfg);
	else if (which == 1)
		check_iommus(&r->iommus, ACPI_IOMMU_VTD);
	else if (which == 2)
		check_iommus(&r->iommus, ACPI_IOMMU_AMD);
	else
		check_madt(&r->madt);
}

/* A refusal says why, within the buffer, even a buffer of 8 bytes. */
static void check_refused(int ret, const char *err, size_t errlen)
{
	if (ret != -EINVAL || !err[0] || !memchr(err, '\0', errlen))
		abort();
}

static void one(int which, const uint8_t *t, size_t size, union result *a,
		union result *b)
{
	char err[256], *tiny = malloc(8);
	uint8_t *longer;
	int ret;

	if (!tiny)
		abort();
	ret = parse(which, t, size, a, err, sizeof(err));
	if (ret) {
		check_refused(ret, err, sizeof(err));
		if (parse(which, t, size, b, NULL, 0) != ret ||
		    parse(which, t, size, b, tiny, 8) != ret)
			abort();
		check_refused(ret, tiny, 8);
		free(tiny);
		return;
	}
	free(tiny);
	check_accepted(which, a);

	/* What follows the table's length is not the table's. */
	longer = malloc(size + 16);
	if (!longer)
		abort();
	memcpy(longer, t, size);
	memset(longer + size, 0xa5, 16);
	if (parse(which, longer, size + 16, b, NULL, 0) ||
	    memcmp(a, b, result_size(which)))
		abort();
	free(longer);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	union result *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
	uint8_t *t = malloc(size ? size : 1);

	if (!a || !b || !t)
		abort();
	memcpy(t, data, size);
	for (int which = 0; which < 4; which++)
		one(which, t, size, a, b);
	free(t);
	free(a);
	free(b);
	return 0;
}
