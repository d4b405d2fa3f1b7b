// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/config_create.c tools/bulkhead/config_create_machine.c tools/bulkhead/config_create_place.c tools/bulkhead/config_create_regions.c tools/bulkhead/config_create_devices.c tools/bulkhead/config_create_emit.c tools/bulkhead/config_create_cell.c tools/bulkhead/config_create_bench.c tools/bulkhead/hw_iomem.c tools/bulkhead/hw_text.c tools/bulkhead/hw_cmdline.c tools/bulkhead/hw_source.c tools/bulkhead/hw_acpi.c tools/bulkhead/config_yaml.c tools/bulkhead/config_file.c tools/bulkhead/cli_util.c hypervisor/core/config_check.c hypervisor/core/format.c tests/unit/cli_harness.c -lyaml
/*
 * `bulkhead config create --bench` (tools/bulkhead/config_create_bench.c)
 * on recorded machines (tests/unit/fixtures/hw/):
 *
 * - the reference platform's recording gives the bench device, the
 *   regulation block and the root cell's cell-memory region of
 *   configs/qemu-svm.yaml, field by field (one difference, below);
 * - the development host's gets the device at the top of its cell-memory,
 *   in the first free slot from 0x10 of its bus 0 (00:00.0-00:05.0);
 * - copies of the recordings: slot 0x10 taken, every slot from 0x10
 *   taken, all 32 taken (refused), no PCI functions recorded, no MCFG,
 *   cell-memory too small for the bench;
 * - the cell form gives configs/cells/rt-probe.yaml (differences below),
 *   and refuses what the bench cannot use;
 * - through the built CLI: `config check` passes the generated system
 *   config with the generated cell, and with configs/cells/rt-probe.yaml.
 *
 * Where the generated configs differ from the hand-written ones, and why:
 * - the bench device's bdf: 00:10.0, not 00:11.0. Both are the lowest
 *   free slot from 0x10, but the reference config has the demo device at
 *   00:10.0, which --bench does not write (test_bench_slots shows 00:11.0
 *   when 0x10 is taken);
 * - the rt-probe cell's host addresses: the generator takes the lowest
 *   free 2 MiB boundary of cell-memory beside the cells given (0x31000000
 *   alone), its RAM, comm region and buffer one after the other (the
 *   buffer from the next 2 MiB); rt-probe.yaml was placed by hand at
 *   0x40000000, clear of the other example cells, with host offsets equal
 *   to guest offsets. The guest layout, sizes, flags and names are equal.
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
#include <cmocka.h>

#include <bh/config_check.h>
#include "../../tools/bulkhead/config_create.h"
#include "../../tools/bulkhead/config_file.h"
#include "cli_harness.h"

#define HW "tests/unit/fixtures/hw/"
#define MiB (1ull << 20)
/* The recording's PCI functions, relative to its fs/. */
#define PCI "sys/bus/pci/devices"

static struct cc_result result;
static char error[1024];
static const struct cc_options bench = { .bench = true };

/* --- recordings --- */

static const char *fixture_dir(const char *name)
{
	static char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/" HW "%s", cli_top, name);
	return path;
}

/* A scratch copy of recording @name, to change files in. */
static const char *copy_of(const char *name, const char *copy)
{
	static char dir[256];
	char cmd[PATH_MAX * 2 + 400];

	snprintf(dir, sizeof(dir), "%s/%s", cli_tmp, copy);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -r '%s' '%s'", dir,
		 fixture_dir(name), dir);
	assert_int_equal(system(cmd), 0);
	return dir;
}

/* A shell command on the copy's fs/ (@fmt names paths under it). */
static void in_copy(const char *dir, const char *fmt, ...)
{
	char cmd[1024], body[900];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	snprintf(cmd, sizeof(cmd), "cd '%s/fs' && %s", dir, body);
	assert_int_equal(system(cmd), 0);
}

/* config create on recording @dir with @o into the global result. */
static int create(const char *dir, const struct cc_options *o)
{
	static const struct cc_options none;
	struct cc_machine *m = calloc(1, sizeof(*m));
	struct hw_source src;
	int ret;

	assert_non_null(m);
	cc_result_free(&result);
	error[0] = '\0';
	assert_int_equal(hw_open_recorded(&src, dir, error, sizeof(error)), 0);
	ret = cc_read_machine(&src, m, error, sizeof(error));
	hw_close(&src);
	if (!ret) {
		ret = cc_system(m, o ? o : &none, "test", &result, error,
				sizeof(error));
		cc_machine_free(m);
	}
	free(m);
	return ret;
}

static void expect_create_error(const char *dir, const struct cc_options *o,
				int ret, const char *msg)
{
	int got = create(dir, o);

	if (got != ret || strcmp(error, msg))
		fail_msg("returned %d, \"%s\"\n   expected %d, \"%s\"", got,
			 error, ret, msg);
	assert_null(result.text);
}

/* Whether the line at @p is a comment: indentation, then '#'. */
static bool comment_line(const char *p)
{
	p += strspn(p, " ");
	return *p == '#';
}

/* @phrase in the config's comments, however they are wrapped. */
static void expect_said(const char *phrase)
{
	const char *t = result.text ? result.text : "", *line = t;
	char *flat = malloc(strlen(t) + 1);
	size_t j = 0;

	assert_non_null(flat);
	for (const char *p = t; *p; p++) {
		const char *next = p + 1, *q = next + strspn(next, " ");

		if (*p == '\n' && comment_line(line) && q[0] == '#' &&
		    q[1] == ' ' && q[2] && q[2] != ' ') {
			flat[j++] = ' ';
			p = q + 1;
			line = next;
			continue;
		}
		flat[j++] = *p;
		if (*p == '\n')
			line = next;
	}
	flat[j] = '\0';
	if (!strstr(flat, phrase))
		fail_msg("the comments lack \"%s\":\n%s", phrase, flat);
	free(flat);
}

static void load_config(const char *rel, struct config *cfg)
{
	char path[PATH_MAX + 64], err[256];

	snprintf(path, sizeof(path), "%s/%s", cli_top, rel);
	assert_int_equal(config_load(path, cfg, err, sizeof(err)), 0);
}

static struct bh_ivshmem_desc *device(struct bh_cell_desc *c, const char *name)
{
	for (uint32_t i = 0; i < c->num_ivshmem; i++)
		if (!strcmp(c->ivshmem[i].name, name))
			return &c->ivshmem[i];
	fail_msg("no ivshmem device '%s' in cell '%s'", name, c->name);
	return NULL;
}

static struct bh_mem_region *region(struct bh_cell_desc *c, const char *name)
{
	for (uint32_t i = 0; i < c->num_mem_regions; i++)
		if (!strcmp(c->mem_regions[i].name, name))
			return &c->mem_regions[i];
	fail_msg("no memory region '%s' in cell '%s'", name, c->name);
	return NULL;
}

#define BDF(slot) ((uint16_t)((slot) << 3))

/* Every field two peers' entries share: all but bdf, id and guest. */
static void expect_same_device(const struct bh_ivshmem_desc *a,
			       const struct bh_ivshmem_desc *b)
{
	assert_string_equal(a->name, b->name);
	assert_true(a->phys_start == b->phys_start);
	assert_true(a->state_size == b->state_size);
	assert_true(a->rw_size == b->rw_size);
	assert_true(a->output_size == b->output_size);
	assert_int_equal(a->protocol, b->protocol);
	assert_int_equal(a->max_peers, b->max_peers);
	assert_int_equal(a->num_vectors, b->num_vectors);
	assert_memory_equal(a->reserved, b->reserved, sizeof(a->reserved));
}

/* --- system configs --- */

static void test_bench_qemu(void **state)
{
	struct bh_system_desc *g = &result.sys, *h;
	struct bh_ivshmem_desc *gd, *hd;
	struct bh_mem_region *gr, *hr;
	struct config ref;

	(void)state;
	assert_int_equal(create(fixture_dir("qemu-svm"), &bench), 0);
	load_config("configs/qemu-svm.yaml", &ref);
	h = &ref.sys;

	/* The bench device: the reference's, but for the bdf (top). */
	assert_int_equal(g->root_cell.num_ivshmem, 1);
	gd = device(&g->root_cell, "bench");
	hd = device(&h->root_cell, "bench");
	expect_same_device(gd, hd);
	assert_true(gd->virt_start == hd->virt_start);
	assert_int_equal(gd->peer_id, hd->peer_id);
	assert_true(gd->phys_start == 0x4fc00000);
	assert_int_equal(gd->bdf, BDF(0x10));
	assert_int_equal(hd->bdf, BDF(0x11));
	assert_int_equal(device(&h->root_cell, "demo")->bdf, BDF(0x10));

	/* The regulation block, every field. */
	assert_memory_equal(&g->regulation, &h->regulation,
			    sizeof(g->regulation));
	assert_int_equal(g->regulation.max_hold_us, 2000);
	assert_int_equal(g->regulation.take_up_us, CC_TAKE_UP_EMULATED_US);
	expect_said(
		"This machine runs under a hypervisor ('TCGTCGTCGTCG'): one of its virtual CPUs can wait for a host core far longer than a CPU takes an NMI, so a request's hypercall waits up to 250 ms");

	/* The root cell's memory, cell-memory's 492M included. */
	assert_int_equal(g->root_cell.num_mem_regions,
			 h->root_cell.num_mem_regions);
	for (uint32_t i = 0; i < g->root_cell.num_mem_regions; i++) {
		gr = &g->root_cell.mem_regions[i];
		hr = &h->root_cell.mem_regions[i];
		assert_string_equal(gr->name, hr->name);
		assert_true(gr->phys_start == hr->phys_start &&
			    gr->virt_start == hr->virt_start &&
			    gr->size == hr->size);
		assert_int_equal(gr->flags, hr->flags);
	}
	gr = region(&g->root_cell, "cell-memory");
	assert_true(gr->phys_start == 0x31000000 && gr->size == 492 * MiB);
	assert_memory_equal(&g->cell_memory, &h->cell_memory,
			    sizeof(g->cell_memory));

	expect_said(
		"On PCI bus 0, /sys/bus/pci/devices shows 00:00.0, 00:01.0, 00:02.0, 00:1f.0, 00:1f.2, 00:1f.3. Slot 0x10 is the lowest free one from 0x10");
	expect_said(
		"# The isolation bench's defaults (those of configs/qemu-svm.yaml), so that `bulkhead bench run --regulate` works");
	expect_said(
		"All of cell-memory but its top 4M from 0x4fc00000, which holds the shared memory of the bench ivshmem device below");
	expect_said(
		"    - name: bench\n      bdf: 00:10.0\n      peers: 2\n"
		"      id: 0\n      protocol: 0x4250\n      vectors: 2\n"
		"      memory: {start: 0x4fc00000, state-table: 4K, rw: 1M, "
		"output: 512K}\n");
	assert_int_equal(result.num_notes, 0);
	config_release(&ref);
	cc_result_free(&result);
}

/* Its bus 0 has 00:00.0-00:05.0, its pci-mmconfig bus 0 alone. */
static void test_bench_devhost(void **state)
{
	struct bh_system_desc *g = &result.sys;
	struct bh_ivshmem_desc *d;
	struct config ref;

	(void)state;
	load_config("configs/qemu-svm.yaml", &ref);
	assert_int_equal(create(fixture_dir("devhost"), &bench), 0);
	/* cell-memory 0x101000000-0x11fffffff: its top from 2 MiB. */
	assert_true(g->cell_memory.phys_start == 0x101000000 &&
		    g->cell_memory.size == 496 * MiB);
	d = device(&g->root_cell, "bench");
	assert_true(d->phys_start == 0x11fc00000 &&
		    d->virt_start == 0x11fc00000);
	assert_int_equal(d->bdf, BDF(0x10));
	assert_int_equal(d->peer_id, 0);
	assert_true(d->state_size == 4096 && d->rw_size == MiB &&
		    d->output_size == 512 * 1024);
	assert_int_equal(d->protocol, 0x4250);
	assert_int_equal(d->max_peers, 2);
	assert_int_equal(d->num_vectors, 2);
	assert_true(region(&g->root_cell, "cell-memory")->size == 492 * MiB);
	assert_memory_equal(&g->regulation, &ref.sys.regulation,
			    sizeof(g->regulation));
	expect_said(
		"On PCI bus 0, /sys/bus/pci/devices shows 00:00.0, 00:01.0, 00:02.0, 00:03.0, 00:04.0, 00:05.0. Slot 0x10 is the lowest free one from 0x10");
	/* Without --bench: neither device nor regulation, as before. */
	assert_int_equal(create(fixture_dir("devhost"), NULL), 0);
	assert_int_equal(g->root_cell.num_ivshmem, 0);
	assert_int_equal(g->regulation.max_hold_us, 0);
	assert_true(region(&g->root_cell, "cell-memory")->size == 496 * MiB);
	config_release(&ref);
	cc_result_free(&result);
}

/* On hardware (CPUID 1 ECX[31] clear) the take-up bound is the default. */
static void test_bench_hardware_take_up(void **state)
{
	const char *dir = copy_of("qemu-svm", "bare");
	char cmd[PATH_MAX + 128];

	(void)state;
	snprintf(cmd, sizeof(cmd),
		 "sed -i 's/^00000001 0 00a00f11 00040800 fef8320b /"
		 "00000001 0 00a00f11 00040800 7ef8320b /' '%s/cpuid'",
		 dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(create(dir, &bench), 0);
	assert_int_equal(result.sys.regulation.max_hold_us, 2000);
	assert_int_equal(result.sys.regulation.take_up_us,
			 BH_REG_TAKE_UP_DEFAULT_US);
	assert_null(strstr(result.text, "take-up-us"));
	assert_null(strstr(result.text, "runs under a hypervisor"));
	cc_result_free(&result);
}

static void test_bench_slots(void **state)
{
	const char *dir = copy_of("qemu-svm", "slots");
	struct bh_cell_desc *root = &result.sys.root_cell;

	(void)state;
	/* Functions on other buses and segments do not count. */
	in_copy(dir, "mkdir -p " PCI "/0000:01:10.0 " PCI "/0001:00:10.0");
	assert_int_equal(create(dir, &bench), 0);
	assert_int_equal(device(root, "bench")->bdf, BDF(0x10));
	expect_said(
		"00:1f.3 (and 2 functions on other buses). Slot 0x10 is the lowest free one");

	/* 0x10 taken (by any function): 0x11, the reference's slot. */
	in_copy(dir, "mkdir " PCI "/0000:00:10.3");
	assert_int_equal(create(dir, &bench), 0);
	assert_int_equal(device(root, "bench")->bdf, BDF(0x11));

	/* 0x10-0x1f taken: the lowest free below, 0x03. */
	in_copy(dir, "for s in 1 2 3 4 5 6 7 8 9 a b c d e; do "
		     "mkdir -p " PCI "/0000:00:1$s.0; done");
	assert_int_equal(create(dir, &bench), 0);
	assert_int_equal(device(root, "bench")->bdf, BDF(0x03));
	expect_said(
		"Slots 0x10-0x1f are all taken; slot 0x03 is the lowest free one: the root cell sees the device at 00:03.0.");

	/* All 32: refused; without --bench nothing changes. */
	in_copy(dir, "for s in 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f; do "
		     "mkdir -p " PCI "/0000:00:$s.0; done");
	expect_create_error(
		dir, &bench, -ENOSPC,
		"--bench: every one of the 32 device slots of PCI bus 0 has a function (/sys/bus/pci/devices), so none is free for the bench device");
	assert_int_equal(create(dir, NULL), 0);

	/* A name that is no function; no functions recorded at all. */
	dir = copy_of("qemu-svm", "slots");
	in_copy(dir, "mkdir " PCI "/0000:00:1g.0");
	expect_create_error(
		dir, &bench, -EINVAL,
		"--bench: which slots of PCI bus 0 are free is unknown: /sys/bus/pci/devices: '0000:00:1g.0' is not a PCI function (DDDD:BB:DD.F) (recordings made before `hardware record` kept the PCI functions lack it: record again)");
	assert_int_equal(create(dir, NULL), 0);
	in_copy(dir, "rm -r sys/bus/pci");
	expect_create_error(
		dir, &bench, -EINVAL,
		"--bench: which slots of PCI bus 0 are free is unknown: /sys/bus/pci/devices: No such file or directory (recordings made before `hardware record` kept the PCI functions lack it: record again)");

	/* No MCFG: nowhere for the device's configuration space. */
	dir = copy_of("qemu-svm", "slots");
	in_copy(dir, "rm sys/firmware/acpi/tables/MCFG");
	expect_create_error(
		dir, &bench, -EINVAL,
		"--bench: no pci-mmconfig (the ACPI tables have no MCFG); the bench device's configuration space appears there");
	cc_result_free(&result);
}

/* Room for the device and, below it, the default rt-probe cell. */
static void test_bench_small(void **state)
{
	struct cc_options o = { .bench = true, .cell_size = 40 * MiB };
	struct bh_system_desc *g = &result.sys;

	(void)state;
	expect_create_error(
		fixture_dir("devhost"), &o, -ENOSPC,
		"--bench: cell-memory's 40M has no room for the bench device's shared memory (2M and 4K at its top, from a 2 MiB boundary) and below it the rt-probe cell (1M of RAM, its comm region and a 48M workload buffer from 2 MiB boundaries): it needs at least 54M");
	o.cell_size = 54 * MiB;
	assert_int_equal(create(fixture_dir("devhost"), &o), 0);
	assert_true(device(&g->root_cell, "bench")->phys_start == 0x104200000);
	assert_true(region(&g->root_cell, "cell-memory")->size == 50 * MiB);
	cc_result_free(&result);
}

/* --- the rt-probe cell --- */

static int bench_cell(const struct bh_system_desc *sys, const char *name,
		      uint64_t cpus, uint64_t memory,
		      const struct bh_cell_desc *others, size_t n)
{
	static const char *const labels[] = { "a.yaml", "b.yaml" };
	struct cc_cell_options co = {
		.name = name,
		.cpus = cpus,
		.memory = memory,
		.bench = true,
		.system_label = "sys.yaml",
		.others = others,
		.other_labels = labels,
		.num_others = n,
	};

	cc_result_free(&result);
	error[0] = '\0';
	return cc_cell(sys, &co, "test", &result, error, sizeof(error));
}

static void expect_cell_error(const struct bh_system_desc *sys,
			      const char *name, uint64_t cpus, uint64_t memory,
			      const char *msg)
{
	int ret = bench_cell(sys, name, cpus, memory, NULL, 0);

	if (!ret || strcmp(error, msg))
		fail_msg("returned %d, \"%s\"\n   expected \"%s\"", ret, error,
			 msg);
}

/*
 * @c against rt-probe.yaml's @h: equal but for the host addresses, which
 * start at @at (top of this file).
 */
static void expect_like_reference(struct bh_cell_desc *c,
				  struct bh_cell_desc *h, uint64_t at)
{
	assert_string_equal(c->name, h->name);
	assert_true(c->cpu_set == h->cpu_set);
	assert_int_equal(c->num_pio_regions, h->num_pio_regions);
	assert_int_equal(c->console_port, h->console_port);
	assert_int_equal(c->num_mem_regions, h->num_mem_regions);
	for (uint32_t i = 0; i < c->num_mem_regions; i++) {
		const struct bh_mem_region *a = &c->mem_regions[i];
		const struct bh_mem_region *b = &h->mem_regions[i];

		assert_string_equal(a->name, b->name);
		assert_true(a->virt_start == b->virt_start);
		assert_true(a->size == b->size);
		assert_int_equal(a->flags, b->flags);
	}
	/* RAM and comm region together, the buffer from the next 2 MiB. */
	assert_true(region(c, "ram")->phys_start == at);
	assert_true(region(c, "comm")->phys_start == at + MiB);
	assert_true(region(c, "buffer")->phys_start == at + 2 * MiB);
	/* rt-probe.yaml's host offsets are its guest offsets. */
	assert_true(region(h, "buffer")->phys_start ==
		    region(h, "ram")->phys_start + 16 * MiB);
	/* The ivshmem entry, every field. */
	assert_int_equal(c->num_ivshmem, 1);
	assert_memory_equal(&c->ivshmem[0], &h->ivshmem[0],
			    sizeof(c->ivshmem[0]));
}

static void test_bench_cell(void **state)
{
	struct bh_system_desc *gen = malloc(sizeof(*gen));
	struct config sys, ref, hello, attack;
	struct bh_cell_desc *c = &result.cell;
	struct bh_cell_desc two[2];

	(void)state;
	assert_non_null(gen);
	load_config("configs/qemu-svm.yaml", &sys);
	load_config("configs/cells/rt-probe.yaml", &ref);
	load_config("configs/cells/hello.yaml", &hello);
	load_config("configs/cells/attack.yaml", &attack);

	/* For the reference system: rt-probe.yaml, at 0x31000000. */
	assert_int_equal(bench_cell(&sys.sys, "rt-probe", 0x4, 0, NULL, 0), 0);
	expect_like_reference(c, &ref.cell, 0x31000000);
	expect_said(
		"# Guest-physical layout (that of configs/cells/rt-probe.yaml):\n"
		"#   0x0-0xfffff  RAM, loadable: the image is loaded at 0\n"
		"#   0x100000-0x100fff  the comm region\n"
		"#   0x200000-0x400fff  the device's shared memory");
	expect_said("#   0x1000000-0x3ffffff  the workload buffer, 48M");
	expect_said(
		"Peer 1 of the `bench` device in root-cell.ivshmem of sys.yaml");
	expect_said(
		"That config's regulation names this cell, so `bench run --regulate` works.");
	expect_said(
		"`bulkhead bench run --system SYSTEM --cell THIS-FILE --cpu 2 --inmate rt-probe.bin`");

	/* Beside hello (CPU 3) and attack (CPU 1): after both. */
	two[0] = hello.cell;
	two[1] = attack.cell;
	assert_int_equal(bench_cell(&sys.sys, "rt-probe", 0x4, 0, two, 2), 0);
	expect_like_reference(c, &ref.cell, 0x31600000);

	/* For the system generated from the recording: the same. */
	assert_int_equal(create(fixture_dir("qemu-svm"), &bench), 0);
	*gen = result.sys;
	assert_int_equal(bench_cell(gen, "rt-probe", 0x4, 0, NULL, 0), 0);
	expect_like_reference(c, &ref.cell, 0x31000000);

	/* --memory is the buffer: from 40M, more than the probe uses. */
	assert_int_equal(
		bench_cell(&sys.sys, "rt-probe", 0x4, 40 * MiB, NULL, 0), 0);
	assert_true(region(c, "buffer")->size == 40 * MiB);
	expect_said(
		"(that of configs/cells/rt-probe.yaml but for the buffer's size or the device's place)");
	assert_int_equal(
		bench_cell(&sys.sys, "rt-probe", 0x4, 64 * MiB, NULL, 0), 0);
	expect_said("inputs up to 40 MiB, of which it uses the first 48M");
	expect_cell_error(
		&sys.sys, "rt-probe", 0x4, 16 * MiB,
		"--memory: with --bench it is the probe's workload buffer, at least 40M (the largest input inmates/rt-probe takes), not 16M");
	expect_cell_error(
		&sys.sys, "rt-probe", 0x4, 492 * MiB,
		"cell-memory 0x31000000-0x4fffffff has no room for the cell's 1M of RAM, 4K comm region and 492M workload buffer from a 2 MiB boundary beside the other cells and the root cell's ivshmem devices");
	expect_cell_error(
		&sys.sys, "probe", 0x4, 0,
		"--cell: with --bench the cell must be 'rt-probe': `bulkhead bench run` creates and starts the cell of that name, and the regulation names it");
	expect_cell_error(
		&sys.sys, "rt-probe", 0xc, 0,
		"--cpus: with --bench one CPU: the probe runs on one, which `bench run --cpu` then names");
	/* The checks of every cell form come first. */
	expect_cell_error(
		&sys.sys, "rt-probe", 0x1, 0,
		"--cpus: CPU 0 stays with the root cell: it is Linux's boot CPU");

	/* A system without the device, or with one the bench cannot use. */
	assert_int_equal(create(fixture_dir("qemu-svm"), NULL), 0);
	*gen = result.sys;
	expect_cell_error(
		gen, "rt-probe", 0x4, 0,
		"--bench: the system config sys.yaml has no ivshmem device 'bench' in root-cell.ivshmem, of which the rt-probe cell is a peer (`config create --bench` writes one)");
	*gen = sys.sys;
	device(&gen->root_cell, "bench")->max_peers = 3;
	expect_cell_error(
		gen, "rt-probe", 0x4, 0,
		"--bench: the 'bench' device of sys.yaml has 3 peers, protocol 0x4250, a 1M R/W section and 512K output sections; the bench needs 2 peers, protocol 0x4250, a R/W section and output sections of at least 316K");
	*gen = sys.sys;
	device(&gen->root_cell, "bench")->output_size = 256 * 1024;
	expect_cell_error(
		gen, "rt-probe", 0x4, 0,
		"--bench: the 'bench' device of sys.yaml has 2 peers, protocol 0x4250, a 1M R/W section and 256K output sections; the bench needs 2 peers, protocol 0x4250, a R/W section and output sections of at least 316K");

	/* A device too large for 0x200000-0xffffff: above the buffer. */
	*gen = sys.sys;
	device(&gen->root_cell, "bench")->rw_size = 16 * MiB;
	device(&gen->root_cell, "bench")->phys_start = 0x4c000000;
	device(&gen->root_cell, "bench")->virt_start = 0x4c000000;
	assert_int_equal(bench_cell(gen, "rt-probe", 0x4, 0, NULL, 0), 0);
	assert_true(c->ivshmem[0].virt_start == 0x4000000);
	assert_true(c->ivshmem[0].rw_size == 16 * MiB);
	expect_said("#   0x1000000-0x3ffffff  the workload buffer, 48M");
	expect_said(
		"#   0x4000000-0x5100fff  the device's shared memory: a 4K state table,\n"
		"#     the 16M R/W section, two 512K output sections\n");

	/* Guest memory that would reach PCI configuration space. */
	*gen = sys.sys;
	gen->pci_mmconfig.phys_start = 0x2000000;
	expect_cell_error(
		gen, "rt-probe", 0x4, 0,
		"--memory: the cell's guest memory up to 0x3ffffff reaches PCI configuration space at 0x2000000 (pci-mmconfig), where the cell finds its device");

	/* No regulation naming the cell: said, and the cell is written. */
	*gen = sys.sys;
	memset(&gen->regulation, 0, sizeof(gen->regulation));
	assert_int_equal(bench_cell(gen, "rt-probe", 0x4, 0, NULL, 0), 0);
	expect_said(
		"That config's regulation does not name this cell: `bench run --regulate` is refused until it does");

	config_release(&sys);
	config_release(&ref);
	config_release(&hello);
	config_release(&attack);
	free(gen);
	cc_result_free(&result);
}

/* --- through the CLI --- */

#define USAGE                                                                \
	" (usage: bulkhead config create [-o FILE] [options] | --cell NAME " \
	"--cpus LIST --memory S [options])\n"

static void expect_usage(const char *msg)
{
	char want[1024];

	snprintf(want, sizeof(want), "bulkhead: config create: %s" USAGE, msg);
	if (res.status != 2 || strcmp(res.err, want))
		fail_msg("exit %d, stderr \"%s\"\n   expected exit 2, \"%s\"",
			 res.status, res.err, want);
}

static void test_cli_bench(void **state)
{
	char sys[256], cell[256], plain[256], want[600];
	const char *dir;

	(void)state;
	snprintf(sys, sizeof(sys), "%s/bench-sys.yaml", cli_tmp);
	snprintf(cell, sizeof(cell), "%s/rt-probe.yaml", cli_tmp);
	snprintf(plain, sizeof(plain), "%s/plain.yaml", cli_tmp);

	/* The reference platform: the pair passes config check. */
	run_cli("config", "create", "--from", HW "qemu-svm", "--bench", "-o",
		sys, NULL);
	expect_ok();
	run_cli("config", "create", "--cell", "rt-probe", "--cpus", "2",
		"--bench", "-s", sys, "-o", cell, NULL);
	expect_ok();
	run_cli("config", "check", sys, cell, NULL);
	expect_ok();
	snprintf(want, sizeof(want), "%s: ok\n%s: ok\n", sys, cell);
	assert_string_equal(res.out, want);
	/* The hand-written cell fits the generated system too. */
	run_cli("config", "check", sys, "configs/cells/rt-probe.yaml", NULL);
	expect_ok();
	/* Beside another cell given. */
	run_cli("config", "create", "--cell", "rt-probe", "--cpus", "2",
		"--bench", "-s", sys, "configs/cells/hello.yaml", "-o", cell,
		NULL);
	expect_ok();
	run_cli("config", "check", sys, "configs/cells/hello.yaml", cell, NULL);
	expect_ok();

	/* The development host, in one go and in two. */
	run_cli("config", "create", "--from", HW "devhost", "--bench", "-o",
		sys, NULL);
	assert_int_equal(res.status, 0);
	run_cli("config", "create", "--cell", "rt-probe", "--cpus", "1",
		"--bench", "-s", sys, "-o", cell, NULL);
	expect_ok();
	run_cli("config", "check", sys, cell, NULL);
	expect_ok();
	run_cli("config", "create", "--cell", "rt-probe", "--cpus", "1",
		"--bench", "--from", HW "devhost", NULL);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "    memory: {start: 0x11fc00000, "
					"guest: 0x200000, state-table: 4K, "
					"rw: 1M,\n"));

	/* Refusals: one line, exit 1. */
	run_cli("config", "create", "--from", HW "qemu-svm", "-o", plain, NULL);
	expect_ok();
	run_cli("config", "create", "--cell", "rt-probe", "--cpus", "2",
		"--bench", "-s", plain, NULL);
	snprintf(
		want, sizeof(want),
		"bulkhead: --bench: the system config %s has no ivshmem device 'bench'",
		plain);
	expect_error(1, want);
	dir = copy_of("qemu-svm", "full");
	in_copy(dir, "for s in $(seq 0 31); do mkdir -p " PCI
		     "/0000:00:$(printf %%02x $s).0; done");
	run_cli("config", "create", "--from", dir, "--bench", NULL);
	expect_error(1, "bulkhead: --bench: every one of the 32 device slots "
			"of PCI bus 0 has a function");
	assert_string_equal(res.out, "");

	/* Usage. */
	run_cli("config", "create", "--bench", "--bench", NULL);
	expect_usage("--bench given twice");
	run_cli("config", "create", "--bench", "--cpus", "2", NULL);
	expect_usage(
		"a cell config needs --cell and --cpus together (and --memory, which --bench makes optional)");
	run_cli("config", "create", "--cell", "rt-probe", "--cpus", "2", NULL);
	expect_usage(
		"a cell config needs --cell, --cpus and --memory together");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bench_qemu),
		cmocka_unit_test(test_bench_devhost),
		cmocka_unit_test(test_bench_hardware_take_up),
		cmocka_unit_test(test_bench_slots),
		cmocka_unit_test(test_bench_small),
		cmocka_unit_test(test_bench_cell),
		cmocka_unit_test(test_cli_bench),
	};

	return cmocka_run_group_tests(tests, cli_group_setup,
				      cli_group_teardown);
}
