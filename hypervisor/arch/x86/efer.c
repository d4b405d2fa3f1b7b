// SPDX-License-Identifier: GPL-2.0
/*
 * EFER writes of guests (see asm/efer.h). Kept apart from the exit handler
 * so that the rules are unit-tested on the host.
 */
#include <bh/errno.h>
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/efer.h"
#include "include/asm/processor.h"

/* SVME is counted as implemented: efer_guest_write's callers drop it where
 * the vendor has none. */
u64 efer_supported(void)
{
	static u64 bits;
	u32 a, b, c, d;

	if (!bits) {
		cpuid_count(0x80000001, 0, &a, &b, &c, &d);
		bits = EFER_SVME;
		if (d & BIT(11))
			bits |= EFER_SCE;
		if (d & BIT(29))
			bits |= EFER_LME | EFER_LMA;
		if (d & BIT(20))
			bits |= EFER_NXE;
		if (d & BIT(25))
			bits |= EFER_FFXSR;
		if (c & BIT(17))
			bits |= EFER_TCE;
	}
	return bits;
}

int efer_guest_write(u64 cur, u64 val, u64 cr0, u64 supported, u64 *out)
{
	/* SVME is ours: the guest may write it either way and keeps it on */
	u64 mbz = ~(supported | EFER_SVME | EFER_LMA);

	if (val & mbz)
		return -EINVAL;
	/* long mode is entered and left with paging off only */
	if ((cr0 & X86_CR0_PG) && ((val ^ cur) & EFER_LME))
		return -EINVAL;
	*out = (val & ~EFER_LMA) | (cur & EFER_LMA) | EFER_SVME;
	return 0;
}
