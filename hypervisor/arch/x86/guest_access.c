// SPDX-License-Identifier: GPL-2.0
/*
 * Refused guest accesses, for both vendors' exit handlers
 * (asm/guest_access.h).
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/mmio.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <asm/apic.h>
#include <asm/guest_access.h>
#include <asm/mmio.h>

unsigned int x86_data_access(struct per_cpu *cpu, struct guest_regs *regs,
			     u64 *rax, u64 gpa, bool write, u64 rip, u64 cr3)
{
	struct mmio_access acc;
	u64 val = 0;
	int ret;

	ret = mmio_decode(cpu, rip, cr3, &acc);
	if (ret == 0) {
		if (acc.write)
			val = mmio_get_value(regs, *rax, &acc);
		/* the root's xAPIC page, or a device model of the cell's */
		if (acc.write && apic_xapic_write(cpu, gpa, acc.size, val))
			return acc.len;
		if (mmio_access(cpu, gpa, acc.size, acc.write, &val)) {
			if (!acc.write)
				mmio_set_reg(regs, rax, &acc, val);
			return acc.len;
		}
	}
	if (cpu->cell != &root_cell)
		cell_fail(
			cpu,
			"%s at guest-physical 0x%llx (RIP 0x%llx) refused: not the cell's memory",
			write ? "write" : "read", (unsigned long long)gpa,
			(unsigned long long)rip);
	if (ret != 0) {
		printk_guest(
			cpu,
			"CPU %u: cell %s: %s at 0x%llx (RIP 0x%llx) refused; instruction not decodable, #GP\n",
			cpu->id, cpu->cell->desc->name,
			write ? "write" : "read", (unsigned long long)gpa,
			(unsigned long long)rip);
		return 0;
	}
	printk_guest(
		cpu,
		"CPU %u: cell %s: %s of %u bytes at 0x%llx (RIP 0x%llx) refused: not the cell's memory%s\n",
		cpu->id, cpu->cell->desc->name, acc.write ? "write" : "read",
		acc.size, (unsigned long long)gpa, (unsigned long long)rip,
		acc.write ? ", dropped" : ", reads all-ones");
	if (!acc.write)
		mmio_set_reg(regs, rax, &acc, ~0ull);
	return acc.len;
}

u8 x86_access_refused(struct per_cpu *cpu, const char *what, u64 gpa, u64 rip,
		      bool delivery)
{
	if (cpu->cell != &root_cell)
		cell_fail(
			cpu,
			"%s at guest-physical 0x%llx (RIP 0x%llx) refused: not the cell's memory",
			what, (unsigned long long)gpa, (unsigned long long)rip);
	printk_guest(
		cpu,
		"CPU %u: cell %s: %s at 0x%llx (RIP 0x%llx) refused: not the cell's memory, %s\n",
		cpu->id, cpu->cell->desc->name, what, (unsigned long long)gpa,
		(unsigned long long)rip, delivery ? "#DF" : "#GP");
	return delivery ? EXC_DF : EXC_GP;
}

void x86_triple_fault(struct per_cpu *cpu, u64 rip)
{
	cpu_count_exit(cpu, BH_EXIT_SHUTDOWN);
	if (cpu->cell != &root_cell)
		cell_fail(cpu, "triple fault at RIP 0x%llx",
			  (unsigned long long)rip);
	printk("FATAL: CPU %u: cell %s triple-faulted at RIP 0x%llx\n", cpu->id,
	       cpu->cell->desc->name, (unsigned long long)rip);
	arch_panic_stop();
}

void x86_pio_refused(struct per_cpu *cpu, u16 port, bool in, u64 rip)
{
	if (cpu->cell != &root_cell)
		cell_fail(
			cpu,
			"%s port 0x%x at RIP 0x%llx refused: not in its pio list",
			in ? "read from" : "write to", port,
			(unsigned long long)rip);
	printk_guest(
		cpu,
		"CPU %u: cell %s: %s port 0x%x refused (not in its pio list)%s\n",
		cpu->id, cpu->cell->desc->name, in ? "read from" : "write to",
		port, in ? ", reads all-ones" : "");
}
