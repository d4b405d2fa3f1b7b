// SPDX-License-Identifier: GPL-2.0
/*
 * The memory workloads: random access, bound by latency, and a
 * sequential stream, bound by bandwidth.
 */
#include <workloads/workload.h>

/* u32 at @p, little-endian; byte loads, so any alignment and any host */
static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint64_t wl_random_access(const uint8_t *buf, uint64_t len)
{
	uint64_t sum = 0, i;

	if (len < 4)
		return 0;
	/*
	 * The same sum either way; a 32-bit remainder is the cheaper
	 * instruction on hardware and the cheaper helper under emulation,
	 * and every probe buffer fits (bench load's may not).
	 */
	if (len <= UINT32_MAX) {
		uint32_t n = (uint32_t)len;

		for (i = 0; i + 4 <= len; i++)
			sum += buf[load_le32(buf + i) % n];
		return sum;
	}
	for (i = 0; i + 4 <= len; i++)
		sum += buf[load_le32(buf + i) % len];
	return sum;
}

/*
 * A word of the buffer, accessed through a volatile pointer. Passes 2 and
 * 3 cancel out, so without volatile the compiler could drop both, or fold
 * all three passes into one; volatile makes every pass touch every word.
 * It also keeps the code to one 8-byte load or store per word in both
 * builds, where the Linux one could otherwise be vectorised and the
 * inmate's (general registers only) could not. may_alias because the
 * buffer holds bytes; aligned(1) because nothing promises its alignment.
 */
typedef uint64_t __attribute__((may_alias, aligned(1))) wl_word;

uint64_t wl_memory_stream(uint8_t *buf, uint64_t len)
{
	volatile wl_word *w = (volatile wl_word *)buf;
	uint64_t words = len / 8, sum = 0, i;

	/* native loads: little-endian words on x86, the only target */
	for (i = 0; i < words; i++)
		sum += w[i];
	for (i = 0; i < words; i++)
		w[i] = ~w[i];
	for (i = 0; i < words; i++)
		w[i] = ~w[i];
	return sum;
}
