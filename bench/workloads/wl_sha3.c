// SPDX-License-Identifier: GPL-2.0
/*
 * SHA3-512 (FIPS 202): Keccak-f[1600], 24 rounds, a 72-byte rate, and the
 * SHA-3 domain bits 01 followed by pad10*1, which for a message of whole
 * bytes is 0x06 after it and 0x80 in the block's last byte (0x86 if they
 * fall on the same byte). Lanes are little-endian, as FIPS 202 maps bytes
 * to bits.
 *
 * Plain 64-bit integer code with no tables beyond the round constants and
 * rotation offsets: the inmate has no vector registers, and the workload
 * should cost the same kind of instructions on both sides of the bench.
 */
#include <workloads/workload.h>

#define KECCAK_ROUNDS 24
#define RATE_LANES (WL_SHA3_512_RATE / 8)

/* iota's round constants RC[ir] (FIPS 202 3.2.5, algorithm 6) */
static const uint64_t keccak_rc[KECCAK_ROUNDS] = {
	0x0000000000000001ull, 0x0000000000008082ull, 0x800000000000808aull,
	0x8000000080008000ull, 0x000000000000808bull, 0x0000000080000001ull,
	0x8000000080008081ull, 0x8000000000008009ull, 0x000000000000008aull,
	0x0000000000000088ull, 0x0000000080008009ull, 0x000000008000000aull,
	0x000000008000808bull, 0x800000000000008bull, 0x8000000000008089ull,
	0x8000000000008003ull, 0x8000000000008002ull, 0x8000000000000080ull,
	0x000000000000800aull, 0x800000008000000aull, 0x8000000080008081ull,
	0x8000000000008080ull, 0x0000000080000001ull, 0x8000000080008008ull,
};

/* rho's rotation of lane x + 5 * y (FIPS 202 table 2) */
static const uint8_t keccak_rho[25] = {
	0,  1,	62, 28, 27, /* y = 0 */
	36, 44, 6,  55, 20, /* y = 1 */
	3,  10, 43, 25, 39, /* y = 2 */
	41, 45, 15, 21, 8, /* y = 3 */
	18, 2,	61, 56, 14, /* y = 4 */
};

static inline uint64_t rol64(uint64_t v, unsigned int n)
{
	/* the masks keep n = 0 from shifting by 64, which C leaves undefined */
	return (v << (n & 63)) | (v >> ((64 - n) & 63));
}

/*
 * The step mappings' loops have constant bounds; unrolled, their indices
 * become constants and the compiler can keep lanes in registers instead
 * of arrays indexed at run time: about three times as fast as with the
 * loops kept (110 against 30 MB/s of SHA3-512 on the development host).
 */

/* theta: each column's parity into the lanes of its two neighbours */
static inline void keccak_theta(uint64_t a[25])
{
	uint64_t c[5], d;
	unsigned int x, y;

#pragma GCC unroll 5
	for (x = 0; x < 5; x++)
		c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20];
#pragma GCC unroll 5
	for (x = 0; x < 5; x++) {
		d = c[(x + 4) % 5] ^ rol64(c[(x + 1) % 5], 1);
#pragma GCC unroll 5
		for (y = 0; y < 25; y += 5)
			a[x + y] ^= d;
	}
}

/* rho rotates each lane; pi moves lane (x, y) to (y, 2x + 3y) */
static inline void keccak_rho_pi(const uint64_t a[25], uint64_t b[25])
{
	unsigned int x, y;

#pragma GCC unroll 5
	for (y = 0; y < 5; y++) {
#pragma GCC unroll 5
		for (x = 0; x < 5; x++)
			b[y + 5 * ((2 * x + 3 * y) % 5)] =
				rol64(a[x + 5 * y], keccak_rho[x + 5 * y]);
	}
}

/* chi, the only non-linear step, along each row */
static inline void keccak_chi(uint64_t a[25], const uint64_t b[25])
{
	unsigned int x, y;

#pragma GCC unroll 5
	for (y = 0; y < 25; y += 5) {
#pragma GCC unroll 5
		for (x = 0; x < 5; x++)
			a[y + x] = b[y + x] ^
				   (~b[y + (x + 1) % 5] & b[y + (x + 2) % 5]);
	}
}

static void keccak_f1600(uint64_t a[25])
{
	uint64_t b[25];
	unsigned int r;

	for (r = 0; r < KECCAK_ROUNDS; r++) {
		keccak_theta(a);
		keccak_rho_pi(a, b);
		keccak_chi(a, b);
		/* iota breaks the symmetry between rounds */
		a[0] ^= keccak_rc[r];
	}
}

/* Byte loads: no alignment needed, the same result on any host. */
static inline uint64_t load_le64(const uint8_t *p)
{
	return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
	       (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
	       (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 |
	       (uint64_t)p[7] << 56;
}

/* Byte @i of the state, little-endian within its lane. */
static inline void xor_byte(struct wl_sha3 *s, unsigned int i, uint8_t v)
{
	s->a[i / 8] ^= (uint64_t)v << (8 * (i % 8));
}

void wl_sha3_512_init(struct wl_sha3 *s)
{
	unsigned int i;

	for (i = 0; i < 25; i++)
		s->a[i] = 0;
	s->pos = 0;
}

void wl_sha3_512_update(struct wl_sha3 *s, const uint8_t *in, uint64_t len)
{
	unsigned int i;

	/* complete a block begun by an earlier call */
	while (len && s->pos) {
		xor_byte(s, s->pos++, *in++);
		len--;
		if (s->pos == WL_SHA3_512_RATE) {
			keccak_f1600(s->a);
			s->pos = 0;
		}
	}
	/* whole blocks a lane at a time: the bulk of any large input */
	for (; len >= WL_SHA3_512_RATE;
	     len -= WL_SHA3_512_RATE, in += WL_SHA3_512_RATE) {
		for (i = 0; i < RATE_LANES; i++)
			s->a[i] ^= load_le64(in + 8 * i);
		keccak_f1600(s->a);
	}
	/* the rest waits for more input or for final */
	while (len--)
		xor_byte(s, s->pos++, *in++);
}

void wl_sha3_512_final(struct wl_sha3 *s, uint8_t out[WL_SHA3_512_DIGEST])
{
	unsigned int i;

	/* pos < rate here, so there is always room for the padding */
	xor_byte(s, s->pos, 0x06);
	xor_byte(s, WL_SHA3_512_RATE - 1, 0x80);
	keccak_f1600(s->a);
	/* the digest fits in the rate: one squeeze, no further permutation */
	for (i = 0; i < WL_SHA3_512_DIGEST; i++)
		out[i] = (uint8_t)(s->a[i / 8] >> (8 * (i % 8)));
}

void wl_sha3_512(const uint8_t *in, uint64_t len,
		 uint8_t out[WL_SHA3_512_DIGEST])
{
	struct wl_sha3 s;

	wl_sha3_512_init(&s);
	wl_sha3_512_update(&s, in, len);
	wl_sha3_512_final(&s, out);
}
