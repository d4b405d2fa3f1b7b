/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMX's way into and out of the guest. The CPU's stack top holds two
 * words: at -8 whether its VMCS was launched (VMRESUME from then on), at
 * -16 whether an NMI came while the hypervisor ran (set by nmi_stub). The
 * guest's general registers, RAX included, lie right below them (struct
 * guest_regs); VM exits land at vmx_exit_entry with RSP at the flags
 * (the VMCS's host RSP), and push the registers there.
 */
	.code64
	.text

#include "include/asm/guest_regs.inc"

/* void vmx_vmrun_loop(struct guest_regs *regs) */
	.globl vmx_vmrun_loop
vmx_vmrun_loop:
	movq	%rdi, %rsp
vmx_enter:
	pop_guest_regs_but_rax
	popq	%rax
/*
 * An NMI taken from here to the entry restarts here (nmi_stub), so none
 * is left behind in the hypervisor while the guest runs without exits.
 */
	.globl vmx_entry_window
vmx_entry_window:
	cmpq	$0, (%rsp)
	jne	vmx_host_nmi_asm
	cmpq	$0, 8(%rsp)
	je	1f
	vmresume
	jmp	vmx_failed_asm
1:	vmlaunch
	.globl vmx_entry_window_end
vmx_entry_window_end:
vmx_failed_asm:
	push_guest_regs
	movq	%rsp, %rdi
	call	vmx_entry_failed
	ud2

vmx_host_nmi_asm:
	push_guest_regs
	movq	%rsp, %rdi
	call	vmx_handle_host_nmi
	jmp	vmx_enter

	.globl vmx_exit_entry
vmx_exit_entry:
	push_guest_regs
	movq	%rsp, %rdi
	call	vmx_handle_exit
	jmp	vmx_enter

/*
 * void vmx_unblock_nmis(void): a VM exit caused by an NMI leaves NMIs
 * blocked in the hypervisor until the next IRET, and a VM entry with
 * virtual NMIs does not lift that (Bochs shows it: the next kick of a
 * CPU that had parked from an NMI exit never came). An IRET to the next
 * instruction ends the blocking; an NMI pending meanwhile is taken there,
 * by nmi_stub, and served before the next entry.
 */
	.globl vmx_unblock_nmis
vmx_unblock_nmis:
	movq	%rsp, %rax
	pushq	$0x10
	pushq	%rax
	pushfq
	pushq	$0x08
	leaq	1f(%rip), %rax
	pushq	%rax
	iretq
1:	ret
