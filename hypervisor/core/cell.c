// SPDX-License-Identifier: GPL-2.0
/*
 * Cells. The root cell is Linux: it owns the CPUs and the memory regions
 * its config lists, identity-mapped, and never the hypervisor's memory.
 * Non-root cells are carved out of it (cell_control.c).
 */
#include <stdarg.h>
#include <bh/arch.h>
#include <bh/cell.h>
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

struct cell root_cell;
struct cell *cells[MAX_CELLS];

bool cell_owns_cpu(const struct cell *cell, unsigned int cpu)
{
	return cpu < 64 && (cell->cpu_set & BIT(cpu));
}

u32 cell_count(void)
{
	u32 i, n = 0;

	for (i = 0; i < MAX_CELLS; i++)
		if (cells[i])
			n++;
	return n;
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

	if (ret == -ENOMEM)
		printk("ERROR: cell %s: cannot map memory region '%s' 0x%llx-0x%llx: the hypervisor's page pool is exhausted (%llu of %llu pages used)\n",
		       cell->desc->name, r->name,
		       (unsigned long long)r->phys_start,
		       (unsigned long long)(r->phys_start + r->size - 1),
		       (unsigned long long)hv_pool.used,
		       (unsigned long long)hv_pool.pages);
	else if (ret)
		printk("ERROR: cell %s: cannot map memory region '%s' 0x%llx-0x%llx (%d)\n",
		       cell->desc->name, r->name,
		       (unsigned long long)r->phys_start,
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
	root_cell.state = BH_STATE_RUNNING;
	root_cell.may_run = true;
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

	ret = ivshmem_cell_init(&root_cell);
	if (!ret)
		ret = pci_root_init();
	if (ret)
		return ret;
	ret = arch_cell_init(&root_cell);
	if (ret)
		return ret;
	cells[0] = &root_cell;
	cell_status_update(&root_cell);
	return 0;
}

/* Mirror the cell's state into the status area for the root cell. */
void cell_status_update(const struct cell *cell)
{
	struct bh_cell_status *s = &hv_status.cells[cell->id];
	u32 state = cell->state;

	if (state == BH_STATE_RUNNING && cell->comm &&
	    READ_ONCE(cell->comm->cell_state) == BH_CELL_RUNNING_LOCKED)
		state = BH_STATE_RUNNING_LOCKED;
	s->cpu_set = cell->cpu_set;
	s->failed_cpus = cell->failed_cpus;
	memcpy(s->name, cell->desc->name, sizeof(s->name));
	__atomic_store_n(&s->state, state, __ATOMIC_RELEASE);
}

/* Output of a drain, handed to the console in pieces. */
struct drain_buf {
	char buf[96];
	unsigned int n;
};

static void drain_put(struct drain_buf *d, char c)
{
	if (d->n == sizeof(d->buf)) {
		console_write(d->buf, d->n);
		d->n = 0;
	}
	d->buf[d->n++] = c;
}

/*
 * The cell's bytes are the cell's: every line it prints starts with its
 * name in brackets, and control characters other than newline and tab,
 * and bytes outside ASCII, become '?'. So a cell cannot print a line that
 * reads as the hypervisor's ("ERROR: ...", which the driver takes as a
 * refusal reason) nor send escape sequences to whoever reads the console.
 */
static void drain_cell_byte(struct cell *cell, struct drain_buf *d, char c)
{
	const char *name;

	if (!cell->console_midline) {
		drain_put(d, '[');
		for (name = cell->desc->name; *name; name++)
			drain_put(d, *name);
		drain_put(d, ']');
		drain_put(d, ' ');
		cell->console_midline = true;
	}
	if (c == '\n')
		cell->console_midline = false;
	else if (c != '\t' && (c < 0x20 || c > 0x7e))
		c = '?';
	drain_put(d, c);
}

/* Guards each cell's midline state and the order of drained pieces. */
static struct spinlock drain_lock;

void cell_console_write(struct cell *cell, const char *buf, u64 len)
{
	struct drain_buf d = { .n = 0 };
	u64 i;

	spin_lock(&drain_lock);
	for (i = 0; i < len; i++)
		drain_cell_byte(cell, &d, buf[i]);
	if (d.n)
		console_write(d.buf, d.n);
	spin_unlock(&drain_lock);
}

void cell_console_drain(struct cell *cell)
{
	const struct bh_comm_region *c = cell->comm;
	struct drain_buf d = { .n = 0 };
	u32 end, pos;

	if (!c || !cell->comm_valid)
		return;
	spin_lock(&drain_lock);
	end = READ_ONCE(c->console_written);
	pos = cell->console_drained;
	/* the cell owns the page: trust nothing but the ring's bounds; what
	 * it wrote faster than the root read is gone, and said so */
	if (end - pos > BH_COMM_CONSOLE_SIZE) {
		printk("%s[%s] (%u bytes of output lost: the cell wrote faster than the console was read)\n",
		       cell->console_midline ? "\n" : "", cell->desc->name,
		       end - pos - BH_COMM_CONSOLE_SIZE);
		pos = end - BH_COMM_CONSOLE_SIZE;
		cell->console_midline = false;
	}
	for (; pos != end; pos++)
		drain_cell_byte(
			cell, &d,
			READ_ONCE(c->console[pos % BH_COMM_CONSOLE_SIZE]));
	if (d.n)
		console_write(d.buf, d.n);
	cell->console_drained = end;
	spin_unlock(&drain_lock);
}

void cell_fail(struct per_cpu *cpu, const char *fmt, ...)
{
	struct cell *cell = cpu->cell;
	char buf[200];
	unsigned int i;
	va_list ap;

	va_start(ap, fmt);
	vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* what the cell said before it failed comes first */
	cell_console_drain(cell);
	printk("CPU %u: cell %s: %s; cell stopped and marked failed\n", cpu->id,
	       cell->desc->name, buf);

	cell_stop_running(cell);
	regulation_cell_stopped(cell);
	__atomic_or_fetch(&cell->failed_cpus, BIT(cpu->id), __ATOMIC_SEQ_CST);
	cell->state = BH_STATE_FAILED;
	cell_status_update(cell);
	/* its peers learn that it is gone; its devices fall silent */
	ivshmem_cell_reset(cell);
	for (i = 0; i < MAX_CPUS; i++)
		if (i != cpu->id && cell_owns_cpu(cell, i))
			cpu_request(per_cpu(i), REQ_PARK);
	cpu_park(cpu);
}
