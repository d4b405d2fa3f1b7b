// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: issues every hypercall the root cell has, plus an unknown
 * one, and prints what came back; or, with lone_disable=1, a disable
 * from one CPU only; or, with fault=N, fault injection (BH_HC_FAULT) on
 * CPU fault_cpu for fault_ms milliseconds. The driver's own wrapper is not used so
 * the test sees the raw ABI.
 */
#include <linux/io.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/processor.h>
#include <bulkhead/hypercall.h>

/* The ABI's own wrapper, not the driver's: the test sees the raw ABI. */
static long hcall(unsigned long code, unsigned long a1, unsigned long a2)
{
	return bh_hypercall_raw(boot_cpu_data.x86_vendor == X86_VENDOR_AMD,
				code, a1, a2);
}

/* lone_disable=1: only DISABLE, from this CPU alone, which the hypervisor
 * must refuse after its wait for the other CPUs runs out */
static bool lone_disable;
module_param(lone_disable, bool, 0444);

/* fault=N: BH_HC_FAULT with BH_FAULT_N on fault_cpu, for fault_ms */
static int fault;
module_param(fault, int, 0444);
static int fault_cpu = -1;
module_param(fault_cpu, int, 0444);
static int fault_ms;
module_param(fault_ms, int, 0444);

static void fault_call(void)
{
	long ret = hcall(BH_HC_FAULT, (unsigned long)fault_cpu,
			 (unsigned long)fault | ((unsigned long)fault_ms << 8));

	pr_info("hcall: fault %d on CPU %d for %d ms: %ld\n", fault, fault_cpu,
		fault_ms, ret);
}

static const char text[] = "hcall: hello from the root cell's console write\n";

static int __init hcall_init(void)
{
	/* module data is vmalloc memory; the hypercall wants a physical
	 * address of contiguous memory */
	char *msg = kmemdup(text, sizeof(text), GFP_KERNEL);

	if (!msg)
		return -ENOMEM;
	if (fault) {
		fault_call();
		kfree(msg);
		return 0;
	}
	if (lone_disable) {
		unsigned int cpu = get_cpu();
		long ret = hcall(BH_HC_DISABLE, 0, 0);

		put_cpu();
		pr_info("hcall: lone disable on CPU %u: %ld\n", cpu, ret);
		kfree(msg);
		return 0;
	}
	pr_info("hcall: abi %ld pool_pages %ld pool_used %ld cells %ld bad_info %ld\n",
		hcall(BH_HC_GET_INFO, BH_INFO_ABI_VERSION, 0),
		hcall(BH_HC_GET_INFO, BH_INFO_POOL_PAGES, 0),
		hcall(BH_HC_GET_INFO, BH_INFO_POOL_USED, 0),
		hcall(BH_HC_GET_INFO, BH_INFO_NUM_CELLS, 0),
		hcall(BH_HC_GET_INFO, 99, 0));
	pr_info("hcall: console_write %ld too_long %ld unknown %ld\n",
		hcall(BH_HC_CONSOLE_WRITE, virt_to_phys(msg), sizeof(text) - 1),
		hcall(BH_HC_CONSOLE_WRITE, virt_to_phys(msg), 4096),
		hcall(0x7777, 0, 0));
	kfree(msg);
	return 0;
}

static void __exit hcall_exit(void)
{
}

module_init(hcall_init);
module_exit(hcall_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: raw hypercalls from the root cell");
