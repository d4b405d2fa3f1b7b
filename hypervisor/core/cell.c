// SPDX-License-Identifier: GPL-2.0
/*
 * Cells. The root cell is Linux: it owns every CPU and the memory regions
 * its config lists, identity-mapped, and never the hypervisor's memory.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/printk.h>

struct cell root_cell;

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < 64 && (cell->cpu_set & BIT(cpu));
}

static u32 region_paging_flags(u32 flags)
{
	u32 f = PAGING_USER;

	if (flags & BH_MEM_READ)
		f |= PAGING_READ;
	if (flags & BH_MEM_WRITE)
		f |= PAGING_WRITE;
	if (flags & BH_MEM_EXECUTE)
		f |= PAGING_EXEC;
	if (flags & BH_MEM_IO)
		f |= PAGING_DEVICE;
	return f;
}

int cell_map_region(struct cell *cell, const struct bh_mem_region *r)
{
	int ret = paging_map(&cell->npt, r->virt_start, pa_init(r->phys_start),
			     r->size, region_paging_flags(r->flags));

	if (ret)
		printk("ERROR: cell %u: cannot map memory region '%s' 0x%llx-0x%llx (%d)\n",
		       cell->id, r->name, (unsigned long long)r->phys_start,
		       (unsigned long long)(r->phys_start + r->size - 1), ret);
	return ret;
}

int root_cell_init(void)
{
	const struct bh_cell_desc *desc = &hv_config->root_cell;
	u64 status_size = ALIGN_UP(sizeof(hv_status), PAGE_SIZE);
	paddr_t status_pa = hv_virt_to_phys(&hv_status);
	unsigned int i;
	u32 cpus = 0;
	int ret;

	root_cell.id = 0;
	root_cell.desc = desc;
	root_cell.cpu_set = desc->cpu_set;
	for (i = 0; i < 64; i++)
		if (desc->cpu_set & BIT(i))
			cpus++;
	if (cpus != hv_header.num_cpus) {
		printk("ERROR: root-cell.cpus: lists %u CPUs but Linux entered on %u\n",
		       cpus, hv_header.num_cpus);
		return -EINVAL;
	}

	ret = paging_init(&root_cell.npt, arch_nested_paging(), &hv_pool);
	if (ret)
		return ret;
	for (i = 0; i < desc->num_mem_regions; i++) {
		ret = cell_map_region(&root_cell, &desc->mem_regions[i]);
		if (ret)
			return ret;
	}
	/* The root cell reads console and statistics here, never writes. */
	ret = paging_map(&root_cell.npt, pa_addr(status_pa), status_pa,
			 status_size, PAGING_READ | PAGING_USER);
	if (ret)
		return ret;

	return arch_cell_init(&root_cell);
}
