// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: fpu-fill CPU. Runs on CPU, loads the attack inmate's pattern
 * (inmates/attack/fpu.h) into every XMM register (and YMM, where the CPU
 * has AVX) and spins without touching them, until killed. Linux saves
 * the registers when it moves the task away (as when it offlines the
 * CPU) but leaves them in the CPU: what a cell started there must not
 * find (system test 147).
 */
#define _GNU_SOURCE
#include <cpuid.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FPU_PATTERN 0x5ec2e7f00d5ec2e7ull

static const uint64_t pat[4]
	__attribute__((aligned(32))) = { FPU_PATTERN, FPU_PATTERN, FPU_PATTERN,
					 FPU_PATTERN };

/* clang-format does not settle on one layout for this list */
/* clang-format off */
#define FOR_EACH_REG(X) \
	X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) \
	X(8) X(9) X(10) X(11) X(12) X(13) X(14) X(15)
/* clang-format on */

/*
 * AVX only where Linux turned it on: CPUID's AVX bit says what the CPU
 * has, not that CR4.OSXSAVE and XCR0 let a task use it (Linux on Bochs
 * runs without XSAVE: a YMM load there is an illegal instruction).
 */
static int avx_usable(void)
{
	unsigned int a, b, c, d, lo, hi;

	__cpuid(1, a, b, c, d);
	if (!(c & (1u << 28)) || !(c & (1u << 27)))
		return 0;
	asm volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	return (lo & 6) == 6;
}

int main(int argc, char **argv)
{
	cpu_set_t set;
	int avx;

	if (argc != 2) {
		fprintf(stderr, "usage: fpu-fill CPU\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(atoi(argv[1]), &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("fpu-fill: sched_setaffinity");
		return 1;
	}
	avx = avx_usable();
	printf("fpu-fill: pattern in xmm0-15%s on CPU %s\n",
	       avx ? " and ymm0-15" : "", argv[1]);
	fflush(stdout);
	if (avx) {
#define LOAD_YMM(n) asm volatile("vmovdqa %0, %%ymm" #n ::"m"(pat));
		FOR_EACH_REG(LOAD_YMM)
	} else {
#define LOAD_XMM(n) asm volatile("movdqa %0, %%xmm" #n ::"m"(pat));
		FOR_EACH_REG(LOAD_XMM)
	}
	/* nothing below uses a vector register */
	for (;;)
		asm volatile("pause");
}
