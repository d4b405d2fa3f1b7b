// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of the bench's values (bench_opts.h). Overflow is refused, not
 * wrapped: a size of 2^70 bytes is a typing error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bulkhead/regulation.h>
#include <bulkhead/rtprobe.h>
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

int parse_regulation(const char *s, uint32_t *policy, uint32_t *arg)
{
	const char *colon = strchr(s, ':');
	uint64_t v;
	char *end;

	*arg = 0;
	if (!strcmp(s, "none") || !strcmp(s, "run")) {
		*policy = s[0] == 'n' ? BH_PROBE_REG_NONE : BH_PROBE_REG_RUN;
		return 0;
	}
	if (!colon)
		return -EINVAL;
	if (!strncmp(s, "periodic:", 9)) {
		if (colon[1] < '1' || colon[1] > '9')
			return -EINVAL;
		errno = 0;
		v = strtoull(colon + 1, &end, 10);
		if (errno || *end || v > UINT32_MAX)
			return -EINVAL;
		*policy = BH_PROBE_REG_PERIODIC;
		*arg = (uint32_t)v;
		return 0;
	}
	if (!strncmp(s, "deadline:", 9)) {
		if (parse_duration(colon + 1, &v) || v > 10000000000ull)
			return -EINVAL;
		*policy = BH_PROBE_REG_DEADLINE;
		*arg = (uint32_t)(v / 1000);
		return 0;
	}
	return -EINVAL;
}

void format_regulation(uint32_t policy, uint32_t arg, uint32_t mode, char *buf,
		       size_t len)
{
	const char *m = mode == BH_REG_DUTY ? "duty" : "stop";

	switch (policy) {
	case BH_PROBE_REG_RUN:
		snprintf(buf, len, "run/%s", m);
		break;
	case BH_PROBE_REG_PERIODIC:
		snprintf(buf, len, "periodic:%u/%s", arg, m);
		break;
	case BH_PROBE_REG_DEADLINE:
		snprintf(buf, len, "deadline:%uus/%s", arg, m);
		break;
	default:
		snprintf(buf, len, "none");
		break;
	}
}
