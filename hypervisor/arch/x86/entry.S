/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entry from the driver's trampoline, the VMRUN loop, and exception stubs.
 */
#define MAX_CPUS 64
#define STACK_SHIFT 14 /* 16 KiB per CPU, hv_stacks in setup.c */
#define HV_CS 0x08
#define HV_DS 0x10

#include "include/asm/guest_regs.inc"

	.code64
	.text

/*
 * rdi = struct bh_linux_cpu * (cpu number at offset 0). We run on our own
 * page tables but still on Linux's stack, GDT and IDT, interrupts off.
 */
	.globl arch_entry
arch_entry:
	lidt	hv_idt_desc(%rip)
	lgdt	hv_gdt_desc(%rip)
	movl	(%rdi), %eax
	cmpl	$MAX_CPUS, %eax
	jae	1f
	incq	%rax
	shlq	$STACK_SHIFT, %rax
	leaq	hv_stacks(%rip), %rsp
	addq	%rax, %rsp
	movw	$HV_DS, %ax
	movw	%ax, %ss
	movw	%ax, %ds
	movw	%ax, %es
	pushq	$HV_CS
	leaq	2f(%rip), %rax
	pushq	%rax
	lretq
2:	call	hv_cpu_entry
1:	cli
	hlt
	jmp	1b

/*
 * void svm_vmrun_loop(struct guest_regs *regs): regs lies at the top of
 * this CPU's stack, right below the VMCB's physical address. Guest RAX and
 * RSP live in the VMCB; every other general register is restored here
 * before VMRUN and saved here after #VMEXIT.
 */
	.globl svm_vmrun_loop
svm_vmrun_loop:
	movq	%rdi, %rsp
svm_vmrun:
	pop_guest_regs_but_rax
	addq	$8, %rsp
	movq	(%rsp), %rax
	vmrun	%rax
	/* #VMEXIT: RSP and RAX are back to their values at VMRUN. */
	push_guest_regs
	movq	%rsp, %rdi
	call	svm_handle_exit
	jmp	svm_vmrun

/*
 * Exceptions in the hypervisor are bugs: report and stop.
 */
	.macro exc_noerr vec
exc_\vec:
	pushq	$0
	pushq	$\vec
	jmp	exc_common
	.endm
	.macro exc_err vec
exc_\vec:
	pushq	$\vec
	jmp	exc_common
	.endm

/* %rax = this CPU's number, from the stack we run on (hv_stacks). */
	.macro cpu_of_stack
	movq	%rsp, %rax
	subq	%rdx, %rax
	shrq	$STACK_SHIFT, %rax
	.endm

/*
 * NMIs reach us while GIF is set in the hypervisor: in the instant
 * serve_management opens it, and while a regulated root CPU sleeps or
 * takes an interrupt (svm_gif_halt, svm_interrupt_window). Each is counted
 * for its CPU in hv_nmis_taken. An NMI that comes after STGI but before
 * the HLT of svm_gif_halt would leave that HLT to sleep with its wake-up
 * gone: such an NMI returns past the HLT.
 *
 * On VMX nothing holds NMIs while the hypervisor runs: every one that
 * comes then is taken here and also flagged in the word 16 bytes below the
 * CPU's stack top, which VMX's entry checks just before VMRESUME (and SVM
 * leaves unused: its guest RAX slot). One that comes after that check but
 * before the entry sends the CPU back to the check (vmx_entry.S). One that
 * comes after vmx_nmi_halt's check but before its HLT returns past the HLT.
 */
/* The interrupted RIP (above RAX and RDX) in [from, to) goes to @dest. */
	.macro rip_window from, to, dest
	leaq	\from(%rip), %rax
	cmpq	%rax, 16(%rsp)
	jb	9f
	leaq	\to(%rip), %rax
	cmpq	%rax, 16(%rsp)
	jae	9f
	leaq	\dest(%rip), %rax
	movq	%rax, 16(%rsp)
	jmp	1f
9:
	.endm

nmi_stub:
	pushq	%rax
	pushq	%rdx
	leaq	hv_stacks(%rip), %rdx
	cpu_of_stack
	/* not on our stacks yet (arch_entry loads the IDT before): none of
	 * our windows is open, nothing to count */
	cmpq	$MAX_CPUS, %rax
	jae	1f
	pushq	%rax
	incq	%rax
	shlq	$STACK_SHIFT, %rax
	addq	%rdx, %rax
	movq	$1, -16(%rax)
	popq	%rax
	leaq	hv_nmis_taken(%rip), %rdx
	incl	(%rdx,%rax,4)
	rip_window vmx_entry_window, vmx_entry_window_end, vmx_entry_window
	rip_window svm_gif_hlt_insn, svm_gif_hlt_done, svm_gif_hlt_done
	rip_window vmx_halt_window, vmx_halt_done, vmx_halt_done
1:	popq	%rdx
	popq	%rax
	iretq

/*
 * External interrupts reach us only in svm_interrupt_window: the stub
 * records the vector for the CPU in hv_irq_taken and returns with
 * interrupts off, so that exactly one is taken, to be given to the guest,
 * whose EOI ends it in the local APIC.
 */
	.balign 16
	.globl irq_stubs
irq_stubs:
	.set	vec, 32
	.rept	224
	.balign	16
	pushq	$vec
	jmp	irq_common
	.set	vec, vec + 1
	.endr

irq_common:
	/* stack: rdx, rax, vector, RIP, CS, RFLAGS, RSP, SS */
	pushq	%rax
	pushq	%rdx
	leaq	hv_stacks(%rip), %rdx
	cpu_of_stack
	cmpq	$MAX_CPUS, %rax
	jae	2f
	movq	16(%rsp), %rdx
	pushq	%rcx
	leaq	hv_irq_taken(%rip), %rcx
	movl	%edx, (%rcx,%rax,4)
	popq	%rcx
2:	andq	$~0x200, 40(%rsp)
	popq	%rdx
	popq	%rax
	addq	$8, %rsp
	iretq

/*
 * void svm_gif_halt(void): sleep with GIF set and interrupts off, until an
 * NMI comes.
 */
	.globl svm_gif_halt
svm_gif_halt:
	stgi
	.globl svm_gif_hlt_insn
svm_gif_hlt_insn:
	hlt
svm_gif_hlt_done:
	clgi
	ret

/*
 * void vmx_nmi_halt(const u32 *taken, u32 seen): sleep with interrupts off
 * until an NMI comes, unless *taken (the CPU's hv_nmis_taken) has moved
 * from @seen: an NMI came since the caller last looked. The check and the
 * HLT are the window of nmi_stub, so no NMI falls between them.
 */
	.globl vmx_nmi_halt
vmx_nmi_halt:
vmx_halt_window:
	cmpl	%esi, (%rdi)
	jne	vmx_halt_done
	hlt
vmx_halt_done:
	ret

/*
 * void svm_interrupt_window(void): GIF set and interrupts on for one
 * instruction: the highest pending external interrupt (irq_common) and
 * pending NMIs (nmi_stub) are taken.
 */
	.globl svm_interrupt_window
svm_interrupt_window:
	stgi
	sti
	nop
	cli
	clgi
	ret

exc_noerr 0
exc_noerr 1
exc_noerr 3
exc_noerr 4
exc_noerr 5
exc_noerr 6
exc_noerr 7
exc_err 8
exc_noerr 9
exc_err 10
exc_err 11
exc_err 12
exc_err 13
exc_err 14
exc_noerr 15
exc_noerr 16
exc_err 17
exc_noerr 18
exc_noerr 19
exc_noerr 20
exc_err 21

exc_common:
	/* stack: vector, error code, RIP, CS, RFLAGS, RSP, SS */
	movq	%rsp, %rdi
	andq	$~15, %rsp
	call	arch_exception
1:	cli
	hlt
	jmp	1b

	.section .rodata
	.balign 8
	.globl exc_stubs
exc_stubs:
	.quad exc_0, exc_1, nmi_stub, exc_3, exc_4, exc_5, exc_6, exc_7
	.quad exc_8, exc_9, exc_10, exc_11, exc_12, exc_13, exc_14, exc_15
	.quad exc_16, exc_17, exc_18, exc_19, exc_20, exc_21
	.globl exc_stubs_end
exc_stubs_end:
