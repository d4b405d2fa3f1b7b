// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/hw_check.c tools/bulkhead/hw_check_cpu.c tools/bulkhead/hw_check_virt.c tools/bulkhead/hw_check_platform.c tools/bulkhead/hw_check_memmap.c tools/bulkhead/cli_util.c tools/bulkhead/hw_acpi.c tools/bulkhead/hw_source.c tools/bulkhead/hw_iomem.c tools/bulkhead/hw_text.c tools/bulkhead/hw_cmdline.c tests/unit/cli_harness.c hypervisor/arch/x86/vmx_caps.c
/*
 * `bulkhead hardware check`: the judgement (tools/bulkhead/hw_check*.c)
 * on the recorded machines of tests/unit/fixtures/hw/, item by item: the
 * reference platform (qemu-svm) has everything needed, with and without
 * its system config; the development host (devhost, a KVM guest with no
 * SVM and no MSR access) lacks SVM and nested paging, cannot show x2APIC
 * mode and runs under a hypervisor. Then copies of qemu-svm with one
 * input changed each, in a scratch directory: SVM disabled by firmware,
 * an unreadable MSR, xAPIC mode, 5-level paging, an Intel CPU with VMX,
 * SMT siblings, one CPU, no ACPI tables, a recording made without root,
 * a memmap= that does not match the config. Then the command through
 * the built CLI: its lines and exit status on both machines, --json,
 * usage errors, not root, and a recording of this machine checked
 * against the live check.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../tools/bulkhead/hw_check.h"
#include "cli_harness.h"

static char err[512];
static struct hw_check chk;

static void fixture(char *buf, size_t len, const char *name)
{
	snprintf(buf, len, "%s/tests/unit/fixtures/hw/%s", cli_top, name);
}

/* Judges recording @dir, with system config @sys or none. */
static void judge(const char *dir, const struct bh_system_desc *sys)
{
	struct hw_source src;

	if (hw_open_recorded(&src, dir, err, sizeof(err)))
		fail_msg("%s: %s", dir, err);
	if (hw_check_run(&src, sys, &chk, err, sizeof(err)))
		fail_msg("%s: %s", dir, err);
	hw_close(&src);
}

static void judge_fixture(const char *name, const struct bh_system_desc *sys)
{
	char dir[PATH_MAX + 64];

	fixture(dir, sizeof(dir), name);
	judge(dir, sys);
}

static const struct hw_item *item(const char *name)
{
	for (unsigned int i = 0; i < chk.num; i++)
		if (!strcmp(chk.item[i].name, name))
			return &chk.item[i];
	fail_msg("no item '%s'", name);
	return NULL;
}

/* Item @name has @status, and its reason starts with @reason. */
static void expect(const char *name, enum hw_status status, bool needed,
		   const char *reason)
{
	const struct hw_item *it = item(name);

	if (it->status != status || it->needed != needed ||
	    strncmp(it->reason, reason, strlen(reason)))
		fail_msg("%s: %s%s \"%s\"\n   expected %s%s \"%s...\"", name,
			 hw_status_name(it->status),
			 it->needed ? " needed" : "", it->reason,
			 hw_status_name(status), needed ? " needed" : "",
			 reason);
}

static void expect_absent(const char *name)
{
	for (unsigned int i = 0; i < chk.num; i++)
		if (!strcmp(chk.item[i].name, name))
			fail_msg("unexpected item '%s'", name);
}

/* The reference config's memory: configs/qemu-svm.yaml. */
static void qemu_config(struct bh_system_desc *sys)
{
	memset(sys, 0, sizeof(*sys));
	sys->hypervisor_memory.phys_start = 0x30000000;
	sys->hypervisor_memory.size = 16 << 20;
	sys->cell_memory.phys_start = 0x31000000;
	sys->cell_memory.size = 496 << 20;
	sys->root_cell.cpu_set = 0xf;
}

static void test_qemu_svm(void **state)
{
	(void)state;
	judge_fixture("qemu-svm", NULL);
	assert_int_equal(chk.num, 20);
	expect("vendor", HW_OK, true, "AuthenticAMD: AMD EPYC-Milan Processor");
	expect("svm", HW_OK, true,
	       "AMD SVM available, not disabled by firmware (VM_CR.SVMDIS clear)");
	expect("nested-paging", HW_OK, true, "AMD nested paging");
	expect("2m-pages", HW_OK, true, "2 MiB pages");
	/* TCG drops these whatever is asked (DESIGN.md section 2). */
	expect("nrip-save", HW_WARNING, false, "no next-RIP save");
	expect("decode-assists", HW_WARNING, false, "no decode assists");
	expect("1g-pages", HW_OK, true, "1 GiB pages");
	expect("4-level-paging", HW_OK, true, "the CPU has no 5-level paging");
	expect("x2apic", HW_OK, true, "x2APIC");
	expect("x2apic-mode", HW_OK, false,
	       "Linux runs the local APIC in x2APIC mode (IA32_APIC_BASE 0x1b bit 10 EXTD set)");
	expect("irq-remapping", HW_OK, false,
	       "available (DMAR flags bit 0) and active");
	/* QEMU's intel-iommu: one unit at its fixed base. */
	expect("iommu", HW_OK, false,
	       "1 unit in DMAR: 0xfed90000 (4 KiB, segment 0); Linux drives 1 (/sys/class/iommu)");
	expect("acpi-tables", HW_OK, false,
	       "MADT: 4 processors, 1 IOAPIC; MCFG: ECAM 0xb0000000, segment 0, buses 0-255");
	expect("invariant-tsc", HW_WARNING, false, "no invariant TSC");
	expect("tsc-deadline", HW_WARNING, false, "no TSC-deadline timer");
	expect("cache-qos", HW_WARNING, false, "no cache or memory bandwidth");
	expect("cpus", HW_OK, true, "4 CPUs online (0-3)");
	expect("smt", HW_OK, false, "no online CPU shares its core");
	expect("isolated-cpus", HW_WARNING, false, "no CPU is isolated");
	expect("hypervisor", HW_WARNING, false,
	       "running under a hypervisor (CPUID 1 ECX[31]; 0x40000000: 'TCGTCGTCGTCG')");
	expect_absent("memmap");
	expect_absent("vmx");
	assert_true(hw_check_ready(&chk));
}

static void test_qemu_svm_config(void **state)
{
	struct bh_system_desc sys;

	(void)state;
	qemu_config(&sys);
	judge_fixture("qemu-svm", &sys);
	assert_int_equal(chk.num, 22);
	expect("memmap", HW_OK, true,
	       "memmap=512M$0x30000000 on the kernel command line reserves hypervisor memory 0x30000000-0x30ffffff and cell memory 0x31000000-0x4fffffff (Reserved in /proc/iomem, RAM in the firmware map)");
	expect("config-cpus", HW_OK, true,
	       "root-cell.cpus lists exactly the online CPUs");
	assert_true(hw_check_ready(&chk));

	/* Cell memory past the reservation. */
	sys.cell_memory.size = 512 << 20;
	judge_fixture("qemu-svm", &sys);
	expect("memmap", HW_MISSING, true,
	       "memmap=512M$0x30000000 on the kernel command line does not reserve cell memory 0x31000000-0x50ffffff: boot with memmap=528M$0x30000000 instead");
	assert_false(hw_check_ready(&chk));

	/* Apart: two memmap= are the way, and one is missing. */
	qemu_config(&sys);
	sys.hypervisor_memory.phys_start = 0x20000000;
	judge_fixture("qemu-svm", &sys);
	expect("memmap", HW_MISSING, true,
	       "memmap=512M$0x30000000 on the kernel command line does not reserve hypervisor memory 0x20000000-0x20ffffff: boot with memmap=16M$0x20000000 memmap=496M$0x31000000 instead");

	qemu_config(&sys);
	sys.root_cell.cpu_set = 0x7;
	judge_fixture("qemu-svm", &sys);
	expect("config-cpus", HW_MISSING, true,
	       "root-cell.cpus: CPU 3 is online but not listed");
	sys.root_cell.cpu_set = 0x1f;
	judge_fixture("qemu-svm", &sys);
	expect("config-cpus", HW_MISSING, true,
	       "root-cell.cpus: CPU 4 is listed but not online");
}

static void set_line(const char *dir, const char *rel, const char *key,
		     const char *line);
static void copy_fixture(char *dir, size_t len, const char *name,
			 const char *as);

/*
 * A memmap= that matches the config, over memory that cannot be the
 * hypervisor's: RAM Linux uses (memmap= was not applied), and the
 * MMCONFIG window, reserved but no RAM in the firmware's map.
 */
static void test_memmap_maps(void **state)
{
	struct bh_system_desc sys;
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "memmap");
	qemu_config(&sys);
	sys.hypervisor_memory.phys_start = 0x50000000;
	sys.cell_memory.phys_start = 0x51000000;
	set_line(dir, "fs/proc/cmdline", "console",
		 "console=ttyS0 memmap=512M$0x50000000");
	judge(dir, &sys);
	expect("memmap", HW_MISSING, true,
	       "hypervisor memory 0x50000000-0x50ffffff overlaps System RAM in /proc/iomem, which Linux uses: boot with memmap=512M$0x50000000");

	sys.hypervisor_memory.phys_start = 0xb0000000;
	sys.cell_memory.phys_start = 0xb1000000;
	set_line(dir, "fs/proc/cmdline", "console",
		 "console=ttyS0 memmap=256M$0xb0000000,256M$0xc0000000");
	judge(dir, &sys);
	expect("memmap", HW_MISSING, true,
	       "hypervisor memory 0xb0000000-0xb0ffffff is not RAM in the firmware's memory map (/sys/firmware/memmap): put it in System RAM");

	/* Neither RAM nor Reserved: the PCI hole, as Linux sees it. */
	sys.hypervisor_memory.phys_start = 0x80000000;
	sys.cell_memory.phys_start = 0x81000000;
	set_line(dir, "fs/proc/cmdline", "console",
		 "console=ttyS0 memmap=512M$0x80000000");
	judge(dir, &sys);
	expect("memmap", HW_MISSING, true,
	       "hypervisor memory 0x80000000-0x80ffffff is not wholly Reserved in /proc/iomem: boot with memmap=512M$0x80000000");
}

static void test_devhost(void **state)
{
	struct bh_system_desc sys;

	(void)state;
	judge_fixture("devhost", NULL);
	expect("vendor", HW_OK, true, "AuthenticAMD: AMD EPYC");
	expect("svm", HW_MISSING, true,
	       "CPUID 8000_0001 ECX[2] is clear: the hypervisor this Linux runs under does not expose AMD SVM");
	expect("nested-paging", HW_MISSING, true, "no AMD nested paging");
	expect("1g-pages", HW_OK, true, "1 GiB pages");
	expect("x2apic", HW_OK, true, "x2APIC");
	/* No msr module there, and no interrupt remapping to infer from. */
	expect("x2apic-mode", HW_WARNING, false,
	       "cannot read MSR 0x1b on CPU 0: no /dev/cpu/0/msr (modprobe msr failed)");
	expect("irq-remapping", HW_WARNING, false, "no DMAR or IVRS table");
	expect("iommu", HW_WARNING, false, "no DMAR or IVRS table");
	expect("acpi-tables", HW_OK, false,
	       "MADT: 2 processors, 1 IOAPIC; MCFG: ECAM 0xeec00000, segment 0, buses 0-0");
	expect("invariant-tsc", HW_OK, false, "invariant TSC");
	expect("tsc-deadline", HW_OK, false, "TSC-deadline timer");
	expect("cpus", HW_OK, true, "2 CPUs online (0-1)");
	expect("hypervisor", HW_WARNING, false,
	       "running under a hypervisor (CPUID 1 ECX[31]; 0x40000000: 'KVMKVMKVM'): latency figures will be the host's");
	assert_false(hw_check_ready(&chk));

	/* Nothing is reserved there. */
	qemu_config(&sys);
	sys.root_cell.cpu_set = 0x3;
	judge_fixture("devhost", &sys);
	expect("memmap", HW_MISSING, true,
	       "the kernel command line has no memmap= reserving hypervisor memory 0x30000000-0x30ffffff: boot with memmap=512M$0x30000000");
	expect("config-cpus", HW_OK, true, "root-cell.cpus lists exactly");
}

/* A copy of fixture @name to edit: its path in @dir. */
static void copy_fixture(char *dir, size_t len, const char *name,
			 const char *as)
{
	char src[PATH_MAX + 64], cmd[3 * PATH_MAX];

	fixture(src, sizeof(src), name);
	snprintf(dir, len, "%s/%s", cli_tmp, as);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && cp -a '%s' '%s'", dir, src,
		 dir);
	assert_int_equal(system(cmd), 0);
}

static void write_text(const char *dir, const char *rel, const char *text)
{
	char path[PATH_MAX + 128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * Replaces the lines of @rel that start with @key by @line (or drops
 * them, for NULL).
 */
static void set_line(const char *dir, const char *rel, const char *key,
		     const char *line)
{
	char path[PATH_MAX + 128], buf[512];
	char *out = NULL;
	size_t outlen = 0;
	FILE *f, *o;

	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "r");
	assert_non_null(f);
	o = open_memstream(&out, &outlen);
	assert_non_null(o);
	while (fgets(buf, sizeof(buf), f))
		if (strncmp(buf, key, strlen(key)))
			fputs(buf, o);
	if (line)
		fprintf(o, "%s\n", line);
	fclose(f);
	fclose(o);
	write_text(dir, rel, out);
	free(out);
}

static void set_msr(const char *dir, const char *key, const char *line)
{
	set_line(dir, "msr", key, line);
}

/* Firmware that disabled SVM, and a VM_CR that cannot be read. */
static void test_svm_disabled(void **state)
{
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "svmdis");
	set_msr(dir, "0 c0010114 ", "0 c0010114 18");
	judge(dir, NULL);
	expect("svm", HW_MISSING, true,
	       "AMD SVM is disabled by the firmware (VM_CR 0xc0010114 bit 4 SVMDIS set, locked): enable 'SVM Mode' in the firmware setup");
	assert_false(hw_check_ready(&chk));

	set_msr(dir, "0 c0010114 ", "0 c0010114 error 2");
	judge(dir, NULL);
	expect("svm", HW_WARNING, true,
	       "AMD SVM in CPUID, but cannot read MSR 0xc0010114 on CPU 0: no /dev/cpu/0/msr (modprobe msr failed): whether the firmware disabled it (VM_CR.SVMDIS) is unknown");
	/* Unproven is not there: the machine is not ready. */
	assert_false(hw_check_ready(&chk));

	set_msr(dir, "0 c0010114 ", "0 c0010114 error 5");
	judge(dir, NULL);
	expect("svm", HW_WARNING, true,
	       "AMD SVM in CPUID, but cannot read MSR 0xc0010114 on CPU 0: the CPU refused the read (no such MSR on this CPU)");
}

static void test_x2apic_mode(void **state)
{
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "xapic");
	set_msr(dir, "0 1b ", "0 1b fee00900");
	judge(dir, NULL);
	/* supported, at one exit per APIC write of the root */
	expect("x2apic-mode", HW_WARNING, false,
	       "Linux runs the local APIC in xAPIC mode (IA32_APIC_BASE 0x1b = 0xfee00900, bit 10 EXTD clear): every EOI, timer write and IPI of the root exits");
	assert_true(hw_check_ready(&chk));

	/* Without the MSR, interrupt remapping shows x2APIC mode. */
	set_msr(dir, "0 1b ", "0 1b error 2");
	judge(dir, NULL);
	expect("x2apic-mode", HW_OK, false,
	       "x2APIC mode, inferred: cannot read MSR 0x1b on CPU 0: no /dev/cpu/0/msr (modprobe msr failed), but interrupt remapping is active");
	assert_true(hw_check_ready(&chk));

	/* ... unless Linux was booted with nox2apic. */
	set_line(dir, "fs/proc/cpuinfo", "flags", NULL);
	judge(dir, NULL);
	expect("x2apic-mode", HW_WARNING, false,
	       "cannot read MSR 0x1b on CPU 0: no /dev/cpu/0/msr (modprobe msr failed), and nothing else shows x2APIC mode");
	assert_true(hw_check_ready(&chk));

	/* APIC ids above 255 exist only in x2APIC mode. */
	set_line(dir, "fs/proc/cpuinfo", "apicid", "apicid\t\t: 300");
	judge(dir, NULL);
	expect("x2apic-mode", HW_OK, false,
	       "x2APIC mode, inferred: cannot read MSR 0x1b on CPU 0: no /dev/cpu/0/msr (modprobe msr failed), but /proc/cpuinfo has APIC ids above 255");
}

static void set_cpuid(const char *dir, const char *leaf_sub, const char *regs)
{
	char line[128];

	snprintf(line, sizeof(line), "%s %s", leaf_sub, regs);
	set_line(dir, "cpuid", leaf_sub, line);
}

/* A CPU with LA57: whether Linux uses it is read from VmallocTotal. */
static void test_5level_paging(void **state)
{
	char dir[PATH_MAX + 64], path[PATH_MAX + 128];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "la57");
	set_cpuid(dir, "00000007 0 ", "00000000 219c03a9 0041001c 00000010");
	write_text(dir, "fs/proc/meminfo",
		   "MemTotal:        2014284 kB\n"
		   "VmallocTotal:   13743895347199 kB\n");
	judge(dir, NULL);
	expect("4-level-paging", HW_MISSING, true,
	       "the CPU has 5-level paging; Linux uses it (VmallocTotal 13743895347199 kB in /proc/meminfo): Bulkhead supports 4-level paging only, boot with no5lvl");
	assert_false(hw_check_ready(&chk));

	write_text(dir, "fs/proc/meminfo", "VmallocTotal:   34359738367 kB\n");
	judge(dir, NULL);
	expect("4-level-paging", HW_OK, true,
	       "the CPU has 5-level paging; Linux uses 4-level paging (VmallocTotal 34359738367 kB");

	/* No meminfo: the la57 flag Linux keeps only when it uses it. */
	snprintf(path, sizeof(path), "%s/fs/proc/meminfo", dir);
	assert_int_equal(unlink(path), 0);
	judge(dir, NULL);
	expect("4-level-paging", HW_OK, true,
	       "the CPU has 5-level paging; /proc/cpuinfo does not list 'la57', so Linux uses 4-level paging");
}

/* L3 cache allocation offered: cells can reserve ways (cat.c). */
static void test_cache_allocation(void **state)
{
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "cat");
	set_cpuid(dir, "00000000 0 ", "00000010 68747541 444d4163 69746e65");
	/* PQE (7.0 EBX[15]), L3 in 10h.0; 11 ways, COS 0-15 in 10h.1 */
	set_cpuid(dir, "00000007 0 ", "00000000 219cb3a9 0040001c 00000010");
	set_cpuid(dir, "00000010 0 ", "00000000 00000002 00000000 00000000");
	set_cpuid(dir, "00000010 1 ", "0000000a 00000600 00000004 0000000f");
	judge(dir, NULL);
	expect("cache-qos", HW_OK, false,
	       "L3 cache allocation: a cell config's cache-ways reserves L3 ways for the cell (under Bulkhead, Linux's resctrl allocates nothing)");
}

/* An Intel CPU with every VMX feature the backend needs, and without. */
static void test_intel_vmx(void **state)
{
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "intel");
	/* "GenuineIntel", VMX in leaf 1, no SVM in 8000_0001. */
	set_cpuid(dir, "00000000 0 ", "0000000d 756e6547 6c65746e 49656e69");
	set_cpuid(dir, "00000001 0 ", "000906ea 02040800 fef832eb 178bfbfd");
	set_cpuid(dir, "80000001 0 ", "00000000 00000000 00000121 2c100800");
	/* a Skylake's capability MSRs */
	set_msr(dir, "0 3a ", "0 3a 5");
	set_msr(dir, "0 480 ", "0 480 da040000000004");
	set_msr(dir, "0 481 ", "0 481 7f00000016");
	set_msr(dir, "0 482 ", "0 482 fff9fffe0401e172");
	set_msr(dir, "0 483 ", "0 483 1ffffff00036dff");
	set_msr(dir, "0 484 ", "0 484 3ffff000011ff");
	set_msr(dir, "0 485 ", "0 485 20000065");
	set_msr(dir, "0 486 ", "0 486 80000021");
	set_msr(dir, "0 487 ", "0 487 ffffffff");
	set_msr(dir, "0 488 ", "0 488 2000");
	set_msr(dir, "0 489 ", "0 489 3767ff");
	set_msr(dir, "0 48b ", "0 48b 5ffcff00000000");
	set_msr(dir, "0 48c ", "0 48c f0106734141");
	set_msr(dir, "0 48d ", "0 48d 7f00000016");
	set_msr(dir, "0 48e ", "0 48e fff9fffe04006172");
	set_msr(dir, "0 48f ", "0 48f 1ffffff000011fb");
	set_msr(dir, "0 490 ", "0 490 3ffff000011fb");
	judge(dir, NULL);
	expect("vendor", HW_OK, true, "GenuineIntel: ");
	expect("vmx", HW_OK, true, "Intel VMX in CPUID (1 ECX[5])");
	expect("vmx-backend", HW_OK, true,
	       "the hypervisor's VMX backend takes this CPU (EPT with 1 GiB pages, unrestricted guest, VPIDs, preemption timer)");
	expect("vmx-firmware", HW_OK, true,
	       "IA32_FEATURE_CONTROL (0x3a) locked with VMX outside SMX enabled");
	expect("nested-paging", HW_OK, true, "EPT");
	expect("2m-pages", HW_OK, true,
	       "EPT 2 MiB pages: IA32_VMX_EPT_VPID_CAP (0x48c) bit 16 set");
	expect("unrestricted", HW_OK, true, "unrestricted guest");
	expect("preempt-timer", HW_OK, false, "VMX preemption timer");
	expect("1g-pages", HW_OK, true, "1 GiB pages");
	expect_absent("svm");
	expect_absent("nrip-save");
	/* everything else of the recording is ready (x2APIC mode included) */
	assert_true(hw_check_ready(&chk));

	/* without TRUE controls the CR3 exits cannot be turned off */
	set_msr(dir, "0 480 ", "0 480 5a040000000004");
	judge(dir, NULL);
	expect("vmx-backend", HW_MISSING, true,
	       "the hypervisor's VMX backend needs: CR3, CR8, HLT and I/O accesses without exits (processor-based controls)");
	/* an MSR the recording could not read */
	set_msr(dir, "0 480 ", "0 480 da040000000004");
	set_msr(dir, "0 484 ", "0 484 error 5");
	judge(dir, NULL);
	expect("vmx-backend", HW_WARNING, true,
	       "cannot read MSR 0x484 on CPU 0");
	set_msr(dir, "0 484 ", "0 484 3ffff000011ff");

	/* Locked by firmware with VMX off; TRUE pin-based controls lack the timer. */
	set_msr(dir, "0 3a ", "0 3a 1");
	set_msr(dir, "0 48d ", "0 48d 1600000016");
	set_msr(dir, "0 48b ", "0 48b 0");
	judge(dir, NULL);
	expect("vmx-firmware", HW_MISSING, true,
	       "the firmware locked IA32_FEATURE_CONTROL (0x3a) with VMX outside SMX disabled");
	expect("vmx-backend", HW_MISSING, true,
	       "the hypervisor's VMX backend needs: VMX is disabled by the firmware");
	expect("nested-paging", HW_MISSING, true, "no EPT");
	expect("unrestricted", HW_MISSING, true, "unrestricted guest");
	expect("preempt-timer", HW_WARNING, false,
	       "VMX preemption timer: pin-based controls allowed-1 bit 6 clear");
}

static void test_cpus_and_smt(void **state)
{
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "smt");
	write_text(
		dir,
		"fs/sys/devices/system/cpu/cpu0/topology/thread_siblings_list",
		"0,2\n");
	write_text(
		dir,
		"fs/sys/devices/system/cpu/cpu2/topology/thread_siblings_list",
		"0,2\n");
	write_text(dir, "fs/sys/devices/system/cpu/isolated", "2-3\n");
	judge(dir, NULL);
	expect("smt", HW_WARNING, false,
	       "1 pair of online SMT siblings (0+2): siblings share a core's caches");
	expect("isolated-cpus", HW_OK, false, "CPUs 2-3 isolated (isolcpus=)");
	assert_true(hw_check_ready(&chk));

	/* A sibling offline shares nothing. */
	write_text(dir, "fs/sys/devices/system/cpu/online", "0-1,3\n");
	judge(dir, NULL);
	expect("smt", HW_OK, false, "no online CPU shares its core");
	expect("cpus", HW_OK, true, "3 CPUs online (0-1,3)");

	write_text(dir, "fs/sys/devices/system/cpu/online", "0\n");
	judge(dir, NULL);
	expect("cpus", HW_MISSING, true,
	       "only CPU 0 is online: Linux keeps CPU 0, so a cell has no CPU to take");

	write_text(dir, "fs/sys/devices/system/cpu/online", "0-64\n");
	judge(dir, NULL);
	expect("cpus", HW_MISSING, true,
	       "65 CPUs online: CPU 64 is online but Bulkhead supports CPUs 0-63 only: boot with maxcpus=64");

	write_text(dir, "fs/sys/devices/system/cpu/online", "zero\n");
	judge(dir, NULL);
	expect("cpus", HW_WARNING, true,
	       "/sys/devices/system/cpu/online: 'zero");
	assert_false(hw_check_ready(&chk));
}

/* Broken or missing ACPI inputs. */
static void test_acpi_inputs(void **state)
{
	char dir[PATH_MAX + 64], cmd[PATH_MAX + 256];
	struct hw_source src;

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "acpi");
	/* A DMAR whose checksum is off by one. */
	snprintf(
		cmd, sizeof(cmd),
		"printf '\\x01' | dd of='%s/fs/sys/firmware/acpi/tables/DMAR' bs=1 seek=40 conv=notrunc status=none",
		dir);
	assert_int_equal(system(cmd), 0);
	judge(dir, NULL);
	expect("iommu", HW_WARNING, false, "DMAR: checksum 0x");
	expect("irq-remapping", HW_WARNING, false, "DMAR: checksum 0x");
	assert_true(hw_check_ready(&chk));

	snprintf(cmd, sizeof(cmd), "rm -r '%s/fs/sys/firmware/acpi'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(hw_open_recorded(&src, dir, err, sizeof(err)), 0);
	assert_int_equal(hw_check_run(&src, NULL, &chk, err, sizeof(err)),
			 -ENOENT);
	assert_string_equal(
		err,
		"no ACPI tables (/sys/firmware/acpi/tables): Bulkhead needs a machine that describes itself with ACPI");
	hw_close(&src);
}

static void test_not_root_recording(void **state)
{
	char dir[PATH_MAX + 64];

	(void)state;
	copy_fixture(dir, sizeof(dir), "qemu-svm", "user");
	set_line(dir, "info", "uid ", "uid 1000");
	judge(dir, NULL);
	assert_string_equal(chk.item[0].name, "root");
	expect("root", HW_MISSING, true,
	       "recorded as uid 1000, not root: MSRs and ACPI tables were unreadable; record again as root");
	assert_false(hw_check_ready(&chk));
}

/* The command's lines: status, name and reason in fixed columns. */
static void expect_line(const char *line)
{
	char want[HW_ITEM_REASON_LEN + 32];

	snprintf(want, sizeof(want), "%s\n", line);
	if (!strstr(res.out, want))
		fail_msg("no line \"%s\" in:\n%s", line, res.out);
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_cli_machines(void **state)
{
	char qemu[PATH_MAX + 64], dev[PATH_MAX + 64];

	(void)state;
	fixture(qemu, sizeof(qemu), "qemu-svm");
	fixture(dev, sizeof(dev), "devhost");
	run_cli("hardware", "check", "--from", qemu, NULL);
	expect_ok();
	assert_int_equal(count_lines(res.out), 20);
	expect_line(
		"ok       vendor         AuthenticAMD: AMD EPYC-Milan Processor");
	expect_line(
		"ok       svm            AMD SVM available, not disabled by firmware (VM_CR.SVMDIS clear)");
	expect_line(
		"ok       x2apic-mode    Linux runs the local APIC in x2APIC mode (IA32_APIC_BASE 0x1b bit 10 EXTD set)");
	expect_line(
		"warning  nrip-save      no next-RIP save (CPUID 8000_000A EDX[3] clear): the hypervisor decodes the length of every intercepted instruction itself, exits are slower");

	run_cli("hardware", "check", "--from", qemu, "--config",
		"configs/qemu-svm.yaml", NULL);
	expect_ok();
	expect_line(
		"ok       memmap         memmap=512M$0x30000000 on the kernel command line reserves hypervisor memory 0x30000000-0x30ffffff and cell memory 0x31000000-0x4fffffff (Reserved in /proc/iomem, RAM in the firmware map)");
	expect_line(
		"ok       config-cpus    root-cell.cpus lists exactly the online CPUs");

	run_cli("hardware", "check", "--from", dev, NULL);
	expect_error(1, "bulkhead: not ready for Bulkhead: needed but not ok: "
			"svm, nested-paging\n");
	expect_line(
		"missing  svm            CPUID 8000_0001 ECX[2] is clear: the hypervisor this Linux runs under does not expose AMD SVM (enable nested virtualization there, or run on bare metal)");
	expect_line(
		"warning  hypervisor     running under a hypervisor (CPUID 1 ECX[31]; 0x40000000: 'KVMKVMKVM'): latency figures will be the host's, not this machine's hardware's");
	expect_line(
		"ok       cpus           2 CPUs online (0-1): Linux keeps CPU 0, cells can take the others");
}

static void test_cli_json(void **state)
{
	char qemu[PATH_MAX + 64], want[PATH_MAX + 128];

	(void)state;
	fixture(qemu, sizeof(qemu), "qemu-svm");
	run_cli("hardware", "check", "--json", "--from", qemu, NULL);
	expect_ok();
	snprintf(
		want, sizeof(want),
		"{\n  \"ready\": true,\n  \"source\": \"%s\",\n  \"items\": [\n",
		qemu);
	assert_true(!strncmp(res.out, want, strlen(want)));
	assert_non_null(strstr(
		res.out,
		"    {\"name\": \"svm\", \"status\": \"ok\", \"needed\": true, \"reason\": \"AMD SVM available, not disabled by firmware (VM_CR.SVMDIS clear)\"},\n"));
	/* Quotes and backslashes are escaped. */
	assert_non_null(strstr(
		res.out,
		"\"reason\": \"running under a hypervisor (CPUID 1 ECX[31]; 0x40000000: 'TCGTCGTCGTCG'): latency figures will be the host's, not this machine's hardware's\"}\n  ]\n}\n"));
	assert_int_equal(count_lines(res.out), 26);

	/* A reason with a backslash: "\$ in GRUB". */
	fixture(qemu, sizeof(qemu), "devhost");
	run_cli("hardware", "check", "--json", "--from", qemu, "--config",
		"configs/qemu-svm.yaml", NULL);
	assert_int_equal(res.status, 1);
	assert_true(!strncmp(res.out, "{\n  \"ready\": false,\n", 20));
	assert_non_null(strstr(
		res.out,
		"{\"name\": \"memmap\", \"status\": \"missing\", \"needed\": true, \"reason\": \"the kernel command line has no memmap= reserving hypervisor memory 0x30000000-0x30ffffff: boot with memmap=512M$0x30000000 (escape the $ as the boot loader needs, \\\\$ in GRUB)\"},"));
}

static void test_cli_usage(void **state)
{
	(void)state;
	run_cli("hardware", "check", "--bogus", NULL);
	expect_error(
		2,
		"bulkhead: hardware check: unknown option '--bogus' "
		"(usage: bulkhead hardware check [--json] [--config FILE] [--from DIR])\n");
	run_cli("hardware", "check", "--from", NULL);
	expect_error(
		2,
		"bulkhead: hardware check: --from needs a recording's directory");
	run_cli("hardware", "check", "--config", NULL);
	expect_error(
		2, "bulkhead: hardware check: --config needs a system config");
	run_cli("hardware", "check", "extra", NULL);
	expect_error(2,
		     "bulkhead: hardware check: unexpected argument 'extra'");
	run_cli("hardware", "record", NULL);
	expect_error(
		2,
		"bulkhead: hardware record: missing DIR (usage: bulkhead hardware record DIR)\n");
	run_cli("hardware", "record", "a", "b", NULL);
	expect_error(2, "bulkhead: hardware record: too many arguments");
	run_cli("hardware", NULL);
	expect_error(
		2, "bulkhead: hardware: missing subcommand (check, record)\n");
	run_cli("hardware", "check", "--from", "/nonexistent", NULL);
	expect_error(
		1,
		"bulkhead: /nonexistent/info: No such file or directory (not a recording made by 'bulkhead hardware record')\n");
}

static void test_cli_no_acpi(void **state)
{
	char dir[PATH_MAX + 64], cmd[PATH_MAX + 256];

	(void)state;
	copy_fixture(dir, sizeof(dir), "devhost", "noacpi");
	snprintf(cmd, sizeof(cmd), "rm -r '%s/fs/sys/firmware/acpi'", dir);
	assert_int_equal(system(cmd), 0);
	run_cli("hardware", "check", "--from", dir, NULL);
	expect_error(
		1,
		"bulkhead: no ACPI tables (/sys/firmware/acpi/tables): "
		"Bulkhead needs a machine that describes itself with ACPI\n");
	assert_string_equal(res.out, "");
}

/* Runs the CLI as uid 65534 when this test runs as root. */
static void run_cli_as_nobody(const char *const *args)
{
	int out[2], errp[2], status;
	const char *argv[16] = { cli_path };
	pid_t pid;
	ssize_t n;

	if (geteuid()) {
		run_cli_argv(args);
		return;
	}
	for (int i = 0; args[i] && i < 14; i++)
		argv[i + 1] = args[i];
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(errp), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		if (dup2(out[1], 1) < 0 || dup2(errp[1], 2) < 0 ||
		    chdir(cli_top) || setgid(65534) || setuid(65534))
			_exit(127);
		execv(cli_path, (char *const *)argv);
		dprintf(2, "exec failed: %s\n", strerror(errno));
		_exit(126);
	}
	close(out[1]);
	close(errp[1]);
	n = read(out[0], res.out, sizeof(res.out) - 1);
	res.out[n > 0 ? n : 0] = '\0';
	n = read(errp[0], res.err, sizeof(res.err) - 1);
	res.err[n > 0 ? n : 0] = '\0';
	close(out[0]);
	close(errp[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	res.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	/* A checkout that only root may enter: nothing to test as nobody. */
	if (res.status == 126 && strstr(res.err, "Permission denied"))
		skip();
}

static void test_cli_not_root(void **state)
{
	static const char *const check[] = { "hardware", "check", NULL };
	static const char *const record[] = { "hardware", "record",
					      "/tmp/never-made", NULL };
	char qemu[PATH_MAX + 64];
	const char *from[] = { "hardware", "check", "--from", qemu, NULL };

	(void)state;
	run_cli_as_nobody(check);
	expect_error(
		1,
		"bulkhead: hardware check must run as root: it reads "
		"MSRs (/dev/cpu/N/msr) and ACPI tables (/sys/firmware/acpi/tables)\n");
	assert_string_equal(res.out, "");
	run_cli_as_nobody(record);
	expect_error(1, "bulkhead: hardware record must run as root");
	/* A recording can be checked by anyone. */
	fixture(qemu, sizeof(qemu), "qemu-svm");
	run_cli_as_nobody(from);
	expect_ok();
}

/*
 * A recording of this machine, checked with --from, judges it as the
 * live check does: the same lines, the same exit status.
 */
static void test_cli_record_roundtrip(void **state)
{
	char dir[PATH_MAX + 64], live[CLI_OUT_LEN], msg[2 * PATH_MAX + 256];
	int live_status;

	(void)state;
	if (geteuid())
		skip();
	snprintf(dir, sizeof(dir), "%s/this-machine", cli_tmp);
	run_cli("hardware", "record", dir, NULL);
	snprintf(
		msg, sizeof(msg),
		"recorded this machine in %s (check it with 'bulkhead hardware check --from %s')\n",
		dir, dir);
	expect_ok();
	assert_string_equal(res.out, msg);

	run_cli("hardware", "check", NULL);
	live_status = res.status;
	snprintf(live, sizeof(live), "%s", res.out);
	run_cli("hardware", "check", "--from", dir, NULL);
	assert_int_equal(res.status, live_status);
	assert_string_equal(res.out, live);

	run_cli("hardware", "record", dir, NULL);
	snprintf(
		msg, sizeof(msg),
		"bulkhead: %s exists and is not empty: record into a new directory\n",
		dir);
	expect_error(1, msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_svm),
		cmocka_unit_test(test_qemu_svm_config),
		cmocka_unit_test(test_memmap_maps),
		cmocka_unit_test(test_devhost),
		cmocka_unit_test(test_svm_disabled),
		cmocka_unit_test(test_x2apic_mode),
		cmocka_unit_test(test_5level_paging),
		cmocka_unit_test(test_cache_allocation),
		cmocka_unit_test(test_intel_vmx),
		cmocka_unit_test(test_cpus_and_smt),
		cmocka_unit_test(test_acpi_inputs),
		cmocka_unit_test(test_not_root_recording),
		cmocka_unit_test(test_cli_machines),
		cmocka_unit_test(test_cli_json),
		cmocka_unit_test(test_cli_usage),
		cmocka_unit_test(test_cli_no_acpi),
		cmocka_unit_test(test_cli_not_root),
		cmocka_unit_test(test_cli_record_roundtrip),
	};

	cli_timeout_s = 20;
	return cmocka_run_group_tests(tests, cli_group_setup,
				      cli_group_teardown);
}
