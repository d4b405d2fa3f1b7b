/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Single x86 instructions the library and inmates need, as inline
 * functions. MSRs and ports are subject to the cell's rules
 * (docs/inmates.md): a forbidden one stops the cell.
 */
#ifndef INMATE_X86_H
#define INMATE_X86_H

#include <stdbool.h>
#include <stdint.h>

#define MSR_EFER 0xc0000080
#define MSR_GS_BASE 0xc0000101
#define MSR_TSC_DEADLINE 0x6e0

#define X86_EFLAGS_IF (1ul << 9)

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t val)
{
	asm volatile("wrmsr"
		     :
		     : "c"(msr), "a"((uint32_t)val), "d"((uint32_t)(val >> 32))
		     : "memory");
}

static inline void cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *a,
			 uint32_t *b, uint32_t *c, uint32_t *d)
{
	asm volatile("cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "a"(leaf), "c"(subleaf));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	asm volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

static inline void barrier(void)
{
	asm volatile("" ::: "memory");
}

static inline void irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

static inline void irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

/* Returns the previous interrupt flag for irq_restore(). */
static inline unsigned long irq_save(void)
{
	unsigned long flags;

	asm volatile("pushfq; popq %0; cli" : "=r"(flags) : : "memory");
	return flags;
}

static inline void irq_restore(unsigned long flags)
{
	if (flags & X86_EFLAGS_IF)
		irq_enable();
}

/* Every TLB entry of this CPU goes: inmates set no global pages. */
static inline void tlb_flush_all(void)
{
	uint64_t cr3;

	asm volatile("mov %%cr3, %0\n\tmov %0, %%cr3" : "=r"(cr3) : : "memory");
}

static inline uint64_t read_cr2(void)
{
	uint64_t v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

/*
 * Memory-mapped device registers the hypervisor emulates: every access
 * traps and is decoded as one MOV, so each helper is exactly one plain
 * MOV (or MOVZX) of its width that the compiler cannot merge, split or
 * turn into another instruction.
 */
static inline uint8_t mmio_read8(const volatile void *addr)
{
	uint32_t v;

	asm volatile("movzbl %1, %0"
		     : "=r"(v)
		     : "m"(*(const volatile uint8_t *)addr)
		     : "memory");
	return (uint8_t)v;
}

static inline uint16_t mmio_read16(const volatile void *addr)
{
	uint32_t v;

	asm volatile("movzwl %1, %0"
		     : "=r"(v)
		     : "m"(*(const volatile uint16_t *)addr)
		     : "memory");
	return (uint16_t)v;
}

static inline uint32_t mmio_read32(const volatile void *addr)
{
	uint32_t v;

	asm volatile("movl %1, %0"
		     : "=r"(v)
		     : "m"(*(const volatile uint32_t *)addr)
		     : "memory");
	return v;
}

static inline void mmio_write8(volatile void *addr, uint8_t v)
{
	asm volatile("movb %1, %0"
		     : "=m"(*(volatile uint8_t *)addr)
		     : "q"(v)
		     : "memory");
}

static inline void mmio_write16(volatile void *addr, uint16_t v)
{
	asm volatile("movw %1, %0"
		     : "=m"(*(volatile uint16_t *)addr)
		     : "r"(v)
		     : "memory");
}

static inline void mmio_write32(volatile void *addr, uint32_t v)
{
	asm volatile("movl %1, %0"
		     : "=m"(*(volatile uint32_t *)addr)
		     : "r"(v)
		     : "memory");
}

#endif
