/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Fixed-width types for the ABI headers, which are compiled into the
 * hypervisor (freestanding), the Linux driver, the CLI and the inmates.
 */
#ifndef BULKHEAD_TYPES_H
#define BULKHEAD_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#else
#include <stdint.h>
#endif

#endif
