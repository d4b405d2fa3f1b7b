// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of binary config descriptors. Every rule here is listed, with
 * an example message, in docs/config.md; keep the two in step.
 *
 * The descriptor comes from the root cell, which is trusted to manage cells
 * but not to reach into them, so nothing is assumed: counts are bounded
 * before arrays are walked, names are bounded before they are printed, and
 * arithmetic on addresses is checked for overflow before ranges are compared.
 *
 * Freestanding: no libc, so the few helpers needed are local.
 */
#include <stdarg.h>
#include <bh/config_check.h>
#include <bh/errno.h>
#include <bh/printk.h>
#include <bh/types.h>

#define SZ_4K 0x1000ull
#define SZ_1M 0x100000ull
#define SZ_2M 0x200000ull
#define SZ_4M 0x400000ull
/* x86-64's architectural limit, for host- and guest-physical addresses. */
#define PHYS_LIMIT (1ull << 52)
#define PIO_LIMIT 0x10000u
#define UART_PORTS 8u
#define LABEL_LEN 96
/* The state table holds one 32-bit entry per peer. */
#define IVSHMEM_STATE_ENTRY 4u

/* Flags that only make sense for a cell the root cell creates. */
#define NON_ROOT_FLAGS \
	(BH_MEM_COMM_REGION | BH_MEM_LOADABLE | BH_MEM_ROOTSHARED)

static int fail(struct config_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int fail(struct config_error *err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		vsnprintk(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool bytes_equal(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (size_t i = 0; i < n; i++)
		if (x[i] != y[i])
			return false;
	return true;
}

/* Both names are bounded by BH_NAME_LEN, terminated or not. */
static bool names_equal(const char *a, const char *b)
{
	for (size_t i = 0; i < BH_NAME_LEN; i++) {
		if (a[i] != b[i])
			return false;
		if (!a[i])
			return true;
	}
	return true;
}

static u32 min_u32(u32 a, u32 b)
{
	return a < b ? a : b;
}

/* Callers have checked that neither range wraps or leaves PHYS_LIMIT. */
static bool ranges_overlap(u64 a, u64 a_size, u64 b, u64 b_size)
{
	return a < b + b_size && b < a + a_size;
}

static bool range_inside(u64 start, u64 size, u64 outer, u64 outer_size)
{
	return start >= outer && start + size <= outer + outer_size;
}

static u64 range_last(u64 start, u64 size)
{
	return start + size - 1;
}

static const char *flag_name(u32 flag)
{
	switch (flag) {
	case BH_MEM_READ:
		return "read";
	case BH_MEM_WRITE:
		return "write";
	case BH_MEM_EXECUTE:
		return "execute";
	case BH_MEM_DMA:
		return "dma";
	case BH_MEM_IO:
		return "io";
	case BH_MEM_COMM_REGION:
		return "comm-region";
	case BH_MEM_LOADABLE:
		return "loadable";
	case BH_MEM_ROOTSHARED:
		return "root-shared";
	default:
		return "?";
	}
}

/*
 * Names end up on the hypervisor console and on command lines, so they are
 * printable ASCII without spaces. Region names may be empty.
 */
static int check_name(struct config_error *err, const char *path,
		      const char *name, bool required)
{
	size_t len = 0;

	while (len < BH_NAME_LEN && name[len])
		len++;
	if (len == BH_NAME_LEN)
		return fail(err, "%s: not NUL-terminated within %d bytes", path,
			    BH_NAME_LEN);
	if (!len && required)
		return fail(err, "%s: empty", path);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];

		if (c <= ' ' || c >= 0x7f)
			return fail(
				err,
				"%s: character 0x%02x not allowed (printable ASCII, no spaces)",
				path, c);
	}
	return 0;
}

/*
 * Alignment, non-empty, and no wrap beyond the physical address space.
 * @what says which address is meant: "start" (host) or "guest".
 */
static int check_range(struct config_error *err, const char *where,
		       const char *what, u64 start, u64 size, u64 align,
		       const char *align_name)
{
	if (!size)
		return fail(err, "%s: size is 0", where);
	if (!IS_ALIGNED(start, align))
		return fail(err, "%s: %s 0x%lx is not %s aligned", where, what,
			    start, align_name);
	if (!IS_ALIGNED(size, align))
		return fail(err, "%s: size 0x%lx is not %s aligned", where,
			    size, align_name);
	if (start >= PHYS_LIMIT || size > PHYS_LIMIT - start)
		return fail(
			err,
			"%s: %s 0x%lx + size 0x%lx ends beyond the 52-bit physical address space",
			where, what, start, size);
	return 0;
}

static void region_label(char *buf, const char *prefix, u32 index,
			 const struct bh_mem_region *r)
{
	if (r->name[0])
		snprintk(buf, LABEL_LEN, "%smemory[%u] '%.*s'", prefix, index,
			 BH_NAME_LEN - 1, r->name);
	else
		snprintk(buf, LABEL_LEN, "%smemory[%u]", prefix, index);
}

static int check_cell_header(struct config_error *err, const char *prefix,
			     const struct bh_cell_desc *cell)
{
	char path[LABEL_LEN];
	int ret;

	if (!bytes_equal(cell->signature, BH_CELL_SIGNATURE, BH_SIGNATURE_LEN))
		return fail(err, "%ssignature: not a cell descriptor", prefix);
	if (cell->version != BH_CONFIG_VERSION)
		return fail(err, "%sversion: %u, expected %u", prefix,
			    cell->version, BH_CONFIG_VERSION);
	/* No cell flags are defined yet; a set one means a newer compiler. */
	if (cell->flags)
		return fail(err, "%sflags: unknown cell flags 0x%x", prefix,
			    cell->flags);
	if (cell->reserved[0] || cell->reserved[1] || cell->reserved[2])
		return fail(err, "%sreserved: not zero", prefix);
	if (cell->cache_ways > BH_MAX_CACHE_WAYS)
		return fail(err, "%scache-ways: %u, at most %u", prefix,
			    cell->cache_ways, BH_MAX_CACHE_WAYS);

	snprintk(path, sizeof(path), "%sname", prefix);
	ret = check_name(err, path, cell->name, true);
	if (ret)
		return ret;

	if (cell->num_mem_regions > BH_MAX_MEM_REGIONS)
		return fail(err, "%smemory: %u regions, at most %u", prefix,
			    cell->num_mem_regions, BH_MAX_MEM_REGIONS);
	if (cell->num_pio_regions > BH_MAX_PIO_REGIONS)
		return fail(err, "%spio: %u ranges, at most %u", prefix,
			    cell->num_pio_regions, BH_MAX_PIO_REGIONS);
	if (cell->num_ivshmem > BH_MAX_IVSHMEM)
		return fail(err, "%sivshmem: %u devices, at most %u", prefix,
			    cell->num_ivshmem, BH_MAX_IVSHMEM);
	if (!cell->cpu_set)
		return fail(err, "%scpus: empty", prefix);
	return 0;
}

/* One region on its own; @sys only for the hypervisor-memory overlap. */
static int check_region(struct config_error *err, const char *prefix, u32 index,
			const struct bh_mem_region *r, bool root,
			const struct bh_system_desc *sys)
{
	const struct bh_phys_range *hv = sys ? &sys->hypervisor_memory : NULL;
	char label[LABEL_LEN];
	u32 extra;
	int ret;

	snprintk(label, sizeof(label), "%smemory[%u].name", prefix, index);
	ret = check_name(err, label, r->name, false);
	if (ret)
		return ret;
	region_label(label, prefix, index, r);

	if (r->reserved)
		return fail(err, "%s: reserved field not zero", label);
	if (r->flags & ~BH_MEM_FLAGS_ALL)
		return fail(err, "%s: unknown flags 0x%x", label,
			    r->flags & ~BH_MEM_FLAGS_ALL);
	ret = check_range(err, label, "start", r->phys_start, r->size, SZ_4K,
			  "page");
	if (ret)
		return ret;

	if (root) {
		if (r->virt_start != r->phys_start)
			return fail(
				err,
				"%s: guest 0x%lx differs from start 0x%lx; the root cell is identity-mapped",
				label, r->virt_start, r->phys_start);
		extra = r->flags & NON_ROOT_FLAGS;
		/* Name one of them: the lowest set bit. */
		if (extra)
			return fail(err,
				    "%s: flag %s is only for non-root cells",
				    label, flag_name(extra & -extra));
	} else {
		ret = check_range(err, label, "guest", r->virt_start, r->size,
				  SZ_4K, "page");
		if (ret)
			return ret;
	}

	if (hv &&
	    ranges_overlap(r->phys_start, r->size, hv->phys_start, hv->size))
		return fail(err, "%s: overlaps hypervisor memory 0x%lx-0x%lx",
			    label, hv->phys_start,
			    range_last(hv->phys_start, hv->size));
	return 0;
}

/* "prefix" "ivshmem[i] 'name'": how other messages refer to a device. */
static void ivshmem_label(char *buf, const char *prefix, u32 index,
			  const struct bh_ivshmem_desc *d)
{
	snprintk(buf, LABEL_LEN, "%sivshmem[%u] '%.*s'", prefix, index,
		 BH_NAME_LEN - 1, d->name);
}

/*
 * The shared memory's size. False if a term is so large that the sum could
 * wrap; every term is bounded first, so the sum itself cannot.
 */
static bool ivshmem_total(const struct bh_ivshmem_desc *d, u64 *total)
{
	u64 peers = d->max_peers ? d->max_peers : 1;

	if (d->state_size > PHYS_LIMIT || d->rw_size > PHYS_LIMIT ||
	    d->output_size > PHYS_LIMIT / peers)
		return false;
	*total = d->state_size + d->rw_size + peers * d->output_size;
	return true;
}

/*
 * The shared memory's size, if it is not 0 and the device's host and guest
 * ranges both lie inside the physical address space: always so after
 * check_ivshmem().
 */
static bool ivshmem_extent(const struct bh_ivshmem_desc *d, u64 *total)
{
	return ivshmem_total(d, total) && *total &&
	       d->phys_start < PHYS_LIMIT &&
	       *total <= PHYS_LIMIT - d->phys_start &&
	       d->virt_start < PHYS_LIMIT &&
	       *total <= PHYS_LIMIT - d->virt_start;
}

static void bdf_text(char *buf, u16 bdf)
{
	snprintk(buf, 16, "%02x:%02x.%x", bdf >> 8, (bdf >> 3) & 0x1f, bdf & 7);
}

/* One device on its own. @p is its path, "ivshmem[i]" with the prefix. */
static int check_ivshmem(struct config_error *err, const char *p,
			 const struct bh_ivshmem_desc *d, bool root)
{
	const struct {
		const char *key;
		u64 size;
	} sizes[] = {
		{ "state-table", d->state_size },
		{ "rw", d->rw_size },
		{ "output", d->output_size },
	};
	char path[LABEL_LEN];
	u64 total;
	int ret;

	snprintk(path, sizeof(path), "%s.name", p);
	ret = check_name(err, path, d->name, true);
	if (ret)
		return ret;
	if (d->reserved[0] || d->reserved[1] || d->reserved[2])
		return fail(err, "%s: reserved fields not zero", p);
	if (d->max_peers < BH_IVSHMEM_MIN_PEERS ||
	    d->max_peers > BH_IVSHMEM_MAX_PEERS)
		return fail(err, "%s.peers: %u, must be %u to %u", p,
			    d->max_peers, BH_IVSHMEM_MIN_PEERS,
			    BH_IVSHMEM_MAX_PEERS);
	if (d->peer_id >= d->max_peers)
		return fail(err, "%s.id: %u, must be below peers (%u)", p,
			    d->peer_id, d->max_peers);
	if (!d->num_vectors || d->num_vectors > BH_IVSHMEM_MAX_VECTORS)
		return fail(err, "%s.vectors: %u, must be 1 to %u", p,
			    d->num_vectors, BH_IVSHMEM_MAX_VECTORS);

	if (!d->state_size)
		return fail(err, "%s.memory.state-table: size is 0", p);
	if (d->state_size < (u64)IVSHMEM_STATE_ENTRY * d->max_peers)
		return fail(
			err,
			"%s.memory.state-table: size 0x%lx, below %u bytes for each of the %u peers",
			p, d->state_size, IVSHMEM_STATE_ENTRY, d->max_peers);
	if (!IS_ALIGNED(d->phys_start, SZ_4K))
		return fail(err, "%s.memory.start: 0x%lx is not page aligned",
			    p, d->phys_start);
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (!IS_ALIGNED(sizes[i].size, SZ_4K))
			return fail(
				err,
				"%s.memory.%s: size 0x%lx is not page aligned",
				p, sizes[i].key, sizes[i].size);
	if (!ivshmem_total(d, &total) || d->phys_start >= PHYS_LIMIT ||
	    total > PHYS_LIMIT - d->phys_start)
		return fail(
			err,
			"%s.memory: start 0x%lx + state-table + rw + %u * output ends beyond the 52-bit physical address space",
			p, d->phys_start, d->max_peers);

	if (root) {
		if (d->virt_start != d->phys_start)
			return fail(
				err,
				"%s.memory.guest: 0x%lx differs from start 0x%lx; the root cell is identity-mapped",
				p, d->virt_start, d->phys_start);
		return 0;
	}
	if (!IS_ALIGNED(d->virt_start, SZ_4K))
		return fail(err, "%s.memory.guest: 0x%lx is not page aligned",
			    p, d->virt_start);
	if (d->virt_start >= PHYS_LIMIT || total > PHYS_LIMIT - d->virt_start)
		return fail(
			err,
			"%s.memory.guest: 0x%lx + size 0x%lx ends beyond the 52-bit physical address space",
			p, d->virt_start, total);
	return 0;
}

/*
 * A cell's devices on their own, against each other and against the cell's
 * memory regions, which check_cell_resources() has already validated.
 */
static int check_cell_ivshmem(struct config_error *err, const char *prefix,
			      const struct bh_cell_desc *cell, bool root)
{
	char p[LABEL_LEN], other[LABEL_LEN], text[16];
	const struct bh_ivshmem_desc *d, *o;
	u64 total, o_total;
	int ret;

	for (u32 i = 0; i < cell->num_ivshmem; i++) {
		snprintk(p, sizeof(p), "%sivshmem[%u]", prefix, i);
		ret = check_ivshmem(err, p, &cell->ivshmem[i], root);
		if (ret)
			return ret;
	}

	for (u32 j = 0; j < cell->num_ivshmem; j++) {
		d = &cell->ivshmem[j];
		snprintk(p, sizeof(p), "%sivshmem[%u]", prefix, j);
		ivshmem_extent(d, &total);
		for (u32 i = 0; i < j; i++) {
			o = &cell->ivshmem[i];
			ivshmem_label(other, "", i, o);
			ivshmem_extent(o, &o_total);
			if (names_equal(d->name, o->name))
				return fail(
					err,
					"%s.name: '%.*s' is also the name of ivshmem[%u]",
					p, BH_NAME_LEN - 1, d->name, i);
			if (d->bdf == o->bdf) {
				bdf_text(text, d->bdf);
				return fail(err,
					    "%s.bdf: %s is also the bdf of %s",
					    p, text, other);
			}
			if (ranges_overlap(d->phys_start, total, o->phys_start,
					   o_total))
				return fail(
					err,
					"%s.memory: 0x%lx-0x%lx overlaps %s 0x%lx-0x%lx",
					p, d->phys_start,
					range_last(d->phys_start, total), other,
					o->phys_start,
					range_last(o->phys_start, o_total));
			if (ranges_overlap(d->virt_start, total, o->virt_start,
					   o_total))
				return fail(
					err,
					"%s.memory.guest: 0x%lx-0x%lx overlaps the guest range of %s",
					p, d->virt_start,
					range_last(d->virt_start, total),
					other);
		}
		for (u32 i = 0; i < cell->num_mem_regions; i++) {
			const struct bh_mem_region *r = &cell->mem_regions[i];

			region_label(other, "", i, r);
			if (ranges_overlap(d->phys_start, total, r->phys_start,
					   r->size))
				return fail(
					err,
					"%s.memory: 0x%lx-0x%lx overlaps %s 0x%lx-0x%lx",
					p, d->phys_start,
					range_last(d->phys_start, total), other,
					r->phys_start,
					range_last(r->phys_start, r->size));
			if (ranges_overlap(d->virt_start, total, r->virt_start,
					   r->size))
				return fail(
					err,
					"%s.memory.guest: 0x%lx-0x%lx overlaps the guest range of %s",
					p, d->virt_start,
					range_last(d->virt_start, total),
					other);
		}
	}
	return 0;
}

/*
 * Regions, ports and ivshmem devices of any cell, root or not; counts
 * already bounded.
 */
static int check_cell_resources(struct config_error *err, const char *prefix,
				const struct bh_cell_desc *cell, bool root,
				const struct bh_system_desc *sys)
{
	char label[LABEL_LEN], other[LABEL_LEN];
	const struct bh_mem_region *a, *b;
	int ret;

	for (u32 i = 0; i < cell->num_mem_regions; i++) {
		ret = check_region(err, prefix, i, &cell->mem_regions[i], root,
				   sys);
		if (ret)
			return ret;
	}

	for (u32 j = 1; j < cell->num_mem_regions; j++) {
		b = &cell->mem_regions[j];
		region_label(label, prefix, j, b);
		for (u32 i = 0; i < j; i++) {
			a = &cell->mem_regions[i];
			region_label(other, "", i, a);
			if (ranges_overlap(a->phys_start, a->size,
					   b->phys_start, b->size))
				return fail(
					err,
					"%s: 0x%lx-0x%lx overlaps %s 0x%lx-0x%lx",
					label, b->phys_start,
					range_last(b->phys_start, b->size),
					other, a->phys_start,
					range_last(a->phys_start, a->size));
			if (ranges_overlap(a->virt_start, a->size,
					   b->virt_start, b->size))
				return fail(
					err,
					"%s: guest 0x%lx-0x%lx overlaps the guest range of %s",
					label, b->virt_start,
					range_last(b->virt_start, b->size),
					other);
		}
	}

	for (u32 i = 0; i < cell->num_pio_regions; i++) {
		const struct bh_pio_region *p = &cell->pio_regions[i];

		if (!p->length)
			return fail(err, "%spio[%u]: size is 0", prefix, i);
		if ((u32)p->base + p->length > PIO_LIMIT)
			return fail(
				err,
				"%spio[%u]: start 0x%x + size 0x%x ends beyond port 0xffff",
				prefix, i, p->base, p->length);
	}
	return check_cell_ivshmem(err, prefix, cell, root);
}

/* The bytes of configuration space that @mc's buses take. */
static void mmconfig_range(const struct bh_pci_mmconfig *mc, u64 *start,
			   u64 *size)
{
	/* As in ACPI's MCFG, the base is where bus 0 would be. */
	*start = mc->phys_start + ((u64)mc->start_bus << 20);
	*size = ((u64)mc->end_bus - mc->start_bus + 1) << 20;
}

/* All zero: the platform has no MMCONFIG (or it is not described). */
static bool has_mmconfig(const struct bh_pci_mmconfig *mc)
{
	return mc->phys_start || mc->start_bus || mc->end_bus;
}

/*
 * Where a cell's devices may be in the system: on a bus whose configuration
 * space the hypervisor can trap, and in cell memory, which Linux leaves
 * alone. Root cell and other cells alike; the devices passed
 * check_cell_ivshmem().
 */
static int check_ivshmem_placement(const struct bh_system_desc *sys,
				   const char *prefix,
				   const struct bh_cell_desc *cell,
				   struct config_error *err)
{
	const struct bh_pci_mmconfig *mc = &sys->pci_mmconfig;
	const struct bh_phys_range *hv = &sys->hypervisor_memory;
	const struct bh_phys_range *cm = &sys->cell_memory;
	char p[LABEL_LEN];
	u64 total;

	if (cell->num_ivshmem && !has_mmconfig(mc))
		return fail(
			err,
			"%sivshmem: needs pci-mmconfig, where the devices' configuration space appears",
			prefix);
	for (u32 i = 0; i < cell->num_ivshmem; i++) {
		const struct bh_ivshmem_desc *d = &cell->ivshmem[i];
		u32 bus = d->bdf >> 8;

		snprintk(p, sizeof(p), "%sivshmem[%u]", prefix, i);
		ivshmem_extent(d, &total);
		if (bus < mc->start_bus || bus > mc->end_bus)
			return fail(
				err,
				"%s.bdf: bus 0x%02x is outside pci-mmconfig.buses %u-%u",
				p, bus, mc->start_bus, mc->end_bus);
		if (ranges_overlap(d->phys_start, total, hv->phys_start,
				   hv->size))
			return fail(
				err,
				"%s.memory: 0x%lx-0x%lx overlaps hypervisor memory 0x%lx-0x%lx",
				p, d->phys_start,
				range_last(d->phys_start, total),
				hv->phys_start,
				range_last(hv->phys_start, hv->size));
		if (!range_inside(d->phys_start, total, cm->phys_start,
				  cm->size))
			return fail(
				err,
				"%s.memory: 0x%lx-0x%lx is outside cell-memory 0x%lx-0x%lx",
				p, d->phys_start,
				range_last(d->phys_start, total),
				cm->phys_start,
				range_last(cm->phys_start, cm->size));
	}
	return 0;
}

static int check_root_cell(const struct bh_system_desc *sys,
			   struct config_error *err)
{
	const struct bh_cell_desc *root = &sys->root_cell;
	const char *prefix = "root-cell.";
	u32 uart;
	int ret;

	ret = check_cell_header(err, prefix, root);
	if (ret)
		return ret;
	if (!(root->cpu_set & 1))
		return fail(
			err,
			"root-cell.cpus: must contain CPU 0, Linux's boot CPU");
	ret = check_cell_resources(err, prefix, root, true, sys);
	if (ret)
		return ret;

	if (root->console_port)
		return fail(
			err,
			"root-cell.console-port: 0x%x, must be 0 (the root cell reaches its UARTs through pio)",
			root->console_port);
	if (root->cache_ways)
		return fail(
			err,
			"root-cell.cache-ways: %u, must be 0 (the root cell gets the ways no cell holds)",
			root->cache_ways);
	ret = check_ivshmem_placement(sys, prefix, root, err);
	if (ret)
		return ret;

	if (sys->console.type != BH_CONSOLE_UART_PIO)
		return 0;
	/* The hypervisor drives its UART unsynchronised with Linux. */
	uart = (u32)sys->console.address;
	for (u32 i = 0; i < root->num_pio_regions; i++) {
		const struct bh_pio_region *p = &root->pio_regions[i];

		if (ranges_overlap(p->base, p->length, uart, UART_PORTS))
			return fail(
				err,
				"root-cell.pio[%u]: 0x%x-0x%x includes the hypervisor console's ports 0x%x-0x%x",
				i, p->base, p->base + p->length - 1, uart,
				uart + UART_PORTS - 1);
	}
	return 0;
}

static int check_pci_mmconfig(const struct bh_system_desc *sys,
			      struct config_error *err)
{
	const struct bh_pci_mmconfig *mc = &sys->pci_mmconfig;
	const struct bh_phys_range *hv = &sys->hypervisor_memory;
	const struct bh_phys_range *cm = &sys->cell_memory;
	u64 start, size;

	for (size_t i = 0; i < sizeof(mc->reserved); i++)
		if (mc->reserved[i])
			return fail(err,
				    "pci-mmconfig: reserved bytes not zero");
	if (!has_mmconfig(mc))
		return 0;
	if (mc->start_bus > mc->end_bus)
		return fail(
			err,
			"pci-mmconfig.buses: first bus %u is above last bus %u",
			mc->start_bus, mc->end_bus);
	mmconfig_range(mc, &start, &size);
	if (!IS_ALIGNED(mc->phys_start, SZ_1M))
		return fail(err,
			    "pci-mmconfig.start: 0x%lx is not 1 MiB aligned",
			    mc->phys_start);
	if (mc->phys_start >= PHYS_LIMIT || start + size > PHYS_LIMIT)
		return fail(
			err,
			"pci-mmconfig.start: 0x%lx ends beyond the 52-bit physical address space",
			mc->phys_start);
	if (ranges_overlap(start, size, hv->phys_start, hv->size))
		return fail(
			err,
			"pci-mmconfig: 0x%lx-0x%lx overlaps hypervisor memory",
			start, range_last(start, size));
	if (ranges_overlap(start, size, cm->phys_start, cm->size))
		return fail(err,
			    "pci-mmconfig: 0x%lx-0x%lx overlaps cell-memory",
			    start, range_last(start, size));
	return 0;
}

/*
 * Regulation (docs/regulation.md): off (everything 0), or limits that
 * hold the root back for a bounded time and leave it a share of its own.
 */
static int check_regulation(const struct bh_regulation_desc *r,
			    struct config_error *err)
{
	char label[LABEL_LEN];
	u64 hold_us;
	int ret;

	if (!r->max_hold_us) {
		if (r->min_run_us || r->duty_period_us || r->duty_run_percent ||
		    r->num_cells || r->take_up_us)
			return fail(
				err,
				"regulation.max-hold-us: 0 turns regulation off, but other regulation fields are set");
		return 0;
	}
	if (r->max_hold_us < BH_REG_HOLD_MIN_US ||
	    r->max_hold_us > BH_REG_HOLD_MAX_US)
		return fail(err,
			    "regulation.max-hold-us: %u, not within %u to %u",
			    r->max_hold_us, BH_REG_HOLD_MIN_US,
			    BH_REG_HOLD_MAX_US);
	if (r->take_up_us < BH_REG_TAKE_UP_MIN_US ||
	    r->take_up_us > BH_REG_TAKE_UP_MAX_US)
		return fail(err,
			    "regulation.take-up-us: %u, not within %u to %u",
			    r->take_up_us, BH_REG_TAKE_UP_MIN_US,
			    BH_REG_TAKE_UP_MAX_US);
	/* the root keeps at least BH_REG_ROOT_MIN_PERCENT of its time */
	if (r->min_run_us < BH_REG_RUN_MIN_US ||
	    (u64)r->min_run_us * 100 < ((u64)r->max_hold_us + r->min_run_us) *
					       BH_REG_ROOT_MIN_PERCENT)
		return fail(
			err,
			"regulation.min-run-us: %u leaves the root cell less than %u%% of its time beside max-hold-us %u (at least %u us)",
			r->min_run_us, BH_REG_ROOT_MIN_PERCENT, r->max_hold_us,
			BH_REG_RUN_MIN_US);
	if (r->duty_period_us || r->duty_run_percent) {
		if (r->duty_period_us < BH_REG_PERIOD_MIN_US ||
		    r->duty_period_us > BH_REG_PERIOD_MAX_US)
			return fail(
				err,
				"regulation.duty-period-us: %u, not within %u to %u",
				r->duty_period_us, BH_REG_PERIOD_MIN_US,
				BH_REG_PERIOD_MAX_US);
		if (r->duty_run_percent < BH_REG_DUTY_MIN_PERCENT ||
		    r->duty_run_percent > BH_REG_DUTY_MAX_PERCENT)
			return fail(
				err,
				"regulation.duty-run-percent: %u, not within %u to %u",
				r->duty_run_percent, BH_REG_DUTY_MIN_PERCENT,
				BH_REG_DUTY_MAX_PERCENT);
		hold_us = (u64)r->duty_period_us * (100 - r->duty_run_percent) /
			  100;
		if (hold_us > r->max_hold_us)
			return fail(
				err,
				"regulation: duty mode holds the root %lu us per period, more than max-hold-us %u",
				hold_us, r->max_hold_us);
	}
	if (!r->num_cells || r->num_cells > BH_REG_MAX_CELLS)
		return fail(err, "regulation.cells: %u names, 1 to %u",
			    r->num_cells, BH_REG_MAX_CELLS);
	for (u32 i = 0; i < BH_REG_MAX_CELLS; i++) {
		snprintk(label, sizeof(label), "regulation.cells[%u]", i);
		if (i >= r->num_cells) {
			for (u32 b = 0; b < BH_REG_NAME_LEN; b++)
				if (r->cells[i][b])
					return fail(err,
						    "%s: not in use, not zero",
						    label);
			continue;
		}
		ret = check_name(err, label, r->cells[i], true);
		if (ret)
			return ret;
		for (u32 j = 0; j < i; j++)
			if (names_equal(r->cells[i], r->cells[j]))
				return fail(err, "%s: '%s' named twice", label,
					    r->cells[i]);
	}
	return 0;
}

int config_check_system(const struct bh_system_desc *sys,
			struct config_error *err)
{
	const struct bh_phys_range *hv = &sys->hypervisor_memory;
	const struct bh_phys_range *cm = &sys->cell_memory;
	char label[LABEL_LEN];
	int ret;

	if (!bytes_equal(sys->signature, BH_SYSTEM_SIGNATURE, BH_SIGNATURE_LEN))
		return fail(err, "signature: not a system descriptor");
	if (sys->version != BH_CONFIG_VERSION)
		return fail(err, "version: %u, expected %u", sys->version,
			    BH_CONFIG_VERSION);
	if (sys->size != sizeof(*sys))
		return fail(err, "size: %u, expected %zu", sys->size,
			    sizeof(*sys));
	if (sys->reserved)
		return fail(err, "reserved: not zero");
	ret = check_name(err, "name", sys->name, true);
	if (ret)
		return ret;

	/* The hypervisor maps its memory with 2 MiB pages. */
	ret = check_range(err, "hypervisor.memory", "start", hv->phys_start,
			  hv->size, SZ_2M, "2 MiB");
	if (ret)
		return ret;
	if (hv->size < SZ_4M)
		return fail(err, "hypervisor.memory: size 0x%lx is below 4 MiB",
			    hv->size);

	ret = check_range(err, "cell-memory", "start", cm->phys_start, cm->size,
			  SZ_4K, "page");
	if (ret)
		return ret;
	if (ranges_overlap(cm->phys_start, cm->size, hv->phys_start, hv->size))
		return fail(
			err,
			"cell-memory: 0x%lx-0x%lx overlaps hypervisor memory 0x%lx-0x%lx",
			cm->phys_start, range_last(cm->phys_start, cm->size),
			hv->phys_start, range_last(hv->phys_start, hv->size));

	switch (sys->console.type) {
	case BH_CONSOLE_NONE:
		break;
	case BH_CONSOLE_UART_PIO:
		if (sys->console.address > PIO_LIMIT - UART_PORTS)
			return fail(
				err,
				"hypervisor.console.port: 0x%lx: the UART's 8 ports end beyond 0xffff",
				sys->console.address);
		break;
	default:
		return fail(err, "hypervisor.console.type: unknown type %u",
			    sys->console.type);
	}

	ret = check_pci_mmconfig(sys, err);
	if (ret)
		return ret;

	if (sys->num_iommus > BH_MAX_IOMMUS)
		return fail(err, "iommus: %u units, at most %u",
			    sys->num_iommus, BH_MAX_IOMMUS);
	for (u32 i = 0; i < sys->num_iommus; i++) {
		const struct bh_phys_range *io = &sys->iommus[i];

		snprintk(label, sizeof(label), "iommus[%u]", i);
		ret = check_range(err, label, "start", io->phys_start, io->size,
				  SZ_4K, "page");
		if (ret)
			return ret;
		if (ranges_overlap(io->phys_start, io->size, hv->phys_start,
				   hv->size) ||
		    ranges_overlap(io->phys_start, io->size, cm->phys_start,
				   cm->size))
			return fail(
				err,
				"%s: 0x%lx-0x%lx overlaps hypervisor or cell memory",
				label, io->phys_start,
				range_last(io->phys_start, io->size));
	}

	ret = check_regulation(&sys->regulation, err);
	if (ret)
		return ret;
	return check_root_cell(sys, err);
}

/* Where a non-root cell's region may come from, by its flags. */
static int check_region_source(const struct bh_system_desc *sys,
			       const char *label, const struct bh_mem_region *r,
			       struct config_error *err)
{
	const struct bh_cell_desc *root = &sys->root_cell;
	const struct bh_phys_range *cm = &sys->cell_memory;
	u32 n = min_u32(root->num_mem_regions, BH_MAX_MEM_REGIONS);
	bool shared = r->flags & BH_MEM_ROOTSHARED;
	bool io = r->flags & BH_MEM_IO;

	if (!shared && !io) {
		if (range_inside(r->phys_start, r->size, cm->phys_start,
				 cm->size))
			return 0;
		return fail(
			err,
			"%s: 0x%lx-0x%lx is outside cell-memory 0x%lx-0x%lx",
			label, r->phys_start,
			range_last(r->phys_start, r->size), cm->phys_start,
			range_last(cm->phys_start, cm->size));
	}

	/*
	 * Shared memory stays with the root cell, device memory is taken
	 * from it: either way it must be something the root cell has.
	 */
	for (u32 i = 0; i < n; i++) {
		const struct bh_mem_region *o = &root->mem_regions[i];

		if (!shared && !(o->flags & BH_MEM_IO))
			continue;
		if (range_inside(r->phys_start, r->size, o->phys_start,
				 o->size))
			return 0;
	}
	return fail(
		err,
		shared ?
			"%s: root-shared, but 0x%lx-0x%lx is not inside one root-cell memory region" :
			"%s: device memory 0x%lx-0x%lx is not inside one root-cell memory region with flag io",
		label, r->phys_start, range_last(r->phys_start, r->size));
}

static bool pio_inside_one(const struct bh_cell_desc *cell, u32 base, u32 len)
{
	for (u32 i = 0; i < cell->num_pio_regions; i++) {
		const struct bh_pio_region *p = &cell->pio_regions[i];

		if (base >= p->base && base + len <= (u32)p->base + p->length)
			return true;
	}
	return false;
}

/* The first port of [base, base + len) the root cell's pio does not cover. */
static bool pio_uncovered(const struct bh_cell_desc *root, u32 base, u32 len,
			  u32 *port)
{
	u32 n = min_u32(root->num_pio_regions, BH_MAX_PIO_REGIONS);
	u32 pos = base, end = base + len;
	bool advanced = true;

	/* Ranges may come in any order: sweep until no range extends pos. */
	while (pos < end && advanced) {
		advanced = false;
		for (u32 i = 0; i < n; i++) {
			const struct bh_pio_region *p = &root->pio_regions[i];
			u32 p_end = (u32)p->base + p->length;

			if (p->base <= pos && pos < p_end) {
				pos = p_end;
				advanced = true;
			}
		}
	}
	*port = pos;
	return pos < end;
}

/*
 * Device memory given to a cell may not cover what the hypervisor or the
 * root's interrupt and configuration paths depend on: the IOAPIC and the
 * local APIC pages, MMCONFIG, the IOMMU units.
 */
#define IOAPIC_BASE ((u64)0xfec00000)
#define LAPIC_BASE ((u64)0xfee00000)
static int check_device_region(const struct bh_system_desc *sys,
			       const char *label, const struct bh_mem_region *r,
			       struct config_error *err)
{
	const struct bh_pci_mmconfig *mc = &sys->pci_mmconfig;
	u32 n = min_u32(sys->num_iommus, BH_MAX_IOMMUS);

	if (ranges_overlap(r->phys_start, r->size, IOAPIC_BASE, SZ_4K))
		return fail(err, "%s: covers the IOAPIC at 0x%lx", label,
			    IOAPIC_BASE);
	if (ranges_overlap(r->phys_start, r->size, LAPIC_BASE, SZ_4K))
		return fail(err, "%s: covers the local APIC at 0x%lx", label,
			    LAPIC_BASE);
	u64 start, size;

	mmconfig_range(mc, &start, &size);
	if (has_mmconfig(mc)) {
		if (ranges_overlap(r->phys_start, r->size, start, size))
			return fail(
				err,
				"%s: covers PCI configuration space (pci-mmconfig 0x%lx-0x%lx)",
				label, start, range_last(start, size));
	}
	for (u32 i = 0; i < n; i++)
		if (ranges_overlap(r->phys_start, r->size,
				   sys->iommus[i].phys_start,
				   sys->iommus[i].size))
			return fail(err,
				    "%s: covers IOMMU unit iommus[%u] at 0x%lx",
				    label, i, sys->iommus[i].phys_start);
	return 0;
}

/*
 * Two cells' views of one device (the same name): what the peers share must
 * be equal, and each peer has an id of its own. @other names @o.
 */
static int check_same_device(struct config_error *err, const char *p,
			     const struct bh_ivshmem_desc *d,
			     const struct bh_ivshmem_desc *o, const char *other)
{
	const struct {
		const char *field;
		bool hex;
		u64 mine, theirs;
	} shared[] = {
		{ "memory.start", true, d->phys_start, o->phys_start },
		{ "memory.state-table", true, d->state_size, o->state_size },
		{ "memory.rw", true, d->rw_size, o->rw_size },
		{ "memory.output", true, d->output_size, o->output_size },
		{ "peers", false, d->max_peers, o->max_peers },
		{ "protocol", true, d->protocol, o->protocol },
	};
	char mine[24], theirs[24];

	for (size_t i = 0; i < sizeof(shared) / sizeof(shared[0]); i++) {
		if (shared[i].mine == shared[i].theirs)
			continue;
		snprintk(mine, sizeof(mine), shared[i].hex ? "0x%lx" : "%lu",
			 shared[i].mine);
		snprintk(theirs, sizeof(theirs),
			 shared[i].hex ? "0x%lx" : "%lu", shared[i].theirs);
		return fail(err, "%s.%s: %s, but %s has %s", p, shared[i].field,
			    mine, other, theirs);
	}
	if (d->peer_id == o->peer_id)
		return fail(err, "%s.id: %u is also the id of %s", p,
			    d->peer_id, other);
	return 0;
}

/*
 * Device @d of a cell (@p names it, @total its extent) against another
 * cell's device @o (@other, @o_total): the same device where the names
 * agree, no common shared memory where they do not.
 */
static int check_device_pair(struct config_error *err, const char *p,
			     const struct bh_ivshmem_desc *d, u64 total,
			     const struct bh_ivshmem_desc *o, u64 o_total,
			     const char *other)
{
	if (names_equal(d->name, o->name))
		return check_same_device(err, p, d, o, other);
	if (ranges_overlap(d->phys_start, total, o->phys_start, o_total))
		return fail(err,
			    "%s.memory: 0x%lx-0x%lx overlaps %s 0x%lx-0x%lx", p,
			    d->phys_start, range_last(d->phys_start, total),
			    other, o->phys_start,
			    range_last(o->phys_start, o_total));
	return 0;
}

/*
 * A cell with devices finds their configuration space where the system's
 * MMCONFIG is, at the same guest-physical address, so nothing else of the
 * cell may be mapped there.
 */
static int check_ivshmem_window(const struct bh_system_desc *sys,
				const struct bh_cell_desc *cell,
				struct config_error *err)
{
	char label[LABEL_LEN];
	u64 start, size, total;

	if (!cell->num_ivshmem)
		return 0;
	mmconfig_range(&sys->pci_mmconfig, &start, &size);
	for (u32 i = 0; i < cell->num_mem_regions; i++) {
		const struct bh_mem_region *r = &cell->mem_regions[i];

		if (!ranges_overlap(r->virt_start, r->size, start, size))
			continue;
		region_label(label, "", i, r);
		return fail(
			err,
			"%s: guest 0x%lx-0x%lx overlaps PCI configuration space 0x%lx-0x%lx (pci-mmconfig), where the cell finds its ivshmem devices",
			label, r->virt_start,
			range_last(r->virt_start, r->size), start,
			range_last(start, size));
	}
	for (u32 i = 0; i < cell->num_ivshmem; i++) {
		const struct bh_ivshmem_desc *d = &cell->ivshmem[i];

		ivshmem_extent(d, &total);
		if (ranges_overlap(d->virt_start, total, start, size))
			return fail(
				err,
				"ivshmem[%u].memory.guest: 0x%lx-0x%lx overlaps PCI configuration space 0x%lx-0x%lx (pci-mmconfig)",
				i, d->virt_start,
				range_last(d->virt_start, total), start,
				range_last(start, size));
	}
	return 0;
}

/* Whether the root cell is a peer of @d: one of its devices has the name. */
static bool root_has_device(const struct bh_cell_desc *root,
			    const struct bh_ivshmem_desc *d)
{
	for (u32 j = 0; j < min_u32(root->num_ivshmem, BH_MAX_IVSHMEM); j++)
		if (names_equal(root->ivshmem[j].name, d->name))
			return true;
	return false;
}

/*
 * A cell's devices against the root cell's: the same device where the name
 * says so, no shared memory otherwise; none of the cell's memory over a
 * root device's shared memory, which the root cell keeps; and the shared
 * memory of a device without the root cell outside the root cell's
 * memory, which stays mapped there (a root device's is outside it by the
 * root cell's own rule).
 */
static int check_ivshmem_root(const struct bh_system_desc *sys,
			      const struct bh_cell_desc *cell,
			      struct config_error *err)
{
	const struct bh_cell_desc *root = &sys->root_cell;
	u32 nroot = min_u32(root->num_ivshmem, BH_MAX_IVSHMEM);
	u32 nregions = min_u32(root->num_mem_regions, BH_MAX_MEM_REGIONS);
	char p[LABEL_LEN], other[LABEL_LEN];
	u64 total, o_total;
	int ret;

	for (u32 i = 0; i < cell->num_ivshmem; i++) {
		const struct bh_ivshmem_desc *d = &cell->ivshmem[i];

		snprintk(p, sizeof(p), "ivshmem[%u]", i);
		ivshmem_extent(d, &total);
		for (u32 j = 0; j < nroot; j++) {
			const struct bh_ivshmem_desc *o = &root->ivshmem[j];

			ivshmem_label(other, "root-cell.", j, o);
			ivshmem_extent(o, &o_total);
			ret = check_device_pair(err, p, d, total, o, o_total,
						other);
			if (ret)
				return ret;
		}
	}

	for (u32 i = 0; i < cell->num_ivshmem; i++) {
		const struct bh_ivshmem_desc *d = &cell->ivshmem[i];

		if (root_has_device(root, d))
			continue;
		ivshmem_extent(d, &total);
		for (u32 j = 0; j < nregions; j++) {
			const struct bh_mem_region *r = &root->mem_regions[j];

			if (!ranges_overlap(d->phys_start, total, r->phys_start,
					    r->size))
				continue;
			region_label(other, "root-cell.", j, r);
			return fail(
				err,
				"ivshmem[%u].memory: 0x%lx-0x%lx overlaps %s 0x%lx-0x%lx, which the root cell keeps mapped",
				i, d->phys_start,
				range_last(d->phys_start, total), other,
				r->phys_start,
				range_last(r->phys_start, r->size));
		}
	}

	for (u32 i = 0; i < cell->num_mem_regions; i++) {
		const struct bh_mem_region *r = &cell->mem_regions[i];

		for (u32 j = 0; j < nroot; j++) {
			const struct bh_ivshmem_desc *o = &root->ivshmem[j];

			ivshmem_extent(o, &o_total);
			if (!ranges_overlap(r->phys_start, r->size,
					    o->phys_start, o_total))
				continue;
			region_label(p, "", i, r);
			ivshmem_label(other, "root-cell.", j, o);
			return fail(
				err,
				"%s: 0x%lx-0x%lx overlaps the shared memory of %s 0x%lx-0x%lx",
				p, r->phys_start,
				range_last(r->phys_start, r->size), other,
				o->phys_start,
				range_last(o->phys_start, o_total));
		}
	}
	return 0;
}

static int check_cell_against_system(const struct bh_system_desc *sys,
				     const struct bh_cell_desc *cell,
				     struct config_error *err)
{
	const struct bh_cell_desc *root = &sys->root_cell;
	u64 foreign = cell->cpu_set & ~root->cpu_set;
	char label[LABEL_LEN];
	u32 port, uart;
	int ret;

	if (names_equal(cell->name, root->name))
		return fail(err, "name: '%.*s' is the root cell's name",
			    BH_NAME_LEN - 1, cell->name);
	if (foreign) {
		u32 cpu = 0;

		while (!(foreign & BIT(cpu)))
			cpu++;
		return fail(
			err,
			"cpus: CPU %u is not one of the root cell's CPUs (root-cell.cpus)",
			cpu);
	}

	for (u32 i = 0; i < cell->num_mem_regions; i++) {
		region_label(label, "", i, &cell->mem_regions[i]);
		ret = check_region_source(sys, label, &cell->mem_regions[i],
					  err);
		if (!ret && (cell->mem_regions[i].flags & BH_MEM_IO))
			ret = check_device_region(sys, label,
						  &cell->mem_regions[i], err);
		if (ret)
			return ret;
	}

	uart = sys->console.type == BH_CONSOLE_UART_PIO ?
		       (u32)sys->console.address :
		       PIO_LIMIT;
	for (u32 i = 0; i < cell->num_pio_regions; i++) {
		const struct bh_pio_region *p = &cell->pio_regions[i];

		if (!pio_uncovered(root, p->base, p->length, &port))
			continue;
		if (port >= uart && port < uart + UART_PORTS)
			return fail(
				err,
				"pio[%u]: port 0x%x belongs to the hypervisor console",
				i, port);
		return fail(
			err,
			"pio[%u]: port 0x%x is not granted to the root cell (root-cell.pio)",
			i, port);
	}

	ret = check_ivshmem_placement(sys, "", cell, err);
	if (!ret)
		ret = check_ivshmem_window(sys, cell, err);
	if (!ret)
		ret = check_ivshmem_root(sys, cell, err);
	return ret;
}

int config_check_cell(const struct bh_system_desc *sys,
		      const struct bh_cell_desc *cell, struct config_error *err)
{
	const struct bh_mem_region *comm = NULL;
	u32 comm_index = 0, loadable = 0, not_own;
	char label[LABEL_LEN], other[LABEL_LEN];
	int ret;

	ret = check_cell_header(err, "", cell);
	if (ret)
		return ret;
	if (cell->cpu_set & 1)
		return fail(err,
			    "cpus: contains CPU 0, the root cell's boot CPU");
	ret = check_cell_resources(err, "", cell, false, sys);
	if (ret)
		return ret;

	for (u32 i = 0; i < cell->num_mem_regions; i++) {
		const struct bh_mem_region *r = &cell->mem_regions[i];

		region_label(label, "", i, r);
		/*
		 * The root writes a loadable region only while the cell is
		 * stopped and loses it at start; a root-shared one it keeps:
		 * both at once cannot hold.
		 */
		if ((r->flags & BH_MEM_LOADABLE) &&
		    (r->flags & BH_MEM_ROOTSHARED))
			return fail(
				err,
				"%s: flags loadable and root-shared together; a loadable region leaves the root cell at start",
				label);
		if (r->flags & BH_MEM_LOADABLE)
			loadable++;
		if (!(r->flags & BH_MEM_COMM_REGION))
			continue;
		/* the hypervisor and the cell exchange state there: RAM the
		 * cell owns alone */
		not_own = r->flags &
			  (BH_MEM_IO | BH_MEM_ROOTSHARED | BH_MEM_LOADABLE);
		/* name one of them: the lowest set bit */
		if (not_own)
			return fail(
				err,
				"%s: a comm-region must be the cell's own RAM, without flag %s",
				label, flag_name(not_own & -not_own));
		if (comm) {
			region_label(other, "", comm_index, comm);
			return fail(
				err,
				"%s: a second comm-region (%s is one); a cell has exactly one",
				label, other);
		}
		if (r->size != SZ_4K)
			return fail(
				err,
				"%s: comm-region size 0x%lx, must be 4 KiB (0x1000)",
				label, r->size);
		comm = r;
		comm_index = i;
	}
	if (!comm)
		return fail(err, "memory: no region has flag comm-region");
	if (!loadable)
		return fail(
			err,
			"memory: no region has flag loadable, so no inmate can be loaded");

	if (cell->console_port &&
	    !pio_inside_one(cell, cell->console_port, UART_PORTS))
		return fail(
			err,
			"console-port: 0x%x-0x%x is not inside one pio range of the cell",
			cell->console_port,
			cell->console_port + UART_PORTS - 1);

	if (!sys)
		return 0;
	return check_cell_against_system(sys, cell, err);
}

/*
 * The devices of two cells: one device where the names match, no common
 * memory otherwise, and no RAM of one over the other's shared memory. The
 * descriptors were checked on their own; the counts are bounded again all
 * the same, and a device whose extent is invalid is left to that check.
 */
static int check_pair_ivshmem(const struct bh_cell_desc *a,
			      const struct bh_cell_desc *b,
			      struct config_error *err)
{
	u32 na = min_u32(a->num_ivshmem, BH_MAX_IVSHMEM);
	u32 nb = min_u32(b->num_ivshmem, BH_MAX_IVSHMEM);
	u32 ra = min_u32(a->num_mem_regions, BH_MAX_MEM_REGIONS);
	u32 rb = min_u32(b->num_mem_regions, BH_MAX_MEM_REGIONS);
	char p[LABEL_LEN], other[LABEL_LEN];
	int name_len = BH_NAME_LEN - 1;
	u64 total, o_total;
	int ret;

	for (u32 i = 0; i < na; i++) {
		const struct bh_ivshmem_desc *d = &a->ivshmem[i];

		if (!ivshmem_extent(d, &total))
			continue;
		snprintk(p, sizeof(p), "ivshmem[%u]", i);
		for (u32 j = 0; j < nb; j++) {
			const struct bh_ivshmem_desc *o = &b->ivshmem[j];

			if (!ivshmem_extent(o, &o_total))
				continue;
			snprintk(other, sizeof(other),
				 "cell '%.*s' ivshmem[%u] '%.*s'", name_len,
				 b->name, j, name_len, o->name);
			ret = check_device_pair(err, p, d, total, o, o_total,
						other);
			if (ret)
				return ret;
		}
		for (u32 j = 0; j < rb; j++) {
			const struct bh_mem_region *r = &b->mem_regions[j];

			if (ranges_overlap(d->phys_start, total, r->phys_start,
					   r->size))
				return fail(
					err,
					"%s.memory: 0x%lx-0x%lx overlaps cell '%.*s' memory[%u] 0x%lx-0x%lx",
					p, d->phys_start,
					range_last(d->phys_start, total),
					name_len, b->name, j, r->phys_start,
					range_last(r->phys_start, r->size));
		}
	}

	for (u32 i = 0; i < ra; i++) {
		const struct bh_mem_region *r = &a->mem_regions[i];

		for (u32 j = 0; j < nb; j++) {
			const struct bh_ivshmem_desc *o = &b->ivshmem[j];

			if (!ivshmem_extent(o, &o_total) ||
			    !ranges_overlap(r->phys_start, r->size,
					    o->phys_start, o_total))
				continue;
			region_label(p, "", i, r);
			return fail(
				err,
				"%s: 0x%lx-0x%lx overlaps the shared memory of cell '%.*s' ivshmem[%u] '%.*s' 0x%lx-0x%lx",
				p, r->phys_start,
				range_last(r->phys_start, r->size), name_len,
				b->name, j, name_len, o->name, o->phys_start,
				range_last(o->phys_start, o_total));
		}
	}
	return 0;
}

int config_check_cell_pair(const struct bh_cell_desc *a,
			   const struct bh_cell_desc *b,
			   struct config_error *err)
{
	u32 na = min_u32(a->num_mem_regions, BH_MAX_MEM_REGIONS);
	u32 nb = min_u32(b->num_mem_regions, BH_MAX_MEM_REGIONS);
	u32 pa = min_u32(a->num_pio_regions, BH_MAX_PIO_REGIONS);
	u32 pb = min_u32(b->num_pio_regions, BH_MAX_PIO_REGIONS);
	u64 common = a->cpu_set & b->cpu_set;
	int name_len = BH_NAME_LEN - 1;
	char label[LABEL_LEN];

	if (names_equal(a->name, b->name))
		return fail(err,
			    "name: '%.*s' is also the name of another cell",
			    name_len, a->name);
	if (common) {
		u32 cpu = 0;

		while (!(common & BIT(cpu)))
			cpu++;
		return fail(err, "cpus: CPU %u is also in cell '%.*s'", cpu,
			    name_len, b->name);
	}

	for (u32 i = 0; i < na; i++) {
		const struct bh_mem_region *r = &a->mem_regions[i];

		for (u32 j = 0; j < nb; j++) {
			const struct bh_mem_region *o = &b->mem_regions[j];

			/* Both sharing root memory is what sharing is for. */
			if ((r->flags & o->flags & BH_MEM_ROOTSHARED) ||
			    !ranges_overlap(r->phys_start, r->size,
					    o->phys_start, o->size))
				continue;
			region_label(label, "", i, r);
			return fail(
				err,
				"%s: 0x%lx-0x%lx overlaps cell '%.*s' memory[%u] 0x%lx-0x%lx",
				label, r->phys_start,
				range_last(r->phys_start, r->size), name_len,
				b->name, j, o->phys_start,
				range_last(o->phys_start, o->size));
		}
	}

	for (u32 i = 0; i < pa; i++) {
		const struct bh_pio_region *p = &a->pio_regions[i];

		for (u32 j = 0; j < pb; j++) {
			const struct bh_pio_region *q = &b->pio_regions[j];

			if (ranges_overlap(p->base, p->length, q->base,
					   q->length))
				return fail(
					err,
					"pio[%u]: ports 0x%x-0x%x overlap cell '%.*s' pio[%u]",
					i, p->base, p->base + p->length - 1,
					name_len, b->name, j);
		}
	}
	return check_pair_ivshmem(a, b, err);
}
