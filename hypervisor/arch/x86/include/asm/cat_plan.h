/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L3 cache allocation (Intel CAT, AMD L3 allocation: the same CPUID leaf
 * and MSRs) for cells that reserve cache ways (docs/regulation.md#cache).
 *
 * A cell with cache-ways gets a class of service (COS) of its own, taken
 * from the highest one down, whose capacity bitmask holds its ways, taken
 * from bit 0 up; the root runs in COS 0, whose mask is every way above
 * the highest one a cell holds. Both masks stay contiguous, as Intel
 * requires. cat_plan.c decides, without hardware access (unit-tested);
 * cat.c (asm/cat.h) reads CPUID and writes the MSRs.
 */
#ifndef ASM_CAT_PLAN_H
#define ASM_CAT_PLAN_H

#include <bh/types.h>

#define CAT_MAX_COS 128 /* 0xc90..0xd0f: the architectural L3 mask range */
#define CPUID_7_EBX_PQM BIT(12) /* resource monitoring (leaf 0Fh) */
#define CPUID_7_EBX_PQE BIT(15) /* resource allocation (leaf 10h) */

/* What CPUID says of L3 allocation. */
struct cat_caps {
	bool present;
	bool cdp; /* code/data prioritization offered */
	u8 cbm_len; /* ways: bits of a capacity bitmask, 1..32 */
	u16 cos_max; /* highest COS number */
	u32 shared; /* ways other agents (devices, graphics) may also fill */
};

/* From CPUID 7.0 EBX, 10h.0 EBX and 10h.1 EAX, EBX, ECX, EDX. */
void cat_caps_decode(struct cat_caps *caps, u32 leaf7_ebx, u32 leaf10_ebx,
		     const u32 leaf10_1[4]);

/* Every way of the cache. */
u32 cat_full_mask(const struct cat_caps *caps);

/* The root's COS 0 mask while cells hold the ways in @held. */
u32 cat_root_mask(const struct cat_caps *caps, u32 held);

enum cat_pick_result {
	CAT_PICKED,
	CAT_NO_WAYS, /* no run of free ways with one left for the root */
	CAT_NO_COS, /* every COS from 1 to cos_max taken */
};

/*
 * Ways and a COS for a cell that asks for @ways, with the ways in @held
 * and the COS in @cos_used (bit n: COS n) already taken: the lowest run
 * of free ways that leaves the root one way at least, and the highest
 * free COS. The root keeps COS 0 and is never given away.
 */
enum cat_pick_result cat_pick(const struct cat_caps *caps, u32 held,
			      const u64 cos_used[CAT_MAX_COS / 64], u32 ways,
			      u32 *mask, u16 *cos);

#endif
