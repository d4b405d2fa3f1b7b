/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Console lines a guest can cause at will (refused accesses, IPIs and
 * hypercalls, a cell's console hypercalls) are limited per CPU, so that a
 * chatty or hostile guest cannot keep the console, its lock and the UART
 * busy for everyone: a burst of RATELIMIT_BURST lines, then
 * RATELIMIT_PER_SEC lines a second. Lines beyond are dropped and counted;
 * the count is printed before the next line that passes.
 */
#ifndef BH_RATELIMIT_H
#define BH_RATELIMIT_H

#include <bh/types.h>

struct per_cpu;

#define RATELIMIT_BURST 20
#define RATELIMIT_PER_SEC 10

/* May @cpu print one more line of its guest's doing? */
bool ratelimit_pass(struct per_cpu *cpu);

/* printk, if ratelimit_pass(@cpu). */
void printk_guest(struct per_cpu *cpu, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
