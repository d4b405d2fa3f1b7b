// SPDX-License-Identifier: GPL-2.0
/*
 * The names of workloads, methods, inputs and wait modes, for the CLI's
 * options and the inmate's command line. Freestanding builds have no
 * strcmp, so the comparison is done here.
 */
#include <stdbool.h>

#include <workloads/workload.h>

static const char *const workload_names[BH_WL_COUNT] = {
	[BH_WL_NONE] = "none",
	[BH_WL_SHA3_512] = "sha3-512",
	[BH_WL_COUNT_BITS] = "count-set-bits",
	[BH_WL_RANDOM_ACCESS] = "random-access",
	[BH_WL_MEMORY_STREAM] = "memory-stream",
};

static const char *const method_names[BH_BITS_COUNT] = {
	[BH_BITS_TABLE] = "table",
	[BH_BITS_SHIFT] = "shift",
	[BH_BITS_MASK] = "mask",
};

static const char *const input_names[BH_INPUT_COUNT] = {
	[BH_INPUT_LCG] = "lcg",
	[BH_INPUT_CONSTANT] = "constant",
	[BH_INPUT_HOST] = "host",
};

static const char *const wait_names[BH_WAIT_COUNT] = {
	[BH_WAIT_HLT] = "hlt",
	[BH_WAIT_POLL] = "poll",
};
static const char *const regulate_names[BH_PROBE_REG_COUNT] = {
	[BH_PROBE_REG_NONE] = "none",
	[BH_PROBE_REG_RUN] = "run",
	[BH_PROBE_REG_PERIODIC] = "periodic",
	[BH_PROBE_REG_DEADLINE] = "deadline",
};

static bool streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

/* @v is unsigned so that a negative enum value is out of range too. */
static const char *name_of(const char *const *names, unsigned int count,
			   unsigned int v)
{
	return v < count ? names[v] : NULL;
}

static int parse(const char *const *names, unsigned int count, const char *name)
{
	unsigned int i;

	if (!name)
		return -1;
	for (i = 0; i < count; i++)
		if (streq(names[i], name))
			return (int)i;
	return -1;
}

const char *wl_name(enum bh_probe_workload w)
{
	return name_of(workload_names, BH_WL_COUNT, w);
}

int wl_parse(const char *name)
{
	return parse(workload_names, BH_WL_COUNT, name);
}

const char *wl_method_name(enum bh_probe_method m)
{
	return name_of(method_names, BH_BITS_COUNT, m);
}

int wl_method_parse(const char *name)
{
	return parse(method_names, BH_BITS_COUNT, name);
}

const char *wl_input_name(enum bh_probe_input in)
{
	return name_of(input_names, BH_INPUT_COUNT, in);
}

int wl_input_parse(const char *name)
{
	return parse(input_names, BH_INPUT_COUNT, name);
}

const char *wl_wait_name(enum bh_probe_wait w)
{
	return name_of(wait_names, BH_WAIT_COUNT, w);
}

int wl_wait_parse(const char *name)
{
	return parse(wait_names, BH_WAIT_COUNT, name);
}

const char *wl_regulate_name(uint32_t r)
{
	return name_of(regulate_names, BH_PROBE_REG_COUNT, r);
}

int wl_regulate_parse(const char *name)
{
	return parse(regulate_names, BH_PROBE_REG_COUNT, name);
}
