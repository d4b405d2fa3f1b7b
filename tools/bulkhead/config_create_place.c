// SPDX-License-Identifier: GPL-2.0
/*
 * config create: where the hypervisor and cell memory go, one range that
 * one memmap= reserves (the rules are in config_create.h). An existing
 * memmap= reservation is used as it is; otherwise the lowest free 2 MiB
 * boundary of System RAM with room, above 4 GiB first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_create_internal.h"

#define CC_HV_DEFAULT (16ull << 20)
/* With the hypervisor's 16M, the 512M of the reference platform. */
#define CC_CELL_DEFAULT (496ull << 20)
/* A default smaller than this is no use: say so instead. */
#define CC_CELL_MIN_DEFAULT (16ull << 20)
/* The reservation takes at most this share of the machine's RAM. */
#define CC_RAM_SHARE 4
/* ISA DMA, and where the kernel loads without KASLR. */
#define CC_PLACE_FLOOR CC_SZ_16M

/* --- A memmap= reservation the kernel command line has --- */

/* The top-level /proc/iomem range named @name that holds [s, e), or -1. */
static int top_holding(const struct hw_iomem *io, const char *name, uint64_t s,
		       uint64_t e)
{
	uint64_t ts, te;

	for (size_t i = 0; i < io->num; i++)
		if (cc_top_span(&io->range[i], &ts, &te) && ts <= s &&
		    e <= te && !strcasecmp(io->range[i].name, name))
			return (int)i;
	return -1;
}

/*
 * Whether memmap= range @mm can hold the hypervisor and the cell memory
 * as asked; the reason in @why if not.
 */
static bool existing_fits(const struct cc_machine *m,
			  const struct cc_options *o,
			  const struct hw_memmap *mm, struct cc_plan *p,
			  char *why, size_t len)
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
	if (s & (CC_SZ_2M - 1)) {
		snprintf(
			why, len,
			"it starts at 0x%llx, but hypervisor memory must start 2 MiB aligned",
			(unsigned long long)s);
		return false;
	}
	if (mm->size & (CC_SZ_4K - 1)) {
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
int cc_use_existing(const struct cc_machine *m, const struct cc_options *o,
		    struct cc_plan *p, char *err, size_t errlen)
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

/* --- A new range in free System RAM --- */

/* Free System RAM: not the kernel's, not below the floor. */
struct pieces {
	size_t num, cap;
	struct cc_span *s;
};

static int piece_add(struct pieces *pc, uint64_t s, uint64_t e)
{
	if (s >= e)
		return 0;
	if (pc->num == pc->cap) {
		size_t n = pc->cap ? pc->cap * 2 : 32;
		struct cc_span *ns = realloc(pc->s, n * sizeof(*ns));

		if (!ns)
			return -ENOMEM;
		pc->s = ns;
		pc->cap = n;
	}
	pc->s[pc->num++] = (struct cc_span){ s, e };
	return 0;
}

/* Takes [s, e) out of the pieces from index @first on. */
static int piece_cut(struct pieces *pc, size_t first, uint64_t s, uint64_t e)
{
	size_t n = pc->num;

	for (size_t i = first; i < n; i++) {
		struct cc_span *p = &pc->s[i];

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

		if (!cc_top_span(r, &s, &e) || !cc_is_ram(r->name))
			continue;
		if (piece_add(pc, cc_max_u64(s, CC_PLACE_FLOOR), e))
			return -ENOMEM;
		for (size_t j = i + 1; j < io->num && io->range[j].depth; j++) {
			const struct hw_iomem_range *c = &io->range[j];
			uint64_t ce = c->end >= CC_PHYS_LIMIT ? CC_PHYS_LIMIT :
								c->end + 1;

			if (piece_cut(pc, first, c->start, ce))
				return -ENOMEM;
			if (!strncmp(c->name, "Kernel ", 7)) {
				ks = cc_min_u64(ks, c->start);
				ke = cc_max_u64(ke, ce);
			}
		}
		if (ks < ke && piece_cut(pc, first, ks, ke))
			return -ENOMEM;
	}
	if (pc->num)
		qsort(pc->s, pc->num, sizeof(*pc->s), cc_cmp_span);
	return 0;
}

/* Room from the first 2 MiB boundary at or above @from in @sp. */
static uint64_t room_in(const struct cc_span *sp, uint64_t from)
{
	uint64_t at = cc_align_up(cc_max_u64(sp->start, from), CC_SZ_2M);

	return at < sp->end ? sp->end - at : 0;
}

static bool find_fit(const struct pieces *pc, uint64_t from, uint64_t total,
		     uint64_t *at, size_t *which)
{
	for (size_t i = 0; i < pc->num; i++) {
		if (room_in(&pc->s[i], from) < total)
			continue;
		*at = cc_align_up(cc_max_u64(pc->s[i].start, from), CC_SZ_2M);
		*which = i;
		return true;
	}
	return false;
}

static uint64_t system_ram_total(const struct hw_iomem *io)
{
	uint64_t total = 0, s, e;

	for (size_t i = 0; i < io->num; i++)
		if (cc_top_span(&io->range[i], &s, &e) &&
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
		if (cc_top_span(&io->range[i], &s, &e) && s <= at && at < e) {
			snprintf(buf, len, "%s 0x%llx-0x%llx in /proc/iomem",
				 io->range[i].name, (unsigned long long)s,
				 (unsigned long long)e - 1);
			return;
		}
	}
	snprintf(buf, len, "/proc/iomem");
}

int cc_place_new(const struct cc_machine *m, const struct cc_options *o,
		 struct cc_plan *p, char *err, size_t errlen)
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
		cell = cc_min_u64(CC_CELL_DEFAULT, share > hv ? share - hv : 0);
		cell = cc_min_u64(cell, largest > hv ? largest - hv : 0);
		cell = cc_align_down(cell, CC_SZ_2M);
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
	high = find_fit(&pc, CC_SZ_4G, hv + cell, &at, &which);
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
