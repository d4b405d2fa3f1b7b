/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_WX_CHECK_H
#define ASM_WX_CHECK_H

/* 0 if the hypervisor's own mappings are W^X as expected, else -EINVAL
 * with a console line naming the part at fault. */
int wx_check(void);

#endif
