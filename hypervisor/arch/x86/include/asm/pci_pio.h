/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_PCI_PIO_H
#define ASM_PCI_PIO_H

#include <bh/types.h>

struct per_cpu;

#define PCI_PIO_FIRST 0xcf8
#define PCI_PIO_COUNT 8

/*
 * A root cell's IN or OUT of @size bytes at @port: served (emulated or
 * done on the hardware) if it is a configuration port, then true; a read
 * leaves its value in *val.
 */
bool pci_pio_access(struct per_cpu *cpu, u16 port, unsigned int size, bool in,
		    u32 *val);

#endif
