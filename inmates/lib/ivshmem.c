// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem 2.0 driver (inmate/ivshmem.h). Register, doorbell and MSI-X
 * accesses trap to the hypervisor; the shared memory does not.
 */
#include <inmate/inmate.h>
#include "internal.h"

/* For the interrupt path, which gets only the IDT vector. */
static struct ivshmem *devices[IVSHMEM_MAX_DEVICES];

static uint64_t cfg_read64(uint16_t bdf, unsigned int reg)
{
	return pci_read_config(bdf, reg, 4) |
	       (uint64_t)pci_read_config(bdf, reg + 4, 4) << 32;
}

static uint32_t reg_read(const struct ivshmem *dev, unsigned int reg)
{
	return mmio_read32(dev->regs + reg / 4);
}

static void reg_write(struct ivshmem *dev, unsigned int reg, uint32_t v)
{
	mmio_write32(dev->regs + reg / 4, v);
}

/* The vendor capability: section sizes and the shared memory's address. */
static int read_vendor_cap(struct ivshmem *dev)
{
	struct ivshmem_layout *l = &dev->layout;
	unsigned int len;
	int cap;

	cap = pci_find_cap(dev->bdf, PCI_CAP_ID_VENDOR);
	if (cap < 0) {
		printf("ivshmem: " PCI_BDF_FMT ": no vendor capability\n",
		       PCI_BDF_ARGS(dev->bdf));
		return -ENODEV;
	}
	/* without BAR2 the address field is the only way to the memory */
	len = pci_read_config(dev->bdf, cap + 2, 1);
	if (len < IVSHMEM_VCAP_LENGTH) {
		printf("ivshmem: " PCI_BDF_FMT ": vendor capability of %u "
		       "bytes has no shared memory address\n",
		       PCI_BDF_ARGS(dev->bdf), len);
		return -ENODEV;
	}
	l->state_size =
		pci_read_config(dev->bdf, cap + IVSHMEM_VCAP_STATE_SIZE, 4);
	l->rw_size = cfg_read64(dev->bdf, cap + IVSHMEM_VCAP_RW_SIZE);
	l->output_size = cfg_read64(dev->bdf, cap + IVSHMEM_VCAP_OUTPUT_SIZE);
	l->base = cfg_read64(dev->bdf, cap + IVSHMEM_VCAP_ADDR);
	return 0;
}

int ivshmem_init(struct ivshmem *dev, unsigned int index)
{
	struct ivshmem_layout *l = &dev->layout;
	const char *why;
	uint32_t class;
	int bdf, ret;

	memset(dev, 0, sizeof(*dev));
	if (index >= IVSHMEM_MAX_DEVICES) {
		printf("ivshmem: device index %u, the library handles %u\n",
		       index, IVSHMEM_MAX_DEVICES);
		return -EINVAL;
	}
	bdf = pci_find_device(IVSHMEM_VENDOR_ID, IVSHMEM_DEVICE_ID, index);
	if (bdf < 0) {
		printf("ivshmem: no ivshmem device number %u\n", index);
		return bdf;
	}
	dev->bdf = (uint16_t)bdf;
	dev->index = index;

	class = pci_read_config(dev->bdf, PCI_CFG_REVISION, 4);
	if (class >> 24 != IVSHMEM_CLASS) {
		printf("ivshmem: " PCI_BDF_FMT ": class 0x%02x, not 0x%02x\n",
		       PCI_BDF_ARGS(dev->bdf), class >> 24, IVSHMEM_CLASS);
		return -ENODEV;
	}
	dev->protocol = (uint16_t)(class >> 8);
	ret = read_vendor_cap(dev);
	if (ret < 0)
		return ret;

	dev->regs = (volatile uint32_t *)pci_map_bar(dev->bdf, 0);
	if (!dev->regs)
		return -ENODEV;
	ret = pci_msix_init(&dev->msix, dev->bdf);
	if (ret < 0)
		return ret;
	pci_enable_device(dev->bdf);

	l->id = reg_read(dev, IVSHMEM_REG_ID);
	l->max_peers = reg_read(dev, IVSHMEM_REG_MAX_PEERS);
	why = ivshmem_layout_error(l);
	if (why) {
		printf("ivshmem: " PCI_BDF_FMT ": %s (id %u, max peers %u, "
		       "state table 0x%lx, rw 0x%lx, output 0x%lx at 0x%lx)\n",
		       PCI_BDF_ARGS(dev->bdf), why, l->id, l->max_peers,
		       (unsigned long)l->state_size, (unsigned long)l->rw_size,
		       (unsigned long)l->output_size, (unsigned long)l->base);
		return -EINVAL;
	}

	dev->vectors = dev->msix.entries < IVSHMEM_MAX_VECTORS ?
			       dev->msix.entries :
			       IVSHMEM_MAX_VECTORS;
	/* every entry is still masked: nothing arrives before a handler */
	pci_msix_enable(&dev->msix, true);
	devices[index] = dev;
	return 0;
}

uint32_t ivshmem_get_id(const struct ivshmem *dev)
{
	return dev->layout.id;
}

uint32_t ivshmem_get_max_peers(const struct ivshmem *dev)
{
	return dev->layout.max_peers;
}

uint16_t ivshmem_get_protocol(const struct ivshmem *dev)
{
	return dev->protocol;
}

unsigned int ivshmem_get_vectors(const struct ivshmem *dev)
{
	return dev->vectors;
}

uint64_t ivshmem_get_shmem_addr(const struct ivshmem *dev)
{
	return dev->layout.base;
}

size_t ivshmem_get_state_table(const struct ivshmem *dev,
			       const volatile uint32_t **p)
{
	*p = (const volatile uint32_t *)(uintptr_t)dev->layout.base;
	return dev->layout.state_size;
}

size_t ivshmem_get_rw_section(const struct ivshmem *dev, volatile void **p)
{
	const struct ivshmem_layout *l = &dev->layout;

	*p = (volatile void *)(uintptr_t)(l->base + l->state_size);
	return l->rw_size;
}

static uintptr_t output_addr(const struct ivshmem *dev, uint32_t peer)
{
	const struct ivshmem_layout *l = &dev->layout;

	return l->base + l->state_size + l->rw_size +
	       (uint64_t)peer * l->output_size;
}

size_t ivshmem_get_output_section(const struct ivshmem *dev, uint32_t peer,
				  const volatile void **p)
{
	if (peer >= dev->layout.max_peers) {
		*p = NULL;
		return 0;
	}
	*p = (const volatile void *)output_addr(dev, peer);
	return dev->layout.output_size;
}

size_t ivshmem_get_own_output(const struct ivshmem *dev, volatile void **p)
{
	*p = (volatile void *)output_addr(dev, dev->layout.id);
	return dev->layout.output_size;
}

uint32_t ivshmem_get_state(const struct ivshmem *dev, uint32_t peer)
{
	const volatile uint32_t *table;

	ivshmem_get_state_table(dev, &table);
	return peer < dev->layout.max_peers ? table[peer] : 0;
}

void ivshmem_set_state(struct ivshmem *dev, uint32_t state)
{
	reg_write(dev, IVSHMEM_REG_STATE, state);
}

int ivshmem_ring(struct ivshmem *dev, uint32_t peer, uint32_t vector)
{
	if (peer > 0xffff || vector > 0xffff)
		return -EINVAL;
	/*
	 * x86 does not reorder stores with older stores, and the trapped
	 * doorbell write is a VM exit: the peer sees our data first. The
	 * asm's memory clobber keeps the compiler from sinking them.
	 */
	reg_write(dev, IVSHMEM_REG_DOORBELL,
		  ivshmem_doorbell_value(peer, vector));
	return 0;
}

static void ivshmem_irq(unsigned int idt_vector, uint64_t entry_tsc)
{
	unsigned int n = idt_vector - IVSHMEM_IDT_BASE;
	unsigned int v = n % IVSHMEM_MAX_VECTORS;
	struct ivshmem *dev = devices[n / IVSHMEM_MAX_VECTORS];

	(void)entry_tsc;
	if (dev && dev->handlers[v].fn)
		dev->handlers[v].fn(dev, v, dev->handlers[v].ctx);
}

int ivshmem_register_handler(struct ivshmem *dev, unsigned int vector,
			     ivshmem_handler_t handler, void *ctx)
{
	unsigned int idt = IVSHMEM_IDT_VECTOR(dev->index, vector);
	int ret;

	if (vector >= dev->vectors) {
		printf("ivshmem: " PCI_BDF_FMT ": no vector %u (the device "
		       "has %u)\n",
		       PCI_BDF_ARGS(dev->bdf), vector, dev->vectors);
		return -EINVAL;
	}
	if (!handler) {
		pci_msix_mask(&dev->msix, vector, true);
		dev->handlers[vector].fn = NULL;
		irq_register(idt, NULL);
		return 0;
	}
	/* in place before the entry is unmasked, so the first one counts */
	dev->handlers[vector].fn = handler;
	dev->handlers[vector].ctx = ctx;
	irq_register(idt, ivshmem_irq);
	ret = pci_msix_set_entry(&dev->msix, vector, PCI_MSIX_THIS_CPU, idt);
	if (ret < 0)
		return ret;
	pci_msix_mask(&dev->msix, vector, false);
	return 0;
}

void ivshmem_enable_interrupts(struct ivshmem *dev, bool on)
{
	reg_write(dev, IVSHMEM_REG_INT_CTRL, on ? IVSHMEM_INT_ENABLE : 0);
}
