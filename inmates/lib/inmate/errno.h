/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error numbers the library returns negated: Linux's values, as the
 * hypervisor's (hypervisor/include/bh/errno.h), so a number means the same
 * in a hypercall result and in a library result.
 */
#ifndef INMATE_ERRNO_H
#define INMATE_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EIO 5
#define EBUSY 16
#define ENODEV 19
#define EINVAL 22
#define ENOSPC 28
#define ERANGE 34
#define ENOSYS 38
#define ETIMEDOUT 110

#endif
