// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/devices/bulkhead: state, page pool and, per cell, per-CPU VM exit
 * counters read from the hypervisor's status area.
 *
 *   enabled, mem_pool_size, mem_pool_used
 *   cells/<id>/{name,state,cpus,cpus_failed}
 *   cells/<id>/statistics/cpu<N>/vmexits_total, vmexits_<reason>,
 *       regulation_holds, regulation_held_ns, regulation_hold_max_ns
 */
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <bulkhead/hypercall.h>
#include "bulkhead.h"

static const char *const exit_names[] = BH_EXIT_NAMES;
static_assert(ARRAY_SIZE(exit_names) == BH_EXIT_NUM);

static struct device *bh_dev;
static struct kobject *cells_kobj;

struct cpu_stats_kobj {
	struct kobject kobj;
	unsigned int cpu;
};

struct cell_kobj {
	struct kobject kobj;
	struct kobject *stats;
	unsigned int id;
	struct cpu_stats_kobj *cpus[BH_STATUS_MAX_CPUS];
};

static struct cell_kobj *cell_kobjs[BH_STATUS_MAX_CELLS];

static ssize_t enabled_show(struct device *d, struct device_attribute *a,
			    char *buf)
{
	return sysfs_emit(buf, "%d\n", bh.enabled);
}

static ssize_t mem_pool_size_show(struct device *d, struct device_attribute *a,
				  char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  bh.enabled ? bh.status->pool_pages : 0ull);
}

static ssize_t mem_pool_used_show(struct device *d, struct device_attribute *a,
				  char *buf)
{
	return sysfs_emit(buf, "%llu\n",
			  bh.enabled ? bh.status->pool_used : 0ull);
}

static DEVICE_ATTR_RO(enabled);
static DEVICE_ATTR_RO(mem_pool_size);
static DEVICE_ATTR_RO(mem_pool_used);

static struct attribute *bh_attrs[] = {
	&dev_attr_enabled.attr,
	&dev_attr_mem_pool_size.attr,
	&dev_attr_mem_pool_used.attr,
	NULL,
};
ATTRIBUTE_GROUPS(bh);

/*
 * One file per counter of struct bh_cpu_stats, found by its offset there:
 * vmexits_<reason> for each exit reason, then the ones below (the
 * regulation's and the NMIs' are a root CPU's, 0 elsewhere).
 */
struct exit_attr {
	struct attribute attr;
	size_t offset; /* of the u64 in struct bh_cpu_stats */
};

#define STAT(name, field)                                  \
	{                                                  \
		name, offsetof(struct bh_cpu_stats, field) \
	}
static const struct {
	const char *name;
	size_t offset;
} extra_stats[] = {
	STAT("vmexits_total", exits_total),
	STAT("regulation_holds", reg_holds),
	STAT("regulation_held_ns", reg_held_ns),
	STAT("regulation_hold_max_ns", reg_hold_max_ns),
	STAT("regulation_take_up_max_ns", reg_take_up_max_ns),
	STAT("nmis_injected", nmis_injected),
	STAT("nmis_held", nmis_held),
};
#undef STAT
#define NUM_STATS (BH_EXIT_NUM + ARRAY_SIZE(extra_stats))

static struct exit_attr exit_attrs[NUM_STATS];
static struct attribute *exit_attr_ptrs[NUM_STATS + 1];
static char exit_attr_names[NUM_STATS][32];

static ssize_t cpu_stats_show(struct kobject *kobj, struct attribute *attr,
			      char *buf)
{
	struct cpu_stats_kobj *c =
		container_of(kobj, struct cpu_stats_kobj, kobj);
	struct exit_attr *ea = container_of(attr, struct exit_attr, attr);
	const struct bh_cpu_stats *s;

	if (!bh.enabled)
		return -ENODEV;
	s = &bh.status->cpu[c->cpu];
	return sysfs_emit(
		buf, "%llu\n",
		READ_ONCE(*(const u64 *)((const char *)s + ea->offset)));
}

static const struct sysfs_ops cpu_stats_ops = { .show = cpu_stats_show };

static struct attribute_group exit_group = { .attrs = exit_attr_ptrs };
static const struct attribute_group *exit_groups[] = { &exit_group, NULL };

static void cpu_stats_release(struct kobject *kobj)
{
	kfree(container_of(kobj, struct cpu_stats_kobj, kobj));
}

static struct kobj_type cpu_stats_ktype = {
	.release = cpu_stats_release,
	.sysfs_ops = &cpu_stats_ops,
	.default_groups = exit_groups,
};

static struct cell_kobj *to_cell(struct kobject *kobj)
{
	return container_of(kobj, struct cell_kobj, kobj);
}

static const struct bh_cell_status *cell_status(struct kobject *k)
{
	return &bh.status->cells[to_cell(k)->id];
}

static ssize_t name_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	return sysfs_emit(buf, "%.*s\n", BH_NAME_LEN, cell_status(k)->name);
}

static const char *const state_names[] = {
	[BH_STATE_FREE] = "free",
	[BH_STATE_SHUT_DOWN] = "shut-down",
	[BH_STATE_RUNNING] = "running",
	[BH_STATE_RUNNING_LOCKED] = "running/locked",
	[BH_STATE_FAILED] = "failed",
};

static ssize_t state_show(struct kobject *k, struct kobj_attribute *a,
			  char *buf)
{
	u32 state;

	/*
	 * A running cell locks and unlocks itself without telling anyone:
	 * have the hypervisor look. Only try the lock: an ioctl holding it
	 * may be removing this very file and waiting for us to finish.
	 */
	if (mutex_trylock(&bh.lock)) {
		if (bh.enabled)
			bh_hypercall(BH_HC_CONSOLE_SYNC, 0, 0);
		mutex_unlock(&bh.lock);
	}
	state = READ_ONCE(cell_status(k)->state);

	return sysfs_emit(buf, "%s\n",
			  state < ARRAY_SIZE(state_names) ? state_names[state] :
							    "unknown");
}

static ssize_t cpus_show(struct kobject *k, struct kobj_attribute *a, char *buf)
{
	u64 set = READ_ONCE(cell_status(k)->cpu_set);

	return sysfs_emit(buf, "%*pbl\n", 64, &set);
}

static ssize_t cpus_failed_show(struct kobject *k, struct kobj_attribute *a,
				char *buf)
{
	u64 set = READ_ONCE(cell_status(k)->failed_cpus);

	return sysfs_emit(buf, "%*pbl\n", 64, &set);
}

static struct kobj_attribute name_attr = __ATTR_RO(name);
static struct kobj_attribute state_attr = __ATTR_RO(state);
static struct kobj_attribute cpus_attr = __ATTR_RO(cpus);
static struct kobj_attribute cpus_failed_attr = __ATTR_RO(cpus_failed);
static struct attribute *cell_attrs[] = { &name_attr.attr, &state_attr.attr,
					  &cpus_attr.attr,
					  &cpus_failed_attr.attr, NULL };
ATTRIBUTE_GROUPS(cell);

static void cell_release(struct kobject *kobj)
{
	kfree(to_cell(kobj));
}

static struct kobj_type cell_ktype = {
	.release = cell_release,
	.sysfs_ops = &kobj_sysfs_ops,
	.default_groups = cell_groups,
};

static void cell_kobj_remove(struct cell_kobj *c)
{
	unsigned int i;

	for (i = 0; i < BH_STATUS_MAX_CPUS; i++)
		if (c->cpus[i])
			kobject_put(&c->cpus[i]->kobj);
	kobject_put(c->stats);
	kobject_put(&c->kobj);
}

static struct cell_kobj *cell_kobj_add(unsigned int id, u64 cpu_set)
{
	struct cell_kobj *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned int cpu;

	if (!c)
		return NULL;
	c->id = id;
	if (kobject_init_and_add(&c->kobj, &cell_ktype, cells_kobj, "%u", id)) {
		kobject_put(&c->kobj);
		return NULL;
	}
	c->stats = kobject_create_and_add("statistics", &c->kobj);
	if (!c->stats)
		goto fail;
	for (cpu = 0; cpu < BH_STATUS_MAX_CPUS; cpu++) {
		struct cpu_stats_kobj *s;

		if (!(cpu_set & BIT_ULL(cpu)))
			continue;
		s = kzalloc(sizeof(*s), GFP_KERNEL);
		if (!s)
			goto fail;
		s->cpu = cpu;
		if (kobject_init_and_add(&s->kobj, &cpu_stats_ktype, c->stats,
					 "cpu%u", cpu)) {
			kobject_put(&s->kobj);
			goto fail;
		}
		c->cpus[cpu] = s;
	}
	return c;
fail:
	cell_kobj_remove(c);
	return NULL;
}

void bh_sysfs_cell_add(u32 id)
{
	if (id < BH_STATUS_MAX_CELLS && !cell_kobjs[id])
		cell_kobjs[id] =
			cell_kobj_add(id, bh.status->cells[id].cpu_set);
}

void bh_sysfs_cell_remove(u32 id)
{
	if (id < BH_STATUS_MAX_CELLS && cell_kobjs[id]) {
		cell_kobj_remove(cell_kobjs[id]);
		cell_kobjs[id] = NULL;
	}
}

/* Called with bh.lock held after enable and disable: the root cell. */
int bh_sysfs_cells_update(void)
{
	unsigned int i;

	for (i = 0; i < BH_STATUS_MAX_CELLS; i++)
		bh_sysfs_cell_remove(i);
	if (!bh.enabled)
		return 0;
	bh_sysfs_cell_add(0);
	return cell_kobjs[0] ? 0 : -ENOMEM;
}

int bh_sysfs_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < NUM_STATS; i++) {
		struct exit_attr *ea = &exit_attrs[i];

		if (i < BH_EXIT_NUM) {
			ea->offset = offsetof(struct bh_cpu_stats, exits) +
				     i * sizeof(u64);
			snprintf(exit_attr_names[i], sizeof(exit_attr_names[i]),
				 "vmexits_%s", exit_names[i]);
		} else {
			ea->offset = extra_stats[i - BH_EXIT_NUM].offset;
			snprintf(exit_attr_names[i], sizeof(exit_attr_names[i]),
				 "%s", extra_stats[i - BH_EXIT_NUM].name);
		}
		ea->attr.name = exit_attr_names[i];
		ea->attr.mode = 0444;
		exit_attr_ptrs[i] = &ea->attr;
	}

	bh_dev = root_device_register("bulkhead");
	if (IS_ERR(bh_dev))
		return PTR_ERR(bh_dev);
	ret = sysfs_create_groups(&bh_dev->kobj, bh_groups);
	if (ret)
		goto fail;
	cells_kobj = kobject_create_and_add("cells", &bh_dev->kobj);
	if (!cells_kobj) {
		ret = -ENOMEM;
		goto fail;
	}
	return 0;
fail:
	root_device_unregister(bh_dev);
	return ret;
}

void bh_sysfs_exit(void)
{
	unsigned int i;

	for (i = 0; i < BH_STATUS_MAX_CELLS; i++)
		bh_sysfs_cell_remove(i);
	kobject_put(cells_kobj);
	sysfs_remove_groups(&bh_dev->kobj, bh_groups);
	root_device_unregister(bh_dev);
}
