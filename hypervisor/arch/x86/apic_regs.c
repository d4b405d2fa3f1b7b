// SPDX-License-Identifier: GPL-2.0
/*
 * This CPU's local APIC in whichever mode it runs. A root whose Linux
 * uses xAPIC (no interrupt remapping) keeps its CPUs in xAPIC mode, and
 * what the hypervisor sends from them goes through the register page,
 * which the driver maps uncached at BH_LAPIC_VIRT. Cell CPUs always run in
 * x2APIC mode; a parked CPU keeps the mode of its last guest.
 */
#include <bulkhead/boot.h>
#include <asm/apic.h>
#include <asm/msr.h>
#include <asm/processor.h>

#define APIC_BASE_EN BIT(11)
#define ICR_BUSY BIT(12)
/* a delivery takes a few hundred cycles; this is a generous bound */
#define ICR_IDLE_SPINS 100000

static volatile u32 *xapic_reg(unsigned int reg)
{
	return (volatile u32 *)(BH_LAPIC_VIRT + reg);
}

bool apic_x2apic_on(void)
{
	return rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_X2APIC;
}

u32 apic_read(unsigned int reg)
{
	if (apic_x2apic_on())
		return rdmsr(0x800 + (reg >> 4));
	return *xapic_reg(reg);
}

void apic_write(unsigned int reg, u32 val)
{
	if (apic_x2apic_on())
		wrmsr(0x800 + (reg >> 4), val);
	else
		*xapic_reg(reg) = val;
}

void apic_send_ipi(u32 apic_id, u32 lo)
{
	unsigned int i;

	if (apic_x2apic_on()) {
		wrmsr(MSR_X2APIC_ICR, ((u64)apic_id << 32) | lo);
		return;
	}
	/*
	 * xAPIC: the previous IPI must have left the ICR. No guest write
	 * reaches it between our two stores: the root's ICR writes trap.
	 */
	for (i = 0; i < ICR_IDLE_SPINS && (*xapic_reg(APIC_ICR) & ICR_BUSY);
	     i++)
		cpu_pause();
	*xapic_reg(APIC_ICR2) = apic_id << 24;
	*xapic_reg(APIC_ICR) = lo;
}

bool apic_set_x2apic(bool on)
{
	u64 base = rdmsr(MSR_IA32_APIC_BASE);

	/*
	 * The mode bit alone says nothing of a disabled APIC, which is what
	 * a failed switch leaves on Bochs: a second SIPI must not find it
	 * "already in xAPIC mode" and let Linux boot on a dead APIC.
	 */
	if ((base & APIC_BASE_EN) && !!(base & APIC_BASE_X2APIC) == on)
		return true;
	if (on) {
		if (!apic_x2apic_supported())
			return false;
		/* disabled to x2APIC only through xAPIC (SDM 10.12.5) */
		if (!(base & APIC_BASE_EN))
			wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EN);
		wrmsr(MSR_IA32_APIC_BASE,
		      base | APIC_BASE_EN | APIC_BASE_X2APIC);
	} else {
		/*
		 * x2APIC to xAPIC only through disabled (SDM 10.12.5). Bochs
		 * 2.7 ignores the enabling write that follows: read back.
		 */
		base &= ~(APIC_BASE_X2APIC | APIC_BASE_EN);
		wrmsr(MSR_IA32_APIC_BASE, base);
		wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EN);
	}
	base = rdmsr(MSR_IA32_APIC_BASE);
	return (base & APIC_BASE_EN) && !!(base & APIC_BASE_X2APIC) == on;
}

bool apic_x2apic_supported(void)
{
	u32 a, b, c, d;

	cpuid_count(1, 0, &a, &b, &c, &d);
	return c & BIT(21);
}
