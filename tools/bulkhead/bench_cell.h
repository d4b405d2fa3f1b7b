/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The root cell's side of the rt-probe protocol (include/bulkhead/
 * rtprobe.h): commands to the probe in a cell, input in chunks, and its
 * windows read while it runs. Functions returning int give 0, or 1 after
 * an error message; a probe that refuses a command is an error naming the
 * command and the errno it answered.
 */
#ifndef BULKHEAD_CLI_BENCH_CELL_H
#define BULKHEAD_CLI_BENCH_CELL_H

#include <stdint.h>

#include <bulkhead/rtprobe.h>

#include "ivshmem_uio.h"

struct cell_probe {
	struct ivdev dev;
	volatile struct bh_probe_control *ctl; /* our output section */
	const volatile struct bh_probe_output *out; /* the probe's */
	volatile uint8_t *rw;
	const volatile uint32_t *state; /* the state table, by peer */
	uint64_t rw_size;
	uint32_t peer; /* the probe's peer id */
};

/* Finds the bench device (protocol BH_PROBE_PROTOCOL) and maps it. */
int cell_probe_open(struct cell_probe *cp);
void cell_probe_close(struct cell_probe *cp);

/*
 * Waits up to @timeout_ms for the probe to say it is ready in the state
 * table, which the hypervisor clears when the probe's cell stops: its
 * output section outlives the cell, magic and all, and a command sent on
 * a previous probe's magic would be taken as meant for someone else.
 */
int cell_probe_wait_ready(struct cell_probe *cp, unsigned int timeout_ms);

int cell_probe_configure(struct cell_probe *cp,
			 const struct bh_probe_params *p);
/* BH_INPUT_HOST: @len bytes, through the R/W section chunk by chunk. */
int cell_probe_send_input(struct cell_probe *cp, const uint8_t *data,
			  uint64_t len);
int cell_probe_start(struct cell_probe *cp);
int cell_probe_stop(struct cell_probe *cp);

#endif
