// SPDX-License-Identifier: GPL-2.0
/*
 * String functions; the compiler may call memset/memcpy/memmove/memcmp on
 * its own even in freestanding code. The copies use string instructions so
 * that the optimiser cannot turn their loops back into calls to
 * themselves.
 */
#include <stdint.h>
#include <inmate/string.h>

void *memset(void *s, int c, size_t n)
{
	void *d = s;

	asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	void *d = dst;

	asm volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	if ((uintptr_t)dst <= (uintptr_t)src ||
	    (uintptr_t)dst >= (uintptr_t)src + n)
		return memcpy(dst, src, n);
	/* overlapping with dst above src: copy backwards */
	void *d = (char *)dst + n - 1;
	const void *s = (const char *)src + n - 1;

	asm volatile("std; rep movsb; cld"
		     : "+D"(d), "+S"(s), "+c"(n)
		     :
		     : "memory");
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}
