/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_IA32_TSC 0x10
#define MSR_IA32_APIC_BASE 0x1b
#define APIC_BASE_X2APIC (1ull << 10)
#define MSR_IA32_BIOS_UPDT_TRIG 0x79 /* Intel microcode loader */
#define MSR_IA32_SYSENTER_CS 0x174
#define MSR_IA32_SYSENTER_ESP 0x175
#define MSR_IA32_SYSENTER_EIP 0x176
#define MSR_IA32_DEBUGCTL 0x1d9
#define MSR_IA32_PAT 0x277
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define MSR_IA32_L3_QOS_CFG 0xc81 /* bit 0: code/data prioritization on */
#define MSR_IA32_PQR_ASSOC 0xc8f /* COS in bits 63:32, RMID in 9:0 */
#define MSR_IA32_L3_MASK_0 0xc90 /* COS n's capacity bitmask at +n */
/* x2APIC registers */
#define MSR_X2APIC_TPR 0x808
#define MSR_X2APIC_EOI 0x80b
#define MSR_X2APIC_ISR0 0x810 /* ISR bits 0-31; 0x811-0x817 the rest */
#define MSR_X2APIC_ICR 0x830
#define MSR_X2APIC_LVT_TIMER 0x832
#define MSR_X2APIC_LVT_THERMAL 0x833
#define MSR_X2APIC_LVT_PERF 0x834
#define MSR_X2APIC_LVT_LINT0 0x835
#define MSR_X2APIC_LVT_LINT1 0x836
#define MSR_X2APIC_LVT_ERROR 0x837
#define MSR_X2APIC_TIMER_INIT 0x838
#define MSR_X2APIC_TIMER_CUR 0x839
#define MSR_X2APIC_TIMER_DIV 0x83e
#define MSR_EFER 0xc0000080
#define MSR_STAR 0xc0000081
#define MSR_LSTAR 0xc0000082
#define MSR_CSTAR 0xc0000083
#define MSR_SYSCALL_MASK 0xc0000084
#define MSR_FS_BASE 0xc0000100
#define MSR_GS_BASE 0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define MSR_TSC_AUX 0xc0000103
#define MSR_AMD_PATCH_LOADER 0xc0010020
#define MSR_VM_CR 0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117

#define VM_CR_SVMDIS (1ull << 4)
#define VM_CR_LOCK (1ull << 3)

#endif
