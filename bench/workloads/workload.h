/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bench's workload kernels: what the real-time probe runs once per
 * period, in the rt-probe inmate and in the Linux-side probe of the CLI.
 * The same sources are built for both, so that the two sides do the same
 * work and compute the same results from the same input: a difference in
 * execution time is then the platform's, not the code's.
 *
 * That is why everything here is plain C on integers: the inmate is built
 * freestanding (no libc, no floating point, no vector registers), and the
 * only headers used are those a freestanding compiler provides. The
 * compiler may still call memset/memcpy on its own; the inmate library
 * provides them (inmates/lib/string.c).
 */
#ifndef BENCH_WORKLOADS_WORKLOAD_H
#define BENCH_WORKLOADS_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include <bulkhead/rtprobe.h>

/*
 * The errno value a refused configuration gets. Freestanding code has no
 * errno.h; the protocol's ack_status carries Linux values, so this is
 * Linux's EINVAL.
 */
#define WL_EINVAL 22

/* --- Inputs (wl_input.c) --- */

/*
 * The study's input: the LCG x = (1103515245 * x + 12345) mod 2^31 from
 * x = @seed, one byte per step, bits 16..23 of the new x. Only x mod 2^31
 * matters, so seeds that differ in bit 31 alone give the same bytes.
 */
void wl_fill_lcg(uint8_t *buf, uint64_t len, uint32_t seed);

/* Every byte @c. */
void wl_fill_constant(uint8_t *buf, uint64_t len, uint8_t c);

/* --- SHA3-512 (wl_sha3.c) --- */

#define WL_SHA3_512_DIGEST 64
/* 1600 bits of state less twice the digest: 576 bits, 72 bytes */
#define WL_SHA3_512_RATE 72

/*
 * The incremental interface exists for the unit tests, which check that
 * block boundaries are handled alike however the input is split, and for
 * callers that hash data arriving in chunks.
 */
struct wl_sha3 {
	uint64_t a[25]; /* Keccak state, lane x + 5 * y */
	unsigned int pos; /* bytes absorbed into the current block */
};

void wl_sha3_512_init(struct wl_sha3 *s);
void wl_sha3_512_update(struct wl_sha3 *s, const uint8_t *in, uint64_t len);
/* Pads, squeezes the digest; @s must be initialised again to be reused. */
void wl_sha3_512_final(struct wl_sha3 *s, uint8_t out[WL_SHA3_512_DIGEST]);
void wl_sha3_512(const uint8_t *in, uint64_t len,
		 uint8_t out[WL_SHA3_512_DIGEST]);

/* --- Counting set bits (wl_bits.c) --- */

/*
 * The bits set in @buf, counted by method @m, which must be valid (wl_run
 * and wl_check refuse others). The methods give the same count; they
 * differ in cost, which is what the study compares.
 */
uint64_t wl_count_bits(const uint8_t *buf, uint64_t len,
		       enum bh_probe_method m);

/* --- Memory (wl_memory.c) --- */

/*
 * Latency-bound: for each i in 0..len-4, the byte at index (little-endian
 * u32 at @buf + i) mod @len, summed. Each address depends on the data, so
 * the loads hit the caches and TLB at random. 0 when @len < 4.
 */
uint64_t wl_random_access(const uint8_t *buf, uint64_t len);

/*
 * Bandwidth-bound: sums the 64-bit words of @buf (@len rounded down to 8),
 * then writes each word as its complement and complements it back. The
 * buffer ends as it started, so every run returns the sum of pass 1.
 */
uint64_t wl_memory_stream(uint8_t *buf, uint64_t len);

/* --- Running a configuration (wl_run.c) --- */

/*
 * 0 if the probe can run @p, or -WL_EINVAL. Check a private copy: the
 * root can rewrite the shared one at any time.
 */
int wl_check(const struct bh_probe_params *p);

/* Fills @buf[0..size) as @p->input says; BH_INPUT_HOST leaves it alone. */
void wl_prepare_input(const struct bh_probe_params *p, uint8_t *buf);

/*
 * Runs @p's workload on @buf[0..size), writes its result to @out and
 * returns the result's length: 0 for BH_WL_NONE, the digest for SHA3-512,
 * a little-endian u64 for the others. An invalid workload or method,
 * which wl_check refuses, produces no result (0).
 */
unsigned int wl_run(const struct bh_probe_params *p, uint8_t *buf,
		    uint8_t out[BH_PROBE_RESULT_MAX]);

/*
 * QEMU's smallest software TLB, in entries, and the share of it that must
 * have been used since the last flush for QEMU to double it at the next
 * (docs/bench.md#the-tlb-before-each-run).
 */
#define WL_TLB_MIN_ENTRIES 64
#define WL_TLB_GROW_PERCENT 70

/*
 * How many rounds wl_prime_tlb makes for @size bytes in pages of @page:
 * one per doubling the smallest TLB needs for the buffer's pages to stop
 * growing it, and two more: one that finds it big enough, one for the
 * pages the probe's code and stack use beside them; 0 without a page size.
 */
unsigned int wl_prime_rounds(uint64_t size, uint64_t page);

/*
 * Before each run with a workload: reads one byte of every @page bytes of
 * @buf[0..size) and calls @flush (which empties the caller's TLB),
 * wl_prime_rounds times, so every run starts with an empty TLB, in the
 * inmate and on Linux alike. On hardware that costs the run the fills of
 * its buffer's pages, and the rounds one read per page each, before the
 * run's clock starts. Under TCG it decides the run's time: QEMU doubles a
 * CPU's software TLB only at a flush, and shrinks it at a flush when little
 * of it was used for 100 ms, as when other tasks ran on the CPU between
 * two runs; each run therefore grows it back to the buffer's size first.
 */
void wl_prime_tlb(const struct bh_probe_params *p, const uint8_t *buf,
		  uint64_t page, void (*flush)(void *ctx), void *ctx);

/* --- Names (wl_names.c), as the CLI and the docs spell them --- */

/* NULL for a value outside the enum; the parsers give -1 for unknown. */
const char *wl_name(enum bh_probe_workload w);
int wl_parse(const char *name);
const char *wl_method_name(enum bh_probe_method m);
int wl_method_parse(const char *name);
const char *wl_input_name(enum bh_probe_input in);
int wl_input_parse(const char *name);
const char *wl_wait_name(enum bh_probe_wait w);
int wl_wait_parse(const char *name);
/* BH_PROBE_REG_*: none, run, periodic, deadline */
const char *wl_regulate_name(uint32_t r);
int wl_regulate_parse(const char *name);

#endif
