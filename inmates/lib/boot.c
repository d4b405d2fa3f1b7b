// SPDX-License-Identifier: GPL-2.0
/*
 * The C side of start-up: header.S calls inmate_boot() on the boot CPU in
 * long mode with a stack and cleared bss.
 */
#include <inmate/inmate.h>
#include "internal.h"

struct cpu_data cpu_data[SMP_MAX_CPUS];

void cpu_init(unsigned int index)
{
	struct cpu_data *c = &cpu_data[index];

	c->self = c;
	c->index = index;
	/* first: printf and the exception path find their CPU through GS */
	wrmsr(MSR_GS_BASE, (uintptr_t)c);
	idt_load();
	apic_init();
	irq_drain_stale();
	c->apic_id = apic_id();
}

void cpu_stop(void)
{
	for (;;)
		asm volatile("cli; hlt" ::: "memory");
}

void inmate_boot(void)
{
	bool comm_ok;

	idt_init();
	cpu_init(0);
	hypercall_init();
	comm_ok = comm_init();
	/* the UART port comes from the comm region, so only a valid one */
	console_init(comm_ok ? comm()->console_port : 0);
	if (!comm_ok) {
		printf("inmate: no valid comm region at 0x%lx (signature "
		       "BHCOMM, version %u, tsc_khz set), stopping\n",
		       (unsigned long)boot_comm_addr, BH_COMM_VERSION);
		cpu_stop();
	}
	cmdline_init();
	inmate_main();
	comm_idle(NULL);
}
