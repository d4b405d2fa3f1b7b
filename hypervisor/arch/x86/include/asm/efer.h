/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest's WRMSR to EFER, judged as the hardware would before it reaches
 * the VMCB: a value VMRUN refuses must be a #GP for the guest, never a
 * failed VMRUN for us.
 */
#ifndef ASM_EFER_H
#define ASM_EFER_H

#include <bh/types.h>

#define EFER_SCE (1ull << 0)
#define EFER_LME (1ull << 8)
#define EFER_LMA (1ull << 10)
#define EFER_NXE (1ull << 11)
#define EFER_SVME (1ull << 12)
#define EFER_FFXSR (1ull << 14)
#define EFER_TCE (1ull << 15)

/*
 * efer_guest_write() - the EFER a guest gets for writing @val
 * @cur: the guest's EFER now (as in the VMCB, SVME included)
 * @val: what it wrote
 * @cr0: its CR0 now
 * @supported: the EFER bits this CPU implements
 * @out: the value for the VMCB, SVME set, when 0 is returned
 *
 * Return: 0, or -EINVAL when the hardware would raise #GP: a bit the CPU
 * does not implement, or LME changed while paging is on. LMA is the CPU's
 * to set, so a write to it is ignored, as hardware does.
 */
int efer_guest_write(u64 cur, u64 val, u64 cr0, u64 supported, u64 *out);

/* The EFER bits this CPU implements, from CPUID, and SVME. */
u64 efer_supported(void);

#endif
