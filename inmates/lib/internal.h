/* SPDX-License-Identifier: GPL-2.0 */
/* What the library's files share and inmates do not see. */
#ifndef INMATE_INTERNAL_H
#define INMATE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <bulkhead/hypercall.h>
#include <inmate/apic.h>
#include <inmate/smp.h>

/* Per CPU, found through GS (the first field points to itself). */
struct cpu_data {
	struct cpu_data *self;
	unsigned int index;
	uint32_t apic_id;
	volatile uint32_t online;
	enum timer_mode timer_mode;
	uint64_t nmi_count;
	/* interrupts left over from before the cell started are dropped */
	bool draining;
	/* the console line being collected */
	uint32_t line_len;
	char line[BH_CONSOLE_WRITE_MAX];
};

extern struct cpu_data cpu_data[SMP_MAX_CPUS];

static inline struct cpu_data *this_cpu(void)
{
	struct cpu_data *c;

	asm volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

/* The register frame isr.S builds; vector 0-255, error 0 if none. */
struct isr_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rdi, rsi, rbp, rbx, rdx, rcx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* header.S, trampoline.S, isr.S, hypercall.S */
extern uint64_t boot_comm_addr;
extern char cmdline_page[];
extern char ap_trampoline[];
extern uint64_t ap_boot_stack;
extern uint32_t ap_boot_cpu;
extern volatile uint32_t ap_boot_alive;
extern char isr_stubs[];
long hc_vmmcall(unsigned long code, unsigned long arg1, unsigned long arg2);
long hc_vmcall(unsigned long code, unsigned long arg1, unsigned long arg2);
extern char hc_vmmcall_insn[], hc_vmcall_insn[];

/* @v * @mul / @div without overflow for @mul, @div below 2^32. */
static inline uint64_t mul_div(uint64_t v, uint64_t mul, uint64_t div)
{
	return v / div * mul + v % div * mul / div;
}

/* The same, rounded up. */
static inline uint64_t mul_div_up(uint64_t v, uint64_t mul, uint64_t div)
{
	return v / div * mul + (v % div * mul + div - 1) / div;
}

/* Per-CPU setup of the calling CPU: GS, IDT, APIC. */
void cpu_init(unsigned int index);
void idt_init(void);
void idt_load(void);
void apic_init(void);
void irq_drain_stale(void);
void hypercall_init(void);
/* #UD at a hypercall instruction: no hypervisor. True if it was that. */
bool hypercall_fixup(struct isr_frame *f);
/* Validates the comm region at boot_comm_addr; false if it is not one. */
bool comm_init(void);
/* @uart_port: the cell's 16550, 0 for none. */
void console_init(uint16_t uart_port);
void cmdline_init(void);
void uart_init(uint16_t port);
void uart_write(uint16_t port, const char *s, uint32_t len);
__attribute__((noreturn)) void inmate_boot(void);
__attribute__((noreturn)) void ap_entry(unsigned int cpu);
__attribute__((noreturn)) void isr_fatal_stop(void);

/* The formatter, shared with the hypervisor (hypervisor/core/format.c). */
int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);

#endif
