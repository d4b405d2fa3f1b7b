// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/config_create.c tools/bulkhead/config_create_machine.c tools/bulkhead/config_create_place.c tools/bulkhead/config_create_regions.c tools/bulkhead/config_create_devices.c tools/bulkhead/config_create_emit.c tools/bulkhead/config_create_cell.c tools/bulkhead/config_create_bench.c tools/bulkhead/hw_iomem.c tools/bulkhead/hw_text.c tools/bulkhead/hw_cmdline.c tools/bulkhead/hw_source.c tools/bulkhead/hw_acpi.c tools/bulkhead/config_yaml.c tools/bulkhead/config_file.c tools/bulkhead/cli_util.c hypervisor/core/config_check.c hypervisor/core/format.c tests/unit/cli_harness.c -lyaml
/*
 * `bulkhead config create` (tools/bulkhead/config_create*.c and
 * cmd_config_create.c) on recorded machines (tests/unit/fixtures/hw/):
 *
 * - the reference platform's recording gives configs/qemu-svm.yaml,
 *   field by field, but for what a generator cannot know (below);
 * - the development host's gives the placement above 4 GiB, no UART and
 *   no IOMMU, each said in a comment;
 * - copies of the recordings with one file changed give every placement
 *   rule and every refusal: a reservation that does not match, no free
 *   range large enough, the kernel's image and crash kernel avoided, the
 *   UART that Linux's console is on avoided, no ACPI tables, addresses
 *   hidden from non-root;
 * - cell configs fit the system's cell-memory beside other cells;
 * - through the built CLI: what is printed, the exit statuses, that
 *   nothing is written when no valid config results, and that `config
 *   check`, `config memmap` and `hardware check --config` agree with it.
 *
 * What the generated qemu-svm config lacks against the hand-written one,
 * and why a generator must differ there:
 * - name: the hostname, or "system" when the recording has none;
 *   "qemu-svm" is a name a person chose.
 * - regulation: limits for the isolation bench's rt-probe cell, a choice
 *   of the bench, not a property of the machine.
 * - root-cell.ivshmem: the demo and bench devices are the project's
 *   choice too; and so the root cell's cell-memory region is all 496M of
 *   cell-memory, where the hand-written one stops 4M short to keep the
 *   devices' shared memory out of the root cell's reach.
 * `config create --bench` writes the bench device, the regulation and the
 * 492M region: tests/unit/test_config_create_bench.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <bh/config_check.h>
#include "../../tools/bulkhead/config_create.h"
#include "../../tools/bulkhead/config_file.h"
#include "cli_harness.h"

#define HW "tests/unit/fixtures/hw/"
#define MiB (1ull << 20)
#define GiB (1ull << 30)

static struct cc_result result;
static char error[1024];

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

/* Writes @text to the recording's copy of @path (an absolute path). */
static void put(const char *dir, const char *path, const char *text)
{
	char full[512], cmd[600];
	FILE *f;

	snprintf(full, sizeof(full), "%s/fs%s", dir, path);
	snprintf(cmd, sizeof(cmd), "mkdir -p \"$(dirname '%s')\"", full);
	assert_int_equal(system(cmd), 0);
	f = fopen(full, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void drop(const char *dir, const char *path)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s/fs%s'", dir, path);
	assert_int_equal(system(cmd), 0);
}

/* Reads recording @dir; 0 or the error of cc_read_machine(). */
static int read_machine(const char *dir, struct cc_machine *m)
{
	struct hw_source src;
	int ret;

	assert_int_equal(hw_open_recorded(&src, dir, error, sizeof(error)), 0);
	ret = cc_read_machine(&src, m, error, sizeof(error));
	hw_close(&src);
	return ret;
}

/* config create on recording @dir with @o into the global result. */
static int create(const char *dir, const struct cc_options *o)
{
	static const struct cc_options none;
	struct cc_machine *m = calloc(1, sizeof(*m));
	int ret;

	assert_non_null(m);
	cc_result_free(&result);
	error[0] = '\0';
	ret = read_machine(dir, m);
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

static void expect_text(const char *needle)
{
	if (!result.text || !strstr(result.text, needle))
		fail_msg("the config lacks \"%s\":\n%s", needle,
			 result.text ? result.text : "(none)");
}

/* Whether the line at @p is a comment: indentation, then '#'. */
static bool comment_line(const char *p)
{
	p += strspn(p, " ");
	return *p == '#';
}

/*
 * @phrase in the config's comments, however they are wrapped: a comment
 * line continued by the next ("# " and text) reads as one line, with a
 * space where the break was.
 */
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

static void expect_region(const struct bh_cell_desc *c, unsigned int i,
			  const char *name, uint64_t start, uint64_t size,
			  uint32_t flags)
{
	const struct bh_mem_region *r = &c->mem_regions[i];

	assert_true(i < c->num_mem_regions);
	if (strcmp(r->name, name) || r->phys_start != start ||
	    r->virt_start != start || r->size != size || r->flags != flags)
		fail_msg("memory[%u]: '%s' 0x%llx size 0x%llx flags 0x%x", i,
			 r->name, (unsigned long long)r->phys_start,
			 (unsigned long long)r->size, r->flags);
}

#define RAM (BH_MEM_READ | BH_MEM_WRITE | BH_MEM_EXECUTE | BH_MEM_DMA)
#define IO (BH_MEM_READ | BH_MEM_WRITE | BH_MEM_IO)

/* --- the reference platform --- */

static void load_config(const char *rel, struct config *cfg)
{
	char path[PATH_MAX + 64], err[256];
	struct config_error e;

	snprintf(path, sizeof(path), "%s/%s", cli_top, rel);
	assert_int_equal(config_load(path, cfg, err, sizeof(err)), 0);
	if (cfg->kind == CONFIG_SYSTEM)
		assert_int_equal(config_check_system(&cfg->sys, &e), 0);
}

static void test_qemu_matches_reference(void **state)
{
	const struct bh_system_desc *g = &result.sys;
	const struct bh_system_desc *h;
	struct config ref;

	(void)state;
	assert_int_equal(create(fixture_dir("qemu-svm"), NULL), 0);
	load_config("configs/qemu-svm.yaml", &ref);
	h = &ref.sys;

	assert_string_equal(result.memmap, "512M$0x30000000");
	assert_true(result.memmap_present);
	assert_int_equal(result.num_notes, 0);

	assert_memory_equal(&g->hypervisor_memory, &h->hypervisor_memory,
			    sizeof(g->hypervisor_memory));
	assert_memory_equal(&g->cell_memory, &h->cell_memory,
			    sizeof(g->cell_memory));
	assert_memory_equal(&g->console, &h->console, sizeof(g->console));
	assert_memory_equal(&g->pci_mmconfig, &h->pci_mmconfig,
			    sizeof(g->pci_mmconfig));
	assert_int_equal(g->num_iommus, h->num_iommus);
	assert_memory_equal(g->iommus, h->iommus, sizeof(g->iommus));
	assert_true(g->root_cell.cpu_set == h->root_cell.cpu_set);
	assert_string_equal(g->root_cell.name, h->root_cell.name);
	assert_int_equal(g->root_cell.num_pio_regions,
			 h->root_cell.num_pio_regions);
	assert_memory_equal(g->root_cell.pio_regions, h->root_cell.pio_regions,
			    sizeof(g->root_cell.pio_regions));
	assert_int_equal(g->root_cell.num_mem_regions,
			 h->root_cell.num_mem_regions);
	for (unsigned int i = 0; i < g->root_cell.num_mem_regions; i++) {
		const struct bh_mem_region *a = &g->root_cell.mem_regions[i];
		const struct bh_mem_region *b = &h->root_cell.mem_regions[i];

		assert_string_equal(a->name, b->name);
		assert_true(a->phys_start == b->phys_start);
		assert_true(a->virt_start == b->virt_start);
		assert_int_equal(a->flags, b->flags);
		/* The one difference: no ivshmem devices at the top. */
		if (!strcmp(a->name, "cell-memory"))
			assert_true(a->size == 496 * MiB &&
				    b->size == 492 * MiB);
		else
			assert_true(a->size == b->size);
	}
	/* What a generator cannot know (see the top of this file). */
	assert_string_equal(g->name, "bulkhead");
	assert_int_equal(g->regulation.max_hold_us, 0);
	assert_int_equal(g->root_cell.num_ivshmem, 0);

	/* The comments say where things came from. */
	expect_text("#   memmap=512M$0x30000000\n");
	expect_text("in grub.cfg memmap=512M\\$0x30000000");
	expect_text("memmap=512M\\\\\\$0x30000000");
	expect_said(
		"The kernel command line has memmap=512M$0x30000000 already and /proc/iomem shows it reserved: this config uses that reservation.");
	expect_said(
		"# 16M at the start of the reservation the kernel command line already has: memmap=512M$0x30000000, Reserved 0x30000000-0x4fffffff in /proc/iomem.\n"
		"  memory: {start: 0x30000000, size: 16M}\n");
	expect_said(
		"# ttyS1, a 16550A at 0x2f8 (/proc/tty/driver/serial), which Linux's console is not on.");
	expect_said(
		"# From the ACPI MCFG table: PCI segment 0, buses 0-255, whose configuration space starts at 0xb0000000.\n"
		"pci-mmconfig: {start: 0xb0000000, buses: 0-255}\n");
	expect_said(
		"# From the ACPI DMAR table: the register blocks of the VT-d units, which no cell may map.\n"
		"iommus:\n  - {start: 0xfed90000, size: 4K}\n");
	expect_said(
		"From /proc/iomem: Reserved 0x0-0xfff, System RAM 0x1000-0x9fbff,");
	expect_text("Reserved 0x7ffdf000-0x7fffffff.\n"
		    "    - {name: ram-high, start: 0x50000000, size: 768M,\n");
	expect_said(
		"# Not mapped: Reserved 0xfd00000000-0xffffffffff; firmware memory above 4 GiB away from RAM.");
	expect_text(
		"    # Every I/O port but the hypervisor's UART at 0x2f8-0x2ff.\n");
	config_release(&ref);
	cc_result_free(&result);
}

/* --- the development host: no reservation, one UART, no IOMMU --- */

static void test_devhost(void **state)
{
	const struct bh_system_desc *g = &result.sys;
	const struct bh_cell_desc *root = &g->root_cell;

	(void)state;
	assert_int_equal(create(fixture_dir("devhost"), NULL), 0);
	assert_string_equal(result.memmap, "512M$0x100000000");
	assert_false(result.memmap_present);
	/* Above 4 GiB: the start of System RAM 0x100000000-0x63fffffff. */
	assert_true(g->hypervisor_memory.phys_start == 0x100000000 &&
		    g->hypervisor_memory.size == 16 * MiB);
	assert_true(g->cell_memory.phys_start == 0x101000000 &&
		    g->cell_memory.size == 496 * MiB);
	assert_int_equal(g->console.type, BH_CONSOLE_NONE);
	assert_true(g->pci_mmconfig.phys_start == 0xeec00000);
	assert_true(g->pci_mmconfig.start_bus == 0 &&
		    g->pci_mmconfig.end_bus == 0);
	assert_int_equal(g->num_iommus, 0);
	assert_true(root->cpu_set == 0x3);
	assert_int_equal(root->num_mem_regions, 5);
	expect_region(root, 0, "ram-low", 0, 3 * GiB, RAM);
	expect_region(root, 1, "mmio-low", 0xc0000000, GiB, IO);
	expect_region(root, 2, "cell-memory", 0x101000000, 496 * MiB, RAM);
	expect_region(root, 3, "ram-high", 0x120000000,
		      0x640000000 - 0x120000000, RAM);
	expect_region(root, 4, "mmio-high", 0x4000000000, 256 * GiB, IO);
	assert_int_equal(root->num_pio_regions, 2);
	assert_true(root->pio_regions[0].base == 0 &&
		    root->pio_regions[0].length == 0x8000);
	assert_true(root->pio_regions[1].base == 0x8000 &&
		    root->pio_regions[1].length == 0x8000);

	assert_int_equal(result.num_notes, 2);
	assert_string_equal(
		result.note[0],
		"no UART for the hypervisor's console; see the comment at hypervisor.console");
	assert_string_equal(
		result.note[1],
		"no iommus: the ACPI tables have neither DMAR (Intel VT-d) nor IVRS (AMD IOMMU)");
	expect_said(
		"# No UART for the hypervisor: /proc/tty/driver/serial shows only ttyS0 (port 0x3f8, Linux's console). It runs without a console. To give it one,");
	expect_text("  console: {type: none}\n");
	expect_said(
		"# No iommus: the ACPI tables have neither DMAR (Intel VT-d) nor IVRS (AMD IOMMU).");
	expect_said(
		"# 16M at the lowest free 2 MiB boundary of System RAM above 4 GiB with room for both, in System RAM 0x100000000-0x63fffffff in /proc/iomem.");
	expect_said(
		"From /proc/iomem: System RAM 0x120000000-0x63fffffff (of 0x100000000-0x63fffffff).\n");
	cc_result_free(&result);
}

static void test_options(void **state)
{
	struct cc_options o = { .hv_size = 32 * MiB, .cell_size = GiB };
	const struct bh_system_desc *g = &result.sys;

	(void)state;
	assert_int_equal(create(fixture_dir("devhost"), &o), 0);
	assert_string_equal(result.memmap, "1056M$0x100000000");
	assert_true(g->hypervisor_memory.size == 32 * MiB);
	assert_true(g->cell_memory.phys_start == 0x102000000 &&
		    g->cell_memory.size == GiB);
	expect_said("The size --cell-memory asked for.");

	o = (struct cc_options){ .root_cpus_set = true, .root_cpus = 1 };
	assert_int_equal(create(fixture_dir("devhost"), &o), 0);
	assert_true(g->root_cell.cpu_set == 1);
	expect_said("# From --root-cpus; online now: 0-1.");
	/* The devhost has CPUs 0-1 present. */
	o.root_cpus = 0x7;
	expect_create_error(
		fixture_dir("devhost"), &o, -EINVAL,
		"--root-cpus: CPU 2 is not present on this machine (0-1)");

	o = (struct cc_options){ .hv_size = 3 * MiB };
	expect_create_error(
		fixture_dir("devhost"), &o, -EINVAL,
		"--hypervisor-size: 3M is not a multiple of 2M from 4M to 512M");
	o.hv_size = 514 * MiB;
	expect_create_error(
		fixture_dir("devhost"), &o, -EINVAL,
		"--hypervisor-size: 514M is not a multiple of 2M from 4M to 512M");
	o.hv_size = 2 * MiB;
	expect_create_error(
		fixture_dir("devhost"), &o, -EINVAL,
		"--hypervisor-size: 2M is not a multiple of 2M from 4M to 512M");
	o = (struct cc_options){ .cell_size = 4097 };
	expect_create_error(fixture_dir("devhost"), &o, -EINVAL,
			    "--cell-memory: 0x1001 is not a multiple of 4K");
	o = (struct cc_options){ .root_cpus_set = true, .root_cpus = 6 };
	expect_create_error(
		fixture_dir("devhost"), &o, -EINVAL,
		"--root-cpus: must contain CPU 0, Linux's boot CPU");
	cc_result_free(&result);
}

/* --- an existing reservation --- */

static void test_reservation_mismatch(void **state)
{
	struct cc_options o = { .cell_size = GiB };
	const char *dir = copy_of("qemu-svm", "qemu-res");

	(void)state;
	expect_create_error(
		dir, &o, -EINVAL,
		"memmap=512M$0x30000000 on the kernel command line does not match: it reserves 512M, but hypervisor memory 16M and cell memory 1G need 1040M (change it, or remove it to have config create place the memory)");
	o = (struct cc_options){ .hv_size = 512 * MiB };
	expect_create_error(
		dir, &o, -EINVAL,
		"memmap=512M$0x30000000 on the kernel command line does not match: it reserves 512M, no more than the hypervisor memory's 512M, which leaves no cell memory (change it, or remove it to have config create place the memory)");

	/* Sizes that add up are fine; so is the hypervisor's alone. */
	o = (struct cc_options){ .hv_size = 32 * MiB, .cell_size = 480 * MiB };
	assert_int_equal(create(dir, &o), 0);
	assert_true(result.sys.cell_memory.phys_start == 0x32000000);
	o = (struct cc_options){ .hv_size = 64 * MiB };
	assert_int_equal(create(dir, &o), 0);
	assert_true(result.sys.cell_memory.size == 448 * MiB);

	put(dir, "/proc/cmdline", "console=ttyS0 memmap=256M$0x30100000\n");
	expect_create_error(
		dir, NULL, -EINVAL,
		"memmap=256M$0x30100000 on the kernel command line does not match: it starts at 0x30100000, but hypervisor memory must start 2 MiB aligned (change it, or remove it to have config create place the memory)");
	put(dir, "/proc/cmdline", "console=ttyS0 memmap=512M$0x60000000\n");
	expect_create_error(
		dir, NULL, -EINVAL,
		"memmap=512M$0x60000000 on the kernel command line does not match: /proc/iomem shows no Reserved range over 0x60000000-0x7fffffff, so the kernel did not reserve it (change it, or remove it to have config create place the memory)");
	/* Reserved, but the firmware's reserved range, not RAM. */
	put(dir, "/proc/cmdline", "console=ttyS0 memmap=16K$0xfed1c000\n");
	expect_create_error(
		dir, NULL, -EINVAL,
		"memmap=16K$0xfed1c000 on the kernel command line does not match: 0xfed1c000-0xfed1ffff is not System RAM in the firmware's map (/sys/firmware/memmap) (change it, or remove it to have config create place the memory)");
	put(dir, "/proc/cmdline", "console=ttyS0 memmap=512M!0x30000000\n");
	expect_create_error(
		dir, NULL, -EINVAL,
		"memmap=512M!0x30000000 on the kernel command line makes persistent memory, which bulkhead enable does not take as reserved: boot with memmap=512M$0x30000000 instead");
	put(dir, "/proc/cmdline", "memmap=4G$0x100000000 memmap=oops\n");
	expect_create_error(
		dir, NULL, -EINVAL,
		"memmap=oops on the kernel command line: not SIZE$START or SIZE!START");

	/* The first reservation that fits is used. */
	put(dir, "/proc/cmdline",
	    "console=ttyS0 memmap=16K$0xfed1c000 memmap=512M$0x30000000\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(result.sys.hypervisor_memory.phys_start == 0x30000000);
	expect_said("memmap=512M$0x30000000 already");
	cc_result_free(&result);
}

/* --- free ranges --- */

#define LOW_MIB                            \
	"00000000-00000fff : Reserved\n"   \
	"00001000-0009fbff : System RAM\n" \
	"0009fc00-000fffff : Reserved\n"

static void test_placement(void **state)
{
	const char *dir = copy_of("devhost", "place");
	const struct bh_system_desc *g = &result.sys;
	struct cc_options o = { .cell_size = 64 * GiB };

	(void)state;
	put(dir, "/proc/cmdline", "console=ttyS0\n");
	drop(dir, "/sys/firmware/memmap");
	expect_create_error(
		fixture_dir("devhost"), &o, -ENOSPC,
		"no free range large enough: no free System RAM holds 65552M (hypervisor memory 16M and cell memory 64G) from a 2 MiB boundary; the largest free range, 0x100000000-0x63fffffff, holds 21G");

	/* 64M: nothing to spare after the kernel. */
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-03ffffff : System RAM\n"
		    "  01000000-01ffffff : Kernel code\n");
	expect_create_error(
		dir, NULL, -ENOSPC,
		"no free range large enough: the hypervisor's 16M and at least 16M of cell memory need 32M of free System RAM, at most a quarter of it, from a 2 MiB boundary; the largest free range holds 32M");

	/* 1G below 4 GiB: a quarter of it, after the kernel's image. */
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-3fffffff : System RAM\n"
		    "  01000000-01b2dfff : Kernel code\n"
		    "  01c00000-02e0cfff : Kernel rodata\n"
		    "c0000000-febfffff : PCI Bus 0000:00\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->hypervisor_memory.phys_start == 0x3000000);
	/* A quarter of 1023M is 255M; 16M of it the hypervisor's. */
	assert_true(g->cell_memory.size == 238 * MiB);
	assert_string_equal(result.memmap, "254M$0x3000000");
	expect_said(
		"Smaller than the default 496M so that the reservation takes at most a quarter of the System RAM (1023M) and fits the largest free range.");
	expect_said(
		"lowest free 2 MiB boundary of System RAM below 4 GiB (none above 4 GiB has room)");
	expect_region(&g->root_cell, 0, "ram-low", 0, 0x3000000, RAM);
	expect_region(&g->root_cell, 1, "cell-memory", 0x4000000, 238 * MiB,
		      RAM);
	expect_region(&g->root_cell, 2, "ram-high", 0x12e00000,
		      0x40000000 - 0x12e00000, RAM);
	expect_region(&g->root_cell, 3, "mmio-low", 0x40000000, 3 * GiB, IO);

	/* The crash kernel is not free either. */
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-7fffffff : System RAM\n"
		    "  01000000-01ffffff : Kernel code\n"
		    "  03000000-12ffffff : Crash kernel\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->hypervisor_memory.phys_start == 0x13000000);

	/* Above 4 GiB first, even when below has room. */
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-7fffffff : System RAM\n"
		    "  01000000-01ffffff : Kernel code\n"
		    "100000000-10fffffff : Reserved\n"
		    "110000000-17fffffff : System RAM\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->hypervisor_memory.phys_start == 0x110000000);
	/* The firmware's range next to the RAM above 4 GiB goes with it. */
	assert_int_equal(g->root_cell.num_mem_regions, 5);
	expect_region(&g->root_cell, 1, "mmio-low", 0x80000000, 2 * GiB, IO);
	expect_region(&g->root_cell, 2, "ram-low-2", 0x100000000, 0x10000000,
		      RAM);
	expect_region(&g->root_cell, 3, "cell-memory", 0x111000000, 496 * MiB,
		      RAM);
	expect_region(&g->root_cell, 4, "ram-high", 0x130000000,
		      0x180000000 - 0x130000000, RAM);
	cc_result_free(&result);
}

/* Device windows among RAM and above 4 GiB; too many of them. */
static void test_regions(void **state)
{
	const char *dir = copy_of("devhost", "regions");
	const struct bh_cell_desc *root = &result.sys.root_cell;
	char iomem[8192];
	size_t n;

	(void)state;
	put(dir, "/proc/cmdline", "console=ttyS0\n");
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-3fffffff : System RAM\n"
		    "  01000000-01ffffff : Kernel code\n"
		    "40000000-400fffff : PCI Bus 0000:00\n"
		    "40100000-7fffffff : System RAM\n"
		    "80000000-febfffff : PCI Bus 0000:00\n"
		    "100000000-1ffffffff : PCI Bus 0000:00\n"
		    "200000000-2ffffffff : PCI Bus 0000:40\n"
		    "400000000-4ffffffff : PCI Bus 0000:80\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(root->num_mem_regions, 8);
	expect_region(root, 0, "ram-low", 0, 0x2000000, RAM);
	expect_region(root, 1, "cell-memory", 0x3000000, 494 * MiB, RAM);
	expect_region(root, 2, "ram-high", 0x21e00000, 0x40000000 - 0x21e00000,
		      RAM);
	expect_region(root, 3, "mmio-low", 0x40000000, MiB, IO);
	expect_region(root, 4, "ram-high-2", 0x40100000,
		      0x80000000 - 0x40100000, RAM);
	expect_region(root, 5, "mmio-low-2", 0x80000000, 2 * GiB, IO);
	/* Touching windows merge, separate ones do not. */
	expect_region(root, 6, "mmio-high", 0x100000000, 8 * GiB, IO);
	expect_region(root, 7, "mmio-high-2", 0x400000000, 4 * GiB, IO);

	/*
	 * Firmware memory right after the RAM goes with it, unless a device
	 * is inside: the ECAM window here is device memory.
	 */
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-7fffefff : System RAM\n"
		    "7ffff000-7fffffff : ACPI Tables\n"
		    "80000000-8fffffff : Reserved\n"
		    "  80000000-8fffffff : PCI ECAM 0000 [bus 00-ff]\n"
		    "90000000-febfffff : PCI Bus 0000:00\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(root->num_mem_regions, 4);
	expect_region(root, 2, "ram-high", 0x20e00000, 0x80000000 - 0x20e00000,
		      RAM);
	expect_region(root, 3, "mmio-low", 0x80000000, 2 * GiB, IO);

	/* More windows than a config has regions for. */
	n = (size_t)snprintf(iomem, sizeof(iomem),
			     LOW_MIB "00100000-7fffffff : System RAM\n");
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(
			iomem + n, sizeof(iomem) - n,
			"%llx-%llx : PCI Bus 0000:%02x\n",
			0x100000000ull * (unsigned)(2 * i + 2),
			0x100000000ull * (unsigned)(2 * i + 3) - 1, i);
	put(dir, "/proc/iomem", iomem);
	expect_create_error(
		dir, NULL, -ENOSPC,
		"this memory map needs 44 root-cell memory regions, more than the 32 a config holds");

	/* Ranges beyond the 52-bit physical address space are not mapped. */
	put(dir, "/proc/iomem",
	    LOW_MIB "00100000-7fffffff : System RAM\n"
		    "ffff00000000000-ffffffffffffffff : PCI Bus 0000:00\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(root->num_mem_regions, 4);
	cc_result_free(&result);
}

/* --- the hypervisor's UART --- */

static void test_uart(void **state)
{
	const char *dir = copy_of("qemu-svm", "uart");
	const struct bh_system_desc *g = &result.sys;

	(void)state;
	/* Linux's console on ttyS1: the hypervisor takes ttyS0. */
	put(dir, "/proc/cmdline", "console=ttyS1 memmap=512M$0x30000000\n");
	put(dir, "/proc/consoles",
	    "ttyS1                -W- (EC p a)    4:65\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->console.type == BH_CONSOLE_UART_PIO &&
		    g->console.address == 0x3f8);
	assert_int_equal(g->root_cell.num_pio_regions, 2);
	assert_true(g->root_cell.pio_regions[0].base == 0 &&
		    g->root_cell.pio_regions[0].length == 0x3f8);
	assert_true(g->root_cell.pio_regions[1].base == 0x400 &&
		    g->root_cell.pio_regions[1].length == 0xfc00);

	/* On both, by console= and by /proc/consoles. */
	put(dir, "/proc/consoles",
	    "ttyS0                -W- (EC p a)    4:64\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(g->console.type, BH_CONSOLE_NONE);
	expect_said(
		"shows only ttyS0 (port 0x3f8, Linux's console), ttyS1 (port 0x2f8, Linux's console).");
	drop(dir, "/proc/consoles");
	put(dir, "/proc/cmdline",
	    "console=ttyS0 console=uart8250,io,0x2f8,115200 memmap=512M$0x30000000\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(g->console.type, BH_CONSOLE_NONE);

	put(dir, "/proc/cmdline", "console=ttyS0 memmap=512M$0x30000000\n");
	put(dir, "/proc/tty/driver/serial",
	    "serinfo:1.0 driver revision:\n"
	    "0: uart:16550A port:000003F8 irq:4 tx:0 rx:0\n"
	    "1: uart:16550A mmio:0xFEDC9000 irq:21 tx:0 rx:0\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(g->console.type, BH_CONSOLE_NONE);
	expect_said(
		"ttyS1 (MMIO 0xfedc9000, the console type uart-pio cannot drive it).");

	drop(dir, "/proc/tty/driver/serial");
	assert_int_equal(create(dir, NULL), 0);
	assert_int_equal(g->console.type, BH_CONSOLE_NONE);
	expect_said(
		"# No UART for the hypervisor: could not read /proc/tty/driver/serial (No such file or directory).");

	/* A UART at the top of the port space: one range before it. */
	put(dir, "/proc/tty/driver/serial",
	    "serinfo:1.0 driver revision:\n"
	    "0: uart:16550A port:000003F8 irq:4\n"
	    "1: uart:16550A port:0000FFF8 irq:3\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->console.address == 0xfff8);
	assert_int_equal(g->root_cell.num_pio_regions, 1);
	assert_true(g->root_cell.pio_regions[0].length == 0xfff8);
	cc_result_free(&result);
}

/* --- what stops config create, and what only makes it poorer --- */

static void expect_read_error(const char *dir, int ret, const char *msg)
{
	struct cc_machine *m = calloc(1, sizeof(*m));
	int got;

	assert_non_null(m);
	got = read_machine(dir, m);
	free(m);
	if (got != ret || strcmp(error, msg))
		fail_msg("returned %d, \"%s\"\n   expected %d, \"%s\"", got,
			 error, ret, msg);
}

static void test_read_errors(void **state)
{
	const char *dir = copy_of("qemu-svm", "bad");
	struct cc_machine *m = calloc(1, sizeof(*m));
	struct hw_source live;

	(void)state;
	assert_non_null(m);
	hw_open_live(&live);
	live.uid = 1000;
	assert_int_equal(cc_read_machine(&live, m, error, sizeof(error)),
			 -EACCES);
	assert_string_equal(
		error,
		"config create reads addresses (/proc/iomem) and ACPI tables only root can read: run it as root");
	free(m);

	put(dir, "/proc/iomem",
	    "00000000-00000000 : Reserved\n00000000-00000000 : System RAM\n");
	expect_read_error(
		dir, -EACCES,
		"/proc/iomem shows every address as 0: it was read by a user other than root");
	put(dir, "/proc/iomem",
	    "00000000-00000fff : Reserved\n00001000-0009fbff : System RAM\nbogus\n");
	expect_read_error(dir, -EINVAL,
			  "/proc/iomem: line 3: not 'START-END : NAME' in hex");
	put(dir, "/proc/iomem", "");
	expect_read_error(dir, -EINVAL, "/proc/iomem: empty");
	drop(dir, "/proc/iomem");
	expect_read_error(dir, -ENOENT,
			  "/proc/iomem: No such file or directory");

	dir = copy_of("qemu-svm", "bad");
	put(dir, "/sys/devices/system/cpu/online", "1-3\n");
	expect_read_error(
		dir, -EINVAL,
		"/sys/devices/system/cpu/online: CPU 0 is not online");
	put(dir, "/sys/devices/system/cpu/online", "0-3,\n");
	expect_read_error(
		dir, -EINVAL,
		"/sys/devices/system/cpu/online: '0-3,\n' is not a CPU list (like 0-3,6; CPUs 0 to 8191)");

	dir = copy_of("qemu-svm", "bad");
	put(dir, "/sys/firmware/memmap/4/start", "0x7ffde000\n");
	expect_read_error(
		dir, -EINVAL,
		"/sys/firmware/memmap: Reserved 0x7ffde000-0x7fffffff overlaps System RAM 0x100000-0x7ffdefff");

	dir = copy_of("qemu-svm", "bad");
	drop(dir, "/sys/firmware/acpi");
	expect_read_error(
		dir, -ENOENT,
		"no ACPI tables (/sys/firmware/acpi/tables): Bulkhead needs an x86 machine booted with ACPI");
}

static void test_acpi_missing(void **state)
{
	const char *dir = copy_of("qemu-svm", "acpi");
	const struct bh_system_desc *g = &result.sys;

	(void)state;
	drop(dir, "/sys/firmware/acpi/tables/MCFG");
	drop(dir, "/sys/firmware/acpi/tables/DMAR");
	drop(dir, "/sys/firmware/acpi/tables/APIC");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->pci_mmconfig.phys_start == 0);
	assert_int_equal(g->num_iommus, 0);
	assert_int_equal(result.num_notes, 2);
	assert_string_equal(result.note[0],
			    "no pci-mmconfig: the ACPI tables have no MCFG");
	expect_said(
		"# No pci-mmconfig: the ACPI tables have no MCFG. Cells cannot have ivshmem devices without it;");

	/* A table cut short is the parser's message, in the comment. */
	put(dir, "/sys/firmware/acpi/tables/MCFG", "MCFG");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(g->pci_mmconfig.phys_start == 0);
	expect_said(
		"# No pci-mmconfig: MCFG: 4 bytes, shorter than the 36-byte ACPI header.");
	cc_result_free(&result);
}

/* More CPUs online than Bulkhead supports: said, not silently cut. */
static void test_many_cpus(void **state)
{
	const char *dir = copy_of("qemu-svm", "cpus");

	(void)state;
	put(dir, "/sys/devices/system/cpu/online", "0-127\n");
	put(dir, "/sys/devices/system/cpu/present", "0-127\n");
	assert_int_equal(create(dir, NULL), 0);
	assert_true(result.sys.root_cell.cpu_set == UINT64_MAX);
	assert_string_equal(
		result.note[0],
		"CPUs above 63 are online; boot Linux with nr_cpus=64");
	expect_said(
		"CPUs 64 to 127 are online too, but Bulkhead supports CPUs 0 to 63: boot Linux with nr_cpus=64.\n"
		"  cpus: [0-63]\n");
	cc_result_free(&result);
}

/* --- cell configs --- */

static int cell(const struct bh_system_desc *sys, const char *name,
		uint64_t cpus, uint64_t memory, const struct bh_cell_desc *o,
		size_t n)
{
	static const char *const labels[] = { "a.yaml", "b.yaml" };
	struct cc_cell_options co = {
		.name = name,
		.cpus = cpus,
		.memory = memory,
		.system_label = "sys.yaml",
		.others = o,
		.other_labels = labels,
		.num_others = n,
	};

	cc_result_free(&result);
	error[0] = '\0';
	return cc_cell(sys, &co, "test", &result, error, sizeof(error));
}

static void expect_cell_error(const struct bh_system_desc *sys,
			      const char *name, uint64_t cpus, uint64_t memory,
			      const struct bh_cell_desc *o, size_t n,
			      const char *msg)
{
	int ret = cell(sys, name, cpus, memory, o, n);

	if (!ret || strcmp(error, msg))
		fail_msg("returned %d, \"%s\"\n   expected \"%s\"", ret, error,
			 msg);
}

static void test_cell(void **state)
{
	struct config sys, others[2];
	const struct bh_cell_desc *c = &result.cell;
	struct bh_cell_desc two[2];

	(void)state;
	load_config("configs/qemu-svm.yaml", &sys);
	load_config("configs/cells/hello.yaml", &others[0]);
	load_config("configs/cells/timer-jitter.yaml", &others[1]);
	two[0] = others[0].cell;
	two[1] = others[1].cell;

	/* Alone: the start of cell-memory, hello.yaml's layout. */
	assert_int_equal(cell(&sys.sys, "x", 0x2, MiB, NULL, 0), 0);
	assert_string_equal(c->name, "x");
	assert_true(c->cpu_set == 0x2);
	assert_int_equal(c->num_mem_regions, 2);
	assert_true(c->mem_regions[0].phys_start == 0x31000000 &&
		    c->mem_regions[0].virt_start == 0 &&
		    c->mem_regions[0].size == MiB &&
		    c->mem_regions[0].flags ==
			    (BH_MEM_READ | BH_MEM_WRITE | BH_MEM_EXECUTE |
			     BH_MEM_LOADABLE));
	assert_true(c->mem_regions[1].phys_start == 0x31100000 &&
		    c->mem_regions[1].virt_start == 0x100000 &&
		    c->mem_regions[1].size == 0x1000 &&
		    c->mem_regions[1].flags ==
			    (BH_MEM_READ | BH_MEM_WRITE | BH_MEM_COMM_REGION));
	expect_said("for the system config sys.yaml.");
	expect_said("#   0x0-0xfffff  RAM, loadable: the image is loaded at 0\n"
		    "#   0x100000-0x100fff  the comm region");

	/* Beside hello and timer-jitter: after both. */
	assert_int_equal(cell(&sys.sys, "x", 0x2, MiB, two, 2), 0);
	assert_true(c->mem_regions[0].phys_start == 0x31400000);
	/* Large: up to the root cell's ivshmem memory at 0x4fc00000. */
	assert_int_equal(cell(&sys.sys, "x", 0x2, 200 * MiB, two, 2), 0);
	assert_true(c->mem_regions[0].phys_start == 0x31400000 &&
		    c->mem_regions[1].virt_start == 200 * MiB);
	expect_cell_error(
		&sys.sys, "x", 0x2, 490 * MiB, two, 2,
		"cell-memory 0x31000000-0x4fffffff has no room for the cell's 490M of RAM and 4K comm region from a 2 MiB boundary beside the other cells and the root cell's ivshmem devices");

	expect_cell_error(
		&sys.sys, "x", 0x3, MiB, NULL, 0,
		"--cpus: CPU 0 stays with the root cell: it is Linux's boot CPU");
	expect_cell_error(
		&sys.sys, "x", 0x30, MiB, NULL, 0,
		"--cpus: CPU 4 is not one of the root cell's CPUs (0-3)");
	expect_cell_error(&sys.sys, "x", 0x8, MiB, two, 2,
			  "--cpus: CPU 3 is also in cell 'hello' (a.yaml)");
	expect_cell_error(
		&sys.sys, "hello", 0x2, MiB, two, 2,
		"--cell: 'hello' is also the name of the cell in a.yaml");
	expect_cell_error(&sys.sys, "root", 0x2, MiB, NULL, 0,
			  "--cell: 'root' is the root cell's name");
	expect_cell_error(
		&sys.sys, "a b", 0x2, MiB, NULL, 0,
		"--cell: 'a b' is not a name (printable ASCII without spaces, 1 to 31 characters)");
	expect_cell_error(
		&sys.sys, "cell-name-of-thirty-two-chars-xx", 0x2, MiB, NULL, 0,
		"--cell: 'cell-name-of-thirty-two-chars-xx' is not a name (printable ASCII without spaces, 1 to 31 characters)");
	expect_cell_error(
		&sys.sys, "x", 0x2, MiB + 1, NULL, 0,
		"--memory: 0x100001 is not a multiple of 4K up to cell-memory's 496M");
	config_release(&sys);
	config_release(&others[0]);
	config_release(&others[1]);

	/* For a generated system: its cell-memory. */
	assert_int_equal(create(fixture_dir("devhost"), NULL), 0);
	sys.sys = result.sys;
	assert_int_equal(cell(&sys.sys, "x", 0x2, 4 * MiB, NULL, 0), 0);
	assert_true(c->mem_regions[0].phys_start == 0x101000000);
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

static bool exists(const char *path)
{
	return !access(path, F_OK);
}

static void test_cli_system(void **state)
{
	char out[256], tmp[300], want[1024];

	(void)state;
	snprintf(out, sizeof(out), "%s/sys.yaml", cli_tmp);
	run_cli("config", "create", "--from", HW "qemu-svm", "-o", out, NULL);
	expect_ok();
	snprintf(
		want, sizeof(want),
		"wrote %s\nLinux boots with memmap=512M$0x30000000 already; the config uses that reservation\n",
		out);
	assert_string_equal(res.out, want);
	run_cli("config", "check", out, "configs/cells/hello.yaml", NULL);
	expect_ok();
	run_cli("config", "memmap", out, NULL);
	assert_string_equal(res.out, "512M$0x30000000\n");
	/* hardware check finds the reservation matching the config. */
	run_cli("hardware", "check", "--from", HW "qemu-svm", "--config", out,
		NULL);
	assert_non_null(strstr(res.out, "\nok       memmap "));

	/* To stdout: the config there, the rest on stderr. */
	run_cli("config", "create", "--from", HW "devhost", NULL);
	assert_int_equal(res.status, 0);
	assert_true(!strncmp(res.out, "# System config for vm,", 23));
	assert_string_equal(
		res.err,
		"Linux must boot with memmap=512M$0x100000000 (in grub.cfg memmap=512M\\$0x100000000; in /etc/default/grub memmap=512M\\\\\\$0x100000000)\n"
		"note: no UART for the hypervisor's console; see the comment at hypervisor.console\n"
		"note: no iommus: the ACPI tables have neither DMAR (Intel VT-d) nor IVRS (AMD IOMMU)\n");

	/* A reservation that does not match: one line, nothing written. */
	snprintf(out, sizeof(out), "%s/bad.yaml", cli_tmp);
	snprintf(tmp, sizeof(tmp), "%s.tmp", out);
	run_cli("config", "create", "--from", HW "qemu-svm", "--cell-memory",
		"1G", "-o", out, NULL);
	expect_error(1, "bulkhead: memmap=512M$0x30000000 on the kernel "
			"command line does not match: it reserves 512M");
	assert_false(exists(out) || exists(tmp));
	run_cli("config", "create", "--from", HW "devhost", "--cell-memory",
		"64G", "-o", out, NULL);
	expect_error(1, "bulkhead: no free range large enough: ");
	assert_false(exists(out) || exists(tmp));
	assert_string_equal(res.out, "");

	/* No ACPI tables. */
	copy_of("devhost", "noacpi");
	drop(copy_of("devhost", "noacpi"), "/sys/firmware/acpi");
	snprintf(tmp, sizeof(tmp), "%s/noacpi", cli_tmp);
	run_cli("config", "create", "--from", tmp, "-o", out, NULL);
	expect_error(1, "bulkhead: no ACPI tables (/sys/firmware/acpi/tables)");
	assert_false(exists(out));
	run_cli("config", "create", "--from", "/nonexistent", NULL);
	expect_error(1, "bulkhead: /nonexistent/info: No such file or "
			"directory (not a recording");
}

static void test_cli_usage(void **state)
{
	(void)state;
	run_cli("config", "create", "--bogus", NULL);
	expect_usage("unknown option '--bogus'");
	run_cli("config", "create", "-o", NULL);
	expect_usage("-o needs a value");
	run_cli("config", "create", "-o", "a", "-o", "b", NULL);
	expect_usage("-o given twice");
	run_cli("config", "create", "--hypervisor-size", "16Q", NULL);
	expect_usage(
		"--hypervisor-size: '16Q' is not a size (like 16M, 512M, 0x1000000)");
	run_cli("config", "create", "--hypervisor-size", "3M", NULL);
	expect_usage(
		"--hypervisor-size: 3M is not a multiple of 2M from 4M to 512M");
	run_cli("config", "create", "--cell-memory", "0", NULL);
	expect_usage(
		"--cell-memory: '0' is not a size (like 16M, 512M, 0x1000000)");
	run_cli("config", "create", "--cell-memory", "99999999999T", NULL);
	expect_usage(
		"--cell-memory: '99999999999T' is not a size (like 16M, 512M, 0x1000000)");
	run_cli("config", "create", "--root-cpus", "1-2", NULL);
	expect_usage("--root-cpus: must contain CPU 0, Linux's boot CPU");
	run_cli("config", "create", "--root-cpus", "0-64", NULL);
	expect_usage(
		"--root-cpus: '0-64' is not a CPU list (like 1-3,5; CPUs 0 to 63)");
	run_cli("config", "create", "--cell", "x", "--cpus", "1", NULL);
	expect_usage(
		"a cell config needs --cell, --cpus and --memory together");
	run_cli("config", "create", "--cpus", "1", NULL);
	expect_usage(
		"a cell config needs --cell, --cpus and --memory together");
	run_cli("config", "create", "--cell", "x", "--cpus", "", "--memory",
		"1M", NULL);
	expect_usage("--cpus: '' is not a CPU list (like 1-3,5; CPUs 0 to 63)");
	run_cli("config", "create", "-s", "configs/qemu-svm.yaml", NULL);
	expect_usage("-s is for cell configs (with --cell)");
	run_cli("config", "create", "configs/cells/hello.yaml", NULL);
	expect_usage(
		"cell configs ('configs/cells/hello.yaml') are for the cell form (with --cell)");
	run_cli("config", "create", "--cell", "x", "--cpus", "1", "--memory",
		"1M", "-s", "configs/qemu-svm.yaml", "--from", HW "devhost",
		NULL);
	expect_usage(
		"-s gives the system config: --hypervisor-size, --cell-memory, --root-cpus and --from are for making one");
}

static void test_cli_cell(void **state)
{
	char out[256];

	(void)state;
	snprintf(out, sizeof(out), "%s/x.yaml", cli_tmp);
	run_cli("config", "create", "--cell", "x", "--cpus", "1", "--memory",
		"1M", "-s", "configs/qemu-svm.yaml", "configs/cells/hello.yaml",
		"configs/cells/timer-jitter.yaml", "-o", out, NULL);
	expect_ok();
	run_cli("config", "check", "configs/qemu-svm.yaml",
		"configs/cells/hello.yaml", "configs/cells/timer-jitter.yaml",
		out, NULL);
	expect_ok();
	run_cli("config", "create", "--cell", "x", "--cpus", "3", "--memory",
		"1M", "-s", "configs/qemu-svm.yaml", "configs/cells/hello.yaml",
		NULL);
	expect_error(1, "bulkhead: --cpus: CPU 3 is also in cell 'hello' "
			"(configs/cells/hello.yaml)");
	/* The system from a recording: the config create would write. */
	run_cli("config", "create", "--cell", "y", "--cpus", "2-3", "--memory",
		"8M", "--from", HW "qemu-svm", NULL);
	assert_int_equal(res.status, 0);
	assert_non_null(strstr(res.out, "  - {name: ram, start: 0x31000000, "
					"guest: 0x0, size: 8M,\n"));
	run_cli("config", "create", "--cell", "y", "--cpus", "1", "--memory",
		"1M", "-s", "configs/cells/hello.yaml", NULL);
	expect_error(1, "bulkhead: ");
}

/* Live, as a user other than root: refused before anything is read. */
static void test_cli_not_root(void **state)
{
	char out[256], err_path[256], err[512];
	int status;
	pid_t pid;

	(void)state;
	if (geteuid()) {
		run_cli("config", "create", NULL);
		expect_error(1, "bulkhead: config create reads addresses");
		return;
	}
	snprintf(out, sizeof(out), "%s/nobody.yaml", cli_tmp);
	snprintf(err_path, sizeof(err_path), "%s/nobody.err", cli_tmp);
	chmod(cli_tmp, 0777);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int fd = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0666);

		if (fd < 0 || dup2(fd, 2) < 0 || setgid(65534) || setuid(65534))
			_exit(127);
		execl(cli_path, cli_path, "config", "create", "-o", out,
		      (char *)NULL);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	chmod(cli_tmp, 0700);
	read_file(err_path, err, sizeof(err));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_string_equal(
		err,
		"bulkhead: config create reads addresses (/proc/iomem) and ACPI tables only root can read: run it as root\n");
	assert_false(exists(out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_matches_reference),
		cmocka_unit_test(test_devhost),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_reservation_mismatch),
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_uart),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_acpi_missing),
		cmocka_unit_test(test_many_cpus),
		cmocka_unit_test(test_cell),
		cmocka_unit_test(test_cli_system),
		cmocka_unit_test(test_cli_usage),
		cmocka_unit_test(test_cli_cell),
		cmocka_unit_test(test_cli_not_root),
	};

	return cmocka_run_group_tests(tests, cli_group_setup,
				      cli_group_teardown);
}
