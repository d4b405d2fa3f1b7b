/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Interference regulation, version 1 (docs/regulation.md): a real-time
 * cell asks the hypervisor to hold the root cell's CPUs back.
 *
 * A cell asks by writing a mode into its comm region's reg_request (no
 * exit; the root's CPUs pick it up at their next exit) or, when it must
 * take effect at once, with the hypercall BH_HC_REGULATE, which returns
 * once every root CPU has seen it. It ends its request by writing
 * BH_REG_NONE into reg_request (no exit) or with the hypercall. The
 * hypervisor answers in reg_status. How long the root may be held comes
 * from the system config, never from the cell.
 */
#ifndef BULKHEAD_REGULATION_H
#define BULKHEAD_REGULATION_H

#include <bulkhead/types.h>

#define BH_REGULATION_VERSION 1

/* Modes a cell asks for. */
#define BH_REG_NONE 0 /* no request, or end the current one */
/*
 * Root CPUs held from the request until its end, at most max_hold_us at a
 * time; after a hold the root runs at least min_run_us before the next.
 */
#define BH_REG_STOP 1
/* Root CPUs run at most duty_run_percent of every duty_period_us. */
#define BH_REG_DUTY 2
#define BH_REG_NUM_MODES 3

/* reg_status: what the hypervisor made of the cell's request. */
#define BH_REG_STATUS_IDLE 0 /* no request of this cell is active */
#define BH_REG_STATUS_ACTIVE 1 /* the root is regulated for this cell */
#define BH_REG_STATUS_REFUSED 2 /* refused; reg_refusal says why */

/*
 * The system config's limits (struct bh_system_desc.regulation). A zero
 * max_hold_us turns regulation off; a zero duty_period_us leaves out
 * the duty mode. Which cells may ask: their names, at most
 * BH_REG_MAX_CELLS. take_up_us: BH_REG_TAKE_UP_*_US.
 */
#define BH_REG_MAX_CELLS 4
#define BH_REG_NAME_LEN 32 /* as BH_NAME_LEN */
#define BH_REG_HOLD_MIN_US 10
#define BH_REG_HOLD_MAX_US 100000
#define BH_REG_RUN_MIN_US 10
#define BH_REG_PERIOD_MIN_US 100
#define BH_REG_PERIOD_MAX_US 100000
#define BH_REG_DUTY_MIN_PERCENT 10
#define BH_REG_DUTY_MAX_PERCENT 90
/* the root keeps at least this share of its time in stop mode */
#define BH_REG_ROOT_MIN_PERCENT 10
/*
 * How long BH_HC_REGULATE waits for every root CPU to take a request up
 * before it returns -ETIMEDOUT (take_up_us): the default, and the limits.
 * On hardware a root CPU takes an NMI within microseconds; on an emulator
 * a virtual CPU's host thread can wait for a host core far longer.
 */
#define BH_REG_TAKE_UP_DEFAULT_US 20000
#define BH_REG_TAKE_UP_MIN_US 100
#define BH_REG_TAKE_UP_MAX_US 1000000

struct bh_regulation_desc {
	uint32_t max_hold_us;
	uint32_t min_run_us;
	uint32_t duty_period_us;
	uint32_t duty_run_percent;
	uint32_t num_cells;
	uint32_t take_up_us;
	char cells[BH_REG_MAX_CELLS][BH_REG_NAME_LEN];
};

#endif
