/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only code that runs on both sides of the address-space switch. The
 * driver maps these pages at the same virtual address in the hypervisor's
 * page tables, since the instruction after a CR3 write is fetched through
 * the new tables.
 */
#include <linux/linkage.h>
#include <asm/nospec-branch.h>
#include <asm/unwind_hints.h>
#include "compat.h"
#include "tramp_offsets.h"

#define X86_CR4_PGE (1 << 7)

	.text
	.balign 4096
	.globl bh_tramp_start
bh_tramp_start:

/*
 * long bh_tramp_enter(struct bh_linux_cpu *lc, u64 hv_cr3, u64 hv_entry)
 *
 * Saves what the C calling convention wants preserved on the Linux stack,
 * records where Linux resumes, and jumps into the hypervisor on its page
 * tables. Linux resumes at bh_tramp_resume, as a guest on success or
 * natively on failure, with the result in RAX.
 */
SYM_CODE_START(bh_tramp_enter)
	BH_UNWIND_HINT_NONE
	ENDBR
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushfq
	movq	%rsp, LC_RESUME_RSP(%rdi)
	leaq	bh_tramp_resume(%rip), %rax
	movq	%rax, LC_RESUME_RIP(%rdi)
	movq	%rsi, %cr3
	/*
	 * Linux's kernel mappings are global and survive the CR3 write; the
	 * hypervisor's image sits at addresses Linux's kernel text may use.
	 * Toggling PGE drops every global translation.
	 */
	movq	%cr4, %rax
	movq	%rax, %rcx
	andq	$~X86_CR4_PGE, %rcx
	movq	%rcx, %cr4
	movq	%rax, %cr4
	ANNOTATE_RETPOLINE_SAFE
	jmp	*%rdx
SYM_CODE_END(bh_tramp_enter)

SYM_CODE_START_LOCAL(bh_tramp_resume)
	BH_UNWIND_HINT_NONE
	popfq
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	RET
SYM_CODE_END(bh_tramp_resume)

/*
 * void bh_tramp_leave(struct bh_linux_cpu *lc), jumped to by the hypervisor
 * on its own page tables and stack, interrupts off: switch to Linux's page
 * tables, GDT and IDT, restore the general registers and IRET to where the
 * guest was.
 */
SYM_CODE_START(bh_tramp_leave)
	BH_UNWIND_HINT_NONE
	/* reached through an address in the boot header: an indirect target */
	ENDBR
	movq	LC_CR3(%rdi), %rax
	movq	%rax, %cr3
	lgdt	LC_GDTR_LIMIT(%rdi)
	lidt	LC_IDTR_LIMIT(%rdi)
	movw	LC_DS_SEL(%rdi), %ax
	movw	%ax, %ds
	movw	LC_ES_SEL(%rdi), %ax
	movw	%ax, %es
	leaq	LC_REGS(%rdi), %rsp
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rbx
	addq	$8, %rsp
	popq	%rbp
	popq	%rsi
	popq	%rdi
	popq	%r8
	popq	%r9
	popq	%r10
	popq	%r11
	popq	%r12
	popq	%r13
	popq	%r14
	popq	%r15
	iretq
SYM_CODE_END(bh_tramp_leave)

	.globl bh_tramp_end
bh_tramp_end:
