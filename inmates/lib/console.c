// SPDX-License-Identifier: GPL-2.0
/*
 * printf and friends: text is collected in the CPU's line buffer and sent
 * at each newline (or when the buffer is full). Interrupts are off while a
 * CPU touches its buffer, so that an interrupt handler's printf cannot
 * tear a line of the interrupted code.
 *
 * A line goes into the comm region's console ring, which costs no VM exit
 * (the hypervisor drains it when the root cell reads its console), and to
 * the cell's UART if it has one. Only without a valid comm region does it
 * take the console hypercall instead.
 */
#include <stdarg.h>
#include <inmate/inmate.h>
#include "internal.h"

static uint16_t console_uart;
/* the ring and the UART are shared by the CPUs; a line is not split */
static struct spinlock console_lock;

void console_init(uint16_t uart_port)
{
	console_uart = uart_port;
	if (uart_port)
		uart_init(uart_port);
}

static void ring_write(struct bh_comm_region *cr, const char *s, uint32_t len)
{
	uint32_t pos = cr->console_written;

	for (uint32_t i = 0; i < len; i++, pos++)
		cr->console[pos % BH_COMM_CONSOLE_SIZE] = s[i];
	/* the bytes must be visible before the hypervisor sees the count */
	__atomic_store_n(&cr->console_written, pos, __ATOMIC_RELEASE);
}

static void flush_line(struct cpu_data *c)
{
	struct bh_comm_region *cr = comm();

	if (!c->line_len)
		return;
	spin_lock(&console_lock);
	if (cr)
		ring_write(cr, c->line, c->line_len);
	else
		hypercall(BH_HC_CONSOLE_WRITE, (uintptr_t)c->line, c->line_len);
	if (console_uart)
		uart_write(console_uart, c->line, c->line_len);
	spin_unlock(&console_lock);
	c->line_len = 0;
}

static void line_putc(char ch, void *ctx)
{
	struct cpu_data *c = ctx;

	c->line[c->line_len++] = ch;
	if (ch == '\n' || c->line_len == sizeof(c->line))
		flush_line(c);
}

/*
 * Formatting is the hypervisor's own vsnprintk (hypervisor/core/format.c,
 * freestanding), so that one formatter serves both. Output longer than
 * PRINTF_MAX is cut there.
 */
#define PRINTF_MAX 256

int printf(const char *fmt, ...)
{
	char buf[PRINTF_MAX];
	unsigned long flags;
	va_list ap;
	int n, len;

	va_start(ap, fmt);
	n = vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	len = n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1;
	flags = irq_save();
	for (int i = 0; i < len; i++)
		line_putc(buf[i], this_cpu());
	irq_restore(flags);
	return n;
}

void console_write(const char *s, size_t len)
{
	unsigned long flags = irq_save();
	struct cpu_data *c = this_cpu();

	for (size_t i = 0; i < len; i++)
		line_putc(s[i], c);
	irq_restore(flags);
}

void console_flush(void)
{
	unsigned long flags = irq_save();

	flush_line(this_cpu());
	irq_restore(flags);
}
