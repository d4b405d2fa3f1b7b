/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_APIC_H
#define ASM_APIC_H

#include <bh/types.h>

struct cell;
struct per_cpu;

#define ICR_VECTOR(icr) ((icr)&0xff)
#define ICR_DM(icr) (((icr) >> 8) & 7)
#define ICR_DM_FIXED 0
#define ICR_DM_SMI 2
#define ICR_DM_RESERVED 3
#define ICR_DM_NMI 4
#define ICR_DM_INIT 5
#define ICR_DM_SIPI 6
#define ICR_DM_EXTINT 7
#define ICR_LOGICAL BIT(11)
#define ICR_ASSERT BIT(14)
#define ICR_LEVEL BIT(15)
#define ICR_SHORTHAND_MASK (3ull << 18)

/*
 * The CPUs an ICR value sent by CPU index @self addresses, as a bitmap
 * over @apic_ids[0..n-1] (x2APIC IDs; physical, logical cluster mode,
 * broadcast and shorthands).
 */
u64 icr_destinations(u64 icr, unsigned int self, const u32 *apic_ids,
		     unsigned int n);

/* An ICR write the guest made, trapped: deliver it as the rules allow. */
void apic_icr_write(struct per_cpu *sender, u64 icr);

void apic_send_nmi(u32 apic_id);

/* The local APIC as an INIT leaves it, when the CPU stops running a guest. */
void apic_park_reset(void);

/*
 * A fixed interrupt from the hypervisor on behalf of @cell: @icr's
 * destination (physical or logical, no shorthand) must name CPUs of @cell
 * only, each of which gets the vector. -EPERM, and nothing sent, if not.
 */
int apic_send_fixed(struct cell *cell, u64 icr);

/* INIT/SIPI emulation: an INIT puts a CPU into wait-for-SIPI. */
bool apic_init_pending(struct per_cpu *cpu);

#endif
