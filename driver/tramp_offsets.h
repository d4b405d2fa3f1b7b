/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Offsets into struct bh_linux_cpu for the trampoline's assembly; enable.c
 * checks each against the C layout at build time.
 */
#ifndef BH_TRAMP_OFFSETS_H
#define BH_TRAMP_OFFSETS_H

#define LC_CR3 16
#define LC_GDTR_LIMIT 54
#define LC_IDTR_LIMIT 70
#define LC_DS_SEL 112
#define LC_ES_SEL 128
#define LC_RESUME_RIP 296
#define LC_RESUME_RSP 304
#define LC_REGS 312

#endif
