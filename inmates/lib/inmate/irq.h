/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exceptions and interrupts. Every CPU the library starts loads the same
 * IDT: an exception (vectors 0-31 except NMI) prints the vector, error
 * code and RIP, and stops the CPU; an NMI is counted and ignored; vectors
 * 32-254 go to the handler registered for them, then the library sends
 * the EOI; the spurious vector is ignored.
 */
#ifndef INMATE_IRQ_H
#define INMATE_IRQ_H

#include <stdint.h>

#define IRQ_FIRST_VECTOR 32
/* The vector the library's examples use for the APIC timer. */
#define TIMER_VECTOR 0x20

/*
 * Runs with interrupts off. @entry_tsc is the TSC read on entry to the
 * library's interrupt path, before any C code, so that latency
 * measurements do not include the dispatch.
 */
typedef void (*irq_handler_t)(unsigned int vector, uint64_t entry_tsc);

/* @vector: IRQ_FIRST_VECTOR to 254; NULL unregisters. */
void irq_register(unsigned int vector, irq_handler_t handler);

/* NMIs this CPU received (NMIs are not exceptions of the inmate). */
uint64_t irq_nmi_count(void);

#endif
