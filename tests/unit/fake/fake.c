// SPDX-License-Identifier: GPL-2.0
/*
 * The fake arch layer for host unit tests: what the core expects from the
 * arch and the console, backed by the C library and cmocka.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "fake.h"

char fake_console[FAKE_CONSOLE_SIZE];
size_t fake_console_len;

void fake_console_reset(void)
{
	fake_console_len = 0;
	fake_console[0] = 0;
}

void printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(fake_console + fake_console_len,
		      sizeof(fake_console) - fake_console_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		fake_console_len += (size_t)n;
	if (fake_console_len >= sizeof(fake_console))
		fake_console_len = sizeof(fake_console) - 1;
}

/* A failed CHECK becomes a cmocka assertion, so tests can expect one. */
void check_failed(const char *file, int line, const char *cond)
{
	mock_assert(0, cond, file, line);
	/* mock_assert returns only if the test did not expect the failure. */
	fail_msg("CHECK(%s) failed at %s:%d", cond, file, line);
	for (;;)
		;
}
