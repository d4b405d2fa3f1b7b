// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: a hypercall from user space (CPL 3) must fail like an invalid
 * instruction. Prints "vmmcall from user: SIGILL" when it does.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static void on_sigill(int sig)
{
	(void)sig;
	printf("vmmcall from user: SIGILL\n");
	exit(0);
}

int main(void)
{
	long ret;

	signal(SIGILL, on_sigill);
	asm volatile("vmmcall" : "=a"(ret) : "a"(1L), "D"(0L) : "memory");
	printf("vmmcall from user: returned %ld\n", ret);
	return 1;
}
