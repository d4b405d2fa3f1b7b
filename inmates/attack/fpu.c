// SPDX-License-Identifier: GPL-2.0
/*
 * fpu-dirty loads a pattern into every XMM and YMM register, changes the
 * x87 stack, MXCSR and XCR0, and then disables AVX again, so that the
 * YMM upper halves are hidden but still in the CPU. fpu-show, the first
 * thing it does, reports the state it found: XCR0, the x87 control and
 * status words, MXCSR, and how many 64-bit words of XMM0-15 and the YMM
 * upper halves are not zero or are the pattern. The hypervisor puts every
 * component into its initial state and XCR0 to 1 when a CPU stops running
 * a guest (hypervisor/arch/x86/fpu_handover.c).
 *
 * Compiled with -mgeneral-regs-only like every inmate: the vector
 * registers are reached only by the instructions written here.
 */
#include <inmate/inmate.h>

#include "fpu.h"

#define CR4_OSFXSR (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_OSXSAVE (1ul << 18)
#define CPUID_1_EDX_SSE2 (1u << 26)
#define CPUID_1_ECX_XSAVE (1u << 26)
#define CPUID_1_ECX_AVX (1u << 28)
#define CPUID_1_ECX_OSXSAVE (1u << 27)
#define XCR0_X87_SSE 0x3u
#define XCR0_X87_SSE_AVX 0x7u
#define MXCSR_DIRTY 0x9fc0u /* flush-to-zero, DAZ, all masked */

/* What the CPU offers the cell: SSE2 always on x86-64; XSAVE, AVX maybe. */
static void fpu_enable(int *xsave, int *avx)
{
	uint32_t a, b, c, d;
	unsigned long cr4;

	cpuid(1, 0, &a, &b, &c, &d);
	*xsave = !!(c & CPUID_1_ECX_XSAVE);
	*avx = *xsave && (c & CPUID_1_ECX_AVX);
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	if (*xsave)
		cr4 |= CR4_OSXSAVE;
	asm volatile("mov %0, %%cr4" ::"r"(cr4));
}

static uint64_t xgetbv0(void)
{
	uint32_t lo, hi;

	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return ((uint64_t)hi << 32) | lo;
}

static void xsetbv0(uint64_t v)
{
	asm volatile("xsetbv" ::"c"(0), "a"((uint32_t)v),
		     "d"((uint32_t)(v >> 32)));
}

/* clang-format does not settle on one layout for this list */
/* clang-format off */
#define FOR_EACH_REG(X) \
	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
	X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
/* clang-format on */

static void load_xmm(const uint64_t *p)
{
#define LOAD_XMM(n) \
	asm volatile("movdqu %0, %%xmm" #n ::"m"(*(const char(*)[16])p));
	FOR_EACH_REG(LOAD_XMM)
#undef LOAD_XMM
}

static void load_ymm(const uint64_t *p)
{
#define LOAD_YMM(n) \
	asm volatile("vmovdqu %0, %%ymm" #n ::"m"(*(const char(*)[32])p));
	FOR_EACH_REG(LOAD_YMM)
#undef LOAD_YMM
}

static void store_xmm(uint64_t (*out)[2])
{
#define STORE_XMM(n) asm volatile("movdqu %%xmm" #n ", %0" : "=m"(out[n]));
	FOR_EACH_REG(STORE_XMM)
#undef STORE_XMM
}

/* The upper 128 bits of each YMM register. */
static void store_ymm_high(uint64_t (*out)[2])
{
#define STORE_YMMH(n) \
	asm volatile("vextractf128 $1, %%ymm" #n ", %0" : "=m"(out[n]));
	FOR_EACH_REG(STORE_YMMH)
#undef STORE_YMMH
}

uint64_t fpu_dirty(void)
{
	static const uint64_t pat[4] = { FPU_PATTERN, FPU_PATTERN, FPU_PATTERN,
					 FPU_PATTERN };
	uint32_t mxcsr = MXCSR_DIRTY;
	int xsave, avx;

	fpu_enable(&xsave, &avx);
	if (avx) {
		xsetbv0(XCR0_X87_SSE_AVX);
		load_ymm(pat);
	} else {
		load_xmm(pat);
	}
	asm volatile("ldmxcsr %0; fld1; fldpi" ::"m"(mxcsr));
	/* the YMM halves stay in the CPU, hidden from whoever enables AVX */
	if (xsave)
		xsetbv0(XCR0_X87_SSE);
	printf("attack: fpu-dirty: pattern in xmm0-15%s, mxcsr=0x%x, two x87 values pushed, xcr0=0x%lx\n",
	       avx ? " and ymm0-15" : "", mxcsr,
	       xsave ? (unsigned long)xgetbv0() : 0ul);
	return xsave ? xgetbv0() : 0;
}

static void count(const uint64_t (*regs)[2], unsigned int *nonzero,
		  unsigned int *pattern)
{
	for (int i = 0; i < 16; i++)
		for (int j = 0; j < 2; j++) {
			*nonzero += regs[i][j] != 0;
			*pattern += regs[i][j] == FPU_PATTERN;
		}
}

/* CPUID's OSXSAVE bit and CR4's, which hardware keeps equal */
static void osxsave_seen(unsigned int *cpuid_bit, unsigned int *cr4_bit)
{
	uint32_t a, b, c, d;
	unsigned long cr4;

	cpuid(1, 0, &a, &b, &c, &d);
	asm volatile("mov %%cr4, %0" : "=r"(cr4));
	*cpuid_bit = !!(c & CPUID_1_ECX_OSXSAVE);
	*cr4_bit = !!(cr4 & CR4_OSXSAVE);
}

uint64_t fpu_show(void)
{
	uint64_t xmm[16][2], ymmh[16][2], xcr0 = 0;
	unsigned int nonzero = 0, pattern = 0;
	uint16_t fcw, fsw;
	uint32_t mxcsr;
	unsigned int os0, cr0bit, os1, cr1bit;
	int xsave, avx;

	osxsave_seen(&os0, &cr0bit);
	/* XCR0 first: enabling AVX below changes it */
	fpu_enable(&xsave, &avx);
	osxsave_seen(&os1, &cr1bit);
	if (xsave)
		xcr0 = xgetbv0();
	asm volatile("fnstcw %0; fnstsw %1; stmxcsr %2"
		     : "=m"(fcw), "=m"(fsw), "=m"(mxcsr));
	store_xmm(xmm);
	count(xmm, &nonzero, &pattern);
	if (avx) {
		xsetbv0(XCR0_X87_SSE_AVX);
		store_ymm_high(ymmh);
		count(ymmh, &nonzero, &pattern);
	}
	printf("attack: fpu at entry: xcr0=0x%lx fcw=0x%x fsw=0x%x mxcsr=0x%x\n",
	       (unsigned long)xcr0, fcw, fsw, mxcsr);
	printf("attack: vector words at entry: %u not zero, %u the pattern (of %u)\n",
	       nonzero, pattern, avx ? 64u : 32u);
	printf("attack: cpuid osxsave %u at cr4.osxsave %u, %u at %u\n", os0,
	       cr0bit, os1, cr1bit);
	return nonzero;
}
