/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ioctls of /dev/bulkhead, version 1 (docs/driver.md). Every call that can
 * be refused fills `reason` with one line saying why.
 */
#ifndef BULKHEAD_IOCTL_H
#define BULKHEAD_IOCTL_H

#include <bulkhead/types.h>
#ifdef __KERNEL__
#include <linux/ioctl.h>
#else
#include <sys/ioctl.h>
#endif

#define BH_REASON_LEN 256

struct bh_enable_args {
	uint64_t config; /* user pointer to a struct bh_system_desc */
	uint32_t config_size;
	uint32_t reserved;
	char reason[BH_REASON_LEN];
};

struct bh_disable_args {
	char reason[BH_REASON_LEN];
};

struct bh_cell_create_args {
	uint64_t config; /* user pointer to a struct bh_cell_desc */
	uint32_t config_size;
	int32_t id; /* out: the new cell's id */
	char reason[BH_REASON_LEN];
};

/* One piece of 'cell load': bytes to put at a guest-physical address. */
struct bh_cell_load_segment {
	uint64_t data; /* user pointer */
	uint64_t size;
	uint64_t address; /* guest-physical, inside a loadable region */
};

#define BH_MAX_LOAD_SEGMENTS 16

/* The first segment's address is where the cell's boot CPU starts. */
struct bh_cell_load_args {
	uint32_t id;
	uint32_t num_segments;
	uint64_t segments; /* user pointer to struct bh_cell_load_segment[] */
	char reason[BH_REASON_LEN];
};

struct bh_cell_args {
	uint32_t id;
	uint32_t reserved;
	char reason[BH_REASON_LEN];
};

#define BH_IOCTL_MAGIC 0xb4
#define BH_IOCTL_ENABLE _IOWR(BH_IOCTL_MAGIC, 0, struct bh_enable_args)
#define BH_IOCTL_DISABLE _IOWR(BH_IOCTL_MAGIC, 1, struct bh_disable_args)
#define BH_IOCTL_CELL_CREATE \
	_IOWR(BH_IOCTL_MAGIC, 2, struct bh_cell_create_args)
#define BH_IOCTL_CELL_LOAD _IOWR(BH_IOCTL_MAGIC, 3, struct bh_cell_load_args)
#define BH_IOCTL_CELL_START _IOWR(BH_IOCTL_MAGIC, 4, struct bh_cell_args)
#define BH_IOCTL_CELL_SHUTDOWN _IOWR(BH_IOCTL_MAGIC, 5, struct bh_cell_args)
#define BH_IOCTL_CELL_DESTROY _IOWR(BH_IOCTL_MAGIC, 6, struct bh_cell_args)

#endif
