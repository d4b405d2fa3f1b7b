/* SPDX-License-Identifier: GPL-2.0 */
/* x86 instructions the hypervisor uses, as inline functions. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H

#include <bh/types.h>

#define X86_CR0_PE BIT(0)
#define X86_CR0_ET BIT(4)
#define X86_CR0_NE BIT(5)
#define X86_CR0_NW BIT(29)
#define X86_CR0_CD BIT(30)
#define X86_CR0_PG BIT(31)
#define X86_CR4_PAE BIT(5)
#define X86_CR4_PGE BIT(7)
#define X86_CR4_OSFXSR BIT(9)
#define X86_CR4_VMXE BIT(13)
#define X86_CR4_OSXSAVE BIT(18)
#define X86_CR4_PKE BIT(22)

#define X86_RFLAGS_RESERVED1 BIT(1)
#define X86_RFLAGS_TF BIT(8)
#define X86_RFLAGS_RF BIT(16)
#define X86_DR6_BS BIT(14)

/* Exception vectors the hypervisor injects or intercepts. */
#define EXC_DB 1
#define EXC_UD 6
#define EXC_DF 8
#define EXC_GP 13
#define EXC_AC 17

/*
 * General registers as the exit entry code saves them (entry.S,
 * vmx_entry.S). RSP is the VMCB's or VMCS's; so is RAX on SVM, while VMX
 * keeps it here.
 */
struct guest_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rdi, rsi, rbp, rsp_unused, rbx, rdx, rcx, rax;
};

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 val)
{
	asm volatile("wrmsr" ::"c"(msr), "a"((u32)val), "d"((u32)(val >> 32))
		     : "memory");
}

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c,
			       u32 *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(sub));
}

static inline u64 read_cr2(void)
{
	u64 v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr0(void)
{
	u64 v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr3(void)
{
	u64 v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline u64 read_cr4(void)
{
	u64 v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline void write_cr4(u64 v)
{
	asm volatile("mov %0, %%cr4" ::"r"(v) : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

static inline void outb(u16 port, u8 v)
{
	asm volatile("outb %0, %1" ::"a"(v), "Nd"(port));
}

static inline u8 inb(u16 port)
{
	u8 v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outw(u16 port, u16 v)
{
	asm volatile("outw %0, %1" ::"a"(v), "Nd"(port));
}

static inline u16 inw(u16 port)
{
	u16 v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outl(u16 port, u32 v)
{
	asm volatile("outl %0, %1" ::"a"(v), "Nd"(port));
}

static inline u32 inl(u16 port)
{
	u32 v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void cpu_pause(void)
{
	asm volatile("pause" ::: "memory");
}

#endif
