/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of the kernel's text files that `bulkhead config create` builds
 * a system config from: /proc/iomem, the firmware memory map in
 * /sys/firmware/memmap, /proc/tty/driver/serial, CPU lists
 * (/sys/devices/system/cpu/online), the kernel command line and
 * /proc/consoles. Each takes the text as read (hw_read_file()) and
 * refuses what the kernel would never print, naming the line: a recording
 * is input like any other, and an edited one must not become a config
 * that looks right.
 */
#ifndef BULKHEAD_HW_IOMEM_H
#define BULKHEAD_HW_IOMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longer names are cut: they only label comments and are matched by prefix. */
#define HW_NAME_LEN 64

/*
 * The kernel indents a resource two spaces per level of nesting, but no
 * deeper than this: a child beyond it is printed at its parent's
 * indentation.
 */
#define HW_IOMEM_MAX_DEPTH 5

struct hw_iomem_range {
	uint64_t start, end; /* inclusive, as /proc/iomem prints them */
	int parent; /* index of the enclosing range, -1 at the top level */
	unsigned int depth; /* the indentation level, 0 at the top */
	unsigned int line; /* in the file, 1-based, for messages */
	char name[HW_NAME_LEN];
};

struct hw_iomem {
	/* In file order: every range after its parent. */
	struct hw_iomem_range *range;
	size_t num;
};

/*
 * Parses /proc/iomem's text into @out (freed with hw_iomem_free()). A
 * child must lie inside its parent and siblings must ascend without
 * overlapping, as in the kernel's resource tree. 0, or -EINVAL with
 * "line N: reason" in @err, -ENOMEM.
 */
int hw_iomem_parse(const char *text, struct hw_iomem *out, char *err,
		   size_t errlen);
void hw_iomem_free(struct hw_iomem *io);

/*
 * True if the file lists ranges but every address is 0: the kernel hides
 * them from readers without CAP_SYS_ADMIN.
 */
bool hw_iomem_hidden(const struct hw_iomem *io);

/* One entry of /sys/firmware/memmap/N: start, end (inclusive) and type. */
struct hw_fwmap_entry {
	uint64_t start, end;
	char type[HW_NAME_LEN];
};

/*
 * The three files of entry @name ("0", "1", ...) as read. 0, or -EINVAL
 * with "/sys/firmware/memmap/N/FILE: reason" in @err.
 */
int hw_fwmap_parse_entry(const char *name, const char *start, const char *end,
			 const char *type, struct hw_fwmap_entry *out,
			 char *err, size_t errlen);

/*
 * Sorts the entries by address (the directory's names sort as strings:
 * 0, 1, 10, 2) and refuses overlapping ones, which the kernel's
 * sanitized copy of the map never has. 0 or -EINVAL.
 */
int hw_fwmap_sort(struct hw_fwmap_entry *e, size_t num, char *err,
		  size_t errlen);

#define HW_MAX_UARTS 64

struct hw_uart {
	unsigned int line; /* ttyS<line> */
	char type[32]; /* "16550A" */
	bool is_pio; /* at I/O ports; else memory-mapped */
	uint64_t address; /* the first port, or the MMIO address */
	unsigned int irq;
};

struct hw_uarts {
	unsigned int num;
	struct hw_uart uart[HW_MAX_UARTS];
};

/*
 * /proc/tty/driver/serial: the lines with a UART behind them; "unknown"
 * ones (the 8250 driver's placeholders for ports it probed and did not
 * find) are left out. 0, or -EINVAL with "line N: reason".
 */
int hw_serial_parse(const char *text, struct hw_uarts *out, char *err,
		    size_t errlen);

/* The largest CPU number a list may name, as the kernel's NR_CPUS limit. */
#define HW_CPU_LIMIT 8192

struct hw_cpus {
	uint64_t set; /* bit N: CPU N, for CPUs 0 to 63 */
	unsigned int num; /* CPUs listed, 64 and above included */
	int highest; /* -1 for an empty list */
};

/*
 * A CPU list as sysfs prints it and as options take it: "0-3,6", "5",
 * or empty; a trailing newline is allowed. 0, or -EINVAL with the reason.
 */
int hw_cpulist_parse(const char *text, struct hw_cpus *out, char *err,
		     size_t errlen);

/* "0-3,6" for @set (CPUs 0 to 63). */
void hw_cpulist_format(uint64_t set, char *buf, size_t len);

#define HW_MAX_MEMMAP 8

/* A memmap=SIZE$START (kind '$') or SIZE!START (kind '!') parameter. */
struct hw_memmap {
	uint64_t start, size;
	char kind;
	char text[48]; /* as written, for messages */
};

struct hw_cmdline {
	unsigned int num_memmap;
	struct hw_memmap memmap[HW_MAX_MEMMAP];
	/* bit N: console=ttySN */
	uint64_t console_lines;
	/* console=uart[8250],io,PORT */
	unsigned int num_console_ports;
	uint16_t console_port[4];
};

/*
 * The kernel's parameters in /proc/cmdline, up to "--" (the rest is for
 * init): the memmap= ranges that reserve memory, and the serial consoles.
 * memparse() syntax for sizes and addresses. 0, or -EINVAL naming the
 * parameter the kernel would not have understood either.
 */
int hw_cmdline_parse(const char *text, struct hw_cmdline *out, char *err,
		     size_t errlen);

/* /proc/consoles: bit N for each ttySN listed. */
uint64_t hw_consoles_parse(const char *text);

/*
 * The kernel's memparse(): a number (0x for hex, leading 0 for octal)
 * and an optional binary suffix K, M, G, T, P or E. The position after
 * it in @end. False on no digits or overflow.
 */
bool hw_memparse(const char *s, uint64_t *out, const char **end);

#endif
