// SPDX-License-Identifier: GPL-2.0
/*
 * config create: the root cell's memory regions, from /proc/iomem and the
 * placement: which ranges it maps, whether like RAM or as device memory,
 * and their names (ram-low, cell-memory, mmio-low, ...).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_create_internal.h"

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
		if (cc_top_span(&io->range[i], &s, &e) &&
		    cc_is_ram(io->range[i].name) && s < CC_SZ_4G)
			end = cc_max_u64(end, cc_min_u64(e, CC_SZ_4G));
	while (grown) {
		grown = false;
		for (size_t i = 0; i < io->num; i++) {
			if (!cc_top_span(&io->range[i], &s, &e) ||
			    !is_memory(io, i))
				continue;
			if (s <= end && e > end && e <= CC_SZ_4G) {
				end = e;
				grown = true;
			}
		}
	}
	end = cc_align_up(end, CC_SZ_4K);
	return end < CC_SZ_1M ? CC_SZ_1M : end;
}

static int add_region(struct cc_plan *p, enum cc_region_kind kind, uint64_t s,
		      uint64_t e)
{
	if (s >= e)
		return 0;
	if (p->num == CC_MAX_WORK_REGIONS)
		return -ENOSPC;
	p->region[p->num++] = (struct cc_region){
		.start = s,
		.end = e,
		.kind = kind,
	};
	return 0;
}

/* Takes [s, e) out of the RAM regions, splitting one if needed. */
static int subtract_ram(struct cc_plan *p, uint64_t s, uint64_t e)
{
	unsigned int n = p->num;

	for (unsigned int i = 0; i < n; i++) {
		struct cc_region *r = &p->region[i];

		if (r->kind != CC_REG_RAM || e <= r->start || s >= r->end)
			continue;
		if (s > r->start && e < r->end) {
			uint64_t tail = r->end;

			r->end = s;
			if (add_region(p, CC_REG_RAM, e, tail))
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
	const struct cc_region *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Sorts, drops empty regions and cuts the overlaps page rounding made. */
static void tidy_regions(struct cc_plan *p)
{
	unsigned int n = 0;

	qsort(p->region, p->num, sizeof(p->region[0]), cmp_region);
	for (unsigned int i = 0; i < p->num; i++) {
		struct cc_region r = p->region[i];

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
static int close_run(struct cc_plan *p, struct run *run, uint64_t rs,
		     uint64_t re)
{
	if (!run->open)
		return 0;
	run->open = false;
	if (run->has_ram || (rs < run->end && re > run->start))
		return add_region(p, CC_REG_RAM,
				  cc_align_down(run->start, CC_SZ_4K),
				  cc_align_up(run->end, CC_SZ_4K));
	if (p->num_unmapped < CC_MAX_UNMAPPED)
		p->unmapped[p->num_unmapped++] =
			(struct cc_span){ run->start, run->end };
	return 0;
}

/* Device windows above 4 GiB, merged where they touch. */
static int add_high_io(struct cc_plan *p, uint64_t s, uint64_t e)
{
	struct cc_region *last = p->num ? &p->region[p->num - 1] : NULL;

	s = cc_align_down(s, CC_SZ_4K);
	e = cc_align_up(e, CC_SZ_4K);
	if (last && last->kind == CC_REG_IO && last->start >= CC_SZ_4G &&
	    s <= last->end) {
		last->end = cc_max_u64(last->end, e);
		return 0;
	}
	return add_region(p, CC_REG_IO, s, e);
}

static int regions_above_4g(const struct hw_iomem *io, struct cc_plan *p,
			    uint64_t rs, uint64_t re)
{
	struct run run = { 0 };
	uint64_t s, e;
	int ret = 0;

	for (size_t i = 0; i < io->num && !ret; i++) {
		const struct hw_iomem_range *r = &io->range[i];

		if (!cc_top_span(r, &s, &e) || e <= CC_SZ_4G)
			continue;
		s = cc_max_u64(s, CC_SZ_4G);
		if (!is_memory(io, i)) {
			ret = close_run(p, &run, rs, re);
			if (!ret)
				ret = add_high_io(p, s, e);
			continue;
		}
		if (run.open && s <= run.end) {
			run.end = cc_max_u64(run.end, e);
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

static const char *region_base_name(const struct cc_plan *p,
				    const struct cc_region *r)
{
	switch (r->kind) {
	case CC_REG_CELL:
		return "cell-memory";
	case CC_REG_RAM:
		return r->end <= p->hv_start ? "ram-low" : "ram-high";
	default:
		return r->start < CC_SZ_4G ? "mmio-low" : "mmio-high";
	}
}

/* ram-low, ram-high, mmio-low, mmio-high; a second one gets "-2". */
static void name_regions(struct cc_plan *p)
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
int cc_build_regions(const struct cc_machine *m, struct cc_plan *p, char *err,
		     size_t errlen)
{
	const struct hw_iomem *io = &m->iomem;
	uint64_t rs = p->hv_start, re = rs + p->hv_size + p->cell_size;
	uint64_t s, e;
	bool inside = false;
	int ret;

	p->ram_low_end = low_ram_end(io);
	ret = add_region(p, CC_REG_RAM, 0, p->ram_low_end);
	/* Device memory between RAM ranges; the first MiB stays RAM. */
	for (size_t i = 0; i < io->num && !ret; i++) {
		if (!cc_top_span(&io->range[i], &s, &e) || is_memory(io, i) ||
		    s < CC_SZ_1M || e > p->ram_low_end)
			continue;
		s = cc_align_down(s, CC_SZ_4K);
		e = cc_align_up(e, CC_SZ_4K);
		ret = subtract_ram(p, s, e);
		if (!ret)
			ret = add_region(p, CC_REG_IO, s, e);
	}
	if (!ret && p->ram_low_end < CC_SZ_4G)
		ret = add_region(p, CC_REG_IO, p->ram_low_end, CC_SZ_4G);
	if (!ret)
		ret = regions_above_4g(io, p, rs, re);
	if (ret)
		return cc_fail(err, errlen, ret,
			       "/proc/iomem: more than %d ranges to map",
			       CC_MAX_WORK_REGIONS);

	for (unsigned int i = 0; i < p->num; i++)
		if (p->region[i].kind == CC_REG_RAM &&
		    p->region[i].start <= rs && re <= p->region[i].end)
			inside = true;
	if (!inside)
		return cc_fail(
			err, errlen, -EINVAL,
			"0x%llx-0x%llx for the hypervisor and cell memory is not inside the RAM /proc/iomem shows",
			(unsigned long long)rs, (unsigned long long)re - 1);
	if (subtract_ram(p, rs, re) ||
	    add_region(p, CC_REG_CELL, rs + p->hv_size, re))
		return cc_fail(err, errlen, -ENOSPC,
			       "/proc/iomem: more than %d ranges to map",
			       CC_MAX_WORK_REGIONS);
	tidy_regions(p);
	if (p->num > BH_MAX_MEM_REGIONS)
		return cc_fail(
			err, errlen, -ENOSPC,
			"this memory map needs %u root-cell memory regions, more than the %d a config holds",
			p->num, BH_MAX_MEM_REGIONS);
	name_regions(p);
	return 0;
}
