// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: reads an MSR on one CPU, optionally writes a value (or the
 * value read with bits XORed in) and reads it back, printing what the
 * hypervisor let through: the root cell's MSR policy seen from Linux.
 */
#include <linux/module.h>
#include <linux/smp.h>
#include <asm/msr.h>

static unsigned int msr;
static unsigned int cpu;
static bool write;
static unsigned long long value;
static unsigned long long xor ;
module_param(msr, uint, 0444);
module_param(cpu, uint, 0444);
module_param(write, bool, 0444);
module_param(value, ullong, 0444);
module_param(xor, ullong, 0444);

static void probe(void *unused)
{
	u64 before = 0, after = 0, val;
	int rerr, werr = 0;

	rerr = rdmsrl_safe(msr, &before);
	if (write) {
		val = xor? before ^ xor : value;
		werr = wrmsrl_safe(msr, val);
		rdmsrl_safe(msr, &after);
		pr_info("msr: CPU %u MSR 0x%x read 0x%llx (%d), wrote 0x%llx (%d), read back 0x%llx\n",
			smp_processor_id(), msr, before, rerr, val, werr,
			after);
		return;
	}
	pr_info("msr: CPU %u MSR 0x%x read 0x%llx (%d)\n", smp_processor_id(),
		msr, before, rerr);
}

static int __init msr_init(void)
{
	return smp_call_function_single(cpu, probe, NULL, 1);
}

static void __exit msr_exit(void)
{
}

module_init(msr_init);
module_exit(msr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: one MSR read and write from the root cell");
