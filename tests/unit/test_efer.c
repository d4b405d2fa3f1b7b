// SPDX-License-Identifier: GPL-2.0
/*
 * A guest's EFER writes: what the hardware would refuse with #GP never
 * reaches the VMCB, SVME stays on, LMA stays the CPU's.
 */
// uses: hypervisor/arch/x86/efer.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <bh/errno.h>
#include "../../hypervisor/arch/x86/include/asm/efer.h"

#define CR0_PG (1ull << 31)
#define CR0_PE 1ull
/* a long-mode guest of an EPYC-like CPU: no TCE, no FFXSR */
#define SUPPORTED (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_SVME)
#define LONG_MODE (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_SVME)

static void test_plain_writes_kept(void **state)
{
	u64 out = 0;

	(void)state;
	/* toggling NXE and SCE with paging on is fine */
	assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE & ~EFER_NXE,
					  CR0_PG | CR0_PE, SUPPORTED, &out),
			 0);
	assert_int_equal(out, LONG_MODE & ~EFER_NXE);
	assert_int_equal(efer_guest_write(LONG_MODE, EFER_LME | EFER_LMA,
					  CR0_PG | CR0_PE, SUPPORTED, &out),
			 0);
	assert_int_equal(out, EFER_LME | EFER_LMA | EFER_SVME);
}

static void test_svme_stays_on(void **state)
{
	u64 out = 0;

	(void)state;
	/* Linux writes EFER without SVME (it cannot see it offered) */
	assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE & ~EFER_SVME,
					  CR0_PG | CR0_PE, SUPPORTED, &out),
			 0);
	assert_true(out & EFER_SVME);
}

static void test_lma_is_the_cpus(void **state)
{
	u64 out = 0;

	(void)state;
	/* clearing LMA in a write does not leave long mode */
	assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE & ~EFER_LMA,
					  CR0_PG | CR0_PE, SUPPORTED, &out),
			 0);
	assert_true(out & EFER_LMA);
	/* nor does setting it enter long mode */
	assert_int_equal(efer_guest_write(EFER_SVME, EFER_LMA, CR0_PE,
					  SUPPORTED, &out),
			 0);
	assert_false(out & EFER_LMA);
}

static void test_reserved_bits_refused(void **state)
{
	u64 out = 0x1234;
	unsigned int bit;

	(void)state;
	for (bit = 0; bit < 64; bit++) {
		u64 b = 1ull << bit;

		if (b & (SUPPORTED | EFER_SVME | EFER_LMA))
			continue;
		assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE | b,
						  CR0_PG | CR0_PE, SUPPORTED,
						  &out),
				 -EINVAL);
	}
	/* a bit this CPU lacks is reserved here, though defined elsewhere */
	assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE | EFER_TCE,
					  CR0_PG | CR0_PE, SUPPORTED, &out),
			 -EINVAL);
	assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE | EFER_TCE,
					  CR0_PG | CR0_PE, SUPPORTED | EFER_TCE,
					  &out),
			 0);
	assert_true(out & EFER_TCE);
}

static void test_lme_change_with_paging_refused(void **state)
{
	u64 out = 0x1234;

	(void)state;
	assert_int_equal(efer_guest_write(LONG_MODE, LONG_MODE & ~EFER_LME,
					  CR0_PG | CR0_PE, SUPPORTED, &out),
			 -EINVAL);
	assert_int_equal(efer_guest_write(EFER_SVME, EFER_LME, CR0_PG | CR0_PE,
					  SUPPORTED, &out),
			 -EINVAL);
	assert_int_equal(out, 0x1234);
	/* with paging off, as a long-mode entry does it */
	assert_int_equal(efer_guest_write(EFER_SVME, EFER_LME, CR0_PE,
					  SUPPORTED, &out),
			 0);
	assert_int_equal(out, EFER_LME | EFER_SVME);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_writes_kept),
		cmocka_unit_test(test_svme_stays_on),
		cmocka_unit_test(test_lma_is_the_cpus),
		cmocka_unit_test(test_reserved_bits_refused),
		cmocka_unit_test(test_lme_change_with_paging_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
