// SPDX-License-Identifier: GPL-2.0
/*
 * The VMX capability checks: a CPU that offers what we need gives the
 * control values we expect, with default-1 controls cleared through the
 * TRUE_* MSRs and the optional enables taken where offered; each missing
 * piece is refused with its name.
 */
// uses: hypervisor/arch/x86/vmx_caps.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <bh/errno.h>
#include "../../hypervisor/arch/x86/include/asm/vmx.h"
#include "../../hypervisor/arch/x86/include/asm/vmx_caps.h"

#define CTLS(must1, may1) (((u64)(may1) << 32) | (u32)(must1))

/* A server CPU of recent years, as its MSRs read (values of the kind a
 * Skylake reports; the checks only look at the bits named here). */
static struct vmx_msrs skylake(void)
{
	struct vmx_msrs m = {
		.feature_control = FEATURE_CONTROL_LOCKED |
				   FEATURE_CONTROL_VMX_OUTSIDE_SMX,
		.basic = 4 | (0x400ull << 32) | (6ull << 50) | BIT(54) |
			 VMX_BASIC_TRUE_CTLS,
		.pin = CTLS(0x16, 0xff),
		.proc = CTLS(0x0401e172, 0xfff9fffe),
		.exit = CTLS(0x00036dff, 0x01ffffff),
		.entry = CTLS(0x000011ff, 0x0003ffff),
		.misc = 0x20000065,
		.cr0_fixed0 = 0x80000021,
		.cr0_fixed1 = 0xffffffff,
		.cr4_fixed0 = 0x2000,
		.cr4_fixed1 = 0x3767ff,
		.proc2 = CTLS(0, 0x1ffcff),
		.ept_vpid = 0x00000f0106734141ull,
		.true_pin = CTLS(0x16, 0xff),
		.true_proc = CTLS(0x04006172, 0xfff9fffe),
		.true_exit = CTLS(0x000011fb, 0x01ffffff),
		.true_entry = CTLS(0x000011fb, 0x0003ffff),
	};
	return m;
}

static void refused(const struct vmx_msrs *m, const char *what)
{
	struct vmx_setup s;
	const char *missing = NULL;

	assert_int_equal(vmx_caps_check(m, &s, &missing), -ENODEV);
	assert_non_null(missing);
	assert_string_equal(missing, what);
}

static void test_good_cpu(void **state)
{
	struct vmx_msrs m = skylake();
	struct vmx_setup s;
	const char *missing = "x";

	(void)state;
	assert_int_equal(vmx_caps_check(&m, &s, &missing), 0);
	assert_null(missing);
	assert_int_equal(s.revision, 4);
	/* wanted plus the TRUE must-1 bits, nothing more */
	assert_int_equal(s.pin, 0x16 | PIN_NMI_EXITING | PIN_VIRTUAL_NMIS);
	assert_int_equal(s.proc, 0x04006172 | PROC_USE_IO_BITMAPS |
					 PROC_USE_MSR_BITMAPS |
					 PROC_SECONDARY_CONTROLS);
	assert_int_equal(s.proc & (PROC_CR3_LOAD_EXITING |
				   PROC_CR3_STORE_EXITING | PROC_HLT_EXITING),
			 0);
	assert_int_equal(s.proc2,
			 PROC2_ENABLE_EPT | PROC2_UNRESTRICTED_GUEST |
				 PROC2_ENABLE_RDTSCP | PROC2_ENABLE_INVPCID |
				 PROC2_ENABLE_XSAVES | PROC2_ENABLE_VPID);
	assert_int_equal(
		s.exit & (EXIT_HOST_ADDR_SPACE_SIZE | EXIT_LOAD_EFER |
			  EXIT_SAVE_EFER | EXIT_LOAD_PAT | EXIT_SAVE_PAT),
		EXIT_HOST_ADDR_SPACE_SIZE | EXIT_LOAD_EFER | EXIT_SAVE_EFER |
			EXIT_LOAD_PAT | EXIT_SAVE_PAT);
	assert_int_equal(s.entry & ENTRY_IA32E_MODE_GUEST, 0);
	assert_true(s.entry & ENTRY_LOAD_EFER);
	assert_true(s.ept_1g);
	assert_true(s.invept_single);
	assert_true(s.vpid);
	assert_true(s.preemption_timer);
	assert_int_equal(s.preemption_rate, 5);
	/* offered, not forced: set for cells only (vmx.c) */
	assert_true(s.rdpmc_exiting);
	assert_int_equal(s.proc & PROC_RDPMC_EXITING, 0);
	assert_int_equal(s.cr0_must1, 0x20); /* NE; PE and PG are free */
	assert_int_equal(s.cr4_must1, 0x2000);
	assert_int_equal(s.cr4_must0 & 0x2000, 0);
	assert_true(s.cr4_must0 & BIT(31));
	assert_false(s.enable_in_feature_control);
}

static void test_optional_parts(void **state)
{
	struct vmx_msrs m = skylake();
	struct vmx_setup s;
	const char *missing;

	(void)state;
	/* no 1G EPT pages, INVEPT all-context only, no INVVPID, no timer */
	m.ept_vpid &= ~(EPT_CAP_1G | EPT_CAP_INVEPT_SINGLE | VPID_CAP_INVVPID);
	m.true_pin &= ~((u64)PIN_PREEMPTION_TIMER << 32);
	m.true_proc &= ~((u64)PROC_RDPMC_EXITING << 32);
	m.proc2 &= ~((u64)(PROC2_ENABLE_XSAVES | PROC2_ENABLE_INVPCID) << 32);
	/* firmware left the feature control MSR open */
	m.feature_control = 0;
	assert_int_equal(vmx_caps_check(&m, &s, &missing), 0);
	assert_false(s.ept_1g);
	assert_false(s.invept_single);
	assert_false(s.vpid);
	assert_int_equal(s.proc2 & PROC2_ENABLE_VPID, 0);
	assert_false(s.preemption_timer);
	assert_false(s.rdpmc_exiting);
	assert_int_equal(s.proc2 & (PROC2_ENABLE_XSAVES | PROC2_ENABLE_INVPCID),
			 0);
	assert_true(s.enable_in_feature_control);
}

static void test_refusals(void **state)
{
	struct vmx_msrs m;

	(void)state;
	m = skylake();
	m.feature_control = FEATURE_CONTROL_LOCKED;
	refused(&m,
		"VMX is disabled by the firmware (IA32_FEATURE_CONTROL locked without VMX)");
	m = skylake();
	m.basic &= ~(0xfull << 50);
	refused(&m, "write-back VMCS memory (IA32_VMX_BASIC)");
	m = skylake();
	m.basic |= VMX_BASIC_32BIT_ADDRESSES;
	refused(&m, "VMX structures above 4 GiB (IA32_VMX_BASIC bit 48)");
	m = skylake();
	m.true_pin &= ~((u64)PIN_VIRTUAL_NMIS << 32);
	refused(&m, "NMI exiting with virtual NMIs (pin-based controls)");
	m = skylake();
	m.true_proc &= ~((u64)PROC_USE_MSR_BITMAPS << 32);
	refused(&m,
		"I/O and MSR bitmaps with secondary controls (processor-based controls)");
	/* without TRUE controls, CR3 exits are forced */
	m = skylake();
	m.basic &= ~VMX_BASIC_TRUE_CTLS;
	refused(&m,
		"CR3, CR8, HLT and I/O accesses without exits (processor-based controls)");
	m = skylake();
	m.proc2 &= ~((u64)PROC2_ENABLE_EPT << 32);
	refused(&m, "EPT (secondary controls)");
	m = skylake();
	m.proc2 &= ~((u64)PROC2_UNRESTRICTED_GUEST << 32);
	refused(&m, "unrestricted guest (secondary controls)");
	m = skylake();
	m.true_exit &= ~((u64)EXIT_LOAD_EFER << 32);
	refused(&m,
		"64-bit host with EFER and PAT saved and loaded (VM-exit controls)");
	m = skylake();
	m.true_entry &= ~((u64)ENTRY_LOAD_PAT << 32);
	refused(&m, "EFER and PAT loaded at VM entry (VM-entry controls)");
	m = skylake();
	m.true_entry |= ENTRY_IA32E_MODE_GUEST;
	refused(&m, "32-bit guests (IA-32e mode guest is forced on)");
	m = skylake();
	m.ept_vpid &= ~EPT_CAP_WALK_4;
	refused(&m, "4-level EPT walks (IA32_VMX_EPT_VPID_CAP)");
	m = skylake();
	m.ept_vpid &= ~EPT_CAP_MEMTYPE_WB;
	refused(&m, "write-back EPT paging structures (IA32_VMX_EPT_VPID_CAP)");
	m = skylake();
	m.ept_vpid &= ~EPT_CAP_2M;
	refused(&m, "2 MiB EPT pages (IA32_VMX_EPT_VPID_CAP)");
	m = skylake();
	m.ept_vpid &= ~(EPT_CAP_INVEPT_SINGLE | EPT_CAP_INVEPT_ALL);
	refused(&m, "INVEPT (IA32_VMX_EPT_VPID_CAP)");
	m = skylake();
	m.cr0_fixed0 |= BIT(16); /* WP forced */
	refused(&m,
		"guests with CR0 bits other than NE free (IA32_VMX_CR0_FIXED0)");
	m = skylake();
	m.cr4_fixed0 |= BIT(5); /* PAE forced */
	refused(&m,
		"guests with CR4 bits other than VMXE free (IA32_VMX_CR4_FIXED0)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_cpu),
		cmocka_unit_test(test_optional_parts),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
