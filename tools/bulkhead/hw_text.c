// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware memory map, /proc/tty/driver/serial and CPU lists
 * (hw_text.h), and the lexing they, hw_cmdline.c and hw_iomem.c share.
 * Strict on purpose: everything here ends up in a config that a
 * hypervisor maps, so a line that does not look like the kernel's is an
 * error naming the line, not something skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_text.h"

/* One line of @text from @pos, without its newline, in @line. */
const char *hw_next_line(const char *pos, char *line, size_t len)
{
	size_t n = strcspn(pos, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(line, pos, n);
	line[n] = '\0';
	pos += strcspn(pos, "\n");
	return *pos ? pos + 1 : pos;
}

int hw_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits, no prefix, at most 64 bits; the position after them. */
bool hw_parse_hex(const char *s, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	int digits = 0;

	for (; hw_hex_digit(*s) >= 0; s++, digits++) {
		if (v >> 60)
			return false;
		v = v << 4 | (uint64_t)hw_hex_digit(*s);
	}
	*out = v;
	*end = s;
	return digits > 0;
}

/* A decimal number below @limit; the position after it. */
bool hw_parse_dec(const char *s, unsigned long limit, unsigned long *out,
		  const char **end)
{
	unsigned long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9'; p++) {
		v = v * 10 + (unsigned long)(*p - '0');
		if (v >= limit)
			return false;
	}
	*out = v;
	*end = p;
	return p != s;
}

/* "0x1f\n" as sysfs prints an address. */
static bool parse_sysfs_hex(const char *s, uint64_t *out)
{
	const char *end;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	if (!hw_parse_hex(s + 2, out, &end))
		return false;
	return !strcmp(end, "\n") || !*end;
}

int hw_fwmap_parse_entry(const char *name, const char *start, const char *end,
			 const char *type, struct hw_fwmap_entry *out,
			 char *err, size_t errlen)
{
	size_t n;

	if (!parse_sysfs_hex(start, &out->start)) {
		snprintf(err, errlen,
			 "/sys/firmware/memmap/%s/start: not a hex address",
			 name);
		return -EINVAL;
	}
	if (!parse_sysfs_hex(end, &out->end) || out->end < out->start) {
		snprintf(
			err, errlen,
			"/sys/firmware/memmap/%s/end: not a hex address at or above start",
			name);
		return -EINVAL;
	}
	n = strcspn(type, "\n");
	if (!n || n >= sizeof(out->type)) {
		snprintf(err, errlen,
			 "/sys/firmware/memmap/%s/type: empty or too long",
			 name);
		return -EINVAL;
	}
	memcpy(out->type, type, n);
	out->type[n] = '\0';
	return 0;
}

static int cmp_fwmap(const void *a, const void *b)
{
	const struct hw_fwmap_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int hw_fwmap_sort(struct hw_fwmap_entry *e, size_t num, char *err,
		  size_t errlen)
{
	qsort(e, num, sizeof(*e), cmp_fwmap);
	for (size_t i = 1; i < num; i++) {
		if (e[i].start > e[i - 1].end)
			continue;
		snprintf(
			err, errlen,
			"/sys/firmware/memmap: %s 0x%llx-0x%llx overlaps %s 0x%llx-0x%llx",
			e[i].type, (unsigned long long)e[i].start,
			(unsigned long long)e[i].end, e[i - 1].type,
			(unsigned long long)e[i - 1].start,
			(unsigned long long)e[i - 1].end);
		return -EINVAL;
	}
	return 0;
}

/*
 * "N: uart:TYPE port:0000HEX irq:N ..." or "... mmio:0xHEX irq:N ...";
 * TYPE may hold spaces ("Altera 16550 FIFO32").
 */
static int parse_serial_line(const char *s, unsigned int lineno,
			     struct hw_uart *u, bool *unknown, char *err,
			     size_t errlen)
{
	const char *p, *port, *mmio, *addr;
	unsigned long v;
	size_t tlen;

	if (!hw_parse_dec(s, 1u << 20, &v, &p) || strncmp(p, ": uart:", 7))
		goto bad;
	u->line = (unsigned int)v;
	p += 7;
	port = strstr(p, " port:");
	mmio = strstr(p, " mmio:0x");
	if (port && (!mmio || port < mmio)) {
		u->is_pio = true;
		addr = port + 6;
		tlen = (size_t)(port - p);
	} else if (mmio) {
		u->is_pio = false;
		addr = mmio + 8;
		tlen = (size_t)(mmio - p);
	} else {
		goto bad;
	}
	if (!tlen || tlen >= sizeof(u->type))
		goto bad;
	memcpy(u->type, p, tlen);
	u->type[tlen] = '\0';
	if (!hw_parse_hex(addr, &u->address, &p) || strncmp(p, " irq:", 5) ||
	    !hw_parse_dec(p + 5, 1u << 24, &v, &p) || (*p && *p != ' '))
		goto bad;
	u->irq = (unsigned int)v;
	if (u->is_pio && u->address > 0xfff8) {
		snprintf(err, errlen,
			 "line %u: port 0x%llx is beyond the I/O port space",
			 lineno, (unsigned long long)u->address);
		return -EINVAL;
	}
	*unknown = !strcmp(u->type, "unknown");
	return 0;
bad:
	snprintf(err, errlen,
		 "line %u: not 'N: uart:TYPE port:HEX irq:N' or 'mmio:0xHEX'",
		 lineno);
	return -EINVAL;
}

int hw_serial_parse(const char *text, struct hw_uarts *out, char *err,
		    size_t errlen)
{
	unsigned int lineno = 0;
	const char *pos = text;
	char line[512];

	memset(out, 0, sizeof(*out));
	while (*pos) {
		struct hw_uart u = { 0 };
		bool unknown;

		pos = hw_next_line(pos, line, sizeof(line));
		lineno++;
		if (lineno == 1) {
			if (strncmp(line, "serinfo:", 8)) {
				snprintf(err, errlen,
					 "line 1: no 'serinfo:' header");
				return -EINVAL;
			}
			continue;
		}
		if (parse_serial_line(line, lineno, &u, &unknown, err, errlen))
			return -EINVAL;
		if (unknown)
			continue;
		if (out->num == HW_MAX_UARTS) {
			snprintf(err, errlen, "line %u: more than %d UARTs",
				 lineno, HW_MAX_UARTS);
			return -EINVAL;
		}
		out->uart[out->num++] = u;
	}
	if (!lineno) {
		snprintf(err, errlen, "empty");
		return -EINVAL;
	}
	return 0;
}

int hw_cpulist_parse(const char *text, struct hw_cpus *out, char *err,
		     size_t errlen)
{
	const char *p = text;

	memset(out, 0, sizeof(*out));
	out->highest = -1;
	if (*p == '\n' && !p[1])
		return 0;
	while (*p) {
		unsigned long first, last;

		if (!hw_parse_dec(p, HW_CPU_LIMIT, &first, &p))
			goto bad;
		last = first;
		if (*p == '-' && !hw_parse_dec(p + 1, HW_CPU_LIMIT, &last, &p))
			goto bad;
		if (last < first)
			goto bad;
		for (unsigned long c = first; c <= last; c++) {
			if (c < 64) {
				if (out->set & (1ull << c))
					continue;
				out->set |= 1ull << c;
			}
			out->num++;
		}
		if ((int)last > out->highest)
			out->highest = (int)last;
		if (*p == ',' && p[1] && p[1] != '\n')
			p++;
		else if (*p == '\n' && !p[1])
			break;
		else if (*p)
			goto bad;
	}
	return 0;
bad:
	snprintf(err, errlen,
		 "'%.40s' is not a CPU list (like 0-3,6; CPUs 0 to %d)", text,
		 HW_CPU_LIMIT - 1);
	return -EINVAL;
}

void hw_cpulist_format(uint64_t set, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int c = 0; c < 64; c++) {
		int e = c;

		if (!(set & (1ull << c)))
			continue;
		while (e < 63 && (set & (1ull << (e + 1))))
			e++;
		if (e == c)
			used += (size_t)snprintf(buf + used,
						 used < len ? len - used : 0,
						 "%s%d", used ? "," : "", c);
		else
			used += (size_t)snprintf(buf + used,
						 used < len ? len - used : 0,
						 "%s%d-%d", used ? "," : "", c,
						 e);
		c = e;
	}
}
