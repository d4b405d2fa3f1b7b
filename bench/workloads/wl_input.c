// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads' inputs: the study's LCG and a constant fill. The probe
 * fills its buffer once per configuration, outside the timed runs.
 */
#include <workloads/workload.h>

#define LCG_MUL 1103515245u
#define LCG_ADD 12345u
#define LCG_MASK 0x7fffffffu /* mod 2^31 */

void wl_fill_lcg(uint8_t *buf, uint64_t len, uint32_t seed)
{
	uint32_t x = seed;
	uint64_t i;

	/*
	 * The modulus is a power of two, so bit k of x repeats with a period
	 * of 2^(k+1): the low byte would cycle every 256 bytes, which would
	 * make the input compress, hash and count bits unlike random data.
	 * Bits 16..23 have periods of 2^17 to 2^24, so they are taken
	 * instead (the low byte of what C's sample rand() returns). The
	 * bytes still repeat every 2^24 (16 MiB), as bits 0..23 of x never
	 * depend on the higher ones: inputs larger than that are periodic.
	 * uint32_t arithmetic wraps mod 2^32; the mask then reduces mod 2^31.
	 */
	for (i = 0; i < len; i++) {
		x = (LCG_MUL * x + LCG_ADD) & LCG_MASK;
		buf[i] = (uint8_t)(x >> 16);
	}
}

void wl_fill_constant(uint8_t *buf, uint64_t len, uint8_t c)
{
	uint64_t i;

	for (i = 0; i < len; i++)
		buf[i] = c;
}
