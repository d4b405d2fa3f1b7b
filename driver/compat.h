/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every place where the kernels the driver supports (Debian's 6.1 and 6.12)
 * want different spellings is decided here, so that the rest of the driver
 * has one. Safe to include from assembly.
 */
#ifndef BH_COMPAT_H
#define BH_COMPAT_H

#include <linux/version.h>

/*
 * The trampoline's entry points have no frame the ORC unwinder could follow.
 * 6.4 split UNWIND_HINT_EMPTY into UNWIND_HINT_END_OF_STACK and
 * UNWIND_HINT_UNDEFINED and dropped the old name; UNDEFINED is the one that
 * means what EMPTY meant here.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define BH_UNWIND_HINT_NONE UNWIND_HINT_UNDEFINED
#else
#define BH_UNWIND_HINT_NONE UNWIND_HINT_EMPTY
#endif

#endif
