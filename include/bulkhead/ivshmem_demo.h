/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The protocol between inmates/ivshmem-demo and `bulkhead ivshmem`,
 * version 1 (docs/ivshmem.md). Both sides put this struct at the start of
 * their own output section of the device and read the peer's.
 *
 * Vectors: 0 is the device's state-change vector; a ring on
 * BH_DEMO_VEC_BEAT is a heartbeat (counted, nothing else); a ring on
 * BH_DEMO_VEC_PING asks the receiver to answer: it copies the ringer's
 * ping_seq into its own pong_seq and rings the ringer back on
 * BH_DEMO_VEC_PING. The demo knows the ringer from its command line
 * (`pong=ID`, default 0), since a doorbell carries no sender. A ring on
 * BH_DEMO_VEC_CHECK asks the demo to report on the shared memory: the
 * message in the R/W section (the `bulkhead ivshmem send` format of
 * docs/ivshmem.md) and the ringer's output section; it prints what it
 * found (and, started with `msg=1`, writes it as a message into its own
 * output section), then rings the ringer back on BH_DEMO_VEC_CHECK.
 *
 * Polling comparison: when the root's control says BH_DEMO_MODE_POLL, the
 * demo does not sleep but watches the root's ping_seq and answers through
 * pong_seq alone, without doorbells.
 */
#ifndef BULKHEAD_IVSHMEM_DEMO_H
#define BULKHEAD_IVSHMEM_DEMO_H

#include <bulkhead/types.h>

#define BH_DEMO_MAGIC 0x4d444842u /* "BHDM" */
#define BH_DEMO_VERSION 1

#define BH_DEMO_VEC_STATE 0
#define BH_DEMO_VEC_BEAT 1
#define BH_DEMO_VEC_PING 2
#define BH_DEMO_VEC_CHECK 3
#define BH_DEMO_VECTORS 4 /* vectors the demo uses */

#define BH_DEMO_MODE_IRQ 0
#define BH_DEMO_MODE_POLL 1

/* The State value a running demo sets. */
#define BH_DEMO_STATE_READY 1

struct bh_demo_output {
	volatile uint32_t magic; /* BH_DEMO_MAGIC once the writer runs */
	volatile uint32_t version;
	volatile uint32_t heartbeat; /* incremented once a second */
	volatile uint32_t mode; /* root's: BH_DEMO_MODE_*; demo's: echo */
	volatile uint32_t ping_seq; /* the pinger's last sequence number */
	volatile uint32_t pong_seq; /* the answerer's last answered number */
	volatile uint32_t irqs[16]; /* interrupts received, per vector */
	volatile uint32_t rings_sent; /* doorbells written */
	volatile uint32_t reserved;
};

#endif
