// SPDX-License-Identifier: GPL-2.0
/*
 * Counting the set bits of a buffer three ways, which the study compares:
 * a byte at a time by shifting, by masking, or by looking up a table.
 */
#include <workloads/workload.h>

/*
 * The table is built by the preprocessor rather than at first use: it
 * costs nothing in the timed runs, it sits in read-only data, and the CLI
 * may count from several threads at once without a race on filling it.
 */
#define BITS8(v)                                                      \
	(((v)&1) + ((v) >> 1 & 1) + ((v) >> 2 & 1) + ((v) >> 3 & 1) + \
	 ((v) >> 4 & 1) + ((v) >> 5 & 1) + ((v) >> 6 & 1) + ((v) >> 7 & 1))
#define BITS8_4(v) BITS8(v), BITS8((v) + 1), BITS8((v) + 2), BITS8((v) + 3)
#define BITS8_16(v) \
	BITS8_4(v), BITS8_4((v) + 4), BITS8_4((v) + 8), BITS8_4((v) + 12)
#define BITS8_64(v) \
	BITS8_16(v), BITS8_16((v) + 16), BITS8_16((v) + 32), BITS8_16((v) + 48)

static const uint8_t bits_table[256] = {
	BITS8_64(0),
	BITS8_64(64),
	BITS8_64(128),
	BITS8_64(192),
};

static uint64_t count_table(const uint8_t *buf, uint64_t len)
{
	uint64_t n = 0, i;

	for (i = 0; i < len; i++)
		n += bits_table[buf[i]];
	return n;
}

/* Shift each byte right and test its low bit, eight times. */
static uint64_t count_shift(const uint8_t *buf, uint64_t len)
{
	uint64_t n = 0, i;
	unsigned int b, k;

	for (i = 0; i < len; i++) {
		b = buf[i];
		for (k = 0; k < 8; k++) {
			n += b & 1;
			b >>= 1;
		}
	}
	return n;
}

/* Test each byte against the eight single-bit masks. */
static uint64_t count_mask(const uint8_t *buf, uint64_t len)
{
	uint64_t n = 0, i;
	unsigned int mask;

	for (i = 0; i < len; i++)
		for (mask = 1; mask < 0x100; mask <<= 1)
			if (buf[i] & mask)
				n++;
	return n;
}

uint64_t wl_count_bits(const uint8_t *buf, uint64_t len, enum bh_probe_method m)
{
	switch (m) {
	case BH_BITS_SHIFT:
		return count_shift(buf, len);
	case BH_BITS_MASK:
		return count_mask(buf, len);
	default: /* BH_BITS_TABLE; the caller checked @m */
		return count_table(buf, len);
	}
}
