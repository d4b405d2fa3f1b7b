// SPDX-License-Identifier: GPL-2.0
/*
 * config create (config_create.h): reading the machine into a struct
 * cc_machine; deciding where the hypervisor and cell memory go, which
 * ranges the root cell maps and how, which UART the hypervisor gets;
 * writing that as commented YAML; placing cell configs in cell-memory.
 * Every config is parsed back and validated: the text is what the user
 * gets, so the text is what is checked.
 *
 * One file because the brief gave one; its sections (machine, placement,
 * regions, UART, writing, cells) would split along the "---" headings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <bh/config_check.h>
#include <bulkhead/boot.h>

#include "cli.h"
#include "config_create.h"
#include "config_file.h"
#include "config_yaml.h"

#define SZ_4K 0x1000ull
#define SZ_1M 0x100000ull
#define SZ_2M 0x200000ull
#define SZ_16M 0x1000000ull
#define SZ_4G 0x100000000ull
/* The validator's physical address space; /proc/iomem may list beyond. */
#define PHYS_LIMIT (1ull << 52)

#define CC_HV_DEFAULT (16ull << 20)
#define CC_HV_MIN (4ull << 20)
/* With the hypervisor's 16M, the 512M of the reference platform. */
#define CC_CELL_DEFAULT (496ull << 20)
/* A default smaller than this is no use: say so instead. */
#define CC_CELL_MIN_DEFAULT (16ull << 20)
/* The reservation takes at most this share of the machine's RAM. */
#define CC_RAM_SHARE 4
/* ISA DMA, and where the kernel loads without KASLR. */
#define CC_PLACE_FLOOR SZ_16M

#define UART_PORTS 8u
#define NUM_PORTS 0x10000u

static int cc_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void cc_note(struct cc_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int cc_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ret;
}

static void cc_note(struct cc_result *r, const char *fmt, ...)
{
	va_list ap;

	if (r->num_notes == CC_MAX_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(r->note[r->num_notes++], CC_NOTE_LEN, fmt, ap);
	va_end(ap);
}

bool cc_parse_size(const char *s, uint64_t *out)
{
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++, digits++) {
		unsigned int d;

		if (*s >= '0' && *s <= '9')
			d = (unsigned int)(*s - '0');
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = (unsigned int)(*s - 'a' + 10);
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = (unsigned int)(*s - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	if (!digits)
		return false;
	if (*s) {
		const char *units = "KMGT", *u = strchr(units, *s & ~0x20);

		if (!u || !*u || s[1])
			return false;
		shift = 10 * (unsigned int)(u - units + 1);
		if (v > UINT64_MAX >> shift)
			return false;
		v <<= shift;
	}
	*out = v;
	return true;
}

void cc_format_size(char *buf, size_t len, uint64_t size)
{
	static const char units[] = "KMGT";
	int unit = -1;

	while (unit < 3 && size && !(size & 1023)) {
		size >>= 10;
		unit++;
	}
	if (unit < 0)
		snprintf(buf, len, "0x%llx", (unsigned long long)size);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)size,
			 units[unit]);
}

/* The same, in a static buffer per call site slot, for messages. */
static const char *cc_size(uint64_t size, int slot)
{
	static char buf[4][32];

	cc_format_size(buf[slot & 3], sizeof(buf[0]), size);
	return buf[slot & 3];
}

static bool cc_is_ram(const char *name)
{
	return !strcmp(name, "System RAM");
}

/*
 * Memory the firmware keeps or hands over, rather than a device's
 * registers: what lies between and beside System RAM and is cached like
 * it. "RAM buffer" is the kernel's name for the tail of a RAM range it
 * rounds off.
 */
static bool cc_is_firmware_memory(const char *name)
{
	static const char *const names[] = {
		"Reserved",
		"ACPI Tables",
		"ACPI Non-volatile Storage",
		"Unusable memory",
		"RAM buffer",
		"Persistent Memory (legacy)",
		"Persistent Memory",
		"Soft Reserved",
	};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcasecmp(name, names[i]))
			return true;
	return false;
}

/* Reads @path whole into a malloc'd string; 0 or -errno. */
static int read_text(const struct hw_source *src, const char *path, char **text)
{
	size_t len;
	int ret = hw_read_file(src, path, text, &len);

	if (!ret && strlen(*text) != len) {
		free(*text);
		*text = NULL;
		return -EINVAL;
	}
	return ret;
}

static int read_iomem(const struct hw_source *src, struct cc_machine *m,
		      char *err, size_t errlen)
{
	char *text, perr[192];
	int ret;

	ret = read_text(src, "/proc/iomem", &text);
	if (ret)
		return cc_fail(err, errlen, ret, "/proc/iomem: %s",
			       ret == -EINVAL ? "holds a NUL byte" :
						strerror(-ret));
	ret = hw_iomem_parse(text, &m->iomem, perr, sizeof(perr));
	free(text);
	if (ret)
		return cc_fail(err, errlen, ret, "/proc/iomem: %s", perr);
	if (!m->iomem.num)
		return cc_fail(err, errlen, -EINVAL, "/proc/iomem: empty");
	if (hw_iomem_hidden(&m->iomem))
		return cc_fail(
			err, errlen, -EACCES,
			"/proc/iomem shows every address as 0: it was read by a user other than root");
	return 0;
}

static int read_fwmap_entry(const struct hw_source *src, const char *name,
			    struct hw_fwmap_entry *e, char *err, size_t errlen)
{
	static const char *const files[] = { "start", "end", "type" };
	char *text[3] = { NULL, NULL, NULL }, path[96];
	int ret = 0;

	for (int i = 0; i < 3 && !ret; i++) {
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/%s", name,
			 files[i]);
		ret = read_text(src, path, &text[i]);
		if (ret)
			cc_fail(err, errlen, ret, "%s: %s", path,
				strerror(-ret));
	}
	if (!ret)
		ret = hw_fwmap_parse_entry(name, text[0], text[1], text[2], e,
					   err, errlen);
	for (int i = 0; i < 3; i++)
		free(text[i]);
	return ret;
}

/* No firmware map is fine (a kernel without it); a broken one is not. */
static int read_fwmap(const struct hw_source *src, struct cc_machine *m,
		      char *err, size_t errlen)
{
	char **names;
	size_t num;
	int ret;

	if (hw_list_dir(src, "/sys/firmware/memmap", &names, &num))
		return 0;
	m->fw = calloc(num ? num : 1, sizeof(*m->fw));
	if (!m->fw) {
		hw_free_names(names, num);
		return cc_fail(err, errlen, -ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < num; i++) {
		ret = read_fwmap_entry(src, names[i], &m->fw[i], err, errlen);
		if (ret) {
			hw_free_names(names, num);
			return ret;
		}
	}
	m->num_fw = num;
	hw_free_names(names, num);
	return hw_fwmap_sort(m->fw, m->num_fw, err, errlen);
}

static int read_cmdline(const struct hw_source *src, struct cc_machine *m,
			char *err, size_t errlen)
{
	char *text;
	int ret;

	ret = read_text(src, "/proc/cmdline", &text);
	if (ret)
		return cc_fail(err, errlen, ret, "/proc/cmdline: %s",
			       strerror(-ret));
	ret = hw_cmdline_parse(text, &m->cmdline, err, errlen);
	free(text);
	if (ret)
		return ret;
	m->console_lines = m->cmdline.console_lines;
	/* Recordings may lack it; console= is the usual source anyway. */
	if (!read_text(src, "/proc/consoles", &text)) {
		m->console_lines |= hw_consoles_parse(text);
		free(text);
	}
	return 0;
}

static void read_uarts(const struct hw_source *src, struct cc_machine *m)
{
	char *text, perr[160];
	int ret;

	ret = read_text(src, "/proc/tty/driver/serial", &text);
	if (ret) {
		snprintf(m->uart_note, sizeof(m->uart_note),
			 "could not read /proc/tty/driver/serial (%s)",
			 strerror(-ret));
		return;
	}
	ret = hw_serial_parse(text, &m->uarts, perr, sizeof(perr));
	free(text);
	if (ret) {
		snprintf(m->uart_note, sizeof(m->uart_note),
			 "/proc/tty/driver/serial: %s", perr);
		return;
	}
	m->have_uarts = true;
}

static int read_cpus(const struct hw_source *src, const char *path,
		     struct hw_cpus *cpus, char *err, size_t errlen)
{
	char *text, perr[128];
	int ret;

	ret = read_text(src, path, &text);
	if (ret)
		return cc_fail(err, errlen, ret, "%s: %s", path,
			       strerror(-ret));
	ret = hw_cpulist_parse(text, cpus, perr, sizeof(perr));
	free(text);
	if (ret)
		return cc_fail(err, errlen, ret, "%s: %s", path, perr);
	return 0;
}

/* ACPI tables that only make the config poorer when missing or broken. */
static void read_acpi(const struct hw_source *src, struct cc_machine *m)
{
	char aerr[CC_NOTE_LEN - 64];
	int ret;

	ret = acpi_load(src, "MCFG", &m->mcfg, aerr, sizeof(aerr));
	m->have_mcfg = !ret;
	if (ret == -ENOENT)
		snprintf(m->mcfg_note, sizeof(m->mcfg_note),
			 "the ACPI tables have no MCFG");
	else if (ret)
		snprintf(m->mcfg_note, sizeof(m->mcfg_note), "%s", aerr);

	ret = acpi_load(src, "DMAR", &m->iommus, aerr, sizeof(aerr));
	m->iommu_table = "DMAR";
	if (ret == -ENOENT) {
		ret = acpi_load(src, "IVRS", &m->iommus, aerr, sizeof(aerr));
		m->iommu_table = "IVRS";
	}
	m->have_iommus = !ret;
	if (ret == -ENOENT)
		snprintf(
			m->iommu_note, sizeof(m->iommu_note),
			"the ACPI tables have neither DMAR (Intel VT-d) nor IVRS (AMD IOMMU)");
	else if (ret)
		snprintf(m->iommu_note, sizeof(m->iommu_note), "%s", aerr);

	ret = acpi_load(src, "APIC", &m->madt, aerr, sizeof(aerr));
	m->have_madt = !ret;
	if (ret)
		snprintf(m->madt_note, sizeof(m->madt_note), "%s",
			 ret == -ENOENT ? "the ACPI tables have no MADT" :
					  aerr);
}

/* The hostname as a config name: printable, no spaces, 31 characters. */
static void read_name(const struct hw_source *src, struct cc_machine *m)
{
	size_t n = 0;
	char *text;

	snprintf(m->name, sizeof(m->name), "system");
	if (read_text(src, "/proc/sys/kernel/hostname", &text))
		return;
	for (const char *p = text; *p && n < sizeof(m->name) - 1; p++)
		if (*p > ' ' && *p < 0x7f)
			m->name[n++] = *p;
	/* The kernel's name for no hostname, in an initramfs. */
	if (n && strncmp(text, "(none)", 6))
		m->name[n] = '\0';
	else
		snprintf(m->name, sizeof(m->name), "system");
	free(text);
}

int cc_read_machine(const struct hw_source *src, struct cc_machine *m,
		    char *err, size_t errlen)
{
	int ret;

	memset(m, 0, sizeof(*m));
	if (src->dir)
		snprintf(m->source, sizeof(m->source), "the recording %s",
			 src->dir);
	else
		snprintf(m->source, sizeof(m->source), "the live machine");
	if (!src->dir && src->uid != 0)
		return cc_fail(
			err, errlen, -EACCES,
			"config create reads addresses (/proc/iomem) and ACPI tables only root can read: run it as root");
	if (!hw_exists(src, "/sys/firmware/acpi/tables"))
		return cc_fail(
			err, errlen, -ENOENT,
			"no ACPI tables (/sys/firmware/acpi/tables): Bulkhead needs an x86 machine booted with ACPI");
	read_name(src, m);
	ret = read_iomem(src, m, err, errlen);
	if (!ret)
		ret = read_fwmap(src, m, err, errlen);
	if (!ret)
		ret = read_cmdline(src, m, err, errlen);
	if (!ret)
		ret = read_cpus(src, "/sys/devices/system/cpu/online",
				&m->online, err, errlen);
	if (!ret && hw_exists(src, "/sys/devices/system/cpu/present")) {
		ret = read_cpus(src, "/sys/devices/system/cpu/present",
				&m->present, err, errlen);
		m->have_present = !ret;
	}
	if (ret) {
		cc_machine_free(m);
		return ret;
	}
	if (!(m->online.set & 1)) {
		cc_machine_free(m);
		return cc_fail(
			err, errlen, -EINVAL,
			"/sys/devices/system/cpu/online: CPU 0 is not online");
	}
	read_uarts(src, m);
	read_acpi(src, m);
	return 0;
}

void cc_machine_free(struct cc_machine *m)
{
	hw_iomem_free(&m->iomem);
	free(m->fw);
	m->fw = NULL;
	m->num_fw = 0;
}

void cc_result_free(struct cc_result *r)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
}

/*
 * Parses @r->text back and keeps the descriptor: the text is what the
 * user gets, so the text is what gets checked.
 */
static int cc_parse_back(struct cc_result *r, const char *label,
			 struct config *cfg, char *err, size_t errlen)
{
	char perr[512];
	FILE *f;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->file = label;
	f = fmemopen(r->text, r->len, "r");
	if (!f)
		return cc_fail(err, errlen, -errno, "out of memory");
	ret = config_yaml_parse(f, label, cfg, perr, sizeof(perr));
	fclose(f);
	if (ret) {
		config_release(cfg);
		return cc_fail(
			err, errlen, ret,
			"internal error: the generated config does not parse: %s",
			perr);
	}
	return 0;
}

/* "LABEL:LINE: MESSAGE" for a validator message about the generated text. */
static int cc_check_failed(const struct config *cfg, const char *msg, char *err,
			   size_t errlen)
{
	char path[128];
	size_t len = strcspn(msg, " :");
	unsigned long line;

	if (len >= sizeof(path))
		len = sizeof(path) - 1;
	memcpy(path, msg, len);
	path[len] = '\0';
	line = config_line_of(cfg, path);
	return cc_fail(
		err, errlen, -EINVAL,
		"internal error: the generated config fails its check: %s:%lu: %s",
		cfg->file, line, msg);
}

static int cc_verify_system(struct cc_result *r, const char *label, char *err,
			    size_t errlen)
{
	struct config_error e;
	struct config cfg;
	int ret;

	ret = cc_parse_back(r, label, &cfg, err, errlen);
	if (ret)
		return ret;
	if (cfg.kind != CONFIG_SYSTEM)
		ret = cc_fail(
			err, errlen, -EINVAL,
			"internal error: the generated config is not a system config");
	else if (config_check_system(&cfg.sys, &e))
		ret = cc_check_failed(&cfg, e.msg, err, errlen);
	else
		r->sys = cfg.sys;
	config_release(&cfg);
	return ret;
}

/* --- Where things go --- */

enum region_kind {
	REG_RAM,
	REG_IO,
	REG_CELL,
};

struct region {
	uint64_t start, end; /* end exclusive */
	enum region_kind kind;
	char name[BH_NAME_LEN];
};

struct span {
	uint64_t start, end; /* end exclusive */
};

/* Before merging and naming; /proc/iomem can list many device windows. */
#define MAX_WORK_REGIONS 256
#define MAX_UNMAPPED 16

struct plan {
	uint64_t hv_start, hv_size, cell_size;
	const struct hw_memmap *existing;
	char where[CC_NOTE_LEN * 2]; /* why the reservation is where it is */
	char size_why[CC_NOTE_LEN * 2]; /* why cell-memory has its size */
	uint64_t ram_low_end;
	unsigned int num;
	struct region region[MAX_WORK_REGIONS];
	unsigned int num_unmapped;
	struct span unmapped[MAX_UNMAPPED];
	int uart; /* index in the machine's UARTs, -1 for none */
	char uart_why[CC_NOTE_LEN * 2];
	uint64_t cpus;
};

static uint64_t align_up(uint64_t v, uint64_t a)
{
	if (v > UINT64_MAX - (a - 1))
		return UINT64_MAX & ~(a - 1);
	return (v + a - 1) & ~(a - 1);
}

static uint64_t align_down(uint64_t v, uint64_t a)
{
	return v & ~(a - 1);
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* A top-level range as [start, end), cut at the physical address space. */
static bool top_span(const struct hw_iomem_range *r, uint64_t *s, uint64_t *e)
{
	if (r->parent >= 0 || r->start >= PHYS_LIMIT)
		return false;
	*s = r->start;
	*e = r->end >= PHYS_LIMIT ? PHYS_LIMIT : r->end + 1;
	return true;
}

/*
 * Top-level range @i is memory, mapped like RAM: System RAM, or firmware
 * memory without a device inside ("Reserved" over "PCI ECAM" or a "pnp"
 * device is device memory, whatever the firmware's map calls it).
 */
static bool is_memory(const struct hw_iomem *io, size_t i)
{
	if (cc_is_ram(io->range[i].name))
		return true;
	if (!cc_is_firmware_memory(io->range[i].name))
		return false;
	for (size_t j = i + 1; j < io->num && io->range[j].depth; j++)
		if (!cc_is_ram(io->range[j].name) &&
		    !cc_is_firmware_memory(io->range[j].name))
			return false;
	return true;
}

/*
 * The end of the RAM below 4 GiB, with the firmware's memory right after
 * it (on QEMU the ACPI tables, "Reserved" to 0x7fffffff): everything from
 * 0 to here is mapped like RAM, and device memory starts here.
 */
static uint64_t low_ram_end(const struct hw_iomem *io)
{
	uint64_t end = 0, s, e;
	bool grown = true;

	for (size_t i = 0; i < io->num; i++)
		if (top_span(&io->range[i], &s, &e) &&
		    cc_is_ram(io->range[i].name) && s < SZ_4G)
			end = max_u64(end, min_u64(e, SZ_4G));
	while (grown) {
		grown = false;
		for (size_t i = 0; i < io->num; i++) {
			if (!top_span(&io->range[i], &s, &e) ||
			    !is_memory(io, i))
				continue;
			if (s <= end && e > end && e <= SZ_4G) {
				end = e;
				grown = true;
			}
		}
	}
	end = align_up(end, SZ_4K);
	return end < SZ_1M ? SZ_1M : end;
}

static int add_region(struct plan *p, enum region_kind kind, uint64_t s,
		      uint64_t e)
{
	if (s >= e)
		return 0;
	if (p->num == MAX_WORK_REGIONS)
		return -ENOSPC;
	p->region[p->num++] = (struct region){
		.start = s,
		.end = e,
		.kind = kind,
	};
	return 0;
}

/* Takes [s, e) out of the RAM regions, splitting one if needed. */
static int subtract_ram(struct plan *p, uint64_t s, uint64_t e)
{
	unsigned int n = p->num;

	for (unsigned int i = 0; i < n; i++) {
		struct region *r = &p->region[i];

		if (r->kind != REG_RAM || e <= r->start || s >= r->end)
			continue;
		if (s > r->start && e < r->end) {
			uint64_t tail = r->end;

			r->end = s;
			if (add_region(p, REG_RAM, e, tail))
				return -ENOSPC;
		} else if (s <= r->start && e >= r->end) {
			r->end = r->start;
		} else if (s <= r->start) {
			r->start = e;
		} else {
			r->end = s;
		}
	}
	return 0;
}

static int cmp_region(const void *a, const void *b)
{
	const struct region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorts, drops empty regions and cuts the overlaps page rounding made. */
static void tidy_regions(struct plan *p)
{
	unsigned int n = 0;

	qsort(p->region, p->num, sizeof(p->region[0]), cmp_region);
	for (unsigned int i = 0; i < p->num; i++) {
		struct region r = p->region[i];

		if (n && r.start < p->region[n - 1].end)
			r.start = p->region[n - 1].end;
		if (r.start >= r.end)
			continue;
		p->region[n++] = r;
	}
	p->num = n;
}

struct run {
	bool open, has_ram;
	uint64_t start, end;
};

/* A run of RAM and firmware memory above 4 GiB: RAM if it holds RAM. */
static int close_run(struct plan *p, struct run *run, uint64_t rs, uint64_t re)
{
	if (!run->open)
		return 0;
	run->open = false;
	if (run->has_ram || (rs < run->end && re > run->start))
		return add_region(p, REG_RAM, align_down(run->start, SZ_4K),
				  align_up(run->end, SZ_4K));
	if (p->num_unmapped < MAX_UNMAPPED)
		p->unmapped[p->num_unmapped++] =
			(struct span){ run->start, run->end };
	return 0;
}

/* Device windows above 4 GiB, merged where they touch. */
static int add_high_io(struct plan *p, uint64_t s, uint64_t e)
{
	struct region *last = p->num ? &p->region[p->num - 1] : NULL;

	s = align_down(s, SZ_4K);
	e = align_up(e, SZ_4K);
	if (last && last->kind == REG_IO && last->start >= SZ_4G &&
	    s <= last->end) {
		last->end = max_u64(last->end, e);
		return 0;
	}
	return add_region(p, REG_IO, s, e);
}

static int regions_above_4g(const struct hw_iomem *io, struct plan *p,
			    uint64_t rs, uint64_t re)
{
	struct run run = { 0 };
	uint64_t s, e;
	int ret = 0;

	for (size_t i = 0; i < io->num && !ret; i++) {
		const struct hw_iomem_range *r = &io->range[i];

		if (!top_span(r, &s, &e) || e <= SZ_4G)
			continue;
		s = max_u64(s, SZ_4G);
		if (!is_memory(io, i)) {
			ret = close_run(p, &run, rs, re);
			if (!ret)
				ret = add_high_io(p, s, e);
			continue;
		}
		if (run.open && s <= run.end) {
			run.end = max_u64(run.end, e);
		} else {
			ret = close_run(p, &run, rs, re);
			run = (struct run){ .open = true,
					    .start = s,
					    .end = e };
		}
		run.has_ram |= cc_is_ram(r->name);
	}
	if (!ret)
		ret = close_run(p, &run, rs, re);
	return ret;
}

static const char *region_base_name(const struct plan *p,
				    const struct region *r)
{
	switch (r->kind) {
	case REG_CELL:
		return "cell-memory";
	case REG_RAM:
		return r->end <= p->hv_start ? "ram-low" : "ram-high";
	default:
		return r->start < SZ_4G ? "mmio-low" : "mmio-high";
	}
}

/* ram-low, ram-high, mmio-low, mmio-high; a second one gets "-2". */
static void name_regions(struct plan *p)
{
	for (unsigned int i = 0; i < p->num; i++) {
		const char *base = region_base_name(p, &p->region[i]);
		unsigned int n = 1;

		for (unsigned int j = 0; j < i; j++)
			if (!strcmp(region_base_name(p, &p->region[j]), base))
				n++;
		if (n == 1)
			snprintf(p->region[i].name, BH_NAME_LEN, "%s", base);
		else
			snprintf(p->region[i].name, BH_NAME_LEN, "%s-%u", base,
				 n);
	}
}

/*
 * The root cell's memory: all of [0, end of low RAM) like RAM, device
 * memory from there to 4 GiB, the RAM above 4 GiB with the firmware
 * memory next to it, the device windows above 4 GiB; without the
 * hypervisor memory, and with the cell memory as a region of its own.
 */
static int build_regions(const struct cc_machine *m, struct plan *p, char *err,
			 size_t errlen)
{
	const struct hw_iomem *io = &m->iomem;
	uint64_t rs = p->hv_start, re = rs + p->hv_size + p->cell_size;
	uint64_t s, e;
	bool inside = false;
	int ret;

	p->ram_low_end = low_ram_end(io);
	ret = add_region(p, REG_RAM, 0, p->ram_low_end);
	/* Device memory between RAM ranges; the first MiB stays RAM. */
	for (size_t i = 0; i < io->num && !ret; i++) {
		if (!top_span(&io->range[i], &s, &e) || is_memory(io, i) ||
		    s < SZ_1M || e > p->ram_low_end)
			continue;
		s = align_down(s, SZ_4K);
		e = align_up(e, SZ_4K);
		ret = subtract_ram(p, s, e);
		if (!ret)
			ret = add_region(p, REG_IO, s, e);
	}
	if (!ret && p->ram_low_end < SZ_4G)
		ret = add_region(p, REG_IO, p->ram_low_end, SZ_4G);
	if (!ret)
		ret = regions_above_4g(io, p, rs, re);
	if (ret)
		return cc_fail(err, errlen, ret,
			       "/proc/iomem: more than %d ranges to map",
			       MAX_WORK_REGIONS);

	for (unsigned int i = 0; i < p->num; i++)
		if (p->region[i].kind == REG_RAM && p->region[i].start <= rs &&
		    re <= p->region[i].end)
			inside = true;
	if (!inside)
		return cc_fail(
			err, errlen, -EINVAL,
			"0x%llx-0x%llx for the hypervisor and cell memory is not inside the RAM /proc/iomem shows",
			(unsigned long long)rs, (unsigned long long)re - 1);
	if (subtract_ram(p, rs, re) ||
	    add_region(p, REG_CELL, rs + p->hv_size, re))
		return cc_fail(err, errlen, -ENOSPC,
			       "/proc/iomem: more than %d ranges to map",
			       MAX_WORK_REGIONS);
	tidy_regions(p);
	if (p->num > BH_MAX_MEM_REGIONS)
		return cc_fail(
			err, errlen, -ENOSPC,
			"this memory map needs %u root-cell memory regions, more than the %d a config holds",
			p->num, BH_MAX_MEM_REGIONS);
	name_regions(p);
	return 0;
}

/* The top-level /proc/iomem range named @name that holds [s, e), or -1. */
static int top_holding(const struct hw_iomem *io, const char *name, uint64_t s,
		       uint64_t e)
{
	uint64_t ts, te;

	for (size_t i = 0; i < io->num; i++)
		if (top_span(&io->range[i], &ts, &te) && ts <= s && e <= te &&
		    !strcasecmp(io->range[i].name, name))
			return (int)i;
	return -1;
}

/*
 * Whether memmap= range @mm can hold the hypervisor and the cell memory
 * as asked; the reason in @why if not.
 */
static bool existing_fits(const struct cc_machine *m,
			  const struct cc_options *o,
			  const struct hw_memmap *mm, struct plan *p, char *why,
			  size_t len)
{
	uint64_t hv = o->hv_size ? o->hv_size : CC_HV_DEFAULT;
	uint64_t s = mm->start, e = mm->start + mm->size;
	bool in_fw = !m->num_fw;
	int res;

	res = top_holding(&m->iomem, "Reserved", s, e);
	if (res < 0) {
		snprintf(
			why, len,
			"/proc/iomem shows no Reserved range over 0x%llx-0x%llx, so the kernel did not reserve it",
			(unsigned long long)s, (unsigned long long)e - 1);
		return false;
	}
	for (size_t i = 0; i < m->num_fw; i++)
		if (cc_is_ram(m->fw[i].type) && m->fw[i].start <= s &&
		    e - 1 <= m->fw[i].end)
			in_fw = true;
	if (!in_fw) {
		snprintf(
			why, len,
			"0x%llx-0x%llx is not System RAM in the firmware's map (/sys/firmware/memmap)",
			(unsigned long long)s, (unsigned long long)e - 1);
		return false;
	}
	if (s & (SZ_2M - 1)) {
		snprintf(
			why, len,
			"it starts at 0x%llx, but hypervisor memory must start 2 MiB aligned",
			(unsigned long long)s);
		return false;
	}
	if (mm->size & (SZ_4K - 1)) {
		snprintf(why, len, "its size %s is not a multiple of 4K",
			 cc_size(mm->size, 0));
		return false;
	}
	if (o->cell_size &&
	    (o->cell_size > mm->size || mm->size - o->cell_size != hv)) {
		snprintf(
			why, len,
			"it reserves %s, but hypervisor memory %s and cell memory %s need %s",
			cc_size(mm->size, 0), cc_size(hv, 1),
			cc_size(o->cell_size, 2),
			cc_size(hv + o->cell_size, 3));
		return false;
	}
	if (mm->size <= hv) {
		snprintf(
			why, len,
			"it reserves %s, no more than the hypervisor memory's %s, which leaves no cell memory",
			cc_size(mm->size, 0), cc_size(hv, 1));
		return false;
	}
	p->existing = mm;
	p->hv_start = s;
	p->hv_size = hv;
	p->cell_size = mm->size - hv;
	snprintf(
		p->where, sizeof(p->where),
		"the start of the reservation the kernel command line already has: memmap=%s, Reserved 0x%llx-0x%llx in /proc/iomem",
		mm->text, (unsigned long long)m->iomem.range[res].start,
		(unsigned long long)m->iomem.range[res].end);
	snprintf(p->size_why, sizeof(p->size_why),
		 "The rest of that reservation.");
	return true;
}

/*
 * 0 if a memmap= reservation on the kernel command line is used, 1 if
 * there is none, -EINVAL if there is one that does not fit.
 */
static int use_existing(const struct cc_machine *m, const struct cc_options *o,
			struct plan *p, char *err, size_t errlen)
{
	const struct hw_memmap *pmem = NULL, *bad = NULL;
	char why[CC_NOTE_LEN * 2], first_why[CC_NOTE_LEN * 2] = "";

	for (unsigned int i = 0; i < m->cmdline.num_memmap; i++) {
		const struct hw_memmap *mm = &m->cmdline.memmap[i];

		if (mm->kind == '!') {
			pmem = pmem ? pmem : mm;
			continue;
		}
		if (existing_fits(m, o, mm, p, why, sizeof(why)))
			return 0;
		if (!bad) {
			bad = mm;
			snprintf(first_why, sizeof(first_why), "%s", why);
		}
	}
	if (bad)
		return cc_fail(
			err, errlen, -EINVAL,
			"memmap=%s on the kernel command line does not match: %s (change it, or remove it to have config create place the memory)",
			bad->text, first_why);
	if (pmem)
		return cc_fail(
			err, errlen, -EINVAL,
			"memmap=%s on the kernel command line makes persistent memory, which bulkhead enable does not take as reserved: boot with memmap=%s$0x%llx instead",
			pmem->text, cc_size(pmem->size, 0),
			(unsigned long long)pmem->start);
	return 1;
}

/* Free System RAM: not the kernel's, not below the floor. */
struct pieces {
	size_t num, cap;
	struct span *s;
};

static int piece_add(struct pieces *pc, uint64_t s, uint64_t e)
{
	if (s >= e)
		return 0;
	if (pc->num == pc->cap) {
		size_t n = pc->cap ? pc->cap * 2 : 32;
		struct span *ns = realloc(pc->s, n * sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		pc->s = ns;
		pc->cap = n;
	}
	pc->s[pc->num++] = (struct span){ s, e };
	return 0;
}

/* Takes [s, e) out of the pieces from index @first on. */
static int piece_cut(struct pieces *pc, size_t first, uint64_t s, uint64_t e)
{
	size_t n = pc->num;

	for (size_t i = first; i < n; i++) {
		struct span *p = &pc->s[i];

		if (e <= p->start || s >= p->end)
			continue;
		if (s > p->start && e < p->end) {
			uint64_t tail = p->end;

			p->end = s;
			if (piece_add(pc, e, tail))
				return -ENOMEM;
			p = &pc->s[i];
		} else if (s <= p->start && e >= p->end) {
			p->end = p->start;
		} else if (s <= p->start) {
			p->start = e;
		} else {
			p->end = s;
		}
	}
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Every range the kernel placed inside System RAM is taken: its image
 * (with the gaps between code, rodata, data and bss, which are its too),
 * the crash kernel, anything else listed as a child.
 */
static int free_pieces(const struct hw_iomem *io, struct pieces *pc)
{
	for (size_t i = 0; i < io->num; i++) {
		const struct hw_iomem_range *r = &io->range[i];
		uint64_t s, e, ks = UINT64_MAX, ke = 0;
		size_t first = pc->num;

		if (!top_span(r, &s, &e) || !cc_is_ram(r->name))
			continue;
		if (piece_add(pc, max_u64(s, CC_PLACE_FLOOR), e))
			return -ENOMEM;
		for (size_t j = i + 1; j < io->num && io->range[j].depth; j++) {
			const struct hw_iomem_range *c = &io->range[j];
			uint64_t ce = c->end >= PHYS_LIMIT ? PHYS_LIMIT :
							     c->end + 1;

			if (piece_cut(pc, first, c->start, ce))
				return -ENOMEM;
			if (!strncmp(c->name, "Kernel ", 7)) {
				ks = min_u64(ks, c->start);
				ke = max_u64(ke, ce);
			}
		}
		if (ks < ke && piece_cut(pc, first, ks, ke))
			return -ENOMEM;
	}
	if (pc->num)
		qsort(pc->s, pc->num, sizeof(*pc->s), cmp_span);
	return 0;
}

/* Room from the first 2 MiB boundary at or above @from in @sp. */
static uint64_t room_in(const struct span *sp, uint64_t from)
{
	uint64_t at = align_up(max_u64(sp->start, from), SZ_2M);

	return at < sp->end ? sp->end - at : 0;
}

static bool find_fit(const struct pieces *pc, uint64_t from, uint64_t total,
		     uint64_t *at, size_t *which)
{
	for (size_t i = 0; i < pc->num; i++) {
		if (room_in(&pc->s[i], from) < total)
			continue;
		*at = align_up(max_u64(pc->s[i].start, from), SZ_2M);
		*which = i;
		return true;
	}
	return false;
}

static uint64_t system_ram_total(const struct hw_iomem *io)
{
	uint64_t total = 0, s, e;

	for (size_t i = 0; i < io->num; i++)
		if (top_span(&io->range[i], &s, &e) &&
		    cc_is_ram(io->range[i].name))
			total += e - s;
	return total;
}

/* The System RAM range of /proc/iomem that holds @at, for the comment. */
static void describe_ram_at(const struct hw_iomem *io, uint64_t at, char *buf,
			    size_t len)
{
	uint64_t s, e;

	for (size_t i = 0; i < io->num; i++) {
		if (top_span(&io->range[i], &s, &e) && s <= at && at < e) {
			snprintf(buf, len, "%s 0x%llx-0x%llx in /proc/iomem",
				 io->range[i].name, (unsigned long long)s,
				 (unsigned long long)e - 1);
			return;
		}
	}
	snprintf(buf, len, "/proc/iomem");
}

static int place_new(const struct cc_machine *m, const struct cc_options *o,
		     struct plan *p, char *err, size_t errlen)
{
	uint64_t hv = o->hv_size ? o->hv_size : CC_HV_DEFAULT, cell, at;
	uint64_t largest = 0, share;
	struct pieces pc = { 0 };
	char ram[160];
	size_t which, big = 0;
	bool high;

	if (free_pieces(&m->iomem, &pc)) {
		free(pc.s);
		return cc_fail(err, errlen, -ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < pc.num; i++) {
		if (room_in(&pc.s[i], 0) > largest) {
			largest = room_in(&pc.s[i], 0);
			big = i;
		}
	}
	cell = o->cell_size;
	if (!cell) {
		share = system_ram_total(&m->iomem) / CC_RAM_SHARE;
		cell = min_u64(CC_CELL_DEFAULT, share > hv ? share - hv : 0);
		cell = min_u64(cell, largest > hv ? largest - hv : 0);
		cell = align_down(cell, SZ_2M);
		if (cell < CC_CELL_MIN_DEFAULT) {
			free(pc.s);
			return cc_fail(
				err, errlen, -ENOSPC,
				"no free range large enough: the hypervisor's %s and at least %s of cell memory need %s of free System RAM, at most a quarter of it, from a 2 MiB boundary; the largest free range holds %s",
				cc_size(hv, 0), cc_size(CC_CELL_MIN_DEFAULT, 1),
				cc_size(hv + CC_CELL_MIN_DEFAULT, 2),
				largest ? cc_size(largest, 3) : "nothing");
		}
		if (cell == CC_CELL_DEFAULT)
			snprintf(
				p->size_why, sizeof(p->size_why),
				"The default size: with the hypervisor's %s, the reference platform's 512M.",
				cc_size(hv, 0));
		else
			snprintf(
				p->size_why, sizeof(p->size_why),
				"Smaller than the default 496M so that the reservation takes at most a quarter of the System RAM (%lluM) and fits the largest free range.",
				(unsigned long long)(system_ram_total(
							     &m->iomem) >>
						     20));
	} else {
		snprintf(p->size_why, sizeof(p->size_why),
			 "The size --cell-memory asked for.");
	}
	if (hv > UINT64_MAX - cell) {
		free(pc.s);
		return cc_fail(err, errlen, -EINVAL,
			       "--cell-memory: %s is beyond any machine",
			       cc_size(cell, 0));
	}
	high = find_fit(&pc, SZ_4G, hv + cell, &at, &which);
	if (!high && !find_fit(&pc, 0, hv + cell, &at, &which)) {
		if (largest)
			cc_fail(err, errlen, -ENOSPC,
				"no free range large enough: no free System RAM holds %s (hypervisor memory %s and cell memory %s) from a 2 MiB boundary; the largest free range, 0x%llx-0x%llx, holds %s",
				cc_size(hv + cell, 0), cc_size(hv, 1),
				cc_size(cell, 2),
				(unsigned long long)pc.s[big].start,
				(unsigned long long)pc.s[big].end - 1,
				cc_size(largest, 3));
		else
			cc_fail(err, errlen, -ENOSPC,
				"no free range large enough: /proc/iomem shows no free System RAM above 16 MiB");
		free(pc.s);
		return -ENOSPC;
	}
	free(pc.s);
	p->hv_start = at;
	p->hv_size = hv;
	p->cell_size = cell;
	describe_ram_at(&m->iomem, at, ram, sizeof(ram));
	snprintf(
		p->where, sizeof(p->where),
		"the lowest free 2 MiB boundary of System RAM %s with room for both, in %s. Free: not the kernel's image or anything else the kernel placed in System RAM, not below 16 MiB. Above 4 GiB first, because 32-bit DMA, the initrd and the crash kernel need the memory below",
		high ? "above 4 GiB" :
		       "below 4 GiB (none above 4 GiB has room)",
		ram);
	return 0;
}

/* --- The hypervisor's UART --- */

static bool is_linux_console(const struct cc_machine *m,
			     const struct hw_uart *u)
{
	if (u->line < 64 && (m->console_lines & (1ull << u->line)))
		return true;
	for (unsigned int i = 0; i < m->cmdline.num_console_ports; i++)
		if (u->is_pio && u->address == m->cmdline.console_port[i])
			return true;
	return false;
}

/*
 * A second UART: one at I/O ports that Linux's console is not on. The
 * hypervisor drives it unsynchronised with Linux, which loses it.
 */
static void pick_uart(const struct cc_machine *m, struct plan *p)
{
	FILE *f;
	size_t n;
	char *buf = NULL;

	p->uart = -1;
	for (unsigned int i = 0; i < m->uarts.num && m->have_uarts; i++) {
		const struct hw_uart *u = &m->uarts.uart[i];

		if (!u->is_pio || is_linux_console(m, u))
			continue;
		p->uart = (int)i;
		snprintf(
			p->uart_why, sizeof(p->uart_why),
			"ttyS%u, a %s at 0x%llx (/proc/tty/driver/serial), which Linux's console is not on. Linux loses it: keep gettys and console= off ttyS%u.",
			u->line, u->type, (unsigned long long)u->address,
			u->line);
		return;
	}
	f = open_memstream(&buf, &n);
	if (!f) {
		snprintf(p->uart_why, sizeof(p->uart_why), "out of memory");
		return;
	}
	if (!m->have_uarts)
		fprintf(f, "No UART for the hypervisor: %s.", m->uart_note);
	else if (!m->uarts.num)
		fprintf(f,
			"No UART for the hypervisor: /proc/tty/driver/serial shows none.");
	else
		fprintf(f,
			"No UART for the hypervisor: /proc/tty/driver/serial shows only");
	for (unsigned int i = 0; i < m->uarts.num && m->have_uarts; i++) {
		const struct hw_uart *u = &m->uarts.uart[i];

		fprintf(f, "%s ttyS%u (%s 0x%llx, %s)", i ? "," : "", u->line,
			u->is_pio ? "port" : "MMIO",
			(unsigned long long)u->address,
			u->is_pio ?
				"Linux's console" :
				"the console type uart-pio cannot drive it");
	}
	if (m->have_uarts && m->uarts.num)
		fputc('.', f);
	fprintf(f,
		" It runs without a console. To give it one, take a UART at I/O ports that Linux does not use (not its console=, no getty), write console: {type: uart-pio, port: PORT} here and leave its 8 ports out of root-cell.pio.");
	fclose(f);
	snprintf(p->uart_why, sizeof(p->uart_why), "%s", buf);
	free(buf);
}

/* --- Writing the config --- */

/*
 * @text as '#' comment lines at @indent, wrapped before column 79; a
 * newline in @text starts a new line and keeps the spaces after it.
 */
static void emit_comment(FILE *f, const char *indent, const char *text)
{
	size_t width = 76 - strlen(indent);
	const char *p = text;

	if (!text) {
		fprintf(f, "%s# (out of memory)\n", indent);
		return;
	}
	while (*p) {
		size_t nl = strcspn(p, "\n"), take = nl;

		if (take > width) {
			take = width;
			while (take && p[take] != ' ')
				take--;
			if (!take)
				take = strcspn(p, " \n");
		}
		fprintf(f, "%s#%s%.*s\n", indent, take ? " " : "", (int)take,
			p);
		p += take;
		if (take == nl) {
			p += *p == '\n';
			continue;
		}
		while (*p == ' ')
			p++;
	}
}

/* emit_comment() of a formatted text. */
static void comment(FILE *f, const char *indent, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void comment(FILE *f, const char *indent, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	emit_comment(f, indent, s);
	free(s);
}

/* "System RAM 0x1000-0x9fbff, Reserved 0x9fc00-0xfffff, ..." */
static char *sources_text(const struct hw_iomem *io, uint64_t s, uint64_t e)
{
	unsigned int n = 0, more = 0;
	uint64_t ts, te;
	char *buf = NULL;
	size_t len;
	FILE *f;

	f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i < io->num; i++) {
		const struct hw_iomem_range *r = &io->range[i];
		uint64_t cs, ce;

		if (!top_span(r, &ts, &te) || te <= s || ts >= e)
			continue;
		if (n == 16) {
			more++;
			continue;
		}
		cs = max_u64(ts, s);
		ce = min_u64(te, e);
		fprintf(f, "%s%s 0x%llx-0x%llx", n ? ", " : "", r->name,
			(unsigned long long)cs, (unsigned long long)ce - 1);
		if (cs != ts || ce != te)
			fprintf(f, " (of 0x%llx-0x%llx)",
				(unsigned long long)r->start,
				(unsigned long long)r->end);
		n++;
	}
	if (more)
		fprintf(f, " and %u more", more);
	if (!n)
		fprintf(f, "nothing: a gap");
	fclose(f);
	return buf;
}

/*
 * Sizes in units when they are below 1M or whole MiBs, others in hex, as
 * people write them: 4K, 768M, 0x2ffdf000.
 */
static void region_size(char *buf, size_t len, uint64_t size)
{
	if (size >= SZ_1M && size & (SZ_1M - 1))
		snprintf(buf, len, "0x%llx", (unsigned long long)size);
	else
		cc_format_size(buf, len, size);
}

static void emit_region_comment(FILE *f, const struct cc_machine *m,
				const struct plan *p, const struct region *r)
{
	char *src = sources_text(&m->iomem, r->start, r->end);

	switch (r->kind) {
	case REG_CELL:
		comment(f, "    ",
			"Reserved by memmap= so that Linux does not allocate it, but mapped: the root cell loads cell images here before a cell takes its part. All of cell-memory; to give ivshmem devices shared memory at its top, make this region smaller by as much (configs/qemu-svm.yaml does).");
		break;
	case REG_RAM:
		if (!r->start)
			comment(f, "    ",
				"The first MiB (real-mode vectors, BIOS data, EBDA, option ROMs), which Linux reads, and the RAM above it, with the firmware's memory among it (ACPI tables, reserved ranges)%s. From /proc/iomem: %s.",
				r->end == p->hv_start ?
					", up to the reservation" :
					"",
				src ? src : "?");
		else
			comment(f, "    ",
				"RAM, with the firmware's memory next to it (ACPI tables, reserved ranges)%s. From /proc/iomem: %s.",
				r->start == p->hv_start + p->hv_size +
							p->cell_size ?
					", after the reservation" :
					"",
				src ? src : "?");
		break;
	default:
		if (r->start == p->ram_low_end)
			comment(f, "    ",
				"Device memory from the end of RAM to 4 GiB, uncached: PCI windows, MMCONFIG, IOAPIC, HPET, IOMMUs, local APIC, firmware flash. From /proc/iomem: %s.",
				src ? src : "?");
		else if (r->start >= SZ_4G)
			comment(f, "    ",
				"Device memory above 4 GiB, uncached: 64-bit PCI windows. From /proc/iomem: %s.",
				src ? src : "?");
		else
			comment(f, "    ",
				"Device memory among the RAM, uncached. From /proc/iomem: %s.",
				src ? src : "?");
		break;
	}
	free(src);
}

static void emit_regions(FILE *f, const struct cc_machine *m,
			 const struct plan *p)
{
	char size[32];

	fprintf(f, "  memory:\n");
	for (unsigned int i = 0; i < p->num; i++) {
		const struct region *r = &p->region[i];

		emit_region_comment(f, m, p, r);
		region_size(size, sizeof(size), r->end - r->start);
		fprintf(f, "    - {name: %s, start: 0x%llx, size: %s,\n",
			r->name, (unsigned long long)r->start, size);
		fprintf(f, "       flags: [%s]}\n",
			r->kind == REG_IO ? "read, write, io" :
					    "read, write, execute, dma");
	}
	for (unsigned int i = 0; i < p->num_unmapped; i++) {
		char *src = sources_text(&m->iomem, p->unmapped[i].start,
					 p->unmapped[i].end);

		comment(f, "    ",
			"Not mapped: %s; firmware memory above 4 GiB away from RAM. Add a region with flags [read, write, io] if a driver of Linux needs it.",
			src ? src : "?");
		free(src);
	}
}

static void emit_pio(FILE *f, const struct cc_machine *m, const struct plan *p)
{
	unsigned int port;

	fprintf(f, "  pio:\n");
	if (p->uart < 0) {
		comment(f, "    ",
			"Every I/O port: the hypervisor has no UART. A range holds at most 0xffff ports, hence two.");
		fprintf(f, "    - {start: 0x0, size: 0x8000}\n");
		fprintf(f, "    - {start: 0x8000, size: 0x8000}\n");
		return;
	}
	port = (unsigned int)m->uarts.uart[p->uart].address;
	comment(f, "    ",
		"Every I/O port but the hypervisor's UART at 0x%x-0x%x.", port,
		port + UART_PORTS - 1);
	if (port)
		fprintf(f, "    - {start: 0x0, size: 0x%x}\n", port);
	if (port + UART_PORTS < NUM_PORTS)
		fprintf(f, "    - {start: 0x%x, size: 0x%x}\n",
			port + UART_PORTS, NUM_PORTS - port - UART_PORTS);
}

/*
 * Segment 0 of the MCFG table: its first entry, and the entries that
 * continue its bus range at the same base.
 */
static bool pick_mcfg(const struct cc_machine *m, uint64_t *base,
		      unsigned int *first, unsigned int *last, char *why,
		      size_t len)
{
	const struct acpi_mcfg *mc = &m->mcfg;
	bool found = false, grown = true;
	unsigned int others = 0;

	if (!m->have_mcfg) {
		snprintf(why, len, "%s", m->mcfg_note);
		return false;
	}
	for (unsigned int i = 0; i < mc->num && i < ACPI_MAX_ENTRIES; i++) {
		if (mc->entry[i].segment) {
			others++;
			continue;
		}
		if (found)
			continue;
		found = true;
		*base = mc->entry[i].base;
		*first = mc->entry[i].start_bus;
		*last = mc->entry[i].end_bus;
	}
	while (found && grown) {
		grown = false;
		for (unsigned int i = 0; i < mc->num && i < ACPI_MAX_ENTRIES;
		     i++) {
			if (mc->entry[i].segment ||
			    mc->entry[i].base != *base ||
			    mc->entry[i].start_bus != *last + 1)
				continue;
			*last = mc->entry[i].end_bus;
			grown = true;
		}
	}
	if (!found) {
		snprintf(why, len, "the MCFG table lists no PCI segment 0");
		return false;
	}
	if (*base & (SZ_1M - 1) || *first > *last) {
		snprintf(
			why, len,
			"the MCFG table's segment 0 (base 0x%llx, buses %u-%u) is not a valid window",
			(unsigned long long)*base, *first, *last);
		return false;
	}
	if (others)
		snprintf(
			why, len,
			" The table also lists %u entries of other PCI segments, which a config cannot describe.",
			others);
	else
		why[0] = '\0';
	return true;
}

static void emit_mmconfig(FILE *f, const struct cc_machine *m,
			  struct cc_result *out)
{
	unsigned int first = 0, last = 0;
	char why[CC_NOTE_LEN];
	uint64_t base = 0;

	if (!pick_mcfg(m, &base, &first, &last, why, sizeof(why))) {
		comment(f, "",
			"No pci-mmconfig: %s. Cells cannot have ivshmem devices without it; write it from the machine's documentation if it has ECAM.",
			why);
		cc_note(out, "no pci-mmconfig: %s", why);
		return;
	}
	comment(f, "",
		"From the ACPI MCFG table: PCI segment 0, buses %u-%u, whose configuration space starts at 0x%llx.%s",
		first, last, (unsigned long long)base, why);
	fprintf(f, "pci-mmconfig: {start: 0x%llx, buses: %u-%u}\n",
		(unsigned long long)base, first, last);
}

static void emit_iommus(FILE *f, const struct cc_machine *m,
			struct cc_result *out)
{
	const struct acpi_iommus *u = &m->iommus;
	unsigned int n = u->num < BH_MAX_IOMMUS ? u->num : BH_MAX_IOMMUS;
	char size[32];

	if (!m->have_iommus || !u->num) {
		const char *why = m->have_iommus ?
					  "the table lists no IOMMU unit" :
					  m->iommu_note;

		comment(f, "",
			"No iommus: %s. Bulkhead does not confine devices' DMA on any machine yet; this one shows Linux no IOMMU either.",
			why);
		cc_note(out, "no iommus: %s", why);
		return;
	}
	comment(f, "",
		"From the ACPI %s table: the register blocks of the %s, which no cell may map.",
		m->iommu_table,
		!strcmp(m->iommu_table, "DMAR") ? "VT-d units" : "AMD IOMMUs");
	if (u->num > BH_MAX_IOMMUS) {
		comment(f, "",
			"The table lists %u units; a config holds %d, so the others are left out.",
			u->num, BH_MAX_IOMMUS);
		cc_note(out, "iommus: %u units, only the first %d listed",
			u->num, BH_MAX_IOMMUS);
	}
	fprintf(f, "iommus:\n");
	for (unsigned int i = 0; i < n; i++) {
		uint64_t s = align_down(u->unit[i].base, SZ_4K);
		uint64_t e = align_up(u->unit[i].base + u->unit[i].size, SZ_4K);

		region_size(size, sizeof(size), e - s);
		if (!(e - s))
			cc_format_size(size, sizeof(size), SZ_4K);
		fprintf(f, "  - {start: 0x%llx, size: %s}\n",
			(unsigned long long)s, size);
	}
}

static void emit_cpus(FILE *f, const struct cc_machine *m,
		      const struct cc_options *o, const struct plan *p,
		      struct cc_result *out)
{
	char online[256], cpus[256], madt[128] = "";

	hw_cpulist_format(m->online.set, online, sizeof(online));
	hw_cpulist_format(p->cpus, cpus, sizeof(cpus));
	if (m->have_madt)
		snprintf(madt, sizeof(madt),
			 " The ACPI MADT lists %u processors.", m->madt.num);
	else
		snprintf(madt, sizeof(madt), " (%.100s.)", m->madt_note);
	if (o->root_cpus_set)
		comment(f, "  ",
			"From --root-cpus; online now: %s. bulkhead enable needs exactly these CPUs online: take the others offline first (echo 0 > /sys/devices/system/cpu/cpuN/online).%s",
			online, madt);
	else
		comment(f, "  ",
			"The CPUs online now (/sys/devices/system/cpu/online). bulkhead enable needs exactly these online; cells take theirs from them.%s",
			madt);
	if (m->online.highest >= BH_MAX_CPUS) {
		comment(f, "  ",
			"CPUs 64 to %d are online too, but Bulkhead supports CPUs 0 to 63: boot Linux with nr_cpus=64.",
			m->online.highest);
		cc_note(out,
			"CPUs above 63 are online; boot Linux with nr_cpus=64");
	}
	fprintf(f, "  cpus: [%s]\n", cpus);
}

static void emit_header(FILE *f, const struct cc_machine *m,
			const struct plan *p, const char *memmap)
{
	const char *dollar = strchr(memmap, '$');
	int pre = (int)(dollar - memmap);

	comment(f, "",
		"System config for %s, written by `bulkhead config create` from %s. Syntax and rules: docs/config.md; `bulkhead config check` checks it.",
		m->name, m->source);
	fprintf(f, "#\n");
	comment(f, "",
		"Linux must boot with the kernel parameter\n  memmap=%s\nwhich keeps it off the hypervisor memory and the cell memory below (`bulkhead config memmap` prints it from this file). Escape the '$' as the boot loader needs: in grub.cfg memmap=%.*s\\$%s; in /etc/default/grub, which a shell reads first, memmap=%.*s\\\\\\$%s.",
		memmap, pre, memmap, dollar + 1, pre, memmap, dollar + 1);
	if (p->existing)
		comment(f, "",
			"\nThe kernel command line has memmap=%s already and /proc/iomem shows it reserved: this config uses that reservation.",
			p->existing->text);
}

static int emit_system(const struct cc_machine *m, const struct cc_options *o,
		       const struct plan *p, struct cc_result *out)
{
	uint64_t cell_start = p->hv_start + p->hv_size;
	char size[32];
	FILE *f;

	f = open_memstream(&out->text, &out->len);
	if (!f)
		return -ENOMEM;
	emit_header(f, m, p, out->memmap);
	fprintf(f, "kind: system\nname: %s\n\nhypervisor:\n", m->name);
	comment(f, "  ", "%s at %s.", cc_size(p->hv_size, 0), p->where);
	cc_format_size(size, sizeof(size), p->hv_size);
	fprintf(f, "  memory: {start: 0x%llx, size: %s}\n",
		(unsigned long long)p->hv_start, size);
	emit_comment(f, "  ", p->uart_why);
	if (p->uart >= 0)
		fprintf(f, "  console: {type: uart-pio, port: 0x%llx}\n\n",
			(unsigned long long)m->uarts.uart[p->uart].address);
	else
		fprintf(f, "  console: {type: none}\n\n");

	comment(f, "",
		"Cells take their RAM from here; it directly follows the hypervisor memory, so that one memmap= range reserves both. %s",
		p->size_why);
	region_size(size, sizeof(size), p->cell_size);
	fprintf(f, "cell-memory: {start: 0x%llx, size: %s}\n\n",
		(unsigned long long)cell_start, size);
	emit_mmconfig(f, m, out);
	fputc('\n', f);
	emit_iommus(f, m, out);
	fprintf(f, "\nroot-cell:\n  name: root\n");
	emit_cpus(f, m, o, p, out);
	emit_regions(f, m, p);
	emit_pio(f, m, p);
	if (fclose(f))
		return -ENOMEM;
	return out->text ? 0 : -ENOMEM;
}

int cc_check_options(const struct cc_options *o, char *err, size_t errlen)
{
	if (o->hv_size && (o->hv_size & (SZ_2M - 1) || o->hv_size < CC_HV_MIN ||
			   o->hv_size > BH_HV_MAX_SIZE))
		return cc_fail(
			err, errlen, -EINVAL,
			"--hypervisor-size: %s is not a multiple of 2M from 4M to 512M",
			cc_size(o->hv_size, 0));
	if (o->cell_size && o->cell_size & (SZ_4K - 1))
		return cc_fail(err, errlen, -EINVAL,
			       "--cell-memory: %s is not a multiple of 4K",
			       cc_size(o->cell_size, 0));
	if (o->root_cpus_set && !(o->root_cpus & 1))
		return cc_fail(
			err, errlen, -EINVAL,
			"--root-cpus: must contain CPU 0, Linux's boot CPU");
	return 0;
}

static int pick_cpus(const struct cc_machine *m, const struct cc_options *o,
		     struct plan *p, char *err, size_t errlen)
{
	const struct hw_cpus *have = m->have_present ? &m->present : &m->online;
	uint64_t missing;
	char list[256];

	if (!o->root_cpus_set) {
		p->cpus = m->online.set;
		return 0;
	}
	missing = o->root_cpus & ~have->set;
	if (missing) {
		hw_cpulist_format(have->set, list, sizeof(list));
		return cc_fail(
			err, errlen, -EINVAL,
			"--root-cpus: CPU %d is not %s on this machine (%s)",
			__builtin_ctzll(missing),
			m->have_present ? "present" : "online", list);
	}
	p->cpus = o->root_cpus;
	return 0;
}

int cc_system(const struct cc_machine *m, const struct cc_options *o,
	      const char *label, struct cc_result *out, char *err,
	      size_t errlen)
{
	struct plan *p;
	char size[32];
	int ret;

	memset(out, 0, sizeof(*out));
	ret = cc_check_options(o, err, errlen);
	if (ret)
		return ret;
	p = calloc(1, sizeof(*p));
	if (!p)
		return cc_fail(err, errlen, -ENOMEM, "out of memory");
	ret = pick_cpus(m, o, p, err, errlen);
	if (!ret)
		ret = use_existing(m, o, p, err, errlen);
	if (ret == 1)
		ret = place_new(m, o, p, err, errlen);
	if (!ret)
		ret = build_regions(m, p, err, errlen);
	if (ret)
		goto out;
	pick_uart(m, p);
	if (p->uart < 0)
		cc_note(out,
			"no UART for the hypervisor's console; see the comment at hypervisor.console");
	/* As `config memmap` and hardware check write it. */
	cli_format_size(size, sizeof(size), p->hv_size + p->cell_size);
	snprintf(out->memmap, sizeof(out->memmap), "%s$0x%llx", size,
		 (unsigned long long)p->hv_start);
	out->memmap_present = p->existing;
	ret = emit_system(m, o, p, out);
	if (ret)
		cc_fail(err, errlen, ret, "out of memory");
	else
		ret = cc_verify_system(out, label, err, errlen);
out:
	if (ret)
		cc_result_free(out);
	free(p);
	return ret;
}

/* --- Cell configs --- */

static struct span ivshmem_span(const struct bh_ivshmem_desc *d)
{
	return (struct span){
		d->phys_start,
		d->phys_start + d->state_size + d->rw_size +
			(uint64_t)d->max_peers * d->output_size,
	};
}

static bool valid_name(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= BH_NAME_LEN)
		return false;
	for (size_t i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] >= 0x7f)
			return false;
	return true;
}

/* The names, CPUs and sizes a user chose, each against the system. */
static int check_cell_options(const struct bh_system_desc *sys,
			      const struct cc_cell_options *o, char *err,
			      size_t errlen)
{
	uint64_t other_cpus;
	char list[256];

	if (!valid_name(o->name))
		return cc_fail(
			err, errlen, -EINVAL,
			"--cell: '%.40s' is not a name (printable ASCII without spaces, 1 to 31 characters)",
			o->name);
	if (!strcmp(o->name, sys->root_cell.name))
		return cc_fail(err, errlen, -EINVAL,
			       "--cell: '%s' is the root cell's name", o->name);
	if (!o->cpus)
		return cc_fail(err, errlen, -EINVAL, "--cpus: no CPU");
	if (o->cpus & 1)
		return cc_fail(
			err, errlen, -EINVAL,
			"--cpus: CPU 0 stays with the root cell: it is Linux's boot CPU");
	if (o->cpus & ~sys->root_cell.cpu_set) {
		hw_cpulist_format(sys->root_cell.cpu_set, list, sizeof(list));
		return cc_fail(
			err, errlen, -EINVAL,
			"--cpus: CPU %d is not one of the root cell's CPUs (%s)",
			__builtin_ctzll(o->cpus & ~sys->root_cell.cpu_set),
			list);
	}
	if (!o->memory || o->memory & (SZ_4K - 1) ||
	    o->memory > sys->cell_memory.size)
		return cc_fail(
			err, errlen, -EINVAL,
			"--memory: %s is not a multiple of 4K up to cell-memory's %s",
			cc_size(o->memory, 0),
			cc_size(sys->cell_memory.size, 1));
	for (size_t i = 0; i < o->num_others; i++) {
		const struct bh_cell_desc *c = &o->others[i];

		if (!strncmp(c->name, o->name, BH_NAME_LEN))
			return cc_fail(
				err, errlen, -EINVAL,
				"--cell: '%s' is also the name of the cell in %s",
				o->name, o->other_labels[i]);
		other_cpus = o->cpus & c->cpu_set;
		if (other_cpus)
			return cc_fail(
				err, errlen, -EINVAL,
				"--cpus: CPU %d is also in cell '%.31s' (%s)",
				__builtin_ctzll(other_cpus), c->name,
				o->other_labels[i]);
	}
	return 0;
}

/* Room for every range used_spans() can add. */
static size_t max_used(const struct cc_cell_options *o)
{
	return BH_MAX_IVSHMEM +
	       o->num_others * (BH_MAX_MEM_REGIONS + BH_MAX_IVSHMEM);
}

static void add_used(struct span *used, size_t *n, struct span s,
		     const struct bh_phys_range *cm)
{
	uint64_t cs = cm->phys_start, ce = cm->phys_start + cm->size;

	if (s.end <= cs || s.start >= ce)
		return;
	used[(*n)++] =
		(struct span){ max_u64(s.start, cs), min_u64(s.end, ce) };
}

/* What of cell-memory the root cell's devices and the other cells use. */
static size_t used_spans(const struct bh_system_desc *sys,
			 const struct cc_cell_options *o, struct span *used)
{
	const struct bh_phys_range *cm = &sys->cell_memory;
	const struct bh_cell_desc *root = &sys->root_cell;
	size_t n = 0;

	for (uint32_t i = 0; i < root->num_ivshmem && i < BH_MAX_IVSHMEM; i++)
		add_used(used, &n, ivshmem_span(&root->ivshmem[i]), cm);
	for (size_t c = 0; c < o->num_others; c++) {
		const struct bh_cell_desc *cell = &o->others[c];

		for (uint32_t i = 0;
		     i < cell->num_mem_regions && i < BH_MAX_MEM_REGIONS; i++) {
			const struct bh_mem_region *r = &cell->mem_regions[i];

			add_used(used, &n,
				 (struct span){ r->phys_start,
						r->phys_start + r->size },
				 cm);
		}
		for (uint32_t i = 0;
		     i < cell->num_ivshmem && i < BH_MAX_IVSHMEM; i++)
			add_used(used, &n, ivshmem_span(&cell->ivshmem[i]), cm);
	}
	qsort(used, n, sizeof(*used), cmp_span);
	return n;
}

/* The lowest 2 MiB boundary in cell-memory with @total bytes unused. */
static bool place_cell(const struct bh_system_desc *sys,
		       const struct cc_cell_options *o, uint64_t total,
		       uint64_t *at)
{
	const struct bh_phys_range *cm = &sys->cell_memory;
	uint64_t cand = align_up(cm->phys_start, SZ_2M);
	uint64_t end = cm->phys_start + cm->size;
	struct span *used = calloc(max_used(o), sizeof(*used));
	size_t n;
	bool moved = true;

	if (!used)
		return false;
	n = used_spans(sys, o, used);
	while (moved && cand < end) {
		moved = false;
		for (size_t i = 0; i < n; i++) {
			if (used[i].end <= cand ||
			    used[i].start >= cand + total)
				continue;
			cand = align_up(used[i].end, SZ_2M);
			moved = true;
		}
	}
	free(used);
	if (cand >= end || end - cand < total)
		return false;
	*at = cand;
	return true;
}

static int emit_cell(const struct bh_system_desc *sys,
		     const struct cc_cell_options *o, uint64_t at,
		     struct cc_result *out)
{
	const struct bh_phys_range *cm = &sys->cell_memory;
	char cpus[256], size[32];
	FILE *f;

	f = open_memstream(&out->text, &out->len);
	if (!f)
		return -ENOMEM;
	comment(f, "",
		"Cell '%s', written by `bulkhead config create --cell` for the system config %s. Its memory is the lowest free 2 MiB boundary of that config's cell-memory, 0x%llx-0x%llx, with room%s%s; its CPUs leave Linux when the cell is created. Syntax and rules: docs/config.md.",
		o->name, o->system_label, (unsigned long long)cm->phys_start,
		(unsigned long long)(cm->phys_start + cm->size - 1),
		sys->root_cell.num_ivshmem ?
			", beside the root cell's ivshmem devices" :
			"",
		o->num_others ? " and the cells given" : "");
	fprintf(f, "#\n");
	comment(f, "",
		"Guest-physical layout (that of configs/cells/hello.yaml for --memory 1M):\n  0x0-0x%llx  RAM, loadable: the image is loaded at 0\n  0x%llx-0x%llx  the comm region\nInmates built with inmates/lib run in the first 1 MiB; they find the comm region wherever it is (the hypervisor passes its address).",
		(unsigned long long)o->memory - 1,
		(unsigned long long)o->memory,
		(unsigned long long)o->memory + SZ_4K - 1);
	hw_cpulist_format(o->cpus, cpus, sizeof(cpus));
	region_size(size, sizeof(size), o->memory);
	fprintf(f, "kind: cell\nname: %s\ncpus: [%s]\nmemory:\n", o->name,
		cpus);
	fprintf(f,
		"  - {name: ram, start: 0x%llx, guest: 0x0, size: %s,\n"
		"     flags: [read, write, execute, loadable]}\n",
		(unsigned long long)at, size);
	fprintf(f,
		"  - {name: comm, start: 0x%llx, guest: 0x%llx, size: 4K,\n"
		"     flags: [read, write, comm-region]}\n",
		(unsigned long long)(at + o->memory),
		(unsigned long long)o->memory);
	comment(f, "",
		"No I/O ports and no UART of its own: its console output goes to the comm region. To give it a UART, add a pio range of the UART's 8 ports (ones the root cell has in root-cell.pio, not the hypervisor's) and console-port.");
	if (fclose(f))
		return -ENOMEM;
	return out->text ? 0 : -ENOMEM;
}

static int verify_cell(const struct bh_system_desc *sys,
		       const struct cc_cell_options *o, const char *label,
		       struct cc_result *out, char *err, size_t errlen)
{
	struct config_error e;
	struct config cfg;
	int ret;

	ret = cc_parse_back(out, label, &cfg, err, errlen);
	if (ret)
		return ret;
	if (cfg.kind != CONFIG_CELL) {
		ret = cc_fail(
			err, errlen, -EINVAL,
			"internal error: the generated config is not a cell config");
	} else if (config_check_cell(sys, &cfg.cell, &e)) {
		ret = cc_check_failed(&cfg, e.msg, err, errlen);
	} else {
		for (size_t i = 0; i < o->num_others && !ret; i++)
			if (config_check_cell_pair(&cfg.cell, &o->others[i],
						   &e))
				ret = cc_fail(
					err, errlen, -EINVAL,
					"the cell clashes with the cell in %s: %s",
					o->other_labels[i], e.msg);
	}
	if (!ret)
		out->cell = cfg.cell;
	config_release(&cfg);
	return ret;
}

int cc_cell(const struct bh_system_desc *sys, const struct cc_cell_options *o,
	    const char *label, struct cc_result *out, char *err, size_t errlen)
{
	uint64_t at;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = check_cell_options(sys, o, err, errlen);
	if (ret)
		return ret;
	if (!place_cell(sys, o, o->memory + SZ_4K, &at))
		return cc_fail(
			err, errlen, -ENOSPC,
			"cell-memory 0x%llx-0x%llx has no room for the cell's %s of RAM and 4K comm region from a 2 MiB boundary%s",
			(unsigned long long)sys->cell_memory.phys_start,
			(unsigned long long)(sys->cell_memory.phys_start +
					     sys->cell_memory.size - 1),
			cc_size(o->memory, 0),
			o->num_others || sys->root_cell.num_ivshmem ?
				" beside the other cells and the root cell's ivshmem devices" :
				"");
	ret = emit_cell(sys, o, at, out);
	if (ret)
		cc_fail(err, errlen, ret, "out of memory");
	else
		ret = verify_cell(sys, o, label, out, err, errlen);
	if (ret)
		cc_result_free(out);
	return ret;
}
