/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What both vendors do with a guest access their intercepts refused: the
 * same decisions and console lines on SVM and VMX, the vendor supplying
 * only where its registers and exit information are.
 */
#ifndef ASM_GUEST_ACCESS_H
#define ASM_GUEST_ACCESS_H

#include <bh/types.h>
#include "processor.h"

struct per_cpu;

/*
 * A data access of the instruction at @rip to guest-physical @gpa that
 * the nested tables refused: decode it, let a device model serve it, or
 * refuse it (a cell fails, no return; the root's read gets all-ones and
 * its write is dropped, both logged). @rax is where the guest's RAX is.
 * Returns the length of the instruction to skip, or 0 when it could not
 * be decoded and the guest must get #GP.
 */
unsigned int x86_data_access(struct per_cpu *cpu, struct guest_regs *regs,
			     u64 *rax, u64 gpa, bool write, u64 rip, u64 cr3);

/*
 * An instruction fetch, a walk of the guest's own page tables or an event
 * delivery (@what) the nested tables refused: a cell fails (no return);
 * the root's is logged. Returns the exception for the root: #DF for a
 * delivery (the re-queued event would only fault again), else #GP.
 */
u8 x86_access_refused(struct per_cpu *cpu, const char *what, u64 gpa, u64 rip,
		      bool delivery);

/* A port outside the caller's pio list: a cell fails (no return); the
 * root's is logged, and a read of it gets all-ones. */
void x86_pio_refused(struct per_cpu *cpu, u16 port, bool in, u64 rip);

/* A guest's triple fault (shutdown): a cell fails; for the root, the end. */
void x86_triple_fault(struct per_cpu *cpu, u64 rip) __attribute__((noreturn));

#endif
