/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The inmate library (docs/inmates.md). An inmate defines inmate_main();
 * the library's boot code runs it on the cell's boot CPU in 64-bit mode
 * with the console, exception handlers, the local APIC and the comm region
 * ready, interrupts still off.
 */
#ifndef INMATE_INMATE_H
#define INMATE_INMATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <inmate/apic.h>
#include <inmate/cmdline.h>
#include <inmate/comm.h>
#include <inmate/console.h>
#include <inmate/errno.h>
#include <inmate/hypercall.h>
#include <inmate/irq.h>
#include <inmate/ivshmem.h>
#include <inmate/pci.h>
#include <inmate/regulate.h>
#include <inmate/smp.h>
#include <inmate/spinlock.h>
#include <inmate/string.h>
#include <inmate/tsc.h>
#include <inmate/x86.h>

/*
 * Provided by the inmate. If it returns, the library idles and approves
 * the next shutdown request.
 */
void inmate_main(void);

/* Interrupts off, halt for good: this CPU does nothing more. */
__attribute__((noreturn)) void cpu_stop(void);

#endif
