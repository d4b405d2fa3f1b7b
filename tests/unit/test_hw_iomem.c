// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/hw_iomem.c tools/bulkhead/hw_text.c tools/bulkhead/hw_cmdline.c tests/unit/cli_harness.c
/*
 * The parsers of config create's kernel text files (tools/bulkhead/
 * hw_iomem.c, hw_text.c and hw_cmdline.c): on the files of two recorded
 * machines (tests/unit/fixtures/hw/devhost and qemu-svm), every range,
 * parent and value checked against the file; then on hostile text
 * (overlapping and misordered ranges, children outside their parents,
 * garbage, indentation the kernel never prints, values beyond 64 bits),
 * each refused with the message naming the line.
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

#include "../../tools/bulkhead/hw_iomem.h"
#include "../../tools/bulkhead/hw_text.h"
#include "cli_harness.h"

#define HW "tests/unit/fixtures/hw/"

/* A fixture file, relative to the repository, as a string. */
static char *fixture(const char *rel)
{
	char path[PATH_MAX + 128], *buf;
	FILE *f;
	long n;

	snprintf(path, sizeof(path), "%s/%s", cli_top, rel);
	f = fopen(path, "r");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void expect_range(const struct hw_iomem *io, size_t i, uint64_t start,
			 uint64_t end, const char *name, unsigned int depth,
			 int parent)
{
	const struct hw_iomem_range *r;

	assert_true(i < io->num);
	r = &io->range[i];
	if (r->start != start || r->end != end || strcmp(r->name, name) ||
	    r->depth != depth || r->parent != parent || r->line != i + 1)
		fail_msg(
			"range %zu: 0x%llx-0x%llx '%s' depth %u parent %d line %u",
			i, (unsigned long long)r->start,
			(unsigned long long)r->end, r->name, r->depth,
			r->parent, r->line);
}

/* The development host (Firecracker): every line of its /proc/iomem. */
static void test_iomem_devhost(void **state)
{
	char *text = fixture(HW "devhost/fs/proc/iomem"), err[256];
	struct hw_iomem io;

	(void)state;
	assert_int_equal(hw_iomem_parse(text, &io, err, sizeof(err)), 0);
	assert_int_equal(io.num, 27);
	expect_range(&io, 0, 0x0, 0xfff, "Reserved", 0, -1);
	expect_range(&io, 1, 0x1000, 0x9fbff, "System RAM", 0, -1);
	expect_range(&io, 2, 0x9fc00, 0xfffff, "Reserved", 0, -1);
	expect_range(&io, 3, 0xde000, 0xdefff, "AMZNC10C:00", 1, 2);
	expect_range(&io, 4, 0xf0000, 0xfffff, "System ROM", 1, 2);
	expect_range(&io, 5, 0x100000, 0xbfffffff, "System RAM", 0, -1);
	expect_range(&io, 6, 0x1000000, 0x2276f47, "Kernel code", 1, 5);
	expect_range(&io, 7, 0x2400000, 0x2e0cfff, "Kernel rodata", 1, 5);
	expect_range(&io, 8, 0x3000000, 0x327c17f, "Kernel data", 1, 5);
	expect_range(&io, 9, 0x3b32000, 0x3c55fff, "Kernel bss", 1, 5);
	expect_range(&io, 10, 0xc0001000, 0xeebfffff, "PCI Bus 0000:00", 0, -1);
	expect_range(&io, 11, 0xeec00000, 0xfebfffff, "Reserved", 0, -1);
	expect_range(&io, 12, 0xeec00000, 0xeecfffff,
		     "PCI ECAM 0000 [bus 00-00]", 1, 11);
	expect_range(&io, 13, 0xeec00000, 0xeecfffff, "PCI Bus 0000:00", 2, 12);
	expect_range(&io, 14, 0xfec00000, 0xfec003ff, "IOAPIC 0", 0, -1);
	expect_range(&io, 15, 0x100000000, 0x63fffffff, "System RAM", 0, -1);
	expect_range(&io, 16, 0x4000000000, 0x7fffffffff, "PCI Bus 0000:00", 0,
		     -1);
	expect_range(&io, 17, 0x4000000000, 0x400007ffff, "0000:00:01.0", 1,
		     16);
	expect_range(&io, 18, 0x4000000000, 0x400007ffff, "virtio-pci-modern",
		     2, 17);
	expect_range(&io, 25, 0x4000200000, 0x400027ffff, "0000:00:05.0", 1,
		     16);
	expect_range(&io, 26, 0x4000200000, 0x400027ffff, "virtio-pci-modern",
		     2, 25);
	assert_false(hw_iomem_hidden(&io));
	hw_iomem_free(&io);
	free(text);
}

/* The reference platform, booted with memmap=512M$0x30000000. */
static void test_iomem_qemu(void **state)
{
	char *text = fixture(HW "qemu-svm/fs/proc/iomem"), err[256];
	struct hw_iomem io;

	(void)state;
	assert_int_equal(hw_iomem_parse(text, &io, err, sizeof(err)), 0);
	assert_int_equal(io.num, 38);
	expect_range(&io, 7, 0xf0000, 0xfffff, "Reserved", 0, -1);
	expect_range(&io, 8, 0xf0000, 0xfffff, "System ROM", 1, 7);
	expect_range(&io, 9, 0x100000, 0x2fffffff, "System RAM", 0, -1);
	/* The memmap= reservation splits System RAM. */
	expect_range(&io, 10, 0x30000000, 0x4fffffff, "Reserved", 0, -1);
	expect_range(&io, 11, 0x50000000, 0x7ffdefff, "System RAM", 0, -1);
	expect_range(&io, 15, 0x6c310000, 0x6d3fffff, "Kernel bss", 1, 11);
	expect_range(&io, 16, 0x7ffdf000, 0x7fffffff, "Reserved", 0, -1);
	expect_range(&io, 18, 0xb0000000, 0xbfffffff,
		     "PCI MMCONFIG 0000 [bus 00-ff]", 0, -1);
	expect_range(&io, 19, 0xb0000000, 0xbfffffff, "Reserved", 1, 18);
	expect_range(&io, 20, 0xb0000000, 0xbfffffff, "pnp 00:06", 2, 19);
	expect_range(&io, 33, 0xfed90000, 0xfed90fff, "dmar0", 0, -1);
	expect_range(&io, 36, 0x100000000, 0x8ffffffff, "PCI Bus 0000:00", 0,
		     -1);
	expect_range(&io, 37, 0xfd00000000, 0xffffffffff, "Reserved", 0, -1);
	hw_iomem_free(&io);
	free(text);
}

static void expect_iomem_error(const char *text, const char *msg)
{
	struct hw_iomem io;
	char err[256] = "";

	if (hw_iomem_parse(text, &io, err, sizeof(err)) != -EINVAL ||
	    strcmp(err, msg))
		fail_msg("\"%s\"\n  gave \"%s\"\n  expected \"%s\"", text, err,
			 msg);
	assert_null(io.range);
	assert_int_equal(io.num, 0);
}

static void test_iomem_hostile(void **state)
{
	(void)state;
	expect_iomem_error(
		"00000000-00000fff : A\n00000800-00001fff : B\n",
		"line 2: 0x800-0x1fff overlaps or precedes 0x0-0xfff on line 1");
	expect_iomem_error(
		"00001000-00001fff : A\n00000000-00000fff : B\n",
		"line 2: 0x0-0xfff overlaps or precedes 0x1000-0x1fff on line 1");
	/* Siblings under one parent, and the second level. */
	expect_iomem_error(
		"00000000-0000ffff : A\n  00000000-00000fff : B\n  00000f00-00001fff : C\n",
		"line 3: 0xf00-0x1fff overlaps or precedes 0x0-0xfff on line 2");
	expect_iomem_error(
		"00001000-00001fff : A\n  00000000-00001fff : B\n",
		"line 2: 0x0-0x1fff is not inside its parent 0x1000-0x1fff on line 1");
	expect_iomem_error("hello world\n",
			   "line 1: not 'START-END : NAME' in hex");
	expect_iomem_error("00000000-00000fff : A\n00001000-00001fff B\n",
			   "line 2: not 'START-END : NAME' in hex");
	expect_iomem_error("00000000-00000fff : A\n00001000 : B\n",
			   "line 2: not 'START-END : NAME' in hex");
	expect_iomem_error("0x0-0xfff : A\n",
			   "line 1: not 'START-END : NAME' in hex");
	expect_iomem_error(
		" 00000000-00000fff : A\n",
		"line 1: indented by 1 spaces, not 2 per level up to 5");
	expect_iomem_error(
		"            00000000-00000fff : A\n",
		"line 1: indented by 12 spaces, not 2 per level up to 5");
	expect_iomem_error(
		"00000000-00000fff : A\n    00000000-000000ff : B\n",
		"line 2: indented deeper than a child of the line before");
	expect_iomem_error(
		"  00000000-00000fff : A\n",
		"line 1: indented deeper than a child of the line before");
	expect_iomem_error("10000000000000000-10000000000000001 : X\n",
			   "line 1: address longer than 64 bits");
	expect_iomem_error("00000000-100000000000000000 : X\n",
			   "line 1: not 'START-END : NAME' in hex");
	expect_iomem_error("00002000-00001fff : A\n",
			   "line 1: start 0x2000 is above end 0x1fff");
	/* A bad line after good ones is still found, by its number. */
	expect_iomem_error("00000000-00000fff : A\n00001000-00001fff : B\n\n",
			   "line 3: not 'START-END : NAME' in hex");
}

/* What the kernel does print, however odd, parses. */
static void test_iomem_edges(void **state)
{
	struct hw_iomem io;
	char err[256], text[512];

	(void)state;
	assert_int_equal(hw_iomem_parse("", &io, err, sizeof(err)), 0);
	assert_int_equal(io.num, 0);
	assert_false(hw_iomem_hidden(&io));
	hw_iomem_free(&io);

	/* No newline at the end; the full 64-bit range; an empty name. */
	assert_int_equal(hw_iomem_parse("0000-ffffffffffffffff : \n"
					"  0000-0fff : x",
					&io, err, sizeof(err)),
			 0);
	expect_range(&io, 0, 0, UINT64_MAX, "", 0, -1);
	expect_range(&io, 1, 0, 0xfff, "x", 1, 0);
	hw_iomem_free(&io);

	/* Longer names are cut, not refused. */
	snprintf(text, sizeof(text), "00000000-00000fff : %0300d\n", 7);
	assert_int_equal(hw_iomem_parse(text, &io, err, sizeof(err)), 0);
	assert_int_equal(strlen(io.range[0].name), HW_NAME_LEN - 1);
	hw_iomem_free(&io);

	/* A user other than root sees every address as 0. */
	assert_int_equal(hw_iomem_parse("00000000-00000000 : Reserved\n"
					"00000000-00000000 : System RAM\n"
					"  00000000-00000000 : Kernel code\n",
					&io, err, sizeof(err)),
			 0);
	assert_true(hw_iomem_hidden(&io));
	hw_iomem_free(&io);
}

/*
 * Beyond five levels the kernel indents no further: a range inside the
 * one before at that indentation is its child, one after it a sibling.
 */
static void test_iomem_capped_depth(void **state)
{
	static const char text[] = "00000000-0000ffff : L0\n"
				   "  00000000-00007fff : L1\n"
				   "    00000000-00003fff : L2\n"
				   "      00000000-00001fff : L3\n"
				   "        00000000-00000fff : L4\n"
				   "          00000000-000007ff : L5\n"
				   "          00000000-000003ff : L6\n"
				   "          00000400-000007ff : L6b\n"
				   "          00000800-00000fff : L5b\n";
	struct hw_iomem io;
	char err[256];

	(void)state;
	assert_int_equal(hw_iomem_parse(text, &io, err, sizeof(err)), 0);
	assert_int_equal(io.num, 9);
	expect_range(&io, 5, 0, 0x7ff, "L5", 5, 4);
	expect_range(&io, 6, 0, 0x3ff, "L6", 5, 5);
	expect_range(&io, 7, 0x400, 0x7ff, "L6b", 5, 5);
	expect_range(&io, 8, 0x800, 0xfff, "L5b", 5, 4);
	hw_iomem_free(&io);

	expect_iomem_error(
		"00000000-0000ffff : L0\n"
		"  00000000-00007fff : L1\n"
		"    00000000-00003fff : L2\n"
		"      00000000-00001fff : L3\n"
		"        00000000-00000fff : L4\n"
		"          00000000-000007ff : L5\n"
		"          00000400-00000bff : X\n",
		"line 7: 0x400-0xbff overlaps or precedes 0x0-0x7ff on line 6");
}

static void read_fw_entry(const char *machine, const char *n,
			  struct hw_fwmap_entry *e)
{
	char path[3][128], err[256];
	char *t[3];

	snprintf(path[0], sizeof(path[0]),
		 HW "%s/fs/sys/firmware/memmap/%s/start", machine, n);
	snprintf(path[1], sizeof(path[1]),
		 HW "%s/fs/sys/firmware/memmap/%s/end", machine, n);
	snprintf(path[2], sizeof(path[2]),
		 HW "%s/fs/sys/firmware/memmap/%s/type", machine, n);
	for (int i = 0; i < 3; i++)
		t[i] = fixture(path[i]);
	assert_int_equal(hw_fwmap_parse_entry(n, t[0], t[1], t[2], e, err,
					      sizeof(err)),
			 0);
	for (int i = 0; i < 3; i++)
		free(t[i]);
}

/* The firmware's map of the reference platform: not changed by memmap=. */
static void test_fwmap_qemu(void **state)
{
	/* Directory order: names sort as strings. */
	static const char *const names[] = { "0", "1", "2", "3", "4",
					     "5", "6", "7", "8" };
	struct hw_fwmap_entry e[9];
	char err[256];

	(void)state;
	for (int i = 8; i >= 0; i--)
		read_fw_entry("qemu-svm", names[i], &e[8 - i]);
	assert_int_equal(hw_fwmap_sort(e, 9, err, sizeof(err)), 0);
	assert_true(e[0].start == 0 && e[0].end == 0x9fbff);
	assert_string_equal(e[0].type, "System RAM");
	assert_true(e[3].start == 0x100000 && e[3].end == 0x7ffdefff);
	assert_string_equal(e[3].type, "System RAM");
	assert_true(e[4].start == 0x7ffdf000 && e[4].end == 0x7fffffff);
	assert_string_equal(e[4].type, "Reserved");
	assert_true(e[8].start == 0xfd00000000 && e[8].end == 0xffffffffff);
}

static void expect_fw_error(const char *start, const char *end,
			    const char *type, const char *msg)
{
	struct hw_fwmap_entry e;
	char err[256] = "";

	if (hw_fwmap_parse_entry("3", start, end, type, &e, err, sizeof(err)) !=
		    -EINVAL ||
	    strcmp(err, msg))
		fail_msg("gave \"%s\", expected \"%s\"", err, msg);
}

static void test_fwmap_hostile(void **state)
{
	struct hw_fwmap_entry e[2] = {
		{ 0x1000, 0x2fff, "System RAM" },
		{ 0x2000, 0x3fff, "Reserved" },
	};
	char err[256];

	(void)state;
	expect_fw_error("0x\n", "0xfff\n", "System RAM\n",
			"/sys/firmware/memmap/3/start: not a hex address");
	expect_fw_error("1000\n", "0xfff\n", "System RAM\n",
			"/sys/firmware/memmap/3/start: not a hex address");
	expect_fw_error("0x10000000000000000\n", "0xfff\n", "System RAM\n",
			"/sys/firmware/memmap/3/start: not a hex address");
	expect_fw_error(
		"0x1000\n", "0xfff\n", "System RAM\n",
		"/sys/firmware/memmap/3/end: not a hex address at or above start");
	expect_fw_error(
		"0x1000\n", "0x1fff junk\n", "System RAM\n",
		"/sys/firmware/memmap/3/end: not a hex address at or above start");
	expect_fw_error("0x1000\n", "0x1fff\n", "\n",
			"/sys/firmware/memmap/3/type: empty or too long");
	assert_int_equal(hw_fwmap_sort(e, 2, err, sizeof(err)), -EINVAL);
	assert_string_equal(
		err,
		"/sys/firmware/memmap: Reserved 0x2000-0x3fff overlaps System RAM 0x1000-0x2fff");
}

static void test_serial(void **state)
{
	char *text = fixture(HW "qemu-svm/fs/proc/tty/driver/serial");
	struct hw_uarts u;
	char err[256];

	(void)state;
	/* Four lines, two with a UART behind them. */
	assert_int_equal(hw_serial_parse(text, &u, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(u.num, 2);
	assert_int_equal(u.uart[0].line, 0);
	assert_true(u.uart[0].is_pio && u.uart[0].address == 0x3f8);
	assert_int_equal(u.uart[0].irq, 4);
	assert_int_equal(u.uart[1].line, 1);
	assert_true(u.uart[1].is_pio && u.uart[1].address == 0x2f8);
	assert_int_equal(u.uart[1].irq, 3);
	assert_string_equal(u.uart[1].type, "16550A");

	text = fixture(HW "devhost/fs/proc/tty/driver/serial");
	assert_int_equal(hw_serial_parse(text, &u, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(u.num, 1);
	assert_true(u.uart[0].address == 0x3f8 && u.uart[0].irq == 26);

	/* Memory-mapped UARTs, and a type with spaces in it. */
	assert_int_equal(
		hw_serial_parse(
			"serinfo:1.0 driver revision:\n"
			"4: uart:16550A mmio:0xFEDC9000 irq:21 tx:0 rx:0\n"
			"5: uart:Altera 16550 FIFO32 port:000002E8 irq:3\n",
			&u, err, sizeof(err)),
		0);
	assert_int_equal(u.num, 2);
	assert_true(!u.uart[0].is_pio && u.uart[0].address == 0xfedc9000);
	assert_int_equal(u.uart[0].line, 4);
	assert_string_equal(u.uart[1].type, "Altera 16550 FIFO32");
	assert_true(u.uart[1].is_pio && u.uart[1].address == 0x2e8);
}

static void expect_serial_error(const char *text, const char *msg)
{
	struct hw_uarts u;
	char err[256] = "";

	if (hw_serial_parse(text, &u, err, sizeof(err)) != -EINVAL ||
	    strcmp(err, msg))
		fail_msg("\"%s\"\n  gave \"%s\"\n  expected \"%s\"", text, err,
			 msg);
}

static void test_serial_hostile(void **state)
{
	(void)state;
	expect_serial_error("", "empty");
	expect_serial_error("0: uart:16550A port:000003F8 irq:4\n",
			    "line 1: no 'serinfo:' header");
	expect_serial_error(
		"serinfo:1.0 driver revision:\nx: y\n",
		"line 2: not 'N: uart:TYPE port:HEX irq:N' or 'mmio:0xHEX'");
	expect_serial_error(
		"serinfo:1.0 driver revision:\n0: uart:16550A port:3F8\n",
		"line 2: not 'N: uart:TYPE port:HEX irq:N' or 'mmio:0xHEX'");
	expect_serial_error(
		"serinfo:1.0 driver revision:\n0: uart: port:000003F8 irq:4\n",
		"line 2: not 'N: uart:TYPE port:HEX irq:N' or 'mmio:0xHEX'");
	expect_serial_error(
		"serinfo:1.0 driver revision:\n0: uart:16550A port:0000FFFF irq:4\n",
		"line 2: port 0xffff is beyond the I/O port space");
	expect_serial_error(
		"serinfo:1.0 driver revision:\n0: uart:16550A port:000003F8 irq:99999999999\n",
		"line 2: not 'N: uart:TYPE port:HEX irq:N' or 'mmio:0xHEX'");
	expect_serial_error(
		"serinfo:1.0 driver revision:\n0: uart:16550A port:12345678901234567 irq:4\n",
		"line 2: not 'N: uart:TYPE port:HEX irq:N' or 'mmio:0xHEX'");
}

static void expect_cpus(const char *text, uint64_t set, unsigned int num,
			int highest)
{
	struct hw_cpus c;
	char err[160];

	if (hw_cpulist_parse(text, &c, err, sizeof(err)))
		fail_msg("'%s': %s", text, err);
	if (c.set != set || c.num != num || c.highest != highest)
		fail_msg("'%s': set 0x%llx num %u highest %d", text,
			 (unsigned long long)c.set, c.num, c.highest);
}

static void test_cpulist(void **state)
{
	char *text = fixture(HW "qemu-svm/fs/sys/devices/system/cpu/online");
	struct hw_cpus c;
	char err[160], buf[256];

	(void)state;
	expect_cpus(text, 0xf, 4, 3);
	free(text);
	expect_cpus("0-1\n", 0x3, 2, 1);
	expect_cpus("0,2-5,7\n", 0xbd, 6, 7);
	expect_cpus("5", 0x20, 1, 5);
	expect_cpus("\n", 0, 0, -1);
	expect_cpus("", 0, 0, -1);
	/* CPUs beyond 63 count, but only 0-63 are in the set. */
	expect_cpus("0-127\n", UINT64_MAX, 128, 127);
	expect_cpus("8191", 0, 1, 8191);

	static const char *const bad[] = {
		"3-1",
		"1,,2",
		"a",
		"0-8192",
		"1,",
		",1",
		"1-",
		"-1",
		"1 2",
		"1\n\n",
		"99999999999999999999",
		"0-3\nx",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (hw_cpulist_parse(bad[i], &c, err, sizeof(err)) != -EINVAL)
			fail_msg("'%s' taken", bad[i]);
	}
	hw_cpulist_parse("a", &c, err, sizeof(err));
	assert_string_equal(
		err, "'a' is not a CPU list (like 0-3,6; CPUs 0 to 8191)");

	hw_cpulist_format(0xbd, buf, sizeof(buf));
	assert_string_equal(buf, "0,2-5,7");
	hw_cpulist_format(UINT64_MAX, buf, sizeof(buf));
	assert_string_equal(buf, "0-63");
	hw_cpulist_format(1ull << 63 | 1, buf, sizeof(buf));
	assert_string_equal(buf, "0,63");
	hw_cpulist_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_memparse(void **state)
{
	const char *end;
	uint64_t v;

	(void)state;
	assert_true(hw_memparse("512M", &v, &end));
	assert_true(v == 512ull << 20 && !*end);
	assert_true(hw_memparse("0x30000000", &v, &end));
	assert_true(v == 0x30000000 && !*end);
	assert_true(hw_memparse("1G$4G", &v, &end));
	assert_true(v == 1ull << 30 && *end == '$');
	/* As the kernel's simple_strtoull() with base 0: octal. */
	assert_true(hw_memparse("010", &v, &end));
	assert_true(v == 8);
	assert_true(hw_memparse("0x10k", &v, &end));
	assert_true(v == 0x4000);
	assert_true(hw_memparse("1E", &v, &end));
	assert_true(v == 1ull << 60);
	assert_false(hw_memparse("16E", &v, &end));
	assert_false(hw_memparse("18446744073709551616", &v, &end));
	assert_false(hw_memparse("", &v, &end));
	assert_false(hw_memparse("M", &v, &end));
}

static void test_cmdline(void **state)
{
	char *text = fixture(HW "qemu-svm/fs/proc/cmdline");
	struct hw_cmdline c;
	char err[256];

	(void)state;
	assert_int_equal(hw_cmdline_parse(text, &c, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(c.num_memmap, 1);
	assert_true(c.memmap[0].start == 0x30000000 &&
		    c.memmap[0].size == 512ull << 20);
	assert_int_equal(c.memmap[0].kind, '$');
	assert_string_equal(c.memmap[0].text, "512M$0x30000000");
	assert_true(c.console_lines == 1);

	/* The devhost's: init's arguments follow "--". */
	text = fixture(HW "devhost/fs/proc/cmdline");
	assert_int_equal(hw_cmdline_parse(text, &c, err, sizeof(err)), 0);
	free(text);
	assert_int_equal(c.num_memmap, 0);
	assert_true(c.console_lines == 1);
	assert_int_equal(hw_cmdline_parse("quiet -- memmap=1G$4G console=ttyS1",
					  &c, err, sizeof(err)),
			 0);
	assert_true(c.num_memmap == 0 && !c.console_lines);

	/* Several items in one parameter; only $ and ! reserve. */
	assert_int_equal(
		hw_cmdline_parse(
			"memmap=exactmap,640K@0,100M#3G,512M$0x30000000,1G!4G "
			"\"console=ttyS1,115200n8\" console=uart8250,io,0x2f8,115200 "
			"console=tty0\n",
			&c, err, sizeof(err)),
		0);
	assert_int_equal(c.num_memmap, 2);
	assert_true(c.memmap[1].kind == '!' &&
		    c.memmap[1].start == 4ull << 30 &&
		    c.memmap[1].size == 1ull << 30);
	assert_true(c.console_lines == 2);
	assert_int_equal(c.num_console_ports, 1);
	assert_int_equal(c.console_port[0], 0x2f8);

	assert_int_equal(hw_cmdline_parse("memmap=512Q$0x30000000", &c, err,
					  sizeof(err)),
			 -EINVAL);
	assert_string_equal(
		err,
		"memmap=512Q$0x30000000 on the kernel command line: not SIZE$START or SIZE!START");
	assert_int_equal(hw_cmdline_parse("memmap=99999999999999999999$0", &c,
					  err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(hw_cmdline_parse("memmap=16E$0x0", &c, err,
					  sizeof(err)),
			 -EINVAL);
	assert_int_equal(hw_cmdline_parse("memmap=8E$0x8000000000000000", &c,
					  err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(
		err,
		"memmap=8E$0x8000000000000000 on the kernel command line: the range is empty or wraps");
	assert_int_equal(hw_cmdline_parse("memmap=512M$", &c, err, sizeof(err)),
			 -EINVAL);
}

static void test_consoles(void **state)
{
	(void)state;
	assert_true(
		hw_consoles_parse("ttyS0                -W- (EC p a)    4:64\n"
				  "tty0                 -WU (E  p  )    4:1\n"
				  "ttyS2                -W- (E    a)    4:66\n"
				  "ttyS                 junk\n") == 0x5);
	assert_true(hw_consoles_parse("") == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iomem_devhost),
		cmocka_unit_test(test_iomem_qemu),
		cmocka_unit_test(test_iomem_hostile),
		cmocka_unit_test(test_iomem_edges),
		cmocka_unit_test(test_iomem_capped_depth),
		cmocka_unit_test(test_fwmap_qemu),
		cmocka_unit_test(test_fwmap_hostile),
		cmocka_unit_test(test_serial),
		cmocka_unit_test(test_serial_hostile),
		cmocka_unit_test(test_cpulist),
		cmocka_unit_test(test_memparse),
		cmocka_unit_test(test_cmdline),
		cmocka_unit_test(test_consoles),
	};

	return cmocka_run_group_tests(tests, cli_group_setup,
				      cli_group_teardown);
}
