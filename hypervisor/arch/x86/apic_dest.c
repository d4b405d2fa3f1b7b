// SPDX-License-Identifier: GPL-2.0
/*
 * Which CPUs an x2APIC ICR value addresses. Pure logic, unit-tested on the
 * host: the hypervisor filters every IPI its cells send with it.
 */
/* by relative path, so that host unit tests build it without arch paths */
#include "include/asm/apic.h"

u64 icr_destinations(u64 icr, unsigned int self, const u32 *apic_ids,
		     unsigned int n)
{
	u32 dest = icr >> 32;
	u64 all = n >= 64 ? ~0ull : (1ull << n) - 1, set = 0;
	unsigned int i;

	switch ((icr >> 18) & 3) {
	case 1: /* self */
		return self < n ? 1ull << self : 0;
	case 2: /* all including self */
		return all;
	case 3: /* all excluding self */
		return all & ~(self < n ? 1ull << self : 0);
	}
	if (dest == 0xffffffff)
		return all;
	for (i = 0; i < n; i++) {
		u32 id = apic_ids[i];

		if (icr & ICR_LOGICAL) {
			/* x2APIC logical ID: cluster in 31:16, one bit of 15:0 */
			if ((dest >> 16) == (id >> 4) &&
			    (dest & (1u << (id & 0xf))))
				set |= 1ull << i;
		} else if (dest == id) {
			set |= 1ull << i;
		}
	}
	return set;
}
