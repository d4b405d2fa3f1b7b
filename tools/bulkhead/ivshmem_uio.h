/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root cell's ivshmem 2.0 devices through the uio_ivshmem driver
 * (docs/ivshmem.md): found in sysfs by their uio name, registers and
 * sections mmapped from /dev/uioN (map K at offset K pages), one-shot
 * interrupts re-armed by a write and taken by a read.
 *
 * BULKHEAD_IVSHMEM_ROOT, when set, is put in front of /sys and /dev, so that
 * the unit tests can hand the commands a device made of plain files.
 *
 * Functions returning int give 0, or 1 after an error message
 * (cli_error()); pointers are NULL after one.
 */
#ifndef BULKHEAD_CLI_IVSHMEM_UIO_H
#define BULKHEAD_CLI_IVSHMEM_UIO_H

#include <stdbool.h>
#include <stdint.h>

enum section {
	SEC_REGS,
	SEC_STATE,
	SEC_RW,
	SEC_INPUT,
	SEC_OUTPUT,
	NUM_SECS,
};

struct ivdev {
	char node[32]; /* uioN */
	char bdf[64];
	int protocol; /* -1: unknown */
	int vectors; /* -1: unknown */
	struct {
		int index; /* -1: absent */
		uint64_t size;
	} map[NUM_SECS];
	int fd;
	void *mem[NUM_SECS];
	uint32_t id, peers;
};

/* uio_ivshmem's devices by uio number; -1 after an error message. */
int ivdev_scan(struct ivdev *devs, int max);

/* @sel: uioN, a full BDF (0000:00:0e.0) or one without domain (00:0e.0). */
bool ivdev_matches(const struct ivdev *d, const char *sel);

/* The device @sel names, or the first. */
int ivdev_find(const char *sel, struct ivdev *out);

/* The first device speaking @protocol (PCI sub-class and interface). */
int ivdev_find_protocol(unsigned int protocol, struct ivdev *out);

/* Opens /dev/uioN, maps the registers and reads ID and Max Peers. */
int ivdev_open(struct ivdev *d);
void ivdev_close(struct ivdev *d);

/* Maps section @s once; later calls return the same mapping. */
void *ivdev_map(struct ivdev *d, enum section s);
volatile uint32_t *ivdev_reg(struct ivdev *d, unsigned int offset);

/* Bytes per peer's output section. */
uint64_t ivdev_output_size(const struct ivdev *d);

/* Peer @peer's output section (read-only). */
const volatile uint8_t *ivdev_peer_output(struct ivdev *d, uint64_t peer);

/* Rings @peer on @vector. */
int ivdev_ring(struct ivdev *d, uint32_t peer, uint32_t vector);

/*
 * Re-arms the device (one-shot mode) and waits for its next event until
 * @deadline (CLOCK_MONOTONIC ns, 0: none). 1 on an event, 0 on timeout, -1
 * after an error.
 */
int ivdev_wait_event(struct ivdev *d, uint64_t deadline, uint32_t *events);

#endif
