/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <bh/types.h>

struct per_cpu;

/* An ICR write the guest made, trapped: deliver it as the rules allow. */
void apic_icr_write(struct per_cpu *sender, u64 icr);

/* Management: send an NMI to a physical CPU. */
void apic_send_nmi(u32 apic_id);

/*
 * INIT/SIPI emulation. A CPU that got an INIT from its cell waits in the
 * hypervisor for a SIPI; apic_take_init returns true (and the vector the
 * CPU must start at) once both happened, false if no INIT is pending.
 */
bool apic_take_init(struct per_cpu *cpu, u8 *sipi_vector);

#endif
