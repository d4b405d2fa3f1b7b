// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Histograms of nanosecond values (bench/stats/hist.h). Freestanding: the
 * rt-probe inmate links this file as it is, so integer arithmetic only and
 * nothing from a C library but the memset the compiler may call.
 */
#include <stats/hist.h>

void hist_init(struct bh_hist *h, uint32_t unit_ns, uint32_t buckets)
{
	__builtin_memset(h, 0, sizeof(*h));
	h->unit_ns = unit_ns ? unit_ns : HIST_DEFAULT_UNIT_NS;
	if (!buckets || buckets > BH_HIST_MAX_BUCKETS)
		buckets = BH_HIST_MAX_BUCKETS;
	h->buckets = buckets;
}

void hist_add(struct bh_hist *h, int64_t ns)
{
	uint64_t v = ns > 0 ? (uint64_t)ns : 0;
	uint64_t i;

	if (!h->n || v < h->min_ns)
		h->min_ns = v;
	if (v > h->max_ns)
		h->max_ns = v;
	h->n++;
	h->sum_ns += v;

	if (!h->unit_ns) {
		h->overflow++;
		return;
	}
	/*
	 * Latencies fit in 32 bits (4.29 s), and a 32-bit division is the
	 * cheaper one on most x86 cores; gcc does not pick it by itself.
	 */
	if (v <= UINT32_MAX)
		i = (uint32_t)v / h->unit_ns;
	else
		i = v / h->unit_ns;
	/* the second bound only guards against a corrupted `buckets` */
	if (i < h->buckets && i < BH_HIST_MAX_BUCKETS)
		h->count[i]++;
	else
		h->overflow++;
}

/* ceil(n * per_million / 1e6) without a 128-bit product: n = q*1e6 + r. */
static uint64_t rank_of(uint64_t n, uint32_t per_million)
{
	uint64_t q = n / HIST_PER_MILLION, r = n % HIST_PER_MILLION;
	/* q * per_million <= q * 1e6 <= n, and r * per_million < 1e12 */
	uint64_t r_part = r * per_million + HIST_PER_MILLION - 1;

	return q * per_million + r_part / HIST_PER_MILLION;
}

bool hist_percentile(const struct bh_hist *h, uint32_t per_million,
		     uint64_t *ns)
{
	uint32_t buckets = h->buckets, i;
	uint64_t rank, seen = 0, v;

	if (buckets > BH_HIST_MAX_BUCKETS)
		buckets = BH_HIST_MAX_BUCKETS;
	if (!h->n) {
		*ns = 0;
		return false;
	}
	if (per_million > HIST_PER_MILLION)
		per_million = HIST_PER_MILLION;
	rank = rank_of(h->n, per_million);
	if (rank < 1)
		rank = 1;

	for (i = 0; i < buckets; i++) {
		seen += h->count[i];
		if (seen < rank)
			continue;
		v = ((uint64_t)i + 1) * h->unit_ns;
		if (v > h->max_ns)
			v = h->max_ns;
		if (v < h->min_ns)
			v = h->min_ns;
		*ns = v;
		return true;
	}
	*ns = (uint64_t)buckets * h->unit_ns;
	return false;
}

uint64_t hist_mean_ns(const struct bh_hist *h)
{
	uint64_t q, r;

	if (!h->n)
		return 0;
	q = h->sum_ns / h->n;
	r = h->sum_ns % h->n;
	/* r / n >= 1/2, written so that nothing can wrap */
	if (r >= h->n - r)
		q++;
	return q;
}

bool hist_consistent(const struct bh_hist *h)
{
	uint32_t i, first = UINT32_MAX, last = 0;
	uint64_t in_buckets = 0, limit;

	if (!h->unit_ns || !h->buckets || h->buckets > BH_HIST_MAX_BUCKETS)
		return false;
	for (i = 0; i < BH_HIST_MAX_BUCKETS; i++) {
		if (!h->count[i])
			continue;
		if (i >= h->buckets)
			return false;
		if (first == UINT32_MAX)
			first = i;
		last = i;
		in_buckets += h->count[i];
	}
	if (h->overflow > h->n || in_buckets != h->n - h->overflow)
		return false;
	if (!h->n)
		return !h->min_ns && !h->max_ns && !h->sum_ns;

	if (h->min_ns > h->max_ns)
		return false;
	limit = (uint64_t)h->buckets * h->unit_ns;
	if ((h->overflow != 0) != (h->max_ns >= limit))
		return false;
	if (h->min_ns < limit) {
		if (first != h->min_ns / h->unit_ns)
			return false;
	} else if (in_buckets) {
		return false;
	}
	if (h->max_ns < limit && last != h->max_ns / h->unit_ns)
		return false;
	return true;
}

int hist_merge(struct bh_hist *dst, const struct bh_hist *src)
{
	uint32_t i;

	if (dst->unit_ns != src->unit_ns || dst->buckets != src->buckets ||
	    !dst->buckets || dst->buckets > BH_HIST_MAX_BUCKETS)
		return -HIST_EINVAL;
	if (!src->n)
		return 0;

	if (dst->n > UINT64_MAX - src->n ||
	    dst->overflow > UINT64_MAX - src->overflow ||
	    dst->sum_ns > UINT64_MAX - src->sum_ns)
		return -HIST_EOVERFLOW;
	for (i = 0; i < dst->buckets; i++)
		if (dst->count[i] > UINT32_MAX - src->count[i])
			return -HIST_EOVERFLOW;

	for (i = 0; i < dst->buckets; i++)
		dst->count[i] += src->count[i];
	if (!dst->n || src->min_ns < dst->min_ns)
		dst->min_ns = src->min_ns;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
	dst->n += src->n;
	dst->overflow += src->overflow;
	dst->sum_ns += src->sum_ns;
	return 0;
}
