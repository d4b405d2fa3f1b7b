/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The cell's other CPUs. CPU numbers are indices into comm->apic_ids,
 * 0 being the boot CPU. The library runs at most SMP_MAX_CPUS of them.
 */
#ifndef INMATE_SMP_H
#define INMATE_SMP_H

#include <stdint.h>

#define SMP_MAX_CPUS 16

typedef void (*smp_cpu_fn_t)(unsigned int cpu);

/*
 * Starts every other CPU of the cell, one after the other, with INIT and
 * SIPI (vector 0x01, the trampoline at 0x1000). Each runs @fn(cpu) on its
 * own stack, with the IDT loaded and the APIC enabled, interrupts off;
 * when @fn returns, that CPU stops. Returns the number of CPUs now running,
 * the boot CPU included. A CPU that does not come up within a second is
 * reported on the console, and no further CPU is started.
 */
unsigned int smp_start(smp_cpu_fn_t fn);

/* CPUs of the cell (comm->num_cpus, at most SMP_MAX_CPUS). */
unsigned int smp_num_cpus(void);
/* This CPU's number. */
unsigned int smp_cpu(void);
uint32_t smp_apic_id(unsigned int cpu);

#endif
