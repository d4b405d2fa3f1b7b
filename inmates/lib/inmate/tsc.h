/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time from the TSC, whose frequency the hypervisor measured and put in
 * the comm region (tsc_khz).
 */
#ifndef INMATE_TSC_H
#define INMATE_TSC_H

#include <stdint.h>

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

uint64_t tsc_khz(void);
uint64_t tsc_to_ns(uint64_t ticks);
uint64_t ns_to_tsc(uint64_t ns);
/* A signed tick difference (a latency can be negative) in ns. */
int64_t tsc_delta_to_ns(int64_t ticks);

/* Busy-wait on the TSC. */
void delay_ns(uint64_t ns);
void delay_us(uint64_t us);
void delay_ms(uint64_t ms);

#endif
