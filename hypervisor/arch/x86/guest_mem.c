// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a guest's memory by its virtual addresses: the guest's own page
 * tables give guest-physical addresses, the cell's nested tables host
 * addresses. Used to fetch instructions we must decode.
 */
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/string.h>
#include <asm/mmio.h>

#define PTE_P BIT(0)
#define PTE_PS BIT(7)
#define PTE_ADDR 0x000ffffffffff000ull

static int gpa_to_virt(struct per_cpu *cpu, u64 gpa, const void **out)
{
	paddr_t pa;
	u32 flags;

	if (!paging_lookup(&cpu->cell->npt, gpa, &pa, &flags) ||
	    !(flags & PAGING_READ))
		return -EFAULT;
	*out = phys_to_virt(pa);
	return 0;
}

/* Guest-virtual to guest-physical through 4-level long-mode tables. */
static int walk(struct per_cpu *cpu, u64 cr3, u64 va, u64 *gpa)
{
	u64 table = cr3 & PTE_ADDR, entry = 0;
	int level;

	for (level = 3; level >= 0; level--) {
		unsigned int shift = 12 + 9 * level;
		const u64 *t;

		if (gpa_to_virt(cpu, table, (const void **)&t))
			return -EFAULT;
		entry = t[(va >> shift) & 511];
		if (!(entry & PTE_P))
			return -EFAULT;
		if (level > 0 && level < 3 && (entry & PTE_PS)) {
			u64 mask = (1ull << shift) - 1;

			*gpa = ((entry & PTE_ADDR) & ~mask) | (va & mask);
			return 0;
		}
		table = entry & PTE_ADDR;
	}
	*gpa = table | (va & 0xfff);
	return 0;
}

int guest_read_virt(struct per_cpu *cpu, u64 cr3, u64 va, void *buf,
		    unsigned int len)
{
	u8 *dst = buf;

	while (len) {
		unsigned int chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		const void *src;
		u64 gpa;

		if (chunk > len)
			chunk = len;
		if (walk(cpu, cr3, va, &gpa) || gpa_to_virt(cpu, gpa, &src))
			return -EFAULT;
		memcpy(dst, src, chunk);
		dst += chunk;
		va += chunk;
		len -= chunk;
	}
	return 0;
}

int mmio_decode(struct per_cpu *cpu, u64 rip, u64 cr3, struct mmio_access *acc)
{
	u8 insn[15];
	unsigned int avail = sizeof(insn);

	/* fetch what we can up to the end of the page if the next one is not
	 * mapped; the instruction itself must fit */
	if (guest_read_virt(cpu, cr3, rip, insn, avail)) {
		avail = PAGE_SIZE - (rip & (PAGE_SIZE - 1));
		if (avail > sizeof(insn) ||
		    guest_read_virt(cpu, cr3, rip, insn, avail))
			return -EFAULT;
	}
	return mmio_decode_bytes(insn, avail, acc);
}
