// SPDX-License-Identifier: GPL-2.0
/*
 * config create: writing a system config as commented YAML, every value
 * with a comment on where it came from (the devices' and CPUs' parts are
 * config_create_devices.c's, --bench's config_create_bench.c's), and
 * parsing the text back to validate it with the checks of `bulkhead
 * config check`.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bh/config_check.h>

#include "config_create_internal.h"
#include "config_yaml.h"

/*
 * @text as '#' comment lines at @indent, wrapped before column 79; a
 * newline in @text starts a new line and keeps the spaces after it.
 */
void cc_emit_comment(FILE *f, const char *indent, const char *text)
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

/* cc_emit_comment() of a formatted text. */
void cc_comment(FILE *f, const char *indent, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	cc_emit_comment(f, indent, s);
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

		if (!cc_top_span(r, &ts, &te) || te <= s || ts >= e)
			continue;
		if (n == 16) {
			more++;
			continue;
		}
		cs = cc_max_u64(ts, s);
		ce = cc_min_u64(te, e);
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
void cc_region_size(char *buf, size_t len, uint64_t size)
{
	if (size >= CC_SZ_1M && size & (CC_SZ_1M - 1))
		snprintf(buf, len, "0x%llx", (unsigned long long)size);
	else
		cc_format_size(buf, len, size);
}

static void emit_region_comment(FILE *f, const struct cc_machine *m,
				const struct cc_plan *p,
				const struct cc_region *r)
{
	char *src = sources_text(&m->iomem, r->start, r->end);

	switch (r->kind) {
	case CC_REG_CELL:
		if (p->bench) {
			cc_emit_bench_cell_region(f, p);
			break;
		}
		cc_comment(
			f, "    ",
			"Reserved by memmap= so that Linux does not allocate it, but mapped: the root cell loads cell images here before a cell takes its part. All of cell-memory; to give ivshmem devices shared memory at its top, make this region smaller by as much (configs/qemu-svm.yaml does).");
		break;
	case CC_REG_RAM:
		if (!r->start)
			cc_comment(
				f, "    ",
				"The first MiB (real-mode vectors, BIOS data, EBDA, option ROMs), which Linux reads, and the RAM above it, with the firmware's memory among it (ACPI tables, reserved ranges)%s. From /proc/iomem: %s.",
				r->end == p->hv_start ?
					", up to the reservation" :
					"",
				src ? src : "?");
		else
			cc_comment(
				f, "    ",
				"RAM, with the firmware's memory next to it (ACPI tables, reserved ranges)%s. From /proc/iomem: %s.",
				r->start == p->hv_start + p->hv_size +
							p->cell_size ?
					", after the reservation" :
					"",
				src ? src : "?");
		break;
	default:
		if (r->start == p->ram_low_end)
			cc_comment(
				f, "    ",
				"Device memory from the end of RAM to 4 GiB, uncached: PCI windows, MMCONFIG, IOAPIC, HPET, IOMMUs, local APIC, firmware flash. From /proc/iomem: %s.",
				src ? src : "?");
		else if (r->start >= CC_SZ_4G)
			cc_comment(
				f, "    ",
				"Device memory above 4 GiB, uncached: 64-bit PCI windows. From /proc/iomem: %s.",
				src ? src : "?");
		else
			cc_comment(
				f, "    ",
				"Device memory among the RAM, uncached. From /proc/iomem: %s.",
				src ? src : "?");
		break;
	}
	free(src);
}

static void emit_regions(FILE *f, const struct cc_machine *m,
			 const struct cc_plan *p)
{
	char size[32];

	fprintf(f, "  memory:\n");
	for (unsigned int i = 0; i < p->num; i++) {
		const struct cc_region *r = &p->region[i];

		emit_region_comment(f, m, p, r);
		cc_region_size(size, sizeof(size), r->end - r->start);
		fprintf(f, "    - {name: %s, start: 0x%llx, size: %s,\n",
			r->name, (unsigned long long)r->start, size);
		fprintf(f, "       flags: [%s]}\n",
			r->kind == CC_REG_IO ? "read, write, io" :
					       "read, write, execute, dma");
	}
	for (unsigned int i = 0; i < p->num_unmapped; i++) {
		char *src = sources_text(&m->iomem, p->unmapped[i].start,
					 p->unmapped[i].end);

		cc_comment(
			f, "    ",
			"Not mapped: %s; firmware memory above 4 GiB away from RAM. Add a region with flags [read, write, io] if a driver of Linux needs it.",
			src ? src : "?");
		free(src);
	}
}

static void emit_header(FILE *f, const struct cc_machine *m,
			const struct cc_plan *p, const char *memmap)
{
	const char *dollar = strchr(memmap, '$');
	int pre = (int)(dollar - memmap);

	cc_comment(
		f, "",
		"System config for %s, written by `bulkhead config create` from %s. Syntax and rules: docs/config.md; `bulkhead config check` checks it.",
		m->name, m->source);
	fprintf(f, "#\n");
	cc_comment(
		f, "",
		"Linux must boot with the kernel parameter\n  memmap=%s\nwhich keeps it off the hypervisor memory and the cell memory below (`bulkhead config memmap` prints it from this file). Escape the '$' as the boot loader needs: in grub.cfg memmap=%.*s\\$%s; in /etc/default/grub, which a shell reads first, memmap=%.*s\\\\\\$%s.",
		memmap, pre, memmap, dollar + 1, pre, memmap, dollar + 1);
	if (p->existing)
		cc_comment(
			f, "",
			"\nThe kernel command line has memmap=%s already and /proc/iomem shows it reserved: this config uses that reservation.",
			p->existing->text);
}

int cc_emit_system(const struct cc_machine *m, const struct cc_options *o,
		   const struct cc_plan *p, struct cc_result *out)
{
	uint64_t cell_start = p->hv_start + p->hv_size;
	char size[32];
	FILE *f;

	f = open_memstream(&out->text, &out->len);
	if (!f)
		return -ENOMEM;
	emit_header(f, m, p, out->memmap);
	fprintf(f, "kind: system\nname: %s\n\nhypervisor:\n", m->name);
	cc_comment(f, "  ", "%s at %s.", cc_size(p->hv_size, 0), p->where);
	cc_format_size(size, sizeof(size), p->hv_size);
	fprintf(f, "  memory: {start: 0x%llx, size: %s}\n",
		(unsigned long long)p->hv_start, size);
	cc_emit_comment(f, "  ", p->uart_why);
	if (p->uart >= 0)
		fprintf(f, "  console: {type: uart-pio, port: 0x%llx}\n\n",
			(unsigned long long)m->uarts.uart[p->uart].address);
	else
		fprintf(f, "  console: {type: none}\n\n");

	cc_comment(
		f, "",
		"Cells take their RAM from here; it directly follows the hypervisor memory, so that one memmap= range reserves both. %s",
		p->size_why);
	cc_region_size(size, sizeof(size), p->cell_size);
	fprintf(f, "cell-memory: {start: 0x%llx, size: %s}\n\n",
		(unsigned long long)cell_start, size);
	cc_emit_mmconfig(f, m, out);
	fputc('\n', f);
	cc_emit_iommus(f, m, out);
	if (p->bench) {
		fputc('\n', f);
		cc_emit_bench_regulation(f, m);
	}
	fprintf(f, "\nroot-cell:\n  name: root\n");
	cc_emit_cpus(f, m, o, p, out);
	emit_regions(f, m, p);
	cc_emit_pio(f, m, p);
	if (p->bench)
		cc_emit_bench_device(f, p);
	if (fclose(f))
		return -ENOMEM;
	return out->text ? 0 : -ENOMEM;
}

/* --- Parsing it back --- */

/*
 * Parses @r->text back and keeps the descriptor: the text is what the
 * user gets, so the text is what gets checked.
 */
int cc_parse_back(struct cc_result *r, const char *label, struct config *cfg,
		  char *err, size_t errlen)
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
int cc_check_failed(const struct config *cfg, const char *msg, char *err,
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

int cc_verify_system(struct cc_result *r, const char *label, char *err,
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
