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

#define BH_IOCTL_MAGIC 0xb4
#define BH_IOCTL_ENABLE _IOWR(BH_IOCTL_MAGIC, 0, struct bh_enable_args)
#define BH_IOCTL_DISABLE _IOWR(BH_IOCTL_MAGIC, 1, struct bh_disable_args)

#endif
