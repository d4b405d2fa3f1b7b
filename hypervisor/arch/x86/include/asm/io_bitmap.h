/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_IO_BITMAP_H
#define ASM_IO_BITMAP_H

#include <bh/types.h>

struct cell;

#define IO_BITMAP_BYTES (0x10000 / 8)

/*
 * Fill the first IO_BITMAP_BYTES of @bm for @cell: its config's ports
 * pass, all others exit. The root cell's also exits on the PCI
 * configuration ports while it has virtual devices, and on every port a
 * non-root cell owns now.
 */
void io_bitmap_build(u8 *bm, const struct cell *cell);

#endif
