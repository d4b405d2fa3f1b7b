// SPDX-License-Identifier: GPL-2.0
/*
 * A trivial out-of-tree module: proves that modules built against the pinned
 * headers load in the test image.
 */
#include <linux/cpumask.h>
#include <linux/module.h>

static int __init probe_init(void)
{
	pr_info("bulkhead-probe: loaded, %u CPUs online\n", num_online_cpus());
	return 0;
}

static void __exit probe_exit(void)
{
	pr_info("bulkhead-probe: unloaded\n");
}

module_init(probe_init);
module_exit(probe_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test image module probe");
