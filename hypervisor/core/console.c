// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor console: a byte ring in the status area, which the root
 * cell reads through a read-only mapping, mirrored to the UART the system
 * config names.
 */
#include <stdarg.h>
#include <bh/arch.h>
#include <bh/console.h>
#include <bh/hv.h>
#include <bh/printk.h>
#include <bh/spinlock.h>
#include <bh/string.h>

/* In pages of its own (hypervisor.lds), which the root cell maps read-only. */
__attribute__((section(".status"), aligned(4096))) struct bh_status hv_status;

static struct spinlock console_lock;

void console_init(void)
{
	memcpy(hv_status.signature, BH_STATUS_SIGNATURE, 8);
	hv_status.version = BH_STATUS_VERSION;
	hv_status.num_cpus = hv_header.num_cpus;
	hv_status.tsc_khz = hv_header.tsc_khz;
}

/* Once the config is trusted: its UART gets what was printed so far. */
void console_start_uart(void)
{
	u64 i;

	spin_lock(&console_lock);
	arch_console_init();
	for (i = 0; i < hv_status.console_written && i < BH_CONSOLE_SIZE; i++) {
		if (hv_status.console[i] == '\n')
			arch_console_putc('\r');
		arch_console_putc(hv_status.console[i]);
	}
	spin_unlock(&console_lock);
}

static void ring_putc(char c)
{
	u64 pos = hv_status.console_written;

	hv_status.console[pos % BH_CONSOLE_SIZE] = c;
	/* the byte must be visible before the reader sees the new count */
	__atomic_store_n(&hv_status.console_written, pos + 1, __ATOMIC_RELEASE);
}

void console_write(const char *s, size_t len)
{
	size_t i;

	spin_lock(&console_lock);
	for (i = 0; i < len; i++) {
		ring_putc(s[i]);
		if (s[i] == '\n')
			arch_console_putc('\r');
		arch_console_putc(s[i]);
	}
	spin_unlock(&console_lock);
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	if (len > 0)
		console_write(buf, len);
}

void status_update_pool(void)
{
	hv_status.pool_pages = hv_pool.pages;
	hv_status.pool_used = hv_pool.used;
}
