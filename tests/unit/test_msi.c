// SPDX-License-Identifier: GPL-2.0
/*
 * MSI translation: compatibility-format addresses of cells and the root's
 * remappable ones, looked up in a VT-d interrupt remapping table kept in
 * fake memory, down to the IPI that would be sent (apic_send_fixed is a
 * fake that records it).
 */
// uses: hypervisor/arch/x86/msi.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/paging.h>
#include "../../hypervisor/arch/x86/include/asm/apic.h"
#include "fake.h"

#define VTD_BASE 0xfed90000ull
#define IRT_BASE 0x7000000ull

struct cell root_cell;
static struct cell cell_a;
static struct bh_system_desc sys;
const struct bh_system_desc *hv_config = &sys;

static u8 vtd_regs[4096];
static u64 irt[2 * 256]; /* 256 entries of 16 bytes */
static bool irt_readable;

void *phys_to_virt(paddr_t pa)
{
	u64 a = pa_addr(pa);

	if (a >= VTD_BASE && a < VTD_BASE + sizeof(vtd_regs))
		return vtd_regs + (a - VTD_BASE);
	if (a >= IRT_BASE && a < IRT_BASE + sizeof(irt))
		return (u8 *)irt + (a - IRT_BASE);
	fail_msg("phys_to_virt(0x%llx) outside the fake memory",
		 (unsigned long long)a);
	return NULL;
}

static u64 looked_up;

bool paging_lookup(const struct paging *pt, u64 virt, paddr_t *pa, u32 *flags)
{
	assert_ptr_equal(pt, &root_cell.npt);
	looked_up = virt;
	if (!irt_readable || virt < IRT_BASE || virt >= IRT_BASE + sizeof(irt))
		return false;
	*pa = pa_init(virt);
	*flags = PAGING_READ | PAGING_WRITE;
	return true;
}

static struct cell *sent_cell;
static u64 sent_icr;
static unsigned int sends;
static int send_result;

int apic_send_fixed(struct cell *cell, u64 icr)
{
	sent_cell = cell;
	sent_icr = icr;
	sends++;
	return send_result;
}

static void set_reg32(unsigned int off, u32 v)
{
	memcpy(vtd_regs + off, &v, 4);
}

static void set_reg64(unsigned int off, u64 v)
{
	memcpy(vtd_regs + off, &v, 8);
}

/* IRTE @i: present, @vector to @dest, logical if asked. */
static void irte(unsigned int i, u8 vector, u32 dest, bool logical)
{
	irt[2 * i] = 1 | (logical ? 4 : 0) | ((u64)vector << 16) |
		     ((u64)dest << 32);
	irt[2 * i + 1] = 0;
}

static int setup(void **state)
{
	(void)state;
	memset(&sys, 0, sizeof(sys));
	sys.num_iommus = 1;
	sys.iommus[0].phys_start = VTD_BASE;
	sys.iommus[0].size = 4096;
	memset(vtd_regs, 0, sizeof(vtd_regs));
	memset(irt, 0, sizeof(irt));
	set_reg32(0x1c, 1u << 25); /* GSTS.IRES */
	/* 2^(7+1) = 256 entries, x2APIC destinations */
	set_reg64(0xb8, IRT_BASE | (1u << 11) | 7);
	irt_readable = true;
	sends = 0;
	send_result = 0;
	return 0;
}

/* The remappable address of @handle, without subhandle. */
static u64 remappable(u32 handle)
{
	return 0xfee00000u | ((handle & 0x7fff) << 5) | (1 << 4) |
	       (((handle >> 15) & 1) << 2);
}

static void compat_physical(void **state)
{
	(void)state;
	assert_int_equal(arch_msi_send(&cell_a, 0xfee03000, 0x41), 0);
	assert_int_equal(sends, 1);
	assert_ptr_equal(sent_cell, &cell_a);
	assert_int_equal(sent_icr, (3ull << 32) | 0x41);
}

static void compat_logical_and_lowest_priority(void **state)
{
	(void)state;
	assert_int_equal(arch_msi_send(&cell_a, 0xfee01004, 0x150), 0);
	assert_int_equal(sent_icr, (1ull << 32) | ICR_LOGICAL | 0x50);
}

static void compat_refusals(void **state)
{
	(void)state;
	/* not the interrupt address range */
	assert_int_equal(arch_msi_send(&cell_a, 0xfed00000, 0x41), -EINVAL);
	assert_int_equal(arch_msi_send(&cell_a, 0x1fee00000ull, 0x41), -EINVAL);
	/* SMI, NMI, INIT, ExtINT */
	assert_int_equal(arch_msi_send(&cell_a, 0xfee00000, 0x200), -EINVAL);
	assert_int_equal(arch_msi_send(&cell_a, 0xfee00000, 0x441), -EINVAL);
	assert_int_equal(arch_msi_send(&cell_a, 0xfee00000, 0x500), -EINVAL);
	assert_int_equal(arch_msi_send(&cell_a, 0xfee00000, 0x700), -EINVAL);
	/* vectors 0-15 are illegal */
	assert_int_equal(arch_msi_send(&cell_a, 0xfee00000, 0x0f), -EINVAL);
	/* a cell has no remapping table */
	assert_int_equal(arch_msi_send(&cell_a, remappable(3), 0), -EINVAL);
	assert_int_equal(sends, 0);
	/* the destination check is apic_send_fixed's: its answer comes back */
	send_result = -EPERM;
	assert_int_equal(arch_msi_send(&cell_a, 0xfee00000, 0x41), -EPERM);
}

static void remapped_entry_delivered(void **state)
{
	(void)state;
	irte(5, 0x22, 2, false);
	assert_int_equal(arch_msi_send(&root_cell, remappable(5), 0), 0);
	assert_ptr_equal(sent_cell, &root_cell);
	assert_int_equal(sent_icr, (2ull << 32) | 0x22);
	/* logical (cluster) destinations as Linux's x2APIC cluster mode has */
	irte(6, 0x23, 0x10002, true);
	assert_int_equal(arch_msi_send(&root_cell, remappable(6), 0), 0);
	assert_int_equal(sent_icr, (0x10002ull << 32) | ICR_LOGICAL | 0x23);
}

static void subhandle_added(void **state)
{
	(void)state;
	irte(12, 0x31, 1, false);
	/* SHV: handle 10 + subhandle 2 from the data */
	assert_int_equal(
		arch_msi_send(&root_cell, remappable(10) | (1 << 3), 2), 0);
	assert_int_equal(sent_icr, (1ull << 32) | 0x31);
}

static void handle_bit_15(void **state)
{
	(void)state;
	/* address bit 2 is handle bit 15: entry 0x8001 of a 2^16 table */
	set_reg64(0xb8, IRT_BASE | (1u << 11) | 15);
	assert_int_equal(arch_msi_send(&root_cell, remappable(0x8001), 0),
			 -ENODEV);
	assert_int_equal(looked_up, IRT_BASE + 0x8001ull * 16);
	assert_int_equal(sends, 0);
}

static void xapic_destination_without_eime(void **state)
{
	(void)state;
	set_reg64(0xb8, IRT_BASE | 7);
	irt[2 * 4] = 1 | (0x24ull << 16) | (0x03ull << 40);
	assert_int_equal(arch_msi_send(&root_cell, remappable(4), 0), 0);
	assert_int_equal(sent_icr, (3ull << 32) | 0x24);
}

static void remapped_refusals(void **state)
{
	(void)state;
	/* not present */
	assert_int_equal(arch_msi_send(&root_cell, remappable(7), 0), -ENODEV);
	/* posted */
	irte(7, 0x22, 1, false);
	irt[2 * 7] |= 1 << 15;
	assert_int_equal(arch_msi_send(&root_cell, remappable(7), 0), -ENODEV);
	/* a delivery mode we do not send (NMI) */
	irte(8, 0x22, 1, false);
	irt[2 * 8] |= 4 << 5;
	assert_int_equal(arch_msi_send(&root_cell, remappable(8), 0), -EINVAL);
	/* beyond the table's size */
	irte(1, 0x22, 1, false);
	set_reg64(0xb8, IRT_BASE | (1u << 11) | 0); /* 2 entries */
	assert_int_equal(arch_msi_send(&root_cell, remappable(1), 0), 0);
	assert_int_equal(arch_msi_send(&root_cell, remappable(2), 0), -ENODEV);
	/* a table the root cannot read (e.g. hypervisor memory) */
	set_reg64(0xb8, IRT_BASE | (1u << 11) | 7);
	irt_readable = false;
	assert_int_equal(arch_msi_send(&root_cell, remappable(1), 0), -ENODEV);
	/* remapping not enabled by Linux */
	irt_readable = true;
	set_reg32(0x1c, 0);
	assert_int_equal(arch_msi_send(&root_cell, remappable(1), 0), -ENODEV);
	assert_int_equal(sends, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, NULL)
		T(compat_physical),
		T(compat_logical_and_lowest_priority),
		T(compat_refusals),
		T(remapped_entry_delivered),
		T(subhandle_added),
		T(handle_bit_15),
		T(xapic_destination_without_eime),
		T(remapped_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
