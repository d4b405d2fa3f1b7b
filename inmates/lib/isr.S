/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One 16-byte stub per vector (idt.c points the IDT at isr_stubs +
 * 16 * vector), and the common path to isr_dispatch() in irq.c.
 */
	.text
	.code64

	.balign 16
	.globl isr_stubs
isr_stubs:
	.set	isr_vec, 0
	.rept	256
	.balign	16
	/* the CPU pushes an error code for these; push a 0 for the rest */
	.if (isr_vec == 8) || ((isr_vec >= 10) && (isr_vec <= 14)) || (isr_vec == 17) || (isr_vec == 21) || (isr_vec == 29) || (isr_vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$isr_vec
	jmp	isr_common
	.set	isr_vec, isr_vec + 1
	.endr

/*
 * Builds struct isr_frame (internal.h) and reads the TSC as early as it
 * can, for the handlers' latency measurements. RSP is 16-byte aligned at
 * the call: the CPU aligns it before its 5 words, then come 17 more.
 */
isr_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rbx
	pushq	%rbp
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	rdtsc
	shlq	$32, %rdx
	orq	%rdx, %rax
	movq	%rsp, %rdi
	movq	%rax, %rsi
	cld
	call	isr_dispatch
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rbp
	popq	%rbx
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$16, %rsp
	iretq
