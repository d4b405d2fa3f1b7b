// SPDX-License-Identifier: GPL-2.0
/*
 * config create (config_create.h): the options' own rules, sizes as
 * configs write them, the helpers every part shares, and a system config
 * from the options to the validated text: the root cell's CPUs, where the
 * hypervisor and cell memory go, which ranges the root cell maps and how,
 * which UART the hypervisor gets, the commented YAML. Every config is
 * parsed back and validated: the text is what the user gets, so the text
 * is what is checked.
 *
 * The parts, one file each: reading the machine (config_create_machine.c),
 * placement (config_create_place.c), the root cell's regions
 * (config_create_regions.c), the UART, MCFG, IOMMUs and CPUs
 * (config_create_devices.c), writing and validating
 * (config_create_emit.c), cell configs (config_create_cell.c), what the
 * isolation bench needs (config_create_bench.c);
 * config_create_internal.h is what they share.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/boot.h>

#include "cli.h"
#include "config_create_internal.h"

#define CC_HV_MIN (4ull << 20)

int cc_fail(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ret;
}

void cc_note(struct cc_result *r, const char *fmt, ...)
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

/* As `config memmap` writes sizes (K, M, G, T), in hex where no unit fits. */
void cc_format_size(char *buf, size_t len, uint64_t size)
{
	if (!size || (size & 1023))
		snprintf(buf, len, "0x%llx", (unsigned long long)size);
	else
		cli_format_size(buf, len, size);
}

/* The same, in a static buffer per call site slot, for messages. */
const char *cc_size(uint64_t size, int slot)
{
	static char buf[4][32];

	cc_format_size(buf[slot & 3], sizeof(buf[0]), size);
	return buf[slot & 3];
}

bool cc_is_ram(const char *name)
{
	return !strcmp(name, "System RAM");
}

/* A top-level range as [start, end), cut at the physical address space. */
bool cc_top_span(const struct hw_iomem_range *r, uint64_t *s, uint64_t *e)
{
	if (r->parent >= 0 || r->start >= CC_PHYS_LIMIT)
		return false;
	*s = r->start;
	*e = r->end >= CC_PHYS_LIMIT ? CC_PHYS_LIMIT : r->end + 1;
	return true;
}

int cc_cmp_span(const void *a, const void *b)
{
	const struct cc_span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

void cc_result_free(struct cc_result *r)
{
	free(r->text);
	r->text = NULL;
	r->len = 0;
}

int cc_check_options(const struct cc_options *o, char *err, size_t errlen)
{
	if (o->hv_size &&
	    (o->hv_size & (CC_SZ_2M - 1) || o->hv_size < CC_HV_MIN ||
	     o->hv_size > BH_HV_MAX_SIZE))
		return cc_fail(
			err, errlen, -EINVAL,
			"--hypervisor-size: %s is not a multiple of 2M from 4M to 512M",
			cc_size(o->hv_size, 0));
	if (o->cell_size && o->cell_size & (CC_SZ_4K - 1))
		return cc_fail(err, errlen, -EINVAL,
			       "--cell-memory: %s is not a multiple of 4K",
			       cc_size(o->cell_size, 0));
	if (o->root_cpus_set && !(o->root_cpus & 1))
		return cc_fail(
			err, errlen, -EINVAL,
			"--root-cpus: must contain CPU 0, Linux's boot CPU");
	return 0;
}

int cc_system(const struct cc_machine *m, const struct cc_options *o,
	      const char *label, struct cc_result *out, char *err,
	      size_t errlen)
{
	struct cc_plan *p;
	char size[32];
	int ret;

	memset(out, 0, sizeof(*out));
	ret = cc_check_options(o, err, errlen);
	if (ret)
		return ret;
	p = calloc(1, sizeof(*p));
	if (!p)
		return cc_fail(err, errlen, -ENOMEM, "out of memory");
	ret = cc_pick_cpus(m, o, p, err, errlen);
	if (!ret)
		ret = cc_use_existing(m, o, p, err, errlen);
	if (ret == 1)
		ret = cc_place_new(m, o, p, err, errlen);
	if (!ret)
		ret = cc_build_regions(m, p, err, errlen);
	if (!ret && o->bench)
		ret = cc_plan_bench(m, p, err, errlen);
	if (ret)
		goto out;
	cc_pick_uart(m, p);
	if (p->uart < 0)
		cc_note(out,
			"no UART for the hypervisor's console; see the comment at hypervisor.console");
	/* As `config memmap` and hardware check write it. */
	cli_format_size(size, sizeof(size), p->hv_size + p->cell_size);
	snprintf(out->memmap, sizeof(out->memmap), "%s$0x%llx", size,
		 (unsigned long long)p->hv_start);
	out->memmap_present = p->existing;
	ret = cc_emit_system(m, o, p, out);
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
