/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console output: into the comm region's console ring, which the
 * hypervisor copies into its console (what the root cell reads with
 * 'bulkhead console') without a VM exit on the cell's side; and, if the
 * cell has a UART (comm->console_port), to that 16550 too. Output is
 * collected per CPU and sent a whole line at a time, so that lines of
 * several CPUs do not mix.
 */
#ifndef INMATE_CONSOLE_H
#define INMATE_CONSOLE_H

#include <stddef.h>

int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The hypervisor's own formatter (hypervisor/core/format.c, linked in), as
 * C's snprintf: at most @size bytes with the NUL; returns the full length.
 */
int snprintk(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void console_write(const char *s, size_t len);
/* Sends what this CPU collected so far, even without a newline. */
void console_flush(void);

#endif
