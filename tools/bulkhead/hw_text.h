/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsers of the kernel's small text files that `bulkhead config create`
 * builds a system config from, beside /proc/iomem (hw_iomem.h): the
 * firmware memory map in /sys/firmware/memmap, /proc/tty/driver/serial
 * and CPU lists (/sys/devices/system/cpu/online) in hw_text.c; the kernel
 * command line and /proc/consoles in hw_cmdline.c. Each takes the text as
 * read (hw_read_file()) and refuses what the kernel would never print,
 * naming the line: a recording is input like any other, and an edited one
 * must not become a config that looks right.
 */
#ifndef BULKHEAD_HW_TEXT_H
#define BULKHEAD_HW_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Longer names are cut: they only label comments and are matched by prefix. */
#define HW_NAME_LEN 64

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

/* The lexing the parsers here and hw_iomem.c share (hw_text.c). */

/* One line of @text from @pos, without its newline, in @line. */
const char *hw_next_line(const char *pos, char *line, size_t len);
/* The value of hex digit @c, or -1. */
int hw_hex_digit(char c);
/* Hex digits, no prefix, at most 64 bits; the position after them. */
bool hw_parse_hex(const char *s, uint64_t *out, const char **end);
/* A decimal number below @limit; the position after it. */
bool hw_parse_dec(const char *s, unsigned long limit, unsigned long *out,
		  const char **end);

#endif
