/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few string and memory functions the hypervisor uses. They carry the
 * standard names and prototypes on purpose: gcc emits calls to memset and
 * memcpy on its own (struct copies, large initialisers) even with
 * -ffreestanding -fno-builtin, so those symbols must exist under exactly
 * these names.
 *
 * Host unit tests link against the C library, whose definitions are used
 * instead (core/string.c is empty under BULKHEAD_HOST_TEST); the
 * declarations below are compatible with libc's.
 */
#ifndef BH_STRING_H
#define BH_STRING_H

#include <stddef.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);

#endif
