// SPDX-License-Identifier: GPL-2.0
/*
 * L3 cache allocation for cells with cache-ways (asm/cat.h): the MSR
 * writes, each done by a CPU of the L3 it concerns, since the masks are
 * per cache and the class of service per CPU.
 *
 * Under the hypervisor L3 allocation is ours: the root runs in COS 0
 * whatever it writes to IA32_PQR_ASSOC (its RMID still goes through, for
 * monitoring), and its writes to the masks are dropped. Otherwise Linux
 * could give itself a cell's ways, or pick the cell's COS.
 */
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/spinlock.h>
#include <asm/cat.h>
#include <asm/msr.h>
#include <asm/processor.h>

#define PQR_RESERVED 0xfffffc00ull /* bits 31:10 */

static struct cat_caps cat;
/* CDP splits every COS into two masks; Linux turns it on for resctrl's
 * "cdp" mount option. We then leave L3 allocation alone. */
static bool cat_cdp_on;
static bool pqr_exists; /* IA32_PQR_ASSOC: allocation or monitoring */
static u32 max_rmid;

/* Under cat_lock: each cell's share, by cell id; mask 0 for none. */
static struct spinlock cat_lock;
static struct {
	u32 mask;
	u16 cos;
} cell_cat[MAX_CELLS];

/* What the cells hold now: their ways, and their COS with the root's 0. */
static u32 held_ways(u64 cos_used[CAT_MAX_COS / 64])
{
	u32 held = 0;

	if (cos_used) {
		for (unsigned int i = 0; i < CAT_MAX_COS / 64; i++)
			cos_used[i] = 0;
		cos_used[0] = 1;
	}
	for (unsigned int id = 1; id < MAX_CELLS; id++) {
		if (!cell_cat[id].mask)
			continue;
		held |= cell_cat[id].mask;
		if (cos_used)
			cos_used[cell_cat[id].cos / 64] |=
				1ull << (cell_cat[id].cos % 64);
	}
	return held;
}

void cat_init(void)
{
	u32 a, b, c, d, l7b, l10b = 0, l10_1[4] = { 0 };

	cpuid_count(7, 0, &a, &l7b, &c, &d);
	if (l7b & CPUID_7_EBX_PQE) {
		cpuid_count(0x10, 0, &a, &l10b, &c, &d);
		cpuid_count(0x10, 1, &l10_1[0], &l10_1[1], &l10_1[2],
			    &l10_1[3]);
	}
	cat_caps_decode(&cat, l7b, l10b, l10_1);
	max_rmid = 0;
	if (l7b & CPUID_7_EBX_PQM) {
		cpuid_count(0xf, 0, &a, &b, &c, &d);
		max_rmid = b;
	}
	pqr_exists = l7b & (CPUID_7_EBX_PQM | CPUID_7_EBX_PQE);
	cat_cdp_on = cat.present && cat.cdp && (rdmsr(MSR_IA32_L3_QOS_CFG) & 1);
	for (a = 0; a < MAX_CELLS; a++)
		cell_cat[a].mask = 0;
	if (cat.present)
		printk("L3 cache allocation: %u ways, COS 0-%u%s\n",
		       cat.cbm_len, cat.cos_max,
		       cat_cdp_on ?
			       "; code/data prioritization is on, so cells get no ways" :
			       "");
}

static bool cat_usable(void)
{
	return cat.present && !cat_cdp_on;
}

static void set_pqr_cos(u16 cos)
{
	u64 v = rdmsr(MSR_IA32_PQR_ASSOC);

	wrmsr(MSR_IA32_PQR_ASSOC,
	      (v & CAT_PQR_RMID_MASK) | ((u64)cos << CAT_PQR_COS_SHIFT));
}

void cat_cpu_init(struct per_cpu *cpu)
{
	(void)cpu;
	if (!cat_usable())
		return;
	/* whatever class Linux's resctrl gave this CPU: no cell holds
	 * ways yet, so COS 0 gets them all */
	wrmsr(MSR_IA32_L3_MASK_0, cat_full_mask(&cat));
	set_pqr_cos(0);
}

int cat_cell_init(struct cell *cell)
{
	u32 ways = cell->desc->cache_ways, mask = 0, held;
	u64 cos_used[CAT_MAX_COS / 64];
	u16 cos = 0;
	int ret = 0;

	if (cell == &root_cell || !ways)
		return 0;
	if (!cat.present) {
		printk("ERROR: cell %s: cache-ways %u refused: this CPU has no L3 cache allocation (CPUID 7 EBX[15] and 10h.0 EBX[1])\n",
		       cell->desc->name, ways);
		return -ENODEV;
	}
	if (cat_cdp_on) {
		printk("ERROR: cell %s: cache-ways %u refused: L3 code/data prioritization is on (IA32_L3_QOS_CFG bit 0; unmount resctrl's cdp)\n",
		       cell->desc->name, ways);
		return -ENODEV;
	}
	spin_lock(&cat_lock);
	held = held_ways(cos_used);
	switch (cat_pick(&cat, held, cos_used, ways, &mask, &cos)) {
	case CAT_PICKED:
		cell_cat[cell->id].mask = mask;
		cell_cat[cell->id].cos = cos;
		held |= mask;
		break;
	case CAT_NO_WAYS:
		printk("ERROR: cell %s: cache-ways %u refused: the L3 has %u ways, free: mask 0x%x, and the root keeps one above every cell's\n",
		       cell->desc->name, ways, cat.cbm_len,
		       cat_full_mask(&cat) & ~held);
		ret = -ENOSPC;
		break;
	case CAT_NO_COS:
		printk("ERROR: cell %s: cache-ways %u refused: every class of service (1-%u) is held by a cell\n",
		       cell->desc->name, ways, cat.cos_max);
		ret = -ENOSPC;
		break;
	}
	spin_unlock(&cat_lock);
	if (ret)
		return ret;
	if (mask & cat.shared)
		printk("WARNING: cell %s: its L3 ways 0x%x include ways devices may also fill (0x%x)\n",
		       cell->desc->name, mask, cat.shared);
	printk("Cell %s: L3 ways 0x%x in COS %u; the root's COS 0: 0x%x\n",
	       cell->desc->name, mask, cos, cat_root_mask(&cat, held));
	return 0;
}

void cat_cell_destroy(struct cell *cell)
{
	if (cell == &root_cell || !cell_cat[cell->id].mask)
		return;
	spin_lock(&cat_lock);
	cell_cat[cell->id].mask = 0;
	/* the cell's CPUs write it in their L3s when they come back */
	wrmsr(MSR_IA32_L3_MASK_0, cat_root_mask(&cat, held_ways(NULL)));
	spin_unlock(&cat_lock);
}

void cat_cpu_enter(struct per_cpu *cpu)
{
	struct cell *cell = cpu->cell;
	u16 cos = 0;

	if (!cat_usable())
		return;
	spin_lock(&cat_lock);
	if (cell != &root_cell && cell_cat[cell->id].mask) {
		cos = cell_cat[cell->id].cos;
		/* the cell's ways first, then out of the root's reach */
		wrmsr(MSR_IA32_L3_MASK_0 + cos, cell_cat[cell->id].mask);
	}
	wrmsr(MSR_IA32_L3_MASK_0, cat_root_mask(&cat, held_ways(NULL)));
	set_pqr_cos(cos);
	spin_unlock(&cat_lock);
}

void cat_cpu_park(struct per_cpu *cpu)
{
	(void)cpu;
	if (cat_usable())
		set_pqr_cos(0);
}

bool cat_msr(u32 msr)
{
	return msr == MSR_IA32_PQR_ASSOC ||
	       (msr >= MSR_IA32_L3_MASK_0 &&
		msr < MSR_IA32_L3_MASK_0 + CAT_MAX_COS);
}

enum msr_exit cat_root_write(struct per_cpu *cpu, u32 msr, u64 val)
{
	u64 cos;

	if (msr != MSR_IA32_PQR_ASSOC) {
		/* as the hardware: no such MSR, #GP */
		if (!cat.present || msr - MSR_IA32_L3_MASK_0 > cat.cos_max)
			return MSR_EXIT_GP;
		printk_guest(
			cpu,
			"CPU %u: cell root: write of L3 mask %u (0x%llx) dropped: L3 allocation is the hypervisor's\n",
			cpu->id, msr - MSR_IA32_L3_MASK_0,
			(unsigned long long)val);
		return MSR_EXIT_DONE;
	}
	cos = val >> CAT_PQR_COS_SHIFT;
	/* what the hardware would refuse must not reach it from here */
	if (!pqr_exists || (val & PQR_RESERVED) ||
	    (val & CAT_PQR_RMID_MASK) > max_rmid ||
	    cos > (cat.present ? cat.cos_max : 0))
		return MSR_EXIT_GP;
	if (cos)
		printk_guest(
			cpu,
			"CPU %u: cell root: IA32_PQR_ASSOC class %llu made 0: the root runs in COS 0 under the hypervisor\n",
			cpu->id, (unsigned long long)cos);
	wrmsr(MSR_IA32_PQR_ASSOC, val & CAT_PQR_RMID_MASK);
	return MSR_EXIT_DONE;
}
