// SPDX-License-Identifier: GPL-2.0
/*
 * The ACPI tables hardware check and config create read (hw_acpi.h).
 * Tables come from firmware, and firmware gets them wrong: every offset
 * is checked against the table's length before it is read, and every
 * sub-structure's length is checked before the walk moves past it, so a
 * length of 0 is an error instead of an endless loop.
 *
 * Layouts: the ACPI specification (the table header, MADT), the PCI
 * Firmware specification (MCFG), Intel's VT-d specification (DMAR,
 * chapter "BIOS Considerations") and AMD's IOMMU specification (IVRS).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_acpi.h"

#define ACPI_HEADER_LEN 36

#define MCFG_FIXED_LEN 44
#define MCFG_ENTRY_LEN 16

#define MADT_FIXED_LEN 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_LAPIC_OVERRIDE 5
#define MADT_X2APIC 9
#define MADT_ENABLED (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)
/* Online Capable was reserved (zero) before MADT revision 5 (ACPI 6.3). */
#define MADT_REV_ONLINE_CAPABLE 5

#define DMAR_FIXED_LEN 48
#define DMAR_DRHD 0
#define DMAR_DRHD_MIN_LEN 16
#define DRHD_INCLUDE_PCI_ALL (1u << 0)

#define IVRS_FIXED_LEN 48
#define IVHD_10_LEN 24
#define IVHD_11_LEN 40

/*
 * An AMD IOMMU's MMIO register window. The IVHD gives only its base.
 * The IOMMU spec's MMIO map runs from offset 0000h (control, tables,
 * logs) through the event/PPR head and tail pointers at 2000h and the
 * counter configuration at 4000h to the performance counter banks at
 * 4_0000h-7_FFFFh, so the window is 512 KiB. The first 16 KiB alone
 * would do on an IOMMU without performance counters, but whether it has
 * them is in its Extended Feature Register, which a type 10h IVHD does
 * not carry; and what the window is needed for (keeping the root cell
 * away from the IOMMU's registers) must err on the large side. Firmware
 * (coreboot, for one) gives the IOMMU a 512 KiB BAR for the same reason.
 */
#define AMD_IOMMU_MMIO_SIZE 0x80000ull

/* A VT-d unit's register set is 2^N 4 KiB pages, N in DRHD Size[3:0]. */
#define VTD_PAGE_SIZE 0x1000ull

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* A signature as text, whatever bytes it has. */
static void sig_text(const uint8_t *p, char out[5])
{
	for (int i = 0; i < 4; i++)
		out[i] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	out[4] = '\0';
}

/*
 * The checks every table gets. The table's own length field is the
 * table's extent from here on: it is never larger than what was read,
 * and bytes past it (none, from sysfs) are not the table's.
 */
static int check_header(const uint8_t *t, size_t len, const char *sig,
			uint32_t fixed, uint32_t *tlen, char *err,
			size_t errlen)
{
	char seen[5];
	uint8_t sum = 0;
	uint32_t l;

	if (!t || len < ACPI_HEADER_LEN)
		return fail(
			err, errlen,
			"%s: %zu bytes, shorter than the %d-byte ACPI header",
			sig, t ? len : 0, ACPI_HEADER_LEN);
	if (memcmp(t, sig, 4)) {
		sig_text(t, seen);
		return fail(err, errlen, "%s: signature is '%s'", sig, seen);
	}
	l = get32(t + 4);
	if (l > len)
		return fail(err, errlen,
			    "%s: length %u is more than the %zu bytes read",
			    sig, l, len);
	if (l < fixed)
		return fail(err, errlen,
			    "%s: length %u shorter than its header (%u bytes)",
			    sig, l, fixed);
	for (uint32_t i = 0; i < l; i++)
		sum += t[i];
	if (sum)
		return fail(err, errlen, "%s: checksum 0x%x is not 0", sig,
			    sum);
	*tlen = l;
	return 0;
}

int acpi_parse_mcfg(const void *tbl, size_t len, struct acpi_mcfg *out,
		    char *err, size_t errlen)
{
	const uint8_t *t = tbl;
	uint32_t tlen, n;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = check_header(t, len, "MCFG", MCFG_FIXED_LEN, &tlen, err, errlen);
	if (ret)
		return ret;
	if ((tlen - MCFG_FIXED_LEN) % MCFG_ENTRY_LEN)
		return fail(
			err, errlen,
			"MCFG: %u bytes of entries are not a whole number of %d-byte entries",
			tlen - MCFG_FIXED_LEN, MCFG_ENTRY_LEN);
	n = (tlen - MCFG_FIXED_LEN) / MCFG_ENTRY_LEN;
	if (n > ACPI_MAX_ENTRIES)
		return fail(err, errlen, "MCFG: %u entries, more than %d", n,
			    ACPI_MAX_ENTRIES);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = t + MCFG_FIXED_LEN + i * MCFG_ENTRY_LEN;

		out->entry[i].base = get64(e);
		out->entry[i].segment = get16(e + 8);
		out->entry[i].start_bus = e[10];
		out->entry[i].end_bus = e[11];
		if (e[10] > e[11])
			return fail(
				err, errlen,
				"MCFG: entry %u: start bus %u is after end bus %u",
				i, e[10], e[11]);
	}
	out->num = n;
	return 0;
}

/*
 * The next sub-structure of a table at @off, with @hdr bytes of type and
 * length header: its length, or 0 with the reason in @err if it is too
 * short to move past or runs off the end.
 */
static uint32_t sub_length(const uint8_t *t, uint32_t tlen, uint32_t off,
			   uint32_t hdr, bool wide, const char *sig, char *err,
			   size_t errlen)
{
	uint32_t l;

	if (tlen - off < hdr) {
		fail(err, errlen,
		     "%s: %u bytes at offset %u, too few for a structure header",
		     sig, tlen - off, off);
		return 0;
	}
	l = wide ? get16(t + off + 2) : t[off + 1];
	if (l < hdr) {
		fail(err, errlen, "%s: structure at offset %u has length %u",
		     sig, off, l);
		return 0;
	}
	if (l > tlen - off) {
		fail(err, errlen,
		     "%s: structure at offset %u (length %u) runs past the table's end at %u",
		     sig, off, l, tlen);
		return 0;
	}
	return l;
}

static int need_len(uint32_t l, uint32_t min, const char *sig,
		    unsigned int type, uint32_t off, char *err, size_t errlen)
{
	if (l >= min)
		return 0;
	return fail(
		err, errlen,
		"%s: structure type 0x%x at offset %u has length %u, needs %u",
		sig, type, off, l, min);
}

/* An APIC id counts once, whether listed as local APIC or x2APIC or both. */
static int madt_add_cpu(struct acpi_madt *out, uint32_t id, char *err,
			size_t errlen)
{
	for (unsigned int i = 0; i < out->num; i++)
		if (out->apic_id[i] == id)
			return 0;
	if (out->num == sizeof(out->apic_id) / sizeof(out->apic_id[0]))
		return fail(err, errlen, "APIC: more than %zu processors",
			    sizeof(out->apic_id) / sizeof(out->apic_id[0]));
	out->apic_id[out->num++] = id;
	return 0;
}

static bool madt_usable(uint32_t flags, uint8_t rev)
{
	if (flags & MADT_ENABLED)
		return true;
	return rev >= MADT_REV_ONLINE_CAPABLE && (flags & MADT_ONLINE_CAPABLE);
}

static int madt_entry(const uint8_t *e, uint32_t l, uint32_t off, uint8_t rev,
		      struct acpi_madt *out, char *err, size_t errlen)
{
	uint64_t addr;
	int ret;

	switch (e[0]) {
	case MADT_LAPIC:
		ret = need_len(l, 8, "APIC", e[0], off, err, errlen);
		/* APIC id 0xff is the broadcast id, never a processor's. */
		if (!ret && e[3] != 0xff && madt_usable(get32(e + 4), rev))
			ret = madt_add_cpu(out, e[3], err, errlen);
		return ret;
	case MADT_X2APIC:
		ret = need_len(l, 16, "APIC", e[0], off, err, errlen);
		if (!ret && get32(e + 4) != 0xffffffffu &&
		    madt_usable(get32(e + 8), rev)) {
			out->has_x2apic_entries = true;
			ret = madt_add_cpu(out, get32(e + 4), err, errlen);
		}
		return ret;
	case MADT_IOAPIC:
		ret = need_len(l, 12, "APIC", e[0], off, err, errlen);
		if (ret)
			return ret;
		if (out->num_ioapics == ACPI_MAX_ENTRIES)
			return fail(err, errlen, "APIC: more than %d IOAPICs",
				    ACPI_MAX_ENTRIES);
		out->ioapic_base[out->num_ioapics++] = get32(e + 4);
		return 0;
	case MADT_LAPIC_OVERRIDE:
		ret = need_len(l, 12, "APIC", e[0], off, err, errlen);
		if (ret)
			return ret;
		addr = get64(e + 4);
		if (addr > 0xffffffffull)
			return fail(
				err, errlen,
				"APIC: local APIC address override 0x%llx is above 4 GiB",
				(unsigned long long)addr);
		out->lapic_address = (uint32_t)addr;
		return 0;
	default:
		/* Other controllers (NMI sources, GIC...) say nothing we use. */
		return 0;
	}
}

int acpi_parse_madt(const void *tbl, size_t len, struct acpi_madt *out,
		    char *err, size_t errlen)
{
	const uint8_t *t = tbl;
	uint32_t tlen, off;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = check_header(t, len, "APIC", MADT_FIXED_LEN, &tlen, err, errlen);
	if (ret)
		return ret;
	out->lapic_address = get32(t + 36);
	for (off = MADT_FIXED_LEN; off < tlen;) {
		uint32_t l =
			sub_length(t, tlen, off, 2, false, "APIC", err, errlen);

		if (!l)
			return -EINVAL;
		ret = madt_entry(t + off, l, off, t[8], out, err, errlen);
		if (ret)
			return ret;
		off += l;
	}
	return 0;
}

int acpi_parse_dmar(const void *tbl, size_t len, struct acpi_iommus *out,
		    char *err, size_t errlen)
{
	const uint8_t *t = tbl;
	uint32_t tlen, off;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = check_header(t, len, "DMAR", DMAR_FIXED_LEN, &tlen, err, errlen);
	if (ret)
		return ret;
	out->flags = t[37];
	for (off = DMAR_FIXED_LEN; off < tlen;) {
		uint32_t l =
			sub_length(t, tlen, off, 4, true, "DMAR", err, errlen);
		const uint8_t *e = t + off;

		if (!l)
			return -EINVAL;
		if (get16(e) == DMAR_DRHD) {
			ret = need_len(l, DMAR_DRHD_MIN_LEN, "DMAR", DMAR_DRHD,
				       off, err, errlen);
			if (ret)
				return ret;
			if (out->num == ACPI_MAX_ENTRIES)
				return fail(
					err, errlen,
					"DMAR: more than %d remapping units",
					ACPI_MAX_ENTRIES);
			out->unit[out->num].kind = ACPI_IOMMU_VTD;
			out->unit[out->num].base = get64(e + 8);
			out->unit[out->num].segment = get16(e + 6);
			out->unit[out->num].include_all = e[4] &
							  DRHD_INCLUDE_PCI_ALL;
			/*
			 * Byte 5 was reserved (zero) before a later VT-d
			 * revision made it the Size field, and the DMAR
			 * revision (1 in both) does not tell them apart.
			 * It need not: zero reads as one 4 KiB page, the
			 * register set of the units of those older tables.
			 */
			out->unit[out->num].size = VTD_PAGE_SIZE
						   << (e[5] & 0xf);
			out->num++;
		}
		off += l;
	}
	return 0;
}

/* An IOMMU listed in several IVHD types (10h for old OSes, 11h, 40h). */
static bool ivrs_known(const struct acpi_iommus *out, uint64_t base,
		       uint16_t seg)
{
	for (unsigned int i = 0; i < out->num; i++)
		if (out->unit[i].base == base && out->unit[i].segment == seg)
			return true;
	return false;
}

int acpi_parse_ivrs(const void *tbl, size_t len, struct acpi_iommus *out,
		    char *err, size_t errlen)
{
	const uint8_t *t = tbl;
	uint32_t tlen, off;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = check_header(t, len, "IVRS", IVRS_FIXED_LEN, &tlen, err, errlen);
	if (ret)
		return ret;
	out->flags = get32(t + 36);
	for (off = IVRS_FIXED_LEN; off < tlen;) {
		uint32_t l =
			sub_length(t, tlen, off, 4, true, "IVRS", err, errlen);
		const uint8_t *e = t + off;
		uint64_t base;
		uint16_t seg;

		if (!l)
			return -EINVAL;
		off += l;
		if (e[0] != 0x10 && e[0] != 0x11 && e[0] != 0x40)
			continue; /* IVMD memory definitions, future types */
		ret = need_len(l, e[0] == 0x10 ? IVHD_10_LEN : IVHD_11_LEN,
			       "IVRS", e[0], off - l, err, errlen);
		if (ret)
			return ret;
		base = get64(e + 8);
		seg = get16(e + 16);
		if (ivrs_known(out, base, seg))
			continue;
		if (out->num == ACPI_MAX_ENTRIES)
			return fail(err, errlen, "IVRS: more than %d IOMMUs",
				    ACPI_MAX_ENTRIES);
		out->unit[out->num].kind = ACPI_IOMMU_AMD;
		out->unit[out->num].base = base;
		out->unit[out->num].size = AMD_IOMMU_MMIO_SIZE;
		out->unit[out->num].segment = seg;
		out->num++;
	}
	return 0;
}

/* The parsers with an untyped @out, for acpi_load()'s table of them. */
static int load_mcfg(const void *t, size_t len, void *out, char *err,
		     size_t errlen)
{
	return acpi_parse_mcfg(t, len, out, err, errlen);
}

static int load_dmar(const void *t, size_t len, void *out, char *err,
		     size_t errlen)
{
	return acpi_parse_dmar(t, len, out, err, errlen);
}

static int load_ivrs(const void *t, size_t len, void *out, char *err,
		     size_t errlen)
{
	return acpi_parse_ivrs(t, len, out, err, errlen);
}

static int load_madt(const void *t, size_t len, void *out, char *err,
		     size_t errlen)
{
	return acpi_parse_madt(t, len, out, err, errlen);
}

static const struct {
	const char *sig;
	int (*parse)(const void *t, size_t len, void *out, char *err,
		     size_t errlen);
} parsers[] = {
	{ "MCFG", load_mcfg },
	{ "DMAR", load_dmar },
	{ "IVRS", load_ivrs },
	{ "APIC", load_madt },
};

int acpi_load(const struct hw_source *src, const char *sig, void *out,
	      char *err, size_t errlen)
{
	int (*parse)(const void *, size_t, void *, char *, size_t) = NULL;
	char path[64];
	size_t len;
	char *buf;
	int ret;

	for (size_t i = 0; i < sizeof(parsers) / sizeof(parsers[0]); i++)
		if (!strcmp(sig, parsers[i].sig))
			parse = parsers[i].parse;
	if (!parse)
		return fail(err, errlen, "no parser for ACPI table %s", sig);
	snprintf(path, sizeof(path), "/sys/firmware/acpi/tables/%s", sig);
	ret = hw_read_file(src, path, &buf, &len);
	if (ret) {
		if (err && errlen)
			snprintf(err, errlen, "%s: %s", path,
				 ret == -ENOENT ? "no such table" :
						  strerror(-ret));
		return ret;
	}
	ret = parse(buf, len, out, err, errlen);
	free(buf);
	return ret;
}
