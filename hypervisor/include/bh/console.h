/* SPDX-License-Identifier: GPL-2.0 */
#ifndef BH_CONSOLE_H
#define BH_CONSOLE_H

#include <bh/types.h>

void console_init(void);
void console_start_uart(void);
void console_write(const char *s, size_t len);
/* Copy the pool's counters into the status area for the root cell. */
void status_update_pool(void);

#endif
