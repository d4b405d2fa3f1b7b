// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel command line and /proc/consoles (hw_text.h): the memmap=
 * ranges that reserve memory, and where Linux's console is. A memmap= the
 * kernel would not have understood is an error, not something skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "hw_text.h"

bool hw_memparse(const char *s, uint64_t *out, const char **end)
{
	unsigned int base = 10, shift = 0;
	const char *p = s;
	uint64_t v = 0;
	int digits = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    hw_hex_digit(p[2]) >= 0) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (;; p++, digits++) {
		int d = hw_hex_digit(*p);

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

	if (!strncmp(value, "ttyS", 4) &&
	    hw_parse_dec(value + 4, 64, &line, &p) && (!*p || *p == ',')) {
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
		    hw_parse_dec(p + 4, 64, &line, &end) &&
		    (*end == ' ' || *end == '\t'))
			lines |= 1ull << line;
		p += strcspn(p, "\n");
		p += *p == '\n';
	}
	return lines;
}
