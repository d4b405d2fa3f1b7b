// SPDX-License-Identifier: GPL-2.0
// uses: tests/unit/cli_harness.c
/*
 * `bulkhead ivshmem` through the built CLI (build/bin/bulkhead), on a device
 * made of plain files: BULKHEAD_IVSHMEM_ROOT puts a scratch directory in
 * front of /sys and /dev, where each case builds the sysfs entries of
 * uio_ivshmem and a /dev/uio0 that is a regular file, so that mmap of map K
 * at K pages gives the file's bytes there. The fake has one page per map
 * but two for input_sections; with this cell as peer 1 of 2, its output
 * section is the second half of the input map, as on a real device.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include <bulkhead/ivshmem.h>
#include <bulkhead/ivshmem_demo.h>
#include "cli_harness.h"

#define PAGE 4096
#define DEV_SIZE (5 * PAGE)
/* file offsets of the maps, as the CLI mmaps them */
#define OFF_REGS 0
#define OFF_STATE (1 * PAGE)
#define OFF_RW (2 * PAGE)
#define OFF_INPUT (3 * PAGE)
#define OFF_OUTPUT (4 * PAGE) /* = peer 1's in the input map */

static char root[128]; /* BULKHEAD_IVSHMEM_ROOT of the current case */

static void expect_out(const char *needle)
{
	if (!strstr(res.out, needle))
		fail_msg("stdout lacks \"%s\":\n%s", needle, res.out);
}

/* --- the fake device --- */

static void put(const char *rel, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void mkdirs(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (char *p = path + strlen(root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	mkdir(path, 0755);
}

static void dev_write(off_t off, const void *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/dev/uio0", root);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, data, len, off), (ssize_t)len);
	close(fd);
}

static void dev_read(off_t off, void *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	snprintf(path, sizeof(path), "%s/dev/uio0", root);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, data, len, off), (ssize_t)len);
	close(fd);
}

static uint32_t dev_u32(off_t off)
{
	uint32_t v;

	dev_read(off, &v, sizeof(v));
	return v;
}

static void set_u32(off_t off, uint32_t v)
{
	dev_write(off, &v, sizeof(v));
}

/* A fresh root per case; with_device adds uio0, peer 1 of 2. */
static int setup_root(void **state, bool with_device)
{
	static int n;
	static const char *const maps[][2] = {
		{ "registers", "0x1000" },	{ "state_table", "0x1000" },
		{ "rw_section", "0x1000" },	{ "input_sections", "0x2000" },
		{ "output_section", "0x1000" },
	};
	char rel[128], path[PATH_MAX];
	static char zero[DEV_SIZE];

	(void)state;
	snprintf(root, sizeof(root), "%s/root%d", cli_tmp, n++);
	assert_int_equal(mkdir(root, 0755), 0);
	mkdirs("sys/class/uio");
	mkdirs("dev");
	if (!with_device)
		return 0;
	mkdirs("sys/devices/pci0000:00/0000:00:0e.0/msi_irqs");
	put("sys/devices/pci0000:00/0000:00:0e.0/class", "0xff0000\n");
	for (int v = 0; v < 3; v++) {
		snprintf(rel, sizeof(rel),
			 "sys/devices/pci0000:00/0000:00:0e.0/msi_irqs/%d",
			 40 + v);
		put(rel, "msix\n");
	}
	mkdirs("sys/class/uio/uio0");
	put("sys/class/uio/uio0/name", "uio_ivshmem\n");
	snprintf(path, sizeof(path), "%s/sys/class/uio/uio0/device", root);
	assert_int_equal(
		symlink("../../../devices/pci0000:00/0000:00:0e.0", path), 0);
	for (int k = 0; k < 5; k++) {
		snprintf(rel, sizeof(rel), "sys/class/uio/uio0/maps/map%d", k);
		mkdirs(rel);
		snprintf(rel, sizeof(rel), "sys/class/uio/uio0/maps/map%d/name",
			 k);
		put(rel, maps[k][0]);
		snprintf(rel, sizeof(rel), "sys/class/uio/uio0/maps/map%d/size",
			 k);
		put(rel, maps[k][1]);
	}
	put("dev/uio0", "");
	dev_write(0, zero, sizeof(zero));
	set_u32(OFF_REGS + IVSHMEM_REG_ID, 1);
	set_u32(OFF_REGS + IVSHMEM_REG_MAX_PEERS, 2);
	set_u32(OFF_STATE + 0, 7);
	set_u32(OFF_STATE + 4, 3);
	return 0;
}

static int setup_device(void **state)
{
	return setup_root(state, true);
}

static int setup_empty(void **state)
{
	return setup_root(state, false);
}

/* --- cases --- */

static void test_no_device(void **state)
{
	(void)state;
	run_cli("ivshmem", "list", NULL);
	expect_error(
		1,
		"bulkhead: no ivshmem device: no /sys/class/uio/uioN is named uio_ivshmem (is uio_ivshmem.ko loaded and the hypervisor enabled?)");
	run_cli("ivshmem", "state", NULL);
	expect_error(1, "bulkhead: no ivshmem device: ");
	run_cli("ivshmem", "ring", "1", NULL);
	expect_error(1, "bulkhead: no ivshmem device: ");
}

static void test_usage_errors(void **state)
{
	(void)state;
	run_cli("ivshmem", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem: missing subcommand (list, state, ring, wait, dump, fill, send, recv, pingpong)");
	run_cli("ivshmem", "frob", NULL);
	expect_error(2, "bulkhead: ivshmem: unknown subcommand 'frob'");
	run_cli("ivshmem", "list", "extra", NULL);
	expect_error(2, "bulkhead: ivshmem list: too many arguments");
	run_cli("ivshmem", "list", "--frob", NULL);
	expect_error(2, "bulkhead: ivshmem list: unknown option '--frob'");
	run_cli("ivshmem", "list", "-d", NULL);
	expect_error(2,
		     "bulkhead: ivshmem list: -d needs a device (uioN or BDF)");
	run_cli("ivshmem", "list", "--count", "1", NULL);
	expect_error(2, "bulkhead: ivshmem list: unknown option '--count'");
	run_cli("ivshmem", "state", "abc", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem state: VALUE must be a 32-bit number, not 'abc'");
	run_cli("ivshmem", "state", "0x100000000", NULL);
	expect_error(2, "bulkhead: ivshmem state: VALUE must be a 32-bit");
	run_cli("ivshmem", "state", "--hold", NULL);
	expect_error(2, "bulkhead: ivshmem state: --hold needs a VALUE");
	run_cli("ivshmem", "ring", NULL);
	expect_error(2, "bulkhead: ivshmem ring: missing PEER");
	run_cli("ivshmem", "ring", "65536", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem ring: PEER must be a number 0-65535, not '65536'");
	run_cli("ivshmem", "ring", "1", "x", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem ring: VECTOR must be a number 0-65535, not 'x'");
	run_cli("ivshmem", "ring", "1", "2", "3", NULL);
	expect_error(2, "bulkhead: ivshmem ring: too many arguments");
	run_cli("ivshmem", "wait", "--count", "0", NULL);
	expect_error(2, "bulkhead: ivshmem wait: --count must be at least 1");
	run_cli("ivshmem", "wait", "--timeout", "soon", NULL);
	expect_error(
		2, "bulkhead: ivshmem wait: --timeout: 'soon' is not a number");
	run_cli("ivshmem", "wait", "--timeout", NULL);
	expect_error(2, "bulkhead: ivshmem wait: --timeout needs a number");
	run_cli("ivshmem", "dump", NULL);
	expect_error(2, "bulkhead: ivshmem dump: missing SECTION");
	run_cli("ivshmem", "dump", "heap", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem dump: SECTION must be state, rw, output or input, not 'heap'");
	run_cli("ivshmem", "dump", "rw", "--peer", "1", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem dump: --peer goes with output or input only");
	run_cli("ivshmem", "fill", "rw", NULL);
	expect_error(2, "bulkhead: ivshmem fill: expects SECTION and BYTE");
	run_cli("ivshmem", "fill", "input", "1", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem fill: SECTION must be rw or output, not 'input'");
	run_cli("ivshmem", "fill", "rw", "256", NULL);
	expect_error(
		2,
		"bulkhead: ivshmem fill: BYTE must be a number 0-255, not '256'");
	run_cli("ivshmem", "send", NULL);
	expect_error(2, "bulkhead: ivshmem send: missing FILE");
	run_cli("ivshmem", "recv", "0", NULL);
	expect_error(2, "bulkhead: ivshmem recv: expects PEER and FILE");
	run_cli("ivshmem", "pingpong", NULL);
	expect_error(2, "bulkhead: ivshmem pingpong: missing --peer N");
	run_cli("ivshmem", "pingpong", "--peer", "0", "--count", "0", NULL);
	expect_error(2,
		     "bulkhead: ivshmem pingpong: --count must be 1-10000000");
	run_cli("ivshmem", "pingpong", "--peer", "0", "--hold", NULL);
	expect_error(2, "bulkhead: ivshmem pingpong: unknown option '--hold'");
}

static void test_list(void **state)
{
	(void)state;
	run_cli("ivshmem", "list", NULL);
	expect_ok();
	assert_string_equal(res.out, "uio0: 0000:00:0e.0\n"
				     "  protocol:     0x0000\n"
				     "  id:           1\n"
				     "  max peers:    2\n"
				     "  vectors:      3\n"
				     "  state table:  4096 bytes\n"
				     "  rw section:   4096 bytes\n"
				     "  output:       4096 bytes per peer\n"
				     "  state:        0: 7, 1: 3 (own)\n");
	run_cli("ivshmem", "list", "-d", "00:0e.0", NULL);
	expect_ok();
	expect_out("uio0: 0000:00:0e.0\n");
	run_cli("ivshmem", "list", "-d", "uio0", NULL);
	expect_ok();
	run_cli("ivshmem", "list", "-d", "uio1", NULL);
	expect_error(
		1,
		"bulkhead: no ivshmem device 'uio1' (see 'bulkhead ivshmem list')");
	run_cli("ivshmem", "state", "-d", "0000:00:0f.0", NULL);
	expect_error(1, "bulkhead: no ivshmem device '0000:00:0f.0'");
}

static void test_dead_registers(void **state)
{
	(void)state;
	/* what a read of a device the hypervisor no longer serves gives */
	set_u32(OFF_REGS + IVSHMEM_REG_ID, 0xffffffff);
	set_u32(OFF_REGS + IVSHMEM_REG_MAX_PEERS, 0xffffffff);
	run_cli("ivshmem", "list", NULL);
	expect_error(
		1,
		"bulkhead: uio0: registers read ID 4294967295, Max Peers 4294967295: the device does not answer as an ivshmem device");
}

static void test_state_and_ring(void **state)
{
	(void)state;
	set_u32(OFF_REGS + IVSHMEM_REG_STATE, 9);
	run_cli("ivshmem", "state", NULL);
	expect_ok();
	assert_string_equal(res.out, "9\n");
	run_cli("ivshmem", "state", "0x1234", NULL);
	expect_ok();
	assert_int_equal(dev_u32(OFF_REGS + IVSHMEM_REG_STATE), 0x1234);

	run_cli("ivshmem", "ring", "0", "2", NULL);
	expect_ok();
	assert_int_equal(dev_u32(OFF_REGS + IVSHMEM_REG_DOORBELL), 2);
	run_cli("ivshmem", "ring", "1", NULL);
	expect_ok();
	assert_int_equal(dev_u32(OFF_REGS + IVSHMEM_REG_DOORBELL), 1 << 16);
	run_cli("ivshmem", "ring", "2", "1", NULL);
	expect_error(1, "bulkhead: uio0: peer 2: the device has peers 0-1");
}

static void test_fill_and_dump(void **state)
{
	uint8_t buf[PAGE];

	(void)state;
	run_cli("ivshmem", "fill", "rw", "0x41", "--length", "20", NULL);
	expect_ok();
	dev_read(OFF_RW, buf, sizeof(buf));
	assert_int_equal(buf[19], 0x41);
	assert_int_equal(buf[20], 0);

	run_cli("ivshmem", "dump", "rw", NULL);
	expect_ok();
	assert_string_equal(
		res.out,
		"00000000  41 41 41 41 41 41 41 41  41 41 41 41 41 41 41 41  |AAAAAAAAAAAAAAAA|\n"
		"00000010  41 41 41 41 00 00 00 00  00 00 00 00 00 00 00 00  |AAAA............|\n"
		"00000020  00 00 00 00 00 00 00 00  00 00 00 00 00 00 00 00  |................|\n"
		"*\n"
		"00001000\n");

	run_cli("ivshmem", "fill", "output", "255", NULL);
	expect_ok();
	dev_read(OFF_OUTPUT, buf, sizeof(buf));
	assert_int_equal(buf[0], 0xff);
	assert_int_equal(buf[PAGE - 1], 0xff);
	/* the own output section is the peer-1 half of the input map */
	run_cli("ivshmem", "dump", "input", "--peer", "1", "--length", "4",
		NULL);
	expect_ok();
	assert_string_equal(
		res.out,
		"00000000  ff ff ff ff                                       |....|\n"
		"00000004\n");
	run_cli("ivshmem", "dump", "state", "-l", "8", NULL);
	expect_ok();
	expect_out("00000000  07 00 00 00 03 00 00 00");
	run_cli("ivshmem", "dump", "output", "--peer", "2", NULL);
	expect_error(1, "bulkhead: uio0: peer 2: the device has peers 0-1");
}

static void test_send_and_recv(void **state)
{
	static const char msg[] = "hello, peer";
	static const uint8_t header[8] = {
		/* length 11, CRC-32 of the message (as zlib.crc32 gives it) */
		11, 0, 0, 0, 0x01, 0x3e, 0xbe, 0xc4,
	};
	char file[192], big[PAGE];
	uint8_t buf[32];
	FILE *f;

	(void)state;
	snprintf(file, sizeof(file), "%s/msg", cli_tmp);
	f = fopen(file, "w");
	assert_non_null(f);
	fputs(msg, f);
	fclose(f);
	run_cli("ivshmem", "send", file, NULL);
	expect_ok();
	assert_string_equal(res.out, "sent 11 bytes (crc32 0xc4be3e01)\n");
	dev_read(OFF_RW, buf, sizeof(buf));
	assert_memory_equal(buf, header, sizeof(header));
	assert_memory_equal(buf + 8, msg, 11);

	/* peer 0 answers with the same message in its output section */
	dev_write(OFF_INPUT, buf, 8 + 11);
	run_cli("ivshmem", "recv", "0", "-", NULL);
	expect_ok();
	assert_string_equal(res.out, msg);
	snprintf(file, sizeof(file), "%s/got", cli_tmp);
	run_cli("ivshmem", "recv", "0", file, NULL);
	expect_ok();
	read_file(file, big, sizeof(big));
	assert_string_equal(big, msg);
	unlink(file);

	buf[8] ^= 1;
	dev_write(OFF_INPUT, buf, 8 + 11);
	run_cli("ivshmem", "recv", "0", "-", NULL);
	expect_error(
		1,
		"bulkhead: peer 0's output section: checksum 0xc4be3e01 does not match the data's");
	set_u32(OFF_INPUT, PAGE);
	run_cli("ivshmem", "recv", "0", "-", NULL);
	expect_error(
		1,
		"bulkhead: peer 0's output section: length 4096 exceeds the section (4096 bytes, 8 of them the header)");

	/* the R/W section holds 4096 - 8 bytes */
	snprintf(file, sizeof(file), "%s/msg", cli_tmp);
	memset(big, 'x', sizeof(big));
	f = fopen(file, "w");
	assert_non_null(f);
	fwrite(big, 1, PAGE - 8, f);
	fclose(f);
	run_cli("ivshmem", "send", file, NULL);
	expect_ok();
	f = fopen(file, "a");
	fputc('x', f);
	fclose(f);
	run_cli("ivshmem", "send", file, NULL);
	expect_error(1, "bulkhead: ");
	assert_non_null(strstr(
		res.err,
		"does not fit in uio0's R/W section (4096 bytes, 8 of them the header)"));
	unlink(file);
	run_cli("ivshmem", "send", "/nonexistent/file", NULL);
	expect_error(1, "bulkhead: cannot read /nonexistent/file: ");
}

static void test_pingpong_refusals(void **state)
{
	struct bh_demo_output demo = {
		.magic = BH_DEMO_MAGIC,
		.version = BH_DEMO_VERSION,
		.pong_seq = 41,
	};
	struct bh_demo_output own;

	(void)state;
	run_cli("ivshmem", "pingpong", "--peer", "1", NULL);
	expect_error(1, "bulkhead: uio0: peer 1 is this cell itself");
	run_cli("ivshmem", "pingpong", "--peer", "0", NULL);
	expect_error(
		1,
		"bulkhead: peer 0 runs no ivshmem demo of version 1 (magic 0x00000000, version 0 in its output section)");
	/* a demo that does not take the mode, 2 s */
	demo.mode = BH_DEMO_MODE_POLL;
	dev_write(OFF_INPUT, &demo, sizeof(demo));
	run_cli("ivshmem", "pingpong", "--peer", "0", NULL);
	expect_error(
		1,
		"bulkhead: peer 0 did not take mode irq within 2 s (its mode is 1)");
	/* one that takes it but never answers: ping times out in 1 s */
	run_cli("ivshmem", "pingpong", "--peer", "0", "--poll", NULL);
	expect_error(
		1,
		"bulkhead: peer 0 did not answer ping 42 within 1 s (its pong_seq is 41)");
	dev_read(OFF_OUTPUT, &own, sizeof(own));
	assert_int_equal(own.magic, BH_DEMO_MAGIC);
	assert_int_equal(own.ping_seq, 42);
	assert_int_equal(own.mode, BH_DEMO_MODE_IRQ);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_device, setup_empty),
		cmocka_unit_test_setup(test_usage_errors, setup_empty),
		cmocka_unit_test_setup(test_list, setup_device),
		cmocka_unit_test_setup(test_dead_registers, setup_device),
		cmocka_unit_test_setup(test_state_and_ring, setup_device),
		cmocka_unit_test_setup(test_fill_and_dump, setup_device),
		cmocka_unit_test_setup(test_send_and_recv, setup_device),
		cmocka_unit_test_setup(test_pingpong_refusals, setup_device),
	};

	/* every run of the CLI sees the current case's fake /sys and /dev */
	cli_env_name = "BULKHEAD_IVSHMEM_ROOT";
	cli_env_value = root;
	return cmocka_run_group_tests_name("cli_ivshmem", tests,
					   cli_group_setup, cli_group_teardown);
}
