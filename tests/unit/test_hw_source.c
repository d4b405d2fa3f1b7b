// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/hw_source.c tools/bulkhead/hw_record.c
/*
 * Reading a machine from a recording (tools/bulkhead/hw_source.c): the
 * two machines in tests/unit/fixtures/hw, CPUID leaves beyond a range's
 * maximum, MSRs recorded and recorded as errors, files and directories
 * under fs/, and recordings that are not: missing info, malformed lines.
 * Then a recording of the machine running the test, read back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../tools/bulkhead/hw_source.h"

#define FIX "tests/unit/fixtures/hw/"

static char err[512];

static void test_qemu_cpuid(void **state)
{
	struct hw_source src;
	struct hw_cpuid r;

	(void)state;
	assert_int_equal(
		hw_open_recorded(&src, FIX "qemu-svm", err, sizeof(err)), 0);
	assert_int_equal(src.uid, 0);
	/* "AuthenticAMD" */
	assert_true(hw_cpuid(&src, 0, 0, &r));
	assert_int_equal(r.ebx, 0x68747541);
	/* SVM, and nested paging in leaf 0x8000000a. */
	assert_true(hw_cpuid(&src, 0x80000001, 0, &r));
	assert_true(r.ecx & (1u << 2));
	assert_true(hw_cpuid(&src, 0x8000000a, 0, &r));
	assert_true(r.edx & 1);
	/* x2APIC and the hypervisor bit (QEMU TCG sets it). */
	assert_true(hw_cpuid(&src, 1, 0, &r));
	assert_true(r.ecx & (1u << 21));
	/* Past the standard range's maximum: zeros, and true. */
	assert_true(hw_cpuid(&src, 0x3f, 0, &r));
	assert_int_equal(r.eax | r.ebx | r.ecx | r.edx, 0);
	/* A subleaf the recording does not have. */
	assert_false(hw_cpuid(&src, 7, 99, &r));
	hw_close(&src);
}

static void test_qemu_msr(void **state)
{
	struct hw_source src;
	uint64_t v;

	(void)state;
	assert_int_equal(
		hw_open_recorded(&src, FIX "qemu-svm", err, sizeof(err)), 0);
	/* IA32_APIC_BASE of CPU 0: x2APIC mode (bit 10), BSP (bit 8). */
	assert_int_equal(hw_rdmsr(&src, 0, 0x1b, &v), 0);
	assert_int_equal(v, 0xfee00d00);
	assert_int_equal(hw_rdmsr(&src, 1, 0x1b, &v), 0);
	assert_int_equal(v, 0xfee00c00);
	assert_int_equal(hw_rdmsr(&src, 0, 0xc0010114, &v), 0);
	assert_int_equal(v, 0);
	/* Not recorded at all. */
	assert_int_equal(hw_rdmsr(&src, 0, 0x10, &v), -ENOENT);
	assert_int_equal(hw_rdmsr(&src, 9, 0x1b, &v), -ENOENT);
	hw_close(&src);
}

static void test_devhost(void **state)
{
	struct hw_source src;
	struct hw_cpuid r;
	char **names;
	size_t num, len;
	uint64_t v;
	char *buf;

	(void)state;
	assert_int_equal(
		hw_open_recorded(&src, FIX "devhost", err, sizeof(err)), 0);
	/* No SVM exposed; the hypervisor bit set. */
	assert_true(hw_cpuid(&src, 0x80000001, 0, &r));
	assert_false(r.ecx & (1u << 2));
	assert_true(hw_cpuid(&src, 1, 0, &r));
	assert_true(r.ecx & (1u << 31));
	/* The msr module could not be loaded: recorded as ENOENT. */
	assert_int_equal(hw_rdmsr(&src, 0, 0x1b, &v), -ENOENT);
	/* Files under fs/, NUL-terminated, with their length. */
	assert_int_equal(hw_read_file(&src, "/proc/iomem", &buf, &len), 0);
	assert_int_equal(strlen(buf), len);
	assert_non_null(strstr(buf, "00100000-bfffffff : System RAM\n"));
	free(buf);
	assert_int_equal(hw_read_file(&src, "/proc/nosuch", &buf, &len),
			 -ENOENT);
	assert_true(hw_exists(&src, "/sys/firmware/acpi/tables/MCFG"));
	assert_false(hw_exists(&src, "/sys/firmware/acpi/tables/DMAR"));
	/* Sorted listings. */
	assert_int_equal(hw_list_dir(&src, "/sys/firmware/acpi/tables", &names,
				     &num),
			 0);
	assert_int_equal(num, 4);
	assert_string_equal(names[0], "APIC");
	assert_string_equal(names[1], "DSDT");
	assert_string_equal(names[2], "FACP");
	assert_string_equal(names[3], "MCFG");
	hw_free_names(names, num);
	assert_int_equal(hw_list_dir(&src, "/sys/class/iommu", &names, &num),
			 -ENOENT);
	hw_close(&src);
}

/* A scratch recording with @cpuid and @msr as its files' text. */
static const char *scratch(const char *info, const char *cpuid, const char *msr)
{
	static char dir[64];
	char path[128];
	FILE *f;

	snprintf(dir, sizeof(dir), "/tmp/bh-hwsrc-%d", getpid());
	snprintf(path, sizeof(path), "rm -rf %s", dir);
	assert_int_equal(system(path), 0);
	assert_int_equal(mkdir(dir, 0755), 0);
	if (info) {
		snprintf(path, sizeof(path), "%s/info", dir);
		f = fopen(path, "w");
		fputs(info, f);
		fclose(f);
	}
	if (cpuid) {
		snprintf(path, sizeof(path), "%s/cpuid", dir);
		f = fopen(path, "w");
		fputs(cpuid, f);
		fclose(f);
	}
	if (msr) {
		snprintf(path, sizeof(path), "%s/msr", dir);
		f = fopen(path, "w");
		fputs(msr, f);
		fclose(f);
	}
	return dir;
}

static void test_bad_recordings(void **state)
{
	struct hw_source src;
	uint64_t v;

	(void)state;
	assert_int_equal(hw_open_recorded(&src, "/nonexistent", err,
					  sizeof(err)),
			 -ENOENT);
	assert_non_null(strstr(err, "not a recording"));
	assert_int_equal(hw_open_recorded(&src, scratch("date x\n", "", ""),
					  err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "no 'uid' line"));
	assert_int_equal(hw_open_recorded(&src, scratch("uid 0\n", NULL, ""),
					  err, sizeof(err)),
			 -ENOENT);
	assert_int_equal(hw_open_recorded(&src,
					  scratch("uid 0\n",
						  "0 0 1 2 3 4\n1 0 1 2\n", ""),
					  err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "cpuid:2:"));
	assert_int_equal(hw_open_recorded(&src,
					  scratch("uid 0\n", "", "0 1b zz\n"),
					  err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "msr:1:"));
	/* No msr file: every MSR unreadable, the recording still good. */
	assert_int_equal(hw_open_recorded(&src, scratch("uid 1000\n", "", NULL),
					  err, sizeof(err)),
			 0);
	assert_int_equal(src.uid, 1000);
	assert_int_equal(hw_rdmsr(&src, 0, 0x1b, &v), -ENOENT);
	hw_close(&src);
	/* An error line gives its errno back. */
	assert_int_equal(hw_open_recorded(&src,
					  scratch("uid 0\n", "",
						  "0 1b error 5\n2 3a 5\n"),
					  err, sizeof(err)),
			 0);
	assert_int_equal(hw_rdmsr(&src, 0, 0x1b, &v), -EIO);
	assert_int_equal(hw_rdmsr(&src, 2, 0x3a, &v), 0);
	assert_int_equal(v, 5);
	hw_close(&src);
	/* An empty cpuid file: no leaf can be answered. */
	{
		struct hw_cpuid r;

		assert_int_equal(hw_open_recorded(&src,
						  scratch("uid 0\n", "", ""),
						  err, sizeof(err)),
				 0);
		assert_false(hw_cpuid(&src, 1, 0, &r));
		hw_close(&src);
	}
}

/* Recording this machine and reading it back gives the live answers. */
static void test_record_live(void **state)
{
	struct hw_source live, rec;
	struct hw_cpuid a, b;
	char dir[64];
	size_t la, lb;
	char *fa, *fb;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/bh-hwrec-%d", getpid());
	assert_int_equal(hw_record(dir, err, sizeof(err)), 0);
	/* Not into a directory that has something in it. */
	assert_int_equal(hw_record(dir, err, sizeof(err)), -EEXIST);
	assert_non_null(strstr(err, "not empty"));

	hw_open_live(&live);
	assert_int_equal(hw_open_recorded(&rec, dir, err, sizeof(err)), 0);
	assert_int_equal(rec.uid, live.uid);
	for (uint32_t leaf = 0; leaf < 2; leaf++) {
		assert_true(hw_cpuid(&live, leaf, 0, &a));
		assert_true(hw_cpuid(&rec, leaf, 0, &b));
		/* Leaf 1's EBX holds the APIC id of whichever CPU ran it. */
		assert_int_equal(a.eax, b.eax);
		assert_int_equal(a.ecx, b.ecx);
		assert_int_equal(a.edx, b.edx);
	}
	assert_int_equal(hw_read_file(&live, "/proc/cmdline", &fa, &la), 0);
	assert_int_equal(hw_read_file(&rec, "/proc/cmdline", &fb, &lb), 0);
	assert_int_equal(la, lb);
	assert_memory_equal(fa, fb, la);
	free(fa);
	free(fb);
	hw_close(&rec);
	snprintf(err, sizeof(err), "rm -rf %s /tmp/bh-hwsrc-%d", dir, getpid());
	assert_int_equal(system(err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qemu_cpuid),
		cmocka_unit_test(test_qemu_msr),
		cmocka_unit_test(test_devhost),
		cmocka_unit_test(test_bad_recordings),
		cmocka_unit_test(test_record_live),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
