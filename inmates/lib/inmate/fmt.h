/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The printf formatter, free of hardware so that host unit tests can run it
 * (tests/unit/test_inmate_printf.c). Conversions: d i u x X c s p %; flags
 * - 0 + space #; width and precision, also as *; length hh h l ll z.
 * Differences from C: %p prints 0x0 for NULL; an unknown conversion is
 * printed as it stands.
 */
#ifndef INMATE_FMT_H
#define INMATE_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives the formatted text one character at a time. */
typedef void (*fmt_sink_t)(char c, void *ctx);

/* Returns the number of characters given to @sink. */
int fmt_vformat(fmt_sink_t sink, void *ctx, const char *fmt, va_list ap);

/*
 * As C's vsnprintf: writes at most @size bytes including the terminating
 * NUL, returns the length the whole text would have.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
