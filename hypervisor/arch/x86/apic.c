// SPDX-License-Identifier: GPL-2.0
/*
 * x2APIC interrupt command register. Everything but ICR writes passes
 * through to the physical APIC; ICR writes trap so that INIT and SIPI,
 * which would reset a CPU out of the hypervisor, are emulated instead.
 */
#include <bh/cell.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/spinlock.h>
#include <asm/apic.h>
#include <asm/msr.h>
#include <asm/processor.h>

#define ICR_VECTOR(icr) ((icr)&0xff)
#define ICR_DM(icr) (((icr) >> 8) & 7)
#define ICR_DM_FIXED 0
#define ICR_DM_NMI 4
#define ICR_DM_INIT 5
#define ICR_DM_SIPI 6
#define ICR_LOGICAL BIT(11)
#define ICR_ASSERT BIT(14)
#define ICR_LEVEL BIT(15)
#define ICR_SHORTHAND(icr) (((icr) >> 18) & 3)
#define ICR_SH_NONE 0
#define ICR_SH_SELF 1
#define ICR_SH_ALL 2
#define ICR_SH_OTHERS 3
#define ICR_DEST(icr) ((u32)((icr) >> 32))

enum init_state { CPU_RUNNING, CPU_WAIT_SIPI, CPU_SIPI_RECEIVED };

static struct {
	volatile u32 state;
	volatile u8 vector;
} sipi[MAX_CPUS];

void apic_send_nmi(u32 apic_id)
{
	wrmsr(MSR_X2APIC_ICR, ((u64)apic_id << 32) | (ICR_DM_NMI << 8));
}

static void deliver_init(struct per_cpu *target)
{
	WRITE_ONCE(sipi[target->id].state, CPU_WAIT_SIPI);
	/* the target runs its guest: an NMI brings it into the hypervisor */
	apic_send_nmi(target->apic_id);
}

static void deliver_sipi(struct per_cpu *target, u8 vector)
{
	/* a SIPI to a CPU not waiting for one is ignored, as in hardware */
	if (READ_ONCE(sipi[target->id].state) != CPU_WAIT_SIPI)
		return;
	sipi[target->id].vector = vector;
	WRITE_ONCE(sipi[target->id].state, CPU_SIPI_RECEIVED);
}

bool apic_take_init(struct per_cpu *cpu, u8 *vector)
{
	if (READ_ONCE(sipi[cpu->id].state) == CPU_RUNNING)
		return false;
	while (READ_ONCE(sipi[cpu->id].state) != CPU_SIPI_RECEIVED)
		cpu_pause();
	*vector = sipi[cpu->id].vector;
	WRITE_ONCE(sipi[cpu->id].state, CPU_RUNNING);
	return true;
}

static bool is_target(const struct per_cpu *sender, const struct per_cpu *t,
		      u64 icr)
{
	switch (ICR_SHORTHAND(icr)) {
	case ICR_SH_SELF:
		return t == sender;
	case ICR_SH_ALL:
		return true;
	case ICR_SH_OTHERS:
		return t != sender;
	default:
		return ICR_DEST(icr) == 0xffffffff ||
		       ICR_DEST(icr) == t->apic_id;
	}
}

static void emulate_init_sipi(struct per_cpu *sender, u64 icr)
{
	unsigned int i;

	if (ICR_LOGICAL & icr && ICR_SHORTHAND(icr) == ICR_SH_NONE) {
		printk("CPU %u: INIT/SIPI in logical destination mode not supported, dropped (ICR 0x%llx)\n",
		       sender->id, (unsigned long long)icr);
		return;
	}
	/* Linux's level-triggered INIT de-assert has no effect on x2APIC */
	if (ICR_DM(icr) == ICR_DM_INIT && !(icr & ICR_ASSERT) &&
	    (icr & ICR_LEVEL))
		return;

	for (i = 0; i < MAX_CPUS; i++) {
		struct per_cpu *t = per_cpu(i);

		if (!t->in_hv || !is_target(sender, t, icr))
			continue;
		if (t->cell != sender->cell) {
			printk("CPU %u: %s to CPU %u of another cell refused\n",
			       sender->id,
			       ICR_DM(icr) == ICR_DM_INIT ? "INIT" : "SIPI",
			       t->id);
			continue;
		}
		if (t == sender)
			continue;
		if (ICR_DM(icr) == ICR_DM_INIT)
			deliver_init(t);
		else
			deliver_sipi(t, ICR_VECTOR(icr));
	}
}

void apic_icr_write(struct per_cpu *sender, u64 icr)
{
	switch (ICR_DM(icr)) {
	case ICR_DM_INIT:
	case ICR_DM_SIPI:
		emulate_init_sipi(sender, icr);
		break;
	default:
		wrmsr(MSR_X2APIC_ICR, icr);
		break;
	}
}
