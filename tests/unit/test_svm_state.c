// SPDX-License-Identifier: GPL-2.0
/*
 * The VMRUN consistency checks that name the field at fault when the
 * hardware refuses a guest: a state VMRUN accepts passes, and each broken
 * rule is named, first rule first.
 */
// uses: hypervisor/arch/x86/svm_state.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../hypervisor/arch/x86/include/asm/efer.h"
#include "../../hypervisor/arch/x86/include/asm/processor.h"
#include "../../hypervisor/arch/x86/include/asm/svm.h"
#include "../../hypervisor/arch/x86/include/asm/svm_state.h"

#define SUPPORTED (EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_SVME)
#define ATTR_L (1u << 9)
#define ATTR_D (1u << 10)

static struct vmcb vmcb;

/* A 64-bit guest as a cell runs one: VMRUN takes it. */
static void long_mode(void)
{
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.save.efer = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE | EFER_SVME;
	vmcb.save.cr0 = X86_CR0_PE | X86_CR0_ET | X86_CR0_PG;
	vmcb.save.cr4 = X86_CR4_PAE;
	vmcb.save.cr3 = 0x1000;
	vmcb.save.dr6 = 0xffff0ff0;
	vmcb.save.dr7 = 0x400;
	vmcb.save.cs.attrib = ATTR_L | 0x9b;
	vmcb.control.intercept2 = SVM_INTERCEPT_VMRUN;
	vmcb.control.asid = 1;
}

static void expect(const char *what)
{
	const char *got = svm_state_fault(&vmcb, SUPPORTED);

	assert_non_null(got);
	assert_string_equal(got, what);
}

static void test_valid_states_pass(void **state)
{
	(void)state;
	long_mode();
	assert_null(svm_state_fault(&vmcb, SUPPORTED));
	/* real mode at reset: no paging, CD and NW both set is allowed */
	memset(&vmcb, 0, sizeof(vmcb));
	vmcb.save.efer = EFER_SVME;
	vmcb.save.cr0 = X86_CR0_ET | X86_CR0_CD | X86_CR0_NW;
	vmcb.save.cs.attrib = ATTR_D | 0x93;
	vmcb.control.intercept2 = SVM_INTERCEPT_VMRUN;
	vmcb.control.asid = 3;
	assert_null(svm_state_fault(&vmcb, SUPPORTED));
}

static void test_efer(void **state)
{
	(void)state;
	long_mode();
	vmcb.save.efer &= ~EFER_SVME;
	expect("EFER.SVME is clear");
	long_mode();
	vmcb.save.efer |= EFER_TCE;
	expect("EFER has bits this CPU does not implement");
	long_mode();
	vmcb.save.efer |= 1ull << 40;
	expect("EFER has bits this CPU does not implement");
}

static void test_control_registers(void **state)
{
	(void)state;
	long_mode();
	vmcb.save.cr0 |= X86_CR0_NW;
	expect("CR0.NW is set without CR0.CD");
	long_mode();
	vmcb.save.cr0 |= 1ull << 32;
	expect("CR0 bits 63:32 are not zero");
	long_mode();
	vmcb.save.cr3 |= 1ull << 60;
	expect("CR3 has bits set above the physical address width");
	long_mode();
	vmcb.save.cr4 |= 1ull << 40;
	expect("CR4 bits 63:32 are not zero");
	long_mode();
	vmcb.save.dr6 |= 1ull << 33;
	expect("DR6 bits 63:32 are not zero");
	long_mode();
	vmcb.save.dr7 |= 1ull << 63;
	expect("DR7 bits 63:32 are not zero");
}

static void test_long_mode_rules(void **state)
{
	(void)state;
	long_mode();
	vmcb.save.cr4 &= ~X86_CR4_PAE;
	expect("EFER.LME and CR0.PG are set, CR4.PAE is clear");
	long_mode();
	vmcb.save.cr0 &= ~X86_CR0_PE;
	expect("EFER.LME and CR0.PG are set, CR0.PE is clear");
	long_mode();
	vmcb.save.cs.attrib |= ATTR_D;
	expect("CS.L and CS.D are both set in long mode");
	/* the same CS without paging is not long mode: fine */
	vmcb.save.cr0 &= ~X86_CR0_PG;
	assert_null(svm_state_fault(&vmcb, SUPPORTED));
}

static void test_controls(void **state)
{
	(void)state;
	long_mode();
	vmcb.control.intercept2 = 0;
	expect("the VMRUN intercept is clear");
	long_mode();
	vmcb.control.asid = 0;
	expect("the ASID is 0");
	/* several broken: the first rule is named */
	vmcb.save.efer &= ~EFER_SVME;
	expect("EFER.SVME is clear");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_states_pass),
		cmocka_unit_test(test_efer),
		cmocka_unit_test(test_control_registers),
		cmocka_unit_test(test_long_mode_rules),
		cmocka_unit_test(test_controls),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
