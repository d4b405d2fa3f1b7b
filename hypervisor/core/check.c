// SPDX-License-Identifier: GPL-2.0
#include <bh/arch.h>
#include <bh/check.h>
#include <bh/printk.h>

void check_failed(const char *file, int line, const char *cond)
{
	printk("FATAL: CHECK(%s) failed at %s:%d; stopping this CPU\n", cond,
	       file, line);
	arch_panic_stop();
}
