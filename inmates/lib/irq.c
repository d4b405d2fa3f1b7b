// SPDX-License-Identifier: GPL-2.0
/*
 * Where every vector lands (isr.S calls isr_dispatch): exceptions stop the
 * CPU with a report, interrupts go to their registered handler.
 */
#include <inmate/inmate.h>
#include "internal.h"

#define VEC_NMI 2
#define VEC_UD 6
#define VEC_PF 14
#define NUM_EXCEPTIONS 32

static irq_handler_t irq_handlers[256];

static const char *const exception_names[NUM_EXCEPTIONS] = {
	"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "CSO", "TS",
	"NP", "SS", "GP",  "PF", "15", "MF", "AC", "MC", "XM", "VE",  "CP",
	"22", "23", "24",  "25", "26", "27", "HV", "VC", "SX", "31",
};

void irq_register(unsigned int vector, irq_handler_t handler)
{
	if (vector < IRQ_FIRST_VECTOR || vector >= APIC_SPURIOUS_VECTOR) {
		printf("inmate: irq_register: vector %u is not 32-254\n",
		       vector);
		return;
	}
	irq_handlers[vector] = handler;
}

uint64_t irq_nmi_count(void)
{
	return this_cpu()->nmi_count;
}

/*
 * After a fatal exception the boot CPU still answers shutdown requests,
 * so that 'bulkhead cell shutdown' works without the hypervisor's
 * timeout; other CPUs just halt.
 */
void isr_fatal_stop(void)
{
	unsigned int cpu = this_cpu()->index;

	printf("inmate: CPU %u stopped\n", cpu);
	if (cpu != 0 || !comm())
		cpu_stop();
	for (;;) {
		if (comm_poll())
			comm_shutdown();
		delay_ms(1);
	}
}

static __attribute__((noreturn)) void exception(struct isr_frame *f)
{
	unsigned int cpu = this_cpu()->index;

	/* what this CPU printed before comes first, even without a newline */
	console_flush();
	printf("inmate: CPU %u: exception %lu (#%s), error 0x%lx, "
	       "RIP 0x%lx, RSP 0x%lx",
	       cpu, (unsigned long)f->vector, exception_names[f->vector],
	       (unsigned long)f->error, (unsigned long)f->rip,
	       (unsigned long)f->rsp);
	if (f->vector == VEC_PF)
		printf(", CR2 0x%lx", (unsigned long)read_cr2());
	printf("\n");
	isr_fatal_stop();
}

static bool apic_in_service(void)
{
	for (uint32_t i = 0; i < 8; i++)
		if (rdmsr(X2APIC_ISR0 + i))
			return true;
	return false;
}

/*
 * The CPU ran Linux before: a timer interrupt of Linux's may still be
 * pending or even in service. apic_init() has silenced the sources; here
 * the leftovers are accepted and acknowledged without a word, so that the
 * inmate starts with a clean APIC.
 */
void irq_drain_stale(void)
{
	struct cpu_data *c = this_cpu();

	for (int i = 0; i < 256 && apic_in_service(); i++)
		apic_eoi();
	c->draining = true;
	/* pending ones are taken one after the other inside this window */
	asm volatile("sti; nop; nop; cli" ::: "memory");
	c->draining = false;
}

void isr_dispatch(struct isr_frame *f, uint64_t entry_tsc);

void isr_dispatch(struct isr_frame *f, uint64_t entry_tsc)
{
	unsigned int v = (unsigned int)f->vector;
	irq_handler_t handler;

	if (v == VEC_NMI) {
		this_cpu()->nmi_count++;
		return;
	}
	if (v < NUM_EXCEPTIONS) {
		if (v == VEC_UD && hypercall_fixup(f))
			return;
		exception(f);
	}
	/* a spurious interrupt is not in service: no EOI */
	if (v == APIC_SPURIOUS_VECTOR)
		return;
	if (this_cpu()->draining) {
		apic_eoi();
		return;
	}
	handler = irq_handlers[v];
	if (handler)
		handler(v, entry_tsc);
	else
		printf("inmate: CPU %u: unexpected interrupt %u\n",
		       this_cpu()->index, v);
	apic_eoi();
}
