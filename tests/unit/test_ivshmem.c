// SPDX-License-Identifier: GPL-2.0
/*
 * The ivshmem device model on the host: linking peers, the shared
 * memory's rights in each peer's nested tables, configuration space, the
 * registers, doorbells and state changes down to the MSI each one raises,
 * and the virtual PCI space a non-root cell sees. Nested tables, MSI
 * delivery and the root's trap pages are fakes that record what they were
 * asked.
 */
// uses: hypervisor/core/ivshmem.c hypervisor/core/ivshmem_cfg.c hypervisor/core/pci.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/ivshmem.h>
#include <bh/paging.h>
#include <bh/pci.h>
#include <bh/percpu.h>
#include "fake.h"

#define SHM_PHYS 0x4ff00000ull
#define SHM_SIZE 0x8000ull /* 4K state + 16K rw + 3 * 4K output */
#define CELL_GPA 0x200000ull
#define MMCFG 0xb0000000ull
#define BAR0 0xc0000000u
#define BAR1 0xc0001000u

struct cell root_cell;
struct cell *cells[MAX_CELLS];
struct per_cpu per_cpus[MAX_CPUS];
static struct bh_system_desc sys;
const struct bh_system_desc *hv_config = &sys;

/* A device of non-root cells only, elsewhere in cell memory. */
#define PAIR_PHYS 0x4ff80000ull

static u8 shm[SHM_SIZE], pair_shm[SHM_SIZE];
static u32 mmcfg_page[1024];

void *phys_to_virt(paddr_t pa)
{
	u64 a = pa_addr(pa);

	if (a >= SHM_PHYS && a < SHM_PHYS + SHM_SIZE)
		return shm + (a - SHM_PHYS);
	if (a >= PAIR_PHYS && a < PAIR_PHYS + SHM_SIZE)
		return pair_shm + (a - PAIR_PHYS);
	if (a == MMCFG + (0x10 << 15))
		return mmcfg_page;
	fail_msg("phys_to_virt(0x%llx) outside the fake memory",
		 (unsigned long long)a);
	return NULL;
}

void arch_cpu_relax(void)
{
}

/* What the port mechanism reads at register 0, and where it was asked. */
static u32 ports_id;
static int ports_bdf = -1;

u32 arch_pci_conf_read(u16 bdf, u32 reg)
{
	assert_int_equal(reg, 0);
	ports_bdf = bdf;
	return ports_id;
}

/* Nested-table changes, in order. */
struct map_call {
	struct paging *pt;
	u64 virt, pa, size;
	u32 flags;
	bool unmap;
};
static struct map_call maps[64];
static unsigned int nmaps;

int paging_map(struct paging *pt, u64 virt, paddr_t pa, u64 size, u32 flags)
{
	maps[nmaps++] =
		(struct map_call){ pt, virt, pa_addr(pa), size, flags, false };
	return 0;
}

int paging_unmap(struct paging *pt, u64 virt, u64 size)
{
	maps[nmaps++] = (struct map_call){ pt, virt, 0, size, 0, true };
	return 0;
}

/* MSIs raised, in order. */
struct msi_call {
	struct cell *cell;
	u64 addr;
	u32 data;
};
static struct msi_call msis[64];
static unsigned int nmsis;
static int msi_result;

int arch_msi_send(struct cell *cell, u64 addr, u32 data)
{
	msis[nmsis++] = (struct msi_call){ cell, addr, data };
	return msi_result;
}

static u64 trap_old, trap_new;
static unsigned int traps;

void cell_root_trap_page(struct per_cpu *self, u64 old_page, u64 new_page)
{
	(void)self;
	trap_old = old_page;
	trap_new = new_page;
	traps++;
}

static struct bh_cell_desc root_desc, a_desc, b_desc;
static struct cell a_cell, b_cell;
static struct per_cpu *root_cpu = &per_cpus[0], *a_cpu = &per_cpus[2],
		      *b_cpu = &per_cpus[3];

static void dev_desc(struct bh_cell_desc *d, const char *cell, u16 bdf, u16 id,
		     u64 virt)
{
	struct bh_ivshmem_desc *iv = &d->ivshmem[0];

	memset(d, 0, sizeof(*d));
	strcpy(d->name, cell);
	d->num_ivshmem = 1;
	strcpy(iv->name, "demo");
	iv->phys_start = SHM_PHYS;
	iv->virt_start = virt;
	iv->state_size = 0x1000;
	iv->rw_size = 0x4000;
	iv->output_size = 0x1000;
	iv->bdf = bdf;
	iv->protocol = 0x4001;
	iv->max_peers = 3;
	iv->peer_id = id;
	iv->num_vectors = 4;
}

static int setup(void **state)
{
	(void)state;
	memset(&sys, 0, sizeof(sys));
	sys.pci_mmconfig.phys_start = MMCFG;
	sys.pci_mmconfig.end_bus = 255;
	memset(shm, 0xaa, sizeof(shm));
	memset(pair_shm, 0xaa, sizeof(pair_shm));
	memset(mmcfg_page, 0xff, sizeof(mmcfg_page));
	ports_id = 0xffffffff;
	ports_bdf = -1;
	dev_desc(&root_desc, "root", 0x80 /* 00:10.0 */, 0, SHM_PHYS);
	dev_desc(&a_desc, "a", 0x00, 1, CELL_GPA);
	dev_desc(&b_desc, "b", 0x00, 2, CELL_GPA);
	memset(&root_cell, 0, sizeof(root_cell));
	memset(&a_cell, 0, sizeof(a_cell));
	memset(&b_cell, 0, sizeof(b_cell));
	root_cell.desc = &root_desc;
	a_cell.id = 1;
	a_cell.desc = &a_desc;
	b_cell.id = 2;
	b_cell.desc = &b_desc;
	root_cpu->cell = &root_cell;
	a_cpu->cell = &a_cell;
	b_cpu->cell = &b_cell;
	nmaps = nmsis = traps = 0;
	msi_result = 0;
	fake_console_reset();
	assert_int_equal(ivshmem_cell_init(&root_cell), 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	ivshmem_cell_exit(&b_cell);
	ivshmem_cell_exit(&a_cell);
	ivshmem_cell_exit(&root_cell);
	return 0;
}

static u32 cfg_read(struct per_cpu *cpu, u16 bdf, u32 reg, unsigned int size)
{
	u32 v = 0x12345678;

	assert_int_equal(pci_cfg_access(cpu, bdf, reg, size, false, &v),
			 PCI_ACCESS_DONE);
	return v;
}

static void cfg_write(struct per_cpu *cpu, u16 bdf, u32 reg, unsigned int size,
		      u32 v)
{
	assert_int_equal(pci_cfg_access(cpu, bdf, reg, size, true, &v),
			 PCI_ACCESS_DONE);
}

static u64 mmio(struct per_cpu *cpu, u64 gpa, unsigned int size, bool write,
		u64 v)
{
	assert_true(ivshmem_mmio_access(cpu, gpa, size, write, &v));
	return v;
}

/* Program a device as a driver would: BARs, memory and bus master on,
 * MSI-X entry @vec to @dest with IDT vector @idt, interrupts enabled. */
static void bring_up(struct per_cpu *cpu, u16 bdf, unsigned int vec, u32 dest,
		     u32 idt)
{
	cfg_write(cpu, bdf, 0x10, 4, BAR0);
	cfg_write(cpu, bdf, 0x14, 4, BAR1);
	cfg_write(cpu, bdf, 0x04, 2, PCI_CMD_MEMORY | PCI_CMD_MASTER);
	mmio(cpu, BAR1 + vec * 16 + IVSHMEM_MSIX_ADDR_LO, 4, true,
	     0xfee00000u | (dest << 12));
	mmio(cpu, BAR1 + vec * 16 + IVSHMEM_MSIX_ADDR_HI, 4, true, 0);
	mmio(cpu, BAR1 + vec * 16 + IVSHMEM_MSIX_DATA, 4, true, idt);
	mmio(cpu, BAR1 + vec * 16 + IVSHMEM_MSIX_CTRL, 4, true, 0);
	cfg_write(cpu, bdf, IVSHMEM_CFG_MSIX_CAP + 2, 2, PCI_MSIX_CTRL_ENABLE);
	mmio(cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 4, true, 1);
}

static void root_maps_its_sections(void **state)
{
	(void)state;
	/* state table RO, R/W RW, own output RW, the others' RO */
	assert_int_equal(nmaps, 5);
	assert_int_equal(maps[0].virt, SHM_PHYS);
	assert_int_equal(maps[0].size, 0x1000);
	assert_int_equal(maps[0].flags & PAGING_WRITE, 0);
	assert_int_equal(maps[1].virt, SHM_PHYS + 0x1000);
	assert_int_equal(maps[1].size, 0x4000);
	assert_true(maps[1].flags & PAGING_WRITE);
	assert_int_equal(maps[2].virt, SHM_PHYS + 0x5000);
	assert_true(maps[2].flags & PAGING_WRITE);
	assert_int_equal(maps[3].flags & PAGING_WRITE, 0);
	assert_int_equal(maps[4].flags & PAGING_WRITE, 0);
	/* a new link starts from zeroed memory */
	assert_int_equal(shm[0], 0);
	assert_int_equal(shm[SHM_SIZE - 1], 0);
}

static void cell_maps_at_guest_address(void **state)
{
	(void)state;
	nmaps = 0;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	assert_int_equal(nmaps, 5);
	assert_ptr_equal(maps[0].pt, &a_cell.npt);
	assert_int_equal(maps[0].virt, CELL_GPA);
	assert_int_equal(maps[0].pa, SHM_PHYS);
	/* peer 1: its own output section is the second */
	assert_int_equal(maps[2].flags & PAGING_WRITE, 0);
	assert_true(maps[3].flags & PAGING_WRITE);
	assert_int_equal(maps[3].virt, CELL_GPA + 0x6000);
	assert_int_equal(maps[4].flags & PAGING_WRITE, 0);
}

static void peer_id_taken_refused(void **state)
{
	(void)state;
	b_desc.ivshmem[0].peer_id = 0;
	assert_int_equal(ivshmem_cell_init(&b_cell), -EBUSY);
	assert_non_null(
		strstr(fake_console, "peer id 0 is taken by cell root"));
	assert_int_equal(b_cell.num_ivshmem, 0);
}

static void shape_mismatch_refused(void **state)
{
	(void)state;
	b_desc.ivshmem[0].output_size = 0x2000;
	assert_int_equal(ivshmem_cell_init(&b_cell), -EINVAL);
	assert_non_null(strstr(fake_console, "differ from the root cell's"));
}

/* Cells a (peer 0) and b (peer 1) share "pair", which the root has not. */
static void pair_desc(struct bh_cell_desc *d, u16 id)
{
	strcpy(d->ivshmem[0].name, "pair");
	d->ivshmem[0].phys_start = PAIR_PHYS;
	d->ivshmem[0].peer_id = id;
}

static void cells_only_link(void **state)
{
	u32 *table = (u32 *)pair_shm;

	(void)state;
	pair_desc(&a_desc, 0);
	pair_desc(&b_desc, 1);
	nmaps = 0;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	/* the first peer creates the link: its memory starts cleared */
	assert_int_equal(pair_shm[0], 0);
	assert_int_equal(pair_shm[SHM_SIZE - 1], 0);
	/* the same rights as with the root: peer 0's output is a's */
	assert_int_equal(nmaps, 5);
	assert_ptr_equal(maps[0].pt, &a_cell.npt);
	assert_int_equal(maps[0].pa, PAIR_PHYS);
	assert_int_equal(maps[0].flags & PAGING_WRITE, 0);
	assert_true(maps[1].flags & PAGING_WRITE);
	assert_true(maps[2].flags & PAGING_WRITE);
	assert_int_equal(maps[2].virt, CELL_GPA + 0x5000);
	assert_int_equal(maps[3].flags & PAGING_WRITE, 0);
	assert_int_equal(maps[4].flags & PAGING_WRITE, 0);
	pair_shm[0x1000] = 0x55;
	assert_int_equal(ivshmem_cell_init(&b_cell), 0);
	/* joining clears nothing */
	assert_int_equal(pair_shm[0x1000], 0x55);
	/* doorbells both ways, and the root is no peer */
	bring_up(a_cpu, 0, 1, 2, 0x41);
	bring_up(b_cpu, 0, 1, 3, 0x51);
	nmsis = 0;
	mmio(a_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1 | (1 << 16));
	mmio(b_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1 | (0 << 16));
	assert_int_equal(nmsis, 2);
	assert_ptr_equal(msis[0].cell, &b_cell);
	assert_int_equal(msis[0].data, 0x51);
	assert_ptr_equal(msis[1].cell, &a_cell);
	assert_int_equal(msis[1].data, 0x41);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1 | (2 << 16));
	assert_int_equal(nmsis, 2);
	/* its own state table, not the root's demo device's */
	mmio(b_cpu, BAR0 + IVSHMEM_REG_STATE, 4, true, 5);
	assert_int_equal(table[1], 5);
	assert_int_equal(((u32 *)shm)[1], 0);
	/* the root's device knows nothing of them */
	assert_null(ivshmem_find(&root_cell, 0));
}

/*
 * The link outlives its creator: the shape it keeps is a copy, the memory
 * stays as it is while a peer remains; with the last peer it goes, and the
 * next first peer starts from cleared memory again.
 */
static void cells_only_link_outlives_creator(void **state)
{
	u32 *table = (u32 *)pair_shm;

	(void)state;
	pair_desc(&a_desc, 0);
	pair_desc(&b_desc, 1);
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	assert_int_equal(ivshmem_cell_init(&b_cell), 0);
	bring_up(a_cpu, 0, 0, 2, 0x40);
	bring_up(b_cpu, 0, 0, 3, 0x50);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4, true, 1);
	pair_shm[0x1000] = 0x55;
	nmsis = 0;
	ivshmem_cell_exit(&a_cell);
	/* b is told, and the memory stays */
	assert_int_equal(table[0], 0);
	assert_int_equal(nmsis, 1);
	assert_ptr_equal(msis[0].cell, &b_cell);
	assert_int_equal(pair_shm[0x1000], 0x55);
	/* compared with the creator's shape, not with a's descriptor now */
	a_desc.ivshmem[0].output_size = 0x2000;
	assert_int_equal(ivshmem_cell_init(&a_cell), -EINVAL);
	assert_non_null(strstr(
		fake_console,
		"ivshmem[0] 'pair': memory, sizes, peers or protocol differ from cell b's device"));
	a_desc.ivshmem[0].output_size = 0x1000;
	a_desc.ivshmem[0].peer_id = 1;
	assert_int_equal(ivshmem_cell_init(&a_cell), -EBUSY);
	assert_non_null(strstr(fake_console, "peer id 1 is taken by cell b"));
	a_desc.ivshmem[0].peer_id = 0;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	assert_int_equal(pair_shm[0x1000], 0x55);
	/* both gone: the link goes; the next one starts cleared */
	ivshmem_cell_exit(&a_cell);
	ivshmem_cell_exit(&b_cell);
	memset(pair_shm, 0xaa, sizeof(pair_shm));
	assert_int_equal(ivshmem_cell_init(&b_cell), 0);
	assert_int_equal(pair_shm[0x1000], 0);
	assert_int_equal(table[1], 0);
}

static void config_space_identity(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	assert_int_equal(cfg_read(a_cpu, 0, 0x00, 4), 0x4106110a);
	assert_int_equal(cfg_read(a_cpu, 0, 0x02, 2), 0x4106);
	assert_int_equal(cfg_read(a_cpu, 0, 0x06, 2), 0x0010);
	/* class FFh, protocol 4001h in sub-class and interface */
	assert_int_equal(cfg_read(a_cpu, 0, 0x08, 4), 0xff400100);
	assert_int_equal(cfg_read(a_cpu, 0, 0x0e, 1), 0);
	assert_int_equal(cfg_read(a_cpu, 0, 0x34, 1), IVSHMEM_CFG_VENDOR_CAP);
	assert_int_equal(cfg_read(a_cpu, 0, 0x3d, 1), 0); /* no pin */
	assert_int_equal(cfg_read(a_cpu, 0, 0x40, 4), 0x00206009);
	assert_int_equal(cfg_read(a_cpu, 0, 0x44, 4), 0x1000);
	assert_int_equal(cfg_read(a_cpu, 0, 0x48, 4), 0x4000);
	assert_int_equal(cfg_read(a_cpu, 0, 0x50, 4), 0x1000);
	assert_int_equal(cfg_read(a_cpu, 0, 0x58, 4), CELL_GPA);
	assert_int_equal(cfg_read(a_cpu, 0, 0x5c, 4), 0);
	/* MSI-X: 4 vectors, table and PBA in BAR1 */
	assert_int_equal(cfg_read(a_cpu, 0, 0x60, 4), 0x00030011);
	assert_int_equal(cfg_read(a_cpu, 0, 0x64, 4), 1);
	assert_int_equal(cfg_read(a_cpu, 0, 0x68, 4), 0x801);
	assert_int_equal(cfg_read(a_cpu, 0, 0x100, 4), 0);
	/* the root sees its own at its own number */
	assert_int_equal(cfg_read(root_cpu, 0x80, 0x58, 4), SHM_PHYS);
}

static void bars_size_and_move(void **state)
{
	(void)state;
	cfg_write(root_cpu, 0x80, 0x10, 4, ~0u);
	assert_int_equal(cfg_read(root_cpu, 0x80, 0x10, 4), 0xfffff000);
	cfg_write(root_cpu, 0x80, 0x10, 4, 0xfe000123);
	assert_int_equal(cfg_read(root_cpu, 0x80, 0x10, 4), 0xfe000000);
	/* BARs 2-5 do not exist */
	cfg_write(root_cpu, 0x80, 0x18, 4, ~0u);
	assert_int_equal(cfg_read(root_cpu, 0x80, 0x18, 4), 0);
	/* decoding starts with memory space: then the page traps */
	assert_int_equal(traps, 0);
	cfg_write(root_cpu, 0x80, 0x04, 2, PCI_CMD_MEMORY | 0x100);
	assert_int_equal(cfg_read(root_cpu, 0x80, 0x04, 2), PCI_CMD_MEMORY);
	assert_int_equal(traps, 1);
	assert_int_equal(trap_old, 0);
	assert_int_equal(trap_new, 0xfe000000);
	cfg_write(root_cpu, 0x80, 0x10, 4, 0xfe100000);
	assert_int_equal(traps, 2);
	assert_int_equal(trap_old, 0xfe000000);
	assert_int_equal(trap_new, 0xfe100000);
	cfg_write(root_cpu, 0x80, 0x04, 2, 0);
	assert_int_equal(trap_old, 0xfe100000);
	assert_int_equal(trap_new, 0);
}

static void registers(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	bring_up(a_cpu, 0, 1, 2, 0x41);
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_ID, 4, false, 0), 1);
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_MAX_PEERS, 4, false, 0),
			 3);
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 4, false, 0),
			 1);
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, false, 0),
			 0);
	assert_int_equal(mmio(a_cpu, BAR0 + 0x20, 4, false, 0), 0);
	/* not an aligned dword: reads 0, writes nothing */
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_ID, 2, false, 0), 0);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 2, true, 5);
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4, false, 0), 0);
	/* MSI-X table reads back; a 64-bit access covers two dwords */
	assert_int_equal(mmio(a_cpu, BAR1 + 16, 8, false, 0), 0xfee02000);
	assert_int_equal(mmio(a_cpu, BAR1 + 16 + 8, 4, false, 0), 0x41);
	assert_int_equal(mmio(a_cpu, BAR1 + 16 + 12, 4, false, 0), 0);
	assert_int_equal(mmio(a_cpu, BAR1 + 32 + 12, 4, false, 0), 1);
	assert_int_equal(mmio(a_cpu, BAR1 + IVSHMEM_MSIX_PBA, 4, false, 7), 0);
	/* outside the BARs: not ours */
	u64 v;

	assert_false(ivshmem_mmio_access(a_cpu, BAR1 + 0x1000, 4, false, &v));
}

static void doorbell_rings_target_vector(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	bring_up(a_cpu, 0, 2, 2, 0x42);
	nmsis = 0;
	/* the root has no BARs yet: nothing is emulated for it */
	u64 ring = 2 | (1 << 16);

	assert_false(ivshmem_mmio_access(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL,
					 4, true, &ring));
	assert_int_equal(nmsis, 0);
	/* the root rings peer 1, vector 2 */
	bring_up(root_cpu, 0x80, 0, 0, 0x30);
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 2 | (1 << 16));
	assert_int_equal(nmsis, 1);
	assert_ptr_equal(msis[0].cell, &a_cell);
	assert_int_equal(msis[0].addr, 0xfee02000);
	assert_int_equal(msis[0].data, 0x42);
	/* vectors it lacks or has masked, missing peers: nothing */
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1 | (1 << 16));
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 4 | (1 << 16));
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 999 | (1 << 16));
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 0 | (2 << 16));
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 0 | (200 << 16));
	assert_int_equal(nmsis, 1);
	/* interrupts disabled: nothing */
	mmio(a_cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 4, true, 0);
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 2 | (1 << 16));
	assert_int_equal(nmsis, 1);
	/* MSI-X function mask: nothing */
	mmio(a_cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 4, true, 1);
	cfg_write(a_cpu, 0, IVSHMEM_CFG_MSIX_CAP + 2, 2,
		  PCI_MSIX_CTRL_ENABLE | PCI_MSIX_CTRL_MASKALL);
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 2 | (1 << 16));
	assert_int_equal(nmsis, 1);
	/* bus master off: nothing */
	cfg_write(a_cpu, 0, IVSHMEM_CFG_MSIX_CAP + 2, 2, PCI_MSIX_CTRL_ENABLE);
	cfg_write(a_cpu, 0, 0x04, 2, PCI_CMD_MEMORY);
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 2 | (1 << 16));
	assert_int_equal(nmsis, 1);
	cfg_write(a_cpu, 0, 0x04, 2, PCI_CMD_MEMORY | PCI_CMD_MASTER);
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 2 | (1 << 16));
	assert_int_equal(nmsis, 2);
}

static void oneshot_needs_rearm(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	bring_up(root_cpu, 0x80, 1, 0, 0x30);
	cfg_write(root_cpu, 0x80, IVSHMEM_CFG_VENDOR_CAP + 3, 1, 1);
	assert_int_equal(cfg_read(root_cpu, 0x80, 0x43, 1), 1);
	nmsis = 0;
	bring_up(a_cpu, 0, 0, 2, 0x40);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1);
	assert_int_equal(nmsis, 1);
	assert_int_equal(
		mmio(root_cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 4, false, 0), 0);
	mmio(root_cpu, BAR0 + IVSHMEM_REG_INT_CTRL, 4, true, 1);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1);
	assert_int_equal(nmsis, 2);
}

static void state_change_notifies_others(void **state)
{
	u32 *table = (u32 *)shm;

	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	assert_int_equal(ivshmem_cell_init(&b_cell), 0);
	bring_up(root_cpu, 0x80, 0, 0, 0x30);
	bring_up(b_cpu, 0, 0, 3, 0x40);
	/* a has no BARs yet: its access is not emulated */
	u64 seven = 7;

	assert_false(ivshmem_mmio_access(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4,
					 true, &seven));
	assert_int_equal(table[1], 0);
	bring_up(a_cpu, 0, 0, 2, 0x40);
	nmsis = 0;
	mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4, true, 7);
	assert_int_equal(table[1], 7);
	assert_int_equal(mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4, false, 0), 7);
	/* vector 0 at the root and at b, not at a itself */
	assert_int_equal(nmsis, 2);
	assert_ptr_equal(msis[0].cell, &root_cell);
	assert_ptr_equal(msis[1].cell, &b_cell);
	/* the same value again changes nothing */
	mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4, true, 7);
	assert_int_equal(nmsis, 2);
	/* a stops: state 0, the others told, its device silent */
	ivshmem_cell_reset(&a_cell);
	assert_int_equal(table[1], 0);
	assert_int_equal(nmsis, 4);
	assert_int_equal(cfg_read(a_cpu, 0, 0x10, 4), 0);
	assert_int_equal(cfg_read(a_cpu, 0, 0x04, 2), 0);
	u64 v;

	assert_false(ivshmem_mmio_access(a_cpu, BAR0, 4, false, &v));
}

static void peer_leaves_and_id_is_free_again(void **state)
{
	u32 *table = (u32 *)shm;

	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	bring_up(a_cpu, 0, 0, 2, 0x40);
	bring_up(root_cpu, 0x80, 0, 0, 0x30);
	mmio(a_cpu, BAR0 + IVSHMEM_REG_STATE, 4, true, 1);
	nmsis = 0;
	ivshmem_cell_exit(&a_cell);
	assert_int_equal(table[1], 0);
	assert_int_equal(nmsis, 1);
	assert_ptr_equal(msis[0].cell, &root_cell);
	/* a doorbell to the departed peer does nothing */
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 0 | (1 << 16));
	assert_int_equal(nmsis, 1);
	/* another cell may take id 1 now */
	b_desc.ivshmem[0].peer_id = 1;
	assert_int_equal(ivshmem_cell_init(&b_cell), 0);
}

static void refused_msi_reported_once(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	bring_up(a_cpu, 0, 1, 0 /* a root CPU */, 0x41);
	bring_up(root_cpu, 0x80, 0, 0, 0x30);
	msi_result = -EPERM;
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1 | (1 << 16));
	mmio(root_cpu, BAR0 + IVSHMEM_REG_DOORBELL, 4, true, 1 | (1 << 16));
	assert_int_equal(nmsis, 2);
	assert_non_null(strstr(
		fake_console,
		"cell a: ivshmem 'demo': MSI-X vector 1 (address 0xfee00000, data 0x41) refused: destination is not a CPU of the cell"));
	/* once per programmed entry, not per doorbell */
	assert_null(strstr(strstr(fake_console, "refused") + 1, "refused"));
}

static void cell_pci_space_is_its_own(void **state)
{
	u64 v = 0;

	(void)state;
	assert_int_equal(ivshmem_cell_init(&a_cell), 0);
	/* its device at 00:00.0, nothing at the root's 00:10.0 */
	assert_true(pci_mmconfig_access(a_cpu, MMCFG, 4, false, &v));
	assert_int_equal(v, 0x4106110a);
	assert_true(
		pci_mmconfig_access(a_cpu, MMCFG + (0x80 << 12), 4, false, &v));
	assert_int_equal(v, 0xffffffff);
	assert_true(pci_mmconfig_access(a_cpu, MMCFG + (0x80 << 12) + 2, 2,
					false, &v));
	assert_int_equal(v, 0xffff);
	/* writes elsewhere go nowhere */
	v = 0;
	assert_true(pci_mmconfig_access(a_cpu, MMCFG + (0x80 << 12) + 4, 2,
					true, &v));
	/* outside the window: not PCI's */
	assert_false(pci_mmconfig_access(a_cpu, MMCFG - 4, 4, false, &v));
	assert_false(pci_mmconfig_access(a_cpu, MMCFG + (256ull << 20), 4,
					 false, &v));
	/* the root's other functions pass through to the hardware */
	u32 w;

	assert_int_equal(pci_cfg_access(root_cpu, 0x08, 0, 4, false, &w),
			 PCI_ACCESS_PASS);
}

static void root_slot_checked_and_trapped(void **state)
{
	(void)state;
	nmaps = 0;
	assert_int_equal(pci_root_init(), 0);
	assert_int_equal(nmaps, 1);
	assert_true(maps[0].unmap);
	assert_int_equal(maps[0].virt, MMCFG + (0x80 << 12));
	/* both mechanisms asked, at the device's number */
	assert_int_equal(ports_bdf, 0x80);
	/* a physical function there: refused, naming it */
	mmcfg_page[0] = 0x10008086;
	assert_int_equal(pci_root_init(), -EBUSY);
	assert_non_null(
		strstr(fake_console,
		       "00:10.0 is taken by a physical device (8086:1000)"));
}

/* A chipset without MMCONFIG: all-ones there, the function seen through
 * the ports */
static void root_slot_checked_through_ports(void **state)
{
	(void)state;
	nmaps = 0;
	ports_id = 0x70008086;
	assert_int_equal(pci_root_init(), -EBUSY);
	assert_int_equal(ports_bdf, 0x80);
	assert_int_equal(nmaps, 0);
	assert_non_null(strstr(
		fake_console,
		"root-cell.ivshmem[0] 'demo': 00:10.0 is taken by a physical device (8086:7000)"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(root_maps_its_sections),
		T(cell_maps_at_guest_address),
		T(peer_id_taken_refused),
		T(shape_mismatch_refused),
		T(cells_only_link),
		T(cells_only_link_outlives_creator),
		T(config_space_identity),
		T(bars_size_and_move),
		T(registers),
		T(doorbell_rings_target_vector),
		T(oneshot_needs_rearm),
		T(state_change_notifies_others),
		T(peer_leaves_and_id_is_free_again),
		T(refused_msi_reported_once),
		T(cell_pci_space_is_its_own),
		T(root_slot_checked_and_trapped),
		T(root_slot_checked_through_ports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
