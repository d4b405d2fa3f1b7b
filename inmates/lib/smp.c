// SPDX-License-Identifier: GPL-2.0
/*
 * Starting the cell's other CPUs as on hardware: INIT, then STARTUP to the
 * trampoline at 0x1000. One CPU at a time, because they share the
 * trampoline's ap_boot_* variables.
 */
#include <inmate/inmate.h>
#include "internal.h"
#include "layout.h"

#define INIT_DELAY_MS 10
/* time for a CPU to reach the trampoline before the second STARTUP */
#define SIPI_RETRY_US 200
/* time for it to reach C after that; generous for emulation */
#define ONLINE_TIMEOUT_MS 1000

static uint8_t ap_stacks[SMP_MAX_CPUS - 1][AP_STACK_SIZE]
	__attribute__((aligned(16)));
static smp_cpu_fn_t ap_fn;

unsigned int smp_num_cpus(void)
{
	uint32_t n = comm()->num_cpus;

	if (n == 0)
		return 1;
	return n > SMP_MAX_CPUS ? SMP_MAX_CPUS : n;
}

unsigned int smp_cpu(void)
{
	return this_cpu()->index;
}

uint32_t smp_apic_id(unsigned int cpu)
{
	return comm()->apic_ids[cpu];
}

void ap_entry(unsigned int cpu)
{
	cpu_init(cpu);
	__atomic_store_n(&cpu_data[cpu].online, 1, __ATOMIC_RELEASE);
	ap_fn(cpu);
	cpu_stop();
}

static bool wait_for_flag(volatile uint32_t *flag, uint64_t ns)
{
	uint64_t end = rdtsc() + ns_to_tsc(ns);

	while (!*flag) {
		if ((int64_t)(rdtsc() - end) >= 0)
			return *flag;
		cpu_relax();
	}
	return true;
}

static bool start_cpu(unsigned int cpu)
{
	uint32_t apic = smp_apic_id(cpu);
	uint32_t vector = (uint32_t)((uintptr_t)ap_trampoline >> 12);

	ap_boot_stack = (uintptr_t)ap_stacks[cpu - 1] + AP_STACK_SIZE;
	ap_boot_cpu = cpu;
	ap_boot_alive = 0;

	apic_send_ipi(apic, APIC_DM_INIT | APIC_LEVEL_ASSERT);
	delay_ms(INIT_DELAY_MS);
	apic_send_ipi(apic, APIC_DM_STARTUP | vector);
	/*
	 * The second STARTUP of the MP spec only if the first was lost: a
	 * CPU that is already running ignores it on hardware, but we need
	 * not rely on every hypervisor to do the same.
	 */
	if (!wait_for_flag(&ap_boot_alive, SIPI_RETRY_US * 1000ull))
		apic_send_ipi(apic, APIC_DM_STARTUP | vector);
	if (!wait_for_flag(&cpu_data[cpu].online,
			   ONLINE_TIMEOUT_MS * 1000000ull)) {
		printf("inmate: CPU %u (APIC ID %u) did not start%s\n", cpu,
		       apic,
		       ap_boot_alive ? " (it reached the trampoline)" : "");
		return false;
	}
	return true;
}

unsigned int smp_start(smp_cpu_fn_t fn)
{
	unsigned int n = smp_num_cpus(), cpu;

	if (comm()->num_cpus > SMP_MAX_CPUS)
		printf("inmate: the cell has %u CPUs, the library runs %u\n",
		       comm()->num_cpus, SMP_MAX_CPUS);
	ap_fn = fn;
	for (cpu = 1; cpu < n; cpu++) {
		/*
		 * A late CPU would still use the trampoline's variables, so
		 * after a failure no further CPU is started.
		 */
		if (!start_cpu(cpu))
			break;
	}
	return cpu;
}
