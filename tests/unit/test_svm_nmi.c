// SPDX-License-Identifier: GPL-2.0
/*
 * The root's own NMIs on SVM (hypervisor/arch/x86/svm_nmi.c): one NMI at a
 * time, the next held until the handler's IRET has run (intercepted, then
 * single-stepped), our step hidden from the guest, its own #DBs kept.
 */
// uses: hypervisor/arch/x86/svm_nmi.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../hypervisor/arch/x86/include/asm/processor.h"
#include "../../hypervisor/arch/x86/include/asm/svm_nmi.h"

#define NMI_EVENT \
	(SVM_EVTINJ_VALID | 2 | (SVM_EVTINJ_TYPE_NMI << SVM_EVTINJ_TYPE_SHIFT))
#define INTR_EVENT                 \
	(SVM_EVTINJ_VALID | 0x30 | \
	 (SVM_EVTINJ_TYPE_INTR << SVM_EVTINJ_TYPE_SHIFT))
#define HANDLER_IRET 0xffffffff81e01234ull
#define AFTER_IRET 0xffffffff81000500ull

static struct vmcb vmcb;
static struct svm_nmi nmi;
static struct bh_cpu_stats stats;

static int setup(void **state)
{
	(void)state;
	memset(&vmcb, 0, sizeof(vmcb));
	memset(&stats, 0, sizeof(stats));
	vmcb.save.rflags = X86_RFLAGS_RESERVED1;
	vmcb.save.dr6 = 0xffff0ff0;
	vmcb.control.intercept1 = SVM_INTERCEPT_NMI;
	svm_nmi_reset(&nmi, &vmcb);
	return 0;
}

/* An exit as svm_handle_exit starts it: no event queued but the one put
 * back. */
static void exit_begin(u64 requeued)
{
	vmcb.control.event_inj = requeued;
	svm_nmi_exit_begin(&nmi, &vmcb);
}

static void guest_nmi_arrives(void)
{
	exit_begin(0);
	nmi.to_inject = true;
	svm_nmi_deliver(&nmi, &vmcb, &stats);
}

/* The handler reaches its IRET: the intercept's exit. */
static void iret_exit(void)
{
	exit_begin(0);
	vmcb.save.rip = HANDLER_IRET;
	svm_nmi_iret(&nmi, &vmcb);
}

/* The handler reaches its IRET: the intercept, then the step's #DB. */
static bool handler_returns(u64 dr6_bits)
{
	iret_exit();
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	/* the IRET runs: RFLAGS from the frame, then the trap */
	vmcb.save.rip = AFTER_IRET;
	vmcb.save.rflags = X86_RFLAGS_RESERVED1 | BIT(9);
	vmcb.save.dr6 |= X86_DR6_BS | dr6_bits;
	exit_begin(0);
	return svm_nmi_step_done(&nmi, &vmcb);
}

static void test_first_nmi_goes_in(void **state)
{
	(void)state;
	guest_nmi_arrives();
	assert_int_equal(vmcb.control.event_inj, NMI_EVENT);
	assert_true(vmcb.control.intercept1 & SVM_INTERCEPT_IRET);
	assert_int_equal(stats.nmis_injected, 1);
	assert_int_equal(stats.nmis_held, 0);
}

static void test_second_waits_for_the_iret(void **state)
{
	(void)state;
	guest_nmi_arrives();
	/* the handler runs; another NMI exits meanwhile */
	guest_nmi_arrives();
	assert_int_equal(vmcb.control.event_inj, 0);
	assert_int_equal(stats.nmis_injected, 1);
	/* the IRET intercept: stepped, nothing injected before it ran */
	iret_exit();
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	assert_int_equal(vmcb.control.event_inj, 0);
	assert_false(vmcb.control.intercept1 & SVM_INTERCEPT_IRET);
	assert_int_equal(vmcb.save.rflags & (X86_RFLAGS_TF | X86_RFLAGS_RF),
			 X86_RFLAGS_TF | X86_RFLAGS_RF);
	/* the step's #DB: ours, hidden, and the held NMI goes in */
	vmcb.save.rip = AFTER_IRET;
	vmcb.save.rflags = X86_RFLAGS_RESERVED1;
	vmcb.save.dr6 |= X86_DR6_BS;
	exit_begin(0);
	assert_true(svm_nmi_step_done(&nmi, &vmcb));
	assert_false(vmcb.save.dr6 & X86_DR6_BS);
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	assert_int_equal(vmcb.control.event_inj, NMI_EVENT);
	assert_int_equal(stats.nmis_injected, 2);
	assert_int_equal(stats.nmis_held, 1);
}

static void test_iret_without_pending_nmi(void **state)
{
	(void)state;
	guest_nmi_arrives();
	assert_true(handler_returns(0));
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	assert_int_equal(vmcb.control.event_inj, 0);
	assert_false(vmcb.control.intercept1 & SVM_INTERCEPT_IRET);
	/* the next NMI goes in at once */
	guest_nmi_arrives();
	assert_int_equal(vmcb.control.event_inj, NMI_EVENT);
	assert_int_equal(stats.nmis_held, 0);
}

static void test_guest_own_step_kept(void **state)
{
	(void)state;
	guest_nmi_arrives();
	vmcb.save.rflags |= X86_RFLAGS_TF; /* a debugger steps the handler */
	iret_exit();
	vmcb.save.rip = AFTER_IRET;
	vmcb.save.dr6 |= X86_DR6_BS;
	exit_begin(0);
	/* the #DB is the guest's; the blocking ended all the same */
	assert_false(svm_nmi_step_done(&nmi, &vmcb));
	assert_true(vmcb.save.dr6 & X86_DR6_BS);
	guest_nmi_arrives();
	assert_int_equal(vmcb.control.event_inj, NMI_EVENT);
}

static void test_guest_breakpoint_kept(void **state)
{
	(void)state;
	guest_nmi_arrives();
	/* the IRET's stack read hit the guest's data breakpoint 1 */
	assert_false(handler_returns(BIT(1)));
	assert_false(vmcb.save.dr6 & X86_DR6_BS);
	assert_true(vmcb.save.dr6 & BIT(1));
}

static void test_other_db_before_iret_ran(void **state)
{
	(void)state;
	guest_nmi_arrives();
	iret_exit();
	/* a #DB at the IRET itself, not our trap: still blocked */
	vmcb.save.dr6 |= BIT(0);
	exit_begin(0);
	assert_false(svm_nmi_step_done(&nmi, &vmcb));
	nmi.to_inject = true;
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	assert_int_equal(vmcb.control.event_inj, 0);
}

static void test_interrupted_delivery_unblocks(void **state)
{
	(void)state;
	guest_nmi_arrives();
	/* the delivery faulted (a nested page fault on the IDT): the NMI is
	 * put back, the handler never ran */
	exit_begin(NMI_EVENT);
	assert_false(nmi.blocked);
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	assert_int_equal(vmcb.control.event_inj, NMI_EVENT);
	assert_true(nmi.blocked);
	assert_true(vmcb.control.intercept1 & SVM_INTERCEPT_IRET);
	assert_int_equal(stats.nmis_injected, 1);
}

static void test_other_event_first(void **state)
{
	(void)state;
	exit_begin(INTR_EVENT);
	nmi.to_inject = true;
	svm_nmi_deliver(&nmi, &vmcb, &stats);
	assert_int_equal(vmcb.control.event_inj, INTR_EVENT);
	assert_true(nmi.to_inject);
	guest_nmi_arrives();
	assert_int_equal(vmcb.control.event_inj, NMI_EVENT);
}

static void test_leave_hides_our_step(void **state)
{
	(void)state;
	guest_nmi_arrives();
	iret_exit();
	assert_int_equal(svm_nmi_guest_rflags(&nmi, &vmcb),
			 X86_RFLAGS_RESERVED1);
	svm_nmi_reset(&nmi, &vmcb);
	assert_false(nmi.blocked || nmi.iret_step || nmi.to_inject);
	assert_false(vmcb.control.intercept1 & SVM_INTERCEPT_IRET);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_first_nmi_goes_in, setup),
		cmocka_unit_test_setup(test_second_waits_for_the_iret, setup),
		cmocka_unit_test_setup(test_iret_without_pending_nmi, setup),
		cmocka_unit_test_setup(test_guest_own_step_kept, setup),
		cmocka_unit_test_setup(test_guest_breakpoint_kept, setup),
		cmocka_unit_test_setup(test_other_db_before_iret_ran, setup),
		cmocka_unit_test_setup(test_interrupted_delivery_unblocks,
				       setup),
		cmocka_unit_test_setup(test_other_event_first, setup),
		cmocka_unit_test_setup(test_leave_hides_our_step, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
