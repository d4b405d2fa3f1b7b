// SPDX-License-Identifier: GPL-2.0
/*
 * Which L3 ways and class of service a cell gets, and what remains for
 * the root (asm/cat.h): pure functions, so the host unit test feeds them
 * the CPUID of any CPU.
 */
#include "include/asm/cat_plan.h"

#define CPUID_10_EBX_L3 BIT(1)
#define CPUID_10_1_ECX_CDP BIT(2)

void cat_caps_decode(struct cat_caps *caps, u32 leaf7_ebx, u32 leaf10_ebx,
		     const u32 leaf10_1[4])
{
	*caps = (struct cat_caps){ 0 };
	if (!(leaf7_ebx & CPUID_7_EBX_PQE) || !(leaf10_ebx & CPUID_10_EBX_L3))
		return;
	caps->cbm_len = (leaf10_1[0] & 0x1f) + 1;
	caps->cos_max = leaf10_1[3] & 0xffff;
	/* a COS beyond the architectural mask range has no MSR to use */
	if (caps->cos_max >= CAT_MAX_COS)
		caps->cos_max = CAT_MAX_COS - 1;
	caps->cdp = leaf10_1[2] & CPUID_10_1_ECX_CDP;
	caps->shared = leaf10_1[1] & cat_full_mask(caps);
	/* one way, or no COS besides the root's, allocates nothing */
	caps->present = caps->cbm_len > 1 && caps->cos_max > 0;
}

u32 cat_full_mask(const struct cat_caps *caps)
{
	return caps->cbm_len >= 32 ? 0xffffffffu :
				     (u32)((1ull << caps->cbm_len) - 1);
}

u32 cat_root_mask(const struct cat_caps *caps, u32 held)
{
	unsigned int top = 0;

	while (top < 32 && (held >> top))
		top++;
	/* the ways above the highest held one: contiguous, never empty */
	return cat_full_mask(caps) & ~(u32)((1ull << top) - 1);
}

static bool cos_taken(const u64 cos_used[CAT_MAX_COS / 64], unsigned int n)
{
	return cos_used[n / 64] & (1ull << (n % 64));
}

enum cat_pick_result cat_pick(const struct cat_caps *caps, u32 held,
			      const u64 cos_used[CAT_MAX_COS / 64], u32 ways,
			      u32 *mask, u16 *cos)
{
	u32 run, full = cat_full_mask(caps);
	unsigned int lo, n;

	if (!caps->present || !ways || ways >= caps->cbm_len)
		return CAT_NO_WAYS;
	run = (u32)((1ull << ways) - 1);
	for (lo = 0; lo + ways < caps->cbm_len; lo++) {
		u32 m = run << lo;

		/* free, and the root keeps a way above all held ones */
		if (!(held & m) && cat_root_mask(caps, held | m) & full)
			break;
	}
	if (lo + ways >= caps->cbm_len)
		return CAT_NO_WAYS;
	for (n = caps->cos_max; n > 0 && cos_taken(cos_used, n); n--)
		;
	if (!n)
		return CAT_NO_COS;
	*mask = run << lo;
	*cos = (u16)n;
	return CAT_PICKED;
}
