/* SPDX-License-Identifier: GPL-2.0 */
/* The root's own NMIs on SVM, given back when it can take them (svm_nmi.c). */
#ifndef ASM_SVM_NMI_H
#define ASM_SVM_NMI_H

#include <bh/types.h>
#include <bulkhead/status.h>
#include "svm.h"

struct svm_nmi {
	bool to_inject; /* a guest NMI we could not inject yet */
	bool blocked; /* the guest runs the handler of one we gave it */
	bool waited; /* to_inject waited for the blocking's end */
	/* the IRET at iret_rip is being single-stepped; the guest's own TF */
	bool iret_step;
	bool iret_step_guest_tf;
	u64 iret_rip;
};

void svm_nmi_reset(struct svm_nmi *n, struct vmcb *vmcb);
/* At an exit, after the interrupted event was put back into event_inj. */
void svm_nmi_exit_begin(struct svm_nmi *n, const struct vmcb *vmcb);
/* Before the guest runs again. */
void svm_nmi_deliver(struct svm_nmi *n, struct vmcb *vmcb,
		     struct bh_cpu_stats *stats);
/* The IRET intercept's exit. */
void svm_nmi_iret(struct svm_nmi *n, struct vmcb *vmcb);
/* A #DB exit: true if it was only our step, which the guest must not see. */
bool svm_nmi_step_done(struct svm_nmi *n, struct vmcb *vmcb);
/* RFLAGS as the guest's code has them, without a step of ours. */
u64 svm_nmi_guest_rflags(const struct svm_nmi *n, const struct vmcb *vmcb);

#endif
