// SPDX-License-Identifier: GPL-2.0
/*
 * The root's own NMIs on SVM (Linux's backtraces and the like, which we
 * intercept with every other NMI and give back).
 *
 * An NMI blocks the next one until the IRET that ends its handler. SVM
 * without virtual NMIs keeps no such state for an NMI a hypervisor
 * injects, so we keep it: an NMI given to the guest is not followed by
 * another until its handler's IRET has run. Given earlier, the second
 * would enter the handler again on the same IST stack, which Linux's
 * entry code survives only once it has copied the first one's frame.
 *
 * The IRET intercept says an IRET is about to run, not that it ran: the
 * exit comes before it. So it is single-stepped (TF, and RF so that an
 * instruction breakpoint on it does not fire twice), and the #DB after it,
 * which we intercept anyway (handle_loop_exception), ends the blocking.
 * An IRET that faults ends the blocking too; its fault's frame then holds
 * our TF, and the #DB comes when the guest runs the IRET again: the held
 * NMI waits until then. At most one NMI is held, as the hardware holds
 * one.
 */
/* by path: the host unit test builds this without the arch include dir */
#include "include/asm/processor.h"
#include "include/asm/svm_nmi.h"

#define DR6_BREAKPOINTS 0xfull

void svm_nmi_reset(struct svm_nmi *n, struct vmcb *vmcb)
{
	*n = (struct svm_nmi){ 0 };
	vmcb->control.intercept1 &= ~SVM_INTERCEPT_IRET;
}

/* An NMI whose delivery the exit interrupted never reached the handler,
 * so nothing blocks yet; it goes in again (event_inj). */
void svm_nmi_exit_begin(struct svm_nmi *n, const struct vmcb *vmcb)
{
	if (svm_event_is(vmcb->control.event_inj, SVM_EVTINJ_TYPE_NMI))
		n->blocked = false;
}

void svm_nmi_deliver(struct svm_nmi *n, struct vmcb *vmcb,
		     struct bh_cpu_stats *stats)
{
	if (svm_event_is(vmcb->control.event_inj, SVM_EVTINJ_TYPE_NMI)) {
		/* one given before, delivered again */
		n->blocked = true;
		vmcb->control.intercept1 |= SVM_INTERCEPT_IRET;
		return;
	}
	if (!n->to_inject)
		return;
	if (n->blocked) {
		n->waited = true;
		return;
	}
	/* another event goes first; the NMI waits for the next exit */
	if (vmcb->control.event_inj & SVM_EVTINJ_VALID)
		return;
	vmcb->control.event_inj =
		SVM_EVTINJ_VALID | 2 |
		(SVM_EVTINJ_TYPE_NMI << SVM_EVTINJ_TYPE_SHIFT);
	vmcb->control.intercept1 |= SVM_INTERCEPT_IRET;
	n->to_inject = false;
	n->blocked = true;
	stats->nmis_injected++;
	if (n->waited)
		stats->nmis_held++;
	n->waited = false;
}

/* Step over the IRET; the blocking ends after it. */
void svm_nmi_iret(struct svm_nmi *n, struct vmcb *vmcb)
{
	vmcb->control.intercept1 &= ~SVM_INTERCEPT_IRET;
	if (!n->blocked)
		return;
	n->iret_step = true;
	n->iret_rip = vmcb->save.rip;
	n->iret_step_guest_tf = vmcb->save.rflags & X86_RFLAGS_TF;
	vmcb->save.rflags |= X86_RFLAGS_TF | X86_RFLAGS_RF;
}

/*
 * The IRET ran if the step's BS is set or RIP moved on. The #DB may also
 * be the guest's own: a data breakpoint its IRET hit, or its own
 * single-stepping; then it gets the #DB.
 */
bool svm_nmi_step_done(struct svm_nmi *n, struct vmcb *vmcb)
{
	struct vmcb_save *s = &vmcb->save;

	if (!n->iret_step || (s->rip == n->iret_rip && !(s->dr6 & X86_DR6_BS)))
		return false;
	n->iret_step = false;
	n->blocked = false;
	if (n->iret_step_guest_tf)
		return false;
	s->dr6 &= ~X86_DR6_BS;
	return !(s->dr6 & DR6_BREAKPOINTS);
}

u64 svm_nmi_guest_rflags(const struct svm_nmi *n, const struct vmcb *vmcb)
{
	u64 rflags = vmcb->save.rflags;

	if (n->iret_step && !n->iret_step_guest_tf)
		rflags &= ~(X86_RFLAGS_TF | X86_RFLAGS_RF);
	return rflags;
}
