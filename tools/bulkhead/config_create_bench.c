// SPDX-License-Identifier: GPL-2.0
/*
 * config create --bench: what the isolation bench (docs/bench.md) needs of
 * a system config and of its rt-probe cell, so that `bulkhead bench run`
 * works on a machine without hand edits.
 *
 * System config: the root cell's `bench` ivshmem device as in
 * configs/qemu-svm.yaml (protocol 0x4250, 2 peers, the root peer 0, 2
 * vectors, a 4K state table, a 1M R/W section, 512K output sections), its
 * shared memory the top of cell-memory from a 2 MiB boundary and out of
 * the root cell's cell-memory region, its bdf the lowest slot of bus 0
 * from 0x10 that no PCI function uses (/sys/bus/pci/devices); and the
 * regulation limits of configs/qemu-svm.yaml for the cell rt-probe.
 *
 * Cell config: the layout of configs/cells/rt-probe.yaml (1M of RAM at 0,
 * the comm region at 0x100000, the device at 0x200000, the workload
 * buffer at 0x1000000, where inmates/rt-probe looks for it when loaded
 * without parameters, as `bench run` loads it), with the peer entry of
 * the system config's `bench` device.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/rtprobe.h>

#include "config_create_internal.h"

#define PCI_DIR "/sys/bus/pci/devices"
#define NUM_SLOTS 32u
#define FIRST_SLOT 0x10u
/* Functions the slot comment lists before "and N more". */
#define MAX_LISTED 24u

#define BENCH_NAME "bench"
#define BENCH_CELL "rt-probe"
#define BENCH_PEERS 2u
#define BENCH_STATE CC_SZ_4K
#define BENCH_RW CC_SZ_1M
#define BENCH_OUTPUT (512 * 1024ull)
#define BENCH_SIZE (BENCH_STATE + BENCH_RW + BENCH_PEERS * BENCH_OUTPUT)

_Static_assert(sizeof(struct bh_probe_output) <= BENCH_OUTPUT,
	       "the probe's output section holds struct bh_probe_output");

/* The guest layout of configs/cells/rt-probe.yaml. */
#define CELL_RAM CC_SZ_1M /* inmates/lib images run in the first MiB */
#define CELL_DEV_GUEST CC_SZ_2M
/* inmates/rt-probe's buffer= default; its buffer_size= is CC_BENCH_BUFFER */
#define CELL_BUFFER_GUEST CC_SZ_16M
#define CELL_BUFFER_MIN BH_PROBE_MAX_SIZE
/* Host memory: RAM and comm region, the buffer from the next 2 MiB. */
#define CELL_BUFFER_OFFSET CC_SZ_2M

/* --- Reading the PCI functions --- */

/* @n hex digits (at least @min, at most @max) at *@s, then @sep. */
static bool hex_field(const char **s, unsigned int min, unsigned int max,
		      char sep, unsigned int *out)
{
	unsigned int n = 0, v = 0;

	for (; n < max; n++) {
		char c = (*s)[n];
		unsigned int d;

		if (c >= '0' && c <= '9')
			d = (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			d = (unsigned int)(c - 'a' + 10);
		else
			break;
		v = v * 16 + d;
	}
	if (n < min || (*s)[n] != sep)
		return false;
	*s += n + (sep ? 1 : 0);
	*out = v;
	return true;
}

/* "DDDD:BB:SS.F", as sysfs names a function. */
static bool parse_function(const char *name, unsigned int *dom,
			   unsigned int *bus, unsigned int *slot,
			   unsigned int *fn)
{
	const char *s = name;

	return hex_field(&s, 4, 8, ':', dom) && hex_field(&s, 2, 2, ':', bus) &&
	       hex_field(&s, 2, 2, '.', slot) && hex_field(&s, 1, 1, 0, fn) &&
	       *slot < NUM_SLOTS && *fn < 8;
}

void cc_read_pci(const struct hw_source *src, struct cc_machine *m)
{
	unsigned int dom, bus, slot, fn;
	char **names;
	size_t num;
	int ret;

	ret = hw_list_dir(src, PCI_DIR, &names, &num);
	if (ret) {
		snprintf(m->pci_note, sizeof(m->pci_note), "%s: %s", PCI_DIR,
			 strerror(-ret));
		return;
	}
	for (size_t i = 0; i < num; i++) {
		if (!parse_function(names[i], &dom, &bus, &slot, &fn)) {
			snprintf(
				m->pci_note, sizeof(m->pci_note),
				"%s: '%.40s' is not a PCI function (DDDD:BB:DD.F)",
				PCI_DIR, names[i]);
			hw_free_names(names, num);
			return;
		}
		if (dom || bus)
			m->pci_elsewhere++;
		else
			m->bus0_fn[slot] |= (uint8_t)(1u << fn);
	}
	hw_free_names(names, num);
	m->have_pci = true;
}

/* --- The system config --- */

/* Which functions bus 0 has, and why the device gets @slot. */
static void slot_why(const struct cc_machine *m, unsigned int slot, char *buf,
		     size_t len)
{
	unsigned int listed = 0, more = 0;
	size_t n = 0;

	n += (size_t)snprintf(buf, len, "On PCI bus 0, %s shows ", PCI_DIR);
	for (unsigned int s = 0; s < NUM_SLOTS; s++)
		for (unsigned int f = 0; f < 8; f++) {
			if (!(m->bus0_fn[s] & (1u << f)))
				continue;
			if (listed == MAX_LISTED) {
				more++;
				continue;
			}
			if (n < len)
				n += (size_t)snprintf(buf + n, len - n,
						      "%s00:%02x.%x",
						      listed ? ", " : "", s, f);
			listed++;
		}
	if (n < len && more)
		n += (size_t)snprintf(buf + n, len - n, " and %u more", more);
	if (n < len && !listed)
		n += (size_t)snprintf(buf + n, len - n, "no function");
	if (n < len && m->pci_elsewhere)
		n += (size_t)snprintf(buf + n, len - n,
				      " (and %u functions on other buses)",
				      m->pci_elsewhere);
	if (n >= len)
		return;
	if (slot >= FIRST_SLOT)
		snprintf(
			buf + n, len - n,
			". Slot 0x%02x is the lowest free one from 0x10 (as in configs/qemu-svm.yaml, clear of the low slots where boards put their devices): the root cell sees the device at 00:%02x.0. A physical function that appears there later makes bulkhead enable refuse this config.",
			slot, slot);
	else
		snprintf(
			buf + n, len - n,
			". Slots 0x10-0x1f are all taken; slot 0x%02x is the lowest free one: the root cell sees the device at 00:%02x.0. A physical function that appears there later makes bulkhead enable refuse this config.",
			slot, slot);
}

static int pick_slot(const struct cc_machine *m, struct cc_plan *p, char *err,
		     size_t errlen)
{
	unsigned int slot = NUM_SLOTS;

	if (!m->have_pci)
		return cc_fail(
			err, errlen, -EINVAL,
			"--bench: which slots of PCI bus 0 are free is unknown: %s (recordings made before `hardware record` kept the PCI functions lack it: record again)",
			m->pci_note);
	for (unsigned int s = FIRST_SLOT; s < NUM_SLOTS && slot == NUM_SLOTS;
	     s++)
		if (!m->bus0_fn[s])
			slot = s;
	for (unsigned int s = 0; s < FIRST_SLOT && slot == NUM_SLOTS; s++)
		if (!m->bus0_fn[s])
			slot = s;
	if (slot == NUM_SLOTS)
		return cc_fail(
			err, errlen, -ENOSPC,
			"--bench: every one of the 32 device slots of PCI bus 0 has a function (%s), so none is free for the bench device",
			PCI_DIR);
	p->bench_slot = slot;
	slot_why(m, slot, p->bench_slot_why, sizeof(p->bench_slot_why));
	return 0;
}

int cc_plan_bench(const struct cc_machine *m, struct cc_plan *p, char *err,
		  size_t errlen)
{
	uint64_t cs = p->hv_start + p->hv_size, ce = cs + p->cell_size;
	/* The device's 2 MiB at the top, the default rt-probe cell below. */
	uint64_t need = cc_align_up(BENCH_SIZE, CC_SZ_2M) + CELL_BUFFER_OFFSET +
			CC_BENCH_BUFFER;
	unsigned int first, last;
	char why[CC_NOTE_LEN];
	struct cc_region *cell = NULL;
	uint64_t base;
	int ret;

	if (!cc_pick_mcfg(m, &base, &first, &last, why, sizeof(why)))
		return cc_fail(
			err, errlen, -EINVAL,
			"--bench: no pci-mmconfig (%s); the bench device's configuration space appears there",
			why);
	if (first)
		return cc_fail(
			err, errlen, -EINVAL,
			"--bench: pci-mmconfig covers buses %u-%u (the MCFG table's segment 0), not bus 0, where the bench device goes",
			first, last);
	ret = pick_slot(m, p, err, errlen);
	if (ret)
		return ret;
	if (p->cell_size < need)
		return cc_fail(
			err, errlen, -ENOSPC,
			"--bench: cell-memory's %s has no room for the bench device's shared memory (2M and 4K at its top, from a 2 MiB boundary) and below it the rt-probe cell (1M of RAM, its comm region and a 48M workload buffer from 2 MiB boundaries): it needs at least %s",
			cc_size(p->cell_size, 0), cc_size(need, 1));
	for (unsigned int i = 0; i < p->num; i++)
		if (p->region[i].kind == CC_REG_CELL)
			cell = &p->region[i];
	if (!cell || cell->end != ce)
		return cc_fail(
			err, errlen, -EINVAL,
			"internal error: the root cell has no cell-memory region to take the bench device's memory out of");
	p->bench_start = cc_align_down(ce - BENCH_SIZE, CC_SZ_2M);
	cell->end = p->bench_start;
	p->bench = true;
	return 0;
}

void cc_emit_bench_cell_region(FILE *f, const struct cc_plan *p)
{
	uint64_t ce = p->hv_start + p->hv_size + p->cell_size;

	cc_comment(
		f, "    ",
		"Reserved by memmap= so that Linux does not allocate it, but mapped: the root cell loads cell images here before a cell takes its part. All of cell-memory but its top %s from 0x%llx, which holds the shared memory of the bench ivshmem device below: the root cell reaches that only through the device, so that it cannot write the probe's output section.",
		cc_size(ce - p->bench_start, 0),
		(unsigned long long)p->bench_start);
}

void cc_emit_bench_regulation(FILE *f, const struct cc_machine *m)
{
	cc_comment(
		f, "",
		"The isolation bench's defaults (those of configs/qemu-svm.yaml), so that `bulkhead bench run --regulate` works: the cell %s may ask the hypervisor to hold the root cell's CPUs back (docs/regulation.md). Stop holds them at most 2 ms at a time, then lets them run at least 1 ms; duty lets them run half of every 1 ms.",
		BENCH_CELL);
	fprintf(f, "regulation:\n  max-hold-us: 2000\n  min-run-us: 1000\n"
		   "  duty-period-us: 1000\n  duty-run-percent: 50\n");
	if (m->emulated) {
		cc_comment(
			f, "  ",
			"This machine runs under a hypervisor ('%s'): one of its virtual CPUs can wait for a host core far longer than a CPU takes an NMI, so a request's hypercall waits up to %u ms for the root's CPUs to take it up, not the %u ms meant for hardware.",
			m->hypervisor[0] ? m->hypervisor : "no vendor string",
			CC_TAKE_UP_EMULATED_US / 1000,
			BH_REG_TAKE_UP_DEFAULT_US / 1000);
		fprintf(f, "  take-up-us: %u\n", CC_TAKE_UP_EMULATED_US);
	}
	fprintf(f, "  cells: [%s]\n", BENCH_CELL);
}

void cc_emit_bench_device(FILE *f, const struct cc_plan *p)
{
	fprintf(f, "  ivshmem:\n");
	cc_comment(
		f, "    ",
		"The isolation bench's device (docs/bench.md), as in configs/qemu-svm.yaml: protocol 0x%x (include/bulkhead/rtprobe.h), the root cell peer 0, the cell %s peer 1 (`bulkhead config create --cell %s --cpus N --bench -s THIS-FILE` writes its config). Commands go in the root's output section, input chunks in the R/W section, the probe's histograms in its output section. Its shared memory, 0x%llx bytes, is the top of cell-memory from a 2 MiB boundary (the validator asks for 4K; on 2 MiB the root cell's cell-memory region ends where 2 MiB pages can map it whole): inside the memmap= reservation, outside that region.",
		BH_PROBE_PROTOCOL, BENCH_CELL, BENCH_CELL,
		(unsigned long long)BENCH_SIZE);
	cc_emit_comment(f, "    ", p->bench_slot_why);
	fprintf(f,
		"    - name: %s\n      bdf: 00:%02x.0\n      peers: %u\n"
		"      id: 0\n      protocol: 0x%x\n      vectors: %d\n",
		BENCH_NAME, p->bench_slot, BENCH_PEERS, BH_PROBE_PROTOCOL,
		BH_PROBE_VECTORS);
	fprintf(f,
		"      memory: {start: 0x%llx, state-table: %s, rw: %s, output: %s}\n",
		(unsigned long long)p->bench_start, cc_size(BENCH_STATE, 0),
		cc_size(BENCH_RW, 1), cc_size(BENCH_OUTPUT, 2));
}

/* --- The rt-probe cell --- */

static uint64_t dev_total(const struct bh_ivshmem_desc *d)
{
	return d->state_size + d->rw_size +
	       (uint64_t)d->max_peers * d->output_size;
}

/* The system's device, and whether the bench can use it. */
static int find_device(const struct bh_system_desc *sys,
		       const struct cc_cell_options *o, struct cc_bench_cell *b,
		       char *err, size_t errlen)
{
	const struct bh_cell_desc *root = &sys->root_cell;
	const struct bh_ivshmem_desc *d = NULL;

	for (uint32_t i = 0; i < root->num_ivshmem && i < BH_MAX_IVSHMEM; i++)
		if (!strncmp(root->ivshmem[i].name, BENCH_NAME, BH_NAME_LEN))
			d = &root->ivshmem[i];
	if (!d)
		return cc_fail(
			err, errlen, -EINVAL,
			"--bench: the system config %s has no ivshmem device '%s' in root-cell.ivshmem, of which the rt-probe cell is a peer (`config create --bench` writes one)",
			o->system_label, BENCH_NAME);
	if (d->max_peers != BENCH_PEERS || d->protocol != BH_PROBE_PROTOCOL ||
	    d->output_size < sizeof(struct bh_probe_output) || !d->rw_size)
		return cc_fail(
			err, errlen, -EINVAL,
			"--bench: the '%s' device of %s has %u peers, protocol 0x%x, a %s R/W section and %s output sections; the bench needs 2 peers, protocol 0x%x, a R/W section and output sections of at least %s",
			BENCH_NAME, o->system_label, d->max_peers, d->protocol,
			cc_size(d->rw_size, 0), cc_size(d->output_size, 1),
			BH_PROBE_PROTOCOL,
			cc_size(cc_align_up(sizeof(struct bh_probe_output),
					    CC_SZ_4K),
				2));
	b->dev = d;
	return 0;
}

int cc_bench_cell_check(const struct bh_system_desc *sys,
			const struct cc_cell_options *o,
			struct cc_bench_cell *b, char *err, size_t errlen)
{
	const struct bh_pci_mmconfig *mc = &sys->pci_mmconfig;
	uint64_t top, window;
	int ret;

	memset(b, 0, sizeof(*b));
	if (strcmp(o->name, BENCH_CELL))
		return cc_fail(
			err, errlen, -EINVAL,
			"--cell: with --bench the cell must be '%s': `bulkhead bench run` creates and starts the cell of that name, and the regulation names it",
			BENCH_CELL);
	if (o->cpus & (o->cpus - 1))
		return cc_fail(
			err, errlen, -EINVAL,
			"--cpus: with --bench one CPU: the probe runs on one, which `bench run --cpu` then names");
	if (o->memory < CELL_BUFFER_MIN)
		return cc_fail(
			err, errlen, -EINVAL,
			"--memory: with --bench it is the probe's workload buffer, at least %s (the largest input inmates/rt-probe takes), not %s",
			cc_size(CELL_BUFFER_MIN, 0), cc_size(o->memory, 1));
	ret = find_device(sys, o, b, err, errlen);
	if (ret)
		return ret;
	b->buffer = o->memory;
	/* Where rt-probe.yaml has it, or above the buffer if it is larger. */
	if (dev_total(b->dev) <= CELL_BUFFER_GUEST - CELL_DEV_GUEST)
		b->dev_guest = CELL_DEV_GUEST;
	else
		b->dev_guest =
			cc_align_up(CELL_BUFFER_GUEST + b->buffer, CC_SZ_2M);
	top = cc_max_u64(CELL_BUFFER_GUEST + b->buffer,
			 b->dev_guest + dev_total(b->dev));
	window = mc->phys_start + ((uint64_t)mc->start_bus << 20);
	if (window < top)
		return cc_fail(
			err, errlen, -EINVAL,
			"--memory: the cell's guest memory up to 0x%llx reaches PCI configuration space at 0x%llx (pci-mmconfig), where the cell finds its device",
			(unsigned long long)top - 1,
			(unsigned long long)window);
	return 0;
}

uint64_t cc_bench_cell_total(const struct cc_bench_cell *b)
{
	return CELL_BUFFER_OFFSET + b->buffer;
}

static bool regulated(const struct bh_system_desc *sys)
{
	const struct bh_regulation_desc *r = &sys->regulation;

	for (uint32_t i = 0; i < r->num_cells && i < BH_REG_MAX_CELLS; i++)
		if (!strncmp(r->cells[i], BENCH_CELL, BH_REG_NAME_LEN))
			return true;
	return false;
}

static void emit_dev_line(FILE *f, const struct cc_bench_cell *b)
{
	const struct bh_ivshmem_desc *d = b->dev;

	fprintf(f,
		"#   0x%llx-0x%llx  the device's shared memory: a %s state table,\n"
		"#     the %s R/W section, two %s output sections\n",
		(unsigned long long)b->dev_guest,
		(unsigned long long)(b->dev_guest + dev_total(d) - 1),
		cc_size(d->state_size, 0), cc_size(d->rw_size, 1),
		cc_size(d->output_size, 2));
}

void cc_emit_bench_cell(FILE *f, const struct bh_system_desc *sys,
			const struct cc_cell_options *o,
			const struct cc_bench_cell *b, uint64_t at)
{
	const struct bh_phys_range *cm = &sys->cell_memory;
	const struct bh_ivshmem_desc *d = b->dev;
	uint64_t buf_end = CELL_BUFFER_GUEST + b->buffer;
	unsigned int id = d->peer_id ? 0 : 1;
	int cpu = __builtin_ctzll(o->cpus);
	char size[32];

	cc_comment(
		f, "",
		"The isolation bench's real-time cell (docs/bench.md), written by `bulkhead config create --cell %s --bench` for the system config %s: inmates/rt-probe on CPU %d, peer %u of that config's `%s` ivshmem device. Run the bench with `bulkhead bench run --system SYSTEM --cell THIS-FILE --cpu %d --inmate rt-probe.bin`. Its memory is the lowest free 2 MiB boundary of cell-memory, 0x%llx-0x%llx, with room beside the root cell's ivshmem devices%s; its CPU leaves Linux when the cell is created. Syntax and rules: docs/config.md.",
		o->name, o->system_label, cpu, id, BENCH_NAME, cpu,
		(unsigned long long)cm->phys_start,
		(unsigned long long)(cm->phys_start + cm->size - 1),
		o->num_others ? " and the cells given" : "");
	fprintf(f, "#\n");
	cc_comment(
		f, "",
		"Guest-physical layout (that of configs/cells/rt-probe.yaml%s):",
		b->buffer == CC_BENCH_BUFFER && b->dev_guest == CELL_DEV_GUEST ?
			"" :
			" but for the buffer's size or the device's place");
	fprintf(f, "#   0x0-0x%llx  RAM, loadable: the image is loaded at 0\n",
		(unsigned long long)CELL_RAM - 1);
	fprintf(f, "#   0x%llx-0x%llx  the comm region\n",
		(unsigned long long)CELL_RAM,
		(unsigned long long)(CELL_RAM + CC_SZ_4K - 1));
	if (b->dev_guest < CELL_BUFFER_GUEST)
		emit_dev_line(f, b);
	fprintf(f,
		"#   0x%llx-0x%llx  the workload buffer, %s: where inmates/rt-probe\n"
		"#     looks for it without parameters, as `bench run` loads it;\n"
		"#     inputs up to 40 MiB%s\n",
		(unsigned long long)CELL_BUFFER_GUEST,
		(unsigned long long)buf_end - 1, cc_size(b->buffer, 0),
		b->buffer > CC_BENCH_BUFFER ?
			", of which it uses the first 48M" :
			"");
	if (b->dev_guest > CELL_BUFFER_GUEST)
		emit_dev_line(f, b);
	fprintf(f,
		"#   0x%llx  PCI configuration space (pci-mmconfig): the device\n"
		"#     at 00:00.0\n",
		(unsigned long long)(sys->pci_mmconfig.phys_start +
				     ((uint64_t)sys->pci_mmconfig.start_bus
				      << 20)));
	fprintf(f, "kind: cell\nname: %s\ncpus: [%d]\nmemory:\n", o->name, cpu);
	fprintf(f,
		"  - {name: ram, start: 0x%llx, guest: 0x0, size: 1M,\n"
		"     flags: [read, write, execute, loadable]}\n",
		(unsigned long long)at);
	fprintf(f,
		"  - {name: comm, start: 0x%llx, guest: 0x%llx, size: 4K,\n"
		"     flags: [read, write, comm-region]}\n",
		(unsigned long long)(at + CELL_RAM),
		(unsigned long long)CELL_RAM);
	cc_region_size(size, sizeof(size), b->buffer);
	fprintf(f,
		"  - {name: buffer, start: 0x%llx, guest: 0x%llx, size: %s,\n"
		"     flags: [read, write]}\n",
		(unsigned long long)(at + CELL_BUFFER_OFFSET),
		(unsigned long long)CELL_BUFFER_GUEST, size);
	cc_comment(
		f, "",
		"No I/O ports and no UART of its own: the probe's console output goes to the comm region.");
	cc_comment(
		f, "",
		"Peer %u of the `%s` device in root-cell.ivshmem of %s: the same name, peers, protocol and shared memory; the cell sees it at 00:00.0 of its own bus, with the probe's %d vectors. %s",
		id, BENCH_NAME, o->system_label, BH_PROBE_VECTORS,
		regulated(sys) ?
			"That config's regulation names this cell, so `bench run --regulate` works." :
			"That config's regulation does not name this cell: `bench run --regulate` is refused until it does (`config create --bench` writes one that does).");
	fprintf(f,
		"ivshmem:\n  - name: %s\n    bdf: 00:00.0\n    peers: %u\n"
		"    id: %u\n    protocol: 0x%x\n    vectors: %d\n",
		BENCH_NAME, d->max_peers, id, d->protocol, BH_PROBE_VECTORS);
	fprintf(f,
		"    memory: {start: 0x%llx, guest: 0x%llx, state-table: %s, rw: %s,\n"
		"             output: %s}\n",
		(unsigned long long)d->phys_start,
		(unsigned long long)b->dev_guest, cc_size(d->state_size, 0),
		cc_size(d->rw_size, 1), cc_size(d->output_size, 2));
}
