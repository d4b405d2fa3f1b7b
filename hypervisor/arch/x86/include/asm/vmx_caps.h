/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether a CPU's VMX offers what the hypervisor needs, judged from its
 * capability MSRs alone, and the control values every VMCS starts from.
 * Kept free of hardware access so that the host unit test feeds it the
 * MSRs of real and emulated CPUs.
 */
#ifndef ASM_VMX_CAPS_H
#define ASM_VMX_CAPS_H

#include <bh/types.h>

/* The MSRs as read; the TRUE_* ones are 0 when IA32_VMX_BASIC lacks them. */
struct vmx_msrs {
	u64 feature_control;
	u64 basic, pin, proc, exit, entry, misc;
	u64 cr0_fixed0, cr0_fixed1, cr4_fixed0, cr4_fixed1;
	u64 proc2, ept_vpid;
	u64 true_pin, true_proc, true_exit, true_entry;
};

struct vmx_setup {
	u32 revision; /* the VMXON region's and every VMCS's first word */
	/* controls every VMCS gets; per-cell bits are added on top */
	u32 pin, proc, proc2, exit, entry;
	/* EPT with 1 GiB leaves (2 MiB ones are required) */
	bool ept_1g;
	bool invept_single; /* else INVEPT all-context */
	bool vpid; /* VPIDs and INVVPID single-context are used */
	bool preemption_timer;
	bool rdpmc_exiting; /* a cell's RDPMC can be made to exit */
	u32 preemption_rate; /* the timer counts every 2^rate TSC ticks */
	/* CR bits VMX forces to 1 and to 0 in a guest, beyond what an
	 * unrestricted guest may clear (PE, PG) */
	u64 cr0_must1, cr0_must0, cr4_must1, cr4_must0;
	/* the feature control MSR must be written (unlocked) before VMXON */
	bool enable_in_feature_control;
};

/*
 * vmx_caps_check() - judge @m and fill @s
 * @missing: on refusal, what is missing, as a phrase for the console
 *
 * Return: 0, or -ENODEV naming the first missing feature.
 */
int vmx_caps_check(const struct vmx_msrs *m, struct vmx_setup *s,
		   const char **missing);

#endif
