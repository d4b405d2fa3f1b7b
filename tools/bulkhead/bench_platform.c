// SPDX-License-Identifier: GPL-2.0
/*
 * What ran a measurement decides what its times are: under QEMU's TCG
 * they are the host's clock, stalls of the host's cores included; under
 * Bochs they are instructions counted at a fixed rate, so no host stall
 * shows and no cache or memory effect either; under a hypervisor Linux
 * saw at boot they are the host's too. Only "hardware" is what a user's
 * machine would show.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_platform.h"

/* @word in the space-separated @list, whole */
static bool has_word(const char *list, const char *word)
{
	size_t n = strlen(word);

	for (const char *p = list; (p = strstr(p, word)); p += n) {
		bool starts = p == list || p[-1] == ' ' || p[-1] == '\t';
		bool ends = p[n] == '\0' || p[n] == ' ' || p[n] == '\n';

		if (starts && ends)
			return true;
	}
	return false;
}

void bench_platform_label(const char *sys_vendor, const char *bios_vendor,
			  const char *cpu_flags, char *out, size_t size)
{
	if (!size)
		return;
	if (strstr(sys_vendor, "QEMU"))
		snprintf(out, size,
			 "emulated (QEMU): latencies are the host's, not "
			 "hardware's");
	else if (strstr(sys_vendor, "Bochs") || strstr(bios_vendor, "Bochs"))
		snprintf(out, size,
			 "emulated (Bochs): times are counted in "
			 "instructions, not hardware's");
	else if (has_word(cpu_flags, "hypervisor"))
		snprintf(out, size,
			 "virtualized (%.60s): latencies are the host's",
			 sys_vendor[0] ? sys_vendor : "unknown hypervisor");
	else
		snprintf(out, size, "hardware");
}
