// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the bench's workload kernels (bench/workloads):
 * SHA3-512 against FIPS 202 example values and across block boundaries,
 * the LCG input, the three bit-counting methods, the memory workloads,
 * and the configuration check, dispatcher and names the probe uses.
 */
// uses: bench/workloads/wl_input.c bench/workloads/wl_sha3.c bench/workloads/wl_bits.c bench/workloads/wl_memory.c bench/workloads/wl_run.c bench/workloads/wl_names.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <bulkhead/regulation.h>
#include <workloads/workload.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* @hex, two digits a byte, into @out. */
static void unhex(const char *hex, uint8_t *out, size_t len)
{
	size_t i;

	assert_int_equal(strlen(hex), 2 * len);
	for (i = 0; i < len; i++) {
		char byte[3] = { hex[2 * i], hex[2 * i + 1], 0 };

		out[i] = (uint8_t)strtoul(byte, NULL, 16);
	}
}

static void expect_digest(const uint8_t *msg, size_t len, const char *hex)
{
	uint8_t want[WL_SHA3_512_DIGEST], got[WL_SHA3_512_DIGEST];

	unhex(hex, want, sizeof(want));
	wl_sha3_512(msg, len, got);
	assert_memory_equal(got, want, sizeof(want));
}

/* A test-local generator, so that inputs do not depend on the code tested. */
static uint64_t xorshift_state = 0x9e3779b97f4a7c15ull;

static void fill_random(uint8_t *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		xorshift_state ^= xorshift_state << 13;
		xorshift_state ^= xorshift_state >> 7;
		xorshift_state ^= xorshift_state << 17;
		buf[i] = (uint8_t)(xorshift_state >> 32);
	}
}

static void *alloc_random(size_t len)
{
	uint8_t *buf = malloc(len ? len : 1);

	assert_non_null(buf);
	fill_random(buf, len);
	return buf;
}

/* FIPS 202 example values (NIST CSRC "Examples with intermediate values"). */
static void test_sha3_nist_vectors(void **state)
{
	static const char m448[] =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const char m896[] =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	uint8_t a3[200];

	(void)state;
	expect_digest(NULL, 0,
		      "a69f73cca23a9ac5c8b567dc185a756e97c982164fe25859e0d1dcc1"
		      "475c80a615b2123af1f5f94c11e3e9402c3ac558f500199d95b6d3e3"
		      "01758586281dcd26");
	expect_digest((const uint8_t *)"abc", 3,
		      "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d02"
		      "40d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a5"
		      "6592f8274eec53f0");
	assert_int_equal(strlen(m448), 56);
	expect_digest((const uint8_t *)m448, 56,
		      "04a371e84ecfb5b8b77cb48610fca8182dd457ce6f326a0fd3d7ec2f"
		      "1e91636dee691fbe0c985302ba1b0d8dc78c086346b533b49c030d99"
		      "a27daf1139d6e75e");
	assert_int_equal(strlen(m896), 112);
	expect_digest((const uint8_t *)m896, 112,
		      "afebb2ef542e6579c50cad06d2e578f9f8dd6881d7dc824d26360fee"
		      "bf18a4fa73e3261122948efcfd492e74e82e2189ed0fb440d187f382"
		      "270cb455f21dd185");
	memset(a3, 0xa3, sizeof(a3));
	expect_digest(a3, sizeof(a3),
		      "e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc4"
		      "8caeeca81b7c13c30adf52a3659584739a2df46be589c51ca1a4a841"
		      "6df6545a1ce8ba00");
}

/*
 * Lengths where the padding changes shape: 71 and 143 bytes put 0x06 and
 * 0x80 in the same byte, 72 and 144 need a block of padding alone. The
 * message is bytes 0, 1, 2, ...; the digests were computed with another
 * implementation (OpenSSL's, through Python's hashlib).
 */
static void test_sha3_padding_lengths(void **state)
{
	static const struct {
		size_t len;
		const char *hex;
	} cases[] = {
		{ 71, "3ccc850d53a1287af7b4560b2ef0d43eb5d9a80d62a0e9cf1dbc0401"
		      "35921104d4395168e90bfc871773ebb34bca1bd67056e1cc7dc7a48f"
		      "f7c3167d389f117c" },
		{ 72, "5d63f2bbe971a983ac6847480106e4e1264ee3a0befd79954914e1d8"
		      "6e795b2e18238f12fc5e46cb9cc78efdec610a93647cc04e1c23d8ca"
		      "aa6a58c21dd26c07" },
		{ 143,
		  "eb9748309c6b70ffe82820052ad26ea99f43968d2af359adc804b2a7"
		  "6741a62ea8d710f018ea113c2259d0bd6687e3838602ae6c1dff727a"
		  "e985f059141c7217" },
		{ 144,
		  "e1951b8bcb58ca75a34af80a7a2b765cad4257fe383a79b55bf21f18"
		  "0b75f6e5b08f09598851eeea7d13486387618d6c6bf88cf23c0088a3"
		  "f783f59a06d60493" },
	};
	uint8_t msg[144];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(msg); i++)
		msg[i] = (uint8_t)i;
	for (i = 0; i < ARRAY_LEN(cases); i++)
		expect_digest(msg, cases[i].len, cases[i].hex);
}

/* Hashes @msg in pieces of the sizes in @pieces, cycling through them. */
static void hash_in_pieces(const uint8_t *msg, size_t len, const size_t *pieces,
			   size_t npieces, uint8_t out[WL_SHA3_512_DIGEST])
{
	struct wl_sha3 s;
	size_t off = 0, k = 0;

	wl_sha3_512_init(&s);
	while (off < len) {
		size_t n = pieces[k++ % npieces];

		if (n > len - off)
			n = len - off;
		wl_sha3_512_update(&s, msg + off, n);
		/* empty updates in between must change nothing */
		wl_sha3_512_update(&s, msg + off + n, 0);
		off += n;
	}
	wl_sha3_512_final(&s, out);
}

static void test_sha3_incremental(void **state)
{
	static const size_t lens[] = { 0,   1,	 71,  72,  73,
				       143, 144, 145, 500, 1000 };
	static const size_t sizes[] = { 1, 7, 71, 72, 73, 143, 144 };
	/* a ragged split that crosses block boundaries at varying offsets */
	static const size_t ragged[] = { 1, 71, 72, 73, 143, 144, 3 };
	uint8_t *msg = alloc_random(1000);
	uint8_t one[WL_SHA3_512_DIGEST], inc[WL_SHA3_512_DIGEST];
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_LEN(lens); i++) {
		wl_sha3_512(msg, lens[i], one);
		for (j = 0; j < ARRAY_LEN(sizes); j++) {
			hash_in_pieces(msg, lens[i], &sizes[j], 1, inc);
			assert_memory_equal(inc, one, sizeof(one));
		}
		hash_in_pieces(msg, lens[i], ragged, ARRAY_LEN(ragged), inc);
		assert_memory_equal(inc, one, sizeof(one));
	}
	free(msg);
}

/* The LCG step as the study states it, written apart from wl_input.c. */
static uint64_t lcg_next(uint64_t x)
{
	return (1103515245ull * x + 12345ull) % 2147483648ull;
}

static void test_lcg_seed1(void **state)
{
	/*
	 * C's sample rand() (the C standard's example) uses the same
	 * recurrence and returns (x / 65536) % 32768; from seed 1 it gives
	 * these, and the LCG's bytes are their low bytes.
	 */
	static const unsigned int crand[] = {
		16838, 5758, 10113, 17515, 31051, 5627, 23010, 7419, 16212, 4086
	};
	uint8_t buf[1000];
	uint64_t x = 1;
	size_t i;

	(void)state;
	wl_fill_lcg(buf, sizeof(buf), 1);
	for (i = 0; i < ARRAY_LEN(crand); i++)
		assert_int_equal(buf[i], crand[i] % 256);
	for (i = 0; i < sizeof(buf); i++) {
		x = lcg_next(x);
		assert_int_equal(buf[i], (x / 65536) % 256);
	}
}

static void test_lcg_determinism_and_seeds(void **state)
{
	enum { LEN = 4096 };
	uint8_t a[LEN], b[LEN], c[LEN];
	uint8_t prefix[100];

	(void)state;
	wl_fill_lcg(a, LEN, 12345);
	wl_fill_lcg(b, LEN, 12345);
	assert_memory_equal(a, b, LEN);
	wl_fill_lcg(c, LEN, 12346);
	assert_memory_not_equal(a, c, LEN);
	wl_fill_lcg(c, LEN, 0);
	assert_memory_not_equal(a, c, LEN);
	/* a shorter fill is a prefix of a longer one */
	wl_fill_lcg(prefix, sizeof(prefix), 12345);
	assert_memory_equal(prefix, a, sizeof(prefix));
	/* only x mod 2^31 matters, as documented */
	wl_fill_lcg(c, LEN, 12345u | 0x80000000u);
	assert_memory_equal(a, c, LEN);
	/* len 0 writes nothing */
	memset(c, 0x5a, LEN);
	wl_fill_lcg(c, 0, 1);
	assert_int_equal(c[0], 0x5a);
}

static void test_fill_constant(void **state)
{
	uint8_t buf[300];
	size_t i;

	(void)state;
	memset(buf, 0, sizeof(buf));
	wl_fill_constant(buf, 299, 0xc3);
	for (i = 0; i < 299; i++)
		assert_int_equal(buf[i], 0xc3);
	assert_int_equal(buf[299], 0);
}

static uint64_t popcount_ref(const uint8_t *buf, size_t len)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		n += (uint64_t)__builtin_popcount(buf[i]);
	return n;
}

static void expect_all_methods(const uint8_t *buf, size_t len, uint64_t want)
{
	assert_int_equal(wl_count_bits(buf, len, BH_BITS_TABLE), want);
	assert_int_equal(wl_count_bits(buf, len, BH_BITS_SHIFT), want);
	assert_int_equal(wl_count_bits(buf, len, BH_BITS_MASK), want);
}

static void test_count_bits(void **state)
{
	static const size_t lens[] = { 0, 1, 7, 8, 9, 63, 4096, 100003 };
	uint8_t zeros[16], ones[16], every[256];
	size_t i;

	(void)state;
	memset(zeros, 0, sizeof(zeros));
	memset(ones, 0xff, sizeof(ones));
	expect_all_methods(zeros, sizeof(zeros), 0);
	expect_all_methods(ones, 10, 80);
	expect_all_methods(ones, 1, 8);
	expect_all_methods(ones, 7, 56);
	expect_all_methods(ones, 0, 0);
	/* every byte value once, so every table entry once: 256 * 8 / 2 */
	for (i = 0; i < 256; i++) {
		every[i] = (uint8_t)i;
		expect_all_methods(&every[i], 1, __builtin_popcount(i));
	}
	expect_all_methods(every, 256, 1024);
	for (i = 0; i < ARRAY_LEN(lens); i++) {
		uint8_t *buf = alloc_random(lens[i]);

		expect_all_methods(buf, lens[i], popcount_ref(buf, lens[i]));
		free(buf);
	}
}

static void test_random_access_by_hand(void **state)
{
	/*
	 * len 8 divides 256, so v % 8 is the first byte's % 8: i = 0..4
	 * read indices 9%8=1, 3, 14%8=6, 7, 250%8=2, that is bytes
	 * 3 + 7 + 2 + 5 + 14 = 31.
	 */
	static const uint8_t b8[8] = { 9, 3, 14, 7, 250, 1, 2, 5 };
	/*
	 * len 5: 256 = 1 mod 5, so v % 5 is the sum of v's bytes % 5.
	 * i = 0: 5+3+9+0 = 17 -> index 2, byte 9; i = 1: 3+9+0+2 = 14 ->
	 * index 4, byte 2. Sum 11.
	 */
	static const uint8_t b5[5] = { 5, 3, 9, 0, 2 };
	/* len 4: one read, index v % 4 = 6 % 4 = 2 */
	static const uint8_t b4[4] = { 6, 0xaa, 0xbb, 0xcc };
	static const uint8_t junk[3] = { 0xff, 0xff, 0xff };

	(void)state;
	assert_int_equal(wl_random_access(b8, 8), 31);
	assert_int_equal(wl_random_access(b5, 5), 11);
	assert_int_equal(wl_random_access(b4, 4), 0xbb);
	assert_int_equal(wl_random_access(junk, 3), 0);
	assert_int_equal(wl_random_access(junk, 2), 0);
	assert_int_equal(wl_random_access(junk, 1), 0);
	assert_int_equal(wl_random_access(NULL, 0), 0);
}

static void test_random_access_reference(void **state)
{
	/* odd lengths, so that v % len uses all of v */
	static const size_t lens[] = { 4, 5, 1001, 65537 };
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_LEN(lens); i++) {
		uint8_t *buf = alloc_random(lens[i]);
		uint64_t want = 0;

		for (j = 0; j + 3 < lens[i]; j++) {
			uint32_t v;

			memcpy(&v, buf + j, 4); /* the host is little-endian */
			want += buf[v % lens[i]];
		}
		assert_int_equal(wl_random_access(buf, lens[i]), want);
		free(buf);
	}
}

static void test_memory_stream(void **state)
{
	/* not a multiple of 8: the last 3 bytes are outside every word */
	enum { LEN = 4099 };
	uint8_t *store = alloc_random(LEN + 1);
	uint8_t *copy = malloc(LEN + 1);
	uint8_t *buf;
	uint64_t want = 0, w;
	size_t i, k;

	(void)state;
	assert_non_null(copy);
	/* both an aligned and a misaligned start */
	for (buf = store; buf <= store + 1; buf++) {
		memcpy(copy, buf, LEN);
		want = 0;
		for (i = 0; i + 8 <= LEN; i += 8) {
			for (w = 0, k = 0; k < 8; k++)
				w |= (uint64_t)buf[i + k] << (8 * k);
			want += w;
		}
		assert_int_equal(wl_memory_stream(buf, LEN), want);
		assert_memory_equal(buf, copy, LEN);
		assert_int_equal(wl_memory_stream(buf, LEN), want);
		assert_memory_equal(buf, copy, LEN);
	}
	/* the sum wraps: 2 words of all ones are 2^65 - 2 */
	memset(store, 0xff, 16);
	assert_int_equal(wl_memory_stream(store, 16), UINT64_MAX - 1);
	/* shorter than a word: nothing to sum */
	assert_int_equal(wl_memory_stream(store, 7), 0);
	assert_int_equal(wl_memory_stream(store, 0), 0);
	free(copy);
	free(store);
}

static struct bh_probe_params valid_params(void)
{
	struct bh_probe_params p = {
		.workload = BH_WL_SHA3_512,
		.method = BH_BITS_TABLE,
		.input = BH_INPUT_LCG,
		.wait = BH_WAIT_HLT,
		.size = 4096,
		.period_ns = 1000000,
		.window_ns = 1000000000,
		.seed = 1,
	};

	return p;
}

#define EXPECT_CHECK(want, field, value)                    \
	do {                                                \
		struct bh_probe_params p_ = valid_params(); \
		p_.field = (value);                         \
		assert_int_equal(wl_check(&p_), want);      \
	} while (0)

static void test_check(void **state)
{
	struct bh_probe_params p = valid_params();
	unsigned int w;

	(void)state;
	assert_int_equal(wl_check(&p), 0);
	/* the boundaries themselves are accepted */
	EXPECT_CHECK(0, size, BH_PROBE_MAX_SIZE);
	EXPECT_CHECK(0, size, 1);
	EXPECT_CHECK(0, period_ns, BH_PROBE_MIN_PERIOD_NS);
	EXPECT_CHECK(0, window_ns, p.period_ns);
	p.period_ns = BH_PROBE_MAX_PERIOD_NS;
	p.window_ns = BH_PROBE_MAX_PERIOD_NS;
	assert_int_equal(wl_check(&p), 0);
	for (w = 0; w < BH_WL_COUNT; w++)
		EXPECT_CHECK(0, workload, w);
	EXPECT_CHECK(0, method, BH_BITS_MASK);
	EXPECT_CHECK(0, input, BH_INPUT_HOST);
	EXPECT_CHECK(0, wait, BH_WAIT_POLL);
	/* size 0 is for NONE only */
	p = valid_params();
	p.workload = BH_WL_NONE;
	p.size = 0;
	assert_int_equal(wl_check(&p), 0);

	EXPECT_CHECK(-WL_EINVAL, workload, BH_WL_COUNT);
	EXPECT_CHECK(-WL_EINVAL, workload, UINT32_MAX);
	EXPECT_CHECK(-WL_EINVAL, method, BH_BITS_COUNT);
	EXPECT_CHECK(-WL_EINVAL, method, UINT32_MAX);
	EXPECT_CHECK(-WL_EINVAL, input, BH_INPUT_COUNT);
	EXPECT_CHECK(-WL_EINVAL, wait, BH_WAIT_COUNT);
	EXPECT_CHECK(-WL_EINVAL, size, BH_PROBE_MAX_SIZE + 1);
	EXPECT_CHECK(-WL_EINVAL, size, UINT64_MAX);
	EXPECT_CHECK(-WL_EINVAL, size, 0);
	EXPECT_CHECK(-WL_EINVAL, period_ns, BH_PROBE_MIN_PERIOD_NS - 1);
	EXPECT_CHECK(-WL_EINVAL, period_ns, 0);
	EXPECT_CHECK(-WL_EINVAL, window_ns, p.period_ns - 1);
	EXPECT_CHECK(-WL_EINVAL, window_ns, 0);
	/* over the maximum, even with a window long enough for it */
	p = valid_params();
	p.period_ns = BH_PROBE_MAX_PERIOD_NS + 1;
	p.window_ns = UINT64_MAX;
	assert_int_equal(wl_check(&p), -WL_EINVAL);
	for (w = 1; w < BH_WL_COUNT; w++) {
		p = valid_params();
		p.workload = w;
		p.size = 0;
		assert_int_equal(wl_check(&p), -WL_EINVAL);
	}

	/* regulation: a known policy with a mode; periodic needs a count */
	for (w = BH_PROBE_REG_RUN; w < BH_PROBE_REG_COUNT; w++) {
		p = valid_params();
		p.regulate = w;
		p.reg_mode = BH_REG_DUTY;
		p.reg_arg = 3;
		assert_int_equal(wl_check(&p), 0);
		p.reg_mode = BH_REG_NONE;
		assert_int_equal(wl_check(&p), -WL_EINVAL);
		p.reg_mode = BH_REG_NUM_MODES;
		assert_int_equal(wl_check(&p), -WL_EINVAL);
	}
	EXPECT_CHECK(-WL_EINVAL, regulate, BH_PROBE_REG_COUNT);
	p = valid_params();
	p.regulate = BH_PROBE_REG_PERIODIC;
	p.reg_mode = BH_REG_STOP;
	p.reg_arg = 0;
	assert_int_equal(wl_check(&p), -WL_EINVAL);
	/* a deadline of 0 us regulates every run from its start */
	p.regulate = BH_PROBE_REG_DEADLINE;
	assert_int_equal(wl_check(&p), 0);
	/* without regulation, mode and argument are not looked at */
	EXPECT_CHECK(0, reg_mode, 77);
	p = valid_params();
	p.reserved[1] = 1;
	assert_int_equal(wl_check(&p), -WL_EINVAL);
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static void test_run(void **state)
{
	enum { LEN = 10007 };
	struct bh_probe_params p = valid_params();
	uint8_t *buf = malloc(LEN);
	uint8_t out[BH_PROBE_RESULT_MAX], digest[WL_SHA3_512_DIGEST];
	unsigned int m;

	(void)state;
	assert_non_null(buf);
	p.size = LEN;
	p.seed = 77;
	wl_prepare_input(&p, buf);

	p.workload = BH_WL_NONE;
	memset(out, 0x5a, sizeof(out));
	assert_int_equal(wl_run(&p, buf, out), 0);
	assert_int_equal(out[0], 0x5a);

	p.workload = BH_WL_SHA3_512;
	assert_int_equal(wl_run(&p, buf, out), 64);
	wl_sha3_512(buf, LEN, digest);
	assert_memory_equal(out, digest, sizeof(digest));

	p.workload = BH_WL_COUNT_BITS;
	for (m = 0; m < BH_BITS_COUNT; m++) {
		p.method = m;
		memset(out, 0, sizeof(out));
		assert_int_equal(wl_run(&p, buf, out), 8);
		assert_int_equal(get_le64(out), popcount_ref(buf, LEN));
	}
	p.method = BH_BITS_COUNT;
	assert_int_equal(wl_run(&p, buf, out), 0);
	p.method = BH_BITS_TABLE;

	p.workload = BH_WL_RANDOM_ACCESS;
	assert_int_equal(wl_run(&p, buf, out), 8);
	assert_int_equal(get_le64(out), wl_random_access(buf, LEN));

	p.workload = BH_WL_MEMORY_STREAM;
	assert_int_equal(wl_run(&p, buf, out), 8);
	assert_int_equal(get_le64(out), wl_memory_stream(buf, LEN));

	p.workload = BH_WL_COUNT;
	assert_int_equal(wl_run(&p, buf, out), 0);
	free(buf);
}

static void test_prepare_input(void **state)
{
	struct bh_probe_params p = valid_params();
	uint8_t buf[257], want[257];

	(void)state;
	p.size = 256; /* the last byte is outside and must stay */

	p.input = BH_INPUT_LCG;
	p.seed = 4242;
	memset(buf, 0x11, sizeof(buf));
	wl_fill_lcg(want, 256, 4242);
	want[256] = 0x11;
	wl_prepare_input(&p, buf);
	assert_memory_equal(buf, want, sizeof(buf));

	/* the low byte of fill only */
	p.input = BH_INPUT_CONSTANT;
	p.fill = 0x12ab;
	memset(want, 0xab, 256);
	wl_prepare_input(&p, buf);
	assert_memory_equal(buf, want, sizeof(buf));

	/* the root's data stays as it is */
	p.input = BH_INPUT_HOST;
	memset(buf, 0x77, 100);
	memcpy(want, buf, sizeof(want));
	wl_prepare_input(&p, buf);
	assert_memory_equal(buf, want, sizeof(buf));
}

/* Every value's name parses back to it, and the names are distinct. */
#define EXPECT_ROUND_TRIP(count, name_fn, parse_fn)                   \
	do {                                                          \
		unsigned int v_, u_;                                  \
		for (v_ = 0; v_ < (count); v_++) {                    \
			assert_non_null(name_fn(v_));                 \
			assert_int_equal(parse_fn(name_fn(v_)), v_);  \
			for (u_ = 0; u_ < v_; u_++)                   \
				assert_string_not_equal(name_fn(u_),  \
							name_fn(v_)); \
		}                                                     \
		assert_null(name_fn(count));                          \
		assert_null(name_fn(UINT32_MAX));                     \
		assert_int_equal(parse_fn(NULL), -1);                 \
		assert_int_equal(parse_fn(""), -1);                   \
	} while (0)

static void test_names(void **state)
{
	(void)state;
	EXPECT_ROUND_TRIP(BH_WL_COUNT, wl_name, wl_parse);
	EXPECT_ROUND_TRIP(BH_BITS_COUNT, wl_method_name, wl_method_parse);
	EXPECT_ROUND_TRIP(BH_INPUT_COUNT, wl_input_name, wl_input_parse);
	EXPECT_ROUND_TRIP(BH_WAIT_COUNT, wl_wait_name, wl_wait_parse);
	EXPECT_ROUND_TRIP(BH_PROBE_REG_COUNT, wl_regulate_name,
			  wl_regulate_parse);
	assert_string_equal(wl_regulate_name(BH_PROBE_REG_DEADLINE),
			    "deadline");

	assert_string_equal(wl_name(BH_WL_NONE), "none");
	assert_string_equal(wl_name(BH_WL_SHA3_512), "sha3-512");
	assert_string_equal(wl_name(BH_WL_COUNT_BITS), "count-set-bits");
	assert_string_equal(wl_name(BH_WL_RANDOM_ACCESS), "random-access");
	assert_string_equal(wl_name(BH_WL_MEMORY_STREAM), "memory-stream");
	assert_string_equal(wl_method_name(BH_BITS_TABLE), "table");
	assert_string_equal(wl_method_name(BH_BITS_SHIFT), "shift");
	assert_string_equal(wl_method_name(BH_BITS_MASK), "mask");
	assert_string_equal(wl_input_name(BH_INPUT_LCG), "lcg");
	assert_string_equal(wl_input_name(BH_INPUT_CONSTANT), "constant");
	assert_string_equal(wl_input_name(BH_INPUT_HOST), "host");
	assert_string_equal(wl_wait_name(BH_WAIT_HLT), "hlt");
	assert_string_equal(wl_wait_name(BH_WAIT_POLL), "poll");

	/* exact matches only: no prefixes, extensions or other case */
	assert_int_equal(wl_parse("sha3"), -1);
	assert_int_equal(wl_parse("sha3-5120"), -1);
	assert_int_equal(wl_parse("SHA3-512"), -1);
	assert_int_equal(wl_parse("none "), -1);
	assert_int_equal(wl_method_parse("tabl"), -1);
	assert_int_equal(wl_method_parse("sha3-512"), -1);
	assert_int_equal(wl_input_parse("lcgs"), -1);
	assert_int_equal(wl_wait_parse("halt"), -1);
}

static unsigned int prime_flushes;

static void count_flush(void *ctx)
{
	assert_ptr_equal(ctx, &prime_flushes);
	prime_flushes++;
}

/*
 * Enough rounds that the smallest TLB, doubled at each round's flush but
 * the last two, ends with the buffer's pages filling at most the share
 * QEMU leaves alone; one more round than that for a buffer one page
 * larger.
 */
static void test_prime_rounds(void **state)
{
	uint64_t size;
	unsigned int r;

	(void)state;
	assert_int_equal(wl_prime_rounds(1, 4096), 2);
	assert_int_equal(wl_prime_rounds(44 * 4096, 4096), 2);
	assert_int_equal(wl_prime_rounds(44 * 4096 + 1, 4096), 3);
	assert_int_equal(wl_prime_rounds(4 << 20, 4096), 7);
	assert_int_equal(wl_prime_rounds(BH_PROBE_MAX_SIZE, 4096), 10);
	assert_int_equal(wl_prime_rounds(BH_PROBE_MAX_SIZE, 0), 0);
	for (size = 4096; size <= BH_PROBE_MAX_SIZE; size += 4096 * 97) {
		uint64_t pages = size / 4096;

		r = wl_prime_rounds(size, 4096);
		assert_true(((uint64_t)WL_TLB_MIN_ENTRIES << (r - 2)) *
				    WL_TLB_GROW_PERCENT / 100 >=
			    pages);
		if (r > 2)
			assert_true(((uint64_t)WL_TLB_MIN_ENTRIES << (r - 3)) *
					    WL_TLB_GROW_PERCENT / 100 <
				    pages);
	}
}

/* wl_prime_rounds flushes before each run with a workload, each after
 * reading every page; none for the bare timer or without a page size. */
static void test_prime_tlb(void **state)
{
	struct bh_probe_params p = { .workload = BH_WL_RANDOM_ACCESS,
				     .size = 100 * 4096 + 1 };
	uint8_t *buf = malloc(p.size);
	unsigned int w;

	(void)state;
	assert_non_null(buf);
	for (w = 0; w < BH_WL_COUNT; w++) {
		p.workload = w;
		prime_flushes = 0;
		wl_prime_tlb(&p, buf, 4096, count_flush, &prime_flushes);
		assert_int_equal(
			prime_flushes,
			w == BH_WL_NONE ? 0 : wl_prime_rounds(p.size, 4096));
	}
	assert_int_equal(wl_prime_rounds(p.size, 4096), 4);

	/* a page size of 0 would never end */
	p.workload = BH_WL_SHA3_512;
	prime_flushes = 0;
	wl_prime_tlb(&p, buf, 0, count_flush, &prime_flushes);
	assert_int_equal(prime_flushes, 0);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha3_nist_vectors),
		cmocka_unit_test(test_sha3_padding_lengths),
		cmocka_unit_test(test_sha3_incremental),
		cmocka_unit_test(test_lcg_seed1),
		cmocka_unit_test(test_lcg_determinism_and_seeds),
		cmocka_unit_test(test_fill_constant),
		cmocka_unit_test(test_count_bits),
		cmocka_unit_test(test_random_access_by_hand),
		cmocka_unit_test(test_random_access_reference),
		cmocka_unit_test(test_memory_stream),
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_run),
		cmocka_unit_test(test_prepare_input),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_prime_tlb),
		cmocka_unit_test(test_prime_rounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
