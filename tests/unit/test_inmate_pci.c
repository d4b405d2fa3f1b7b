// SPDX-License-Identifier: GPL-2.0
// uses: inmates/lib/pci_math.c
/*
 * The hardware-free arithmetic of the inmate library's PCI, MSI-X and
 * ivshmem code, on the host: BAR sizes from their read-back masks, BAR
 * placement in the window, the MSI-X address and data, the doorbell
 * value, and what ivshmem_init() refuses.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../inmates/lib/inmate/ivshmem.h"

static void test_bar_decode_size(void **state)
{
	(void)state;
	/* 32-bit memory BARs: the type bits do not count */
	assert_int_equal(pci_bar_decode_size(0xfffff000, 0), 0x1000);
	assert_int_equal(pci_bar_decode_size(0xfffff008, 0), 0x1000);
	assert_int_equal(pci_bar_decode_size(0xfff00000, 0xdeadbeef), 0x100000);
	assert_int_equal(pci_bar_decode_size(0x80000000, 0), 0x80000000);
	assert_int_equal(pci_bar_decode_size(0xfffffff0, 0), 0x10);
	/* unimplemented */
	assert_int_equal(pci_bar_decode_size(0, 0), 0);
	assert_int_equal(pci_bar_decode_size(0x8, 0), 0);
	/* 64-bit: the high half joins in */
	assert_int_equal(pci_bar_decode_size(0xffffc004, 0xffffffff), 0x4000);
	assert_true(pci_bar_decode_size(0x0000000c, 0xfffffffe) ==
		    0x200000000ull);
	assert_int_equal(pci_bar_decode_size(0x4, 0), 0);
}

static void test_bar_place(void **state)
{
	uint64_t next = PCI_BAR_WINDOW_START, addr = 0;

	(void)state;
	/* small BARs still take a page each */
	assert_true(
		pci_bar_place(&next, 0x100, 0, 0, PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xc0000000);
	assert_true(next == 0xc0000100);
	assert_true(
		pci_bar_place(&next, 0x1000, 0, 0, PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xc0001000);
	/* aligned to its size */
	assert_true(
		pci_bar_place(&next, 0x10000, 0, 0, PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xc0010000);
	assert_true(next == 0xc0020000);
	assert_true(
		pci_bar_place(&next, 0x1000, 0, 0, PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xc0020000);

	/* the ECAM window is skipped, and only what overlaps it moves */
	next = 0xc0000000;
	assert_true(pci_bar_place(&next, 0x1000, 0xc0000000, 0xc0100000,
				  PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xc0100000);
	next = 0xbff00000;
	assert_true(pci_bar_place(&next, 0x1000, 0xc0000000, 0xc0100000,
				  PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xbff00000);
	next = 0xc00ff000;
	assert_true(pci_bar_place(&next, 0x2000, 0xc0000000, 0xc0100000,
				  PCI_BAR_WINDOW_END, &addr));
	assert_true(addr == 0xc0100000);

	/* the window's end is exclusive */
	next = PCI_BAR_WINDOW_END - 0x1000;
	assert_true(
		pci_bar_place(&next, 0x1000, 0, 0, PCI_BAR_WINDOW_END, &addr));
	assert_true(next == PCI_BAR_WINDOW_END);
	assert_false(
		pci_bar_place(&next, 0x1000, 0, 0, PCI_BAR_WINDOW_END, &addr));
	next = 0xc0000000;
	assert_false(pci_bar_place(&next, 0x80000000, 0, 0, PCI_BAR_WINDOW_END,
				   &addr));
	/* no room after the avoided range */
	next = 0xfe000000;
	assert_false(pci_bar_place(&next, 0x1000, 0xfe000000, 0xfec00000,
				   PCI_BAR_WINDOW_END, &addr));
	/* sizes that are no BAR's, and wrapping */
	assert_false(pci_bar_place(&next, 0, 0, 0, PCI_BAR_WINDOW_END, &addr));
	assert_false(
		pci_bar_place(&next, 0x3000, 0, 0, PCI_BAR_WINDOW_END, &addr));
	next = 0xfffffffffffff001ull;
	assert_false(pci_bar_place(&next, 0x1000, 0, 0, ~0ull, &addr));
	assert_true(next == 0xfffffffffffff001ull);
}

static void test_msix_encoding(void **state)
{
	(void)state;
	assert_int_equal(pci_msix_address(0), 0xfee00000);
	assert_int_equal(pci_msix_address(1), 0xfee01000);
	assert_int_equal(pci_msix_address(255), 0xfeeff000);
	assert_int_equal(pci_msix_data(0x40), 0x40);
	assert_int_equal(pci_msix_data(0xfe), 0xfe);
	assert_int_equal(IVSHMEM_IDT_VECTOR(0, 0), 0x40);
	assert_int_equal(IVSHMEM_IDT_VECTOR(1, 2), 0x52);
	assert_true(IVSHMEM_IDT_VECTOR(IVSHMEM_MAX_DEVICES - 1,
				       IVSHMEM_MAX_VECTORS - 1) < 0xff);
}

static void test_doorbell_value(void **state)
{
	(void)state;
	assert_int_equal(ivshmem_doorbell_value(0, 0), 0);
	assert_int_equal(ivshmem_doorbell_value(1, 2), 0x10002);
	assert_int_equal(ivshmem_doorbell_value(200, 999), 0xc803e7);
	assert_int_equal(ivshmem_doorbell_value(0xffff, 0xffff), 0xffffffff);
}

static const struct ivshmem_layout good = {
	.id = 1,
	.max_peers = 3,
	.base = 0x200000,
	.state_size = 0x1000,
	.rw_size = 0x4000,
	.output_size = 0x1000,
};

static void test_layout(void **state)
{
	struct ivshmem_layout l;

	(void)state;
	assert_null(ivshmem_layout_error(&good));

	l = good;
	l.max_peers = 1;
	l.id = 0;
	assert_string_equal(ivshmem_layout_error(&l),
			    "max peers is not 2-65536");
	l.max_peers = 65537;
	assert_non_null(ivshmem_layout_error(&l));
	l = good;
	l.max_peers = 65536;
	l.state_size = 0x40000;
	l.output_size = 0;
	l.rw_size = 0;
	assert_null(ivshmem_layout_error(&l));

	l = good;
	l.id = 3;
	assert_string_equal(ivshmem_layout_error(&l),
			    "own id is not below max peers");

	l = good;
	l.max_peers = 1025;
	l.state_size = 0x1000;
	assert_string_equal(ivshmem_layout_error(&l),
			    "state table smaller than 4 bytes per peer");

	l = good;
	l.base = 0;
	assert_non_null(ivshmem_layout_error(&l));
	l = good;
	l.base = 0x200800;
	assert_non_null(ivshmem_layout_error(&l));
	l = good;
	l.rw_size = 0x4100;
	assert_non_null(ivshmem_layout_error(&l));

	/* everything must be inside the first 4 GiB, without wrapping */
	l = good;
	l.base = 0xfffff000;
	assert_string_equal(ivshmem_layout_error(&l),
			    "shared memory beyond 4 GiB");
	l = good;
	l.base = 0x100000000ull - 0x8000;
	assert_null(ivshmem_layout_error(&l));
	l.base += 0x1000;
	assert_non_null(ivshmem_layout_error(&l));
	l = good;
	l.output_size = 0x8000000000000000ull;
	assert_non_null(ivshmem_layout_error(&l));
	l = good;
	l.rw_size = 0xfffffffffffff000ull;
	assert_non_null(ivshmem_layout_error(&l));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar_decode_size),
		cmocka_unit_test(test_bar_place),
		cmocka_unit_test(test_msix_encoding),
		cmocka_unit_test(test_doorbell_value),
		cmocka_unit_test(test_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
