// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: reads and writes a physical address through its own kernel
 * mapping, as a buggy or malicious root-cell driver would. With the
 * hypervisor enabled and the address in hypervisor memory, the reads must
 * return all-ones and the write must not land.
 */
#include <linux/io.h>
#include <linux/module.h>

static unsigned long phys;
module_param(phys, ulong, 0444);
MODULE_PARM_DESC(phys, "physical address to probe");

static int __init hvpeek_init(void)
{
	volatile u32 *p;
	u32 before, after;

	/* write-back, as the driver maps the same memory */
	p = memremap(phys, PAGE_SIZE, MEMREMAP_WB);
	if (!p)
		return -ENOMEM;
	before = p[0];
	p[1] = 0x5a5a5a5a;
	after = p[1];
	pr_info("hvpeek: phys 0x%lx read 0x%08x, wrote 0x5a5a5a5a at +4, read back 0x%08x\n",
		phys, before, after);
	memunmap((void *)p);
	return 0;
}

static void __exit hvpeek_exit(void)
{
}

module_init(hvpeek_init);
module_exit(hvpeek_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: access physical memory");
