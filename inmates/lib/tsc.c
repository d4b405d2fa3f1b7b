// SPDX-License-Identifier: GPL-2.0
/* TSC time, from the frequency in the comm region. */
#include <inmate/inmate.h>
#include "internal.h"

uint64_t tsc_khz(void)
{
	return comm()->tsc_khz;
}

uint64_t tsc_to_ns(uint64_t ticks)
{
	return mul_div(ticks, 1000000, tsc_khz());
}

uint64_t ns_to_tsc(uint64_t ns)
{
	return mul_div(ns, tsc_khz(), 1000000);
}

int64_t tsc_delta_to_ns(int64_t ticks)
{
	if (ticks < 0)
		return -(int64_t)tsc_to_ns(-(uint64_t)ticks);
	return (int64_t)tsc_to_ns((uint64_t)ticks);
}

void delay_ns(uint64_t ns)
{
	uint64_t end = rdtsc() + ns_to_tsc(ns);

	while ((int64_t)(rdtsc() - end) < 0)
		cpu_relax();
}

void delay_us(uint64_t us)
{
	delay_ns(us * 1000);
}

void delay_ms(uint64_t ms)
{
	delay_ns(ms * 1000000);
}
