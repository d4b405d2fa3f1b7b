/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SVM and VMX implement the same operations; arch_init picks one from CPUID
 * and the arch_* entry points dispatch through it.
 */
#ifndef ASM_VENDOR_H
#define ASM_VENDOR_H

#include <bh/paging.h>
#include <bh/types.h>

struct cell;
struct per_cpu;

struct x86_vendor {
	const char *name;
	int (*init)(void);
	const struct paging_format *nested_paging;
	int (*cell_init)(struct cell *cell);
	void (*cell_destroy)(struct cell *cell);
	/* the cell's port intercepts again from its config and the cells */
	void (*cell_ports_changed)(struct cell *cell);
	int (*cpu_init)(struct per_cpu *cpu);
	void (*cpu_cleanup)(struct per_cpu *cpu);
	void (*cpu_activate)(struct per_cpu *cpu) __attribute__((noreturn));
	void (*cpu_leave)(struct per_cpu *cpu, long result)
		__attribute__((noreturn));
	void (*cpu_set_cell)(struct per_cpu *cpu, struct cell *cell);
	void (*cpu_flush_tlb)(struct per_cpu *cpu);
	/* run the guest from the cell entry state, or from a SIPI */
	void (*cpu_start)(struct per_cpu *cpu, u64 entry, u64 arg)
		__attribute__((noreturn));
	void (*cpu_start_sipi)(struct per_cpu *cpu, u8 vector)
		__attribute__((noreturn));
	/* regulation of a root CPU, as arch_regulation_* in bh/arch.h */
	bool (*regulation_possible)(const char **why);
	void (*regulation_enter)(struct per_cpu *cpu);
	void (*regulation_leave)(struct per_cpu *cpu);
	void (*regulation_arm)(struct per_cpu *cpu, u64 deadline);
	void (*sleep_until_nmi)(struct per_cpu *cpu);
	/* fault injection: the CPU's next guest entry fails */
	void (*corrupt_guest_state)(struct per_cpu *cpu);
};

extern const struct x86_vendor *x86_vendor;

extern const struct x86_vendor svm_vendor, vmx_vendor;
/* Each backend when the CPU has what it needs, else NULL. */
const struct x86_vendor *svm_probe(void);
const struct x86_vendor *vmx_probe(void);

/* The hypervisor's GDT and IDT (setup.c). */
struct desc_ptr {
	u16 limit;
	u64 base;
} __attribute__((packed));
extern const struct desc_ptr hv_gdt_desc, hv_idt_desc;

struct bh_linux_cpu;
struct guest_regs;
/* Make @l resume Linux right after its call into us, returning @result,
 * for a CPU that never ran a guest; CR4 goes back to Linux's. */
void x86_prepare_unentered_return(struct bh_linux_cpu *l, long result);
/* Linux's general registers at leaving: the guest's, RAX the @result. */
void x86_leave_regs(struct bh_linux_cpu *l, const struct guest_regs *r,
		    long result);

#define HV_STACK_SIZE (16 * 1024)
extern u8 hv_stacks[][HV_STACK_SIZE];

#endif
