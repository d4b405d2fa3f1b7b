/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BULKHEAD_DRIVER_H
#define BULKHEAD_DRIVER_H

#define BH_DEVICE "/dev/bulkhead"
#define BH_SYSFS "/sys/devices/bulkhead"

/* Opens the driver's device; prints why and returns -1 on failure. */
int driver_open(void);

/* A cell's id from its name or number; -1 if there is none. */
int cell_lookup(const char *arg);

#endif
