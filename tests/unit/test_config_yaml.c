// SPDX-License-Identifier: GPL-2.0
// uses: hypervisor/core/config_check.c hypervisor/core/format.c tests/unit/cli_harness.c
/*
 * The YAML configs and the `bulkhead config` commands, through the built
 * CLI (build/bin/bulkhead; `make tools` builds it): unit tests link only
 * cmocka, and running the real binary also tests what users run. Each case
 * writes a config with one defect at a known line and checks the exit
 * status and the one-line error, or compiles a config and checks the
 * descriptor's bytes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
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
#include <bulkhead/config.h>
#include "cli_harness.h"

/* --- helpers --- */

/*
 * Writes @lines to tmp/@name, with line @index (0-based, -1 for none)
 * replaced by @replacement, which may hold several lines or none (NULL).
 */
static const char *write_config(const char *name, const char *const *lines,
				size_t n, int index, const char *replacement)
{
	static char paths[4][192];
	static int next;
	char *path = paths[next++ % 4];
	FILE *f;

	snprintf(path, sizeof(paths[0]), "%s/%s", cli_tmp, name);
	f = fopen(path, "w");
	assert_non_null(f);
	for (size_t i = 0; i < n; i++) {
		if ((int)i != index)
			fprintf(f, "%s\n", lines[i]);
		else if (replacement)
			fprintf(f, "%s\n", replacement);
	}
	assert_int_equal(fclose(f), 0);
	return path;
}

static void read_binary(const char *path, void *buf, size_t size)
{
	struct stat st;
	FILE *f;

	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, size);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, size, f), size);
	fclose(f);
}

/* --- the configs the cases start from --- */

static const char *const sys_lines[] = {
	"kind: system", /* 1 */
	"name: test-sys",
	"hypervisor:",
	"  memory: {start: 0x30000000, size: 16M}",
	"  console: {type: uart-pio, port: 0x2f8}", /* 5 */
	"cell-memory: {start: 0x31000000, size: 496M}",
	"pci-mmconfig: {start: 0xb0000000, buses: 0-255}",
	"iommus:",
	"  - {start: 0xfed90000, size: 4K}",
	"root-cell:", /* 10 */
	"  name: root",
	"  cpus: [0-3]",
	"  memory:",
	"    - {name: ram-low, start: 0, size: 0x30000000, flags: [read, write, execute, dma]}",
	"    - {name: cell-memory, start: 0x31000000, size: 495M, flags: [read, write, execute, dma]}", /* 15 */
	"    - {name: ram-high, start: 0x50000000, size: 0x30000000, flags: [read, write, execute, dma]}",
	"    - {name: mmio, start: 0x80000000, size: 2G, flags: [read, write, io]}",
	"  pio:",
	"    - {start: 0, size: 0x2f8}",
	"    - {start: 0x300, size: 0xfd00}", /* 20 */
	"  ivshmem:",
	"    - name: demo",
	"      bdf: 00:10.0",
	"      peers: 3",
	"      id: 0", /* 25 */
	"      memory: {start: 0x4ff00000, state-table: 4K, rw: 16K, output: 4K}",
};

static const char *const cell_lines[] = {
	"kind: cell", /* 1 */
	"name: c1",
	"cpus: [3]",
	"memory:",
	"  - name: ram", /* 5 */
	"    start: 0x31000000",
	"    guest: 0",
	"    size: 1M",
	"    flags: [read, write, execute, loadable]",
	"  - {name: comm, start: 0x31100000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}", /* 10 */
	"pio:",
	"  - {start: 0x3f8, size: 8}",
	"console-port: 0x3f8",
};

/* Peer 1 of the system's device, with every key written. */
static const char *const ivs_cell_lines[] = {
	"kind: cell", /* 1 */
	"name: peer",
	"cpus: [2]",
	"memory:",
	"  - {name: ram, start: 0x31800000, guest: 0, size: 1M, flags: [read, write, execute, loadable]}", /* 5 */
	"  - {name: comm, start: 0x31900000, guest: 0x100000, size: 4K, flags: [read, write, comm-region]}",
	"ivshmem:",
	"  - name: demo",
	"    bdf: 00:00.0",
	"    peers: 3", /* 10 */
	"    id: 1",
	"    protocol: 0",
	"    vectors: 16",
	"    memory:",
	"      start: 0x4ff00000", /* 15 */
	"      guest: 0x200000",
	"      state-table: 4K",
	"      rw: 16K",
	"      output: 4K",
};

#define NSYS (sizeof(sys_lines) / sizeof(sys_lines[0]))
#define NCELL (sizeof(cell_lines) / sizeof(cell_lines[0]))
#define NIVS_CELL (sizeof(ivs_cell_lines) / sizeof(ivs_cell_lines[0]))

static const char *sys_file(int line, const char *replacement)
{
	return write_config("sys.yaml", sys_lines, NSYS, line - 1, replacement);
}

static const char *cell_file(const char *name, int line,
			     const char *replacement)
{
	return write_config(name, cell_lines, NCELL, line - 1, replacement);
}

static const char *ivs_cell_file(const char *name, int line,
				 const char *replacement)
{
	return write_config(name, ivs_cell_lines, NIVS_CELL, line - 1,
			    replacement);
}

/* --- one defect per case, in a table --- */

enum which { SYS, CELL, IVS_CELL, MEMMAP };

struct error_case {
	const char *name;
	enum which file; /* which config gets the defect */
	int line; /* 1-based line replaced */
	const char *replacement;
	const char *expect; /* stderr after "bulkhead: FILE" */
};

static const struct error_case error_cases[] = {
	/* Values. */
	{ "size_suffix_unknown", SYS, 17,
	  "    - {name: mmio, start: 0x80000000, size: 16Q, flags: [read]}",
	  ":17: root-cell.memory[3].size: '16Q' is not a size (like 4096, 0x1000, 4K, 16M, 2G)" },
	{ "size_two_letter_suffix", SYS, 17,
	  "    - {name: mmio, start: 0x80000000, size: 2GB, flags: [read]}",
	  ":17: root-cell.memory[3].size: '2GB' is not a size" },
	{ "size_fraction", SYS, 4, "  memory: {start: 0x30000000, size: 1.5M}",
	  ":4: hypervisor.memory.size: '1.5M' is not a size" },
	{ "size_negative", SYS, 6,
	  "cell-memory: {start: 0x31000000, size: -4K}",
	  ":6: cell-memory.size: '-4K' is not a size" },
	{ "size_bare_hex_prefix", SYS, 9, "  - {start: 0xfed90000, size: 0x}",
	  ":9: iommus[0].size: '0x' is not a size" },
	{ "size_overflow", SYS, 6,
	  "cell-memory: {start: 0x31000000, size: 18446744073709551616}",
	  ":6: cell-memory.size: '18446744073709551616' is not a size" },
	{ "size_overflow_suffix", SYS, 6,
	  "cell-memory: {start: 0x31000000, size: 16777216T}",
	  ":6: cell-memory.size: '16777216T' is not a size" },
	{ "size_trailing_underscore", SYS, 6,
	  "cell-memory: {start: 0x31000000, size: 496_M}",
	  ":6: cell-memory.size: '496_M' is not a size" },
	{ "address_not_number", SYS, 4, "  memory: {start: low, size: 16M}",
	  ":4: hypervisor.memory.start: 'low' is not an address" },
	{ "port_too_big", SYS, 5, "  console: {type: uart-pio, port: 0x10000}",
	  ":5: hypervisor.console.port: '0x10000' is not an I/O port (0 to 0xffff)" },
	{ "port_with_suffix", CELL, 13, "console-port: 1K",
	  ":13: console-port: '1K' is not an I/O port" },
	{ "pio_size_too_big", SYS, 19, "    - {start: 0, size: 0x10000}",
	  ":19: root-cell.pio[0].size: 0x10000 ports do not fit one range (at most 0xffff); split it" },
	{ "cpu_range_backwards", SYS, 12, "  cpus: [0, 3-1]",
	  ":12: root-cell.cpus[1]: '3-1' is not a CPU or CPU range" },
	{ "cpu_too_high", CELL, 3, "cpus: [64]",
	  ":3: cpus[0]: '64' is not a CPU or CPU range (like 3 or 0-3, CPUs 0 to 63)" },
	{ "cpu_word", CELL, 3, "cpus: [three]",
	  ":3: cpus[0]: 'three' is not a CPU or CPU range" },
	{ "cpus_mapping", CELL, 3, "cpus: {first: 3}",
	  ":3: cpus: expected a list, found a mapping" },
	{ "flag_unknown", SYS, 17,
	  "    - {name: mmio, start: 0x80000000, size: 2G, flags: [read, write, exec]}",
	  ":17: root-cell.memory[3].flags[2]: unknown flag 'exec' (expected read, write, execute, dma, io, comm-region, loadable, root-shared)" },
	{ "flag_twice", CELL, 9, "    flags: [read, write, read, loadable]",
	  ":9: memory[0].flags[2]: flag 'read' given twice" },
	{ "name_too_long", CELL, 2, "name: cell-name-of-thirty-two-chars-xx",
	  ":2: name: 'cell-name-of-thirty-two-chars-xx' is longer than 31 characters" },
	{ "name_list", SYS, 2, "name: [a, b]",
	  ":2: name: expected a single value, found a list" },
	{ "buses_out_of_range", SYS, 7,
	  "pci-mmconfig: {start: 0xb0000000, buses: 0-256}",
	  ":7: pci-mmconfig.buses: '0-256' is not a bus range" },
	{ "console_type_unknown", SYS, 5,
	  "  console: {type: uart-mmio, port: 1}",
	  ":5: hypervisor.console.type: unknown console type 'uart-mmio' (expected none or uart-pio)" },
	{ "console_without_port", SYS, 5, "  console: {type: uart-pio}",
	  ":5: hypervisor.console: missing key 'port' (type uart-pio needs it)" },
	{ "console_none_with_port", SYS, 5,
	  "  console: {type: none, port: 0x2f8}",
	  ":5: hypervisor.console: type none takes no port or baud" },

	/* Structure. */
	{ "key_unknown", SYS, 11, "  nmae: root",
	  ":11: root-cell.nmae: unknown key (expected one of: name, cpus, memory, pio, ivshmem)" },
	{ "key_unknown_top", SYS, 2, "name: test-sys\ncolour: red",
	  ":3: colour: unknown key (expected one of: kind, name, hypervisor, cell-memory, pci-mmconfig, iommus, regulation, root-cell)" },
	{ "key_unknown_in_region", CELL, 7, "    guset: 0",
	  ":7: memory[0].guset: unknown key (expected one of: name, start, guest, size, flags)" },
	{ "key_console_port_in_root", SYS, 11,
	  "  name: root\n  console-port: 0x3f8",
	  ":12: root-cell.console-port: unknown key" },
	{ "key_missing", SYS, 12, NULL, ":10: root-cell: missing key 'cpus'" },
	{ "key_missing_in_region", CELL, 8, NULL,
	  ":5: memory[0]: missing key 'size'" },
	{ "key_duplicate", SYS, 12, "  cpus: [0-3]\n  cpus: [0]",
	  ":13: root-cell.cpus: duplicate key" },
	{ "kind_missing", SYS, 1, "# kind: system",
	  ":2: missing key 'kind' (system or cell)" },
	{ "kind_unknown", CELL, 1, "kind: inmate",
	  ":1: kind: 'inmate' is neither system nor cell" },
	{ "kind_cell_as_system", SYS, 1, "kind: cell",
	  ":3: hypervisor: unknown key (expected one of: kind, name, cpus, memory, pio, console-port, cache-ways, ivshmem)" },
	{ "pio_item_not_mapping", CELL, 12, "  - 0x3f8",
	  ":12: pio[0]: expected a mapping (key: value), found a single value" },
	{ "too_many_iommus", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\n  - {start: 0xfed91000, size: 4K}\n"
	  "  - {start: 0xfed92000, size: 4K}\n  - {start: 0xfed93000, size: 4K}\n"
	  "  - {start: 0xfed94000, size: 4K}",
	  ":8: iommus: 5 units, at most 4" },
	{ "regulation_key_unknown", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\nregulation:\n  max-hold-us: 2000\n"
	  "  min-run-us: 1000\n  holdoff: 3\n  cells: [rt]",
	  ":13: regulation.holdoff: unknown key (expected one of: max-hold-us, min-run-us, duty-period-us, duty-run-percent, take-up-us, cells)" },
	{ "regulation_not_a_number", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\nregulation:\n  max-hold-us: 2ms\n"
	  "  min-run-us: 1000\n  cells: [rt]",
	  ":11: regulation.max-hold-us: '2ms' is not a number from 0 to 0xffffffff" },
	{ "regulation_cells_missing", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\nregulation:\n  max-hold-us: 2000\n"
	  "  min-run-us: 1000",
	  ":10: regulation: missing key 'cells'" },
	{ "regulation_too_many_cells", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\nregulation:\n  max-hold-us: 2000\n"
	  "  min-run-us: 1000\n  cells: [a, b, c, d, e]",
	  ":13: regulation.cells: 5 cells, at most 4" },
	{ "regulation_checked", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\nregulation:\n  max-hold-us: 2000\n"
	  "  min-run-us: 100\n  cells: [rt]",
	  ":12: regulation.min-run-us: 100 leaves the root cell less than 10% of its time beside max-hold-us 2000" },
	{ "regulation_take_up_checked", SYS, 9,
	  "  - {start: 0xfed90000, size: 4K}\nregulation:\n  max-hold-us: 2000\n"
	  "  min-run-us: 1000\n  take-up-us: 50\n  cells: [rt]",
	  ":13: regulation.take-up-us: 50, not within 100 to 1000000" },
	{ "syntax_unclosed_flow", SYS, 5,
	  "  console: {type: uart-pio, port: 0x2f8",
	  ":6: YAML syntax: did not find expected ',' or '}' (while parsing a flow mapping at line 5)" },
	{ "syntax_tab_indent", CELL, 6, "\tstart: 0x31000000",
	  ":6: YAML syntax: found a tab character that violates indentation" },
	{ "second_document", CELL, 13, "console-port: 0x3f8\n---\nkind: cell",
	  ":15: a second YAML document; a config is one document" },

	/* The validator's findings, at the line of the field. */
	{ "check_root_overlaps_hv", SYS, 16,
	  "    - {name: ram-high, start: 0x30800000, size: 0x30000000, flags: [read]}",
	  ":16: root-cell.memory[2] 'ram-high': overlaps hypervisor memory 0x30000000-0x30ffffff" },
	{ "check_root_cpu0", SYS, 12, "  cpus: [1-3]",
	  ":12: root-cell.cpus: must contain CPU 0, Linux's boot CPU" },
	{ "check_hv_console_in_root_pio", SYS, 19,
	  "    - {start: 0, size: 0x300}",
	  ":19: root-cell.pio[0]: 0x0-0x2ff includes the hypervisor console's ports 0x2f8-0x2ff" },
	{ "check_console_port_range", SYS, 5,
	  "  console: {type: uart-pio, port: 0xfffc}",
	  ":5: hypervisor.console.port: 0xfffc: the UART's 8 ports end beyond 0xffff" },
	{ "check_hv_alignment", SYS, 4,
	  "  memory: {start: 0x30001000, size: 16M}",
	  ":4: hypervisor.memory: start 0x30001000 is not 2 MiB aligned" },
	{ "check_root_guest_differs", SYS, 17,
	  "    - {name: mmio, start: 0x80000000, guest: 0, size: 2G, flags: [read]}",
	  ":17: root-cell.memory[3] 'mmio': guest 0x0 differs from start 0x80000000" },
	{ "check_cell_outside_cell_memory", CELL, 6, "    start: 0x50000000",
	  ":5: memory[0] 'ram': 0x50000000-0x500fffff is outside cell-memory 0x31000000-0x4fffffff" },
	{ "check_cell_cpu0", CELL, 3, "cpus: [0, 3]",
	  ":3: cpus: contains CPU 0, the root cell's boot CPU" },
	{ "check_cell_no_comm", CELL, 10,
	  "  - {name: comm, start: 0x31100000, guest: 0x100000, size: 4K, flags: [read, write]}",
	  ":4: memory: no region has flag comm-region" },
	{ "check_cell_console_port", CELL, 13, "console-port: 0x3f0",
	  ":13: console-port: 0x3f0-0x3f7 is not inside one pio range of the cell" },
	{ "check_cache_ways_range", CELL, 13,
	  "console-port: 0x3f8\ncache-ways: 33",
	  ":14: cache-ways: 33, at most 32" },
	{ "cache_ways_not_number", CELL, 13,
	  "console-port: 0x3f8\ncache-ways: half",
	  ":14: cache-ways: 'half' is not a number from 0 to 0xffffffff" },
	{ "key_cache_ways_in_root", SYS, 11, "  name: root\n  cache-ways: 2",
	  ":12: root-cell.cache-ways: unknown key" },
	{ "check_cell_hv_uart", CELL, 12,
	  "  - {start: 0x2f8, size: 8}\n  - {start: 0x3f8, size: 8}",
	  ":12: pio[0]: port 0x2f8 belongs to the hypervisor console" },
	{ "check_cell_name_root", CELL, 2, "name: root",
	  ":2: name: 'root' is the root cell's name" },
	{ "check_cell_name_space", CELL, 2, "name: my cell",
	  ":2: name: character 0x20 not allowed (printable ASCII, no spaces)" },

	/* ivshmem devices: syntax. */
	{ "ivs_bdf_short", IVS_CELL, 9, "    bdf: 0:1",
	  ":9: ivshmem[0].bdf: '0:1' is not a PCI address BB:DD.F (hex bus 00-ff, device 00-1f, function 0-7; like 00:10.0)" },
	{ "ivs_bdf_device_too_big", IVS_CELL, 9, "    bdf: 00:20.0",
	  ":9: ivshmem[0].bdf: '00:20.0' is not a PCI address BB:DD.F" },
	{ "ivs_bdf_function_too_big", IVS_CELL, 9, "    bdf: 00:1f.8",
	  ":9: ivshmem[0].bdf: '00:1f.8' is not a PCI address BB:DD.F" },
	{ "ivs_bdf_not_hex", IVS_CELL, 9, "    bdf: 0g:00.0",
	  ":9: ivshmem[0].bdf: '0g:00.0' is not a PCI address" },
	{ "ivs_bdf_separators", IVS_CELL, 9, "    bdf: 00.00:0",
	  ":9: ivshmem[0].bdf: '00.00:0' is not a PCI address" },
	{ "ivs_bdf_long", IVS_CELL, 9, "    bdf: 000:00.0",
	  ":9: ivshmem[0].bdf: '000:00.0' is not a PCI address" },
	{ "ivs_bdf_number", IVS_CELL, 9, "    bdf: 16",
	  ":9: ivshmem[0].bdf: '16' is not a PCI address" },
	{ "ivs_peers_not_16_bits", IVS_CELL, 10, "    peers: 65536",
	  ":10: ivshmem[0].peers: '65536' is not a number from 0 to 0xffff" },
	{ "ivs_id_word", IVS_CELL, 11, "    id: one",
	  ":11: ivshmem[0].id: 'one' is not a number from 0 to 0xffff" },
	{ "ivs_protocol_suffix", IVS_CELL, 12, "    protocol: 1K",
	  ":12: ivshmem[0].protocol: '1K' is not a number from 0 to 0xffff" },
	{ "ivs_size_syntax", IVS_CELL, 18, "      rw: 16Q",
	  ":18: ivshmem[0].memory.rw: '16Q' is not a size" },
	{ "ivs_key_unknown", IVS_CELL, 10, "    peers: 3\n    colour: red",
	  ":11: ivshmem[0].colour: unknown key (expected one of: name, bdf, peers, id, protocol, vectors, memory)" },
	{ "ivs_memory_key_unknown", IVS_CELL, 18, "      r-w: 16K",
	  ":18: ivshmem[0].memory.r-w: unknown key (expected one of: start, guest, state-table, rw, output)" },
	{ "ivs_root_memory_key_unknown", SYS, 26,
	  "      memory: {start: 0x4ff00000, size: 4K, state-table: 4K, rw: 16K, output: 4K}",
	  ":26: root-cell.ivshmem[0].memory.size: unknown key" },
	{ "ivs_missing_key", IVS_CELL, 9, NULL,
	  ":8: ivshmem[0]: missing key 'bdf'" },
	{ "ivs_missing_output", IVS_CELL, 19, NULL,
	  ":14: ivshmem[0].memory: missing key 'output'" },
	{ "ivs_cell_guest_missing", IVS_CELL, 16, NULL,
	  ":14: ivshmem[0].memory: missing key 'guest' (only the root cell's devices default to start)" },
	{ "ivs_not_a_list", CELL, 13, "console-port: 0x3f8\nivshmem: demo",
	  ":14: ivshmem: expected a list, found a single value" },
	{ "ivs_too_many", IVS_CELL, 19,
	  "      output: 4K\n  - {}\n  - {}\n  - {}\n  - {}",
	  ":7: ivshmem: 5 devices, at most 4" },

	/* ivshmem devices: the validator's findings. */
	{ "ivs_check_id", IVS_CELL, 11, "    id: 3",
	  ":11: ivshmem[0].id: 3, must be below peers (3)" },
	{ "ivs_check_vectors", IVS_CELL, 13, "    vectors: 17",
	  ":13: ivshmem[0].vectors: 17, must be 1 to 16" },
	{ "ivs_check_start_unaligned", IVS_CELL, 15, "      start: 0x4ff00800",
	  ":15: ivshmem[0].memory.start: 0x4ff00800 is not page aligned" },
	{ "ivs_check_output_differs", IVS_CELL, 19, "      output: 8K",
	  ":19: ivshmem[0].memory.output: 0x2000, but root-cell.ivshmem[0] 'demo' has 0x1000" },
	{ "ivs_check_protocol_differs", IVS_CELL, 12, "    protocol: 0x4000",
	  ":12: ivshmem[0].protocol: 0x4000, but root-cell.ivshmem[0] 'demo' has 0x0" },
	{ "ivs_check_root_id", IVS_CELL, 11, "    id: 0",
	  ":11: ivshmem[0].id: 0 is also the id of root-cell.ivshmem[0] 'demo'" },
	{ "ivs_check_guest_window", IVS_CELL, 16, "      guest: 0xb0000000",
	  ":16: ivshmem[0].memory.guest: 0xb0000000-0xb0007fff overlaps PCI configuration space 0xb0000000-0xbfffffff (pci-mmconfig)" },
	{ "ivs_check_ram_in_window", IVS_CELL, 5,
	  "  - {name: ram, start: 0x31800000, guest: 0xb0000000, size: 1M, flags: [read, write, execute, loadable]}",
	  ":5: memory[0] 'ram': guest 0xb0000000-0xb00fffff overlaps PCI configuration space 0xb0000000-0xbfffffff (pci-mmconfig), where the cell finds its ivshmem devices" },
	{ "ivs_check_ram_over_root_device", CELL, 6, "    start: 0x4ff00000",
	  ":5: memory[0] 'ram': 0x4ff00000-0x4fffffff overlaps the shared memory of root-cell.ivshmem[0] 'demo' 0x4ff00000-0x4ff07fff" },
	{ "ivs_check_root_guest_differs", SYS, 26,
	  "      memory: {start: 0x4ff00000, guest: 0x200000, state-table: 4K, rw: 16K, output: 4K}",
	  ":26: root-cell.ivshmem[0].memory.guest: 0x200000 differs from start 0x4ff00000; the root cell is identity-mapped" },
	{ "ivs_check_root_peers", SYS, 24, "      peers: 9",
	  ":24: root-cell.ivshmem[0].peers: 9, must be 2 to 8" },
	{ "ivs_check_root_bus", SYS, 7,
	  "pci-mmconfig: {start: 0xb0000000, buses: 1-255}",
	  ":23: root-cell.ivshmem[0].bdf: bus 0x00 is outside pci-mmconfig.buses 1-255" },
	{ "ivs_check_root_no_mmconfig", SYS, 7, "# no pci-mmconfig",
	  ":21: root-cell.ivshmem: needs pci-mmconfig, where the devices' configuration space appears" },
	{ "ivs_check_root_over_region", SYS, 15,
	  "    - {name: cell-memory, start: 0x31000000, size: 496M, flags: [read, write, execute, dma]}",
	  ":26: root-cell.ivshmem[0].memory: 0x4ff00000-0x4ff07fff overlaps memory[1] 'cell-memory' 0x31000000-0x4fffffff" },

	/* memmap's own rule. */
	{ "memmap_not_adjacent", MEMMAP, 6,
	  "cell-memory: {start: 0x31200000, size: 494M}",
	  ":6: cell-memory: 0x31200000-0x4fffffff does not adjoin hypervisor memory 0x30000000-0x30ffffff, so no single memmap= range reserves both" },
};

#define NUM_ERROR_CASES (sizeof(error_cases) / sizeof(error_cases[0]))

static void test_error_case(void **state)
{
	const struct error_case *c = *state;
	const char *sys, *cell, *bad;
	char expect[1024];

	if (c->file == CELL || c->file == IVS_CELL) {
		sys = sys_file(0, NULL);
		if (c->file == CELL)
			cell = cell_file("cell.yaml", c->line, c->replacement);
		else
			cell = ivs_cell_file("cell.yaml", c->line,
					     c->replacement);
		bad = cell;
		run_cli("config", "check", sys, cell, NULL);
	} else {
		bad = sys = sys_file(c->line, c->replacement);
		if (c->file == MEMMAP)
			run_cli("config", "memmap", sys, NULL);
		else
			run_cli("config", "check", sys, NULL);
	}
	snprintf(expect, sizeof(expect), "bulkhead: %s%s", bad, c->expect);
	expect_error(1, expect);
}

/* --- the reference platform's configs --- */

/*
 * Each example cell passes with the system config, as docs/config.md tells
 * users to run it. (Not all of them at once: some example cells share
 * CPUs, e.g. smp-demo and hello, and are not meant to run together.)
 */
static void test_reference_configs_pass(void **state)
{
	char pattern[PATH_MAX + 32], expect[CLI_OUT_LEN];
	glob_t g;

	(void)state;
	snprintf(pattern, sizeof(pattern), "%s/configs/cells/*.yaml", cli_top);
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 2 && g.gl_pathc < 32);

	for (size_t i = 0; i < g.gl_pathc; i++) {
		/* relative paths, as a user in the repository would type */
		const char *rel = g.gl_pathv[i] + strlen(cli_top) + 1;
		const char *args[] = { "config", "check",
				       "configs/qemu-svm.yaml", rel, NULL };

		snprintf(expect, sizeof(expect),
			 "configs/qemu-svm.yaml: ok\n%s: ok\n", rel);
		run_cli_argv(args);
		expect_ok();
		assert_string_equal(res.out, expect);
	}
	globfree(&g);
}

/*
 * The demo device's three peers run together. A copy of the second peer's
 * config with the first's id is refused at the id's line, naming the first.
 */
static void test_reference_ivshmem(void **state)
{
	static const char *const args[] = { "config",
					    "check",
					    "configs/qemu-svm.yaml",
					    "configs/cells/ivshmem-demo.yaml",
					    "configs/cells/ivshmem-peer.yaml",
					    NULL };
	char text[CLI_OUT_LEN], path[PATH_MAX + 64], copy[128], expect[512];
	unsigned long line = 1;
	char *id;
	FILE *f;

	(void)state;
	run_cli_argv(args);
	expect_ok();
	assert_string_equal(res.out, "configs/qemu-svm.yaml: ok\n"
				     "configs/cells/ivshmem-demo.yaml: ok\n"
				     "configs/cells/ivshmem-peer.yaml: ok\n");

	snprintf(path, sizeof(path), "%s/configs/cells/ivshmem-peer.yaml",
		 cli_top);
	read_file(path, text, sizeof(text));
	id = strstr(text, "\n    id: 2\n");
	assert_non_null(id);
	id[9] = '1';
	for (const char *c = text; c <= id; c++)
		line += *c == '\n';
	snprintf(copy, sizeof(copy), "%s/peer.yaml", cli_tmp);
	f = fopen(copy, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);

	run_cli("config", "check", "configs/qemu-svm.yaml",
		"configs/cells/ivshmem-demo.yaml", copy, NULL);
	snprintf(
		expect, sizeof(expect),
		"bulkhead: %s:%lu: ivshmem[0].id: 1 is also the id of cell 'ivshmem-demo' ivshmem[0] 'demo'",
		copy, line);
	expect_error(1, expect);
}

static void test_reference_memmap(void **state)
{
	(void)state;
	run_cli("config", "memmap", "configs/qemu-svm.yaml", NULL);
	expect_ok();
	assert_string_equal(res.out, "512M$0x30000000\n");
}

/* The reference system compiles to what DESIGN.md describes. */
static void test_reference_compiles(void **state)
{
	static struct bh_system_desc sys;
	const struct bh_cell_desc *root = &sys.root_cell;
	struct config_error err;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/qemu-svm.bin", cli_tmp);
	run_cli("config", "compile", "configs/qemu-svm.yaml", "-o", out, NULL);
	expect_ok();
	read_binary(out, &sys, sizeof(sys));
	assert_int_equal(config_check_system(&sys, &err), 0);
	assert_int_equal(sys.hypervisor_memory.phys_start, 0x30000000);
	assert_int_equal(sys.hypervisor_memory.size, 16 << 20);
	assert_int_equal(sys.cell_memory.phys_start, 0x31000000);
	assert_int_equal(sys.cell_memory.size, 496 << 20);
	assert_int_equal(sys.console.type, BH_CONSOLE_UART_PIO);
	assert_int_equal(sys.console.address, 0x2f8);
	assert_int_equal(sys.regulation.max_hold_us, 2000);
	assert_int_equal(sys.regulation.take_up_us, 250000);
	assert_int_equal(root->cpu_set, 0xf);
	/* Everything but the UART's ports. */
	assert_int_equal(root->num_pio_regions, 2);
	assert_int_equal(root->pio_regions[0].base, 0);
	assert_int_equal(root->pio_regions[0].length, 0x2f8);
	assert_int_equal(root->pio_regions[1].base, 0x300);
	assert_int_equal(root->pio_regions[1].base +
				 root->pio_regions[1].length,
			 0x10000);
	/* The demo device at the top of cell memory, the bench's below. */
	assert_int_equal(root->num_ivshmem, 2);
	assert_string_equal(root->ivshmem[0].name, "demo");
	assert_int_equal(root->ivshmem[0].bdf, 0x0080);
	assert_int_equal(root->ivshmem[0].phys_start, 0x4ff00000);
	assert_string_equal(root->ivshmem[1].name, "bench");
	assert_int_equal(root->ivshmem[1].bdf, 0x0088);
	assert_int_equal(root->ivshmem[1].phys_start, 0x4fc00000);
	assert_int_equal(root->ivshmem[1].protocol, 0x4250);
	assert_int_equal(root->ivshmem[1].max_peers, 2);
	assert_int_equal(root->ivshmem[1].rw_size, 1 << 20);
	assert_int_equal(root->ivshmem[1].output_size, 512 << 10);
}

/* --- compiling --- */

static void test_compile_system(void **state)
{
	static struct bh_system_desc sys;
	const struct bh_cell_desc *root = &sys.root_cell;
	const struct bh_ivshmem_desc *d;
	const struct bh_mem_region *r;
	struct config_error err;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/sys.bin", cli_tmp);
	run_cli("config", "compile", sys_file(0, NULL), "-o", out, NULL);
	expect_ok();
	assert_string_equal(res.out, "");
	read_binary(out, &sys, sizeof(sys));

	assert_memory_equal(sys.signature, BH_SYSTEM_SIGNATURE,
			    BH_SIGNATURE_LEN);
	assert_int_equal(sys.version, BH_CONFIG_VERSION);
	assert_int_equal(sys.size, sizeof(sys));
	assert_string_equal(sys.name, "test-sys");
	assert_int_equal(sys.pci_mmconfig.phys_start, 0xb0000000);
	assert_int_equal(sys.pci_mmconfig.start_bus, 0);
	assert_int_equal(sys.pci_mmconfig.end_bus, 255);
	assert_int_equal(sys.num_iommus, 1);
	assert_int_equal(sys.iommus[0].phys_start, 0xfed90000);
	assert_int_equal(sys.iommus[0].size, 0x1000);
	assert_memory_equal(root->signature, BH_CELL_SIGNATURE,
			    BH_SIGNATURE_LEN);
	assert_string_equal(root->name, "root");
	assert_int_equal(root->num_mem_regions, 4);
	r = &root->mem_regions[3];
	assert_string_equal(r->name, "mmio");
	assert_int_equal(r->phys_start, 0x80000000);
	assert_int_equal(r->virt_start, 0x80000000);
	assert_int_equal(r->size, 0x80000000);
	assert_int_equal(r->flags, BH_MEM_READ | BH_MEM_WRITE | BH_MEM_IO);
	assert_int_equal(root->mem_regions[0].flags,
			 BH_MEM_READ | BH_MEM_WRITE | BH_MEM_EXECUTE |
				 BH_MEM_DMA);

	/* The root cell's device: guest, protocol and vectors defaulted. */
	assert_int_equal(root->num_ivshmem, 1);
	d = &root->ivshmem[0];
	assert_string_equal(d->name, "demo");
	assert_int_equal(d->bdf, 0x0080);
	assert_int_equal(d->max_peers, 3);
	assert_int_equal(d->peer_id, 0);
	assert_int_equal(d->protocol, 0);
	assert_int_equal(d->num_vectors, 4);
	assert_int_equal(d->phys_start, 0x4ff00000);
	assert_int_equal(d->virt_start, 0x4ff00000);
	assert_int_equal(d->state_size, 0x1000);
	assert_int_equal(d->rw_size, 0x4000);
	assert_int_equal(d->output_size, 0x1000);
	assert_int_equal(config_check_system(&sys, &err), 0);
}

static void test_compile_cell(void **state)
{
	static struct bh_cell_desc cell;
	const struct bh_mem_region *r;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/cell.bin", cli_tmp);
	/* Options before and after the input, long and short. */
	run_cli("config", "compile", "--system", sys_file(0, NULL),
		cell_file("cell.yaml", 0, NULL), "--output", out, NULL);
	expect_ok();
	read_binary(out, &cell, sizeof(cell));

	assert_memory_equal(cell.signature, BH_CELL_SIGNATURE,
			    BH_SIGNATURE_LEN);
	assert_int_equal(cell.version, BH_CONFIG_VERSION);
	assert_string_equal(cell.name, "c1");
	assert_int_equal(cell.cpu_set, 1ull << 3);
	assert_int_equal(cell.num_mem_regions, 2);
	r = &cell.mem_regions[0];
	assert_string_equal(r->name, "ram");
	assert_int_equal(r->phys_start, 0x31000000);
	assert_int_equal(r->virt_start, 0);
	assert_int_equal(r->size, 0x100000);
	assert_int_equal(r->flags, BH_MEM_READ | BH_MEM_WRITE | BH_MEM_EXECUTE |
					   BH_MEM_LOADABLE);
	r = &cell.mem_regions[1];
	assert_int_equal(r->virt_start, 0x100000);
	assert_int_equal(r->flags,
			 BH_MEM_READ | BH_MEM_WRITE | BH_MEM_COMM_REGION);
	assert_int_equal(cell.num_pio_regions, 1);
	assert_int_equal(cell.pio_regions[0].base, 0x3f8);
	assert_int_equal(cell.pio_regions[0].length, 8);
	assert_int_equal(cell.console_port, 0x3f8);
	assert_int_equal(cell.cache_ways, 0);

	/* cache-ways: the L3 ways the cell asks for, as given */
	run_cli("config", "compile", "-o", out,
		write_config("ways.yaml", cell_lines, NCELL, 12,
			     "console-port: 0x3f8\ncache-ways: 4"),
		NULL);
	expect_ok();
	read_binary(out, &cell, sizeof(cell));
	assert_int_equal(cell.cache_ways, 4);
}

static void test_compile_defaults(void **state)
{
	static struct bh_cell_desc cell;
	static struct bh_system_desc sys;
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/defaults.bin", cli_tmp);
	/* guest defaults to start; pio and console-port are optional. */
	run_cli("config", "compile", "-o", out,
		write_config("defaults.yaml", cell_lines, NCELL - 2, 6,
			     "    # guest: omitted"),
		NULL);
	expect_ok();
	read_binary(out, &cell, sizeof(cell));
	assert_int_equal(cell.mem_regions[0].virt_start, 0x31000000);
	assert_int_equal(cell.num_pio_regions, 0);
	assert_int_equal(cell.console_port, 0);

	/* No console; mmconfig without buses. */
	snprintf(out, sizeof(out), "%s/defaults-sys.bin", cli_tmp);
	run_cli("config", "compile", "-o", out,
		write_config("defaults-sys.yaml", sys_lines, NSYS, 4,
			     "  # no console"),
		NULL);
	expect_ok();
	read_binary(out, &sys, sizeof(sys));
	assert_int_equal(sys.console.type, BH_CONSOLE_NONE);
	assert_int_equal(sys.console.address, 0);

	run_cli("config", "compile", "-o", out,
		write_config("defaults-sys.yaml", sys_lines, NSYS, 6,
			     "pci-mmconfig: {start: 0xe0000000}"),
		NULL);
	expect_ok();
	read_binary(out, &sys, sizeof(sys));
	assert_int_equal(sys.pci_mmconfig.phys_start, 0xe0000000);
	assert_int_equal(sys.pci_mmconfig.end_bus, 255);
	/* no regulation: every field 0 */
	assert_int_equal(sys.regulation.max_hold_us, 0);
	assert_int_equal(sys.regulation.take_up_us, 0);

	/* regulation without take-up-us: the bound meant for hardware */
	run_cli("config", "compile", "-o", out,
		write_config("defaults-sys.yaml", sys_lines, NSYS, 8,
			     "  - {start: 0xfed90000, size: 4K}\n"
			     "regulation:\n  max-hold-us: 2000\n"
			     "  min-run-us: 1000\n  cells: [rt]"),
		NULL);
	expect_ok();
	read_binary(out, &sys, sizeof(sys));
	assert_int_equal(sys.regulation.max_hold_us, 2000);
	assert_int_equal(sys.regulation.take_up_us, BH_REG_TAKE_UP_DEFAULT_US);
}

/* Every spelling of a size gives the same bytes. */
static void test_size_syntax(void **state)
{
	static const struct {
		const char *text;
		uint64_t value;
	} sizes[] = {
		{ "2G", 2ull << 30 },	      { "2g", 2ull << 30 },
		{ "2048M", 2ull << 30 },      { "2097152K", 2ull << 30 },
		{ "2097152k", 2ull << 30 },   { "0x80000000", 2ull << 30 },
		{ "0X80000000", 2ull << 30 }, { "0x8000_0000", 2ull << 30 },
		{ "2147483648", 2ull << 30 }, { "2_147_483_648", 2ull << 30 },
		{ "'2G'", 2ull << 30 },	      { "\"0x80000000\"", 2ull << 30 },
		{ "0x1000", 0x1000 },	      { "4K", 0x1000 },
		{ "1T", 1ull << 40 },	      { "0x10M", 16ull << 20 },
	};
	static struct bh_system_desc sys;
	char line[160], out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/size.bin", cli_tmp);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		snprintf(
			line, sizeof(line),
			"    - {name: mmio, start: 0x80000000, size: %s, flags: [read]}",
			sizes[i].text);
		run_cli("config", "compile", sys_file(17, line), "-o", out,
			NULL);
		if (res.status)
			fail_msg("size %s: %s", sizes[i].text, res.err);
		read_binary(out, &sys, sizeof(sys));
		if (sys.root_cell.mem_regions[3].size != sizes[i].value)
			fail_msg("size %s gave 0x%llx", sizes[i].text,
				 (unsigned long long)sys.root_cell
					 .mem_regions[3]
					 .size);
	}
}

static void test_cpu_syntax(void **state)
{
	static const struct {
		const char *text;
		uint64_t set;
	} cpus[] = {
		{ "[0-3]", 0xf },
		{ "[0, 1, 2-3]", 0xf },
		{ "[3, 0, 1, 2, 2]", 0xf },
		{ "0-3", 0xf },
		{ "[0-2, 5-7]", 0xe7 },
		{ "[0, 63]", 0x8000000000000001ull },
		{ "[0-63]", ~0ull },
		{ "\n    - 0\n    - 1-2", 0x7 },
	};
	static struct bh_system_desc sys;
	char line[96], out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/cpus.bin", cli_tmp);
	for (size_t i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++) {
		snprintf(line, sizeof(line), "  cpus: %s", cpus[i].text);
		run_cli("config", "compile", sys_file(12, line), "-o", out,
			NULL);
		if (res.status)
			fail_msg("cpus %s: %s", cpus[i].text, res.err);
		read_binary(out, &sys, sizeof(sys));
		if (sys.root_cell.cpu_set != cpus[i].set)
			fail_msg("cpus %s gave 0x%llx", cpus[i].text,
				 (unsigned long long)sys.root_cell.cpu_set);
	}
}

/* A cell's device with every key written, and the zeroes around it. */
static void test_compile_ivshmem_cell(void **state)
{
	static const uint8_t zero[sizeof(struct bh_ivshmem_desc)];
	static struct bh_cell_desc cell;
	const struct bh_ivshmem_desc *d = &cell.ivshmem[0];
	char out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/ivs-cell.bin", cli_tmp);
	run_cli("config", "compile", "-s", sys_file(0, NULL),
		ivs_cell_file("ivs.yaml", 0, NULL), "-o", out, NULL);
	expect_ok();
	read_binary(out, &cell, sizeof(cell));

	assert_int_equal(cell.num_ivshmem, 1);
	assert_string_equal(d->name, "demo");
	assert_int_equal(d->bdf, 0);
	assert_int_equal(d->max_peers, 3);
	assert_int_equal(d->peer_id, 1);
	assert_int_equal(d->protocol, 0);
	assert_int_equal(d->num_vectors, 16);
	assert_int_equal(d->phys_start, 0x4ff00000);
	assert_int_equal(d->virt_start, 0x200000);
	assert_int_equal(d->state_size, 0x1000);
	assert_int_equal(d->rw_size, 0x4000);
	assert_int_equal(d->output_size, 0x1000);
	assert_int_equal(d->reserved[0] | d->reserved[1] | d->reserved[2], 0);
	assert_int_equal(cell.cache_ways, 0);
	for (int i = 1; i < BH_MAX_IVSHMEM; i++)
		assert_memory_equal(&cell.ivshmem[i], zero, sizeof(zero));

	/* An empty list, or none at all, is no devices. */
	run_cli("config", "compile",
		cell_file("none.yaml", 13, "console-port: 0x3f8\nivshmem: []"),
		"-o", out, NULL);
	expect_ok();
	read_binary(out, &cell, sizeof(cell));
	assert_int_equal(cell.num_ivshmem, 0);
	run_cli("config", "compile",
		cell_file("none.yaml", 13, "console-port: 0x3f8\nivshmem:"),
		"-o", out, NULL);
	expect_ok();
	read_binary(out, &cell, sizeof(cell));
	assert_int_equal(cell.num_ivshmem, 0);
}

/* Every spelling of a PCI address: bus:device.function, in hex. */
static void test_bdf_syntax(void **state)
{
	static const struct {
		const char *text;
		uint16_t bdf;
	} bdfs[] = {
		{ "00:10.0", 0x0080 },	 { "00:00.0", 0x0000 },
		{ "ff:1f.7", 0xffff },	 { "0A:0b.3", 0x0a5b },
		{ "'01:02.1'", 0x0111 }, { "\"80:1e.6\"", 0x80f6 },
	};
	static struct bh_system_desc sys;
	char line[64], out[128];

	(void)state;
	snprintf(out, sizeof(out), "%s/bdf.bin", cli_tmp);
	for (size_t i = 0; i < sizeof(bdfs) / sizeof(bdfs[0]); i++) {
		snprintf(line, sizeof(line), "      bdf: %s", bdfs[i].text);
		run_cli("config", "compile", sys_file(23, line), "-o", out,
			NULL);
		if (res.status)
			fail_msg("bdf %s: %s", bdfs[i].text, res.err);
		read_binary(out, &sys, sizeof(sys));
		if (sys.root_cell.ivshmem[0].bdf != bdfs[i].bdf)
			fail_msg("bdf %s gave 0x%04x", bdfs[i].text,
				 sys.root_cell.ivshmem[0].bdf);
	}
}

/* A failed compile leaves no output file behind, not even a partial one. */
static void test_compile_failure_writes_nothing(void **state)
{
	char out[128], tmpout[160];

	(void)state;
	snprintf(out, sizeof(out), "%s/never.bin", cli_tmp);
	snprintf(tmpout, sizeof(tmpout), "%s.tmp", out);
	run_cli("config", "compile", sys_file(12, "  cpus: [1-3]"), "-o", out,
		NULL);
	expect_error(1, "bulkhead: ");
	assert_int_not_equal(access(out, F_OK), 0);
	assert_int_not_equal(access(tmpout, F_OK), 0);

	/* A cell compiled alone: its own rules still apply. */
	run_cli("config", "compile", cell_file("alone.yaml", 3, "cpus: [0, 3]"),
		"-o", out, NULL);
	expect_error(1, "bulkhead: ");
	assert_non_null(strstr(res.err, ":3: cpus: contains CPU 0"));
	assert_int_not_equal(access(out, F_OK), 0);

	run_cli("config", "compile", sys_file(0, NULL), "-o",
		"/nonexistent-dir/x.bin", NULL);
	expect_error(
		1,
		"bulkhead: /nonexistent-dir/x.bin: No such file or directory");
}

/* Compiled descriptors are accepted wherever YAML is. */
static void test_binary_inputs(void **state)
{
	char sys[128], cell[128], bad[160], expect[256];
	FILE *f;

	(void)state;
	snprintf(sys, sizeof(sys), "%s/in-sys.bin", cli_tmp);
	snprintf(cell, sizeof(cell), "%s/in-cell.bin", cli_tmp);
	run_cli("config", "compile", sys_file(0, NULL), "-o", sys, NULL);
	expect_ok();
	run_cli("config", "compile", cell_file("in.yaml", 0, NULL), "-o", cell,
		NULL);
	expect_ok();
	run_cli("config", "check", sys, cell, NULL);
	expect_ok();
	run_cli("config", "memmap", sys, NULL);
	expect_ok();
	assert_string_equal(res.out, "512M$0x30000000\n");

	/* A descriptor of the wrong size: another version's. */
	snprintf(bad, sizeof(bad), "%s/short.bin", cli_tmp);
	f = fopen(bad, "w");
	assert_non_null(f);
	fputs("BHSYSTEM and then too little", f);
	fclose(f);
	run_cli("config", "check", bad, NULL);
	snprintf(expect, sizeof(expect),
		 "bulkhead: %s: a system descriptor of 28 bytes, expected",
		 bad);
	expect_error(1, expect);
}

/* --- several files --- */

static void test_cells_conflict(void **state)
{
	const char *sys, *a, *b;
	char expect[256];

	(void)state;
	sys = sys_file(0, NULL);
	a = cell_file("a.yaml", 0, NULL);
	b = cell_file("b.yaml", 2, "name: c2");
	run_cli("config", "check", sys, a, b, NULL);
	/* Both fine alone; the later one names the earlier. */
	snprintf(expect, sizeof(expect),
		 "bulkhead: %s:3: cpus: CPU 3 is also in cell 'c1'", b);
	expect_error(1, expect);
	assert_non_null(strstr(res.out, "a.yaml: ok\n"));
	assert_null(strstr(res.out, "b.yaml: ok"));
}

static void test_kind_mismatch(void **state)
{
	const char *cell = cell_file("cell.yaml", 0, NULL);
	char expect[256];

	(void)state;
	run_cli("config", "check", cell, NULL);
	snprintf(
		expect, sizeof(expect),
		"bulkhead: %s:1: kind: a cell config where a system config is expected",
		cell);
	expect_error(1, expect);

	run_cli("config", "check", sys_file(0, NULL), sys_file(0, NULL), NULL);
	expect_error(1, "bulkhead: ");
	assert_non_null(strstr(
		res.err, "a system config where a cell config is expected"));
}

static void test_missing_file(void **state)
{
	(void)state;
	run_cli("config", "check", "/nonexistent.yaml", NULL);
	expect_error(1,
		     "bulkhead: /nonexistent.yaml: No such file or directory");
}

static void test_odd_files(void **state)
{
	static const char *const list[] = { "- kind: cell", "- name: c1" };
	static const char *const comments[] = { "# nothing", "--- 3" };
	const char *path;
	char expect[256];

	(void)state;
	path = write_config("empty.yaml", NULL, 0, -1, NULL);
	run_cli("config", "check", path, NULL);
	snprintf(expect, sizeof(expect),
		 "bulkhead: %s: empty file, expected a config", path);
	expect_error(1, expect);

	path = write_config("scalar.yaml", comments, 2, -1, NULL);
	run_cli("config", "check", path, NULL);
	snprintf(
		expect, sizeof(expect),
		"bulkhead: %s:2: expected a mapping (key: value) at the top, found a single value",
		path);
	expect_error(1, expect);

	path = write_config("list.yaml", list, 2, -1, NULL);
	run_cli("config", "check", path, NULL);
	snprintf(
		expect, sizeof(expect),
		"bulkhead: %s:1: expected a mapping (key: value) at the top, found a list",
		path);
	expect_error(1, expect);
}

/* --- the command line --- */

static void test_cli_help_and_version(void **state)
{
	(void)state;
	run_cli("--help", NULL);
	expect_ok();
	assert_non_null(
		strstr(res.out, "config check SYSCONFIG [CELLCONFIG...]"));
	assert_non_null(strstr(res.out, "config memmap SYSCONFIG"));
	assert_non_null(strstr(res.out, "config compile CONFIG -o OUT"));

	run_cli("config", "--help", NULL);
	expect_ok();
	assert_non_null(strstr(res.out, "config memmap"));

	run_cli("config", "compile", "--help", NULL);
	expect_ok();
	assert_non_null(strstr(res.out,
			       "usage: bulkhead config compile CONFIG -o OUT"));

	run_cli("config", "check", "x.yaml", "-h", NULL);
	expect_ok();
	assert_non_null(strstr(res.out, "usage: bulkhead config check"));

	run_cli("--version", NULL);
	expect_ok();
	assert_non_null(strstr(res.out, "config descriptor version 5"));
}

static void test_cli_usage_errors(void **state)
{
	(void)state;
	run_cli(NULL);
	expect_error(2, "bulkhead: missing command");
	run_cli("frobnicate", NULL);
	expect_error(2, "bulkhead: unknown command 'frobnicate'");
	run_cli("config", NULL);
	expect_error(
		2,
		"bulkhead: config: missing subcommand (check, memmap, compile, create)");
	run_cli("config", "chek", NULL);
	expect_error(2, "bulkhead: config: unknown subcommand 'chek'");
	run_cli("config", "check", NULL);
	expect_error(
		2,
		"bulkhead: config check: missing SYSCONFIG (usage: bulkhead config check SYSCONFIG [CELLCONFIG...])");
	run_cli("config", "check", "--frob", "x", NULL);
	expect_error(2, "bulkhead: config check: unknown option '--frob'");
	run_cli("config", "memmap", "a", "b", NULL);
	expect_error(2, "bulkhead: config memmap: too many arguments");
	run_cli("config", "compile", "x.yaml", NULL);
	expect_error(2, "bulkhead: config compile: missing -o OUT");
	run_cli("config", "compile", "x.yaml", "-o", NULL);
	expect_error(2, "bulkhead: config compile: -o needs a file name");
	run_cli("config", "compile", "-o", "out", NULL);
	expect_error(2, "bulkhead: config compile: missing CONFIG");
	run_cli("config", "compile", "a.yaml", "b.yaml", "-o", "out", NULL);
	expect_error(2, "bulkhead: config compile: more than one input file");
}

/* --- setup --- */

int main(void)
{
	static const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_reference_configs_pass),
		cmocka_unit_test(test_reference_ivshmem),
		cmocka_unit_test(test_reference_memmap),
		cmocka_unit_test(test_reference_compiles),
		cmocka_unit_test(test_compile_system),
		cmocka_unit_test(test_compile_cell),
		cmocka_unit_test(test_compile_defaults),
		cmocka_unit_test(test_size_syntax),
		cmocka_unit_test(test_cpu_syntax),
		cmocka_unit_test(test_compile_ivshmem_cell),
		cmocka_unit_test(test_bdf_syntax),
		cmocka_unit_test(test_compile_failure_writes_nothing),
		cmocka_unit_test(test_binary_inputs),
		cmocka_unit_test(test_cells_conflict),
		cmocka_unit_test(test_kind_mismatch),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_odd_files),
		cmocka_unit_test(test_cli_help_and_version),
		cmocka_unit_test(test_cli_usage_errors),
	};
	static struct CMUnitTest
		tests[sizeof(fixed) / sizeof(fixed[0]) + NUM_ERROR_CASES];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		tests[n++] = fixed[i];
	for (size_t i = 0; i < NUM_ERROR_CASES; i++) {
		tests[n].name = error_cases[i].name;
		tests[n].test_func = test_error_case;
		tests[n].initial_state = (void *)&error_cases[i];
		n++;
	}
	return _cmocka_run_group_tests("config_yaml", tests, n, cli_group_setup,
				       cli_group_teardown);
}
