// SPDX-License-Identifier: GPL-2.0
/*
 * KEY=VALUE command-line parsing, free of hardware so that host unit tests
 * can run it.
 */
#include <stdint.h>
#include "inmate/cmdline.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

const char *cmdline_find(const char *line, const char *key, size_t *len)
{
	const char *found = NULL, *word, *k;
	size_t found_len = 0;

	if (!key[0])
		return NULL;
	while (*line) {
		while (is_space(*line))
			line++;
		if (!*line)
			break;
		word = line;
		while (*line && !is_space(*line))
			line++;
		for (k = key; *k && word < line && *word == *k; k++)
			word++;
		if (*k)
			continue;
		if (word == line) {
			found = word;
			found_len = 0;
		} else if (*word == '=') {
			found = word + 1;
			found_len = (size_t)(line - found);
		}
	}
	if (found)
		*len = found_len;
	return found;
}

static int digit_value(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

bool cmdline_parse_int(const char *s, size_t len, long long *out)
{
	const char *end = s + len;
	unsigned int base = 10;
	uint64_t v = 0, limit;
	bool neg = false;
	int d;

	if (s < end && *s == '-') {
		neg = true;
		s++;
	}
	if (end - s > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (s == end)
		return false;
	/* the magnitude of INT64_MIN is one more than INT64_MAX */
	limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
	for (; s < end; s++) {
		d = digit_value(*s, base);
		if (d < 0 || v > (limit - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
	}
	*out = neg ? (long long)(0 - v) : (long long)v;
	return true;
}
