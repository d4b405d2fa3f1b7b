// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: what an Intel CPU offers a VMX hypervisor. Prints CPUID's VMX
 * and x2APIC bits ("cpuid vmx: yes|no"), IA32_FEATURE_CONTROL and the VMX
 * capability MSRs raw ("msr 0x480 IA32_VMX_BASIC 0x..."), read through
 * /dev/cpu/N/msr (modprobe msr first), then one line per feature
 * ("feature ept: yes"). Usage: vmx-caps [CPU]
 */
#include <cpuid.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int msr_fd = -1;

/* rdmsr: 0 and the value, or -1 when the MSR cannot be read. */
static int rdmsr(unsigned int msr, uint64_t *val)
{
	return pread(msr_fd, val, 8, msr) == 8 ? 0 : -1;
}

static const struct {
	unsigned int msr;
	const char *name;
} msrs[] = {
	{ 0x3a, "IA32_FEATURE_CONTROL" },
	{ 0x480, "IA32_VMX_BASIC" },
	{ 0x481, "IA32_VMX_PINBASED_CTLS" },
	{ 0x482, "IA32_VMX_PROCBASED_CTLS" },
	{ 0x483, "IA32_VMX_EXIT_CTLS" },
	{ 0x484, "IA32_VMX_ENTRY_CTLS" },
	{ 0x485, "IA32_VMX_MISC" },
	{ 0x486, "IA32_VMX_CR0_FIXED0" },
	{ 0x487, "IA32_VMX_CR0_FIXED1" },
	{ 0x488, "IA32_VMX_CR4_FIXED0" },
	{ 0x489, "IA32_VMX_CR4_FIXED1" },
	{ 0x48a, "IA32_VMX_VMCS_ENUM" },
	{ 0x48b, "IA32_VMX_PROCBASED_CTLS2" },
	{ 0x48c, "IA32_VMX_EPT_VPID_CAP" },
	{ 0x48d, "IA32_VMX_TRUE_PINBASED_CTLS" },
	{ 0x48e, "IA32_VMX_TRUE_PROCBASED_CTLS" },
	{ 0x48f, "IA32_VMX_TRUE_EXIT_CTLS" },
	{ 0x490, "IA32_VMX_TRUE_ENTRY_CTLS" },
	{ 0x491, "IA32_VMX_VMFUNC" },
};
#define NMSRS (sizeof(msrs) / sizeof(msrs[0]))
static uint64_t val[NMSRS];
static int ok[NMSRS];

static uint64_t get(unsigned int msr, int *have)
{
	for (unsigned int i = 0; i < NMSRS; i++)
		if (msrs[i].msr == msr) {
			*have = ok[i];
			return val[i];
		}
	*have = 0;
	return 0;
}

/* forget MSR: treat MSR as absent (it means nothing on this CPU). */
static void forget(unsigned int msr)
{
	for (unsigned int i = 0; i < NMSRS; i++)
		if (msrs[i].msr == msr)
			ok[i] = 0;
}

/* A control may be set when its allowed-1 bit (the MSR's high half) is. */
static void ctl(const char *name, unsigned int msr, int bit)
{
	int have;
	uint64_t v = get(msr, &have);

	printf("feature %s: %s\n", name,
	       have && (v >> 32 >> bit & 1) ? "yes" : "no");
}

static void cap(const char *name, unsigned int msr, int bit)
{
	int have;
	uint64_t v = get(msr, &have);

	printf("feature %s: %s\n", name, have && (v >> bit & 1) ? "yes" : "no");
}

int main(int argc, char **argv)
{
	unsigned int a, b, c, d, sec2;
	char vendor[13], path[64];
	int have;
	uint64_t v;

	__cpuid(0, a, b, c, d);
	memcpy(vendor, &b, 4);
	memcpy(vendor + 4, &d, 4);
	memcpy(vendor + 8, &c, 4);
	vendor[12] = 0;
	__cpuid(1, a, b, c, d);
	printf("cpuid vendor: %s family 0x%x model 0x%x stepping %u\n", vendor,
	       ((a >> 8) & 0xf) + ((a >> 20) & 0xff),
	       ((a >> 4) & 0xf) | ((a >> 12) & 0xf0), a & 0xf);
	printf("cpuid vmx: %s\n", c & (1u << 5) ? "yes" : "no");
	printf("cpuid x2apic: %s\n", c & (1u << 21) ? "yes" : "no");
	printf("cpuid hypervisor: %s\n", c & (1u << 31) ? "yes" : "no");

	snprintf(path, sizeof(path), "/dev/cpu/%s/msr",
		 argc > 1 ? argv[1] : "0");
	msr_fd = open(path, O_RDONLY);
	if (msr_fd < 0) {
		perror(path);
		return 1;
	}
	for (unsigned int i = 0; i < NMSRS; i++) {
		ok[i] = rdmsr(msrs[i].msr, &val[i]) == 0;
		if (ok[i])
			printf("msr 0x%03x %s 0x%016llx\n", msrs[i].msr,
			       msrs[i].name, (unsigned long long)val[i]);
		else
			printf("msr 0x%03x %s unreadable\n", msrs[i].msr,
			       msrs[i].name);
	}

	v = get(0x3a, &have);
	printf("feature-control locked: %s, vmx-outside-smx: %s\n",
	       have && (v & 1) ? "yes" : "no", have && (v & 4) ? "yes" : "no");
	v = get(0x480, &have);
	if (!have)
		return 1;
	printf("basic: revision 0x%llx, vmcs %llu bytes, memtype %llu%s, ins/outs info %s, true controls %s\n",
	       (unsigned long long)(v & 0x7fffffff),
	       (unsigned long long)(v >> 32 & 0x1fff),
	       (unsigned long long)(v >> 50 & 0xf),
	       (v >> 50 & 0xf) == 6 ? " (WB)" : "", v >> 54 & 1 ? "yes" : "no",
	       v >> 55 & 1 ? "yes" : "no");
	v = get(0x485, &have);
	printf("misc: preemption timer rate TSC>>%llu, stores LMA %s, activity HLT %s shutdown %s wait-for-SIPI %s, "
	       "CR3 targets %llu, MSR list max %llu, VMWRITE to exit info %s\n",
	       (unsigned long long)(v & 0x1f), v >> 5 & 1 ? "yes" : "no",
	       v >> 6 & 1 ? "yes" : "no", v >> 7 & 1 ? "yes" : "no",
	       v >> 8 & 1 ? "yes" : "no", (unsigned long long)(v >> 16 & 0x1ff),
	       512 * ((unsigned long long)(v >> 25 & 7) + 1),
	       v >> 29 & 1 ? "yes" : "no");

	ctl("external-interrupt-exiting", 0x481, 0);
	ctl("nmi-exiting", 0x481, 3);
	ctl("virtual-nmis", 0x481, 5);
	ctl("preemption-timer", 0x481, 6);
	ctl("posted-interrupts", 0x481, 7);
	ctl("interrupt-window-exiting", 0x482, 2);
	ctl("tsc-offsetting", 0x482, 3);
	ctl("hlt-exiting", 0x482, 7);
	ctl("tpr-shadow", 0x482, 21);
	ctl("nmi-window-exiting", 0x482, 22);
	ctl("io-bitmaps", 0x482, 25);
	ctl("monitor-trap-flag", 0x482, 27);
	ctl("msr-bitmaps", 0x482, 28);
	ctl("pause-exiting", 0x482, 30);
	ctl("secondary-controls", 0x482, 31);
	v = get(0x482, &have);
	sec2 = have && (v >> 63 & 1);
	if (!sec2)
		forget(0x48b); /* no secondary controls */
	ctl("virtualize-apic-accesses", 0x48b, 0);
	ctl("ept", 0x48b, 1);
	ctl("descriptor-table-exiting", 0x48b, 2);
	ctl("rdtscp", 0x48b, 3);
	ctl("virtualize-x2apic-mode", 0x48b, 4);
	ctl("vpid", 0x48b, 5);
	ctl("wbinvd-exiting", 0x48b, 6);
	ctl("unrestricted-guest", 0x48b, 7);
	ctl("apic-register-virtualization", 0x48b, 8);
	ctl("virtual-interrupt-delivery", 0x48b, 9);
	ctl("pause-loop-exiting", 0x48b, 10);
	ctl("rdrand-exiting", 0x48b, 11);
	ctl("invpcid", 0x48b, 12);
	ctl("vm-functions", 0x48b, 13);
	ctl("vmcs-shadowing", 0x48b, 14);
	ctl("rdseed-exiting", 0x48b, 16);
	ctl("pml", 0x48b, 17);
	ctl("ept-violation-ve", 0x48b, 18);
	ctl("xsaves", 0x48b, 20);
	ctl("mode-based-ept-execute", 0x48b, 22);
	ctl("tsc-scaling", 0x48b, 25);
	ctl("exit-save-debug-controls", 0x483, 2);
	ctl("exit-host-address-space-size", 0x483, 9);
	ctl("exit-load-perf-global-ctrl", 0x483, 12);
	ctl("exit-ack-interrupt", 0x483, 15);
	ctl("exit-save-pat", 0x483, 18);
	ctl("exit-load-pat", 0x483, 19);
	ctl("exit-save-efer", 0x483, 20);
	ctl("exit-load-efer", 0x483, 21);
	ctl("exit-save-preemption-timer", 0x483, 22);
	ctl("entry-load-debug-controls", 0x484, 2);
	ctl("entry-ia32e-guest", 0x484, 9);
	ctl("entry-load-perf-global-ctrl", 0x484, 13);
	ctl("entry-load-pat", 0x484, 14);
	ctl("entry-load-efer", 0x484, 15);
	if (!(sec2 && (get(0x48b, &have) >> 32 & ((1ull << 1) | (1ull << 5)))))
		forget(0x48c); /* neither EPT nor VPID */
	cap("ept-execute-only", 0x48c, 0);
	cap("ept-4-level-walk", 0x48c, 6);
	cap("ept-5-level-walk", 0x48c, 7);
	cap("ept-memtype-uc", 0x48c, 8);
	cap("ept-memtype-wb", 0x48c, 14);
	cap("ept-2m-pages", 0x48c, 16);
	cap("ept-1g-pages", 0x48c, 17);
	cap("invept", 0x48c, 20);
	cap("ept-accessed-dirty", 0x48c, 21);
	cap("ept-advanced-exit-info", 0x48c, 22);
	cap("invept-single-context", 0x48c, 25);
	cap("invept-all-context", 0x48c, 26);
	cap("invvpid", 0x48c, 32);
	cap("invvpid-individual-address", 0x48c, 40);
	cap("invvpid-single-context", 0x48c, 41);
	cap("invvpid-all-context", 0x48c, 42);
	cap("invvpid-single-context-retaining-globals", 0x48c, 43);
	cap("vmwrite-exit-info", 0x485, 29);
	return 0;
}
