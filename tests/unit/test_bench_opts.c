// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/bench_opts.c
/*
 * The bench's value parsers (tools/bulkhead/bench_opts.c): sizes with
 * binary units, durations (a bare number is seconds), CPU lists, and the
 * CPU-list formatter. Each parser takes exactly its syntax and refuses
 * everything else, signs, spaces and overflow included; a CPU list comes
 * back sorted, without duplicates, and a formatter given a small buffer
 * cuts its text but never writes past the end.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <bulkhead/regulation.h>
#include <bulkhead/rtprobe.h>
#include "../../tools/bulkhead/bench_opts.h"

#define SIZE_OK(text, value)                                \
	do {                                                \
		uint64_t v_ = 0xdeadbeef;                   \
		assert_int_equal(parse_size(text, &v_), 0); \
		assert_true(v_ == (uint64_t)(value));       \
	} while (0)

#define SIZE_BAD(text) \
	assert_int_equal(parse_size(text, &(uint64_t){ 0 }), -EINVAL)

#define DUR_OK(text, value)                                     \
	do {                                                    \
		uint64_t v_ = 0xdeadbeef;                       \
		assert_int_equal(parse_duration(text, &v_), 0); \
		assert_true(v_ == (uint64_t)(value));           \
	} while (0)

#define DUR_BAD(text) \
	assert_int_equal(parse_duration(text, &(uint64_t){ 0 }), -EINVAL)

/* --- sizes --- */

static void test_size_units(void **state)
{
	(void)state;
	SIZE_OK("4096", 4096);
	SIZE_OK("0", 0);
	SIZE_OK("007", 7);
	SIZE_OK("4K", 4096);
	SIZE_OK("4KiB", 4096);
	SIZE_OK("512K", 512 << 10);
	SIZE_OK("40M", 40ull << 20);
	SIZE_OK("40MiB", 40ull << 20);
	SIZE_OK("1G", 1ull << 30);
	SIZE_OK("1GiB", 1ull << 30);
	SIZE_OK("0G", 0);
}

static void test_size_limits(void **state)
{
	(void)state;
	/* the largest values that fit in 64 bits, and one more */
	SIZE_OK("18446744073709551615", UINT64_MAX);
	SIZE_BAD("18446744073709551616");
	SIZE_OK("17179869183G", 17179869183ull << 30);
	SIZE_BAD("17179869184G");
	SIZE_BAD("99999999999G");
	SIZE_BAD("99999999999999999999999K");
}

static void test_size_refusals(void **state)
{
	static const char *const bad[] = {
		"",    "4X",	"-1",  "+4",   "4 M",  " 4", "4M ",
		"4k",  "4m",	"4KB", "4.5M", "0x10", "M",  "K4",
		"4MM", "4MiB ", "4Mi", "4T",   "1e3",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 0;

		if (parse_size(bad[i], &v) != -EINVAL)
			fail_msg("parse_size(\"%s\") was taken as %llu", bad[i],
				 (unsigned long long)v);
	}
	SIZE_BAD(NULL);
}

/* --- durations --- */

static void test_duration_units(void **state)
{
	(void)state;
	DUR_OK("20", 20000000000ull);
	DUR_OK("0", 0);
	DUR_OK("100ns", 100);
	DUR_OK("250us", 250000);
	DUR_OK("500ms", 500000000);
	DUR_OK("20s", 20000000000ull);
	DUR_OK("2m", 120000000000ull);
	DUR_OK("1h", 3600000000000ull);
	DUR_OK("0ms", 0);
}

static void test_duration_limits(void **state)
{
	(void)state;
	/* UINT64_MAX ns is 18446744073.7 s, 307445734.5 min, 5124095.6 h */
	DUR_OK("18446744073709551615ns", UINT64_MAX);
	DUR_BAD("18446744073709551616ns");
	DUR_OK("18446744073", 18446744073000000000ull);
	DUR_BAD("18446744074");
	DUR_OK("18446744073s", 18446744073000000000ull);
	DUR_BAD("18446744074s");
	DUR_OK("307445734m", 307445734ull * 60000000000ull);
	DUR_BAD("307445735m");
	DUR_OK("5124095h", 5124095ull * 3600000000000ull);
	DUR_BAD("5124096h");
}

static void test_duration_refusals(void **state)
{
	static const char *const bad[] = {
		"",	"s",	      "ms",   "1 s", " 1s", "1s ",  "1sec",
		"1min", "-1s",	      "+1s",  "1S",  "1MS", "1.5s", "1d",
		"1us1", "1\xc2\xb5s", "0x10", "1e3", "1 ",  "1hh",  "1sm",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		uint64_t v = 0;

		if (parse_duration(bad[i], &v) != -EINVAL)
			fail_msg("parse_duration(\"%s\") was taken as %llu",
				 bad[i], (unsigned long long)v);
	}
	DUR_BAD(NULL);
}

/* --- CPU lists --- */

/* Parses @text with room for @max CPUs and expects exactly @want. */
static void cpus_ok(const char *text, unsigned int max, const int *want,
		    unsigned int nwant)
{
	int cpus[64];
	unsigned int n = 12345;

	assert_true(max <= 64);
	if (parse_cpu_list(text, cpus, max, &n))
		fail_msg("parse_cpu_list(\"%s\") refused", text);
	assert_int_equal(n, nwant);
	for (unsigned int i = 0; i < n; i++)
		if (cpus[i] != want[i])
			fail_msg("\"%s\": CPU %u is %d, expected %d", text, i,
				 cpus[i], want[i]);
}

static void cpus_bad(const char *text, unsigned int max)
{
	int cpus[64];
	unsigned int n;

	assert_true(max <= 64);
	if (parse_cpu_list(text, cpus, max, &n) != -EINVAL)
		fail_msg("parse_cpu_list(\"%s\", max %u) was taken, %u CPUs",
			 text, max, n);
}

static void test_cpu_list(void **state)
{
	(void)state;
	cpus_ok("0,1,3", 8, (const int[]){ 0, 1, 3 }, 3);
	cpus_ok("0-1,3", 8, (const int[]){ 0, 1, 3 }, 3);
	cpus_ok("5", 8, (const int[]){ 5 }, 1);
	cpus_ok("2-2", 8, (const int[]){ 2 }, 1);
	cpus_ok("0-3", 4, (const int[]){ 0, 1, 2, 3 }, 4);
	cpus_ok("4095", 1, (const int[]){ 4095 }, 1);
	cpus_ok("4094-4095", 2, (const int[]){ 4094, 4095 }, 2);
	cpus_ok("010", 1, (const int[]){ 10 }, 1);
}

static void test_cpu_list_sorted(void **state)
{
	(void)state;
	cpus_ok("3,0-1", 8, (const int[]){ 0, 1, 3 }, 3);
	cpus_ok("7,5,6,0", 8, (const int[]){ 0, 5, 6, 7 }, 4);
	cpus_ok("10-11,2,0-1", 8, (const int[]){ 0, 1, 2, 10, 11 }, 5);
	/* numerically, not as text */
	cpus_ok("100,20,3", 8, (const int[]){ 3, 20, 100 }, 3);
}

static void test_cpu_list_refusals(void **state)
{
	(void)state;
	/* duplicates, however they are written */
	cpus_bad("1,1", 8);
	cpus_bad("0-2,1", 8);
	cpus_bad("1,0-2", 8);
	cpus_bad("0-2,2-3", 8);
	/* ranges */
	cpus_bad("3-1", 8);
	cpus_bad("1-", 8);
	cpus_bad("-1", 8);
	cpus_bad("1-a", 8);
	cpus_bad("1--2", 8);
	cpus_bad("1-2-3", 8);
	/* separators */
	cpus_bad("1,", 8);
	cpus_bad(",1", 8);
	cpus_bad("1,,2", 8);
	cpus_bad("1;2", 8);
	cpus_bad(" 1", 8);
	cpus_bad("1 ", 8);
	cpus_bad("1, 2", 8);
	cpus_bad("+1", 8);
	cpus_bad("a", 8);
	cpus_bad("1\n", 8);
	/* empty */
	cpus_bad("", 8);
	cpus_bad(NULL, 8);
	/* 4096 and up, including numbers past long */
	cpus_bad("4096", 8);
	cpus_bad("0,4096", 8);
	cpus_bad("4095-4096", 8);
	cpus_bad("99999999999999999999", 8);
	cpus_bad("0-99999999999999999999", 8);
	/* more than max */
	cpus_bad("0-3", 3);
	cpus_bad("0,1,2,3", 3);
	cpus_bad("0", 0);
	cpus_bad("0-4095", 64);
}

/* --- formatting --- */

static void test_format_cpu_list(void **state)
{
	char buf[64];

	(void)state;
	format_cpu_list((const int[]){ 0, 1, 3 }, 3, buf, sizeof(buf));
	assert_string_equal(buf, "0,1,3");
	format_cpu_list((const int[]){ 42 }, 1, buf, sizeof(buf));
	assert_string_equal(buf, "42");
	memset(buf, 'x', sizeof(buf));
	format_cpu_list(NULL, 0, buf, sizeof(buf));
	assert_string_equal(buf, "");
}

static void test_format_round_trip(void **state)
{
	static const char *const lists[] = { "0-2,7,4095", "3,0-1", "9",
					     "1,3,5,7,9,11,13,15" };
	int cpus[64], again[64];
	unsigned int n, m;
	char text[256];

	(void)state;
	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		assert_int_equal(parse_cpu_list(lists[i], cpus, 64, &n), 0);
		format_cpu_list(cpus, n, text, sizeof(text));
		assert_int_equal(parse_cpu_list(text, again, 64, &m), 0);
		assert_int_equal(m, n);
		assert_memory_equal(again, cpus, n * sizeof(int));
	}
	assert_int_equal(parse_cpu_list("0-2,7,4095", cpus, 64, &n), 0);
	format_cpu_list(cpus, n, text, sizeof(text));
	assert_string_equal(text, "0,1,2,7,4095");
}

/*
 * A buffer too small holds a NUL-terminated prefix of the whole text, and
 * nothing is written past it: every length from 1 to the text's own.
 */
static void test_format_truncation(void **state)
{
	static const int cpus[] = { 0, 1, 2, 3, 10, 100, 1000, 4095 };
	const unsigned int n = sizeof(cpus) / sizeof(cpus[0]);
	const char *full = "0,1,2,3,10,100,1000,4095";
	char buf[64];

	(void)state;
	for (size_t len = 1; len <= strlen(full) + 1; len++) {
		memset(buf, '#', sizeof(buf));
		format_cpu_list(cpus, n, buf, len);
		if (strnlen(buf, len) >= len)
			fail_msg("length %zu: no NUL inside the buffer", len);
		if (strncmp(buf, full, strlen(buf)))
			fail_msg("length %zu: \"%s\" is not a prefix", len,
				 buf);
		for (size_t i = len; i < sizeof(buf); i++)
			if (buf[i] != '#')
				fail_msg("length %zu: byte %zu written", len,
					 i);
	}
	format_cpu_list(cpus, n, buf, strlen(full) + 1);
	assert_string_equal(buf, full);
	format_cpu_list(cpus, n, buf, 1);
	assert_string_equal(buf, "");
	/* no room at all: not even the NUL */
	memset(buf, '#', sizeof(buf));
	format_cpu_list(cpus, n, buf, 0);
	assert_int_equal(buf[0], '#');
}

/* --regulate: the four policies, their arguments, and what is refused */
static void test_regulation(void **state)
{
	static const char *const bad[] = {
		"",
		"Run",
		"run:1",
		"periodic",
		"periodic:",
		"periodic:0",
		"periodic:-1",
		"periodic:+2",
		"periodic:2x",
		"periodic:4294967296",
		"deadline",
		"deadline:",
		"deadline:11s",
		"deadline:5 ms",
		"stop",
		"none ",
	};
	uint32_t policy, arg;
	char buf[40];

	(void)state;
	assert_int_equal(parse_regulation("none", &policy, &arg), 0);
	assert_int_equal(policy, BH_PROBE_REG_NONE);
	assert_int_equal(parse_regulation("run", &policy, &arg), 0);
	assert_int_equal(policy, BH_PROBE_REG_RUN);
	assert_int_equal(arg, 0);
	assert_int_equal(parse_regulation("periodic:4", &policy, &arg), 0);
	assert_int_equal(policy, BH_PROBE_REG_PERIODIC);
	assert_int_equal(arg, 4);
	assert_int_equal(parse_regulation("periodic:4294967295", &policy, &arg),
			 0);
	assert_int_equal(arg, 4294967295u);
	assert_int_equal(parse_regulation("deadline:500us", &policy, &arg), 0);
	assert_int_equal(policy, BH_PROBE_REG_DEADLINE);
	assert_int_equal(arg, 500);
	assert_int_equal(parse_regulation("deadline:10s", &policy, &arg), 0);
	assert_int_equal(arg, 10000000);
	assert_int_equal(parse_regulation("deadline:0", &policy, &arg), 0);
	assert_int_equal(arg, 0);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (parse_regulation(bad[i], &policy, &arg) != -EINVAL)
			fail_msg("'%s' taken", bad[i]);

	format_regulation(BH_PROBE_REG_NONE, 0, BH_REG_STOP, buf, sizeof(buf));
	assert_string_equal(buf, "none");
	format_regulation(BH_PROBE_REG_RUN, 0, BH_REG_STOP, buf, sizeof(buf));
	assert_string_equal(buf, "run/stop");
	format_regulation(BH_PROBE_REG_PERIODIC, 4, BH_REG_DUTY, buf,
			  sizeof(buf));
	assert_string_equal(buf, "periodic:4/duty");
	format_regulation(BH_PROBE_REG_DEADLINE, 500, BH_REG_STOP, buf,
			  sizeof(buf));
	assert_string_equal(buf, "deadline:500us/stop");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_units),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_size_refusals),
		cmocka_unit_test(test_duration_units),
		cmocka_unit_test(test_duration_limits),
		cmocka_unit_test(test_duration_refusals),
		cmocka_unit_test(test_cpu_list),
		cmocka_unit_test(test_cpu_list_sorted),
		cmocka_unit_test(test_cpu_list_refusals),
		cmocka_unit_test(test_format_cpu_list),
		cmocka_unit_test(test_format_round_trip),
		cmocka_unit_test(test_format_truncation),
		cmocka_unit_test(test_regulation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
