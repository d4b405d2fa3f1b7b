/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BULKHEAD_DRIVER_H
#define BULKHEAD_DRIVER_H

#define BH_DEVICE "/dev/bulkhead"
#define BH_SYSFS "/sys/devices/bulkhead"

/* Opens the driver's device; prints why and returns -1 on failure. */
int driver_open(void);

/* One ioctl on the driver; on failure prints "WHAT: REASON" (the driver's
 * reason, else errno's) and returns 1. */
int driver_ioctl(unsigned long req, void *args, const char *what,
		 const char *reason);

/* A cell's id from its name or number; -1 if there is none. */
int cell_lookup(const char *arg);

#endif
