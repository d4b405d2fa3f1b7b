// SPDX-License-Identifier: GPL-2.0
/* The hypervisor's console UART: a 16550 at an I/O port. */
#include <bh/arch.h>
#include <bh/hv.h>
#include <asm/processor.h>

#define UART_THR 0
#define UART_IER 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_DLL 0
#define UART_DLM 1
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1 0x03
#define UART_LSR_THRE 0x20

static u16 uart_port;

void arch_console_init(void)
{
	u32 divisor;

	if (hv_config->console.type != BH_CONSOLE_UART_PIO)
		return;
	uart_port = hv_config->console.address;
	if (hv_config->console.baud) {
		divisor = 115200 / hv_config->console.baud;
		outb(uart_port + UART_LCR, UART_LCR_DLAB);
		outb(uart_port + UART_DLL, divisor & 0xff);
		outb(uart_port + UART_DLM, (divisor >> 8) & 0xff);
	}
	outb(uart_port + UART_LCR, UART_LCR_8N1);
	outb(uart_port + UART_IER, 0);
	outb(uart_port + UART_FCR, 0);
	outb(uart_port + UART_MCR, 0x3);
}

void arch_console_putc(char c)
{
	unsigned int spins = 100000;

	if (!uart_port)
		return;
	/* a missing or stuck UART must not stop the hypervisor */
	while (!(inb(uart_port + UART_LSR) & UART_LSR_THRE) && --spins)
		cpu_pause();
	outb(uart_port + UART_THR, c);
}
