// SPDX-License-Identifier: GPL-2.0
/*
 * `bulkhead hardware check`: the CPU's virtualization extensions. AMD
 * SVM from CPUID and whether the firmware disabled it (VM_CR), with its
 * features (nested paging, next-RIP save, decode assists); Intel VMX from
 * CPUID, whether the firmware enabled it (IA32_FEATURE_CONTROL) and its
 * capability MSRs (EPT, unrestricted guest, the preemption timer).
 */
#include <stdio.h>

#include "hw_check_internal.h"
/* the hypervisor's own capability checks, linked into the CLI */
#include "../../hypervisor/arch/x86/include/asm/vmx_caps.h"

#define MSR_FEATURE_CONTROL 0x3a
#define FC_LOCK (1ull << 0)
#define FC_VMX_OUTSIDE_SMX (1ull << 2)
#define MSR_VMX_BASIC 0x480
#define VMX_BASIC_TRUE_CTLS (1ull << 55)
#define MSR_VMX_PINBASED 0x481
#define MSR_VMX_PROCBASED 0x482
#define MSR_VMX_PROCBASED2 0x48b
#define MSR_VMX_EPT_VPID_CAP 0x48c
#define MSR_VMX_TRUE_PINBASED 0x48d
/* Allowed-1 settings are the high half of the control MSRs. */
#define ALLOWED1(bit) (1ull << (32 + (bit)))
#define PIN_PREEMPTION_TIMER ALLOWED1(6)
#define PROC_SECONDARY ALLOWED1(31)
#define PROC2_EPT ALLOWED1(1)
#define PROC2_UNRESTRICTED ALLOWED1(7)
#define EPT_CAP_2M (1ull << 16)
#define EPT_CAP_1G (1ull << 17)
#define MSR_VM_CR 0xc0010114
#define VM_CR_LOCK (1ull << 3)
#define VM_CR_SVMDIS (1ull << 4)

void hwc_check_svm(struct hwc_ctx *c, bool hypervisor)
{
	struct hw_cpuid r;
	char why[160];
	uint64_t v;
	int ret;

	if (!hwc_cpuid(c, "svm", true, 0x80000001, 0, &r))
		return;
	if (!hwc_bit(r.ecx, 2)) {
		hwc_add(c, "svm", true, HW_MISSING,
			"CPUID 8000_0001 ECX[2] is clear: %s",
			hypervisor ?
				"the hypervisor this Linux runs under does not expose AMD SVM (enable nested virtualization there, or run on bare metal)" :
				"this CPU has no AMD SVM");
		return;
	}
	ret = hw_rdmsr(c->src, 0, MSR_VM_CR, &v);
	if (ret) {
		hwc_msr_error(why, sizeof(why), MSR_VM_CR, ret);
		hwc_add(c, "svm", true, HW_WARNING,
			"AMD SVM in CPUID, but %s: whether the firmware disabled it (VM_CR.SVMDIS) is unknown",
			why);
		return;
	}
	if (v & VM_CR_SVMDIS) {
		hwc_add(c, "svm", true, HW_MISSING,
			"AMD SVM is disabled by the firmware (VM_CR 0x%x bit 4 SVMDIS set%s): enable 'SVM Mode' in the firmware setup",
			MSR_VM_CR, v & VM_CR_LOCK ? ", locked" : "");
		return;
	}
	hwc_add(c, "svm", true, HW_OK,
		"AMD SVM available, not disabled by firmware (VM_CR.SVMDIS clear)");
}

void hwc_check_svm_features(struct hwc_ctx *c)
{
	struct hw_cpuid r;

	if (!hwc_cpuid(c, "nested-paging", true, 0x8000000a, 0, &r))
		return;
	hwc_add(c, "nested-paging", true,
		hwc_bit(r.edx, 0) ? HW_OK : HW_MISSING,
		hwc_bit(r.edx, 0) ?
			"AMD nested paging (CPUID 8000_000A EDX[0] NP)" :
			"no AMD nested paging (CPUID 8000_000A EDX[0] NP clear): the hypervisor runs Linux on nested paging");
	hwc_add(c, "2m-pages", true, HW_OK,
		"2 MiB pages are part of 64-bit paging, which nested paging uses as it is");
	hwc_add(c, "nrip-save", false, hwc_bit(r.edx, 3) ? HW_OK : HW_WARNING,
		hwc_bit(r.edx, 3) ?
			"next-RIP save (CPUID 8000_000A EDX[3])" :
			"no next-RIP save (CPUID 8000_000A EDX[3] clear): the hypervisor decodes the length of every intercepted instruction itself, exits are slower");
	hwc_add(c, "decode-assists", false,
		hwc_bit(r.edx, 7) ? HW_OK : HW_WARNING,
		hwc_bit(r.edx, 7) ?
			"decode assists (CPUID 8000_000A EDX[7])" :
			"no decode assists (CPUID 8000_000A EDX[7] clear): MMIO accesses are decoded from guest memory, exits are slower");
}

/* The VMX capability MSRs; -errno with the failing one in @why. */
static int read_vmx_caps(struct hwc_ctx *c, uint64_t caps[4], char *why,
			 size_t len)
{
	static const uint32_t msrs[] = { MSR_VMX_PROCBASED, MSR_VMX_PROCBASED2,
					 MSR_VMX_EPT_VPID_CAP };
	uint64_t basic;
	int ret;

	ret = hw_rdmsr(c->src, 0, MSR_VMX_BASIC, &basic);
	if (ret) {
		hwc_msr_error(why, len, MSR_VMX_BASIC, ret);
		return ret;
	}
	for (int i = 0; i < 3; i++) {
		ret = hw_rdmsr(c->src, 0, msrs[i], &caps[i]);
		if (ret) {
			hwc_msr_error(why, len, msrs[i], ret);
			return ret;
		}
	}
	/* The TRUE controls MSR, where there is one, is the accurate one. */
	ret = hw_rdmsr(c->src, 0,
		       basic & VMX_BASIC_TRUE_CTLS ? MSR_VMX_TRUE_PINBASED :
						     MSR_VMX_PINBASED,
		       &caps[3]);
	if (ret)
		hwc_msr_error(why, len,
			      basic & VMX_BASIC_TRUE_CTLS ?
				      MSR_VMX_TRUE_PINBASED :
				      MSR_VMX_PINBASED,
			      ret);
	return ret;
}

static void check_vmx_firmware(struct hwc_ctx *c)
{
	char why[160];
	uint64_t v;
	int ret;

	ret = hw_rdmsr(c->src, 0, MSR_FEATURE_CONTROL, &v);
	if (ret) {
		hwc_msr_error(why, sizeof(why), MSR_FEATURE_CONTROL, ret);
		hwc_add(c, "vmx-firmware", true, HW_WARNING,
			"%s: whether the firmware enabled VMX is unknown", why);
	} else if (!(v & FC_LOCK)) {
		hwc_add(c, "vmx-firmware", true, HW_WARNING,
			"IA32_FEATURE_CONTROL (0x3a) is not locked (0x%llx): firmware normally locks it; enable 'Intel Virtualization Technology' in the firmware setup",
			(unsigned long long)v);
	} else if (!(v & FC_VMX_OUTSIDE_SMX)) {
		hwc_add(c, "vmx-firmware", true, HW_MISSING,
			"the firmware locked IA32_FEATURE_CONTROL (0x3a) with VMX outside SMX disabled: enable 'Intel Virtualization Technology' in the firmware setup");
	} else {
		hwc_add(c, "vmx-firmware", true, HW_OK,
			"IA32_FEATURE_CONTROL (0x3a) locked with VMX outside SMX enabled");
	}
}

/*
 * The hypervisor's own judgement (vmx_caps.c, linked into the CLI) on the
 * recorded or live capability MSRs: the check says what enable would.
 */
static void check_vmx_backend(struct hwc_ctx *c)
{
	static const uint32_t ctl_msrs[] = { 0x481, 0x482, 0x483, 0x484, 0x485,
					     0x486, 0x487, 0x488, 0x489 };
	struct vmx_msrs m = { 0 };
	uint64_t *ctl[] = { &m.pin,	   &m.proc,	  &m.exit,
			    &m.entry,	   &m.misc,	  &m.cr0_fixed0,
			    &m.cr0_fixed1, &m.cr4_fixed0, &m.cr4_fixed1 };
	uint64_t *tru[] = { &m.true_pin, &m.true_proc, &m.true_exit,
			    &m.true_entry };
	struct vmx_setup s;
	const char *missing;
	char why[160];
	uint32_t msr = MSR_FEATURE_CONTROL;
	int ret;

	ret = hw_rdmsr(c->src, 0, msr, &m.feature_control);
	if (!ret)
		ret = hw_rdmsr(c->src, 0, msr = MSR_VMX_BASIC, &m.basic);
	for (unsigned int i = 0; !ret && i < sizeof(ctl) / sizeof(ctl[0]); i++)
		ret = hw_rdmsr(c->src, 0, msr = ctl_msrs[i], ctl[i]);
	if (!ret && (m.proc & PROC_SECONDARY))
		ret = hw_rdmsr(c->src, 0, msr = MSR_VMX_PROCBASED2, &m.proc2);
	if (!ret && (m.proc2 & PROC2_EPT))
		ret = hw_rdmsr(c->src, 0, msr = MSR_VMX_EPT_VPID_CAP,
			       &m.ept_vpid);
	for (unsigned int i = 0; !ret && (m.basic & VMX_BASIC_TRUE_CTLS) &&
				 i < sizeof(tru) / sizeof(tru[0]);
	     i++)
		ret = hw_rdmsr(c->src, 0, msr = MSR_VMX_TRUE_PINBASED + i,
			       tru[i]);
	if (ret) {
		hwc_msr_error(why, sizeof(why), msr, ret);
		hwc_add(c, "vmx-backend", true, HW_WARNING,
			"%s: whether the hypervisor's VMX backend takes this CPU is unknown",
			why);
		return;
	}
	if (vmx_caps_check(&m, &s, &missing)) {
		hwc_add(c, "vmx-backend", true, HW_MISSING,
			"the hypervisor's VMX backend needs: %s", missing);
		return;
	}
	hwc_add(c, "vmx-backend", true, HW_OK,
		"the hypervisor's VMX backend takes this CPU (EPT%s, unrestricted guest, %s, %s)",
		s.ept_1g ? " with 1 GiB pages" : "",
		s.vpid ? "VPIDs" : "no VPIDs",
		s.preemption_timer ? "preemption timer" :
				     "no preemption timer");
}

/* Intel: what the CPU has for the VMX backend. */
void hwc_check_vmx(struct hwc_ctx *c, bool hypervisor)
{
	struct hw_cpuid r;
	uint64_t caps[4];
	char why[160];
	bool ept;

	if (!hwc_cpuid(c, "vmx", true, 1, 0, &r))
		return;
	if (!hwc_bit(r.ecx, 5)) {
		hwc_add(c, "vmx", true, HW_MISSING,
			"CPUID 1 ECX[5] is clear: %s",
			hypervisor ?
				"the hypervisor this Linux runs under does not expose Intel VMX" :
				"this CPU has no Intel VMX");
	} else {
		hwc_add(c, "vmx", true, HW_OK, "Intel VMX in CPUID (1 ECX[5])");
	}
	if (!hwc_bit(r.ecx, 5))
		return;
	check_vmx_firmware(c);
	check_vmx_backend(c);
	if (read_vmx_caps(c, caps, why, sizeof(why))) {
		hwc_add(c, "nested-paging", true, HW_WARNING,
			"%s: EPT, unrestricted guest and the preemption timer are unknown",
			why);
		return;
	}
	ept = (caps[0] & PROC_SECONDARY) && (caps[1] & PROC2_EPT);
	hwc_add(c, "nested-paging", true, ept ? HW_OK : HW_MISSING,
		ept ? "EPT (IA32_VMX_PROCBASED_CTLS2 0x48b allowed-1 bit 1)" :
		      "no EPT (IA32_VMX_PROCBASED_CTLS2 0x48b allowed-1 bit 1 clear)");
	hwc_add(c, "2m-pages", true,
		ept && (caps[2] & EPT_CAP_2M) ? HW_OK : HW_MISSING,
		"EPT 2 MiB pages: IA32_VMX_EPT_VPID_CAP (0x48c) bit 16 %s",
		caps[2] & EPT_CAP_2M ? "set" : "clear");
	hwc_add(c, "unrestricted", true,
		caps[0] & PROC_SECONDARY && caps[1] & PROC2_UNRESTRICTED ?
			HW_OK :
			HW_MISSING,
		"unrestricted guest: IA32_VMX_PROCBASED_CTLS2 (0x48b) allowed-1 bit 7 %s",
		caps[1] & PROC2_UNRESTRICTED ? "set" : "clear");
	hwc_add(c, "preempt-timer", false,
		caps[3] & PIN_PREEMPTION_TIMER ? HW_OK : HW_WARNING,
		"VMX preemption timer: pin-based controls allowed-1 bit 6 %s",
		caps[3] & PIN_PREEMPTION_TIMER ? "set" : "clear");
	/* The host's 1 GiB pages are checked with the vendor-neutral items. */
	if (!(caps[2] & EPT_CAP_1G))
		hwc_add(c, "ept-1g-pages", false, HW_WARNING,
			"EPT has no 1 GiB pages (IA32_VMX_EPT_VPID_CAP 0x48c bit 17 clear): cell memory is mapped with 2 MiB pages at most");
}
