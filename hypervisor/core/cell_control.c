// SPDX-License-Identifier: GPL-2.0
/*
 * Lifecycle of non-root cells, requested by the root cell through
 * hypercalls: create, make loadable, start, shut down, destroy.
 *
 * Memory moves between the root cell and a cell by editing the root cell's
 * nested page tables; whenever a mapping goes away, every root CPU flushes
 * its guest TLB before it runs Linux again. CPUs move while parked.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/config_check.h>
#include <bh/console.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/ivshmem.h>
#include <bh/pci.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/regulation.h>
#include <bh/spinlock.h>
#include <bh/string.h>

static struct cell cell_storage[MAX_CELLS];
static struct bh_cell_desc desc_storage[MAX_CELLS];
static struct spinlock cell_lock;

#define for_each_cell_cpu(i, cell)           \
	for ((i) = 0; (i) < MAX_CPUS; (i)++) \
		if (cell_owns_cpu((cell), (i)))

static struct cell *cell_get(u64 id)
{
	if (id == 0 || id >= MAX_CELLS || !cells[id]) {
		printk("ERROR: no cell with id %llu\n", (unsigned long long)id);
		return NULL;
	}
	return cells[id];
}

/*
 * The lifecycle lock is also taken from exit handlers (a root device's BAR
 * moves), and its holder may wait for every root CPU to flush or park:
 * whoever waits for the lock serves its requests meanwhile.
 */
static void lifecycle_lock(struct per_cpu *self)
{
	while (!spin_trylock(&cell_lock)) {
		cpu_handle_requests(self);
		arch_cpu_relax();
	}
}

/* Run @op on cell @id with the lifecycle serialized. */
static long with_cell(struct per_cpu *self, u64 id,
		      long (*op)(struct per_cpu *, struct cell *, u64), u64 arg)
{
	struct cell *cell;
	long ret;

	lifecycle_lock(self);
	cell = cell_get(id);
	ret = cell ? op(self, cell, arg) : -ENOENT;
	/* page tables take pages from the pool without page_alloc */
	status_update_pool();
	spin_unlock(&cell_lock);
	return ret;
}

/*
 * Every root CPU flushes its guest TLB before running Linux again. One
 * that does not answer in time is reported and not waited for: it is
 * stuck in the hypervisor, not running Linux, and its flush request stays
 * posted with its NMI, which it takes before it next runs the guest.
 */
static void root_flush_tlbs(struct per_cpu *self)
{
	unsigned int i;

	for_each_cell_cpu(i, &root_cell) {
		if (i == self->id)
			arch_cpu_flush_tlb(self);
		else
			cpu_request_sync(self, per_cpu(i), REQ_FLUSH);
	}
}

/*
 * A CPU that does not park in time may still run the cell: then nothing of
 * the cell may change hands. The cell stays as it is, marked failed, and
 * the command fails; destroy can be tried again.
 */
static int park_cell_cpus(struct per_cpu *self, struct cell *cell)
{
	unsigned int i;
	int ret = 0;

	/* a CPU parked here must stay parked while its siblings are */
	cell_stop_running(cell);
	/* and the root runs free of the cell's requests from now on */
	regulation_cell_stopped(cell);
	for_each_cell_cpu(i, cell)
		if (cpu_request_sync(self, per_cpu(i), REQ_PARK))
			ret = -ETIMEDOUT;
	if (ret) {
		cell->state = BH_STATE_FAILED;
		cell_status_update(cell);
		printk("ERROR: cell %s: a CPU of it did not stop; the cell stays as it is, marked failed\n",
		       cell->desc->name);
	}
	return ret;
}

/* Give the root cell back what its own regions say about [start, end). */
static int root_remap(u64 start, u64 size)
{
	const struct bh_cell_desc *rd = root_cell.desc;
	u64 end = start + size;
	unsigned int i;
	int ret;

	for (i = 0; i < rd->num_mem_regions; i++) {
		struct bh_mem_region r = rd->mem_regions[i];
		u64 rs = r.phys_start, re = r.phys_start + r.size;

		if (re <= start || rs >= end)
			continue;
		r.phys_start = r.virt_start = rs > start ? rs : start;
		r.size = (re < end ? re : end) - r.phys_start;
		ret = cell_map_region(&root_cell, &r);
		if (ret)
			return ret;
	}
	return 0;
}

static bool region_leaves_root(const struct bh_mem_region *r)
{
	return !(r->flags & BH_MEM_ROOTSHARED);
}

/*
 * The cell's own RAM, comm page included, is cleared when it comes from
 * the root cell and again before it goes back, so that neither side, nor
 * the next cell, finds what the other left there. Device memory and
 * shared memory are not the cell's alone and are left as they are.
 */
static void clear_cell_ram(const struct cell *cell)
{
	const struct bh_cell_desc *d = cell->desc;
	unsigned int i;

	for (i = 0; i < d->num_mem_regions; i++) {
		const struct bh_mem_region *r = &d->mem_regions[i];

		if (!region_leaves_root(r) || (r->flags & BH_MEM_IO))
			continue;
		memset(phys_to_virt(pa_init(r->phys_start)), 0, r->size);
	}
}

/* Undo everything create did except moving CPUs. */
static void cell_release(struct per_cpu *self, struct cell *cell,
			 unsigned int regions_taken)
{
	const struct bh_cell_desc *d = cell->desc;
	unsigned int i;

	/* mapping back may merge tables into huge pages and free them:
	 * flush before the next change can reuse a freed table */
	for (i = 0; i < regions_taken; i++) {
		if (!region_leaves_root(&d->mem_regions[i]))
			continue;
		/* out of tables: the root cell misses that memory, no one
		 * else has it */
		if (root_remap(d->mem_regions[i].phys_start,
			       d->mem_regions[i].size))
			printk("ERROR: cell %s: memory region '%s' did not all go back to the root cell\n",
			       d->name, d->mem_regions[i].name);
		root_flush_tlbs(self);
	}
	ivshmem_cell_exit(cell);
	paging_destroy(&cell->npt);
	arch_cell_destroy(cell);
	cells[cell->id] = NULL;
	arch_cell_ports_changed(&root_cell);
	hv_status.cells[cell->id].state = BH_STATE_FREE;
}

static int check_cpus(const struct bh_cell_desc *d, struct per_cpu *self)
{
	unsigned int i;

	for (i = 0; i < MAX_CPUS; i++) {
		if (!(d->cpu_set & BIT(i)))
			continue;
		if (!cell_owns_cpu(&root_cell, i) || !per_cpu(i)->in_hv) {
			printk("ERROR: new cell '%s': cpus: CPU %u does not belong to the root cell\n",
			       d->name, i);
			return -EBUSY;
		}
		if (i == self->id) {
			printk("ERROR: new cell '%s': cpus: CPU %u is the one asking\n",
			       d->name, i);
			return -EBUSY;
		}
	}
	return 0;
}

static int copy_desc_from_root(u64 gpa, struct bh_cell_desc *d)
{
	u64 done = 0, chunk;
	paddr_t pa;
	u32 flags;

	while (done < sizeof(*d)) {
		if (!paging_lookup(&root_cell.npt, gpa + done, &pa, &flags) ||
		    !(flags & PAGING_READ)) {
			printk("ERROR: new cell: config at 0x%llx is not root cell memory\n",
			       (unsigned long long)gpa);
			return -EINVAL;
		}
		chunk = PAGE_SIZE - ((gpa + done) & (PAGE_SIZE - 1));
		if (chunk > sizeof(*d) - done)
			chunk = sizeof(*d) - done;
		memcpy((u8 *)d + done, phys_to_virt(pa), chunk);
		done += chunk;
	}
	return 0;
}

/*
 * A create that fails on the way says where; the pool's state tells a
 * user whether hypervisor.memory is too small for the cells asked for.
 */
static void create_failed(const struct bh_cell_desc *d, const char *what,
			  int err)
{
	if (err == -ENOMEM)
		printk("ERROR: cell %s: no pages left for %s: the hypervisor's page pool is exhausted (%llu of %llu pages used)\n",
		       d->name, what, (unsigned long long)hv_pool.used,
		       (unsigned long long)hv_pool.pages);
	else
		printk("ERROR: cell %s: %s failed (%d)\n", d->name, what, err);
}

static long do_create(struct per_cpu *self, u64 desc_gpa)
{
	struct bh_cell_desc *d;
	struct config_error err;
	struct cell *cell;
	unsigned int id, i, taken = 0;
	int ret;

	for (id = 1; id < MAX_CELLS && cells[id]; id++)
		;
	if (id == MAX_CELLS) {
		printk("ERROR: new cell: all %u cell slots in use\n",
		       MAX_CELLS - 1);
		return -ENOSPC;
	}
	d = &desc_storage[id];
	ret = copy_desc_from_root(desc_gpa, d);
	if (ret)
		return ret;
	ret = config_check_cell(hv_config, d, &err);
	if (ret) {
		printk("ERROR: new cell '%.*s': %s\n", BH_NAME_LEN, d->name,
		       err.msg);
		return ret;
	}
	for (i = 1; i < MAX_CELLS; i++) {
		if (cells[i] &&
		    config_check_cell_pair(d, cells[i]->desc, &err)) {
			printk("ERROR: new cell '%.*s': %s\n", BH_NAME_LEN,
			       d->name, err.msg);
			return -EBUSY;
		}
	}
	ret = check_cpus(d, self);
	if (ret)
		return ret;

	cell = &cell_storage[id];
	memset(cell, 0, sizeof(*cell));
	cell->id = id;
	cell->desc = d;
	cell->state = BH_STATE_SHUT_DOWN;
	cells[id] = cell;

	ret = paging_init(&cell->npt, arch_nested_paging(), &hv_pool);
	if (ret) {
		create_failed(d, "its nested page tables", ret);
		goto fail;
	}
	for (i = 0; i < d->num_mem_regions; i++) {
		const struct bh_mem_region *r = &d->mem_regions[i];

		ret = cell_map_region(cell, r);
		if (ret)
			goto fail;
		if (r->flags & BH_MEM_COMM_REGION) {
			cell->comm_gpa = r->virt_start;
			cell->comm = phys_to_virt(pa_init(r->phys_start));
		}
	}
	ret = ivshmem_cell_init(cell);
	if (ret) {
		create_failed(d, "its ivshmem devices", ret);
		goto fail;
	}
	ret = arch_cell_init(cell);
	if (ret) {
		create_failed(d, "its CPU state and intercept maps", ret);
		goto fail;
	}
	/* its ports are no longer the root's */
	arch_cell_ports_changed(&root_cell);
	for (taken = 0; taken < d->num_mem_regions; taken++) {
		const struct bh_mem_region *r = &d->mem_regions[taken];

		if (!region_leaves_root(r))
			continue;
		ret = paging_unmap(&root_cell.npt, r->phys_start, r->size);
		/* a table this freed may be reused by the next split: no
		 * root CPU may still walk through it by then */
		root_flush_tlbs(self);
		if (ret) {
			create_failed(d, "taking its memory from the root cell",
				      ret);
			goto fail;
		}
	}
	/* the root cell can no longer reach it: nothing of it stays */
	clear_cell_ram(cell);

	/* Linux has offlined these CPUs; they sit in its idle loop until
	 * the NMI of the park request brings them to us. */
	for (i = 0; i < MAX_CPUS; i++) {
		if (!(d->cpu_set & BIT(i)))
			continue;
		ret = cpu_request_sync(self, per_cpu(i), REQ_PARK);
		/* those parked stay so, in the root cell, until Linux
		 * onlines them */
		if (ret)
			goto fail;
	}
	for (i = 0; i < MAX_CPUS; i++) {
		struct per_cpu *t = per_cpu(i);

		if (!(d->cpu_set & BIT(i)))
			continue;
		root_cell.cpu_set &= ~BIT(i);
		cell->cpu_set |= BIT(i);
		t->cell = cell;
		/* its VMCB is rebuilt for the cell: no regulation state stays */
		t->reg = (struct reg_cpu){ 0 };
		t->stats->cell = id;
		arch_cpu_set_cell(t, cell);
	}
	cell_status_update(cell);
	cell_status_update(&root_cell);
	printk("Created cell '%s' (id %u)\n", d->name, id);
	return id;

fail:
	cell_release(self, cell, taken);
	return ret;
}

long cell_create(struct per_cpu *self, u64 desc_gpa)
{
	long ret;

	lifecycle_lock(self);
	ret = do_create(self, desc_gpa);
	/* also after a failure: what it took, it gave back */
	status_update_pool();
	spin_unlock(&cell_lock);
	return ret;
}

static long do_set_loadable(struct per_cpu *self, struct cell *cell, u64 unused)
{
	unsigned int i;
	long ret = 0;

	(void)unused;
	if (cell->state == BH_STATE_RUNNING) {
		printk("ERROR: cell %s is running: shut it down before loading\n",
		       cell->desc->name);
		return -EBUSY;
	}
	ret = park_cell_cpus(self, cell);
	if (ret)
		return ret;
	/* the root may now write anything into the cell's memory */
	cell_console_drain(cell);
	cell->comm_valid = false;
	/*
	 * Recorded before the first mapping: whatever part of the cell the
	 * root gets here, even after a failure halfway, a start takes back.
	 */
	for (i = 0; i < cell->desc->num_mem_regions; i++) {
		const struct bh_mem_region *r = &cell->desc->mem_regions[i];

		if (!(r->flags & BH_MEM_LOADABLE))
			continue;
		/* mapping again what is mapped changes nothing */
		cell->loadable_mapped = true;
		ret = paging_map(&root_cell.npt, r->phys_start,
				 pa_init(r->phys_start), r->size,
				 PAGING_READ | PAGING_WRITE | PAGING_USER);
		/* a split or merge may have freed a table the root's CPUs
		 * still walk */
		root_flush_tlbs(self);
		if (ret) {
			printk("ERROR: cell %s: memory region '%s' cannot be given to the root cell for loading (%ld)\n",
			       cell->desc->name, r->name, ret);
			return ret;
		}
	}
	cell->state = BH_STATE_SHUT_DOWN;
	cell_status_update(cell);
	return ret;
}

long cell_set_loadable(struct per_cpu *self, u64 id)
{
	return with_cell(self, id, do_set_loadable, 0);
}

static void comm_init(struct cell *cell, unsigned int boot_cpu)
{
	struct bh_comm_region *c = cell->comm;
	u64 mmcfg_start, mmcfg_size;
	unsigned int i, n = 0;

	memset(c, 0, sizeof(*c));
	memcpy(c->signature, BH_COMM_SIGNATURE, 8);
	c->version = BH_COMM_VERSION;
	c->cell_id = cell->id;
	c->tsc_khz = hv_header.tsc_khz;
	c->console_port = cell->desc->console_port;
	memcpy(c->name, cell->desc->name, sizeof(c->name));
	c->apic_ids[n++] = per_cpu(boot_cpu)->apic_id;
	for_each_cell_cpu(i, cell)
		if (i != boot_cpu)
			c->apic_ids[n++] = per_cpu(i)->apic_id;
	c->num_cpus = n;
	/* its devices' configuration space: where the system's is */
	if (cell->num_ivshmem &&
	    pci_mmconfig_window(&mmcfg_start, &mmcfg_size)) {
		c->pci_mmconfig = hv_config->pci_mmconfig.phys_start;
		c->pci_start_bus = hv_config->pci_mmconfig.start_bus;
		c->pci_end_bus = hv_config->pci_mmconfig.end_bus;
	}
	/* apic_khz is measured by the boot CPU itself (cpu_park) */
}

static long do_start(struct per_cpu *self, struct cell *cell, u64 entry)
{
	const struct bh_cell_desc *d;
	unsigned int i, boot = MAX_CPUS;
	long ret = 0;
	u32 flags;

	d = cell->desc;
	if (cell->state == BH_STATE_RUNNING) {
		printk("ERROR: cell %s is already running\n", d->name);
		return -EBUSY;
	}
	if (!paging_lookup(&cell->npt, entry, NULL, &flags) ||
	    !(flags & PAGING_EXEC)) {
		printk("ERROR: cell %s: entry 0x%llx is not in executable cell memory\n",
		       d->name, (unsigned long long)entry);
		return -EINVAL;
	}
	ret = park_cell_cpus(self, cell);
	if (ret)
		return ret;
	/* no start while the root can still write into the cell */
	if (cell->loadable_mapped) {
		for (i = 0; i < d->num_mem_regions; i++) {
			if (!(d->mem_regions[i].flags & BH_MEM_LOADABLE))
				continue;
			ret = paging_unmap(&root_cell.npt,
					   d->mem_regions[i].phys_start,
					   d->mem_regions[i].size);
			root_flush_tlbs(self);
			if (ret) {
				printk("ERROR: cell %s: memory region '%s' cannot be taken back from the root cell (%ld); not started\n",
				       d->name, d->mem_regions[i].name, ret);
				return ret;
			}
		}
		cell->loadable_mapped = false;
	}

	/* a SIPI left over from before the stop must not start anyone */
	for_each_cell_cpu(i, cell) {
		if (boot == MAX_CPUS) {
			boot = i;
			arch_cpu_forget_sipi(per_cpu(i));
		} else {
			arch_cpu_wait_for_sipi(per_cpu(i));
		}
	}
	comm_init(cell, boot);
	regulation_cell_started(cell);
	/* the inmate finds its devices as after a power-on */
	ivshmem_cell_reset(cell);
	cell->console_drained = 0;
	cell->console_midline = false;
	cell->comm_valid = true;
	cell->entry = entry;
	cell->failed_cpus = 0;
	cell->state = BH_STATE_RUNNING;
	/* before the start: the boot CPU may INIT/SIPI its siblings at once */
	cell_start_running(cell);
	cell_status_update(cell);
	printk("Started cell '%s' at 0x%llx on CPU %u\n", d->name,
	       (unsigned long long)entry, boot);
	/* wait until it is taken, so that no later park request can find a
	 * stale start (see cpu_park) */
	ret = cpu_request_sync(self, per_cpu(boot), REQ_START);
	if (ret) {
		cell_stop_running(cell);
		cell->state = BH_STATE_FAILED;
		cell_status_update(cell);
	}
	return ret;
}

long cell_start(struct per_cpu *self, u64 id, u64 entry)
{
	return with_cell(self, id, do_start, entry);
}

static long do_shutdown(struct per_cpu *self, struct cell *cell, u64 force)
{
	struct bh_comm_region *c = cell->comm;
	int ret;

	if (cell->state == BH_STATE_RUNNING && !force) {
		if (READ_ONCE(c->msg_to_cell) != BH_MSG_SHUTDOWN_REQUEST) {
			WRITE_ONCE(c->reply_from_cell, BH_REPLY_NONE);
			WRITE_ONCE(c->msg_to_cell, BH_MSG_SHUTDOWN_REQUEST);
			return 1;
		}
		switch (READ_ONCE(c->reply_from_cell)) {
		case BH_REPLY_NONE:
			return 1;
		case BH_REPLY_DENIED:
			WRITE_ONCE(c->msg_to_cell, BH_MSG_NONE);
			cell_status_update(cell);
			printk("Cell '%s' denied the shutdown request\n",
			       cell->desc->name);
			return -EBUSY;
		}
	} else if (cell->state == BH_STATE_RUNNING &&
		   READ_ONCE(c->msg_to_cell) == BH_MSG_SHUTDOWN_REQUEST &&
		   READ_ONCE(c->reply_from_cell) == BH_REPLY_NONE) {
		printk("Cell '%s' did not answer the shutdown request in time\n",
		       cell->desc->name);
	}
	ret = park_cell_cpus(self, cell);
	if (ret)
		return ret;
	cell_console_drain(cell);
	/* its peers learn that it is gone (state 0) */
	ivshmem_cell_reset(cell);
	if (cell->state == BH_STATE_RUNNING)
		WRITE_ONCE(c->msg_to_cell, BH_MSG_NONE);
	if (cell->state != BH_STATE_FAILED)
		cell->state = BH_STATE_SHUT_DOWN;
	cell_status_update(cell);
	printk("Cell '%s' stopped\n", cell->desc->name);
	return 0;
}

long cell_shutdown(struct per_cpu *self, u64 id, bool force)
{
	return with_cell(self, id, do_shutdown, force);
}

void cells_console_drain(void)
{
	unsigned int i;

	for (i = 1; i < MAX_CELLS; i++) {
		if (!cells[i])
			continue;
		cell_console_drain(cells[i]);
		/* a cell may have locked or unlocked itself since */
		cell_status_update(cells[i]);
	}
}

static long do_destroy(struct per_cpu *self, struct cell *cell, u64 unused)
{
	unsigned int i;
	int ret;

	(void)unused;
	ret = park_cell_cpus(self, cell);
	if (ret)
		return ret;
	/* its last words, before the memory goes back to the root cell */
	cell_console_drain(cell);
	clear_cell_ram(cell);
	for_each_cell_cpu(i, cell) {
		struct per_cpu *t = per_cpu(i);

		/*
		 * Linux brings it back with INIT/SIPI when it onlines it. A
		 * SIPI of the cell's still pending goes first: the root cell
		 * may run, and its park loop would take that SIPI.
		 */
		arch_cpu_wait_for_sipi(t);
		t->cell = &root_cell;
		t->reg = (struct reg_cpu){ 0 };
		t->stats->cell = 0;
		arch_cpu_set_cell(t, &root_cell);
		root_cell.cpu_set |= BIT(i);
	}
	cell->cpu_set = 0;
	cell_release(self, cell, cell->desc->num_mem_regions);
	cell_status_update(&root_cell);
	printk("Destroyed cell '%s'\n", cell->desc->name);
	return 0;
}

long cell_destroy(struct per_cpu *self, u64 id)
{
	return with_cell(self, id, do_destroy, 0);
}

/* A page the root may have as a device's register page. */
static bool root_device_page(u64 page)
{
	const struct bh_cell_desc *rd = root_cell.desc;
	unsigned int i, c;
	bool io = false;

	for (i = 0; i < rd->num_mem_regions; i++) {
		const struct bh_mem_region *r = &rd->mem_regions[i];

		if ((r->flags & BH_MEM_IO) && page >= r->phys_start &&
		    page - r->phys_start < r->size)
			io = true;
	}
	for (c = 1; io && c < MAX_CELLS; c++) {
		const struct bh_cell_desc *d = cells[c] ? cells[c]->desc : NULL;

		for (i = 0; d && i < d->num_mem_regions; i++)
			if (page + PAGE_SIZE > d->mem_regions[i].phys_start &&
			    page < d->mem_regions[i].phys_start +
					    d->mem_regions[i].size)
				return false;
	}
	return io;
}

void cell_root_trap_page(struct per_cpu *self, u64 old_page, u64 new_page)
{
	lifecycle_lock(self);
	if (old_page && root_device_page(old_page))
		root_remap(old_page, PAGE_SIZE);
	if (new_page) {
		if (root_device_page(new_page))
			paging_unmap(&root_cell.npt, new_page, PAGE_SIZE);
		else
			printk("root cell: device registers at 0x%llx not emulated: not in the root cell's device memory\n",
			       (unsigned long long)new_page);
	}
	root_flush_tlbs(self);
	/* the tables may have grown or shrunk: the root's view of the pool */
	status_update_pool();
	spin_unlock(&cell_lock);
}
