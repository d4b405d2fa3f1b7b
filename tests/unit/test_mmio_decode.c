// SPDX-License-Identifier: GPL-2.0
/*
 * The MOV decoder used for trapped memory accesses: lengths, sizes,
 * registers, immediates, and refusal of what it does not handle.
 */
// uses: hypervisor/arch/x86/mmio_decode.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../../hypervisor/arch/x86/include/asm/mmio.h"

static struct mmio_access decode(const u8 *b, unsigned int n)
{
	struct mmio_access a;

	assert_int_equal(mmio_decode_bytes(b, n, &a), 0);
	return a;
}

static void test_reads(void **state)
{
	/* mov (%rdi),%eax */
	const u8 r32[] = { 0x8b, 0x07 };
	/* mov 0x10(%rsi),%r9 */
	const u8 r64[] = { 0x4c, 0x8b, 0x4e, 0x10 };
	/* movzbl 0x123456(%rip),%ecx */
	const u8 movzx[] = { 0x0f, 0xb6, 0x0d, 0x56, 0x34, 0x12, 0x00 };
	/* mov (%rax,%rbx,4),%dx */
	const u8 r16[] = { 0x66, 0x8b, 0x14, 0x98 };
	struct mmio_access a;

	(void)state;
	a = decode(r32, sizeof(r32));
	assert_false(a.write);
	assert_int_equal(a.size, 4);
	assert_int_equal(a.len, 2);
	assert_int_equal(a.reg, 0);
	assert_true(a.zero_extend);

	a = decode(r64, sizeof(r64));
	assert_int_equal(a.size, 8);
	assert_int_equal(a.len, 4);
	assert_int_equal(a.reg, 9);

	a = decode(movzx, sizeof(movzx));
	assert_int_equal(a.size, 1);
	assert_int_equal(a.len, 7);
	assert_int_equal(a.reg, 1);
	assert_true(a.zero_extend);

	a = decode(r16, sizeof(r16));
	assert_int_equal(a.size, 2);
	assert_int_equal(a.len, 4);
	assert_int_equal(a.reg, 2);
	assert_false(a.zero_extend);
}

static void test_writes(void **state)
{
	/* mov %esi,(%rdi) */
	const u8 w32[] = { 0x89, 0x37 };
	/* movl $0x5a5a5a5a,0x4(%rdi) */
	const u8 imm[] = { 0xc7, 0x47, 0x04, 0x5a, 0x5a, 0x5a, 0x5a };
	/* movb %ah,(%rcx) */
	const u8 high[] = { 0x88, 0x21 };
	/* movq $-1,(%rax) */
	const u8 imm64[] = { 0x48, 0xc7, 0x00, 0xff, 0xff, 0xff, 0xff };
	struct guest_regs regs = { 0 };
	u64 rax = 0x1234;
	struct mmio_access a;

	(void)state;
	a = decode(w32, sizeof(w32));
	assert_true(a.write);
	assert_int_equal(a.len, 2);
	regs.rsi = 0xaaaabbbbccccddddull;
	assert_true(mmio_get_value(&regs, rax, &a) == 0xccccdddd);

	a = decode(imm, sizeof(imm));
	assert_true(a.write);
	assert_int_equal(a.len, 7);
	assert_true(mmio_get_value(&regs, rax, &a) == 0x5a5a5a5a);

	a = decode(high, sizeof(high));
	assert_true(a.high_byte);
	assert_true(mmio_get_value(&regs, rax, &a) == 0x12);

	a = decode(imm64, sizeof(imm64));
	assert_int_equal(a.size, 8);
	assert_true(mmio_get_value(&regs, rax, &a) == ~0ull);
}

static void test_set_reg(void **state)
{
	const u8 r32[] = { 0x8b, 0x0f }; /* mov (%rdi),%ecx */
	const u8 r8[] = { 0x8a, 0x37 }; /* mov (%rdi),%dh */
	const u8 r64[] = { 0x4c, 0x8b, 0x07 }; /* mov (%rdi),%r8 */
	struct guest_regs regs = { 0 };
	u64 rax = 0;
	struct mmio_access a;

	(void)state;
	regs.rcx = 0x1111111111111111ull;
	a = decode(r32, sizeof(r32));
	mmio_set_reg(&regs, &rax, &a, ~0ull);
	assert_true(regs.rcx == 0xffffffffull); /* 32-bit writes zero-extend */

	regs.rdx = 0x1111111111111111ull;
	a = decode(r8, sizeof(r8));
	mmio_set_reg(&regs, &rax, &a, 0xab);
	assert_true(regs.rdx == 0x111111111111ab11ull);

	a = decode(r64, sizeof(r64));
	mmio_set_reg(&regs, &rax, &a, 0x0123456789abcdefull);
	assert_true(regs.r8 == 0x0123456789abcdefull);
	assert_true(regs.r9 == 0);
}

/* Found by tests/fuzz (regress/mmio_decode/movzx-16bit-dest). */
static void test_movzx_16bit_dest(void **state)
{
	const u8 movzbw[] = { 0x66, 0x0f, 0xb6, 0x07 }; /* movzbw (%rdi),%ax */
	const u8 movzww[] = { 0x66, 0x0f, 0xb7, 0x0f }; /* movzww (%rdi),%cx */
	const u8 movzbl[] = { 0x0f, 0xb6, 0x17 }; /* movzbl (%rdi),%edx */
	struct guest_regs regs = { 0 };
	u64 rax = 0x1111111111111111ull;
	struct mmio_access a;

	(void)state;
	/* A 16-bit destination keeps bits 16-63, as on the CPU. */
	a = decode(movzbw, sizeof(movzbw));
	assert_int_equal(a.size, 1);
	mmio_set_reg(&regs, &rax, &a, ~0ull);
	assert_true(rax == 0x11111111111100ffull);

	regs.rcx = 0x2222222222222222ull;
	a = decode(movzww, sizeof(movzww));
	assert_int_equal(a.size, 2);
	mmio_set_reg(&regs, &rax, &a, ~0ull);
	assert_true(regs.rcx == 0x222222222222ffffull);

	/* A 32-bit one still clears them. */
	regs.rdx = 0x3333333333333333ull;
	a = decode(movzbl, sizeof(movzbl));
	mmio_set_reg(&regs, &rax, &a, ~0ull);
	assert_true(regs.rdx == 0xffull);
}

static void test_refused(void **state)
{
	const u8 add[] = { 0x01, 0x07 }; /* add %eax,(%rdi) */
	const u8 regreg[] = { 0x89, 0xc0 }; /* mov %eax,%eax: no memory */
	const u8 c7_1[] = { 0xc7, 0x0f, 1, 2, 3, 4 }; /* c7 /1 is not MOV */
	const u8 trunc[] = { 0xc7, 0x47, 0x04, 0x5a }; /* immediate cut off */
	struct mmio_access a;

	(void)state;
	assert_int_not_equal(mmio_decode_bytes(add, sizeof(add), &a), 0);
	assert_int_not_equal(mmio_decode_bytes(regreg, sizeof(regreg), &a), 0);
	assert_int_not_equal(mmio_decode_bytes(c7_1, sizeof(c7_1), &a), 0);
	assert_int_not_equal(mmio_decode_bytes(trunc, sizeof(trunc), &a), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads),
		cmocka_unit_test(test_writes),
		cmocka_unit_test(test_set_reg),
		cmocka_unit_test(test_movzx_16bit_dest),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
