/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The platform label the bench puts on every row: what the machine was,
 * and so what its times mean (docs/bench.md#results).
 */
#ifndef BULKHEAD_BENCH_PLATFORM_H
#define BULKHEAD_BENCH_PLATFORM_H

#include <stddef.h>

/*
 * The label from the firmware's DMI vendor strings and the CPU flags
 * Linux reports (any may be empty): an emulator the firmware names, else
 * a hypervisor Linux saw at boot, else "hardware". At most @size - 1
 * characters go to @out.
 */
void bench_platform_label(const char *sys_vendor, const char *bios_vendor,
			  const char *cpu_flags, char *out, size_t size);

#endif
