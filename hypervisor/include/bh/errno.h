/* SPDX-License-Identifier: GPL-2.0 */
/* Error numbers: Linux's values, returned negated through the hypercall ABI. */
#ifndef BH_ERRNO_H
#define BH_ERRNO_H

#define EPERM 1
#define ENOENT 2
#define EFAULT 14
#define EIO 5
#define E2BIG 7
#define ENOMEM 12
#define EBUSY 16
#define EEXIST 17
#define ENODEV 19
#define ENOSPC 28
#define EINVAL 22
#define ERANGE 34
#define ENOSYS 38
#define EOVERFLOW 75
#define EOPNOTSUPP 95
#define ETIMEDOUT 110

#endif
