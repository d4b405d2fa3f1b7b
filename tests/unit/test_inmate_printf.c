// SPDX-License-Identifier: GPL-2.0
// uses: inmates/lib/fmt.c inmates/lib/cmdline_parse.c
/*
 * The inmate library's hardware-free parts on the host: the printf
 * formatter (fixed expectations, agreement with the C library, truncation)
 * and the command-line option parser the inmates read their options with.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../inmates/lib/inmate/fmt.h"
#include "../../inmates/lib/inmate/cmdline.h"

/* fmt_snprintf must produce @expect and return its length. */
#define EXPECT(expect, ...)                                             \
	do {                                                            \
		char buf_[256];                                         \
		int n_ = fmt_snprintf(buf_, sizeof(buf_), __VA_ARGS__); \
		assert_string_equal(buf_, expect);                      \
		assert_int_equal(n_, strlen(expect));                   \
	} while (0)

/* fmt_snprintf must agree with the C library, text and return value. */
#define SAME_AS_LIBC(...)                                                 \
	do {                                                              \
		char ours_[256], libc_[256];                              \
		int n_ = fmt_snprintf(ours_, sizeof(ours_), __VA_ARGS__); \
		int m_ = snprintf(libc_, sizeof(libc_), __VA_ARGS__);     \
		assert_string_equal(ours_, libc_);                        \
		assert_int_equal(n_, m_);                                 \
	} while (0)

static void test_plain_text(void **state)
{
	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello", "hello");
	EXPECT("100%", "100%%");
	EXPECT("line\n", "line\n");
}

static void test_signed(void **state)
{
	(void)state;
	EXPECT("0", "%d", 0);
	EXPECT("-42", "%d", -42);
	EXPECT("42", "%i", 42);
	EXPECT("2147483647", "%d", INT_MAX);
	EXPECT("-2147483648", "%d", INT_MIN);
	EXPECT("-9223372036854775808", "%lld", LLONG_MIN);
	EXPECT("9223372036854775807", "%ld", LONG_MAX);
	EXPECT("-1", "%ld", -1L);
	EXPECT("-5", "%hhd", (signed char)-5);
	EXPECT("-300", "%hd", (short)-300);
}

static void test_unsigned(void **state)
{
	(void)state;
	EXPECT("4294967295", "%u", UINT_MAX);
	EXPECT("18446744073709551615", "%lu", ULONG_MAX);
	EXPECT("18446744073709551615", "%llu", ULLONG_MAX);
	EXPECT("4096", "%zu", (size_t)4096);
	EXPECT("255", "%hhu", (unsigned char)255);
	EXPECT("65535", "%hu", (unsigned short)65535);
}

static void test_hex(void **state)
{
	(void)state;
	EXPECT("0", "%x", 0);
	EXPECT("deadbeef", "%x", 0xdeadbeefu);
	EXPECT("DEADBEEF", "%X", 0xdeadbeefu);
	EXPECT("30000000", "%lx", 0x30000000ul);
	EXPECT("ffffffffffffffff", "%llx", ~0ull);
	EXPECT("0x2f8", "%#x", 0x2f8);
	EXPECT("0", "%#x", 0);
	EXPECT("1000", "%zx", (size_t)4096);
}

static void test_char_and_string(void **state)
{
	(void)state;
	EXPECT("a", "%c", 'a');
	EXPECT("  a", "%3c", 'a');
	EXPECT("a  |", "%-3c|", 'a');
	EXPECT("cell hello", "cell %s", "hello");
	EXPECT("hel", "%.3s", "hello");
	EXPECT("   hi", "%5s", "hi");
	EXPECT("hi   |", "%-5s|", "hi");
}

static void test_pointer(void **state)
{
	(void)state;
	EXPECT("0x1000", "%p", (void *)0x1000);
	EXPECT("0xffff800000000000", "%p", (void *)0xffff800000000000ul);
	/* unlike glibc's "(nil)": a pointer is always a hex number here */
	EXPECT("0x0", "%p", NULL);
	EXPECT("  0x2000", "%8p", (void *)0x2000);
}

static void test_width_and_zero_pad(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("000000ff", "%08x", 0xff);
	EXPECT("0000000000100000", "%016lx", 0x100000ul);
	EXPECT("0x00ff", "%#06x", 0xff);
	EXPECT("12345", "%3d", 12345);
	EXPECT("   42", "%*d", 5, 42);
	EXPECT("42   |", "%*d|", -5, 42);
	EXPECT("timer-jitter: n=1000 min=1234 avg=2345 max=5678 ns",
	       "timer-jitter: n=%u min=%lld avg=%lld max=%lld ns", 1000u,
	       1234ll, 2345ll, 5678ll);
}

/* Every combination the C standard defines must match glibc exactly. */
static void test_same_as_libc(void **state)
{
	static const int ints[] = { 0,	1,   -1,    7,	     -7,
				    42, 255, 65536, INT_MAX, INT_MIN };
	static const long long longs[] = { 0,	      1,	 -1,
					   1ll << 40, LLONG_MAX, LLONG_MIN };

	(void)state;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		int v = ints[i];

		SAME_AS_LIBC("%d|%i|%u|%x|%X", v, v, (unsigned)v, (unsigned)v,
			     (unsigned)v);
		SAME_AS_LIBC("[%8d][%-8d][%08d][%+d][% d]", v, v, v, v, v);
		SAME_AS_LIBC("[%.3d][%8.3d][%-8.3d][%.0d]", v, v, v, v);
		SAME_AS_LIBC("[%#x][%#10x][%#-10x][%#010x][%.5x]", (unsigned)v,
			     (unsigned)v, (unsigned)v, (unsigned)v,
			     (unsigned)v);
		SAME_AS_LIBC("[%hd][%hhd][%hu][%hhx]", v, v, (unsigned)v,
			     (unsigned)v);
	}
	for (size_t i = 0; i < sizeof(longs) / sizeof(longs[0]); i++) {
		long long v = longs[i];

		SAME_AS_LIBC("%lld|%llu|%llx|%ld|%lu|%lx", v,
			     (unsigned long long)v, (unsigned long long)v,
			     (long)v, (unsigned long)v, (unsigned long)v);
		SAME_AS_LIBC("[%20lld][%-20lld][%020lld][%+lld]", v, v, v, v);
	}
	SAME_AS_LIBC("[%s][%10s][%-10s][%.2s][%10.2s]", "abc", "abc", "abc",
		     "abc", "abc");
	SAME_AS_LIBC("[%c][%5c][%-5c]", 'x', 'y', 'z');
	SAME_AS_LIBC("[%*.*d][%-*s]", 8, 4, 12, 6, "ab");
	SAME_AS_LIBC("%p", (void *)0x12345678);
}

/*
 * Cases the compiler warns about in a literal format (flags C ignores, a
 * NULL string): through a variable, and still like glibc.
 */
static void test_odd_cases(void **state)
{
	const char *left_zero = "[%-05d]", *prec_zero = "[%08.3d]";
	const char *null_str = "[%s][%8s]";
	/* volatile: the compiler must not see the NULL */
	const char *volatile null_ptr = NULL;

	(void)state;
	SAME_AS_LIBC(left_zero, 42);
	SAME_AS_LIBC(left_zero, -42);
	SAME_AS_LIBC(prec_zero, 42);
	SAME_AS_LIBC(prec_zero, -42);
	SAME_AS_LIBC(null_str, null_ptr, null_ptr);
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'X', sizeof(buf));
	n = fmt_snprintf(buf, sizeof(buf), "%s", "0123456789");
	assert_int_equal(n, 10);
	assert_string_equal(buf, "0123456");

	memset(buf, 'X', sizeof(buf));
	n = fmt_snprintf(buf, 1, "abc");
	assert_int_equal(n, 3);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');

	/* size 0: nothing is written, not even the terminator */
	n = fmt_snprintf(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'X');
}

static void test_unknown_conversion(void **state)
{
	/* not literals, so that the compiler does not reject them */
	const char *unknown = "a%qb";
	const char *trailing = "abc%";
	const char *with_flags = "%-5y";
	char buf[32];

	(void)state;
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), unknown), 4);
	assert_string_equal(buf, "a%qb");
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), trailing), 4);
	assert_string_equal(buf, "abc%");
	assert_int_equal(fmt_snprintf(buf, sizeof(buf), with_flags), 4);
	assert_string_equal(buf, "%-5y");
}

struct sink_log {
	char text[64];
	int calls;
};

static void log_sink(char c, void *ctx)
{
	struct sink_log *log = ctx;

	log->text[log->calls++] = c;
}

static int format_to_log(struct sink_log *log, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(log_sink, log, fmt, ap);
	va_end(ap);
	return n;
}

/* The console's path: every character reaches the sink once, in order. */
static void test_sink(void **state)
{
	struct sink_log log = { { 0 }, 0 };

	(void)state;
	assert_int_equal(
		format_to_log(&log, "CPU %u (APIC ID %u) up\n", 1u, 3u), 21);
	assert_int_equal(log.calls, 21);
	assert_memory_equal(log.text, "CPU 1 (APIC ID 3) up\n", 21);
}

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
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_char_and_string),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_width_and_zero_pad),
		cmocka_unit_test(test_same_as_libc),
		cmocka_unit_test(test_odd_cases),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_sink),
		cmocka_unit_test(test_cmdline_find),
		cmocka_unit_test(test_cmdline_parse_int),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
