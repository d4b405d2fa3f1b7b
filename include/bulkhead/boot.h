/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * How the Linux driver starts the hypervisor, version 1 (docs/driver.md).
 *
 * The image begins with struct bh_hv_header. The driver copies the image
 * to the start of hypervisor memory, zeroes the rest of the image's span
 * (bss), places the system config after it, builds the hypervisor's page
 * tables after that, and enters on every CPU through a trampoline in its
 * own text with a per-CPU struct bh_linux_cpu describing Linux's state.
 */
#ifndef BULKHEAD_BOOT_H
#define BULKHEAD_BOOT_H

#include <bulkhead/types.h>

#define BH_BOOT_VERSION 3
#define BH_HV_SIGNATURE "BULKHEAD"

/*
 * Virtual layout of the hypervisor's address space. The image is linked at
 * BH_HV_BASE (the top 2 GiB, for -mcmodel=kernel; Linux's own kernel text
 * lives there, which the hypervisor never maps). All physical memory up to
 * bh_hv_header.phys_map_size is mapped at BH_PHYS_MAP_BASE, the guard hole
 * Linux leaves for hypervisors. The trampoline and the per-CPU structs are
 * also mapped at their Linux addresses, so that code can switch CR3.
 */
#define BH_HV_BASE 0xffffffff80000000ull
#define BH_HV_MAX_SIZE (512ull << 20)
#define BH_PHYS_MAP_BASE 0xffff800000000000ull
/*
 * The local APIC's register page (bh_hv_header.lapic_phys), uncached, in
 * the last page of Linux's hypervisor hole: a root in xAPIC mode has its
 * IPIs sent by the hypervisor through it.
 */
#define BH_LAPIC_VIRT 0xffff87fffffff000ull

#define BH_MAX_CPUS_BOOT 64

struct bh_hv_header {
	char signature[8];
	uint32_t version;
	uint32_t max_cpus;
	uint64_t entry; /* hypervisor-virtual address of the CPU entry */
	uint64_t image_size; /* from BH_HV_BASE to end of bss, page multiple */
	/* Page-aligned offsets from BH_HV_BASE: [0, text_start) read-only,
	 * [text_start, text_end) read-execute, [text_end, rodata_end)
	 * read-only, the rest read-write and never executable. */
	uint64_t text_start;
	uint64_t text_end;
	uint64_t rodata_end;
	/* Filled in by the driver before entering: */
	uint64_t hv_phys; /* physical base of hypervisor memory */
	uint64_t hv_size;
	uint64_t config_offset; /* system config, from BH_HV_BASE */
	uint64_t config_size;
	uint64_t pool_offset; /* first page free for the page pool */
	uint64_t status_offset; /* struct bh_status, set at link time */
	uint64_t phys_map_size;
	uint32_t num_cpus; /* CPUs entering, equals the root cell's */
	uint32_t reserved;
	uint64_t tsc_khz; /* Linux's calibration, a hint for the hypervisor */
	uint64_t leave_entry; /* trampoline code returning a CPU to Linux */
	uint64_t cpu_structs[BH_MAX_CPUS_BOOT]; /* bh_linux_cpu, Linux VA, by CPU */
	uint64_t lapic_phys; /* mapped at BH_LAPIC_VIRT */
};

/* limit and base are adjacent as LGDT/LIDT want them, at offset 6. */
struct bh_desc_ptr {
	uint16_t pad[3];
	uint16_t limit;
	uint64_t base;
};

struct bh_segment {
	uint16_t selector;
	uint16_t attrib; /* VMCB-style: type, S, DPL, P, AVL, L, D/B, G */
	uint32_t limit;
	uint64_t base;
};

/*
 * Linux's state of one CPU at entry, and the state to return to on leave.
 * Lives in Linux memory (one page per CPU), mapped at the same virtual
 * address in both address spaces.
 */
struct bh_linux_cpu {
	uint32_t cpu; /* Linux CPU number */
	uint32_t apic_id;
	uint64_t cr0, cr3, cr4, efer, pat;
	struct bh_desc_ptr gdtr, idtr;
	struct bh_segment cs, ss, ds, es, fs, gs, tr, ldtr;
	uint64_t fs_base, gs_base, kernel_gs_base;
	uint64_t sysenter_cs, sysenter_esp, sysenter_eip;
	uint64_t star, lstar, cstar, sfmask;
	uint64_t dr7;
	/* Set by the trampoline: where Linux resumes and its stack there. */
	uint64_t resume_rip, resume_rsp;
	/* Return path: general registers (RAX..R15 in encoding order) and an
	 * IRET frame (RIP, CS, RFLAGS, RSP, SS) the trampoline's leave code
	 * loads after switching back to Linux's CR3, GDT and IDT. */
	uint64_t regs[16];
	uint64_t iret[5];
	/* Entry result of this CPU, written by the hypervisor. */
	int64_t result;
};

#endif
