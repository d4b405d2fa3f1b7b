/* SPDX-License-Identifier: GPL-2.0 */
#ifndef ASM_MSR_H
#define ASM_MSR_H

#define MSR_IA32_PAT 0x277
#define MSR_X2APIC_ICR 0x830
#define MSR_EFER 0xc0000080
#define MSR_VM_CR 0xc0010114
#define MSR_VM_HSAVE_PA 0xc0010117

#define VM_CR_SVMDIS (1ull << 4)
#define VM_CR_LOCK (1ull << 3)

#endif
