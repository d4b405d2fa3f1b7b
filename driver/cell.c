// SPDX-License-Identifier: GPL-2.0
/*
 * Non-root cells from Linux's side: taking their CPUs offline and giving
 * them back, loading images into their memory, and the hypercalls that do
 * the rest. All calls hold bh.lock.
 */
#include <linux/cpu.h>
#include <linux/delay.h>
#include <linux/jiffies.h>
#include <linux/io.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <bulkhead/hypercall.h>
#include <bulkhead/ioctl.h>
#include "bulkhead.h"

#define SHUTDOWN_TIMEOUT_MS 2000

struct bh_cell bh_cells[BH_STATUS_MAX_CELLS];

static struct bh_cell *cell_by_id(u32 id)
{
	if (id == 0 || id >= BH_STATUS_MAX_CELLS || !bh_cells[id].desc)
		return NULL;
	return &bh_cells[id];
}

/* The hypervisor explains its refusals on its console. */
static long hypercall_explained(unsigned long code, unsigned long a1,
				unsigned long a2, char *reason)
{
	u64 since = READ_ONCE(bh.status->console_written);
	long ret = bh_hypercall(code, a1, a2);

	if (ret < 0 && !bh_console_error_since(since, reason))
		snprintf(reason, BH_REASON_LEN, "the hypervisor refused (%ld)",
			 ret);
	return ret;
}

static void give_cpus_back(u64 cpu_set)
{
	unsigned int cpu;

	for (cpu = 0; cpu < 64; cpu++)
		if (cpu_set & BIT_ULL(cpu))
			if (add_cpu(cpu))
				pr_err("bulkhead: CPU %u could not be brought back online\n",
				       cpu);
}

int bh_cell_create(const struct bh_cell_desc *d, char *reason)
{
	struct bh_cell_desc *copy;
	u64 taken = 0;
	unsigned int cpu, i;
	long id;
	int ret;

	if (!bh.enabled)
		return refuse("the hypervisor is not enabled");
	if (memcmp(d->signature, BH_CELL_SIGNATURE, BH_SIGNATURE_LEN) ||
	    d->version != BH_CONFIG_VERSION)
		return refuse("not a cell config of version %u",
			      BH_CONFIG_VERSION);
	for (i = 1; i < BH_STATUS_MAX_CELLS; i++)
		if (bh_cells[i].desc &&
		    !strncmp(bh_cells[i].desc->name, d->name, BH_NAME_LEN))
			return refuse(
				"name: a cell named '%.*s' exists already",
				BH_NAME_LEN, d->name);
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(d->cpu_set & BIT_ULL(cpu)))
			continue;
		if (cpu == 0)
			return refuse("cpus: CPU 0 stays with Linux");
		if (cpu >= nr_cpu_ids || !cpu_present(cpu))
			return refuse("cpus: CPU %u does not exist", cpu);
		if (!cpu_online(cpu))
			return refuse(
				"cpus: CPU %u is offline or belongs to another cell",
				cpu);
	}

	/* physically contiguous, for the hypervisor to read */
	copy = kmemdup(d, sizeof(*d), GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	for (cpu = 0; cpu < 64; cpu++) {
		if (!(d->cpu_set & BIT_ULL(cpu)))
			continue;
		ret = remove_cpu(cpu);
		if (ret) {
			snprintf(reason, BH_REASON_LEN,
				 "cpus: Linux cannot take CPU %u offline (%d)",
				 cpu, ret);
			goto fail;
		}
		taken |= BIT_ULL(cpu);
	}
	id = hypercall_explained(BH_HC_CELL_CREATE, virt_to_phys(copy), 0,
				 reason);
	if (id < 0) {
		ret = id;
		goto fail;
	}
	if (id >= BH_STATUS_MAX_CELLS || bh_cells[id].desc) {
		ret = -EIO;
		snprintf(reason, BH_REASON_LEN,
			 "the hypervisor returned a bad cell id %ld", id);
		goto fail;
	}
	bh_cells[id] = (struct bh_cell){ .desc = copy, .id = id };
	bh_sysfs_cell_add(id);
	pr_info("bulkhead: created cell '%s' (id %ld)\n", copy->name, id);
	return id;
fail:
	give_cpus_back(taken);
	kfree(copy);
	return ret;
}

/* The host-physical address of [addr, addr + size) in a loadable region. */
static int loadable_phys(const struct bh_cell_desc *d, u64 addr, u64 size,
			 u64 *phys)
{
	unsigned int i;

	for (i = 0; i < d->num_mem_regions; i++) {
		const struct bh_mem_region *r = &d->mem_regions[i];

		if (!(r->flags & BH_MEM_LOADABLE) || addr < r->virt_start ||
		    size > r->size || addr - r->virt_start > r->size - size)
			continue;
		*phys = r->phys_start + (addr - r->virt_start);
		return 0;
	}
	return -ERANGE;
}

int bh_cell_load(u32 id, const struct bh_cell_load_segment *seg, unsigned int n,
		 char *reason)
{
	struct bh_cell *c = cell_by_id(id);
	unsigned int i;
	long ret;
	u64 phys;

	if (!c)
		return refuse("no cell with id %u", id);
	if (!n)
		return refuse("nothing to load");
	for (i = 0; i < n; i++)
		if (!seg[i].size ||
		    loadable_phys(c->desc, seg[i].address, seg[i].size, &phys))
			return refuse(
				"%llu bytes at 0x%llx do not fit in a loadable region of cell '%s'",
				seg[i].size, seg[i].address, c->desc->name);

	ret = hypercall_explained(BH_HC_CELL_SET_LOADABLE, id, 0, reason);
	if (ret < 0)
		return ret;
	for (i = 0; i < n; i++) {
		void *dst;

		loadable_phys(c->desc, seg[i].address, seg[i].size, &phys);
		dst = memremap(phys, seg[i].size, MEMREMAP_WB);
		if (!dst)
			return refuse("cannot map cell memory at 0x%llx", phys);
		ret = copy_from_user(dst, u64_to_user_ptr(seg[i].data),
				     seg[i].size) ?
			      -EFAULT :
			      0;
		memunmap(dst);
		if (ret)
			return ret;
	}
	c->entry = seg[0].address;
	c->loaded = true;
	return 0;
}

int bh_cell_start(u32 id, char *reason)
{
	struct bh_cell *c = cell_by_id(id);

	if (!c)
		return refuse("no cell with id %u", id);
	if (!c->loaded)
		return refuse(
			"cell '%s' has no image loaded: use 'bulkhead cell load' first",
			c->desc->name);
	return hypercall_explained(BH_HC_CELL_START, id, c->entry, reason);
}

int bh_cell_shutdown(u32 id, char *reason)
{
	struct bh_cell *c = cell_by_id(id);
	/* by the clock: a sleep of 10 ms lasts longer on a busy machine */
	unsigned long deadline =
		jiffies + msecs_to_jiffies(SHUTDOWN_TIMEOUT_MS);
	long ret;

	if (!c)
		return refuse("no cell with id %u", id);
	for (;;) {
		ret = hypercall_explained(BH_HC_CELL_SHUTDOWN, id, 0, reason);
		if (ret != 1)
			break;
		if (time_after(jiffies, deadline)) {
			ret = hypercall_explained(BH_HC_CELL_SHUTDOWN, id, 1,
						  reason);
			break;
		}
		msleep(10);
	}
	if (ret == -EBUSY)
		snprintf(reason, BH_REASON_LEN,
			 "cell '%s' refused to shut down", c->desc->name);
	return ret < 0 ? ret : 0;
}

int bh_cell_destroy(u32 id, char *reason)
{
	struct bh_cell *c = cell_by_id(id);
	long ret;

	if (!c)
		return refuse("no cell with id %u", id);
	ret = hypercall_explained(BH_HC_CELL_DESTROY, id, 0, reason);
	if (ret < 0)
		return ret;
	bh_sysfs_cell_remove(id);
	give_cpus_back(c->desc->cpu_set);
	pr_info("bulkhead: destroyed cell '%s'\n", c->desc->name);
	kfree(c->desc);
	memset(c, 0, sizeof(*c));
	return 0;
}

bool bh_cells_exist(void)
{
	unsigned int i;

	for (i = 1; i < BH_STATUS_MAX_CELLS; i++)
		if (bh_cells[i].desc)
			return true;
	return false;
}
