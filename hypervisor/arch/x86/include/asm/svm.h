/* SPDX-License-Identifier: GPL-2.0 */
/* AMD SVM: the VMCB (APM vol. 2, appendix B) and exit codes. */
#ifndef ASM_SVM_H
#define ASM_SVM_H

#include <bh/types.h>

struct vmcb_seg {
	u16 selector;
	u16 attrib;
	u32 limit;
	u64 base;
};

struct vmcb_control {
	u16 cr_read, cr_write; /* 0x000 */
	u16 dr_read, dr_write; /* 0x004 */
	u32 exceptions; /* 0x008 */
	u32 intercept1; /* 0x00c */
	u32 intercept2; /* 0x010 */
	u32 intercept3; /* 0x014 */
	u8 reserved_18[0x3c - 0x18];
	u16 pause_threshold; /* 0x03c */
	u16 pause_count; /* 0x03e */
	u64 iopm_pa; /* 0x040 */
	u64 msrpm_pa; /* 0x048 */
	u64 tsc_offset; /* 0x050 */
	u32 asid; /* 0x058 */
	u8 tlb_control; /* 0x05c */
	u8 reserved_5d[3];
	u64 vintr; /* 0x060 */
	u64 int_shadow; /* 0x068 */
	u64 exit_code; /* 0x070 */
	u64 exit_info1; /* 0x078 */
	u64 exit_info2; /* 0x080 */
	u64 exit_int_info; /* 0x088 */
	u64 nested_ctl; /* 0x090 */
	u64 avic_bar; /* 0x098 */
	u64 ghcb_pa; /* 0x0a0 */
	u64 event_inj; /* 0x0a8 */
	u64 n_cr3; /* 0x0b0 */
	u64 virt_ext; /* 0x0b8 */
	u32 clean; /* 0x0c0 */
	u32 reserved_c4;
	u64 next_rip; /* 0x0c8 */
	u8 insn_len; /* 0x0d0 */
	u8 insn_bytes[15];
	u8 reserved_e0[0x400 - 0xe0];
};

struct vmcb_save {
	struct vmcb_seg es, cs, ss, ds, fs, gs, gdtr, ldtr, idtr, tr;
	u8 reserved_a0[0xcb - 0xa0];
	u8 cpl; /* 0x0cb */
	u32 reserved_cc;
	u64 efer; /* 0x0d0 */
	u8 reserved_d8[0x148 - 0xd8];
	u64 cr4, cr3, cr0, dr7, dr6, rflags, rip; /* 0x148 .. 0x178 */
	u8 reserved_180[0x1d8 - 0x180];
	u64 rsp; /* 0x1d8 */
	u64 s_cet, ssp, isst_addr;
	u64 rax; /* 0x1f8 */
	u64 star, lstar, cstar, sfmask, kernel_gs_base; /* 0x200 */
	u64 sysenter_cs, sysenter_esp, sysenter_eip; /* 0x228 */
	u64 cr2; /* 0x240 */
	u8 reserved_248[0x268 - 0x248];
	u64 g_pat; /* 0x268 */
	u64 dbgctl;
	u8 reserved_rest[0xc00 - 0x278];
};

struct vmcb {
	struct vmcb_control control;
	struct vmcb_save save;
};

_Static_assert(sizeof(struct vmcb_control) == 0x400, "VMCB control area");
_Static_assert(__builtin_offsetof(struct vmcb_save, efer) == 0xd0, "efer");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr4) == 0x148, "cr4");
_Static_assert(__builtin_offsetof(struct vmcb_save, rsp) == 0x1d8, "rsp");
_Static_assert(__builtin_offsetof(struct vmcb_save, rax) == 0x1f8, "rax");
_Static_assert(__builtin_offsetof(struct vmcb_save, cr2) == 0x240, "cr2");
_Static_assert(__builtin_offsetof(struct vmcb_save, g_pat) == 0x268, "gpat");
_Static_assert(sizeof(struct vmcb) == 4096, "VMCB size");

/* intercept1 */
#define SVM_INTERCEPT_INTR BIT(0)
#define SVM_INTERCEPT_NMI BIT(1)
#define SVM_INTERCEPT_INIT BIT(3)
#define SVM_INTERCEPT_RDPMC BIT(15)
#define SVM_INTERCEPT_CPUID BIT(18)
#define SVM_INTERCEPT_IRET BIT(20)
#define SVM_INTERCEPT_IOIO BIT(27)
#define SVM_INTERCEPT_MSR BIT(28)
#define SVM_INTERCEPT_SHUTDOWN BIT(31)
/* intercept2 */
#define SVM_INTERCEPT_VMRUN BIT(0)
#define SVM_INTERCEPT_VMMCALL BIT(1)
#define SVM_INTERCEPT_VMLOAD BIT(2)
#define SVM_INTERCEPT_VMSAVE BIT(3)
#define SVM_INTERCEPT_STGI BIT(4)
#define SVM_INTERCEPT_CLGI BIT(5)
#define SVM_INTERCEPT_SKINIT BIT(6)

#define SVM_NESTED_CTL_NP BIT(0)
#define SVM_TLB_FLUSH_ALL 1
#define SVM_TLB_FLUSH_ASID 3

#define SVM_EVTINJ_VALID BIT(31)
#define SVM_EVTINJ_TYPE_SHIFT 8
#define SVM_EVTINJ_TYPE_INTR 0
#define SVM_EVTINJ_TYPE_NMI 2
#define SVM_EVTINJ_TYPE_EXC 3
#define SVM_EVTINJ_ERR_VALID BIT(11)

/* An event (EVENTINJ, EXITINTINFO) that is valid and of @type. */
static inline bool svm_event_is(u64 event, u32 type)
{
	return (event & SVM_EVTINJ_VALID) &&
	       ((event >> SVM_EVTINJ_TYPE_SHIFT) & 7) == type;
}

#define SVM_EXIT_READ_CR0 0x000
#define SVM_EXIT_EXCP_BASE 0x040
#define SVM_EXIT_INTR 0x060
#define SVM_EXIT_NMI 0x061
#define SVM_EXIT_INIT 0x063
#define SVM_EXIT_RDPMC 0x06f
#define SVM_EXIT_CPUID 0x072
#define SVM_EXIT_IRET 0x074
#define SVM_EXIT_HLT 0x078
#define SVM_EXIT_IOIO 0x07b
#define SVM_EXIT_MSR 0x07c
#define SVM_EXIT_SHUTDOWN 0x07f
#define SVM_EXIT_VMRUN 0x080
#define SVM_EXIT_VMMCALL 0x081
#define SVM_EXIT_VMLOAD 0x082
#define SVM_EXIT_VMSAVE 0x083
#define SVM_EXIT_STGI 0x084
#define SVM_EXIT_CLGI 0x085
#define SVM_EXIT_SKINIT 0x086
#define SVM_EXIT_XSETBV 0x08d
#define SVM_EXIT_NPF 0x400
#define SVM_EXIT_INVALID ((u64)-1)

#define SVM_IOIO_IN BIT(0)
#define SVM_IOIO_STR BIT(2)
#define SVM_IOIO_REP BIT(3)
#define SVM_IOIO_SIZE_SHIFT 4
#define SVM_IOIO_PORT_SHIFT 16

#define SVM_NPF_WRITE BIT(1)
#define SVM_NPF_FETCH BIT(4)
#define SVM_NPF_WALK BIT(33) /* during the guest's page-table walk */

#define CPUID_8000_0001_ECX_SVM BIT(2)
#define CPUID_8000_000A_EDX_NRIPS BIT(3)
#define CPUID_8000_000A_EDX_NP BIT(0)

#endif
