// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor checks the page tables the driver built for it before it
 * trusts them: its code must not be writable and nothing it writes may be
 * executable (docs/architecture.md, hypervisor memory). A mapping that
 * breaks this refuses the enable.
 */
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/printk.h>
#include <asm/processor.h>
#include <asm/wx_check.h>

#define PTE_P BIT(0)
#define PTE_RW BIT(1)
#define PTE_PS BIT(7)
#define PTE_NX BIT(63)
#define PTE_ADDR 0x000ffffffffff000ull

/* The leaf's RW and NX for @va, with RW/NX of the levels above folded in
 * as the CPU does; false if not mapped. */
static bool leaf_rights(u64 va, bool *writable, bool *executable)
{
	u64 cr3, entry = 0, table;
	int level;

	asm volatile("mov %%cr3, %0" : "=r"(cr3));
	table = cr3 & PTE_ADDR;
	*writable = true;
	*executable = true;
	for (level = 3; level >= 0; level--) {
		entry = ((u64 *)phys_to_virt(
			pa_init(table)))[(va >> (12 + 9 * level)) & 511];
		if (!(entry & PTE_P))
			return false;
		*writable &= !!(entry & PTE_RW);
		*executable &= !(entry & PTE_NX);
		if (level && (entry & PTE_PS))
			break;
		table = entry & PTE_ADDR;
	}
	return true;
}

extern char __text_start[], __text_end[], __rodata_end[];

int wx_check(void)
{
	const struct {
		const char *what;
		u64 va;
		bool writable, executable;
	} probes[] = {
		{ "header", BH_HV_BASE, false, false },
		{ "code", (u64)(uintptr_t)__text_start, false, true },
		{ "read-only data", (u64)(uintptr_t)__text_end, false, false },
		{ "data", (u64)(uintptr_t)&hv_status, true, false },
		{ "page pool", BH_HV_BASE + hv_header.pool_offset, true,
		  false },
	};
	bool w, x;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(probes); i++) {
		if (!leaf_rights(probes[i].va, &w, &x) ||
		    w != probes[i].writable || x != probes[i].executable) {
			printk("ERROR: hypervisor %s at 0x%llx is mapped %s%s, expected %s%s\n",
			       probes[i].what, (unsigned long long)probes[i].va,
			       w ? "writable" : "read-only",
			       x ? " and executable" : "",
			       probes[i].writable ? "writable" : "read-only",
			       probes[i].executable ? " and executable" : "");
			return -EINVAL;
		}
	}
	printk("Hypervisor memory: code read-execute, header and read-only data read-only, the rest not executable\n");
	return 0;
}
