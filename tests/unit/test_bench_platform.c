// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/bench_platform.c
/*
 * The bench's platform label (tools/bulkhead/bench_platform.c): QEMU and
 * Bochs named by their firmware, a hypervisor by Linux's CPU flag (the
 * whole word only), hardware otherwise; never more than the buffer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../tools/bulkhead/bench_platform.h"

#define FLAGS_PLAIN "fpu vme de pse tsc msr pae mce cx8 apic sep x2apic"

static char label[128];

static const char *platform(const char *sys, const char *bios,
			    const char *flags)
{
	memset(label, 'x', sizeof(label));
	bench_platform_label(sys, bios, flags, label, sizeof(label));
	return label;
}

static void test_qemu(void **state)
{
	(void)state;
	/* the reference platform: SeaBIOS, QEMU's DMI, the hypervisor bit */
	assert_string_equal(
		platform("QEMU", "SeaBIOS", FLAGS_PLAIN " hypervisor lahf_lm"),
		"emulated (QEMU): latencies are the host's, not hardware's");
}

static void test_bochs(void **state)
{
	(void)state;
	/* Bochs's BIOS fills only the BIOS vendor; its CPU has no
	 * hypervisor bit */
	assert_string_equal(
		platform("", "The Bochs Project", FLAGS_PLAIN),
		"emulated (Bochs): times are counted in instructions, not hardware's");
	assert_string_equal(
		platform("Bochs", "", FLAGS_PLAIN),
		"emulated (Bochs): times are counted in instructions, not hardware's");
}

static void test_virtualized(void **state)
{
	(void)state;
	assert_string_equal(platform("Red Hat", "SeaBIOS",
				     FLAGS_PLAIN " hypervisor lahf_lm"),
			    "virtualized (Red Hat): latencies are the host's");
	/* the last flag of the line, with its newline */
	assert_string_equal(platform("", "", FLAGS_PLAIN " hypervisor\n"),
			    "virtualized (unknown hypervisor): latencies are "
			    "the host's");
}

static void test_hardware(void **state)
{
	(void)state;
	assert_string_equal(platform("Dell Inc.", "Dell Inc.", FLAGS_PLAIN),
			    "hardware");
	/* a flag that only contains the word is not it */
	assert_string_equal(platform("Dell Inc.", "Dell Inc.",
				     FLAGS_PLAIN " xhypervisor hypervisors"),
			    "hardware");
	assert_string_equal(platform("", "", ""), "hardware");
}

static void test_small_buffer(void **state)
{
	char small[12];

	(void)state;
	memset(small, 'x', sizeof(small));
	bench_platform_label("QEMU", "", "", small, 8);
	assert_string_equal(small, "emulate");
	assert_int_equal(small[8], 'x');
	/* nothing written at all into an empty buffer */
	memset(small, 'x', sizeof(small));
	bench_platform_label("QEMU", "", "", small, 0);
	assert_int_equal(small[0], 'x');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu),
		cmocka_unit_test(test_bochs),
		cmocka_unit_test(test_virtualized),
		cmocka_unit_test(test_hardware),
		cmocka_unit_test(test_small_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
