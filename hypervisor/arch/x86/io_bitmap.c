// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O permission bitmap of a cell, one bit per port, set where an
 * access must exit: the layout SVM's IOPM and VMX's I/O bitmaps A and B
 * share for ports 0-0xFFFF.
 */
#include <bh/cell.h>
#include <bh/string.h>
#include <asm/io_bitmap.h>
#include <asm/pci_pio.h>

static void ports_set(u8 *bm, u32 port, u32 len, bool intercept)
{
	for (; len && port < 0x10000; port++, len--) {
		if (intercept)
			bm[port / 8] |= 1 << (port % 8);
		else
			bm[port / 8] &= ~(1 << (port % 8));
	}
}

void io_bitmap_build(u8 *bm, const struct cell *cell)
{
	const struct bh_cell_desc *d = cell->desc;
	unsigned int i, c;

	/* only what the config grants; the rest traps and is refused */
	memset(bm, 0xff, IO_BITMAP_BYTES);
	for (i = 0; i < d->num_pio_regions; i++)
		ports_set(bm, d->pio_regions[i].base, d->pio_regions[i].length,
			  false);
	if (cell != &root_cell)
		return;
	/* the configuration ports, where the root has virtual devices */
	if (cell->num_ivshmem)
		ports_set(bm, PCI_PIO_FIRST, PCI_PIO_COUNT, true);
	/* ports a cell owns leave the root while that cell exists */
	for (c = 1; c < MAX_CELLS; c++) {
		const struct bh_cell_desc *cd = cells[c] ? cells[c]->desc :
							   NULL;

		for (i = 0; cd && i < cd->num_pio_regions; i++)
			ports_set(bm, cd->pio_regions[i].base,
				  cd->pio_regions[i].length, true);
	}
}
