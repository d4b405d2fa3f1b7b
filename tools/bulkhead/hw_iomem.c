// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's text files config create reads (hw_iomem.h). Strict on
 * purpose: everything here ends up as addresses in a config that a
 * hypervisor maps, so a line that does not look like the kernel's is an
 * error naming the line, not something skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_iomem.h"

/* One line of @text from @pos, without its newline, in @line. */
static const char *next_line(const char *pos, char *line, size_t len)
{
	size_t n = strcspn(pos, "\n");

	if (n >= len)
		n = len - 1;
	memcpy(line, pos, n);
	line[n] = '\0';
	pos += strcspn(pos, "\n");
	return *pos ? pos + 1 : pos;
}

static int hex_digit(char c)
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
static bool parse_hex(const char *s, uint64_t *out, const char **end)
{
	uint64_t v = 0;
	int digits = 0;

	for (; hex_digit(*s) >= 0; s++, digits++) {
		if (v >> 60)
			return false;
		v = v << 4 | (uint64_t)hex_digit(*s);
	}
	*out = v;
	*end = s;
	return digits > 0;
}

static void copy_name(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* Appends a range, growing the array. */
static int add_range(struct hw_iomem *io, size_t *cap,
		     const struct hw_iomem_range *r)
{
	if (io->num == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct hw_iomem_range *p = realloc(io->range, n * sizeof(*p));

		if (!p)
			return -ENOMEM;
		io->range = p;
		*cap = n;
	}
	io->range[io->num++] = *r;
	return 0;
}

/* "START-END : NAME" after the indentation, into @r. */
static int parse_iomem_line(const char *s, struct hw_iomem_range *r, char *err,
			    size_t errlen)
{
	const char *p;

	if (!parse_hex(s, &r->start, &p) || *p != '-' ||
	    !parse_hex(p + 1, &r->end, &p) || strncmp(p, " : ", 3)) {
		/* A long run of digits is the likelier mistake to name. */
		if (strspn(s, "0123456789abcdefABCDEF") > 16)
			snprintf(err, errlen,
				 "line %u: address longer than 64 bits",
				 r->line);
		else
			snprintf(err, errlen,
				 "line %u: not 'START-END : NAME' in hex",
				 r->line);
		return -EINVAL;
	}
	if (r->start > r->end) {
		snprintf(err, errlen,
			 "line %u: start 0x%llx is above end 0x%llx", r->line,
			 (unsigned long long)r->start,
			 (unsigned long long)r->end);
		return -EINVAL;
	}
	copy_name(r->name, sizeof(r->name), p + 3);
	return 0;
}

static int overlap_error(const struct hw_iomem_range *r,
			 const struct hw_iomem_range *o, char *err,
			 size_t errlen)
{
	snprintf(
		err, errlen,
		"line %u: 0x%llx-0x%llx overlaps or precedes 0x%llx-0x%llx on line %u",
		r->line, (unsigned long long)r->start,
		(unsigned long long)r->end, (unsigned long long)o->start,
		(unsigned long long)o->end, o->line);
	return -EINVAL;
}

/* Without CAP_SYS_ADMIN every range reads 0-0: in order, as far as we know. */
static bool hidden(const struct hw_iomem_range *r)
{
	return !r->start && !r->end;
}

/*
 * Places @r (at indentation @depth) in the tree: its parent is the last
 * range one level up; it must follow its previous sibling. At the deepest
 * indentation the kernel prints, the ranges before may be ancestors too:
 * a range inside one of them is its child.
 */
static int place_range(struct hw_iomem *io, const int *last, unsigned int depth,
		       struct hw_iomem_range *r, char *err, size_t errlen)
{
	int prev = last[depth];

	r->depth = depth;
	r->parent = depth ? last[depth - 1] : -1;
	if (depth && r->parent < 0) {
		snprintf(
			err, errlen,
			"line %u: indented deeper than a child of the line before",
			r->line);
		return -EINVAL;
	}
	if (depth < HW_IOMEM_MAX_DEPTH) {
		if (prev >= 0 && r->start <= io->range[prev].end &&
		    !(hidden(r) && hidden(&io->range[prev])))
			return overlap_error(r, &io->range[prev], err, errlen);
	} else {
		for (int o = prev; o >= 0 && io->range[o].depth == depth;
		     o = io->range[o].parent) {
			const struct hw_iomem_range *x = &io->range[o];

			if (r->start >= x->start && r->end <= x->end) {
				r->parent = o;
				break;
			}
			if (r->start <= x->end)
				return overlap_error(r, x, err, errlen);
		}
	}
	if (r->parent >= 0) {
		const struct hw_iomem_range *p = &io->range[r->parent];

		if (r->start < p->start || r->end > p->end) {
			snprintf(
				err, errlen,
				"line %u: 0x%llx-0x%llx is not inside its parent 0x%llx-0x%llx on line %u",
				r->line, (unsigned long long)r->start,
				(unsigned long long)r->end,
				(unsigned long long)p->start,
				(unsigned long long)p->end, p->line);
			return -EINVAL;
		}
	}
	return 0;
}

int hw_iomem_parse(const char *text, struct hw_iomem *out, char *err,
		   size_t errlen)
{
	int last[HW_IOMEM_MAX_DEPTH + 1];
	unsigned int lineno = 0;
	const char *pos = text;
	size_t cap = 0;
	char line[256];
	int ret;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i <= HW_IOMEM_MAX_DEPTH; i++)
		last[i] = -1;
	while (*pos) {
		struct hw_iomem_range r = { .line = ++lineno };
		size_t spaces;
		unsigned int depth;

		pos = next_line(pos, line, sizeof(line));
		spaces = strspn(line, " ");
		if (spaces % 2 || spaces / 2 > HW_IOMEM_MAX_DEPTH) {
			snprintf(
				err, errlen,
				"line %u: indented by %zu spaces, not 2 per level up to %d",
				lineno, spaces, HW_IOMEM_MAX_DEPTH);
			goto fail;
		}
		depth = (unsigned int)(spaces / 2);
		if (parse_iomem_line(line + spaces, &r, err, errlen) ||
		    place_range(out, last, depth, &r, err, errlen))
			goto fail;
		ret = add_range(out, &cap, &r);
		if (ret) {
			snprintf(err, errlen, "out of memory");
			hw_iomem_free(out);
			return ret;
		}
		last[depth] = (int)out->num - 1;
		for (unsigned int d = depth + 1; d <= HW_IOMEM_MAX_DEPTH; d++)
			last[d] = -1;
	}
	return 0;

fail:
	hw_iomem_free(out);
	return -EINVAL;
}

void hw_iomem_free(struct hw_iomem *io)
{
	free(io->range);
	io->range = NULL;
	io->num = 0;
}

bool hw_iomem_hidden(const struct hw_iomem *io)
{
	for (size_t i = 0; i < io->num; i++)
		if (io->range[i].start || io->range[i].end)
			return false;
	return io->num > 0;
}

/* "0x1f\n" as sysfs prints an address. */
static bool parse_sysfs_hex(const char *s, uint64_t *out)
{
	const char *end;

	if (s[0] != '0' || (s[1] != 'x' && s[1] != 'X'))
		return false;
	if (!parse_hex(s + 2, out, &end))
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

/* A decimal number below @limit; the position after it. */
static bool parse_dec(const char *s, unsigned long limit, unsigned long *out,
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

	if (!parse_dec(s, 1u << 20, &v, &p) || strncmp(p, ": uart:", 7))
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
	if (!parse_hex(addr, &u->address, &p) || strncmp(p, " irq:", 5) ||
	    !parse_dec(p + 5, 1u << 24, &v, &p) || (*p && *p != ' '))
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

		pos = next_line(pos, line, sizeof(line));
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

		if (!parse_dec(p, HW_CPU_LIMIT, &first, &p))
			goto bad;
		last = first;
		if (*p == '-' && !parse_dec(p + 1, HW_CPU_LIMIT, &last, &p))
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

bool hw_memparse(const char *s, uint64_t *out, const char **end)
{
	unsigned int base = 10, shift = 0;
	const char *p = s;
	uint64_t v = 0;
	int digits = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    hex_digit(p[2]) >= 0) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (;; p++, digits++) {
		int d = hex_digit(*p);

		if (d < 0 || d >= (int)base)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	if (!digits)
		return false;
	switch (*p) {
	case 'E':
	case 'e':
		shift += 10;
		/* fall through */
	case 'P':
	case 'p':
		shift += 10;
		/* fall through */
	case 'T':
	case 't':
		shift += 10;
		/* fall through */
	case 'G':
	case 'g':
		shift += 10;
		/* fall through */
	case 'M':
	case 'm':
		shift += 10;
		/* fall through */
	case 'K':
	case 'k':
		shift += 10;
		p++;
		break;
	default:
		break;
	}
	if (shift && v > UINT64_MAX >> shift)
		return false;
	*out = v << shift;
	*end = p;
	return true;
}

/* One comma-separated item of a memmap= parameter. */
static int parse_memmap_item(const char *item, struct hw_cmdline *out,
			     char *err, size_t errlen)
{
	struct hw_memmap m = { 0 };
	const char *p;

	if (!strcmp(item, "exactmap"))
		return 0;
	if (!hw_memparse(item, &m.size, &p) || (*p && !strchr("@#$!%", *p)))
		goto bad;
	/* Only these two take RAM away from Linux; @ and # add ranges. */
	if (*p != '$' && *p != '!')
		return 0;
	m.kind = *p;
	if (!hw_memparse(p + 1, &m.start, &p) || *p)
		goto bad;
	if (!m.size || m.start + m.size < m.start) {
		snprintf(
			err, errlen,
			"memmap=%.40s on the kernel command line: the range is empty or wraps",
			item);
		return -EINVAL;
	}
	if (out->num_memmap == HW_MAX_MEMMAP) {
		snprintf(
			err, errlen,
			"more than %d memmap= ranges on the kernel command line",
			HW_MAX_MEMMAP);
		return -EINVAL;
	}
	snprintf(m.text, sizeof(m.text), "%.47s", item);
	out->memmap[out->num_memmap++] = m;
	return 0;
bad:
	snprintf(
		err, errlen,
		"memmap=%.40s on the kernel command line: not SIZE$START or SIZE!START",
		item);
	return -EINVAL;
}

static int parse_memmap(const char *value, struct hw_cmdline *out, char *err,
			size_t errlen)
{
	char item[128];

	while (*value) {
		size_t n = strcspn(value, ",");

		if (n >= sizeof(item)) {
			snprintf(
				err, errlen,
				"memmap= on the kernel command line: an item longer than %zu characters",
				sizeof(item) - 1);
			return -EINVAL;
		}
		memcpy(item, value, n);
		item[n] = '\0';
		if (n && parse_memmap_item(item, out, err, errlen))
			return -EINVAL;
		value += n + (value[n] == ',');
	}
	return 0;
}

/* console=ttyS1,115200n8 or console=uart8250,io,0x2f8,115200. */
static void parse_console(const char *value, struct hw_cmdline *out)
{
	unsigned long line;
	const char *p;
	uint64_t port;

	if (!strncmp(value, "ttyS", 4) && parse_dec(value + 4, 64, &line, &p) &&
	    (!*p || *p == ',')) {
		out->console_lines |= 1ull << line;
		return;
	}
	if (strncmp(value, "uart8250,io,", 12) && strncmp(value, "uart,io,", 8))
		return;
	p = strchr(value, ',') + 4;
	if (hw_memparse(p, &port, &p) && port <= 0xffff &&
	    out->num_console_ports < 4)
		out->console_port[out->num_console_ports++] = (uint16_t)port;
}

int hw_cmdline_parse(const char *text, struct hw_cmdline *out, char *err,
		     size_t errlen)
{
	const char *p = text;
	char param[512];

	memset(out, 0, sizeof(*out));
	for (;;) {
		size_t n = 0;
		bool quoted = false;

		p += strspn(p, " \t\n");
		if (!*p)
			break;
		/* The kernel's next_arg(): double quotes may hide spaces. */
		while (*p && (quoted || !strchr(" \t\n", *p))) {
			if (*p == '"')
				quoted = !quoted;
			else if (n < sizeof(param) - 1)
				param[n++] = *p;
			p++;
		}
		param[n] = '\0';
		if (!strcmp(param, "--"))
			break;
		if (!strncmp(param, "memmap=", 7)) {
			if (parse_memmap(param + 7, out, err, errlen))
				return -EINVAL;
		} else if (!strncmp(param, "console=", 8)) {
			parse_console(param + 8, out);
		}
	}
	return 0;
}

uint64_t hw_consoles_parse(const char *text)
{
	uint64_t lines = 0;
	const char *p = text;

	while (*p) {
		unsigned long line;
		const char *end;

		if (!strncmp(p, "ttyS", 4) &&
		    parse_dec(p + 4, 64, &line, &end) &&
		    (*end == ' ' || *end == '\t'))
			lines |= 1ull << line;
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	return lines;
}
