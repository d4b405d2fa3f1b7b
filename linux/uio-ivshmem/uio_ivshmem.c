// SPDX-License-Identifier: GPL-2.0
/*
 * uio_ivshmem: user-space access to an ivshmem 2.0 device (docs/ivshmem.md)
 * through UIO, with the maps and the interrupt behaviour user space written
 * for Jailhouse's kernels expects, so that the same programs run on Debian's
 * stock 6.1 and 6.12 under Bulkhead.
 */
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/uio_driver.h>
#include <linux/version.h>
#include <bulkhead/ivshmem.h>

#define DRV_NAME "uio_ivshmem"

/* The protocol of the generic device; others are bound through new_id. */
#define IVSHMEM_CLASS_GENERIC (IVSHMEM_CLASS << 16)

struct ivsh_dev {
	struct uio_info info;
	struct pci_dev *pdev;
	void __iomem *regs;
	int vectors;
	u8 vcap;
	/* openers of /dev/uioN; the last one out takes our state back to 0 */
	unsigned int users;
	bool read_only[MAX_UIO_MAPS];
};

/* 6.3 made vm_flags read-only and gave it accessors. */
static void ivsh_vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

static irqreturn_t ivsh_interrupt(int irq, void *data)
{
	struct ivsh_dev *idev = data;

	uio_event_notify(&idev->info);
	return IRQ_HANDLED;
}

/* A 4-byte write to /dev/uioN: in one-shot mode, 1 re-arms. */
static int ivsh_irqcontrol(struct uio_info *info, s32 value)
{
	struct ivsh_dev *idev = container_of(info, struct ivsh_dev, info);

	writel(value, idev->regs + IVSHMEM_REG_INT_CTRL);
	return 0;
}

/* uio calls open and release under its info_lock: no locking of our own. */
static int ivsh_open(struct uio_info *info, struct inode *inode)
{
	struct ivsh_dev *idev = container_of(info, struct ivsh_dev, info);

	idev->users++;
	return 0;
}

static int ivsh_release(struct uio_info *info, struct inode *inode)
{
	struct ivsh_dev *idev = container_of(info, struct ivsh_dev, info);

	/* the peers must learn that nobody on this side is using the device */
	if (idev->users && !--idev->users)
		writel(0, idev->regs + IVSHMEM_REG_STATE);
	return 0;
}

/*
 * uio has checked the index (the page offset) and the length against the
 * map. Doing the mapping ourselves lets a read-only section fail here, with
 * an errno, instead of as a write fault the hypervisor refuses, and keeps
 * the shared memory write-back cached (uio's own physical maps are not).
 */
static int ivsh_mmap(struct uio_info *info, struct vm_area_struct *vma)
{
	struct ivsh_dev *idev = container_of(info, struct ivsh_dev, info);
	unsigned long len = vma->vm_end - vma->vm_start;
	unsigned long n = vma->vm_pgoff;
	pgprot_t prot = vma->vm_page_prot;
	struct uio_mem *mem;

	if (n >= MAX_UIO_MAPS || !info->mem[n].size)
		return -EINVAL;
	mem = &info->mem[n];
	if (len > PAGE_ALIGN(mem->size))
		return -EINVAL;
	if (idev->read_only[n]) {
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		/* nor may mprotect() make it writable later */
		ivsh_vm_flags_clear(vma, VM_MAYWRITE);
	}
	if (mem->memtype == UIO_MEM_PHYS)
		prot = pgprot_noncached(prot);
	return remap_pfn_range(vma, vma->vm_start, mem->addr >> PAGE_SHIFT, len,
			       prot);
}

static u64 ivsh_read_cap64(struct pci_dev *pdev, int where)
{
	u32 lo, hi;

	pci_read_config_dword(pdev, where, &lo);
	pci_read_config_dword(pdev, where + 4, &hi);
	return (u64)hi << 32 | lo;
}

static void ivsh_add_map(struct ivsh_dev *idev, const char *name,
			 phys_addr_t addr, u64 size, int memtype,
			 bool read_only)
{
	unsigned int n;

	/* uio lists maps up to the first empty one: leave no gaps */
	if (!size)
		return;
	for (n = 0; n < MAX_UIO_MAPS && idev->info.mem[n].size; n++)
		;
	if (WARN_ON(n == MAX_UIO_MAPS))
		return;
	idev->info.mem[n].name = name;
	idev->info.mem[n].addr = addr;
	idev->info.mem[n].size = size;
	idev->info.mem[n].memtype = memtype;
	idev->read_only[n] = read_only;
}

static void ivsh_free_irqs(struct ivsh_dev *idev, int count)
{
	while (count--)
		free_irq(pci_irq_vector(idev->pdev, count), idev);
}

static int ivsh_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct device *dev = &pdev->dev;
	u64 rw_size, out_size, total;
	u32 state_size, peer, peers;
	struct ivsh_dev *idev;
	phys_addr_t base;
	int ret, nvec, i;
	u8 cap_len;

	idev = devm_kzalloc(dev, sizeof(*idev), GFP_KERNEL);
	if (!idev)
		return -ENOMEM;
	idev->pdev = pdev;

	ret = pcim_enable_device(pdev);
	if (ret) {
		dev_err(dev, "cannot enable the device (%d)\n", ret);
		return ret;
	}
	if (pci_resource_len(pdev, 0) < IVSHMEM_BAR0_SIZE) {
		dev_err(dev, "BAR0 (registers) is %llu bytes, expected %u\n",
			(u64)pci_resource_len(pdev, 0), IVSHMEM_BAR0_SIZE);
		return -ENODEV;
	}
	ret = pcim_iomap_regions(pdev, BIT(0), DRV_NAME);
	if (ret) {
		dev_err(dev, "cannot map BAR0 (registers) (%d)\n", ret);
		return ret;
	}
	idev->regs = pcim_iomap_table(pdev)[0];

	idev->vcap = pci_find_capability(pdev, PCI_CAP_ID_VNDR);
	if (!idev->vcap) {
		dev_err(dev,
			"no vendor-specific capability: not an ivshmem 2.0 device\n");
		return -ENODEV;
	}
	pci_read_config_byte(pdev, idev->vcap + 2, &cap_len);
	pci_read_config_dword(pdev, idev->vcap + IVSHMEM_VCAP_STATE_SIZE,
			      &state_size);
	rw_size = ivsh_read_cap64(pdev, idev->vcap + IVSHMEM_VCAP_RW_SIZE);
	out_size = ivsh_read_cap64(pdev, idev->vcap + IVSHMEM_VCAP_OUTPUT_SIZE);
	/* The address field is optional; without it BAR2 holds the memory. */
	if (cap_len >= IVSHMEM_VCAP_LENGTH) {
		base = ivsh_read_cap64(pdev, idev->vcap + IVSHMEM_VCAP_ADDR);
	} else if (pci_resource_len(pdev, 2)) {
		base = pci_resource_start(pdev, 2);
	} else {
		dev_err(dev,
			"vendor capability is %u bytes, without the shared memory's address, and there is no BAR2\n",
			cap_len);
		return -ENODEV;
	}
	peer = readl(idev->regs + IVSHMEM_REG_ID);
	peers = readl(idev->regs + IVSHMEM_REG_MAX_PEERS);

	if (peers < 2 || peers > 65536) {
		dev_err(dev, "Max Peers is %u, must be 2..65536\n", peers);
		return -ENODEV;
	}
	if (peer >= peers) {
		dev_err(dev, "ID %u is not below Max Peers %u\n", peer, peers);
		return -ENODEV;
	}
	if (state_size < 4ull * peers || !PAGE_ALIGNED(state_size)) {
		dev_err(dev,
			"state table size %#x: must be page-aligned and hold 4 bytes for each of %u peers\n",
			state_size, peers);
		return -ENODEV;
	}
	if (!PAGE_ALIGNED(rw_size)) {
		dev_err(dev, "R/W section size %#llx is not page-aligned\n",
			rw_size);
		return -ENODEV;
	}
	if (!PAGE_ALIGNED(out_size)) {
		dev_err(dev, "output section size %#llx is not page-aligned\n",
			out_size);
		return -ENODEV;
	}
	if (!PAGE_ALIGNED(base)) {
		dev_err(dev, "shared memory address %pa is not page-aligned\n",
			&base);
		return -ENODEV;
	}
	if (check_mul_overflow(out_size, (u64)peers, &total) ||
	    check_add_overflow(total, rw_size, &total) ||
	    check_add_overflow(total, (u64)state_size, &total) ||
	    check_add_overflow(total, (u64)base, &total)) {
		dev_err(dev,
			"shared memory at %pa does not fit in the address space (R/W %#llx, output %#llx x %u)\n",
			&base, rw_size, out_size, peers);
		return -ENODEV;
	}

	ivsh_add_map(idev, "registers", pci_resource_start(pdev, 0),
		     IVSHMEM_BAR0_SIZE, UIO_MEM_PHYS, false);
	ivsh_add_map(idev, "state_table", base, state_size, UIO_MEM_IOVA, true);
	ivsh_add_map(idev, "rw_section", base + state_size, rw_size,
		     UIO_MEM_IOVA, false);
	ivsh_add_map(idev, "input_sections", base + state_size + rw_size,
		     out_size * peers, UIO_MEM_IOVA, true);
	ivsh_add_map(idev, "output_section",
		     base + state_size + rw_size + out_size * peer, out_size,
		     UIO_MEM_IOVA, false);

	nvec = pci_msix_vec_count(pdev);
	if (nvec <= 0) {
		dev_err(dev, "no MSI-X capability: uio_ivshmem needs MSI-X\n");
		return -ENODEV;
	}
	ret = pci_alloc_irq_vectors(pdev, 1, nvec, PCI_IRQ_MSIX);
	if (ret < 0) {
		dev_err(dev, "cannot allocate MSI-X vectors (%d)\n", ret);
		return ret;
	}
	if (ret < nvec)
		dev_warn(dev, "got %d of the device's %d MSI-X vectors\n", ret,
			 nvec);
	nvec = ret;

	/* No interrupt before uio knows the device: the handler needs it. */
	writel(0, idev->regs + IVSHMEM_REG_INT_CTRL);
	for (i = 0; i < nvec; i++) {
		const char *name = devm_kasprintf(dev, GFP_KERNEL, "%s[%s]:%d",
						  DRV_NAME, pci_name(pdev), i);

		ret = name ? request_irq(pci_irq_vector(pdev, i),
					 ivsh_interrupt, 0, name, idev) :
			     -ENOMEM;
		if (ret) {
			dev_err(dev, "cannot request MSI-X vector %d (%d)\n", i,
				ret);
			goto err_irqs;
		}
	}
	idev->vectors = nvec;
	/* The device disables its interrupts as it delivers one; user space
	 * re-arms through irqcontrol when it is ready for the next. */
	pci_write_config_byte(pdev, idev->vcap + IVSHMEM_VCAP_PRIV_CTRL,
			      IVSHMEM_PRIV_ONESHOT);
	/* MSI-X messages are memory writes of the device */
	pci_set_master(pdev);

	idev->info.name = DRV_NAME;
	idev->info.version = "1";
	idev->info.irq = UIO_IRQ_CUSTOM;
	idev->info.irqcontrol = ivsh_irqcontrol;
	idev->info.open = ivsh_open;
	idev->info.release = ivsh_release;
	idev->info.mmap = ivsh_mmap;
	ret = uio_register_device(dev, &idev->info);
	if (ret) {
		dev_err(dev, "cannot register with uio (%d)\n", ret);
		goto err_master;
	}
	pci_set_drvdata(pdev, idev);

	dev_info(
		dev,
		"uio%d: peer %u of %u, protocol %#06x, state table %#x, R/W %#llx, output %#llx at %pa, %d MSI-X vectors\n",
		idev->info.uio_dev->minor, peer, peers, pdev->class & 0xffff,
		state_size, rw_size, out_size, &base, nvec);
	return 0;

err_master:
	pci_clear_master(pdev);
	pci_write_config_byte(pdev, idev->vcap + IVSHMEM_VCAP_PRIV_CTRL, 0);
err_irqs:
	ivsh_free_irqs(idev, i);
	pci_free_irq_vectors(pdev);
	return ret;
}

static void ivsh_remove(struct pci_dev *pdev)
{
	struct ivsh_dev *idev = pci_get_drvdata(pdev);

	/*
	 * Interrupts off and handlers gone before uio forgets the device, so
	 * no late one notifies a device uio has freed.
	 */
	writel(0, idev->regs + IVSHMEM_REG_INT_CTRL);
	ivsh_free_irqs(idev, idev->vectors);
	uio_unregister_device(&idev->info);
	/* uio calls no release for files still open: leave the peers told */
	writel(0, idev->regs + IVSHMEM_REG_STATE);
	pci_write_config_byte(pdev, idev->vcap + IVSHMEM_VCAP_PRIV_CTRL, 0);
	pci_clear_master(pdev);
	pci_free_irq_vectors(pdev);
}

static const struct pci_device_id ivsh_ids[] = {
	{ PCI_DEVICE(IVSHMEM_VENDOR_ID, IVSHMEM_DEVICE_ID),
	  .class = IVSHMEM_CLASS_GENERIC, .class_mask = 0xffffff },
	{}
};
MODULE_DEVICE_TABLE(pci, ivsh_ids);

static struct pci_driver ivsh_driver = {
	.name = DRV_NAME,
	.id_table = ivsh_ids,
	.probe = ivsh_probe,
	.remove = ivsh_remove,
};
module_pci_driver(ivsh_driver);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("UIO driver for ivshmem 2.0 devices");
