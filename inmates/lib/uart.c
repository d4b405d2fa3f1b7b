// SPDX-License-Identifier: GPL-2.0
/* A 16550 UART at an I/O port, polled: 115200 baud, 8N1, FIFOs on. */
#include <inmate/x86.h>
#include "internal.h"

#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5

#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define FCR_ENABLE_CLEAR 0x07
#define MCR_DTR_RTS 0x03
#define LSR_THRE 0x20

/* A missing or stuck UART must not hang the inmate: give up on a byte. */
#define UART_SPIN_LIMIT 100000

void uart_init(uint16_t port)
{
	outb(port + UART_IER, 0);
	outb(port + UART_LCR, LCR_DLAB);
	outb(port + UART_DLL, 1); /* 115200 / 1 */
	outb(port + UART_DLM, 0);
	outb(port + UART_LCR, LCR_8N1);
	outb(port + UART_FCR, FCR_ENABLE_CLEAR);
	outb(port + UART_MCR, MCR_DTR_RTS);
}

static void uart_putc(uint16_t port, char c)
{
	for (int i = 0; i < UART_SPIN_LIMIT; i++) {
		if (inb(port + UART_LSR) & LSR_THRE)
			break;
		cpu_relax();
	}
	outb(port + UART_THR, (uint8_t)c);
}

void uart_write(uint16_t port, const char *s, uint32_t len)
{
	for (uint32_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc(port, '\r');
		uart_putc(port, s[i]);
	}
}
