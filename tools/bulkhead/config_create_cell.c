// SPDX-License-Identifier: GPL-2.0
/*
 * config create --cell: a cell config for a validated system config, its
 * memory placed in cell-memory beside the root cell's ivshmem devices and
 * the other cells given, checked with the system and with each of them.
 * With --bench, the bench's rt-probe cell (config_create_bench.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bh/config_check.h>

#include "config_create_internal.h"

static struct cc_span ivshmem_span(const struct bh_ivshmem_desc *d)
{
	return (struct cc_span){
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
	if (!o->memory || o->memory & (CC_SZ_4K - 1) ||
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

static void add_used(struct cc_span *used, size_t *n, struct cc_span s,
		     const struct bh_phys_range *cm)
{
	uint64_t cs = cm->phys_start, ce = cm->phys_start + cm->size;

	if (s.end <= cs || s.start >= ce)
		return;
	used[(*n)++] = (struct cc_span){ cc_max_u64(s.start, cs),
					 cc_min_u64(s.end, ce) };
}

/* What of cell-memory the root cell's devices and the other cells use. */
static size_t used_spans(const struct bh_system_desc *sys,
			 const struct cc_cell_options *o, struct cc_span *used)
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
				 (struct cc_span){ r->phys_start,
						   r->phys_start + r->size },
				 cm);
		}
		for (uint32_t i = 0;
		     i < cell->num_ivshmem && i < BH_MAX_IVSHMEM; i++)
			add_used(used, &n, ivshmem_span(&cell->ivshmem[i]), cm);
	}
	qsort(used, n, sizeof(*used), cc_cmp_span);
	return n;
}

/* The lowest 2 MiB boundary in cell-memory with @total bytes unused. */
static bool place_cell(const struct bh_system_desc *sys,
		       const struct cc_cell_options *o, uint64_t total,
		       uint64_t *at)
{
	const struct bh_phys_range *cm = &sys->cell_memory;
	uint64_t cand = cc_align_up(cm->phys_start, CC_SZ_2M);
	uint64_t end = cm->phys_start + cm->size;
	struct cc_span *used = calloc(max_used(o), sizeof(*used));
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
			cand = cc_align_up(used[i].end, CC_SZ_2M);
			moved = true;
		}
	}
	free(used);
	if (cand >= end || end - cand < total)
		return false;
	*at = cand;
	return true;
}

static void emit_plain(FILE *f, const struct bh_system_desc *sys,
		       const struct cc_cell_options *o, uint64_t at)
{
	const struct bh_phys_range *cm = &sys->cell_memory;
	char cpus[256], size[32];

	cc_comment(
		f, "",
		"Cell '%s', written by `bulkhead config create --cell` for the system config %s. Its memory is the lowest free 2 MiB boundary of that config's cell-memory, 0x%llx-0x%llx, with room%s%s; its CPUs leave Linux when the cell is created. Syntax and rules: docs/config.md.",
		o->name, o->system_label, (unsigned long long)cm->phys_start,
		(unsigned long long)(cm->phys_start + cm->size - 1),
		sys->root_cell.num_ivshmem ?
			", beside the root cell's ivshmem devices" :
			"",
		o->num_others ? " and the cells given" : "");
	fprintf(f, "#\n");
	cc_comment(
		f, "",
		"Guest-physical layout (that of configs/cells/hello.yaml for --memory 1M):\n  0x0-0x%llx  RAM, loadable: the image is loaded at 0\n  0x%llx-0x%llx  the comm region\nInmates built with inmates/lib run in the first 1 MiB; they find the comm region wherever it is (the hypervisor passes its address).",
		(unsigned long long)o->memory - 1,
		(unsigned long long)o->memory,
		(unsigned long long)o->memory + CC_SZ_4K - 1);
	hw_cpulist_format(o->cpus, cpus, sizeof(cpus));
	cc_region_size(size, sizeof(size), o->memory);
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
	cc_comment(
		f, "",
		"No I/O ports and no UART of its own: its console output goes to the comm region. To give it a UART, add a pio range of the UART's 8 ports (ones the root cell has in root-cell.pio, not the hypervisor's) and console-port.");
}

/* The cell's text: the plain layout, or with @b the bench's rt-probe. */
static int emit_cell(const struct bh_system_desc *sys,
		     const struct cc_cell_options *o,
		     const struct cc_bench_cell *b, uint64_t at,
		     struct cc_result *out)
{
	FILE *f;

	f = open_memstream(&out->text, &out->len);
	if (!f)
		return -ENOMEM;
	if (b)
		cc_emit_bench_cell(f, sys, o, b, at);
	else
		emit_plain(f, sys, o, at);
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
	struct cc_cell_options eff = *o;
	struct cc_bench_cell b;
	uint64_t at, total;
	char what[96];
	int ret;

	memset(out, 0, sizeof(*out));
	/* With --bench, --memory is the workload buffer, by default 48M. */
	if (o->bench && !eff.memory)
		eff.memory = CC_BENCH_BUFFER;
	ret = check_cell_options(sys, &eff, err, errlen);
	if (!ret && o->bench)
		ret = cc_bench_cell_check(sys, &eff, &b, err, errlen);
	if (ret)
		return ret;
	total = o->bench ? cc_bench_cell_total(&b) : eff.memory + CC_SZ_4K;
	if (o->bench)
		snprintf(what, sizeof(what),
			 "1M of RAM, 4K comm region and %s workload buffer",
			 cc_size(eff.memory, 0));
	else
		snprintf(what, sizeof(what), "%s of RAM and 4K comm region",
			 cc_size(eff.memory, 0));
	if (!place_cell(sys, &eff, total, &at))
		return cc_fail(
			err, errlen, -ENOSPC,
			"cell-memory 0x%llx-0x%llx has no room for the cell's %s from a 2 MiB boundary%s",
			(unsigned long long)sys->cell_memory.phys_start,
			(unsigned long long)(sys->cell_memory.phys_start +
					     sys->cell_memory.size - 1),
			what,
			o->num_others || sys->root_cell.num_ivshmem ?
				" beside the other cells and the root cell's ivshmem devices" :
				"");
	ret = emit_cell(sys, &eff, o->bench ? &b : NULL, at, out);
	if (ret)
		cc_fail(err, errlen, ret, "out of memory");
	else
		ret = verify_cell(sys, &eff, label, out, err, errlen);
	if (ret)
		cc_result_free(out);
	return ret;
}
