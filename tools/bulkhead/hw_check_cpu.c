// SPDX-License-Identifier: GPL-2.0
/*
 * `bulkhead hardware check`: the CPU apart from its virtualization
 * extensions (hw_check_virt.c). Its vendor, which picks the SVM or the
 * VMX items; 1 GiB pages and the paging levels Linux runs with; x2APIC
 * and whether Linux runs the local APIC in x2APIC mode; the TSC; cache
 * and memory bandwidth QoS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_check_internal.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD (1ull << 10)
#define APIC_BASE_EN (1ull << 11)

/*
 * /proc/meminfo's VmallocTotal is fixed by the kernel's page-table
 * layout: 32 TiB with 4-level paging, 12800 TiB with 5-level paging. It
 * tells which one Linux runs with, whatever the CPU offers; anything
 * above 64 TiB is 5-level.
 */
#define VMALLOC_4LEVEL_MAX_KB (64ull << 30)

/* Whether the "flags" line of /proc/cpuinfo lists @flag. */
static bool cpuinfo_flag(const char *cpuinfo, const char *flag)
{
	const char *line = strstr(cpuinfo, "\nflags");
	size_t n = strlen(flag);
	const char *p, *end;

	if (!line)
		return false;
	p = strchr(line, ':');
	end = strchr(line + 1, '\n');
	if (!p || (end && p > end))
		return false;
	if (!end)
		end = p + strlen(p);
	for (p++; p < end;) {
		const char *w;

		while (p < end && *p == ' ')
			p++;
		w = p;
		while (p < end && *p != ' ')
			p++;
		if ((size_t)(p - w) == n && !memcmp(w, flag, n))
			return true;
	}
	return false;
}

static void brand_string(struct hwc_ctx *c, char *out, size_t len)
{
	char b[49] = "";
	struct hw_cpuid r;
	char *p = b, *e;

	for (uint32_t leaf = 0x80000002; leaf <= 0x80000004; leaf++) {
		if (!hw_cpuid(c->src, leaf, 0, &r))
			break;
		memcpy(b + (leaf - 0x80000002) * 16, &r, 16);
	}
	b[48] = '\0';
	while (*p == ' ')
		p++;
	e = p + strlen(p);
	while (e > p && e[-1] == ' ')
		*--e = '\0';
	snprintf(out, len, "%s", *p ? p : "no brand string");
}

void hwc_check_vendor(struct hwc_ctx *c)
{
	struct hw_cpuid r, f1, e1;
	char vendor[13], brand[64];

	if (!hwc_cpuid(c, "vendor", true, 0, 0, &r))
		return;
	memcpy(vendor, &r.ebx, 4);
	memcpy(vendor + 4, &r.edx, 4);
	memcpy(vendor + 8, &r.ecx, 4);
	vendor[12] = '\0';
	for (int i = 0; i < 12; i++)
		if (vendor[i] < 0x20 || vendor[i] > 0x7e)
			vendor[i] = '?';
	brand_string(c, brand, sizeof(brand));

	/* Hygon's CPUs are AMD's design, SVM included. */
	if (!strcmp(vendor, "AuthenticAMD") || !strcmp(vendor, "HygonGenuine"))
		c->vendor = HWC_VENDOR_AMD;
	else if (!strcmp(vendor, "GenuineIntel"))
		c->vendor = HWC_VENDOR_INTEL;
	else
		c->vendor = HWC_VENDOR_OTHER;
	c->svm_path = c->vendor == HWC_VENDOR_AMD;
	if (c->vendor != HWC_VENDOR_OTHER) {
		hwc_add(c, "vendor", true, HW_OK, "%s: %s", vendor, brand);
		return;
	}
	/* Judge an unknown vendor's CPU by what it offers. */
	hw_cpuid(c->src, 1, 0, &f1);
	hw_cpuid(c->src, 0x80000001, 0, &e1);
	c->svm_path = hwc_bit(e1.ecx, 2) || !hwc_bit(f1.ecx, 5);
	hwc_add(c, "vendor", true, HW_WARNING,
		"%s: %s: neither AMD nor Intel; judged by its %s, but Bulkhead was never run on it",
		vendor, brand, c->svm_path ? "SVM" : "VMX");
}

void hwc_check_1g_pages(struct hwc_ctx *c)
{
	struct hw_cpuid r;

	if (!hwc_cpuid(c, "1g-pages", true, 0x80000001, 0, &r))
		return;
	hwc_add(c, "1g-pages", true, hwc_bit(r.edx, 26) ? HW_OK : HW_MISSING,
		hwc_bit(r.edx, 26) ?
			"1 GiB pages (CPUID 8000_0001 EDX[26])" :
			"no 1 GiB pages (CPUID 8000_0001 EDX[26] clear): the hypervisor's page tables use them");
}

/* VmallocTotal in kB from /proc/meminfo, 0 if unknown. */
static unsigned long long vmalloc_total_kb(struct hwc_ctx *c)
{
	char *m = hwc_read_text(c, "/proc/meminfo");
	unsigned long long kb = 0;
	const char *p;

	if (!m)
		return 0;
	p = strstr(m, "VmallocTotal:");
	if (p)
		kb = strtoull(p + strlen("VmallocTotal:"), NULL, 10);
	free(m);
	return kb;
}

/*
 * CPUID says only whether the CPU could use 5-level paging; whether
 * Linux does is read from VmallocTotal (see VMALLOC_4LEVEL_MAX_KB), or
 * failing that from the "la57" flag in /proc/cpuinfo, which Linux
 * clears when it runs with 4-level paging.
 */
void hwc_check_paging_levels(struct hwc_ctx *c)
{
	unsigned long long kb;
	struct hw_cpuid r;
	bool five;

	if (!hwc_cpuid(c, "4-level-paging", true, 7, 0, &r))
		return;
	if (!hwc_bit(r.ecx, 16)) {
		hwc_add(c, "4-level-paging", true, HW_OK,
			"the CPU has no 5-level paging (CPUID 7 ECX[16] LA57 clear), so Linux uses 4-level paging");
		return;
	}
	kb = vmalloc_total_kb(c);
	if (kb) {
		five = kb > VMALLOC_4LEVEL_MAX_KB;
		hwc_add(c, "4-level-paging", true, five ? HW_MISSING : HW_OK,
			"the CPU has 5-level paging; Linux uses %s (VmallocTotal %llu kB in /proc/meminfo)%s",
			five ? "it" : "4-level paging", kb,
			five ? ": Bulkhead supports 4-level paging only, boot with no5lvl" :
			       "");
		return;
	}
	if (!c->cpuinfo) {
		hwc_add(c, "4-level-paging", true, HW_WARNING,
			"the CPU has 5-level paging, and neither /proc/meminfo nor /proc/cpuinfo tells whether Linux uses it");
		return;
	}
	five = cpuinfo_flag(c->cpuinfo, "la57");
	hwc_add(c, "4-level-paging", true, five ? HW_MISSING : HW_OK,
		"the CPU has 5-level paging; /proc/cpuinfo %s 'la57', so Linux uses %s",
		five ? "lists" : "does not list",
		five ? "it: Bulkhead supports 4-level paging only, boot with no5lvl" :
		       "4-level paging");
}

/* An "apicid" above 255 in /proc/cpuinfo: only x2APIC mode has those. */
static bool cpuinfo_big_apic_id(const char *cpuinfo)
{
	const char *p = cpuinfo;

	while ((p = strstr(p, "\napicid"))) {
		const char *colon = strchr(p + 1, ':');

		p++;
		if (colon && strtoul(colon + 1, NULL, 10) > 255)
			return true;
	}
	return false;
}

/*
 * Without IA32_APIC_BASE, x2APIC mode is inferred from what Linux shows:
 * an APIC id above 255 proves it; otherwise interrupt remapping active
 * (IR- chips in /proc/interrupts) on a CPU with x2APIC (the x2apic flag,
 * which nox2apic clears) and firmware that does not opt out (DMAR flags
 * bit 1) is when Linux enables x2APIC mode. The one case this gets
 * wrong, remapping hardware without extended interrupt mode (old VT-d),
 * is not in the ACPI tables; the driver refuses such a machine at enable.
 */
static void x2apic_mode_fallback(struct hwc_ctx *c, const char *why)
{
	if (c->cpuinfo && cpuinfo_big_apic_id(c->cpuinfo)) {
		hwc_add(c, "x2apic-mode", false, HW_OK,
			"x2APIC mode, inferred: %s, but /proc/cpuinfo has APIC ids above 255, which only x2APIC mode has",
			why);
		return;
	}
	if (hwc_irq_remapping_active(c) && c->cpuinfo &&
	    cpuinfo_flag(c->cpuinfo, "x2apic") &&
	    !hwc_dmar_opts_out_of_x2apic(c)) {
		hwc_add(c, "x2apic-mode", false, HW_OK,
			"x2APIC mode, inferred: %s, but interrupt remapping is active (IR- in /proc/interrupts) and /proc/cpuinfo lists x2apic, when Linux uses x2APIC mode",
			why);
		return;
	}
	hwc_add(c, "x2apic-mode", false, HW_WARNING,
		"%s, and nothing else shows x2APIC mode (interrupt remapping active and x2apic in /proc/cpuinfo would): load the msr module and check again; in xAPIC mode every write of the root to its local APIC exits",
		why);
}

void hwc_check_x2apic(struct hwc_ctx *c)
{
	struct hw_cpuid r;
	char why[160];
	uint64_t v;
	int ret;

	if (!hwc_cpuid(c, "x2apic", true, 1, 0, &r))
		return;
	if (!hwc_bit(r.ecx, 21)) {
		hwc_add(c, "x2apic", true, HW_MISSING,
			"the CPU has no x2APIC (CPUID 1 ECX[21] clear): cells run their local APIC in x2APIC mode");
		return;
	}
	hwc_add(c, "x2apic", true, HW_OK, "x2APIC (CPUID 1 ECX[21])");
	ret = hw_rdmsr(c->src, 0, MSR_APIC_BASE, &v);
	if (ret) {
		hwc_msr_error(why, sizeof(why), MSR_APIC_BASE, ret);
		x2apic_mode_fallback(c, why);
		return;
	}
	if ((v & (APIC_BASE_EN | APIC_BASE_EXTD)) ==
	    (APIC_BASE_EN | APIC_BASE_EXTD)) {
		hwc_add(c, "x2apic-mode", false, HW_OK,
			"Linux runs the local APIC in x2APIC mode (IA32_APIC_BASE 0x1b bit 10 EXTD set)");
		return;
	}
	/*
	 * Supported (docs/architecture.md#a-root-in-xapic-mode), at a cost
	 * worth a warning: the root's APIC page is write-protected.
	 */
	hwc_add(c, "x2apic-mode", false, HW_WARNING,
		"Linux runs the local APIC in xAPIC mode (IA32_APIC_BASE 0x1b = 0x%llx, bit 10 EXTD clear): every EOI, timer write and IPI of the root exits to the hypervisor, and the root cannot be regulated; Linux uses x2APIC mode with interrupt remapping (intremap=on, no nox2apic)",
		(unsigned long long)v);
}

void hwc_check_tsc(struct hwc_ctx *c)
{
	struct hw_cpuid r;

	if (hwc_cpuid(c, "invariant-tsc", false, 0x80000007, 0, &r))
		hwc_add(c, "invariant-tsc", false,
			hwc_bit(r.edx, 8) ? HW_OK : HW_WARNING,
			hwc_bit(r.edx, 8) ?
				"invariant TSC (CPUID 8000_0007 EDX[8])" :
				"no invariant TSC (CPUID 8000_0007 EDX[8] clear): the TSC may change rate or stop with power states, so TSC-timed figures are not trustworthy");
	if (hwc_cpuid(c, "tsc-deadline", false, 1, 0, &r))
		hwc_add(c, "tsc-deadline", false,
			hwc_bit(r.ecx, 24) ? HW_OK : HW_WARNING,
			hwc_bit(r.ecx, 24) ?
				"TSC-deadline timer (CPUID 1 ECX[24])" :
				"no TSC-deadline timer (CPUID 1 ECX[24] clear): inmates fall back to the APIC timer's one-shot mode");
}

/*
 * Cache allocation (Intel CAT, AMD L3 allocation: both CPUID 7 EBX[15]
 * and leaf 10h) and bandwidth control (Intel MBA in leaf 10h, AMD's in
 * 8000_0020h), plus monitoring (CPUID 7 EBX[12], leaf 0Fh).
 */
void hwc_check_cache_qos(struct hwc_ctx *c)
{
	bool l3cat = false, mba = false, mon = false;
	struct hw_cpuid r7, r;
	char have[128] = "";

	if (!hwc_cpuid(c, "cache-qos", false, 7, 0, &r7))
		return;
	if (hwc_bit(r7.ebx, 15) && hw_cpuid(c->src, 0x10, 0, &r)) {
		l3cat = hwc_bit(r.ebx, 1);
		mba = c->vendor == HWC_VENDOR_INTEL && hwc_bit(r.ebx, 3);
	}
	if (c->vendor == HWC_VENDOR_AMD && hw_cpuid(c->src, 0x80000020, 0, &r))
		mba = mba || hwc_bit(r.ebx, 1);
	if (hwc_bit(r7.ebx, 12) && hw_cpuid(c->src, 0xf, 0, &r))
		mon = hwc_bit(r.edx, 1);
	snprintf(have, sizeof(have), "%s%s%s",
		 l3cat ? ", L3 cache allocation" : "",
		 mba ? ", memory bandwidth allocation" : "",
		 mon ? ", L3 monitoring" : "");
	if (!l3cat && !mba) {
		hwc_add(c, "cache-qos", false, HW_WARNING,
			"no cache or memory bandwidth allocation (CPUID 7 EBX[15], leaf 10h%s)%s: a real-time cell shares the L3 cache and memory bandwidth with Linux unprotected",
			c->vendor == HWC_VENDOR_AMD ? ", 8000_0020h" : "",
			mon ? "; L3 monitoring only" : "");
		return;
	}
	hwc_add(c, "cache-qos", false, HW_OK,
		l3cat ? "%s: a cell config's cache-ways reserves L3 ways for the cell (under Bulkhead, Linux's resctrl allocates nothing)" :
			"%s (Linux: resctrl)",
		have + 2);
}
