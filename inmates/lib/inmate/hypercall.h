/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hypercalls (include/bulkhead/hypercall.h): VMMCALL on AMD and Hygon,
 * VMCALL on Intel, chosen from the CPUID vendor at boot.
 */
#ifndef INMATE_HYPERCALL_H
#define INMATE_HYPERCALL_H

#include <stdbool.h>

#include <bulkhead/hypercall.h>

/*
 * RAX = @code, RDI = @arg1, RSI = @arg2; returns RAX (negative errno on
 * failure). Where no hypervisor answers, the instruction raises #UD; the
 * library catches that once and from then on returns -38 (-ENOSYS).
 */
long hypercall(unsigned long code, unsigned long arg1, unsigned long arg2);

/* True if CPUID leaf 0x40000000 says Bulkhead runs this cell. */
bool hypervisor_present(void);

#endif
