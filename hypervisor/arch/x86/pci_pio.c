// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration mechanism 1 (ports 0xCF8/0xCFC) for the root cell,
 * which Linux uses for the first 256 bytes of every function. The ports
 * trap only when the root cell has virtual devices; an access that
 * concerns one of them is emulated, everything else is done on the
 * hardware as the root asked. Non-root cells get no configuration ports
 * (they use their MMCONFIG window).
 */
#include <bh/cell.h>
#include <bh/pci.h>
#include <bh/spinlock.h>
#include <asm/pci_pio.h>
#include <asm/processor.h>

#define CONF_ADDR 0xcf8
#define CONF_DATA 0xcfc
#define CONF_ENABLE BIT(31)

/* The root's last address, which the hardware latched too. Linux pairs
 * address and data under its own lock; ours keeps the pair whole. */
static u32 conf_addr;
static struct spinlock conf_lock;

static void raw_access(u16 port, unsigned int size, bool in, u32 *val)
{
	if (in)
		*val = size == 4 ? inl(port) :
		       size == 2 ? inw(port) :
				   inb(port);
	else if (size == 4)
		outl(port, *val);
	else if (size == 2)
		outw(port, *val);
	else
		outb(port, *val);
}

bool pci_pio_access(struct per_cpu *cpu, u16 port, unsigned int size, bool in,
		    u32 *val)
{
	u32 reg;

	if (port < CONF_ADDR || port >= CONF_DATA + 4)
		return false;
	spin_lock(&conf_lock);
	if (port == CONF_ADDR && size == 4 && !in)
		conf_addr = *val;
	reg = (conf_addr & 0xfc) | (port & 3);
	/* 0xCF9 and the like, byte-wide, are other chipset registers */
	if (port >= CONF_DATA && (conf_addr & CONF_ENABLE) &&
	    !(reg & (size - 1)) &&
	    pci_cfg_access(cpu, (conf_addr >> 8) & 0xffff, reg, size, !in,
			   val) == PCI_ACCESS_DONE) {
		spin_unlock(&conf_lock);
		return true;
	}
	if (port >= CONF_DATA)
		outl(CONF_ADDR, conf_addr);
	raw_access(port, size, in, val);
	spin_unlock(&conf_lock);
	return true;
}

u32 arch_pci_conf_read(u16 bdf, u32 reg)
{
	u32 saved, val;

	spin_lock(&conf_lock);
	/* the address Linux last wrote, back as it was: nothing of its own
	 * depends on it, but a chipset's latch is not ours to change */
	saved = inl(CONF_ADDR);
	outl(CONF_ADDR, CONF_ENABLE | ((u32)bdf << 8) | (reg & 0xfc));
	val = inl(CONF_DATA);
	outl(CONF_ADDR, saved);
	spin_unlock(&conf_lock);
	return val;
}
