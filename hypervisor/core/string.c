// SPDX-License-Identifier: GPL-2.0
/*
 * Memory and string functions for the freestanding hypervisor.
 *
 * Host unit tests get these from the C library: defining them there as
 * well would clash with libc's, so the whole file is compiled only for
 * the hypervisor.
 */
#include <bh/string.h>
#include <bh/types.h>

#ifndef BULKHEAD_HOST_TEST

/*
 * gcc recognises byte loops as memset/memcpy idioms and may replace them
 * with calls to memset/memcpy, which here would be these very functions
 * calling themselves forever. Current gcc refrains under -ffreestanding,
 * older releases did not, and without it gcc 12 does: turning the pattern
 * pass off for just these functions keeps them correct whatever the flags.
 */
#if defined(__GNUC__) && !defined(__clang__)
#define NO_IDIOM_CALLS \
	__attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define NO_IDIOM_CALLS
#endif

/*
 * Word accesses to memory whose real type is something else: may_alias
 * keeps them correct under strict aliasing.
 */
typedef u64 __attribute__((may_alias)) word_t;

NO_IDIOM_CALLS void *memset(void *s, int c, size_t n)
{
	u8 *p = s;

	/*
	 * Whole pages are zeroed on every pool allocation, so the aligned
	 * case goes a word at a time.
	 */
	if (IS_ALIGNED((uintptr_t)p, sizeof(word_t))) {
		word_t w = (u8)c * 0x0101010101010101ull;

		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)p = w;
			p += sizeof(word_t);
		}
	}
	while (n--)
		*p++ = (u8)c;
	return s;
}

NO_IDIOM_CALLS void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (IS_ALIGNED((uintptr_t)d | (uintptr_t)s, sizeof(word_t))) {
		for (; n >= sizeof(word_t); n -= sizeof(word_t)) {
			*(word_t *)d = *(const word_t *)s;
			d += sizeof(word_t);
			s += sizeof(word_t);
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/* Compares as unsigned char, like the C library. */
int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a < (u8)*b ? -1 : 1;
		if (!*a)
			break;
	}
	return 0;
}

#endif /* !BULKHEAD_HOST_TEST */
