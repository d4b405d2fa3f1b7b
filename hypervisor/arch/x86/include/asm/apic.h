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

/* Register offsets in the xAPIC page; the x2APIC MSR is 0x800 + off/16. */
#define APIC_ID 0x20
#define APIC_TPR 0x80
#define APIC_EOI 0xb0
#define APIC_LDR 0xd0
#define APIC_DFR 0xe0
#define APIC_SVR 0xf0
#define APIC_ISR0 0x100 /* vectors 0-31; each next 32 at +0x10 */
#define APIC_ESR 0x280
#define APIC_LVT_CMCI 0x2f0
#define APIC_ICR 0x300
#define APIC_ICR2 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_THERMAL 0x330
#define APIC_LVT_PERF 0x340
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_LINT1 0x360
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0

/* This CPU's local APIC, in x2APIC mode or through its xAPIC page. */
bool apic_x2apic_on(void);
bool apic_x2apic_supported(void);
u32 apic_read(unsigned int reg);
void apic_write(unsigned int reg, u32 val);
/* An IPI with ICR low word @lo to one CPU, physically addressed. */
void apic_send_ipi(u32 apic_id, u32 lo);
/*
 * Into x2APIC mode, or back to xAPIC mode (through disabled: a reset).
 * False when the APIC is not in that mode afterwards.
 */
bool apic_set_x2apic(bool on);

/*
 * The CPUs an ICR value sent by CPU index @self addresses, as a bitmap
 * over @apic_ids[0..n-1] (x2APIC IDs; physical, logical cluster mode,
 * broadcast and shorthands).
 */
u64 icr_destinations(u64 icr, unsigned int self, const u32 *apic_ids,
		     unsigned int n);

/*
 * The same for an xAPIC ICR: @lo its low word, @dest the destination
 * byte of its high word, and each CPU's logical destination (LDR) and
 * model (DFR) as its guest last wrote them (SDM 10.6.2.2).
 */
u64 icr_destinations_xapic(u32 lo, u8 dest, unsigned int self,
			   const u32 *apic_ids, const u32 *ldr, const u32 *dfr,
			   unsigned int n);

/* An ICR write the guest made, trapped: deliver it as the rules allow. */
void apic_icr_write(struct per_cpu *sender, u64 icr);
/*
 * The same for an ICR low word @lo whose destinations are resolved:
 * @targets among the CPUs under the hypervisor, @dest for messages and,
 * equal to the mode's @broadcast_id, for telling a broadcast.
 */
void apic_deliver(struct per_cpu *sender, u32 lo, u32 dest, u32 broadcast_id,
		  u64 targets);
/* Bitmap of the CPUs under the hypervisor; every CPU's APIC ID in @ids. */
u64 apic_cpus_in_hv(u32 *ids);

/*
 * A root cell whose Linux runs its local APIC in xAPIC mode: its register
 * page is mapped read-only and its writes come to apic_xapic_write.
 */
extern bool apic_root_xapic;
/* Whether @gpa is in the root's xAPIC page, which then takes the write. */
bool apic_xapic_write(struct per_cpu *cpu, u64 gpa, unsigned int size, u64 val);
/* The CPUs under the hypervisor an xAPIC-mode root's IPI or MSI reaches. */
u64 apic_xapic_targets(u32 lo, u8 dest, unsigned int self);
/* What this CPU's guest set for its logical destination, recorded. */
void apic_xapic_record(struct per_cpu *cpu);
void apic_xapic_forget(struct per_cpu *cpu);
/*
 * The APIC mode the guest of @cell expects, set on this CPU, @cpu; false,
 * with a console line, when the CPU could not enter it.
 */
bool apic_mode_for(struct per_cpu *cpu, struct cell *cell);

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
