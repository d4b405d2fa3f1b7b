// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: raw IPIs from the root cell through the memory-mapped
 * local APIC of a root in xAPIC mode, as a rogue root would send them:
 * ICR2 gets the destination byte, then ICR the low word. Optionally a
 * write of any other register first, to see what the hypervisor lets
 * through. Prints what it did; the hypervisor's console says the rest.
 */
#include <linux/module.h>
#include <linux/smp.h>
#include <asm/apic.h>

static unsigned int cpu;
static unsigned int dest;
static unsigned int icr;
static int reg = -1;
static unsigned int value;
module_param(cpu, uint, 0444);
module_param(dest, uint, 0444);
module_param(icr, uint, 0444);
module_param(reg, int, 0444);
module_param(value, uint, 0444);

static void send(void *unused)
{
	u32 before;

	if (x2apic_enabled()) {
		pr_info("xapic: CPU %u is in x2APIC mode: nothing sent\n",
			smp_processor_id());
		return;
	}
	if (reg >= 0) {
		before = native_apic_mem_read(reg);
		native_apic_mem_write(reg, value);
		pr_info("xapic: CPU %u register 0x%x was 0x%x, wrote 0x%x, reads 0x%x\n",
			smp_processor_id(), reg, before, value,
			native_apic_mem_read(reg));
	}
	if (!icr)
		return;
	native_apic_mem_write(APIC_ICR2, dest << 24);
	native_apic_mem_write(APIC_ICR, icr);
	pr_info("xapic: CPU %u sent ICR 0x%x to destination 0x%x\n",
		smp_processor_id(), icr, dest);
}

static int __init xapic_init(void)
{
	return smp_call_function_single(cpu, send, NULL, 1);
}

static void __exit xapic_exit(void)
{
}

module_init(xapic_init);
module_exit(xapic_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: raw xAPIC IPIs from the root cell");
