/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where the other CPUs start: STARTUP IPI vector 0x01 puts them here, at
 * 0x1000, in real mode (CS = 0x100, IP = 0). smp.c starts one CPU at a
 * time and fills ap_boot_* first. The way up is the boot CPU's: our GDT,
 * protected mode, then lm_enter (header.S) onto the same page tables.
 */
#include "layout.h"

	.section .trampoline, "awx"
	.code16
	.globl ap_trampoline
ap_trampoline:
	cli
	/* DS = 0: absolute addresses below 64 KiB work as they are */
	xorw	%ax, %ax
	movw	%ax, %ds
	movl	$1, ap_boot_alive
	lgdtl	gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CS32, $ap_pm32

	.code32
ap_pm32:
	movl	$GDT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$ap_long, %ebx
	jmp	lm_enter

	.code64
ap_long:
	movq	ap_boot_stack(%rip), %rsp
	movl	ap_boot_cpu(%rip), %edi
	xorl	%ebp, %ebp
	call	ap_entry
1:	cli
	hlt
	jmp	1b

	/* below 64 KiB, so that the real-mode code above can reach them */
	.balign 8
	.globl ap_boot_stack, ap_boot_cpu, ap_boot_alive
ap_boot_stack:
	.quad	0
ap_boot_cpu:
	.long	0
ap_boot_alive:
	.long	0
