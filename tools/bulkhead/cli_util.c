// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of cli.h that every part of the CLI uses but that do not
 * need the command table: error lines and the clock. Apart from main.c
 * so that unit tests can link the bench's modules without main() and
 * every command.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "cli.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("bulkhead: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

uint64_t cli_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
