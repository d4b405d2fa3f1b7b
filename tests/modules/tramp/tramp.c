// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: the root cell rewrites the first instruction after the
 * ENDBR of bulkhead.ko's bh_tramp_leave (address from /proc/kallsyms) with
 * UD2, through a writable alias of the module's page. The hypervisor runs
 * that instruction at disable, still on its own page tables: it must run
 * its own copy, not what Linux wrote. Unloading puts the bytes back.
 */
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/vmalloc.h>

static unsigned long addr;
module_param(addr, ulong, 0444);

#define ENDBR_LEN 4
static u8 saved[2];

static int poke(const u8 *bytes)
{
	unsigned long at = addr + ENDBR_LEN;
	struct page *page = vmalloc_to_page((void *)at);
	u8 *alias;

	if (!page || (at & ~PAGE_MASK) > PAGE_SIZE - sizeof(saved))
		return -EINVAL;
	alias = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	if (!alias)
		return -ENOMEM;
	memcpy(alias + (at & ~PAGE_MASK), bytes, sizeof(saved));
	vunmap(alias);
	return 0;
}

static int __init tramp_init(void)
{
	static const u8 ud2[2] = { 0x0f, 0x0b };
	int ret;

	if (!addr)
		return -EINVAL;
	memcpy(saved, (void *)(addr + ENDBR_LEN), sizeof(saved));
	ret = poke(ud2);
	pr_info("tramp: bh_tramp_leave+%d at 0x%lx now %02x %02x (%d)\n",
		ENDBR_LEN, addr + ENDBR_LEN, ((u8 *)addr)[ENDBR_LEN],
		((u8 *)addr)[ENDBR_LEN + 1], ret);
	return ret;
}

static void __exit tramp_exit(void)
{
	poke(saved);
	pr_info("tramp: bh_tramp_leave restored\n");
}

module_init(tramp_init);
module_exit(tramp_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: the root rewrites the disable trampoline");
