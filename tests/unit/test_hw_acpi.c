// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/hw_acpi.c tools/bulkhead/hw_source.c tests/unit/cli_harness.c
/*
 * The ACPI table parsers (tools/bulkhead/hw_acpi.c). Real tables first:
 * the development host's MADT and MCFG (a Firecracker guest on AMD EPYC,
 * byte for byte as /sys/firmware/acpi/tables gave them; /proc/iomem
 * there agrees: "eec00000-eecfffff : PCI ECAM 0000 [bus 00-00]"), and
 * the recorded machines of tests/unit/fixtures/hw/: every table they
 * have parses, and the reference platform's MCFG, DMAR and MADT give
 * exactly QEMU's addresses. Then tables built here, with what real firmware puts in them
 * (VT-d units with and without the Size field, an AMD IOMMU listed as
 * IVHD 10h and 11h, x2APIC and disabled processors), each field checked.
 * Then hostile tables: a wrong checksum, signature or length, a buffer
 * shorter than the table says, sub-structures of length 0 (which must
 * fail, not loop), too short for their type or running past the end;
 * each must be refused with the message that says why. acpi_load() is
 * tested on a recording made in a scratch directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../tools/bulkhead/hw_acpi.h"
#include "cli_harness.h"

/* The development host's tables, as read from its sysfs. */
static const uint8_t dev_madt[72] = {
	0x41, 0x50, 0x49, 0x43, 0x48, 0x00, 0x00, 0x00, 0x06, 0x56, 0x46, 0x49,
	0x52, 0x45, 0x43, 0x4b, 0x46, 0x43, 0x56, 0x4d, 0x4d, 0x41, 0x44, 0x54,
	0x00, 0x00, 0x00, 0x00, 0x46, 0x43, 0x41, 0x54, 0x19, 0x01, 0x24, 0x20,
	0x00, 0x00, 0xe0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x01, 0x0c, 0x00, 0x00,
	0x00, 0x00, 0xc0, 0xfe, 0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00, 0x00,
};

static const uint8_t dev_mcfg[60] = {
	0x4d, 0x43, 0x46, 0x47, 0x3c, 0x00, 0x00, 0x00, 0x01, 0x7f, 0x46, 0x49,
	0x52, 0x45, 0x43, 0x4b, 0x46, 0x43, 0x4d, 0x56, 0x4d, 0x43, 0x46, 0x47,
	0x00, 0x00, 0x00, 0x00, 0x46, 0x43, 0x41, 0x54, 0x19, 0x01, 0x24, 0x20,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xee,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static char err[256];

/* A table under construction: header, fixed fields, sub-structures. */
struct tbl {
	uint8_t b[4096];
	size_t len;
};

static void put(struct tbl *t, size_t off, uint64_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		t->b[off + i] = (uint8_t)(v >> (8 * i));
	if (off + bytes > t->len)
		t->len = off + bytes;
}

static void begin(struct tbl *t, const char *sig, uint8_t rev, size_t fixed)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->b, sig, 4);
	t->b[8] = rev;
	memcpy(t->b + 10, "BULKHD", 6);
	t->len = fixed;
}

/* Appends a sub-structure of @len bytes (at least 4): its offset. */
static size_t sub(struct tbl *t, size_t len)
{
	size_t off = t->len;

	t->len += len;
	return off;
}

/* Sets the length field and the checksum: a table firmware could make. */
static void finish(struct tbl *t)
{
	uint8_t sum = 0;

	put(t, 4, t->len, 4);
	t->b[9] = 0;
	for (size_t i = 0; i < t->len; i++)
		sum += t->b[i];
	t->b[9] = (uint8_t)-sum;
}

static void expect_refused(int ret, const char *msg)
{
	if (ret != -EINVAL || strcmp(err, msg))
		fail_msg("got %d \"%s\"\n   expected -EINVAL \"%s\"", ret, err,
			 msg);
}

static void test_dev_host_mcfg(void **state)
{
	struct acpi_mcfg m;

	(void)state;
	assert_int_equal(acpi_parse_mcfg(dev_mcfg, sizeof(dev_mcfg), &m, err,
					 sizeof(err)),
			 0);
	assert_int_equal(m.num, 1);
	assert_int_equal(m.entry[0].base, 0xeec00000);
	assert_int_equal(m.entry[0].segment, 0);
	assert_int_equal(m.entry[0].start_bus, 0);
	assert_int_equal(m.entry[0].end_bus, 0);
}

static void test_dev_host_madt(void **state)
{
	struct acpi_madt *m = malloc(sizeof(*m));

	(void)state;
	assert_non_null(m);
	assert_int_equal(acpi_parse_madt(dev_madt, sizeof(dev_madt), m, err,
					 sizeof(err)),
			 0);
	assert_int_equal(m->lapic_address, 0xfee00000);
	assert_int_equal(m->num, 2);
	assert_int_equal(m->apic_id[0], 0);
	assert_int_equal(m->apic_id[1], 1);
	assert_false(m->has_x2apic_entries);
	assert_int_equal(m->num_ioapics, 1);
	assert_int_equal(m->ioapic_base[0], 0xfec00000);
	free(m);
}

static struct tbl *new_tbl(void)
{
	struct tbl *t = malloc(sizeof(*t));

	assert_non_null(t);
	return t;
}

static void test_mcfg_segments(void **state)
{
	struct tbl *t = new_tbl();
	struct acpi_mcfg m;
	size_t e;

	(void)state;
	begin(t, "MCFG", 1, 44);
	e = sub(t, 16);
	put(t, e, 0xb0000000, 8);
	put(t, e + 11, 0xff, 1);
	e = sub(t, 16);
	put(t, e, 0x3f000000000ull, 8);
	put(t, e + 8, 1, 2);
	put(t, e + 10, 0x80, 1);
	put(t, e + 11, 0x8f, 1);
	finish(t);
	assert_int_equal(acpi_parse_mcfg(t->b, t->len, &m, err, sizeof(err)),
			 0);
	assert_int_equal(m.num, 2);
	assert_int_equal(m.entry[0].base, 0xb0000000);
	assert_int_equal(m.entry[0].end_bus, 0xff);
	assert_int_equal(m.entry[1].base, 0x3f000000000ull);
	assert_int_equal(m.entry[1].segment, 1);
	assert_int_equal(m.entry[1].start_bus, 0x80);
	assert_int_equal(m.entry[1].end_bus, 0x8f);
	free(t);
}

/*
 * A DMAR as on a client Intel machine: the graphics unit first, then the
 * catch-all unit with INCLUDE_PCI_ALL; an RMRR between them is skipped.
 * The second unit has Size 1 (two 4 KiB pages), the first 0.
 */
static void test_dmar_units(void **state)
{
	struct acpi_iommus io;
	struct tbl *t = new_tbl();
	size_t d;

	(void)state;
	begin(t, "DMAR", 1, 48);
	put(t, 36, 38, 1); /* host address width 39 bits */
	put(t, 37, 0x3, 1); /* INTR_REMAP | X2APIC_OPT_OUT */
	d = sub(t, 24); /* a DRHD with one device scope entry */
	put(t, d + 2, 24, 2);
	put(t, d + 8, 0xfed90000, 8);
	put(t, d + 16, 1, 1);
	put(t, d + 17, 8, 1);
	d = sub(t, 32); /* an RMRR */
	put(t, d, 1, 2);
	put(t, d + 2, 32, 2);
	d = sub(t, 16);
	put(t, d + 2, 16, 2);
	put(t, d + 4, 1, 1); /* INCLUDE_PCI_ALL */
	put(t, d + 5, 1, 1); /* Size: 2^1 pages */
	put(t, d + 6, 2, 2);
	put(t, d + 8, 0xfed91000, 8);
	finish(t);
	assert_int_equal(acpi_parse_dmar(t->b, t->len, &io, err, sizeof(err)),
			 0);
	assert_int_equal(io.flags, 0x3);
	assert_int_equal(io.num, 2);
	assert_int_equal(io.unit[0].kind, ACPI_IOMMU_VTD);
	assert_int_equal(io.unit[0].base, 0xfed90000);
	assert_int_equal(io.unit[0].size, 0x1000);
	assert_int_equal(io.unit[0].segment, 0);
	assert_false(io.unit[0].include_all);
	assert_int_equal(io.unit[1].base, 0xfed91000);
	assert_int_equal(io.unit[1].size, 0x2000);
	assert_int_equal(io.unit[1].segment, 2);
	assert_true(io.unit[1].include_all);
	free(t);
}

static size_t ivhd(struct tbl *t, uint8_t type, uint64_t base, uint16_t seg)
{
	size_t len = type == 0x10 ? 24 : 40, d = sub(t, len + 4);

	put(t, d, type, 1);
	put(t, d + 2, len + 4, 2);
	put(t, d + 4, 0x0002, 2); /* the IOMMU's own device 00:00.2 */
	put(t, d + 8, base, 8);
	put(t, d + 16, seg, 2);
	put(t, d + len, 0x00000001, 4); /* IVHD_ALL device entry */
	return d;
}

/*
 * Firmware lists each AMD IOMMU once per IVHD type it supports, so that
 * older systems find the 10h and newer ones the 11h or 40h: one IOMMU,
 * not two. IVMD blocks (memory definitions) are skipped.
 */
static void test_ivrs_units(void **state)
{
	struct acpi_iommus io;
	struct tbl *t = new_tbl();
	size_t d;

	(void)state;
	begin(t, "IVRS", 2, 48);
	put(t, 36, 0x00203041, 4);
	ivhd(t, 0x10, 0xfd200000, 0);
	ivhd(t, 0x11, 0xfd200000, 0);
	d = sub(t, 32); /* IVMD type 21h */
	put(t, d, 0x21, 1);
	put(t, d + 2, 32, 2);
	ivhd(t, 0x40, 0xfd300000, 1);
	finish(t);
	assert_int_equal(acpi_parse_ivrs(t->b, t->len, &io, err, sizeof(err)),
			 0);
	assert_int_equal(io.flags, 0x00203041);
	assert_int_equal(io.num, 2);
	assert_int_equal(io.unit[0].kind, ACPI_IOMMU_AMD);
	assert_int_equal(io.unit[0].base, 0xfd200000);
	assert_int_equal(io.unit[0].size, 512 * 1024);
	assert_int_equal(io.unit[0].segment, 0);
	assert_int_equal(io.unit[1].base, 0xfd300000);
	assert_int_equal(io.unit[1].segment, 1);
	free(t);
}

static void madt_lapic(struct tbl *t, uint8_t id, uint32_t flags)
{
	size_t d = sub(t, 8);

	put(t, d, 0, 1);
	put(t, d + 1, 8, 1);
	put(t, d + 2, id, 1);
	put(t, d + 3, id, 1);
	put(t, d + 4, flags, 4);
}

static void madt_x2apic(struct tbl *t, uint32_t id, uint32_t flags)
{
	size_t d = sub(t, 16);

	put(t, d, 9, 1);
	put(t, d + 1, 16, 1);
	put(t, d + 4, id, 4);
	put(t, d + 8, flags, 4);
	put(t, d + 12, id, 4);
}

/* MADT revision @rev: online-capable processors count from 5 on. */
static void build_madt(struct tbl *t, uint8_t rev)
{
	size_t d;

	begin(t, "APIC", rev, 44);
	put(t, 36, 0xfee00000, 4);
	put(t, 40, 1, 4); /* PCAT_COMPAT */
	madt_lapic(t, 0, 1);
	madt_lapic(t, 2, 1);
	madt_lapic(t, 4, 0); /* disabled: not a processor to count */
	madt_lapic(t, 6, 2); /* online capable */
	madt_lapic(t, 0xff, 1); /* broadcast: never a processor */
	madt_x2apic(t, 2, 1); /* the same processor as local APIC 2 */
	madt_x2apic(t, 0x100, 1);
	madt_x2apic(t, 0x101, 0);
	d = sub(t, 12); /* an IOAPIC */
	put(t, d, 1, 1);
	put(t, d + 1, 12, 1);
	put(t, d + 4, 0xfec00000, 4);
	d = sub(t, 12);
	put(t, d, 1, 1);
	put(t, d + 1, 12, 1);
	put(t, d + 4, 0xfec01000, 4);
	put(t, d + 8, 24, 4);
	d = sub(t, 6); /* an NMI source, of no interest */
	put(t, d, 4, 1);
	put(t, d + 1, 6, 1);
	finish(t);
}

static void test_madt_processors(void **state)
{
	struct acpi_madt *m = malloc(sizeof(*m));
	struct tbl *t = new_tbl();

	(void)state;
	build_madt(t, 5);
	assert_int_equal(acpi_parse_madt(t->b, t->len, m, err, sizeof(err)), 0);
	assert_int_equal(m->num, 4);
	assert_int_equal(m->apic_id[0], 0);
	assert_int_equal(m->apic_id[1], 2);
	assert_int_equal(m->apic_id[2], 6);
	assert_int_equal(m->apic_id[3], 0x100);
	assert_true(m->has_x2apic_entries);
	assert_int_equal(m->num_ioapics, 2);
	assert_int_equal(m->ioapic_base[1], 0xfec01000);

	/* Before revision 5 the online-capable bit was reserved. */
	build_madt(t, 4);
	assert_int_equal(acpi_parse_madt(t->b, t->len, m, err, sizeof(err)), 0);
	assert_int_equal(m->num, 3);
	assert_int_equal(m->apic_id[2], 0x100);
	free(t);
	free(m);
}

static void test_madt_address_override(void **state)
{
	struct acpi_madt *m = malloc(sizeof(*m));
	struct tbl *t = new_tbl();
	size_t d;

	(void)state;
	begin(t, "APIC", 3, 44);
	put(t, 36, 0xfee00000, 4);
	d = sub(t, 12);
	put(t, d, 5, 1);
	put(t, d + 1, 12, 1);
	put(t, d + 4, 0xfee10000, 8);
	finish(t);
	assert_int_equal(acpi_parse_madt(t->b, t->len, m, err, sizeof(err)), 0);
	assert_int_equal(m->lapic_address, 0xfee10000);

	put(t, d + 4, 0x100000000ull, 8);
	finish(t);
	expect_refused(
		acpi_parse_madt(t->b, t->len, m, err, sizeof(err)),
		"APIC: local APIC address override 0x100000000 is above 4 GiB");
	free(t);
	free(m);
}

/* The checks every table gets, on the real MCFG. */
static void test_header_refusals(void **state)
{
	uint8_t b[sizeof(dev_mcfg) + 8];
	struct acpi_mcfg m;

	(void)state;
	memcpy(b, dev_mcfg, sizeof(dev_mcfg));
	b[40] ^= 1;
	expect_refused(acpi_parse_mcfg(b, sizeof(dev_mcfg), &m, err,
				       sizeof(err)),
		       "MCFG: checksum 0x1 is not 0");
	assert_int_equal(m.num, 0);

	expect_refused(acpi_parse_mcfg(dev_mcfg, sizeof(dev_mcfg) - 1, &m, err,
				       sizeof(err)),
		       "MCFG: length 60 is more than the 59 bytes read");
	expect_refused(acpi_parse_mcfg(dev_mcfg, 20, &m, err, sizeof(err)),
		       "MCFG: 20 bytes, shorter than the 36-byte ACPI header");
	expect_refused(acpi_parse_mcfg(NULL, 0, &m, err, sizeof(err)),
		       "MCFG: 0 bytes, shorter than the 36-byte ACPI header");
	b[0] = 'M';
	b[1] = 0x01;
	b[2] = 'F';
	b[3] = 'G';
	expect_refused(acpi_parse_mcfg(b, sizeof(dev_mcfg), &m, err,
				       sizeof(err)),
		       "MCFG: signature is 'M?FG'");

	/* A length field larger than the buffer: huge, read as unsigned. */
	memcpy(b, dev_mcfg, sizeof(dev_mcfg));
	b[7] = 0x80;
	expect_refused(
		acpi_parse_mcfg(b, sizeof(dev_mcfg), &m, err, sizeof(err)),
		"MCFG: length 2147483708 is more than the 60 bytes read");

	/* Bytes after the table's length are not the table's. */
	memcpy(b, dev_mcfg, sizeof(dev_mcfg));
	memset(b + sizeof(dev_mcfg), 0xff, 8);
	assert_int_equal(acpi_parse_mcfg(b, sizeof(b), &m, err, sizeof(err)),
			 0);
	assert_int_equal(m.num, 1);
}

static void test_mcfg_refusals(void **state)
{
	struct tbl *t = new_tbl();
	struct acpi_mcfg m;
	size_t e;

	(void)state;
	begin(t, "MCFG", 1, 40);
	finish(t);
	expect_refused(acpi_parse_mcfg(t->b, t->len, &m, err, sizeof(err)),
		       "MCFG: length 40 shorter than its header (44 bytes)");

	begin(t, "MCFG", 1, 44);
	sub(t, 10);
	finish(t);
	expect_refused(
		acpi_parse_mcfg(t->b, t->len, &m, err, sizeof(err)),
		"MCFG: 10 bytes of entries are not a whole number of 16-byte entries");

	begin(t, "MCFG", 1, 44);
	e = sub(t, 16);
	put(t, e + 10, 3, 1);
	put(t, e + 11, 2, 1);
	finish(t);
	expect_refused(acpi_parse_mcfg(t->b, t->len, &m, err, sizeof(err)),
		       "MCFG: entry 0: start bus 3 is after end bus 2");

	begin(t, "MCFG", 1, 44);
	for (int i = 0; i <= ACPI_MAX_ENTRIES; i++)
		sub(t, 16);
	finish(t);
	expect_refused(acpi_parse_mcfg(t->b, t->len, &m, err, sizeof(err)),
		       "MCFG: 65 entries, more than 64");
	free(t);
}

/*
 * Sub-structures that cannot be walked: of length 0 (the walk would not
 * move), shorter than their header, too short for their type, or longer
 * than what is left of the table.
 */
static void test_substructure_refusals(void **state)
{
	struct acpi_madt *m = malloc(sizeof(*m));
	struct tbl *t = new_tbl();
	struct acpi_iommus io;
	size_t d;

	(void)state;
	begin(t, "APIC", 5, 44);
	madt_lapic(t, 0, 1);
	sub(t, 8); /* type 0, length 0 */
	finish(t);
	expect_refused(acpi_parse_madt(t->b, t->len, m, err, sizeof(err)),
		       "APIC: structure at offset 52 has length 0");

	begin(t, "APIC", 5, 44);
	d = sub(t, 8);
	put(t, d, 0, 1);
	put(t, d + 1, 6, 1);
	finish(t);
	expect_refused(
		acpi_parse_madt(t->b, t->len, m, err, sizeof(err)),
		"APIC: structure type 0x0 at offset 44 has length 6, needs 8");

	begin(t, "APIC", 5, 44);
	d = sub(t, 8);
	put(t, d, 9, 1);
	put(t, d + 1, 200, 1);
	finish(t);
	expect_refused(
		acpi_parse_madt(t->b, t->len, m, err, sizeof(err)),
		"APIC: structure at offset 44 (length 200) runs past the table's end at 52");

	begin(t, "APIC", 5, 44);
	sub(t, 1); /* a lone byte: not even a header */
	finish(t);
	expect_refused(
		acpi_parse_madt(t->b, t->len, m, err, sizeof(err)),
		"APIC: 1 bytes at offset 44, too few for a structure header");

	begin(t, "DMAR", 1, 48);
	sub(t, 16); /* type 0 (DRHD), length 0 */
	finish(t);
	expect_refused(acpi_parse_dmar(t->b, t->len, &io, err, sizeof(err)),
		       "DMAR: structure at offset 48 has length 0");

	begin(t, "DMAR", 1, 48);
	d = sub(t, 12);
	put(t, d + 2, 12, 2);
	finish(t);
	expect_refused(
		acpi_parse_dmar(t->b, t->len, &io, err, sizeof(err)),
		"DMAR: structure type 0x0 at offset 48 has length 12, needs 16");

	begin(t, "DMAR", 1, 48);
	d = sub(t, 16);
	put(t, d + 2, 0xffff, 2);
	finish(t);
	expect_refused(
		acpi_parse_dmar(t->b, t->len, &io, err, sizeof(err)),
		"DMAR: structure at offset 48 (length 65535) runs past the table's end at 64");

	begin(t, "IVRS", 2, 48);
	d = sub(t, 24);
	put(t, d, 0x10, 1);
	finish(t);
	expect_refused(acpi_parse_ivrs(t->b, t->len, &io, err, sizeof(err)),
		       "IVRS: structure at offset 48 has length 0");

	begin(t, "IVRS", 2, 48);
	d = sub(t, 24);
	put(t, d, 0x11, 1);
	put(t, d + 2, 24, 2);
	finish(t);
	expect_refused(
		acpi_parse_ivrs(t->b, t->len, &io, err, sizeof(err)),
		"IVRS: structure type 0x11 at offset 48 has length 24, needs 40");

	/* An unknown type is skipped by its length, which must still be sane. */
	begin(t, "IVRS", 2, 48);
	d = sub(t, 8);
	put(t, d, 0x7f, 1);
	put(t, d + 2, 2, 2);
	finish(t);
	expect_refused(acpi_parse_ivrs(t->b, t->len, &io, err, sizeof(err)),
		       "IVRS: structure at offset 48 has length 2");
	free(t);
	free(m);
}

static void test_too_many(void **state)
{
	struct acpi_madt *m = malloc(sizeof(*m));
	struct tbl *t = new_tbl();
	struct acpi_iommus io;

	(void)state;
	begin(t, "DMAR", 1, 48);
	for (int i = 0; i <= ACPI_MAX_ENTRIES; i++) {
		size_t d = sub(t, 16);

		put(t, d + 2, 16, 2);
		put(t, d + 8, 0xfed00000 + i * 0x1000, 8);
	}
	finish(t);
	expect_refused(acpi_parse_dmar(t->b, t->len, &io, err, sizeof(err)),
		       "DMAR: more than 64 remapping units");

	/* 1025 distinct x2APIC processors do not fit 4096 bytes; 240 do. */
	begin(t, "APIC", 5, 44);
	for (uint32_t id = 0; id < 240; id++)
		madt_x2apic(t, id, 1);
	finish(t);
	assert_int_equal(acpi_parse_madt(t->b, t->len, m, err, sizeof(err)), 0);
	assert_int_equal(m->num, 240);
	assert_int_equal(m->apic_id[239], 239);
	free(t);
	free(m);
}

/*
 * Every length and offset: each byte of a valid MADT, DMAR and IVRS
 * replaced by a few values, with the checksum fixed up so that the walk
 * is reached. Nothing may crash or loop; AddressSanitizer, where built
 * with it, sees any read past the heap copy's end.
 */
static void test_every_byte(void **state)
{
	static const uint8_t vals[] = { 0, 1, 2, 3, 4, 0x7f, 0x80, 0xff };
	struct acpi_madt *m = malloc(sizeof(*m));
	struct tbl *t = new_tbl();
	struct acpi_iommus io;

	(void)state;
	for (int which = 0; which < 3; which++) {
		if (which == 0) {
			build_madt(t, 5);
		} else if (which == 1) {
			begin(t, "DMAR", 1, 48);
			size_t d = sub(t, 24);
			put(t, d + 2, 24, 2);
			put(t, d + 16, 1, 1);
			put(t, d + 17, 8, 1);
			finish(t);
		} else {
			begin(t, "IVRS", 2, 48);
			ivhd(t, 0x10, 0xfd200000, 0);
			ivhd(t, 0x40, 0xfd200000, 0);
			finish(t);
		}
		for (size_t i = 10; i < t->len; i++) {
			for (size_t v = 0; v < sizeof(vals); v++) {
				struct tbl copy = *t;
				uint8_t *heap;

				copy.b[i] = vals[v];
				finish(&copy);
				copy.len = copy.b[4] | copy.b[5] << 8;
				heap = malloc(copy.len);
				assert_non_null(heap);
				memcpy(heap, copy.b, copy.len);
				if (which == 0)
					acpi_parse_madt(heap, copy.len, m, err,
							sizeof(err));
				else if (which == 1)
					acpi_parse_dmar(heap, copy.len, &io,
							err, sizeof(err));
				else
					acpi_parse_ivrs(heap, copy.len, &io,
							err, sizeof(err));
				free(heap);
			}
		}
	}
	free(t);
	free(m);
}

static void write_file(const char *dir, const char *rel, const void *data,
		       size_t len)
{
	char path[PATH_MAX + 128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* A recording with an MCFG, and a DMAR that is an MCFG with a bad sum. */
static void test_load(void **state)
{
	char rec[PATH_MAX], tables[PATH_MAX + 64];
	uint8_t bad[sizeof(dev_mcfg)];
	struct acpi_iommus io;
	struct hw_source src;
	struct acpi_mcfg m;

	(void)state;
	snprintf(rec, sizeof(rec), "%s/rec", cli_tmp);
	snprintf(tables, sizeof(tables), "%s/fs/sys/firmware/acpi/tables", rec);
	for (char *p = tables + strlen(cli_tmp) + 1; (p = strchr(p, '/'));
	     p++) {
		*p = '\0';
		assert_int_equal(mkdir(tables, 0755), 0);
		*p = '/';
	}
	assert_int_equal(mkdir(tables, 0755), 0);
	write_file(rec, "info", "uid 0\n", 6);
	write_file(rec, "cpuid", "", 0);
	write_file(rec, "fs/sys/firmware/acpi/tables/MCFG", dev_mcfg,
		   sizeof(dev_mcfg));
	memcpy(bad, dev_mcfg, sizeof(bad));
	bad[9]++;
	write_file(rec, "fs/sys/firmware/acpi/tables/DMAR", bad, sizeof(bad));
	assert_int_equal(hw_open_recorded(&src, rec, err, sizeof(err)), 0);

	assert_int_equal(acpi_load(&src, "MCFG", &m, err, sizeof(err)), 0);
	assert_int_equal(m.num, 1);
	assert_int_equal(m.entry[0].base, 0xeec00000);
	assert_int_equal(acpi_load(&src, "IVRS", &io, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(err,
			    "/sys/firmware/acpi/tables/IVRS: no such table");
	/* Under DMAR's name, an MCFG is refused by its signature. */
	expect_refused(acpi_load(&src, "DMAR", &io, err, sizeof(err)),
		       "DMAR: signature is 'MCFG'");
	expect_refused(acpi_load(&src, "FACP", &io, err, sizeof(err)),
		       "no parser for ACPI table FACP");
	hw_close(&src);
}

/*
 * The recorded machines in tests/unit/fixtures/hw/: every MADT, MCFG,
 * DMAR and IVRS one has must parse. Skipped while there are none.
 */
static void test_fixture_tables(void **state)
{
	static const char *const sigs[] = { "APIC", "MCFG", "DMAR", "IVRS" };
	char dir[PATH_MAX + 32], rec[PATH_MAX + 300];
	struct acpi_madt *madt = malloc(sizeof(*madt));
	struct hw_source live, src;
	size_t num, parsed = 0;
	char **names;

	(void)state;
	assert_non_null(madt);
	hw_open_live(&live);
	snprintf(dir, sizeof(dir), "%s/tests/unit/fixtures/hw", cli_top);
	if (hw_list_dir(&live, dir, &names, &num) || !num) {
		free(madt);
		skip();
	}
	for (size_t i = 0; i < num; i++) {
		struct stat st;

		snprintf(rec, sizeof(rec), "%s/%s", dir, names[i]);
		if (stat(rec, &st) || !S_ISDIR(st.st_mode))
			continue; /* the README */
		if (hw_open_recorded(&src, rec, err, sizeof(err)))
			fail_msg("%s: %s", rec, err);
		for (int t = 0; t < 4; t++) {
			int ret = acpi_load(&src, sigs[t], madt, err,
					    sizeof(err));

			if (ret == -ENOENT)
				continue;
			if (ret)
				fail_msg("%s: %s", names[i], err);
			parsed++;
		}
		hw_close(&src);
	}
	hw_free_names(names, num);
	free(madt);
	assert_true(parsed > 0);
}

/* hw_source keeps the directory's name: it must outlive the source. */
static char fixture_dir[PATH_MAX + 64];

static void open_fixture(struct hw_source *src, const char *name)
{
	char *dir = fixture_dir;

	snprintf(dir, sizeof(fixture_dir), "%s/tests/unit/fixtures/hw/%s",
		 cli_top, name);
	if (hw_open_recorded(src, dir, err, sizeof(err)))
		fail_msg("%s", err);
}

/* The reference platform: QEMU's q35 tables and its intel-iommu. */
static void test_qemu_svm_tables(void **state)
{
	struct acpi_madt *madt = malloc(sizeof(*madt));
	struct acpi_iommus io;
	struct acpi_mcfg m;
	struct hw_source src;

	(void)state;
	assert_non_null(madt);
	open_fixture(&src, "qemu-svm");
	assert_int_equal(acpi_load(&src, "MCFG", &m, err, sizeof(err)), 0);
	assert_int_equal(m.num, 1);
	assert_int_equal(m.entry[0].base, 0xb0000000);
	assert_int_equal(m.entry[0].segment, 0);
	assert_int_equal(m.entry[0].start_bus, 0);
	assert_int_equal(m.entry[0].end_bus, 255);

	/* intremap=on, eim=on: remapping, no x2APIC opt-out. */
	assert_int_equal(acpi_load(&src, "DMAR", &io, err, sizeof(err)), 0);
	assert_int_equal(io.flags, 0x1);
	assert_int_equal(io.num, 1);
	assert_int_equal(io.unit[0].kind, ACPI_IOMMU_VTD);
	assert_int_equal(io.unit[0].base, 0xfed90000);
	assert_int_equal(io.unit[0].size, 0x1000);
	assert_int_equal(io.unit[0].segment, 0);
	/* QEMU lists the devices in scope instead. */
	assert_false(io.unit[0].include_all);
	assert_int_equal(acpi_load(&src, "IVRS", &io, err, sizeof(err)),
			 -ENOENT);

	assert_int_equal(acpi_load(&src, "APIC", madt, err, sizeof(err)), 0);
	assert_int_equal(madt->lapic_address, 0xfee00000);
	assert_int_equal(madt->num, 4);
	for (unsigned int i = 0; i < 4; i++)
		assert_int_equal(madt->apic_id[i], i);
	assert_false(madt->has_x2apic_entries);
	assert_int_equal(madt->num_ioapics, 1);
	assert_int_equal(madt->ioapic_base[0], 0xfec00000);
	hw_close(&src);
	free(madt);
}

/* The recording of the development host has the tables tested above. */
static void test_devhost_recording(void **state)
{
	struct hw_source src;
	size_t len;
	char *buf;

	(void)state;
	open_fixture(&src, "devhost");
	assert_int_equal(hw_read_file(&src, "/sys/firmware/acpi/tables/MCFG",
				      &buf, &len),
			 0);
	assert_int_equal(len, sizeof(dev_mcfg));
	assert_memory_equal(buf, dev_mcfg, len);
	free(buf);
	assert_int_equal(hw_read_file(&src, "/sys/firmware/acpi/tables/APIC",
				      &buf, &len),
			 0);
	assert_int_equal(len, sizeof(dev_madt));
	assert_memory_equal(buf, dev_madt, len);
	free(buf);
	hw_close(&src);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dev_host_mcfg),
		cmocka_unit_test(test_dev_host_madt),
		cmocka_unit_test(test_mcfg_segments),
		cmocka_unit_test(test_dmar_units),
		cmocka_unit_test(test_ivrs_units),
		cmocka_unit_test(test_madt_processors),
		cmocka_unit_test(test_madt_address_override),
		cmocka_unit_test(test_header_refusals),
		cmocka_unit_test(test_mcfg_refusals),
		cmocka_unit_test(test_substructure_refusals),
		cmocka_unit_test(test_too_many),
		cmocka_unit_test(test_every_byte),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_fixture_tables),
		cmocka_unit_test(test_qemu_svm_tables),
		cmocka_unit_test(test_devhost_recording),
	};

	return cmocka_run_group_tests(tests, cli_group_setup,
				      cli_group_teardown);
}
