/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FAKE_H
#define FAKE_H

#include <stddef.h>

/* Everything the core printed through printk() since the last reset. */
#define FAKE_CONSOLE_SIZE 65536
extern char fake_console[FAKE_CONSOLE_SIZE];
extern size_t fake_console_len;
void fake_console_reset(void);

#endif
