/* SPDX-License-Identifier: GPL-2.0 */
/*
 * long hc_vmmcall(code, arg1, arg2), hc_vmcall(...): the hypercall ABI
 * puts code, arg1, arg2 in RAX, RDI, RSI. The instruction addresses are
 * global so that irq.c can tell a #UD there (no hypervisor) from a bug.
 */
	.text
	.code64

	.globl hc_vmmcall, hc_vmmcall_insn
hc_vmmcall:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
hc_vmmcall_insn:
	vmmcall
	ret

	.globl hc_vmcall, hc_vmcall_insn
hc_vmcall:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
hc_vmcall_insn:
	vmcall
	ret
