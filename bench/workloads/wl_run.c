// SPDX-License-Identifier: GPL-2.0
/*
 * One configuration of the probe: checking it, preparing its input and
 * running its workload, the same way in the inmate and in Linux.
 */
#include <bulkhead/regulation.h>
#include <workloads/workload.h>

int wl_check(const struct bh_probe_params *p)
{
	if (p->workload >= BH_WL_COUNT || p->method >= BH_BITS_COUNT ||
	    p->input >= BH_INPUT_COUNT || p->wait >= BH_WAIT_COUNT)
		return -WL_EINVAL;
	if (p->size > BH_PROBE_MAX_SIZE)
		return -WL_EINVAL;
	/* every workload but NONE needs at least one byte to work on */
	if (!p->size && p->workload != BH_WL_NONE)
		return -WL_EINVAL;
	if (p->period_ns < BH_PROBE_MIN_PERIOD_NS ||
	    p->period_ns > BH_PROBE_MAX_PERIOD_NS)
		return -WL_EINVAL;
	/* a window holds at least one period */
	if (p->window_ns < p->period_ns)
		return -WL_EINVAL;
	if (p->regulate >= BH_PROBE_REG_COUNT ||
	    (p->regulate != BH_PROBE_REG_NONE && p->reg_mode != BH_REG_STOP &&
	     p->reg_mode != BH_REG_DUTY) ||
	    (p->regulate == BH_PROBE_REG_PERIODIC && !p->reg_arg) ||
	    p->reserved[0] || p->reserved[1])
		return -WL_EINVAL;
	return 0;
}

void wl_prepare_input(const struct bh_probe_params *p, uint8_t *buf)
{
	switch (p->input) {
	case BH_INPUT_LCG:
		wl_fill_lcg(buf, p->size, p->seed);
		break;
	case BH_INPUT_CONSTANT:
		wl_fill_constant(buf, p->size, (uint8_t)p->fill);
		break;
	default: /* BH_INPUT_HOST: the root sends it */
		break;
	}
}

static void put_le64(uint8_t *out, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		out[i] = (uint8_t)(v >> (8 * i));
}

unsigned int wl_run(const struct bh_probe_params *p, uint8_t *buf,
		    uint8_t out[BH_PROBE_RESULT_MAX])
{
	uint64_t v;

	switch (p->workload) {
	case BH_WL_SHA3_512:
		wl_sha3_512(buf, p->size, out);
		return WL_SHA3_512_DIGEST;
	case BH_WL_COUNT_BITS:
		/* wl_count_bits trusts its method; a bad one gets no result */
		if (p->method >= BH_BITS_COUNT)
			return 0;
		v = wl_count_bits(buf, p->size, p->method);
		break;
	case BH_WL_RANDOM_ACCESS:
		v = wl_random_access(buf, p->size);
		break;
	case BH_WL_MEMORY_STREAM:
		v = wl_memory_stream(buf, p->size);
		break;
	default: /* BH_WL_NONE, or one wl_check refuses */
		return 0;
	}
	put_le64(out, v);
	return 8;
}

unsigned int wl_prime_rounds(uint64_t size, uint64_t page)
{
	uint64_t pages, entries = WL_TLB_MIN_ENTRIES;
	unsigned int rounds = 2;

	if (!page)
		return 0;
	pages = (size + page - 1) / page;
	while (entries * WL_TLB_GROW_PERCENT / 100 < pages) {
		entries *= 2;
		rounds++;
	}
	return rounds;
}

void wl_prime_tlb(const struct bh_probe_params *p, const uint8_t *buf,
		  uint64_t page, void (*flush)(void *ctx), void *ctx)
{
	unsigned int round, rounds = wl_prime_rounds(p->size, page);
	uint64_t off;

	if (p->workload == BH_WL_NONE)
		return;
	for (round = 0; round < rounds; round++) {
		for (off = 0; off < p->size; off += page)
			(void)*(const volatile uint8_t *)(buf + off);
		flush(ctx);
	}
}
