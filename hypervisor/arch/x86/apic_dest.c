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

u64 icr_destinations_xapic(u32 lo, u8 dest, unsigned int self,
			   const u32 *apic_ids, const u32 *ldr, const u32 *dfr,
			   unsigned int n)
{
	u64 all = n >= 64 ? ~0ull : (1ull << n) - 1, set = 0;
	unsigned int i;

	/* the shorthands mean the same in both modes */
	if (lo & ICR_SHORTHAND_MASK)
		return icr_destinations(lo, self, apic_ids, n);
	if (dest == 0xff && !(lo & ICR_LOGICAL))
		return all;
	for (i = 0; i < n; i++) {
		u8 l = ldr[i] >> 24;

		if (!(lo & ICR_LOGICAL)) {
			if (apic_ids[i] == dest)
				set |= 1ull << i;
		} else if ((dfr[i] >> 28) == 0xf) {
			/* flat: one bit per CPU, 0xff every CPU with one */
			if (dest & l)
				set |= 1ull << i;
		} else if (dest == 0xff ||
			   ((dest >> 4) == (l >> 4) && (dest & l & 0xf))) {
			/* cluster: 7:4 the cluster, 3:0 a bit per member */
			set |= 1ull << i;
		}
	}
	return set;
}
