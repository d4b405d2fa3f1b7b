/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_PRINTK_H
#define BH_PRINTK_H

#include <stdarg.h>
#include <bh/types.h>

/*
 * Console output of the hypervisor: into the console ring read by the root
 * cell, and to the UART when the system config names one. Supports %d %i
 * %u %x %lx %llx %ld %lu %lld %llu %s %c %p %%, widths and 0-padding.
 */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);
int snprintk(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
