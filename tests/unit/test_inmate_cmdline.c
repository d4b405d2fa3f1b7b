// SPDX-License-Identifier: GPL-2.0
// uses: inmates/lib/cmdline_parse.c
/*
 * The inmate library's command-line option parser, on the host. (Its printf
 * formatter is the hypervisor's, tested in test_format.c.)
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../inmates/lib/inmate/cmdline.h"

/* @len is poisoned first, so a lookup that leaves it alone shows. */
static const char *find(const char *line, const char *key, size_t *len)
{
	*len = 12345;
	return cmdline_find(line, key, len);
}

static void test_cmdline_find(void **state)
{
	const char *v;
	size_t len;

	(void)state;
	v = find("period_us=250 deadline=0", "period_us", &len);
	assert_non_null(v);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "250", 3);

	v = find("period_us=250 deadline=0", "deadline", &len);
	assert_non_null(v);
	assert_int_equal(len, 1);
	assert_memory_equal(v, "0", 1);

	/* a key that is a prefix of another key is not that key */
	assert_null(find("period_us=250", "period", &len));
	assert_null(find("xperiod_us=250", "period_us", &len));
	assert_null(find("", "period_us", &len));
	assert_null(find("a=1", "", &len));

	/* the last occurrence wins; any blank separates words */
	v = find("  attack=port\tattack=msr\n", "attack", &len);
	assert_non_null(v);
	assert_int_equal(len, 3);
	assert_memory_equal(v, "msr", 3);

	/* a bare key and an empty value are present, with an empty value */
	v = find("verbose x=1", "verbose", &len);
	assert_non_null(v);
	assert_int_equal(len, 0);
	v = find("x= y=1", "x", &len);
	assert_non_null(v);
	assert_int_equal(len, 0);
	assert_int_equal(v[0], ' ');
}

static bool parse(const char *s, long long *out)
{
	return cmdline_parse_int(s, strlen(s), out);
}

static void test_cmdline_parse_int(void **state)
{
	long long v;

	(void)state;
	assert_true(parse("1000", &v));
	assert_int_equal(v, 1000);
	assert_true(parse("0", &v));
	assert_int_equal(v, 0);
	assert_true(parse("-25", &v));
	assert_int_equal(v, -25);
	assert_true(parse("0x40", &v));
	assert_int_equal(v, 0x40);
	assert_true(parse("0XfF", &v));
	assert_int_equal(v, 255);
	assert_true(parse("9223372036854775807", &v));
	assert_true(v == LLONG_MAX);
	assert_true(parse("-9223372036854775808", &v));
	assert_true(v == LLONG_MIN);

	assert_false(parse("", &v));
	assert_false(parse("-", &v));
	assert_false(parse("0x", &v));
	assert_false(parse("12ab", &v));
	assert_false(parse("1 2", &v));
	assert_false(parse("+5", &v));
	assert_false(parse("9223372036854775808", &v));
	assert_false(parse("0x10000000000000000", &v));

	/* only the given length counts */
	assert_true(cmdline_parse_int("123456", 3, &v));
	assert_int_equal(v, 123);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmdline_find),
		cmocka_unit_test(test_cmdline_parse_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
