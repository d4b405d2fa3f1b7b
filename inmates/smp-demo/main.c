// SPDX-License-Identifier: GPL-2.0
/*
 * Starts every CPU of the cell; each reports in, the boot CPU waits until
 * all did, then idles until shut down.
 */
#include <inmate/inmate.h>

#define CHECK_IN_TIMEOUT_MS 5000

static volatile uint32_t checked_in;

static void report(unsigned int cpu)
{
	printf("smp-demo: CPU %u (APIC ID %u) up\n", cpu, apic_id());
	__atomic_add_fetch(&checked_in, 1, __ATOMIC_SEQ_CST);
}

void inmate_main(void)
{
	unsigned int n = smp_num_cpus();
	uint64_t end;

	printf("smp-demo: starting %u CPUs\n", n);
	report(0);
	smp_start(report);

	end = rdtsc() + ns_to_tsc(CHECK_IN_TIMEOUT_MS * 1000000ull);
	while (checked_in < n && (int64_t)(rdtsc() - end) < 0)
		cpu_relax();
	if (checked_in == n)
		printf("smp-demo: all %u CPUs up\n", n);
	else
		printf("smp-demo: only %u of %u CPUs up\n", checked_in, n);

	comm_idle("smp-demo");
}
