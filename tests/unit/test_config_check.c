// SPDX-License-Identifier: GPL-2.0
// uses: hypervisor/core/config_check.c hypervisor/core/format.c
/*
 * The config validator, rule by rule: a valid fixture (the reference
 * platform's system config and two cells) must pass; each case then breaks
 * exactly one thing and expects -EINVAL with a message that starts with the
 * field's path and says what is wrong. Every case is its own cmocka test,
 * named after the rule.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <bh/config_check.h>
#include <bh/errno.h>
#include <bulkhead/config.h>

#define RWX (BH_MEM_READ | BH_MEM_WRITE | BH_MEM_EXECUTE)
#define RAM (RWX | BH_MEM_DMA)
#define MMIO (BH_MEM_READ | BH_MEM_WRITE | BH_MEM_IO)
#define SZ_4K 0x1000ull
#define SZ_1M 0x100000ull

struct fixture {
	struct bh_system_desc sys;
	struct bh_cell_desc a; /* "hello", CPU 3 */
	struct bh_cell_desc b; /* "timer-jitter", CPU 2 */
};

static struct fixture fx;

static void set_name(char *dst, const char *name)
{
	memset(dst, 0, BH_NAME_LEN);
	memcpy(dst, name, strlen(name));
}

static struct bh_mem_region *add_region(struct bh_cell_desc *c,
					const char *name, uint64_t phys,
					uint64_t virt, uint64_t size,
					uint32_t flags)
{
	struct bh_mem_region *r = &c->mem_regions[c->num_mem_regions++];

	set_name(r->name, name);
	r->phys_start = phys;
	r->virt_start = virt;
	r->size = size;
	r->flags = flags;
	return r;
}

static void add_pio(struct bh_cell_desc *c, uint16_t base, uint16_t length)
{
	c->pio_regions[c->num_pio_regions].base = base;
	c->pio_regions[c->num_pio_regions].length = length;
	c->num_pio_regions++;
}

static void init_cell(struct bh_cell_desc *c, const char *name, uint64_t cpus)
{
	memset(c, 0, sizeof(*c));
	memcpy(c->signature, BH_CELL_SIGNATURE, BH_SIGNATURE_LEN);
	c->version = BH_CONFIG_VERSION;
	set_name(c->name, name);
	c->cpu_set = cpus;
}

/*
 * configs/qemu-svm.yaml, configs/cells/hello.yaml and timer-jitter.yaml,
 * without ivshmem devices; with_ivshmem() adds the demo device.
 */
static void init_fixture(struct fixture *f)
{
	struct bh_system_desc *s = &f->sys;
	struct bh_cell_desc *root = &s->root_cell;

	memset(s, 0, sizeof(*s));
	memcpy(s->signature, BH_SYSTEM_SIGNATURE, BH_SIGNATURE_LEN);
	s->version = BH_CONFIG_VERSION;
	s->size = sizeof(*s);
	set_name(s->name, "qemu-svm");
	s->hypervisor_memory.phys_start = 0x30000000;
	s->hypervisor_memory.size = 16 * SZ_1M;
	s->cell_memory.phys_start = 0x31000000;
	s->cell_memory.size = 496 * SZ_1M;
	s->console.type = BH_CONSOLE_UART_PIO;
	s->console.address = 0x2f8;
	s->pci_mmconfig.phys_start = 0xb0000000;
	s->pci_mmconfig.start_bus = 0;
	s->pci_mmconfig.end_bus = 255;
	s->num_iommus = 1;
	s->iommus[0].phys_start = 0xfed90000;
	s->iommus[0].size = SZ_4K;
	s->regulation.max_hold_us = 2000;
	s->regulation.min_run_us = 1000;
	s->regulation.duty_period_us = 1000;
	s->regulation.duty_run_percent = 50;
	s->regulation.take_up_us = BH_REG_TAKE_UP_DEFAULT_US;
	s->regulation.num_cells = 1;
	set_name(s->regulation.cells[0], "rt-probe");

	init_cell(root, "root", 0xf);
	add_region(root, "ram-low", 0, 0, 0x30000000, RAM);
	add_region(root, "cell-memory", 0x31000000, 0x31000000, 496 * SZ_1M,
		   RAM);
	add_region(root, "ram-high", 0x50000000, 0x50000000, 0x30000000, RAM);
	add_region(root, "mmio-low", 0x80000000, 0x80000000, 0x80000000, MMIO);
	add_region(root, "mmio-high", 0x100000000, 0x100000000, 0x800000000,
		   MMIO);
	add_pio(root, 0, 0x2f8);
	add_pio(root, 0x300, 0xfd00);

	init_cell(&f->a, "hello", 1ull << 3);
	add_region(&f->a, "ram", 0x31000000, 0, SZ_1M, RWX | BH_MEM_LOADABLE);
	add_region(&f->a, "comm", 0x31100000, 0x100000, SZ_4K,
		   BH_MEM_READ | BH_MEM_WRITE | BH_MEM_COMM_REGION);

	init_cell(&f->b, "timer-jitter", 1ull << 2);
	add_region(&f->b, "ram", 0x31200000, 0, SZ_1M, RWX | BH_MEM_LOADABLE);
	add_region(&f->b, "comm", 0x31300000, 0x100000, SZ_4K,
		   BH_MEM_READ | BH_MEM_WRITE | BH_MEM_COMM_REGION);
}

/* The demo device of configs/qemu-svm.yaml: 4K + 16K + 3 * 4K = 0x8000. */
#define DEMO_START 0x4ff00000ull
#define DEMO_GUEST 0x200000ull

static struct bh_ivshmem_desc *add_ivshmem(struct bh_cell_desc *c,
					   const char *name, uint16_t bdf,
					   uint16_t id, uint64_t phys,
					   uint64_t virt)
{
	struct bh_ivshmem_desc *d = &c->ivshmem[c->num_ivshmem++];

	set_name(d->name, name);
	d->bdf = bdf;
	d->max_peers = 3;
	d->peer_id = id;
	d->num_vectors = 4;
	d->phys_start = phys;
	d->virt_start = virt;
	d->state_size = SZ_4K;
	d->rw_size = 4 * SZ_4K;
	d->output_size = SZ_4K;
	return d;
}

/*
 * The fixture with the demo device: the root cell (00:10.0) is peer 0,
 * a peer 1, b peer 2, as in configs/cells/ivshmem-demo.yaml and
 * ivshmem-peer.yaml. The root cell's cell-memory region leaves out the
 * shared memory, as in configs/qemu-svm.yaml.
 */
static void with_ivshmem(struct fixture *f)
{
	f->sys.root_cell.mem_regions[1].size = 495 * SZ_1M;
	add_ivshmem(&f->sys.root_cell, "demo", 0x0080, 0, DEMO_START,
		    DEMO_START);
	add_ivshmem(&f->a, "demo", 0, 1, DEMO_START, DEMO_GUEST);
	add_ivshmem(&f->b, "demo", 0, 2, DEMO_START, DEMO_GUEST);
}

#define ROOT (&f->sys.root_cell)
#define ROOT_MEM(i) (&f->sys.root_cell.mem_regions[i])
#define A_MEM(i) (&f->a.mem_regions[i])

/* Sets a region's host and guest address together: one defect only. */
static void move_root_region(struct fixture *f, int i, uint64_t addr)
{
	ROOT_MEM(i)->phys_start = addr;
	ROOT_MEM(i)->virt_start = addr;
}

/* --- system --- */

static void sys_signature(struct fixture *f)
{
	f->sys.signature[0] = 'X';
}

static void sys_version(struct fixture *f)
{
	f->sys.version = 2;
}

static void sys_size(struct fixture *f)
{
	f->sys.size -= 8;
}

static void sys_reserved(struct fixture *f)
{
	f->sys.reserved = 1;
}

static void sys_name_empty(struct fixture *f)
{
	set_name(f->sys.name, "");
}

static void sys_name_unterminated(struct fixture *f)
{
	memset(f->sys.name, 'q', BH_NAME_LEN);
}

static void sys_name_space(struct fixture *f)
{
	set_name(f->sys.name, "qemu svm");
}

static void hv_start_unaligned(struct fixture *f)
{
	f->sys.hypervisor_memory.phys_start = 0x30100000;
}

static void hv_size_unaligned(struct fixture *f)
{
	f->sys.hypervisor_memory.size += SZ_4K;
}

static void hv_size_zero(struct fixture *f)
{
	f->sys.hypervisor_memory.size = 0;
}

static void hv_too_small(struct fixture *f)
{
	f->sys.hypervisor_memory.size = 2 * SZ_1M;
}

static void hv_beyond_phys(struct fixture *f)
{
	f->sys.hypervisor_memory.phys_start = (1ull << 52) - 2 * SZ_1M;
}

static void hv_wraps(struct fixture *f)
{
	f->sys.hypervisor_memory.phys_start = 0xffffffffffe00000ull;
}

static void cellmem_start_unaligned(struct fixture *f)
{
	f->sys.cell_memory.phys_start += 0x800;
}

static void cellmem_size_unaligned(struct fixture *f)
{
	f->sys.cell_memory.size += 0x800;
}

static void cellmem_empty(struct fixture *f)
{
	f->sys.cell_memory.size = 0;
}

static void cellmem_wraps(struct fixture *f)
{
	f->sys.cell_memory.phys_start = 0xfffffffffff00000ull;
}

static void cellmem_overlaps_hv(struct fixture *f)
{
	f->sys.cell_memory.phys_start = 0x30f00000;
}

static void console_type_unknown(struct fixture *f)
{
	f->sys.console.type = 7;
}

static void console_port_too_high(struct fixture *f)
{
	f->sys.console.address = 0xfffc;
}

static void console_port_huge(struct fixture *f)
{
	f->sys.console.address = ~0ull - 3;
}

static void mmcfg_buses_reversed(struct fixture *f)
{
	f->sys.pci_mmconfig.start_bus = 5;
	f->sys.pci_mmconfig.end_bus = 3;
}

static void mmcfg_unaligned(struct fixture *f)
{
	f->sys.pci_mmconfig.phys_start = 0xb0000800;
}

static void mmcfg_beyond_phys(struct fixture *f)
{
	f->sys.pci_mmconfig.phys_start = (1ull << 52) - SZ_1M;
}

static void mmcfg_overlaps_hv(struct fixture *f)
{
	f->sys.pci_mmconfig.phys_start = 0x30000000;
	f->sys.pci_mmconfig.end_bus = 0;
}

static void mmcfg_overlaps_cellmem(struct fixture *f)
{
	f->sys.pci_mmconfig.phys_start = 0x40000000;
	f->sys.pci_mmconfig.end_bus = 0;
}

static void mmcfg_reserved(struct fixture *f)
{
	f->sys.pci_mmconfig.reserved[5] = 1;
}

static void iommu_count(struct fixture *f)
{
	f->sys.num_iommus = BH_MAX_IOMMUS + 1;
}

static void iommu_unaligned(struct fixture *f)
{
	f->sys.iommus[0].phys_start = 0xfed90800;
}

static void iommu_empty(struct fixture *f)
{
	f->sys.iommus[0].size = 0;
}

static void iommu_overlaps_hv(struct fixture *f)
{
	f->sys.iommus[0].phys_start = 0x30001000;
}

/* --- regulation --- */

static void reg_take_up_short(struct fixture *f)
{
	f->sys.regulation.take_up_us = BH_REG_TAKE_UP_MIN_US - 1;
}

static void reg_take_up_long(struct fixture *f)
{
	f->sys.regulation.take_up_us = BH_REG_TAKE_UP_MAX_US + 1;
}

/* regulation off, and only the take-up bound left set */
static void reg_off_take_up_set(struct fixture *f)
{
	memset(&f->sys.regulation, 0, sizeof(f->sys.regulation));
	f->sys.regulation.take_up_us = BH_REG_TAKE_UP_DEFAULT_US;
}

static void reg_off_but_set(struct fixture *f)
{
	f->sys.regulation.max_hold_us = 0;
}

static void reg_hold_short(struct fixture *f)
{
	f->sys.regulation.max_hold_us = BH_REG_HOLD_MIN_US - 1;
	f->sys.regulation.duty_period_us = 0;
	f->sys.regulation.duty_run_percent = 0;
}

static void reg_hold_long(struct fixture *f)
{
	f->sys.regulation.max_hold_us = BH_REG_HOLD_MAX_US + 1;
	f->sys.regulation.min_run_us = BH_REG_HOLD_MAX_US;
}

static void reg_run_short(struct fixture *f)
{
	/* 222 us beside 2000 us is 9.99 %: below the root's 10 % */
	f->sys.regulation.min_run_us = 222;
}

static void reg_period_short(struct fixture *f)
{
	f->sys.regulation.duty_period_us = BH_REG_PERIOD_MIN_US - 1;
}

static void reg_period_long(struct fixture *f)
{
	f->sys.regulation.duty_period_us = BH_REG_PERIOD_MAX_US + 1;
}

static void reg_percent_low(struct fixture *f)
{
	f->sys.regulation.duty_run_percent = BH_REG_DUTY_MIN_PERCENT - 1;
}

static void reg_percent_high(struct fixture *f)
{
	f->sys.regulation.duty_run_percent = BH_REG_DUTY_MAX_PERCENT + 1;
}

static void reg_duty_hold_over_max(struct fixture *f)
{
	f->sys.regulation.duty_period_us = 10000;
}

static void reg_duty_percent_alone(struct fixture *f)
{
	f->sys.regulation.duty_period_us = 0;
}

static void reg_no_cells(struct fixture *f)
{
	f->sys.regulation.num_cells = 0;
	memset(f->sys.regulation.cells, 0, sizeof(f->sys.regulation.cells));
}

static void reg_too_many_cells(struct fixture *f)
{
	f->sys.regulation.num_cells = BH_REG_MAX_CELLS + 1;
}

static void reg_cell_name_space(struct fixture *f)
{
	set_name(f->sys.regulation.cells[0], "rt probe");
}

static void reg_cell_twice(struct fixture *f)
{
	f->sys.regulation.num_cells = 2;
	set_name(f->sys.regulation.cells[1], "rt-probe");
}

static void reg_unused_name_set(struct fixture *f)
{
	set_name(f->sys.regulation.cells[2], "ghost");
}

/* --- root cell --- */

static void root_signature(struct fixture *f)
{
	ROOT->signature[7] = 'X';
}

static void root_version(struct fixture *f)
{
	ROOT->version = BH_CONFIG_VERSION + 1;
}

static void root_flags(struct fixture *f)
{
	ROOT->flags = 1;
}

static void root_reserved(struct fixture *f)
{
	ROOT->reserved[2] = 1;
}

static void root_name_empty(struct fixture *f)
{
	set_name(ROOT->name, "");
}

static void root_name_unterminated(struct fixture *f)
{
	memset(ROOT->name, 'r', BH_NAME_LEN);
}

static void root_too_many_regions(struct fixture *f)
{
	ROOT->num_mem_regions = BH_MAX_MEM_REGIONS + 1;
}

static void root_huge_region_count(struct fixture *f)
{
	ROOT->num_mem_regions = 0xffffffffu;
}

static void root_too_many_pio(struct fixture *f)
{
	ROOT->num_pio_regions = BH_MAX_PIO_REGIONS + 1;
}

static void root_cpus_empty(struct fixture *f)
{
	ROOT->cpu_set = 0;
}

static void root_without_cpu0(struct fixture *f)
{
	ROOT->cpu_set = 0xe;
}

static void root_region_name_unterminated(struct fixture *f)
{
	memset(ROOT_MEM(1)->name, 'n', BH_NAME_LEN);
}

static void root_region_name_control_char(struct fixture *f)
{
	set_name(ROOT_MEM(1)->name, "cell\tmemory");
}

static void root_region_reserved(struct fixture *f)
{
	ROOT_MEM(1)->reserved = 1;
}

static void root_region_unknown_flags(struct fixture *f)
{
	ROOT_MEM(0)->flags |= 0x100;
}

static void root_region_size_zero(struct fixture *f)
{
	ROOT_MEM(2)->size = 0;
}

static void root_region_unnamed(struct fixture *f)
{
	set_name(ROOT_MEM(2)->name, "");
	ROOT_MEM(2)->size = 0;
}

static void root_region_start_unaligned(struct fixture *f)
{
	move_root_region(f, 2, 0x50000800);
}

static void root_region_size_unaligned(struct fixture *f)
{
	ROOT_MEM(2)->size -= 0x800;
}

static void root_region_beyond_phys(struct fixture *f)
{
	ROOT_MEM(4)->size = 1ull << 52;
}

static void root_region_not_identity(struct fixture *f)
{
	ROOT_MEM(0)->virt_start = 0x1000;
}

static void root_region_comm_flag(struct fixture *f)
{
	ROOT_MEM(0)->flags |= BH_MEM_COMM_REGION;
}

static void root_region_loadable_flag(struct fixture *f)
{
	ROOT_MEM(2)->flags |= BH_MEM_LOADABLE;
}

static void root_region_shared_flag(struct fixture *f)
{
	ROOT_MEM(3)->flags |= BH_MEM_ROOTSHARED;
}

static void root_regions_overlap(struct fixture *f)
{
	move_root_region(f, 2, 0x20000000);
	ROOT_MEM(2)->size = SZ_4K;
}

static void root_region_overlaps_hv(struct fixture *f)
{
	move_root_region(f, 2, 0x30800000);
}

static void root_pio_empty(struct fixture *f)
{
	ROOT->pio_regions[1].length = 0;
}

static void root_pio_beyond(struct fixture *f)
{
	ROOT->pio_regions[1].length = 0xfd01;
}

static void root_console_port(struct fixture *f)
{
	ROOT->console_port = 0x3f8;
}

static void root_cache_ways(struct fixture *f)
{
	ROOT->cache_ways = 2;
}

static void root_pio_has_hv_uart(struct fixture *f)
{
	ROOT->pio_regions[0].length = 0x300;
}

static void root_pio_has_part_of_hv_uart(struct fixture *f)
{
	ROOT->pio_regions[1].base = 0x2ff;
	ROOT->pio_regions[1].length = 0xfd01;
}

/* --- non-root cell (a), against the system --- */

static void cell_signature(struct fixture *f)
{
	memcpy(f->a.signature, BH_SYSTEM_SIGNATURE, BH_SIGNATURE_LEN);
}

static void cell_version(struct fixture *f)
{
	f->a.version = 0;
}

static void cell_flags(struct fixture *f)
{
	f->a.flags = 0x80000000u;
}

static void cell_reserved(struct fixture *f)
{
	f->a.reserved[0] = 1;
}

static void cell_name_empty(struct fixture *f)
{
	set_name(f->a.name, "");
}

static void cell_name_unterminated(struct fixture *f)
{
	memset(f->a.name, 'h', BH_NAME_LEN);
}

static void cell_name_newline(struct fixture *f)
{
	set_name(f->a.name, "hel\nlo");
}

static void cell_name_is_root(struct fixture *f)
{
	set_name(f->a.name, "root");
}

static void cell_too_many_regions(struct fixture *f)
{
	f->a.num_mem_regions = BH_MAX_MEM_REGIONS + 1;
}

static void cell_too_many_pio(struct fixture *f)
{
	f->a.num_pio_regions = 0x10000;
}

static void cell_cpus_empty(struct fixture *f)
{
	f->a.cpu_set = 0;
}

static void cell_has_cpu0(struct fixture *f)
{
	f->a.cpu_set |= 1;
}

static void cell_cpu_not_root(struct fixture *f)
{
	f->a.cpu_set |= 1ull << 5;
}

static void cell_region_unknown_flags(struct fixture *f)
{
	A_MEM(1)->flags |= 1u << 12;
}

static void cell_region_reserved(struct fixture *f)
{
	A_MEM(1)->reserved = 9;
}

static void cell_region_name_unterminated(struct fixture *f)
{
	memset(A_MEM(0)->name, 'm', BH_NAME_LEN);
}

static void cell_region_size_zero(struct fixture *f)
{
	A_MEM(0)->size = 0;
}

static void cell_region_start_unaligned(struct fixture *f)
{
	A_MEM(0)->phys_start += 0x10;
}

static void cell_region_guest_unaligned(struct fixture *f)
{
	A_MEM(0)->virt_start = 0x800;
}

static void cell_region_size_unaligned(struct fixture *f)
{
	A_MEM(0)->size = SZ_1M - 1;
}

static void cell_region_wraps(struct fixture *f)
{
	A_MEM(0)->size = 0xfffffffffff00000ull;
}

static void cell_region_guest_beyond(struct fixture *f)
{
	A_MEM(0)->virt_start = (1ull << 52) - SZ_4K;
}

static void cell_regions_overlap(struct fixture *f)
{
	A_MEM(1)->phys_start = 0x31080000;
}

static void cell_regions_overlap_guest(struct fixture *f)
{
	A_MEM(1)->virt_start = 0x80000;
}

static void cell_region_outside_cellmem(struct fixture *f)
{
	A_MEM(0)->phys_start = 0x50000000;
}

static void cell_region_straddles_cellmem_end(struct fixture *f)
{
	A_MEM(0)->phys_start = 0x4ff80000;
	A_MEM(1)->phys_start = 0x4fe00000;
}

static void cell_region_overlaps_hv(struct fixture *f)
{
	A_MEM(0)->phys_start = 0x30f00000;
	A_MEM(0)->size = 2 * SZ_1M;
}

static void cell_shared_outside_root(struct fixture *f)
{
	add_region(&f->a, "shm", 0x900000000, 0x200000, SZ_1M,
		   BH_MEM_READ | BH_MEM_WRITE | BH_MEM_ROOTSHARED);
}

static void cell_shared_across_root_regions(struct fixture *f)
{
	/* Inside the root cell's memory, but not inside one region. */
	add_region(&f->a, "shm", 0x4ffff000, 0x200000, 2 * SZ_4K,
		   BH_MEM_READ | BH_MEM_WRITE | BH_MEM_ROOTSHARED);
}

static void cell_device_not_root_io(struct fixture *f)
{
	add_region(&f->a, "bar0", 0x60000000, 0x200000, SZ_4K, MMIO);
}

static void cell_device_ioapic(struct fixture *f)
{
	add_region(&f->a, "bar0", 0xfec00000, 0x200000, SZ_4K, MMIO);
}

static void cell_device_lapic(struct fixture *f)
{
	add_region(&f->a, "bar0", 0xfed00000, 0x200000, 0x200000, MMIO);
}

static void cell_device_mmconfig(struct fixture *f)
{
	add_region(&f->a, "bar0", 0xbff00000, 0x200000, 2 * SZ_1M, MMIO);
}

static void cell_device_iommu(struct fixture *f)
{
	add_region(&f->a, "bar0", 0xfed90000, 0x200000, SZ_4K, MMIO);
}

static void cell_loadable_shared(struct fixture *f)
{
	add_region(&f->a, "shm", 0x50000000, 0x200000, SZ_1M,
		   BH_MEM_READ | BH_MEM_WRITE | BH_MEM_ROOTSHARED |
			   BH_MEM_LOADABLE);
}

static void cell_comm_shared(struct fixture *f)
{
	A_MEM(1)->phys_start = 0x50000000;
	A_MEM(1)->flags |= BH_MEM_ROOTSHARED;
}

static void cell_comm_io(struct fixture *f)
{
	A_MEM(1)->phys_start = 0x90000000;
	A_MEM(1)->flags |= BH_MEM_IO;
}

static void cell_no_comm(struct fixture *f)
{
	A_MEM(1)->flags &= ~BH_MEM_COMM_REGION;
}

static void cell_two_comm(struct fixture *f)
{
	add_region(&f->a, "comm2", 0x31101000, 0x101000, SZ_4K,
		   BH_MEM_READ | BH_MEM_COMM_REGION);
}

static void cell_comm_size(struct fixture *f)
{
	A_MEM(1)->size = 2 * SZ_4K;
}

static void cell_no_loadable(struct fixture *f)
{
	A_MEM(0)->flags &= ~BH_MEM_LOADABLE;
}

static void cell_pio_empty(struct fixture *f)
{
	add_pio(&f->a, 0x3f8, 0);
}

static void cell_pio_beyond(struct fixture *f)
{
	add_pio(&f->a, 0xfff8, 0x10);
}

static void cell_pio_hv_uart(struct fixture *f)
{
	add_pio(&f->a, 0x2f0, 0x10);
}

static void cell_pio_not_root(struct fixture *f)
{
	f->sys.root_cell.pio_regions[1].base = 0x400;
	f->sys.root_cell.pio_regions[1].length = 0xfc00;
	add_pio(&f->a, 0x3f8, 8);
}

static void cell_console_port_outside_pio(struct fixture *f)
{
	add_pio(&f->a, 0x3f8, 8);
	f->a.console_port = 0x3f0;
}

static void cell_console_port_without_pio(struct fixture *f)
{
	f->a.console_port = 0x3f8;
}

static void cell_console_port_straddles(struct fixture *f)
{
	add_pio(&f->a, 0x3f8, 4);
	add_pio(&f->a, 0x3fc, 4);
	f->a.console_port = 0x3f8;
}

/* --- pairs: a against b --- */

static void pair_same_name(struct fixture *f)
{
	set_name(f->b.name, "hello");
}

static void pair_same_cpu(struct fixture *f)
{
	f->b.cpu_set |= 1ull << 3;
}

static void pair_memory(struct fixture *f)
{
	f->b.mem_regions[0].phys_start = 0x31080000;
}

static void pair_shared_over_private(struct fixture *f)
{
	/* Valid for a alone (inside root's cell-memory), but b's RAM. */
	add_region(&f->a, "peek", 0x31200000, 0x200000, SZ_4K,
		   BH_MEM_READ | BH_MEM_ROOTSHARED);
}

static void pair_pio(struct fixture *f)
{
	add_pio(&f->a, 0x3f8, 8);
	add_pio(&f->b, 0x3f0, 0x10);
}

/* --- ivshmem devices: with_ivshmem(), then one defect --- */

#define ROOT_IVS(i) (&f->sys.root_cell.ivshmem[i])
#define A_IVS(i) (&f->a.ivshmem[i])
#define B_IVS(i) (&f->b.ivshmem[i])

/*
 * Where a device the root cell does not have may be: in cell-memory above
 * the root cell's cell-memory region and the demo device.
 */
#define PAIR_START 0x4ff80000ull

/* A second device in a, clear of everything: changed by the cases. */
static struct bh_ivshmem_desc *add_second(struct fixture *f)
{
	with_ivshmem(f);
	return add_ivshmem(&f->a, "second", 0x0008, 0, PAIR_START, 0x300000);
}

static void root_ivs_count(struct fixture *f)
{
	with_ivshmem(f);
	ROOT->num_ivshmem = BH_MAX_IVSHMEM + 1;
}

static void cell_ivs_count(struct fixture *f)
{
	with_ivshmem(f);
	f->a.num_ivshmem = 0xffffffffu;
}

static void cell_cache_ways_huge(struct fixture *f)
{
	f->a.cache_ways = BH_MAX_CACHE_WAYS + 1;
}

static void ivs_name_empty(struct fixture *f)
{
	with_ivshmem(f);
	set_name(A_IVS(0)->name, "");
}

static void ivs_name_unterminated(struct fixture *f)
{
	with_ivshmem(f);
	memset(A_IVS(0)->name, 'd', BH_NAME_LEN);
}

static void root_ivs_name_space(struct fixture *f)
{
	with_ivshmem(f);
	set_name(ROOT_IVS(0)->name, "de mo");
}

static void ivs_reserved(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->reserved[1] = 1;
}

static void ivs_one_peer(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->max_peers = 1;
	A_IVS(0)->peer_id = 0;
}

static void ivs_nine_peers(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->max_peers = 9;
}

static void ivs_id_not_below_peers(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->peer_id = 3;
}

static void ivs_no_vectors(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->num_vectors = 0;
}

static void ivs_17_vectors(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->num_vectors = 17;
}

static void ivs_state_zero(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->state_size = 0;
}

static void ivs_state_too_small(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->max_peers = 8;
	A_IVS(0)->state_size = 0x10;
}

static void ivs_start_unaligned(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->phys_start += 0x800;
}

static void ivs_state_unaligned(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->state_size = 0x1800;
}

static void ivs_rw_unaligned(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->rw_size = 0x10;
}

static void ivs_output_unaligned(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->output_size = SZ_4K + 4;
}

/* 2 * 2^63 is 0 in 64 bits: the total must not wrap to something small. */
static void ivs_output_wraps(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->max_peers = 2;
	A_IVS(0)->output_size = 1ull << 63;
}

static void ivs_rw_wraps(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->rw_size = 0ull - SZ_4K;
}

static void ivs_beyond_phys(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->phys_start = (1ull << 52) - SZ_4K;
}

static void ivs_guest_unaligned(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->virt_start = DEMO_GUEST + 0x800;
}

static void ivs_guest_beyond(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->virt_start = (1ull << 52) - SZ_4K;
}

static void root_ivs_guest_differs(struct fixture *f)
{
	with_ivshmem(f);
	ROOT_IVS(0)->virt_start = DEMO_GUEST;
}

static void ivs_names_equal(struct fixture *f)
{
	set_name(add_second(f)->name, "demo");
}

static void ivs_bdfs_equal(struct fixture *f)
{
	add_second(f)->bdf = 0;
}

static void ivs_devices_overlap(struct fixture *f)
{
	add_second(f)->phys_start = DEMO_START + 0x4000;
}

static void ivs_devices_overlap_guest(struct fixture *f)
{
	add_second(f)->virt_start = DEMO_GUEST + 0x4000;
}

static void ivs_over_own_region(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->phys_start = 0x31000000;
}

static void ivs_over_own_region_guest(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->virt_start = 0x100000;
}

/* The root cell's cell-memory region as it was before the device. */
static void root_ivs_over_root_region(struct fixture *f)
{
	with_ivshmem(f);
	ROOT_MEM(1)->size = 496 * SZ_1M;
}

static void root_ivs_no_mmconfig(struct fixture *f)
{
	with_ivshmem(f);
	memset(&f->sys.pci_mmconfig, 0, sizeof(f->sys.pci_mmconfig));
}

static void root_ivs_bus_above(struct fixture *f)
{
	with_ivshmem(f);
	f->sys.pci_mmconfig.end_bus = 0;
	ROOT_IVS(0)->bdf = 0x0180;
}

static void root_ivs_bus_below(struct fixture *f)
{
	with_ivshmem(f);
	f->sys.pci_mmconfig.start_bus = 1;
}

static void root_ivs_over_hv(struct fixture *f)
{
	with_ivshmem(f);
	ROOT_IVS(0)->phys_start = 0x30ff8000;
	ROOT_IVS(0)->virt_start = 0x30ff8000;
}

static void root_ivs_outside_cellmem(struct fixture *f)
{
	with_ivshmem(f);
	ROOT_IVS(0)->phys_start = 0x900000000;
	ROOT_IVS(0)->virt_start = 0x900000000;
}

static void cell_ivs_no_mmconfig(struct fixture *f)
{
	with_ivshmem(f);
	memset(&f->sys.pci_mmconfig, 0, sizeof(f->sys.pci_mmconfig));
}

static void cell_ivs_bus_outside(struct fixture *f)
{
	with_ivshmem(f);
	f->sys.pci_mmconfig.end_bus = 1;
	A_IVS(0)->bdf = 0x0200;
}

static void cell_ivs_over_hv(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->phys_start = 0x30ff8000;
}

static void cell_ivs_outside_cellmem(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->phys_start = 0x4fffc000;
}

static void cell_ivs_region_in_window(struct fixture *f)
{
	with_ivshmem(f);
	A_MEM(0)->virt_start = 0xaff80000;
}

static void cell_ivs_guest_in_window(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->virt_start = 0xbfffc000;
}

static void cell_ivs_start_differs(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->phys_start = 0x4fe00000;
}

static void cell_ivs_state_differs(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->state_size = 2 * SZ_4K;
}

static void cell_ivs_rw_differs(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->rw_size = 0;
}

static void cell_ivs_output_differs(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->output_size = 2 * SZ_4K;
}

static void cell_ivs_peers_differ(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->max_peers = 4;
}

static void cell_ivs_protocol_differs(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->protocol = 0x4001;
}

static void cell_ivs_root_id(struct fixture *f)
{
	with_ivshmem(f);
	A_IVS(0)->peer_id = 0;
}

static void cell_ivs_over_root_ivs(struct fixture *f)
{
	with_ivshmem(f);
	set_name(A_IVS(0)->name, "other");
}

/* A device of non-root cells only, in memory the root cell has mapped. */
static void cell_ivs_in_root_memory(struct fixture *f)
{
	add_second(f)->phys_start = 0x4fe00000;
}

static void cell_region_over_root_ivs(struct fixture *f)
{
	with_ivshmem(f);
	f->a.num_ivshmem = 0;
	A_MEM(0)->phys_start = DEMO_START;
}

static void pair_ivs_id(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->peer_id = 1;
}

static void pair_ivs_start(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->phys_start = 0x4fe00000;
}

static void pair_ivs_state(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->state_size = 2 * SZ_4K;
}

static void pair_ivs_rw(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->rw_size = 0;
}

static void pair_ivs_output(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->output_size = 0;
}

static void pair_ivs_peers(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->max_peers = 8;
}

static void pair_ivs_protocol(struct fixture *f)
{
	with_ivshmem(f);
	B_IVS(0)->protocol = 1;
}

static void pair_ivs_other_name(struct fixture *f)
{
	with_ivshmem(f);
	set_name(B_IVS(0)->name, "other");
}

static void pair_ivs_over_region(struct fixture *f)
{
	with_ivshmem(f);
	f->b.num_ivshmem = 0;
	A_IVS(0)->phys_start = 0x31280000;
}

static void pair_region_over_ivs(struct fixture *f)
{
	with_ivshmem(f);
	f->a.num_ivshmem = 0;
	B_IVS(0)->phys_start = 0x31080000;
}

enum target { SYSTEM, CELL, CELL_ALONE, PAIR };

struct rule_case {
	const char *name;
	enum target target;
	void (*mutate)(struct fixture *f);
	const char *prefix; /* the message starts with this */
	const char *detail; /* and contains this */
};

#define CASE(fn, target, prefix, detail)        \
	{                                       \
#fn, target, fn, prefix, detail \
	}
#define CASE_AS(name, fn, target, prefix, detail) \
	{                                         \
#name, target, fn, prefix, detail \
	}

static const struct rule_case cases[] = {
	CASE(sys_signature, SYSTEM, "signature: ", "not a system descriptor"),
	CASE(sys_version, SYSTEM, "version: ", "2, expected 5"),
	CASE(sys_size, SYSTEM, "size: ", "expected"),
	CASE(sys_reserved, SYSTEM, "reserved: ", "not zero"),
	CASE(sys_name_empty, SYSTEM, "name: ", "empty"),
	CASE(sys_name_unterminated, SYSTEM, "name: ", "not NUL-terminated"),
	CASE(sys_name_space, SYSTEM, "name: ", "character 0x20 not allowed"),
	CASE(hv_start_unaligned, SYSTEM,
	     "hypervisor.memory: ", "start 0x30100000 is not 2 MiB aligned"),
	CASE(hv_size_unaligned, SYSTEM,
	     "hypervisor.memory: ", "size 0x1001000 is not 2 MiB aligned"),
	CASE(hv_size_zero, SYSTEM, "hypervisor.memory: ", "size is 0"),
	CASE(hv_too_small, SYSTEM,
	     "hypervisor.memory: ", "size 0x200000 is below 4 MiB"),
	CASE(hv_beyond_phys, SYSTEM, "hypervisor.memory: ",
	     "ends beyond the 52-bit physical address space"),
	CASE(hv_wraps, SYSTEM, "hypervisor.memory: ",
	     "ends beyond the 52-bit physical address space"),
	CASE(cellmem_start_unaligned, SYSTEM,
	     "cell-memory: ", "start 0x31000800 is not page aligned"),
	CASE(cellmem_size_unaligned, SYSTEM,
	     "cell-memory: ", "is not page aligned"),
	CASE(cellmem_empty, SYSTEM, "cell-memory: ", "size is 0"),
	CASE(cellmem_wraps, SYSTEM, "cell-memory: ", "ends beyond"),
	CASE(cellmem_overlaps_hv, SYSTEM, "cell-memory: ",
	     "overlaps hypervisor memory 0x30000000-0x30ffffff"),
	CASE(console_type_unknown, SYSTEM,
	     "hypervisor.console.type: ", "unknown type 7"),
	CASE(console_port_too_high, SYSTEM, "hypervisor.console.port: ",
	     "0xfffc: the UART's 8 ports end beyond 0xffff"),
	CASE(console_port_huge, SYSTEM,
	     "hypervisor.console.port: ", "end beyond 0xffff"),
	CASE(mmcfg_buses_reversed, SYSTEM,
	     "pci-mmconfig.buses: ", "first bus 5 is above last bus 3"),
	CASE(mmcfg_unaligned, SYSTEM,
	     "pci-mmconfig.start: ", "0xb0000800 is not 1 MiB aligned"),
	CASE(mmcfg_beyond_phys, SYSTEM, "pci-mmconfig.start: ", "ends beyond"),
	CASE(mmcfg_overlaps_hv, SYSTEM, "pci-mmconfig: ",
	     "0x30000000-0x300fffff overlaps hypervisor memory"),
	CASE(mmcfg_overlaps_cellmem, SYSTEM,
	     "pci-mmconfig: ", "overlaps cell-memory"),
	CASE(mmcfg_reserved, SYSTEM, "pci-mmconfig: ", "reserved bytes"),
	CASE(iommu_count, SYSTEM, "iommus: ", "5 units, at most 4"),
	CASE(iommu_unaligned, SYSTEM,
	     "iommus[0]: ", "start 0xfed90800 is not page aligned"),
	CASE(iommu_empty, SYSTEM, "iommus[0]: ", "size is 0"),
	CASE(iommu_overlaps_hv, SYSTEM,
	     "iommus[0]: ", "overlaps hypervisor or cell memory"),

	CASE(reg_take_up_short, SYSTEM,
	     "regulation.take-up-us: ", "99, not within 100 to 1000000"),
	CASE(reg_take_up_long, SYSTEM,
	     "regulation.take-up-us: ", "1000001, not within 100 to 1000000"),
	CASE(reg_off_take_up_set, SYSTEM, "regulation.max-hold-us: ",
	     "0 turns regulation off, but other regulation fields are set"),
	CASE(reg_off_but_set, SYSTEM, "regulation.max-hold-us: ",
	     "0 turns regulation off, but other regulation fields are set"),
	CASE(reg_hold_short, SYSTEM,
	     "regulation.max-hold-us: ", "9, not within 10 to 100000"),
	CASE(reg_hold_long, SYSTEM,
	     "regulation.max-hold-us: ", "100001, not within 10 to 100000"),
	CASE(reg_run_short, SYSTEM, "regulation.min-run-us: ",
	     "222 leaves the root cell less than 10% of its time beside "
	     "max-hold-us 2000"),
	CASE(reg_period_short, SYSTEM,
	     "regulation.duty-period-us: ", "99, not within 100 to 100000"),
	CASE(reg_period_long, SYSTEM,
	     "regulation.duty-period-us: ", "100001, not within 100 to 100000"),
	CASE(reg_percent_low, SYSTEM,
	     "regulation.duty-run-percent: ", "9, not within 10 to 90"),
	CASE(reg_percent_high, SYSTEM,
	     "regulation.duty-run-percent: ", "91, not within 10 to 90"),
	CASE(reg_duty_hold_over_max, SYSTEM, "regulation: ",
	     "duty mode holds the root 5000 us per period, more than "
	     "max-hold-us 2000"),
	CASE(reg_duty_percent_alone, SYSTEM,
	     "regulation.duty-period-us: ", "0, not within 100 to 100000"),
	CASE(reg_no_cells, SYSTEM, "regulation.cells: ", "0 names, 1 to 4"),
	CASE(reg_too_many_cells, SYSTEM,
	     "regulation.cells: ", "5 names, 1 to 4"),
	CASE(reg_cell_name_space, SYSTEM,
	     "regulation.cells[0]: ", "character 0x20 not allowed"),
	CASE(reg_cell_twice, SYSTEM,
	     "regulation.cells[1]: ", "'rt-probe' named twice"),
	CASE(reg_unused_name_set, SYSTEM,
	     "regulation.cells[2]: ", "not in use, not zero"),

	CASE(root_signature, SYSTEM,
	     "root-cell.signature: ", "not a cell descriptor"),
	CASE(root_version, SYSTEM, "root-cell.version: ", "6, expected 5"),
	CASE(root_flags, SYSTEM, "root-cell.flags: ", "unknown cell flags 0x1"),
	CASE(root_reserved, SYSTEM, "root-cell.reserved: ", "not zero"),
	CASE(root_name_empty, SYSTEM, "root-cell.name: ", "empty"),
	CASE(root_name_unterminated, SYSTEM,
	     "root-cell.name: ", "not NUL-terminated within 32 bytes"),
	CASE(root_too_many_regions, SYSTEM,
	     "root-cell.memory: ", "33 regions, at most 32"),
	CASE(root_huge_region_count, SYSTEM,
	     "root-cell.memory: ", "4294967295 regions"),
	CASE(root_too_many_pio, SYSTEM,
	     "root-cell.pio: ", "17 ranges, at most 16"),
	CASE(root_cpus_empty, SYSTEM, "root-cell.cpus: ", "empty"),
	CASE(root_without_cpu0, SYSTEM,
	     "root-cell.cpus: ", "must contain CPU 0"),
	CASE(root_region_name_unterminated, SYSTEM,
	     "root-cell.memory[1].name: ", "not NUL-terminated"),
	CASE(root_region_name_control_char, SYSTEM,
	     "root-cell.memory[1].name: ", "character 0x09"),
	CASE(root_region_reserved, SYSTEM,
	     "root-cell.memory[1] 'cell-memory': ", "reserved field not zero"),
	CASE(root_region_unknown_flags, SYSTEM,
	     "root-cell.memory[0] 'ram-low': ", "unknown flags 0x100"),
	CASE(root_region_size_zero, SYSTEM,
	     "root-cell.memory[2] 'ram-high': ", "size is 0"),
	CASE(root_region_unnamed, SYSTEM, "root-cell.memory[2]: ", "size is 0"),
	CASE(root_region_start_unaligned, SYSTEM,
	     "root-cell.memory[2] 'ram-high': ",
	     "start 0x50000800 is not page aligned"),
	CASE(root_region_size_unaligned, SYSTEM,
	     "root-cell.memory[2] 'ram-high': ",
	     "size 0x2ffff800 is not page aligned"),
	CASE(root_region_beyond_phys, SYSTEM,
	     "root-cell.memory[4] 'mmio-high': ",
	     "start 0x100000000 + size 0x10000000000000 ends beyond"),
	CASE(root_region_not_identity, SYSTEM,
	     "root-cell.memory[0] 'ram-low': ",
	     "guest 0x1000 differs from start 0x0; the root cell is identity-mapped"),
	CASE(root_region_comm_flag, SYSTEM, "root-cell.memory[0] 'ram-low': ",
	     "flag comm-region is only for non-root cells"),
	CASE(root_region_loadable_flag, SYSTEM,
	     "root-cell.memory[2] 'ram-high': ",
	     "flag loadable is only for non-root cells"),
	CASE(root_region_shared_flag, SYSTEM,
	     "root-cell.memory[3] 'mmio-low': ",
	     "flag root-shared is only for non-root cells"),
	CASE(root_regions_overlap, SYSTEM, "root-cell.memory[2] 'ram-high': ",
	     "0x20000000-0x20000fff overlaps memory[0] 'ram-low' 0x0-0x2fffffff"),
	CASE(root_region_overlaps_hv, SYSTEM,
	     "root-cell.memory[2] 'ram-high': ",
	     "overlaps hypervisor memory 0x30000000-0x30ffffff"),
	CASE(root_pio_empty, SYSTEM, "root-cell.pio[1]: ", "size is 0"),
	CASE(root_pio_beyond, SYSTEM, "root-cell.pio[1]: ",
	     "start 0x300 + size 0xfd01 ends beyond port 0xffff"),
	CASE(root_console_port, SYSTEM,
	     "root-cell.console-port: ", "0x3f8, must be 0"),
	CASE(root_cache_ways, SYSTEM, "root-cell.cache-ways: ",
	     "2, must be 0 (the root cell gets the ways no cell holds)"),
	CASE(root_pio_has_hv_uart, SYSTEM, "root-cell.pio[0]: ",
	     "0x0-0x2ff includes the hypervisor console's ports 0x2f8-0x2ff"),
	CASE(root_pio_has_part_of_hv_uart, SYSTEM,
	     "root-cell.pio[1]: ", "includes the hypervisor console's ports"),

	CASE(cell_signature, CELL, "signature: ", "not a cell descriptor"),
	CASE(cell_version, CELL, "version: ", "0, expected 5"),
	CASE(cell_flags, CELL, "flags: ", "unknown cell flags 0x80000000"),
	CASE(cell_reserved, CELL, "reserved: ", "not zero"),
	CASE(cell_name_empty, CELL, "name: ", "empty"),
	CASE(cell_name_unterminated, CELL, "name: ", "not NUL-terminated"),
	CASE(cell_name_newline, CELL, "name: ", "character 0x0a"),
	CASE(cell_name_is_root, CELL,
	     "name: ", "'root' is the root cell's name"),
	CASE(cell_too_many_regions, CELL, "memory: ", "33 regions, at most 32"),
	CASE(cell_too_many_pio, CELL, "pio: ", "65536 ranges, at most 16"),
	CASE(cell_cpus_empty, CELL, "cpus: ", "empty"),
	CASE(cell_has_cpu0, CELL,
	     "cpus: ", "contains CPU 0, the root cell's boot CPU"),
	CASE(cell_cpu_not_root, CELL,
	     "cpus: ", "CPU 5 is not one of the root cell's CPUs"),
	CASE(cell_region_unknown_flags, CELL,
	     "memory[1] 'comm': ", "unknown flags 0x1000"),
	CASE(cell_region_reserved, CELL,
	     "memory[1] 'comm': ", "reserved field not zero"),
	CASE(cell_region_name_unterminated, CELL,
	     "memory[0].name: ", "not NUL-terminated"),
	CASE(cell_region_size_zero, CELL, "memory[0] 'ram': ", "size is 0"),
	CASE(cell_region_start_unaligned, CELL,
	     "memory[0] 'ram': ", "start 0x31000010 is not page aligned"),
	CASE(cell_region_guest_unaligned, CELL,
	     "memory[0] 'ram': ", "guest 0x800 is not page aligned"),
	CASE(cell_region_size_unaligned, CELL,
	     "memory[0] 'ram': ", "size 0xfffff is not page aligned"),
	CASE(cell_region_wraps, CELL, "memory[0] 'ram': ",
	     "start 0x31000000 + size 0xfffffffffff00000 ends beyond"),
	CASE(cell_region_guest_beyond, CELL, "memory[0] 'ram': ",
	     "guest 0xffffffffff000 + size 0x100000 ends beyond"),
	CASE(cell_regions_overlap, CELL, "memory[1] 'comm': ",
	     "0x31080000-0x31080fff overlaps memory[0] 'ram' 0x31000000-0x310fffff"),
	CASE(cell_regions_overlap_guest, CELL, "memory[1] 'comm': ",
	     "guest 0x80000-0x80fff overlaps the guest range of memory[0] 'ram'"),
	CASE(cell_region_outside_cellmem, CELL, "memory[0] 'ram': ",
	     "0x50000000-0x500fffff is outside cell-memory 0x31000000-0x4fffffff"),
	CASE(cell_region_straddles_cellmem_end, CELL, "memory[0] 'ram': ",
	     "0x4ff80000-0x5007ffff is outside cell-memory"),
	CASE(cell_region_overlaps_hv, CELL, "memory[0] 'ram': ",
	     "overlaps hypervisor memory 0x30000000-0x30ffffff"),
	CASE(cell_shared_outside_root, CELL, "memory[2] 'shm': ",
	     "root-shared, but 0x900000000-0x9000fffff is not inside one root-cell memory region"),
	CASE(cell_shared_across_root_regions, CELL,
	     "memory[2] 'shm': ", "not inside one root-cell memory region"),
	CASE(cell_device_not_root_io, CELL, "memory[2] 'bar0': ",
	     "device memory 0x60000000-0x60000fff is not inside one root-cell memory region with flag io"),
	CASE(cell_device_ioapic, CELL,
	     "memory[2] 'bar0': ", "covers the IOAPIC at 0xfec00000"),
	CASE(cell_device_lapic, CELL,
	     "memory[2] 'bar0': ", "covers the local APIC at 0xfee00000"),
	CASE(cell_device_mmconfig, CELL, "memory[2] 'bar0': ",
	     "covers PCI configuration space (pci-mmconfig 0xb0000000-0xbfffffff)"),
	CASE(cell_device_iommu, CELL,
	     "memory[2] 'bar0': ", "covers IOMMU unit iommus[0] at 0xfed90000"),
	CASE(cell_loadable_shared, CELL,
	     "memory[2] 'shm': ", "flags loadable and root-shared together"),
	CASE(cell_comm_shared, CELL, "memory[1] 'comm': ",
	     "a comm-region must be the cell's own RAM, without flag root-shared"),
	CASE(cell_comm_io, CELL, "memory[1] 'comm': ",
	     "a comm-region must be the cell's own RAM, without flag io"),
	CASE(cell_no_comm, CELL, "memory: ", "no region has flag comm-region"),
	CASE(cell_two_comm, CELL, "memory[2] 'comm2': ",
	     "a second comm-region (memory[1] 'comm' is one)"),
	CASE(cell_comm_size, CELL,
	     "memory[1] 'comm': ", "comm-region size 0x2000, must be 4 KiB"),
	CASE(cell_no_loadable, CELL, "memory: ", "no region has flag loadable"),
	CASE(cell_pio_empty, CELL, "pio[0]: ", "size is 0"),
	CASE(cell_pio_beyond, CELL,
	     "pio[0]: ", "start 0xfff8 + size 0x10 ends beyond port 0xffff"),
	CASE(cell_pio_hv_uart, CELL,
	     "pio[0]: ", "port 0x2f8 belongs to the hypervisor console"),
	CASE(cell_pio_not_root, CELL,
	     "pio[0]: ", "port 0x3f8 is not granted to the root cell"),
	CASE(cell_console_port_outside_pio, CELL, "console-port: ",
	     "0x3f0-0x3f7 is not inside one pio range of the cell"),
	CASE(cell_console_port_without_pio, CELL,
	     "console-port: ", "0x3f8-0x3ff is not inside one pio range"),
	CASE(cell_console_port_straddles, CELL,
	     "console-port: ", "not inside one pio range"),

	CASE(root_ivs_count, SYSTEM,
	     "root-cell.ivshmem: ", "5 devices, at most 4"),
	CASE(cell_ivs_count, CELL, "ivshmem: ", "4294967295 devices"),
	CASE(cell_cache_ways_huge, CELL, "cache-ways: ", "33, at most 32"),
	CASE(ivs_name_empty, CELL, "ivshmem[0].name: ", "empty"),
	CASE(ivs_name_unterminated, CELL,
	     "ivshmem[0].name: ", "not NUL-terminated within 32 bytes"),
	CASE(root_ivs_name_space, SYSTEM,
	     "root-cell.ivshmem[0].name: ", "character 0x20 not allowed"),
	CASE(ivs_reserved, CELL, "ivshmem[0]: ", "reserved fields not zero"),
	CASE(ivs_one_peer, CELL, "ivshmem[0].peers: ", "1, must be 2 to 8"),
	CASE(ivs_nine_peers, CELL, "ivshmem[0].peers: ", "9, must be 2 to 8"),
	CASE(ivs_id_not_below_peers, CELL,
	     "ivshmem[0].id: ", "3, must be below peers (3)"),
	CASE(ivs_no_vectors, CELL,
	     "ivshmem[0].vectors: ", "0, must be 1 to 16"),
	CASE(ivs_17_vectors, CELL,
	     "ivshmem[0].vectors: ", "17, must be 1 to 16"),
	CASE(ivs_state_zero, CELL,
	     "ivshmem[0].memory.state-table: ", "size is 0"),
	CASE(ivs_state_too_small, CELL, "ivshmem[0].memory.state-table: ",
	     "size 0x10, below 4 bytes for each of the 8 peers"),
	CASE(ivs_start_unaligned, CELL,
	     "ivshmem[0].memory.start: ", "0x4ff00800 is not page aligned"),
	CASE(ivs_state_unaligned, CELL, "ivshmem[0].memory.state-table: ",
	     "size 0x1800 is not page aligned"),
	CASE(ivs_rw_unaligned, CELL,
	     "ivshmem[0].memory.rw: ", "size 0x10 is not page aligned"),
	CASE(ivs_output_unaligned, CELL,
	     "ivshmem[0].memory.output: ", "size 0x1004 is not page aligned"),
	CASE(ivs_output_wraps, CELL, "ivshmem[0].memory: ",
	     "start 0x4ff00000 + state-table + rw + 2 * output ends beyond the 52-bit physical address space"),
	CASE(ivs_rw_wraps, CELL, "ivshmem[0].memory: ", "ends beyond"),
	CASE(ivs_beyond_phys, CELL, "ivshmem[0].memory: ",
	     "start 0xffffffffff000 + state-table + rw + 3 * output ends beyond"),
	CASE(ivs_guest_unaligned, CELL,
	     "ivshmem[0].memory.guest: ", "0x200800 is not page aligned"),
	CASE(ivs_guest_beyond, CELL, "ivshmem[0].memory.guest: ",
	     "0xffffffffff000 + size 0x8000 ends beyond the 52-bit physical address space"),
	CASE(root_ivs_guest_differs, SYSTEM,
	     "root-cell.ivshmem[0].memory.guest: ",
	     "0x200000 differs from start 0x4ff00000; the root cell is identity-mapped"),
	CASE(ivs_names_equal, CELL,
	     "ivshmem[1].name: ", "'demo' is also the name of ivshmem[0]"),
	CASE(ivs_bdfs_equal, CELL, "ivshmem[1].bdf: ",
	     "00:00.0 is also the bdf of ivshmem[0] 'demo'"),
	CASE(ivs_devices_overlap, CELL, "ivshmem[1].memory: ",
	     "0x4ff04000-0x4ff0bfff overlaps ivshmem[0] 'demo' 0x4ff00000-0x4ff07fff"),
	CASE(ivs_devices_overlap_guest, CELL, "ivshmem[1].memory.guest: ",
	     "0x204000-0x20bfff overlaps the guest range of ivshmem[0] 'demo'"),
	CASE(ivs_over_own_region, CELL, "ivshmem[0].memory: ",
	     "0x31000000-0x31007fff overlaps memory[0] 'ram' 0x31000000-0x310fffff"),
	CASE(ivs_over_own_region_guest, CELL, "ivshmem[0].memory.guest: ",
	     "0x100000-0x107fff overlaps the guest range of memory[1] 'comm'"),
	CASE(root_ivs_over_root_region, SYSTEM, "root-cell.ivshmem[0].memory: ",
	     "0x4ff00000-0x4ff07fff overlaps memory[1] 'cell-memory' 0x31000000-0x4fffffff"),
	CASE(root_ivs_no_mmconfig, SYSTEM, "root-cell.ivshmem: ",
	     "needs pci-mmconfig, where the devices' configuration space appears"),
	CASE(root_ivs_bus_above, SYSTEM, "root-cell.ivshmem[0].bdf: ",
	     "bus 0x01 is outside pci-mmconfig.buses 0-0"),
	CASE(root_ivs_bus_below, SYSTEM, "root-cell.ivshmem[0].bdf: ",
	     "bus 0x00 is outside pci-mmconfig.buses 1-255"),
	CASE(root_ivs_over_hv, SYSTEM, "root-cell.ivshmem[0].memory: ",
	     "0x30ff8000-0x30ffffff overlaps hypervisor memory 0x30000000-0x30ffffff"),
	CASE(root_ivs_outside_cellmem, SYSTEM, "root-cell.ivshmem[0].memory: ",
	     "0x900000000-0x900007fff is outside cell-memory 0x31000000-0x4fffffff"),
	CASE(cell_ivs_no_mmconfig, CELL, "ivshmem: ", "needs pci-mmconfig"),
	CASE(cell_ivs_bus_outside, CELL,
	     "ivshmem[0].bdf: ", "bus 0x02 is outside pci-mmconfig.buses 0-1"),
	CASE(cell_ivs_over_hv, CELL, "ivshmem[0].memory: ",
	     "overlaps hypervisor memory 0x30000000-0x30ffffff"),
	CASE(cell_ivs_outside_cellmem, CELL, "ivshmem[0].memory: ",
	     "0x4fffc000-0x50003fff is outside cell-memory 0x31000000-0x4fffffff"),
	CASE(cell_ivs_region_in_window, CELL, "memory[0] 'ram': ",
	     "guest 0xaff80000-0xb007ffff overlaps PCI configuration space 0xb0000000-0xbfffffff (pci-mmconfig), where the cell finds its ivshmem devices"),
	CASE(cell_ivs_guest_in_window, CELL, "ivshmem[0].memory.guest: ",
	     "0xbfffc000-0xc0003fff overlaps PCI configuration space 0xb0000000-0xbfffffff"),
	CASE(cell_ivs_start_differs, CELL, "ivshmem[0].memory.start: ",
	     "0x4fe00000, but root-cell.ivshmem[0] 'demo' has 0x4ff00000"),
	CASE(cell_ivs_state_differs, CELL, "ivshmem[0].memory.state-table: ",
	     "0x2000, but root-cell.ivshmem[0] 'demo' has 0x1000"),
	CASE(cell_ivs_rw_differs, CELL, "ivshmem[0].memory.rw: ",
	     "0x0, but root-cell.ivshmem[0] 'demo' has 0x4000"),
	CASE(cell_ivs_output_differs, CELL, "ivshmem[0].memory.output: ",
	     "0x2000, but root-cell.ivshmem[0] 'demo' has 0x1000"),
	CASE(cell_ivs_peers_differ, CELL,
	     "ivshmem[0].peers: ", "4, but root-cell.ivshmem[0] 'demo' has 3"),
	CASE(cell_ivs_protocol_differs, CELL, "ivshmem[0].protocol: ",
	     "0x4001, but root-cell.ivshmem[0] 'demo' has 0x0"),
	CASE(cell_ivs_root_id, CELL, "ivshmem[0].id: ",
	     "0 is also the id of root-cell.ivshmem[0] 'demo'"),
	CASE(cell_ivs_over_root_ivs, CELL, "ivshmem[0].memory: ",
	     "0x4ff00000-0x4ff07fff overlaps root-cell.ivshmem[0] 'demo' 0x4ff00000-0x4ff07fff"),
	CASE(cell_ivs_in_root_memory, CELL, "ivshmem[1].memory: ",
	     "0x4fe00000-0x4fe07fff overlaps root-cell.memory[1] 'cell-memory' 0x31000000-0x4fefffff, which the root cell keeps mapped"),
	CASE(cell_region_over_root_ivs, CELL, "memory[0] 'ram': ",
	     "0x4ff00000-0x4fffffff overlaps the shared memory of root-cell.ivshmem[0] 'demo' 0x4ff00000-0x4ff07fff"),

	/* Rules that need no system config also hold without one. */
	CASE_AS(alone_cell_has_cpu0, cell_has_cpu0, CELL_ALONE,
		"cpus: ", "contains CPU 0"),
	CASE_AS(alone_regions_overlap_guest, cell_regions_overlap_guest,
		CELL_ALONE, "memory[1] 'comm': ", "overlaps the guest range"),
	CASE_AS(alone_no_comm, cell_no_comm, CELL_ALONE,
		"memory: ", "no region has flag comm-region"),
	CASE_AS(alone_no_loadable, cell_no_loadable, CELL_ALONE,
		"memory: ", "no region has flag loadable"),
	CASE_AS(alone_console_port_outside_pio, cell_console_port_outside_pio,
		CELL_ALONE, "console-port: ", "not inside one pio range"),
	CASE_AS(alone_ivs_id_not_below_peers, ivs_id_not_below_peers,
		CELL_ALONE, "ivshmem[0].id: ", "must be below peers"),
	CASE_AS(alone_ivs_over_own_region_guest, ivs_over_own_region_guest,
		CELL_ALONE,
		"ivshmem[0].memory.guest: ", "overlaps the guest range"),
	CASE_AS(alone_ivs_bdfs_equal, ivs_bdfs_equal, CELL_ALONE,
		"ivshmem[1].bdf: ", "is also the bdf of ivshmem[0]"),

	CASE(pair_same_name, PAIR,
	     "name: ", "'hello' is also the name of another cell"),
	CASE(pair_same_cpu, PAIR,
	     "cpus: ", "CPU 3 is also in cell 'timer-jitter'"),
	CASE(pair_memory, PAIR, "memory[0] 'ram': ",
	     "0x31000000-0x310fffff overlaps cell 'timer-jitter' memory[0] 0x31080000-0x3117ffff"),
	CASE(pair_shared_over_private, PAIR,
	     "memory[2] 'peek': ", "overlaps cell 'timer-jitter' memory[0]"),
	CASE(pair_pio, PAIR, "pio[0]: ",
	     "ports 0x3f8-0x3ff overlap cell 'timer-jitter' pio[0]"),
	CASE(pair_ivs_id, PAIR, "ivshmem[0].id: ",
	     "1 is also the id of cell 'timer-jitter' ivshmem[0] 'demo'"),
	CASE(pair_ivs_start, PAIR, "ivshmem[0].memory.start: ",
	     "0x4ff00000, but cell 'timer-jitter' ivshmem[0] 'demo' has 0x4fe00000"),
	CASE(pair_ivs_state, PAIR, "ivshmem[0].memory.state-table: ",
	     "0x1000, but cell 'timer-jitter' ivshmem[0] 'demo' has 0x2000"),
	CASE(pair_ivs_rw, PAIR, "ivshmem[0].memory.rw: ",
	     "0x4000, but cell 'timer-jitter' ivshmem[0] 'demo' has 0x0"),
	CASE(pair_ivs_output, PAIR, "ivshmem[0].memory.output: ",
	     "0x1000, but cell 'timer-jitter' ivshmem[0] 'demo' has 0x0"),
	CASE(pair_ivs_peers, PAIR, "ivshmem[0].peers: ",
	     "3, but cell 'timer-jitter' ivshmem[0] 'demo' has 8"),
	CASE(pair_ivs_protocol, PAIR, "ivshmem[0].protocol: ",
	     "0x0, but cell 'timer-jitter' ivshmem[0] 'demo' has 0x1"),
	CASE(pair_ivs_other_name, PAIR, "ivshmem[0].memory: ",
	     "0x4ff00000-0x4ff07fff overlaps cell 'timer-jitter' ivshmem[0] 'other' 0x4ff00000-0x4ff07fff"),
	CASE(pair_ivs_over_region, PAIR, "ivshmem[0].memory: ",
	     "0x31280000-0x31287fff overlaps cell 'timer-jitter' memory[0] 0x31200000-0x312fffff"),
	CASE(pair_region_over_ivs, PAIR, "memory[0] 'ram': ",
	     "0x31000000-0x310fffff overlaps the shared memory of cell 'timer-jitter' ivshmem[0] 'demo' 0x31080000-0x31087fff"),
};

#define ARRAY_SIZE_CASES (sizeof(cases) / sizeof(cases[0]))

static const char *target_name(enum target t)
{
	switch (t) {
	case SYSTEM:
		return "config_check_system";
	case CELL:
		return "config_check_cell";
	case CELL_ALONE:
		return "config_check_cell(NULL)";
	default:
		return "config_check_cell_pair";
	}
}

static int run_target(enum target t, struct config_error *err)
{
	switch (t) {
	case SYSTEM:
		return config_check_system(&fx.sys, err);
	case CELL:
		return config_check_cell(&fx.sys, &fx.a, err);
	case CELL_ALONE:
		return config_check_cell(NULL, &fx.a, err);
	default:
		return config_check_cell_pair(&fx.a, &fx.b, err);
	}
}

static void test_rule(void **state)
{
	const struct rule_case *c = *state;
	struct config_error err;
	int ret;

	init_fixture(&fx);
	c->mutate(&fx);
	memset(&err, 0, sizeof(err));
	ret = run_target(c->target, &err);
	if (ret != -EINVAL)
		fail_msg("%s returned %d, expected -EINVAL",
			 target_name(c->target), ret);
	if (strncmp(err.msg, c->prefix, strlen(c->prefix)) ||
	    !strstr(err.msg, c->detail))
		fail_msg("message \"%s\"\n   expected \"%s...%s...\"", err.msg,
			 c->prefix, c->detail);
	/* Terminated, and within the buffer. */
	assert_true(memchr(err.msg, 0, sizeof(err.msg)) != NULL);
}

static void expect_valid(enum target t)
{
	struct config_error err = { { 0 } };
	int ret = run_target(t, &err);

	if (ret)
		fail_msg("%s: %d \"%s\"", target_name(t), ret, err.msg);
}

static void expect_all_valid(void)
{
	expect_valid(SYSTEM);
	expect_valid(CELL);
	expect_valid(CELL_ALONE);
	expect_valid(PAIR);
}

static void test_fixture_valid(void **state)
{
	struct bh_cell_desc tmp;

	(void)state;
	init_fixture(&fx);
	expect_all_valid();
	/* Symmetric: b on its own and against a. */
	tmp = fx.a;
	fx.a = fx.b;
	fx.b = tmp;
	expect_all_valid();
}

/* The message of the example in the task and in docs/config.md, exactly. */
static void test_message_exact(void **state)
{
	struct config_error err;

	(void)state;
	init_fixture(&fx);
	root_region_overlaps_hv(&fx);
	assert_int_equal(config_check_system(&fx.sys, &err), -EINVAL);
	assert_string_equal(
		err.msg,
		"root-cell.memory[2] 'ram-high': overlaps hypervisor memory 0x30000000-0x30ffffff");
}

static void test_null_error_buffer(void **state)
{
	(void)state;
	init_fixture(&fx);
	assert_int_equal(config_check_system(&fx.sys, NULL), 0);
	sys_signature(&fx);
	assert_int_equal(config_check_system(&fx.sys, NULL), -EINVAL);
	init_fixture(&fx);
	cell_no_comm(&fx);
	assert_int_equal(config_check_cell(&fx.sys, &fx.a, NULL), -EINVAL);
	init_fixture(&fx);
	pair_same_cpu(&fx);
	assert_int_equal(config_check_cell_pair(&fx.a, &fx.b, NULL), -EINVAL);
}

/* Configurations that look unusual but are allowed. */
static void test_valid_variants(void **state)
{
	struct bh_cell_desc *root = &fx.sys.root_cell;

	(void)state;

	/* No hypervisor console: the root cell may then have every port. */
	init_fixture(&fx);
	fx.sys.console.type = BH_CONSOLE_NONE;
	fx.sys.console.address = 0;
	root->pio_regions[0].length = 0x300;
	expect_valid(SYSTEM);

	/* No MMCONFIG, no IOMMU, a minimal 4 MiB hypervisor. */
	init_fixture(&fx);
	memset(&fx.sys.pci_mmconfig, 0, sizeof(fx.sys.pci_mmconfig));
	fx.sys.num_iommus = 0;
	fx.sys.hypervisor_memory.size = 4 * SZ_1M;
	expect_valid(SYSTEM);

	/* Region names are optional. */
	init_fixture(&fx);
	set_name(root->mem_regions[3].name, "");
	set_name(fx.a.mem_regions[0].name, "");
	expect_all_valid();

	/* Root-shared memory inside root RAM, shared by both cells. */
	init_fixture(&fx);
	add_region(&fx.a, "shm", 0x10000000, 0x200000, SZ_1M,
		   BH_MEM_READ | BH_MEM_WRITE | BH_MEM_ROOTSHARED);
	add_region(&fx.b, "shm", 0x10000000, 0x300000, SZ_1M,
		   BH_MEM_READ | BH_MEM_ROOTSHARED);
	expect_all_valid();

	/* A device's MMIO taken from the root cell's io region. */
	init_fixture(&fx);
	add_region(&fx.a, "bar0", 0xfe000000, 0xfe000000, SZ_4K, MMIO);
	expect_all_valid();

	/* Each cell with ports of its own; one of them its console UART. */
	init_fixture(&fx);
	add_pio(&fx.a, 0x3f8, 8);
	fx.a.console_port = 0x3f8;
	add_pio(&fx.b, 0x3e8, 8);
	expect_all_valid();

	/* Several CPUs, all of them the root's; cells touching each other. */
	init_fixture(&fx);
	fx.a.cpu_set = 0xa;
	fx.b.cpu_set = 0x4;
	fx.b.mem_regions[0].phys_start = 0x31101000;
	fx.b.mem_regions[1].phys_start = 0x31201000;
	expect_all_valid();

	/* Cell memory at the very end of the physical address space. */
	init_fixture(&fx);
	fx.sys.cell_memory.phys_start = (1ull << 52) - 496 * SZ_1M;
	expect_valid(SYSTEM);
	expect_valid(CELL_ALONE);
}

/* The demo device and what its rules leave free. */
static void test_ivshmem_valid(void **state)
{
	struct bh_cell_desc tmp;
	struct bh_ivshmem_desc *d;

	(void)state;
	init_fixture(&fx);
	with_ivshmem(&fx);
	expect_all_valid();
	tmp = fx.a;
	fx.a = fx.b;
	fx.b = tmp;
	expect_all_valid();

	/* Any protocol; sections of size 0; per peer: bdf, guest, vectors. */
	init_fixture(&fx);
	with_ivshmem(&fx);
	for (int i = 0; i < 3; i++) {
		struct bh_ivshmem_desc *peer[] = { &fx.sys.root_cell.ivshmem[0],
						   &fx.a.ivshmem[0],
						   &fx.b.ivshmem[0] };

		peer[i]->protocol = 0xffff;
		peer[i]->rw_size = 0;
		peer[i]->output_size = 0;
	}
	fx.a.ivshmem[0].bdf = 0xfff8;
	fx.a.ivshmem[0].num_vectors = 1;
	fx.b.ivshmem[0].virt_start = 0x400000;
	fx.b.ivshmem[0].num_vectors = BH_IVSHMEM_MAX_VECTORS;
	expect_all_valid();

	/* Eight peers, the last id; a device the root cell does not have. */
	init_fixture(&fx);
	with_ivshmem(&fx);
	d = add_ivshmem(&fx.a, "pair", 0x0008, 7, PAIR_START, 0x300000);
	d->max_peers = BH_IVSHMEM_MAX_PEERS;
	d = add_ivshmem(&fx.b, "pair", 0x0008, 0, PAIR_START, 0x300000);
	d->max_peers = BH_IVSHMEM_MAX_PEERS;
	expect_all_valid();

	/* As many devices as fit, in the root cell. */
	init_fixture(&fx);
	with_ivshmem(&fx);
	for (uint16_t i = 1; i < BH_MAX_IVSHMEM; i++) {
		char name[8] = "dev0";

		name[3] = (char)('0' + i);
		add_ivshmem(&fx.sys.root_cell, name, (uint16_t)(0x80 + 8 * i),
			    0, DEMO_START + i * 0x10000,
			    DEMO_START + i * 0x10000);
	}
	expect_valid(SYSTEM);

	/* The MMCONFIG window is the cell's only when it has devices. */
	init_fixture(&fx);
	fx.a.mem_regions[0].virt_start = 0xb0000000;
	expect_valid(CELL);
	with_ivshmem(&fx);
	expect_valid(CELL_ALONE);
}

/* Cell memory outside the system's: only the system-aware check sees it. */
static void test_cell_alone_skips_system_rules(void **state)
{
	struct config_error err;

	(void)state;
	init_fixture(&fx);
	cell_region_outside_cellmem(&fx);
	cell_cpu_not_root(&fx);
	assert_int_equal(config_check_cell(NULL, &fx.a, &err), 0);
	assert_int_equal(config_check_cell(&fx.sys, &fx.a, &err), -EINVAL);
}

/* Pair checks must not walk past the arrays of an unchecked descriptor. */
static void test_pair_bounds(void **state)
{
	struct config_error err;

	(void)state;
	init_fixture(&fx);
	fx.a.num_mem_regions = 0xffffffffu;
	fx.a.num_pio_regions = 0xffffffffu;
	fx.a.num_ivshmem = 0xffffffffu;
	fx.b.num_pio_regions = 0xffffffffu;
	/* Zeroed unused entries overlap nothing; the call must just return. */
	assert_int_equal(config_check_cell_pair(&fx.a, &fx.b, &err), 0);
}

int main(void)
{
	static struct CMUnitTest tests[ARRAY_SIZE_CASES + 7];
	size_t n = 0;

	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_fixture_valid);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_message_exact);
	tests[n++] =
		(struct CMUnitTest)cmocka_unit_test(test_null_error_buffer);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_valid_variants);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_ivshmem_valid);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(
		test_cell_alone_skips_system_rules);
	tests[n++] = (struct CMUnitTest)cmocka_unit_test(test_pair_bounds);
	for (size_t i = 0; i < ARRAY_SIZE_CASES; i++) {
		tests[n].name = cases[i].name;
		tests[n].test_func = test_rule;
		tests[n].initial_state = (void *)&cases[i];
		n++;
	}
	return _cmocka_run_group_tests("config_check", tests, n, NULL, NULL);
}
