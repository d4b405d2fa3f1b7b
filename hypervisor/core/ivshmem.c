// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem 2.0: links between cells, the shared memory's mapping, the
 * registers in BAR0 and interrupt delivery. The configuration space is in
 * ivshmem_cfg.c.
 *
 * Every peer's device state is guarded by its link's lock, so that a
 * doorbell or a state change never sees a peer half reset or half gone.
 * Nothing under that lock waits for another CPU.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/ivshmem.h>
#include <bh/paging.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/string.h>

#define MAX_LINKS (MAX_CELLS * BH_MAX_IVSHMEM)

static struct ivshmem_link links[MAX_LINKS];
static struct ivshmem_dev devs[MAX_CELLS][BH_MAX_IVSHMEM];
static struct spinlock links_lock;

static u64 shmem_size(const struct bh_ivshmem_desc *d)
{
	return d->state_size + d->rw_size + (u64)d->max_peers * d->output_size;
}

static u64 output_offset(const struct bh_ivshmem_desc *d, unsigned int peer)
{
	return d->state_size + d->rw_size + (u64)peer * d->output_size;
}

static bool same_shape(const struct bh_ivshmem_desc *a,
		       const struct bh_ivshmem_desc *b)
{
	return a->phys_start == b->phys_start &&
	       a->state_size == b->state_size && a->rw_size == b->rw_size &&
	       a->output_size == b->output_size &&
	       a->max_peers == b->max_peers && a->protocol == b->protocol;
}

static struct ivshmem_link *link_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < MAX_LINKS; i++)
		if (links[i].used && !strncmp(links[i].name, name, BH_NAME_LEN))
			return &links[i];
	return NULL;
}

static bool link_empty(const struct ivshmem_link *link)
{
	unsigned int i;

	for (i = 0; i < BH_IVSHMEM_MAX_PEERS; i++)
		if (link->peers[i])
			return false;
	return true;
}

/*
 * The state table is read-only and an output section writable only by its
 * owner: the nested tables enforce it, so a peer that writes where it may
 * not is refused like any access outside its memory.
 */
static int map_shmem(struct cell *cell, const struct bh_ivshmem_desc *d)
{
	const u32 ro = PAGING_READ | PAGING_USER;
	const u32 rw = ro | PAGING_WRITE;
	unsigned int p;
	int ret;

	ret = paging_map(&cell->npt, d->virt_start, pa_init(d->phys_start),
			 d->state_size, ro);
	if (!ret && d->rw_size)
		ret = paging_map(&cell->npt, d->virt_start + d->state_size,
				 pa_init(d->phys_start + d->state_size),
				 d->rw_size, rw);
	for (p = 0; !ret && d->output_size && p < d->max_peers; p++)
		ret = paging_map(&cell->npt,
				 d->virt_start + output_offset(d, p),
				 pa_init(d->phys_start + output_offset(d, p)),
				 d->output_size, p == d->peer_id ? rw : ro);
	if (ret)
		printk("ERROR: cell %s: ivshmem '%s': cannot map its shared memory (%d)\n",
		       cell->desc->name, d->name, ret);
	return ret;
}

static void dev_reset(struct ivshmem_dev *dev);

/* A peer of @link; a link in use has one. */
static const struct ivshmem_dev *link_any_peer(const struct ivshmem_link *link)
{
	unsigned int i;

	for (i = 0; i < BH_IVSHMEM_MAX_PEERS; i++)
		if (link->peers[i])
			return link->peers[i];
	return NULL;
}

/*
 * The first peer of a device creates its link: the root cell's at enable,
 * a device of non-root cells only at the first of them's create. The
 * validator made sure no cell's memory covers the shared memory, so it is
 * cleared here and nowhere else.
 */
static int attach(struct cell *cell, unsigned int i)
{
	const struct bh_ivshmem_desc *d = &cell->desc->ivshmem[i];
	struct ivshmem_dev *dev = &devs[cell->id][i];
	const struct cell *other;
	struct ivshmem_link *link;
	const char *owner;
	unsigned int l;

	spin_lock(&links_lock);
	link = link_find(d->name);
	if (!link) {
		for (l = 0; l < MAX_LINKS && links[l].used; l++)
			;
		/* MAX_LINKS covers every device of every cell */
		link = &links[l];
		memset(link, 0, sizeof(*link));
		link->used = true;
		memcpy(link->name, d->name, BH_NAME_LEN);
		/* a copy: the creator may leave before the other peers */
		link->shape = *d;
		link->state_table = phys_to_virt(pa_init(d->phys_start));
		/* whatever Linux or a former user left there is not ours */
		memset(phys_to_virt(pa_init(d->phys_start)), 0, shmem_size(d));
	} else if (!same_shape(&link->shape, d)) {
		other = link_any_peer(link)->cell;
		/* descriptors stay where they are: the name outlives the lock */
		owner = other->desc->name;
		spin_unlock(&links_lock);
		if (other == &root_cell)
			printk("ERROR: cell %s: ivshmem[%u] '%s': memory, sizes, peers or protocol differ from the root cell's device\n",
			       cell->desc->name, i, d->name);
		else
			printk("ERROR: cell %s: ivshmem[%u] '%s': memory, sizes, peers or protocol differ from cell %s's device\n",
			       cell->desc->name, i, d->name, owner);
		return -EINVAL;
	} else if (link->peers[d->peer_id]) {
		spin_unlock(&links_lock);
		printk("ERROR: cell %s: ivshmem[%u] '%s': peer id %u is taken by cell %s\n",
		       cell->desc->name, i, d->name, d->peer_id,
		       link->peers[d->peer_id]->cell->desc->name);
		return -EBUSY;
	}
	memset(dev, 0, sizeof(*dev));
	dev->cell = cell;
	dev->desc = d;
	dev->link = link;
	dev_reset(dev);
	spin_lock(&link->lock);
	link->peers[d->peer_id] = dev;
	spin_unlock(&link->lock);
	spin_unlock(&links_lock);
	return 0;
}

static void detach(struct ivshmem_dev *dev);

int ivshmem_cell_init(struct cell *cell)
{
	const struct bh_cell_desc *d = cell->desc;
	unsigned int i;
	int ret;

	for (i = 0; i < d->num_ivshmem && i < BH_MAX_IVSHMEM; i++) {
		ret = map_shmem(cell, &d->ivshmem[i]);
		if (!ret)
			ret = attach(cell, i);
		if (ret) {
			while (i--)
				detach(cell->ivshmem[i]);
			cell->num_ivshmem = 0;
			return ret;
		}
		cell->ivshmem[i] = &devs[cell->id][i];
		cell->num_ivshmem = i + 1;
	}
	return 0;
}

struct ivshmem_dev *ivshmem_find(const struct cell *cell, u16 bdf)
{
	unsigned int i;

	for (i = 0; i < cell->num_ivshmem; i++)
		if (cell->ivshmem[i]->desc->bdf == bdf)
			return cell->ivshmem[i];
	return NULL;
}

/*
 * Interrupt @vector of @dev, if the device may raise it now. A vector the
 * device lacks, interrupts disabled or the entry masked: nothing happens,
 * as the specification says, and nothing is queued.
 */
static void raise_irq(struct ivshmem_dev *dev, u32 vector)
{
	const struct ivshmem_msix_entry *e;
	u64 addr;
	int ret;

	if (vector >= dev->desc->num_vectors ||
	    !(dev->int_ctrl & IVSHMEM_INT_ENABLE) ||
	    !(dev->command & PCI_CMD_MASTER) ||
	    (dev->msix_ctrl & (PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL)) !=
		    PCI_MSIX_CTRL_ENABLE)
		return;
	e = &dev->msix[vector];
	if (e->ctrl & 1)
		return;
	if (dev->priv_ctrl & IVSHMEM_PRIV_ONESHOT)
		dev->int_ctrl &= ~IVSHMEM_INT_ENABLE;
	addr = ((u64)e->addr_hi << 32) | e->addr_lo;
	/* the ringer's stores reached memory when its write trapped: the
	 * receiver sees them before the interrupt */
	ret = arch_msi_send(dev->cell, addr, e->data);
	if (ret && !(dev->msix_reported & BIT(vector))) {
		dev->msix_reported |= BIT(vector);
		printk("cell %s: ivshmem '%s': MSI-X vector %u (address 0x%llx, data 0x%x) refused: %s\n",
		       dev->cell->desc->name, dev->desc->name, vector,
		       (unsigned long long)addr, e->data,
		       ret == -EPERM  ? "destination is not a CPU of the cell" :
		       ret == -ENODEV ? "no valid interrupt remapping entry" :
					"not a fixed interrupt");
	}
}

/* The peer's state goes into the table; the others learn of a change. */
static void set_state(struct ivshmem_dev *dev, u32 state)
{
	struct ivshmem_link *link = dev->link;
	unsigned int p;

	if (dev->state == state)
		return;
	dev->state = state;
	link->state_table[dev->desc->peer_id] = state;
	for (p = 0; p < BH_IVSHMEM_MAX_PEERS; p++)
		if (link->peers[p] && link->peers[p] != dev)
			raise_irq(link->peers[p], 0);
}

/* Power-on state; called with the link's lock held (or before linking). */
static void dev_reset(struct ivshmem_dev *dev)
{
	unsigned int v;

	dev->command = 0;
	dev->msix_ctrl = 0;
	dev->priv_ctrl = 0;
	dev->intx_line = 0;
	dev->int_ctrl = 0;
	dev->msix_reported = 0;
	for (v = 0; v < BH_IVSHMEM_MAX_VECTORS; v++) {
		memset(&dev->msix[v], 0, sizeof(dev->msix[v]));
		dev->msix[v].ctrl = 1;
	}
	if (dev->link)
		set_state(dev, 0);
}

/*
 * A non-root cell's BARs only decide where its accesses are emulated: its
 * nested tables have nothing there anyway. They are forgotten at a reset.
 */
static void cell_dev_reset(struct ivshmem_dev *dev)
{
	spin_lock(&dev->link->lock);
	dev_reset(dev);
	dev->bar[0] = dev->bar[1] = 0;
	dev->bar_active[0] = dev->bar_active[1] = 0;
	spin_unlock(&dev->link->lock);
}

void ivshmem_cell_reset(struct cell *cell)
{
	unsigned int i;

	for (i = 0; i < cell->num_ivshmem; i++)
		cell_dev_reset(cell->ivshmem[i]);
}

static void detach(struct ivshmem_dev *dev)
{
	struct ivshmem_link *link = dev->link;

	cell_dev_reset(dev);
	spin_lock(&links_lock);
	spin_lock(&link->lock);
	link->peers[dev->desc->peer_id] = NULL;
	spin_unlock(&link->lock);
	if (link_empty(link))
		link->used = false;
	spin_unlock(&links_lock);
}

void ivshmem_cell_exit(struct cell *cell)
{
	unsigned int i;

	for (i = 0; i < cell->num_ivshmem; i++)
		detach(cell->ivshmem[i]);
	cell->num_ivshmem = 0;
}

static u32 reg_read(struct ivshmem_dev *dev, u32 off)
{
	switch (off) {
	case IVSHMEM_REG_ID:
		return dev->desc->peer_id;
	case IVSHMEM_REG_MAX_PEERS:
		return dev->desc->max_peers;
	case IVSHMEM_REG_INT_CTRL:
		return dev->int_ctrl;
	case IVSHMEM_REG_STATE:
		return dev->state;
	default:
		return 0;
	}
}

static void reg_write(struct ivshmem_dev *dev, u32 off, u32 val)
{
	struct ivshmem_link *link = dev->link;
	u32 target = val >> 16;

	switch (off) {
	case IVSHMEM_REG_INT_CTRL:
		dev->int_ctrl = val & IVSHMEM_INT_ENABLE;
		break;
	case IVSHMEM_REG_DOORBELL:
		/* a missing peer, or one that is not listening: no effect */
		if (target < BH_IVSHMEM_MAX_PEERS && link->peers[target])
			raise_irq(link->peers[target], val & 0xffff);
		break;
	case IVSHMEM_REG_STATE:
		set_state(dev, val);
		break;
	}
}

static void msix_access(struct ivshmem_dev *dev, u32 off, bool write, u32 *val)
{
	struct ivshmem_msix_entry *e;
	u32 *field;

	if (off >= IVSHMEM_MSIX_PBA ||
	    off / IVSHMEM_MSIX_ENTRY_SIZE >= dev->desc->num_vectors) {
		/* pending bits: we never hold an interrupt back */
		if (!write)
			*val = 0;
		return;
	}
	e = &dev->msix[off / IVSHMEM_MSIX_ENTRY_SIZE];
	field = &e->addr_lo + (off % IVSHMEM_MSIX_ENTRY_SIZE) / 4;
	if (!write) {
		*val = *field;
		return;
	}
	*field = field == &e->ctrl ? (*val & 1) : *val;
	/* a new target deserves its own report */
	dev->msix_reported &= ~BIT(off / IVSHMEM_MSIX_ENTRY_SIZE);
}

/* The device whose BAR @bar contains @gpa. */
static struct ivshmem_dev *bar_owner(const struct cell *cell, u64 gpa,
				     unsigned int bar)
{
	unsigned int i;

	for (i = 0; i < cell->num_ivshmem; i++) {
		u64 base = READ_ONCE(cell->ivshmem[i]->bar_active[bar]);

		if (base && gpa >= base && gpa - base < PAGE_SIZE)
			return cell->ivshmem[i];
	}
	return NULL;
}

bool ivshmem_mmio_access(struct per_cpu *cpu, u64 gpa, unsigned int size,
			 bool write, u64 *val)
{
	struct ivshmem_dev *dev;
	unsigned int bar;
	u32 v = *val, off;

	for (bar = 0; bar < 2; bar++) {
		dev = bar_owner(cpu->cell, gpa, bar);
		if (dev)
			break;
	}
	if (!dev)
		return false;
	off = gpa & (PAGE_SIZE - 1);
	spin_lock(&dev->link->lock);
	if (bar == 1 && size == 8 && !(off & 7)) {
		/* a 64-bit write of address low and high at once */
		u32 hi = *val >> 32;

		msix_access(dev, off, write, &v);
		msix_access(dev, off + 4, write, &hi);
		if (!write)
			*val = ((u64)hi << 32) | v;
	} else if (size != 4 || (off & 3)) {
		/* registers take aligned 32-bit accesses only */
		if (!write)
			*val = 0;
	} else if (bar == 1) {
		msix_access(dev, off, write, &v);
		if (!write)
			*val = v;
	} else if (write) {
		reg_write(dev, off, v);
	} else {
		*val = reg_read(dev, off);
	}
	spin_unlock(&dev->link->lock);
	return true;
}
