/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the parts of `bulkhead hardware check`'s judgement share: the
 * state of one check, the helpers that add items to it, and each part's
 * checks. hw_check.c runs the checks in the order of the items;
 * hw_check_cpu.c judges the CPU, hw_check_virt.c its virtualization
 * extensions (SVM, VMX), hw_check_platform.c what is around the CPU
 * (ACPI tables, IOMMU, CPUs online, a hypervisor underneath) and
 * hw_check_memmap.c a system config's memory against the machine. Not
 * for use outside hw_check*.c; hw_check.h is the interface.
 */
#ifndef BULKHEAD_HW_CHECK_INTERNAL_H
#define BULKHEAD_HW_CHECK_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw_acpi.h"
#include "hw_check.h"
#include "hw_iomem.h"
#include "hw_source.h"
#include "hw_text.h"

enum hwc_vendor {
	HWC_VENDOR_AMD,
	HWC_VENDOR_INTEL,
	HWC_VENDOR_OTHER,
};

struct hwc_ctx {
	struct hw_source *src;
	struct hw_check *out;
	enum hwc_vendor vendor;
	bool svm_path;
	char *cpuinfo; /* NULL if unreadable */
	char *interrupts;
	char *iomem;
	/* DMAR or IVRS, parsed; iommu_err says why not, if neither. */
	bool have_iommus;
	struct acpi_iommus iommus;
	char iommu_err[256];
};

/* hw_check.c: the items and what every part reads with. */

/* Appends an item; past HW_CHECK_MAX_ITEMS, drops it. */
void hwc_add(struct hwc_ctx *c, const char *name, bool needed,
	     enum hw_status st, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* CPUID, or an item saying the recording lacks the leaf. */
bool hwc_cpuid(struct hwc_ctx *c, const char *name, bool needed, uint32_t leaf,
	       uint32_t sub, struct hw_cpuid *r);
/* "cannot read MSR 0xc0010114 on CPU 0: no /dev/cpu/0/msr (...)" */
void hwc_msr_error(char *buf, size_t len, uint32_t msr, int err);
/* Reads @path into a buffer to free; NULL if it cannot be read. */
char *hwc_read_text(struct hwc_ctx *c, const char *path);

static inline bool hwc_bit(uint32_t reg, unsigned int n)
{
	return reg >> n & 1;
}

/* hw_check_cpu.c */
void hwc_check_vendor(struct hwc_ctx *c);
void hwc_check_1g_pages(struct hwc_ctx *c);
void hwc_check_paging_levels(struct hwc_ctx *c);
void hwc_check_x2apic(struct hwc_ctx *c);
void hwc_check_tsc(struct hwc_ctx *c);
void hwc_check_cache_qos(struct hwc_ctx *c);

/* hw_check_virt.c; @hypervisor: Linux runs under one (CPUID 1 ECX[31]). */
void hwc_check_svm(struct hwc_ctx *c, bool hypervisor);
void hwc_check_svm_features(struct hwc_ctx *c);
void hwc_check_vmx(struct hwc_ctx *c, bool hypervisor);

/* hw_check_platform.c */
void hwc_load_iommus(struct hwc_ctx *c);
/* Any /proc/interrupts chip named IR-...: Linux remaps interrupts. */
bool hwc_irq_remapping_active(const struct hwc_ctx *c);
/* A VT-d DMAR with flags INTR_REMAP and X2APIC_OPT_OUT (bits 0, 1). */
bool hwc_dmar_opts_out_of_x2apic(const struct hwc_ctx *c);
void hwc_check_irq_remapping(struct hwc_ctx *c);
void hwc_check_iommu(struct hwc_ctx *c);
void hwc_check_acpi_tables(struct hwc_ctx *c);
/* The online CPUs in @online; false (with an item) if unknown. */
bool hwc_check_cpus(struct hwc_ctx *c, struct hw_cpus *online);
void hwc_check_smt(struct hwc_ctx *c, const struct hw_cpus *online);
void hwc_check_isolated(struct hwc_ctx *c);
void hwc_check_hypervisor(struct hwc_ctx *c);
bool hwc_under_hypervisor(const struct hw_source *src);

/* hw_check_memmap.c: the items of --config. */
void hwc_check_memmap(struct hwc_ctx *c, const struct bh_system_desc *sys);
void hwc_check_config_cpus(struct hwc_ctx *c, const struct bh_system_desc *sys,
			   const struct hw_cpus *online);

#endif
