/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The start of every inmate image (offset 0, guest-physical 0): the boot
 * CPU arrives here in 32-bit protected mode, paging off, with the comm
 * region's address in ESI and no usable GDT or IDT. We load a GDT, clear
 * bss, map the first 4 GiB 1:1 with 2 MiB pages and enter long mode.
 * The command-line page (0x2000) is reserved here too.
 */
#include "layout.h"

	.section .boot, "ax"
	.code32
	.globl _start
_start:
	lgdtl	gdt_desc
	ljmpl	$GDT_CS32, $1f
1:	movl	$GDT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs

	movl	%esi, boot_comm_addr
	cld
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	/* PML4[0] -> PDPT; PDPT[0..3] -> four page directories */
	movl	$(pt_pdpt + PTE_PRESENT + PTE_WRITE), pt_pml4
	movl	$(pt_pd + PTE_PRESENT + PTE_WRITE), %eax
	xorl	%ecx, %ecx
2:	movl	%eax, pt_pdpt(,%ecx,8)
	addl	$0x1000, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jne	2b

	/* 2048 entries of 2 MiB: 0-4 GiB, write-back (PAT entry 0) */
	movl	$(PTE_PRESENT + PTE_WRITE + PTE_LARGE), %eax
	xorl	%ecx, %ecx
3:	movl	%eax, pt_pd(,%ecx,8)
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$2048, %ecx
	jne	3b

	movl	$boot_stack_top, %esp
	movl	$boot64, %ebx
	jmp	lm_enter

/*
 * Paging with the tables above, long mode, then a jump to the 64-bit code
 * at EBX (below 4 GiB). The boot CPU and the APs (from the trampoline)
 * come through here, with a flat GDT loaded and EFER still 0.
 */
	.globl lm_enter
lm_enter:
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$pt_pml4, %eax
	movl	%eax, %cr3
	/* written, not read-modify-written: EFER is 0 on entry and after INIT */
	movl	$EFER_MSR, %ecx
	movl	$EFER_LME, %eax
	xorl	%edx, %edx
	wrmsr
	/* an AP comes out of INIT with caches disabled (CD, NW) */
	movl	%cr0, %eax
	andl	$~(CR0_CD | CR0_NW), %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0
	ljmpl	$GDT_CS64, $lm_entered

	.code64
lm_entered:
	movw	$GDT_DS, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs
	/* the upper halves of registers are undefined after the mode switch */
	movl	%ebx, %ebx
	jmp	*%rbx

	.balign 8
gdt:
	.quad	0
	.quad	0x00af9a000000ffff	/* GDT_CS64: 64-bit code */
	.quad	0x00cf9a000000ffff	/* GDT_CS32: 32-bit code, 4 GiB */
	.quad	0x00cf92000000ffff	/* GDT_DS: data, 4 GiB */
gdt_end:

	/* 6 bytes for lgdtl in 16- and 32-bit mode: limit, 32-bit base */
	.globl gdt_desc
gdt_desc:
	.word	gdt_end - gdt - 1
	.long	gdt

	.text
	.code64
boot64:
	movq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	call	inmate_boot
4:	cli
	hlt
	jmp	4b

	.data
	.balign 8
	.globl boot_comm_addr
boot_comm_addr:
	.quad	0

/* Zero in the image: 'bulkhead cell load -s STRING' writes the string here. */
	.section .cmdline, "aw"
	.globl cmdline_page
cmdline_page:
	.fill	CMDLINE_SIZE, 1, 0

	.section .bss.pagetables, "aw", @nobits
	.balign 4096
	.globl pt_pml4
pt_pml4:
	.skip	0x1000
pt_pdpt:
	.skip	0x1000
pt_pd:
	.skip	0x4000

	.section .bss.stack, "aw", @nobits
	.balign 16
boot_stack:
	.skip	BOOT_STACK_SIZE
boot_stack_top:
