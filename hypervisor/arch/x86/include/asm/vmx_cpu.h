/* SPDX-License-Identifier: GPL-2.0 */
/* State of the VMX backend shared between its setup and exit handling. */
#ifndef ASM_VMX_CPU_H
#define ASM_VMX_CPU_H

#include <bh/printk.h>
#include <bh/types.h>
#include <asm/processor.h>
#include <asm/vmx.h>
#include <asm/vmx_caps.h>

struct per_cpu;

/* The words at the top of each CPU's stack (vmx_entry.S). */
struct vmx_stack_top {
	u64 nmi_in_host; /* set by nmi_stub */
	u64 launched; /* VMRESUME, not VMLAUNCH */
};

struct arch_cpu {
	struct per_cpu *cpu;
	void *vmxon_region;
	void *vmcs;
	paddr_t vmcs_pa;
	struct guest_regs *regs; /* at the top of the CPU's stack */
	struct vmx_stack_top *top;
	u32 nmis_seen; /* of hv_nmis_taken, those served */
	bool vmx_on;
	bool nmi_to_inject; /* a guest NMI we could not inject yet */
	bool nmi_waited; /* it waited for the guest's NMI blocking to end */
	bool launched; /* ran a guest: leaving resumes the guest's code */
	u64 reg_deadline; /* regulated: exit by this TSC; 0 when not */
};

struct arch_cell {
	u8 *msr_bitmap; /* 1 page */
	u8 *io_bitmaps; /* A and B, 2 pages */
	u16 vpid;
};

extern struct vmx_setup vmx_setup;

struct arch_cpu *vmx_cpu_of_regs(struct guest_regs *regs);
void vmx_vmrun_loop(struct guest_regs *regs) __attribute__((noreturn));
void vmx_unblock_nmis(void);
extern const u8 vmx_exit_entry[];

/* The guest's CR0 and CR4 as it believes them (masked bits from the
 * read shadows), and setting them so. */
u64 vmx_guest_cr0(void);
u64 vmx_guest_cr4(void);
void vmx_set_guest_cr0(u64 val);
void vmx_set_guest_cr4(u64 val);
/* Flush the guest's translations of this CPU (VPID and EPT). */
void vmx_flush_guest_tlb(struct per_cpu *cpu);

/* Regulation of a root CPU (vmx_regulation.c). */
bool vmx_regulation_possible(const char **why);
void vmx_regulation_enter(struct per_cpu *cpu);
void vmx_regulation_leave(struct per_cpu *cpu);
void vmx_regulation_arm(struct per_cpu *cpu, u64 deadline);
void vmx_sleep_until_nmi(struct per_cpu *cpu);
/* Before an entry: the preemption timer from the deadline. */
void vmx_regulation_refresh(struct arch_cpu *ac);

static inline u64 vmread(u64 field)
{
	u64 v;

	asm volatile("vmread %1, %0" : "=rm"(v) : "r"(field) : "cc");
	return v;
}

/* A field this CPU lacks is a bug of ours: said, never silent. */
static inline void vmwrite(u64 field, u64 val)
{
	u8 failed;

	asm volatile("vmwrite %2, %1; setna %0"
		     : "=qm"(failed)
		     : "r"(field), "rm"(val)
		     : "cc", "memory");
	if (failed)
		printk("VMX: VMWRITE of field 0x%llx failed\n",
		       (unsigned long long)field);
}

#endif
