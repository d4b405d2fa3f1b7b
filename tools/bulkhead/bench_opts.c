// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of the bench's values (bench_opts.h). Overflow is refused, not
 * wrapped: a size of 2^70 bytes is a typing error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_opts.h"

struct unit {
	const char *name;
	uint64_t factor;
};

static int parse_with_units(const char *s, const struct unit *units,
			    uint64_t bare, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -EINVAL;
	if (!*end) {
		if (bare && v > UINT64_MAX / bare)
			return -EINVAL;
		*out = v * bare;
		return 0;
	}
	for (const struct unit *u = units; u->name; u++) {
		if (strcmp(end, u->name))
			continue;
		if (v > UINT64_MAX / u->factor)
			return -EINVAL;
		*out = v * u->factor;
		return 0;
	}
	return -EINVAL;
}

int parse_size(const char *s, uint64_t *bytes)
{
	static const struct unit units[] = {
		{ "K", 1ull << 10 }, { "KiB", 1ull << 10 },
		{ "M", 1ull << 20 }, { "MiB", 1ull << 20 },
		{ "G", 1ull << 30 }, { "GiB", 1ull << 30 },
		{ NULL, 0 },
	};

	return parse_with_units(s, units, 1, bytes);
}

int parse_duration(const char *s, uint64_t *ns)
{
	static const struct unit units[] = {
		{ "ns", 1 },
		{ "us", 1000 },
		{ "ms", 1000000 },
		{ "s", 1000000000ull },
		{ "m", 60000000000ull },
		{ "h", 3600000000000ull },
		{ NULL, 0 },
	};

	return parse_with_units(s, units, 1000000000ull, ns);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int parse_cpu_list(const char *s, int *cpus, unsigned int max, unsigned int *n)
{
	const char *p = s;

	*n = 0;
	if (!s || !*s)
		return -EINVAL;
	while (*p) {
		long a, b;
		char *end;

		if (*p < '0' || *p > '9')
			return -EINVAL;
		a = strtol(p, &end, 10);
		b = a;
		if (*end == '-') {
			p = end + 1;
			if (*p < '0' || *p > '9')
				return -EINVAL;
			b = strtol(p, &end, 10);
		}
		if (a > b || b >= 4096)
			return -EINVAL;
		for (long c = a; c <= b; c++) {
			for (unsigned int i = 0; i < *n; i++)
				if (cpus[i] == c)
					return -EINVAL;
			if (*n == max)
				return -EINVAL;
			cpus[(*n)++] = (int)c;
		}
		p = end;
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			return -EINVAL;
	}
	qsort(cpus, *n, sizeof(*cpus), cmp_int);
	return 0;
}

void format_cpu_list(const int *cpus, unsigned int n, char *buf, size_t len)
{
	size_t o = 0;

	if (!len)
		return;
	buf[0] = '\0';
	for (unsigned int i = 0; i < n && o < len; i++) {
		int w = snprintf(buf + o, len - o, "%s%d", i ? "," : "",
				 cpus[i]);

		if (w < 0)
			break;
		o += (size_t)w;
	}
}
