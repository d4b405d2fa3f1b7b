// SPDX-License-Identifier: GPL-2.0
// uses: hypervisor/core/format.c
/*
 * vsnprintk/snprintk: fixed expectations for each conversion, and for the
 * conversions C defines, agreement with the host's snprintf.
 */
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <bh/printk.h>

/* snprintk must produce @expect and return its length. */
#define EXPECT(expect, ...)                                         \
	do {                                                        \
		char buf_[256];                                     \
		int n_ = snprintk(buf_, sizeof(buf_), __VA_ARGS__); \
		assert_string_equal(buf_, expect);                  \
		assert_int_equal(n_, strlen(expect));               \
	} while (0)

/* snprintk must agree with the C library, text and return value. */
#define SAME_AS_LIBC(...)                                             \
	do {                                                          \
		char ours_[256], libc_[256];                          \
		int n_ = snprintk(ours_, sizeof(ours_), __VA_ARGS__); \
		int m_ = snprintf(libc_, sizeof(libc_), __VA_ARGS__); \
		assert_string_equal(ours_, libc_);                    \
		assert_int_equal(n_, m_);                             \
	} while (0)

static void test_plain_text(void **state)
{
	(void)state;
	EXPECT("", "%s", "");
	EXPECT("hello", "hello");
	EXPECT("100%", "100%%");
	EXPECT("a%b", "a%%b");
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
	EXPECT("1000", "%zx", (size_t)4096);
	EXPECT("255", "%hhu", (unsigned char)255);
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
	EXPECT("0X2F8", "%#X", 0x2f8);
	EXPECT("0", "%#x", 0);
	EXPECT("17", "%o", 15);
	EXPECT("017", "%#o", 15);
}

static void test_width_and_padding(void **state)
{
	(void)state;
	EXPECT("   42", "%5d", 42);
	EXPECT("00042", "%05d", 42);
	EXPECT("42   |", "%-5d|", 42);
	EXPECT("-0042", "%05d", -42);
	EXPECT("  -42", "%5d", -42);
	EXPECT("0x0000002f8", "%#011x", 0x2f8);
	EXPECT("000002f8", "%08x", 0x2f8);
	EXPECT("00000000000000ff", "%016llx", 0xffull);
	EXPECT("42", "%1d", 42);
	/* '-' wins over '0' (the compiler knows, and says so). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
	EXPECT("42   |", "%-05d|", 42);
#pragma GCC diagnostic pop
	EXPECT("   42", "%*d", 5, 42);
	EXPECT("42   |", "%*d|", -5, 42);
}

static void test_precision(void **state)
{
	(void)state;
	EXPECT("00042", "%.5d", 42);
	EXPECT("  00042", "%7.5d", 42);
	/* A precision turns '0' padding off (as the compiler warns). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
	EXPECT("  00042", "%07.5d", 42);
#pragma GCC diagnostic pop
	EXPECT("", "%.0d", 0);
	EXPECT("hel", "%.3s", "hello");
	EXPECT("hel", "%.*s", 3, "hello");
	EXPECT("hello", "%.*s", -1, "hello");
}

static void test_strings_and_chars(void **state)
{
	(void)state;
	EXPECT("ram-high", "%s", "ram-high");
	EXPECT("   ab", "%5s", "ab");
	EXPECT("ab   |", "%-5s|", "ab");
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-overflow"
	EXPECT("(null)", "%s", (char *)NULL);
#pragma GCC diagnostic pop
	EXPECT("x", "%c", 'x');
	EXPECT("  x", "%3c", 'x');
	EXPECT("x  |", "%-3c|", 'x');
	EXPECT("'root' at 3", "'%s' at %u", "root", 3u);
}

static void test_bounded_string_read(void **state)
{
	/* A name field without its NUL: precision must bound the read. */
	struct {
		char field[4];
		char after[4];
	} s = { { 'a', 'b', 'c', 'd' }, { 'X', 'X', 'X', 0 } };

	(void)state;
	EXPECT("abcd", "%.*s", 4, s.field);
	EXPECT("ab", "%.2s", s.field);
}

static void test_pointer(void **state)
{
	(void)state;
	EXPECT("0x1000", "%p", (void *)0x1000);
	EXPECT("0x0", "%p", (void *)0);
	EXPECT("0xffffffff80000000", "%p", (void *)0xffffffff80000000ul);
	EXPECT("    0x10", "%8p", (void *)0x10);
}

static void test_unknown_conversion(void **state)
{
	(void)state;
	/* Shown as written, so a typo is visible rather than lost. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat"
#pragma GCC diagnostic ignored "-Wformat-extra-args"
	EXPECT("a %q b", "a %q b");
	EXPECT("end %", "end %");
#pragma GCC diagnostic pop
}

static void test_truncation(void **state)
{
	char buf[8];
	int n;

	(void)state;
	memset(buf, 'Z', sizeof(buf));
	n = snprintk(buf, 5, "%s", "abcdefgh");
	assert_int_equal(n, 8);
	assert_string_equal(buf, "abcd");
	assert_int_equal(buf[5], 'Z');

	memset(buf, 'Z', sizeof(buf));
	n = snprintk(buf, 1, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], '\0');
	assert_int_equal(buf[1], 'Z');

	memset(buf, 'Z', sizeof(buf));
	n = snprintk(buf, 0, "%d", 12345);
	assert_int_equal(n, 5);
	assert_int_equal(buf[0], 'Z');

	n = snprintk(NULL, 0, "0x%lx-0x%lx", 0x30000000ul, 0x30fffffful);
	assert_int_equal(n, (int)strlen("0x30000000-0x30ffffff"));

	/* Exactly fitting: all characters and the NUL. */
	n = snprintk(buf, 6, "%05d", 7);
	assert_int_equal(n, 5);
	assert_string_equal(buf, "00007");

	/* Truncated inside padding and inside a number. */
	n = snprintk(buf, 4, "%8x", 0xabcu);
	assert_int_equal(n, 8);
	assert_string_equal(buf, "   ");
	n = snprintk(buf, 4, "%x", 0xabcdefu);
	assert_int_equal(n, 6);
	assert_string_equal(buf, "abc");
}

static int call_vsnprintk(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int call_vsnprintk(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintk(buf, size, fmt, ap);
	/* The caller's va_list must still be usable by the caller. */
	va_end(ap);
	return n;
}

static void test_vsnprintk(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(call_vsnprintk(buf, sizeof(buf), "%s[%u] %c", "memory",
					2u, '!'),
			 11);
	assert_string_equal(buf, "memory[2] !");
}

static void test_matches_libc(void **state)
{
	static const int ints[] = {
		0, 1, -1, 7, -7, 100, -100, INT_MAX, INT_MIN
	};
	static const unsigned long long ulls[] = {
		0, 1, 0xf, 0x2f8, 0x30000000, ~0ull, 0x8000000000000000ull
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
		int v = ints[i];

		SAME_AS_LIBC("%d|%5d|%-5d|%05d|%+d|% d|%.3d|%8.3d", v, v, v, v,
			     v, v, v, v);
		SAME_AS_LIBC("%-+6d|%+06d|% 06d|%.0d|%*d|%-*d", v, v, v, v, 4,
			     v, 4, v);
		SAME_AS_LIBC("%u|%x|%X|%#x|%08x|%#010x|%o|%#o", (unsigned)v,
			     (unsigned)v, (unsigned)v, (unsigned)v, (unsigned)v,
			     (unsigned)v, (unsigned)v, (unsigned)v);
		SAME_AS_LIBC("%hd|%hhd|%hu|%hhx", (short)v, (signed char)v,
			     (unsigned short)v, (unsigned char)v);
	}
	for (size_t i = 0; i < sizeof(ulls) / sizeof(ulls[0]); i++) {
		unsigned long long v = ulls[i];

		SAME_AS_LIBC("%llu|%llx|%llX|%#llx|%020llx|%-20llu|", v, v, v,
			     v, v, v);
		SAME_AS_LIBC("%lu|%lx|%ld|%lld|%zu|%zx", (unsigned long)v,
			     (unsigned long)v, (long)v, (long long)v, (size_t)v,
			     (size_t)v);
		SAME_AS_LIBC("%.12llx|%18.12llx|%-18.12llx|", v, v, v);
	}
	SAME_AS_LIBC("%s|%10s|%-10s|%.2s|%10.2s|%c|%5c|%-5c|%%", "abc", "abc",
		     "abc", "abc", "abc", 'q', 'q', 'q');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text),
		cmocka_unit_test(test_signed),
		cmocka_unit_test(test_unsigned),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_width_and_padding),
		cmocka_unit_test(test_precision),
		cmocka_unit_test(test_strings_and_chars),
		cmocka_unit_test(test_bounded_string_read),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_unknown_conversion),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_vsnprintk),
		cmocka_unit_test(test_matches_libc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
