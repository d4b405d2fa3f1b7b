// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space through the cell's ECAM window, BAR placement
 * and MSI-X (inmate/pci.h). Every config and BAR access traps to the
 * hypervisor, so none of this belongs in a real-time loop.
 */
#include <inmate/inmate.h>
#include "internal.h"

#define ECAM_BUS_SHIFT 20
#define ECAM_FN_SHIFT 12 /* bdf << 12: device and function together */
#define FOUR_GIB 0x100000000ull
/* a capability is at least 4 bytes in the 192 after the header */
#define MAX_CAPS 48

/* The next address pci_map_bar() hands out. */
static uint64_t bar_next = PCI_BAR_WINDOW_START;

/* The cell's ECAM range in guest-physical memory. */
static void ecam_range(uint64_t *start, uint64_t *end)
{
	struct bh_comm_region *c = comm();

	/* as in ACPI's MCFG, pci_mmconfig is where bus 0 would be */
	*start = c->pci_mmconfig +
		 ((uint64_t)c->pci_start_bus << ECAM_BUS_SHIFT);
	*end = c->pci_mmconfig +
	       ((uint64_t)(c->pci_end_bus + 1) << ECAM_BUS_SHIFT);
}

/* Why the ECAM window cannot be used, NULL if it can. */
static const char *ecam_problem(void)
{
	struct bh_comm_region *c = comm();
	uint64_t start, end;

	if (!c || !c->pci_mmconfig)
		return "no PCI config space in the comm region";
	if (c->pci_start_bus > c->pci_end_bus)
		return "PCI config space in the comm region has no buses";
	ecam_range(&start, &end);
	/* the library's page tables map the first 4 GiB only */
	if (end > FOUR_GIB)
		return "PCI config space in the comm region is above 4 GiB";
	return NULL;
}

bool pci_available(void)
{
	return !ecam_problem();
}

static bool pci_check(void)
{
	const char *why = ecam_problem();

	if (why)
		printf("pci: %s\n", why);
	return !why;
}

/* The config address of @bdf's @reg, NULL outside the cell's buses. */
static volatile uint8_t *cfg_addr(uint16_t bdf, unsigned int reg)
{
	struct bh_comm_region *c = comm();
	unsigned int bus = PCI_BDF_BUS(bdf);
	uint64_t addr;

	if (!pci_available() || bus < c->pci_start_bus ||
	    bus > c->pci_end_bus || reg >= 0x1000)
		return NULL;
	addr = c->pci_mmconfig + ((uint64_t)bdf << ECAM_FN_SHIFT) + reg;
	return (volatile uint8_t *)(uintptr_t)addr;
}

uint32_t pci_read_config(uint16_t bdf, unsigned int reg, unsigned int size)
{
	volatile uint8_t *p = cfg_addr(bdf, reg);

	if (!p || (reg & (size - 1)))
		return 0xffffffffu;
	switch (size) {
	case 1:
		return mmio_read8(p);
	case 2:
		return mmio_read16(p);
	case 4:
		return mmio_read32(p);
	}
	return 0xffffffffu;
}

void pci_write_config(uint16_t bdf, unsigned int reg, uint32_t value,
		      unsigned int size)
{
	volatile uint8_t *p = cfg_addr(bdf, reg);

	if (!p || (reg & (size - 1)))
		return;
	switch (size) {
	case 1:
		mmio_write8(p, (uint8_t)value);
		break;
	case 2:
		mmio_write16(p, (uint16_t)value);
		break;
	case 4:
		mmio_write32(p, value);
		break;
	}
}

int pci_find_device(uint16_t vendor, uint16_t device, unsigned int index)
{
	struct bh_comm_region *c = comm();
	unsigned int bus, dev, fn, nfn, found = 0;

	if (!pci_check())
		return -ENODEV;
	for (bus = c->pci_start_bus; bus <= c->pci_end_bus; bus++) {
		for (dev = 0; dev < 32; dev++) {
			nfn = 1;
			for (fn = 0; fn < nfn; fn++) {
				uint16_t bdf = PCI_BDF(bus, dev, fn);
				uint32_t id = pci_read_config(
					bdf, PCI_CFG_VENDOR_ID, 4);

				if ((id & 0xffff) == 0xffff)
					continue;
				if (fn == 0 &&
				    (pci_read_config(bdf, PCI_CFG_HEADER_TYPE,
						     1) &
				     PCI_HEADER_MULTIFUNCTION))
					nfn = 8;
				if ((id & 0xffff) == vendor &&
				    id >> 16 == device && found++ == index)
					return bdf;
			}
		}
	}
	printf("pci: no device %04x:%04x number %u (found %u)\n", vendor,
	       device, index, found);
	return -ENODEV;
}

int pci_find_cap(uint16_t bdf, uint8_t cap_id)
{
	unsigned int pos, n;

	if (!(pci_read_config(bdf, PCI_CFG_STATUS, 2) & PCI_STATUS_CAP_LIST))
		return -ENOENT;
	pos = pci_read_config(bdf, PCI_CFG_CAP_PTR, 1);
	/* bounded, in case a broken list points back into itself */
	for (n = 0; n < MAX_CAPS && pos >= 0x40 && pos < 0x100; n++) {
		pos &= ~3u;
		if (pci_read_config(bdf, pos, 1) == cap_id)
			return (int)pos;
		pos = pci_read_config(bdf, pos + 1, 1);
	}
	return -ENOENT;
}

static unsigned int bar_reg(unsigned int bar)
{
	return PCI_CFG_BAR0 + 4 * bar;
}

int pci_bar_size(uint16_t bdf, unsigned int bar, uint64_t *size)
{
	uint32_t lo, hi = 0, lo_mask, hi_mask = 0;
	uint16_t cmd;
	bool is64;

	if (bar >= PCI_NUM_BARS) {
		printf("pci: " PCI_BDF_FMT ": there is no BAR %u\n",
		       PCI_BDF_ARGS(bdf), bar);
		return -EINVAL;
	}
	lo = pci_read_config(bdf, bar_reg(bar), 4);
	if (lo & PCI_BAR_IO) {
		printf("pci: " PCI_BDF_FMT ": BAR %u is an I/O BAR\n",
		       PCI_BDF_ARGS(bdf), bar);
		return -EINVAL;
	}
	is64 = (lo & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64;
	if (is64 && bar + 1 >= PCI_NUM_BARS) {
		printf("pci: " PCI_BDF_FMT ": 64-bit BAR %u has no high half\n",
		       PCI_BDF_ARGS(bdf), bar);
		return -EINVAL;
	}

	/* while the BAR holds its mask it must not decode anything */
	cmd = (uint16_t)pci_read_config(bdf, PCI_CFG_COMMAND, 2);
	pci_write_config(bdf, PCI_CFG_COMMAND, cmd & ~PCI_CMD_MEMORY, 2);
	pci_write_config(bdf, bar_reg(bar), 0xffffffffu, 4);
	lo_mask = pci_read_config(bdf, bar_reg(bar), 4);
	pci_write_config(bdf, bar_reg(bar), lo, 4);
	if (is64) {
		hi = pci_read_config(bdf, bar_reg(bar + 1), 4);
		pci_write_config(bdf, bar_reg(bar + 1), 0xffffffffu, 4);
		hi_mask = pci_read_config(bdf, bar_reg(bar + 1), 4);
		pci_write_config(bdf, bar_reg(bar + 1), hi, 4);
	}
	pci_write_config(bdf, PCI_CFG_COMMAND, cmd, 2);

	*size = pci_bar_decode_size(lo_mask, hi_mask);
	if (!*size) {
		printf("pci: " PCI_BDF_FMT ": BAR %u is not implemented\n",
		       PCI_BDF_ARGS(bdf), bar);
		return -ENODEV;
	}
	return 0;
}

volatile void *pci_map_bar(uint16_t bdf, unsigned int bar)
{
	uint64_t size, addr, avoid_start, avoid_end;
	uint32_t lo;
	uint16_t cmd;

	if (!pci_check() || pci_bar_size(bdf, bar, &size) < 0)
		return NULL;
	ecam_range(&avoid_start, &avoid_end);
	if (!pci_bar_place(&bar_next, size, avoid_start, avoid_end,
			   PCI_BAR_WINDOW_END, &addr)) {
		printf("pci: " PCI_BDF_FMT
		       ": no room for BAR %u (0x%lx bytes) in the BAR "
		       "window 0x%llx-0x%llx\n",
		       PCI_BDF_ARGS(bdf), bar, (unsigned long)size,
		       PCI_BAR_WINDOW_START, PCI_BAR_WINDOW_END - 1);
		return NULL;
	}

	cmd = (uint16_t)pci_read_config(bdf, PCI_CFG_COMMAND, 2);
	pci_write_config(bdf, PCI_CFG_COMMAND, cmd & ~PCI_CMD_MEMORY, 2);
	lo = pci_read_config(bdf, bar_reg(bar), 4);
	pci_write_config(bdf, bar_reg(bar), (uint32_t)addr | (lo & 0xf), 4);
	if ((lo & PCI_BAR_MEM_TYPE_MASK) == PCI_BAR_MEM_TYPE_64)
		pci_write_config(bdf, bar_reg(bar + 1), (uint32_t)(addr >> 32),
				 4);
	pci_write_config(bdf, PCI_CFG_COMMAND, cmd, 2);
	return (volatile void *)(uintptr_t)addr;
}

void pci_enable_device(uint16_t bdf)
{
	uint16_t cmd = (uint16_t)pci_read_config(bdf, PCI_CFG_COMMAND, 2);

	pci_write_config(bdf, PCI_CFG_COMMAND,
			 cmd | PCI_CMD_MEMORY | PCI_CMD_MASTER, 2);
}

static volatile uint32_t *msix_entry(struct pci_msix *m, unsigned int entry)
{
	return m->table + entry * (PCI_MSIX_ENTRY_SIZE / 4);
}

int pci_msix_init(struct pci_msix *m, uint16_t bdf)
{
	uint32_t table, ctrl;
	volatile uint8_t *bar;
	int cap;

	cap = pci_find_cap(bdf, PCI_CAP_ID_MSIX);
	if (cap < 0) {
		printf("pci: " PCI_BDF_FMT ": no MSI-X capability\n",
		       PCI_BDF_ARGS(bdf));
		return cap;
	}
	ctrl = pci_read_config(bdf, cap + PCI_MSIX_CTRL, 2);
	table = pci_read_config(bdf, cap + PCI_MSIX_TABLE, 4);
	bar = pci_map_bar(bdf, table & 7);
	if (!bar)
		return -ENODEV;
	m->bdf = bdf;
	m->cap = (uint16_t)cap;
	m->entries = (ctrl & PCI_MSIX_CTRL_SIZE_MASK) + 1;
	m->table = (volatile uint32_t *)(bar + (table & ~7u));
	/* the table answers only while the function decodes memory */
	pci_write_config(
		bdf, PCI_CFG_COMMAND,
		pci_read_config(bdf, PCI_CFG_COMMAND, 2) | PCI_CMD_MEMORY, 2);
	for (unsigned int i = 0; i < m->entries; i++)
		pci_msix_mask(m, i, true);
	return 0;
}

int pci_msix_set_entry(struct pci_msix *m, unsigned int entry, uint32_t dest,
		       unsigned int vector)
{
	volatile uint32_t *e;

	if (dest == PCI_MSIX_THIS_CPU)
		dest = apic_id();
	if (entry >= m->entries || dest > PCI_MSIX_MAX_APIC_ID ||
	    vector < IRQ_FIRST_VECTOR || vector >= APIC_SPURIOUS_VECTOR) {
		printf("pci: MSI-X entry %u (of %u) to APIC ID %u vector %u: "
		       "out of range\n",
		       entry, m->entries, dest, vector);
		return -EINVAL;
	}
	e = msix_entry(m, entry);
	/* one 32-bit access at a time: what the hypervisor emulates */
	mmio_write32(e + PCI_MSIX_ENTRY_ADDR_LO / 4, pci_msix_address(dest));
	mmio_write32(e + PCI_MSIX_ENTRY_ADDR_HI / 4, 0);
	mmio_write32(e + PCI_MSIX_ENTRY_DATA / 4, pci_msix_data(vector));
	return 0;
}

void pci_msix_mask(struct pci_msix *m, unsigned int entry, bool masked)
{
	volatile uint32_t *ctrl;
	uint32_t v;

	if (entry >= m->entries)
		return;
	ctrl = msix_entry(m, entry) + PCI_MSIX_ENTRY_CTRL / 4;
	v = mmio_read32(ctrl);
	if (masked)
		v |= PCI_MSIX_ENTRY_MASKED;
	else
		v &= ~PCI_MSIX_ENTRY_MASKED;
	mmio_write32(ctrl, v);
}

void pci_msix_enable(struct pci_msix *m, bool on)
{
	unsigned int reg = m->cap + PCI_MSIX_CTRL;
	uint16_t ctrl = (uint16_t)pci_read_config(m->bdf, reg, 2);

	ctrl &= ~PCI_MSIX_CTRL_MASKALL;
	if (on)
		ctrl |= PCI_MSIX_CTRL_ENABLE;
	else
		ctrl &= ~PCI_MSIX_CTRL_ENABLE;
	pci_write_config(m->bdf, reg, ctrl, 2);
}
