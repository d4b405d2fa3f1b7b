// SPDX-License-Identifier: GPL-2.0
/*
 * `bulkhead hardware record DIR`: what hardware check and config create
 * read of the live machine, kept in a directory (format in hw_source.h),
 * so that a machine can be checked again elsewhere with --from DIR and
 * its inputs become unit-test fixtures.
 */
#include <cpuid.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "hw_source.h"

/* Single files. Absent ones are skipped: not every machine has each. */
static const char *const record_files[] = {
	"/proc/cmdline",
	"/proc/consoles", /* which UART is Linux's console */
	"/proc/cpuinfo",
	"/proc/interrupts",
	"/proc/iomem",
	"/proc/ioports",
	"/proc/sys/kernel/hostname", /* the generated config's name */
	"/proc/meminfo", /* VmallocTotal: the paging levels Linux runs with */
	"/proc/tty/driver/serial",
	"/proc/version",
	"/sys/devices/system/cpu/isolated",
	"/sys/devices/system/cpu/nohz_full",
	"/sys/devices/system/cpu/online",
	"/sys/devices/system/cpu/possible",
	"/sys/devices/system/cpu/present",
	"/sys/devices/system/cpu/smt/active",
	"/sys/devices/system/cpu/smt/control",
};

/* Directories whose regular files are copied (not recursively). */
static const char *const record_dirs[] = {
	"/sys/firmware/acpi/tables",
};

/* Directories whose entries' listed files are copied: DIR/N/FILE. */
static const struct {
	const char *dir;
	const char *const files[4];
} record_trees[] = {
	{ "/sys/firmware/memmap", { "start", "end", "type" } },
	/* the PCI functions there are: a virtual device needs a free slot */
	{ "/sys/bus/pci/devices", { "vendor", "device", "class" } },
	{ "/sys/devices/system/cpu",
	  { "topology/thread_siblings_list", "topology/core_id",
	    "topology/physical_package_id" } },
};

/* Directories of which only the names matter (links to devices). */
static const char *const record_names[] = {
	"/sys/class/iommu",
};

static const uint32_t record_msrs[] = {
	0x1b, /* IA32_APIC_BASE: x2APIC mode */
	0x3a, /* IA32_FEATURE_CONTROL */
	0x480,	    0x481, 0x482, 0x483, 0x484,	     0x485, 0x486,
	0x487,	    0x488, 0x489, 0x48a, 0x48b,	     0x48c, 0x48d,
	0x48e,	    0x48f, 0x490, 0x491, 0xc0000080, /* EFER */
	0xc0010010, /* SYSCFG */
	0xc0010114, /* VM_CR: SVMDIS, LOCK */
};

/* Leaves with subleaves, and how many of them to keep. */
static unsigned int subleaves_of(uint32_t leaf)
{
	switch (leaf) {
	case 0x4:
	case 0x7:
	case 0xb:
	case 0xd:
	case 0xf:
	case 0x10:
	case 0x12:
	case 0x14:
	case 0x17:
	case 0x18:
	case 0x1f:
	case 0x8000001d:
	case 0x80000020:
	case 0x80000026:
		return 32;
	default:
		return 1;
	}
}

/* mkdir -p of @path's parent directories and, if @whole, @path itself. */
static int make_dirs(const char *path, bool whole)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (whole && mkdir(buf, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int write_all(const char *path, const void *buf, size_t len)
{
	const char *p = buf;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			break;
		}
		p += n;
		len -= n;
	}
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

/* Copies live file @path into DIR/fs@path; a missing file is no error. */
static int copy_file(const struct hw_source *live, const char *dir,
		     const char *path, char *err, size_t errlen)
{
	char dst[4096];
	size_t len;
	char *buf;
	int ret;

	ret = hw_read_file(live, path, &buf, &len);
	if (ret)
		return 0;
	snprintf(dst, sizeof(dst), "%s/fs%s", dir, path);
	ret = make_dirs(dst, false);
	if (!ret)
		ret = write_all(dst, buf, len);
	free(buf);
	if (ret)
		return hw_seterr(err, errlen, ret, "cannot write %s: %s", dst,
				 strerror(-ret));
	return 0;
}

static int record_dir_files(const struct hw_source *live, const char *dir,
			    const char *path, char *err, size_t errlen)
{
	char sub[4096];
	size_t num;
	char **names;
	int ret = 0;

	if (hw_list_dir(live, path, &names, &num))
		return 0;
	for (size_t i = 0; i < num && !ret; i++) {
		struct stat st;

		snprintf(sub, sizeof(sub), "%s/%s", path, names[i]);
		if (stat(sub, &st) || !S_ISREG(st.st_mode))
			continue;
		ret = copy_file(live, dir, sub, err, errlen);
	}
	hw_free_names(names, num);
	return ret;
}

static int record_tree(const struct hw_source *live, const char *dir,
		       const char *path, const char *const files[4], char *err,
		       size_t errlen)
{
	char sub[4096];
	size_t num;
	char **names;
	int ret = 0;

	if (hw_list_dir(live, path, &names, &num))
		return 0;
	for (size_t i = 0; i < num && !ret; i++)
		for (int f = 0; f < 4 && files[f] && !ret; f++) {
			snprintf(sub, sizeof(sub), "%s/%s/%s", path, names[i],
				 files[f]);
			ret = copy_file(live, dir, sub, err, errlen);
		}
	hw_free_names(names, num);
	return ret;
}

static int record_name_list(const struct hw_source *live, const char *dir,
			    const char *path, char *err, size_t errlen)
{
	char sub[4096];
	size_t num;
	char **names;
	int ret = 0;

	if (hw_list_dir(live, path, &names, &num))
		return 0;
	for (size_t i = 0; i < num && !ret; i++) {
		snprintf(sub, sizeof(sub), "%s/fs%s/%s", dir, path, names[i]);
		/* an empty file, not a directory: git keeps no empty ones,
		 * and a recording becomes a fixture */
		ret = make_dirs(sub, false);
		if (!ret)
			ret = write_all(sub, "", 0);
		if (ret)
			ret = hw_seterr(err, errlen, ret,
					"cannot create %s: %s", sub,
					strerror(-ret));
	}
	hw_free_names(names, num);
	return ret;
}

static void record_cpuid_range(FILE *f, uint32_t base)
{
	uint32_t a, b, c, d, max;

	__cpuid_count(base, 0, a, b, c, d);
	max = a;
	/* A missing range echoes another leaf; 64 leaves is every range. */
	if (max < base || max - base > 64)
		max = base;
	for (uint32_t leaf = base; leaf <= max; leaf++)
		for (unsigned int s = 0; s < subleaves_of(leaf); s++) {
			__cpuid_count(leaf, s, a, b, c, d);
			fprintf(f, "%08x %x %08x %08x %08x %08x\n", leaf, s, a,
				b, c, d);
		}
}

static int record_cpuid(const char *dir, char *err, size_t errlen)
{
	uint32_t a, b, c, d;
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/cpuid", dir);
	f = fopen(path, "w");
	if (!f)
		return hw_seterr(err, errlen, -errno, "cannot write %s: %s",
				 path, strerror(errno));
	fprintf(f, "# LEAF SUBLEAF EAX EBX ECX EDX of the recording CPU\n");
	record_cpuid_range(f, 0);
	record_cpuid_range(f, 0x80000000u);
	__cpuid(1, a, b, c, d);
	if (c & (1u << 31))
		record_cpuid_range(f, 0x40000000u);
	if (fclose(f))
		return hw_seterr(err, errlen, -errno, "cannot write %s: %s",
				 path, strerror(errno));
	return 0;
}

static int record_msr(struct hw_source *live, const char *dir, char *err,
		      size_t errlen)
{
	char path[4096];
	size_t num;
	char **names;
	FILE *f;

	snprintf(path, sizeof(path), "%s/msr", dir);
	f = fopen(path, "w");
	if (!f)
		return hw_seterr(err, errlen, -errno, "cannot write %s: %s",
				 path, strerror(errno));
	fprintf(f, "# CPU MSR VALUE, or CPU MSR error ERRNO\n");
	if (!hw_list_dir(live, "/sys/devices/system/cpu", &names, &num)) {
		for (size_t i = 0; i < num; i++) {
			unsigned int cpu;
			char end;

			if (sscanf(names[i], "cpu%u%c", &cpu, &end) != 1)
				continue;
			for (size_t m = 0;
			     m < sizeof(record_msrs) / sizeof(record_msrs[0]);
			     m++) {
				uint64_t v;
				int ret =
					hw_rdmsr(live, cpu, record_msrs[m], &v);

				if (ret == -ENODEV)
					break;
				if (ret)
					fprintf(f, "%u %x error %d\n", cpu,
						record_msrs[m], -ret);
				else
					fprintf(f, "%u %x %llx\n", cpu,
						record_msrs[m],
						(unsigned long long)v);
			}
		}
		hw_free_names(names, num);
	}
	if (fclose(f))
		return hw_seterr(err, errlen, -errno, "cannot write %s: %s",
				 path, strerror(errno));
	return 0;
}

static int record_info(const struct hw_source *live, const char *dir, char *err,
		       size_t errlen)
{
	char path[4096], date[64];
	struct utsname u;
	time_t now = time(NULL);
	FILE *f;

	snprintf(path, sizeof(path), "%s/info", dir);
	f = fopen(path, "w");
	if (!f)
		return hw_seterr(err, errlen, -errno, "cannot write %s: %s",
				 path, strerror(errno));
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	uname(&u);
	fprintf(f, "uid %u\ndate %s\nkernel %s\nmachine %s\n", live->uid, date,
		u.release, u.machine);
	if (fclose(f))
		return hw_seterr(err, errlen, -errno, "cannot write %s: %s",
				 path, strerror(errno));
	return 0;
}

static bool dir_empty_or_absent(const char *dir)
{
	struct hw_source live;
	size_t num;
	char **names;

	int ret;

	hw_open_live(&live);
	ret = hw_list_dir(&live, dir, &names, &num);
	if (ret)
		return ret == -ENOENT;
	hw_free_names(names, num);
	return !num;
}

int hw_record(const char *dir, char *err, size_t errlen)
{
	struct hw_source live;
	int ret;

	if (!dir_empty_or_absent(dir))
		return hw_seterr(
			err, errlen, -EEXIST,
			"%s exists and is not empty: record into a new directory",
			dir);
	ret = make_dirs(dir, true);
	if (ret)
		return hw_seterr(err, errlen, ret, "cannot create %s: %s", dir,
				 strerror(-ret));
	hw_open_live(&live);
	ret = record_info(&live, dir, err, errlen);
	if (!ret)
		ret = record_cpuid(dir, err, errlen);
	if (!ret)
		ret = record_msr(&live, dir, err, errlen);
	for (size_t i = 0;
	     !ret && i < sizeof(record_files) / sizeof(record_files[0]); i++)
		ret = copy_file(&live, dir, record_files[i], err, errlen);
	for (size_t i = 0;
	     !ret && i < sizeof(record_dirs) / sizeof(record_dirs[0]); i++)
		ret = record_dir_files(&live, dir, record_dirs[i], err, errlen);
	for (size_t i = 0;
	     !ret && i < sizeof(record_trees) / sizeof(record_trees[0]); i++)
		ret = record_tree(&live, dir, record_trees[i].dir,
				  record_trees[i].files, err, errlen);
	for (size_t i = 0;
	     !ret && i < sizeof(record_names) / sizeof(record_names[0]); i++)
		ret = record_name_list(&live, dir, record_names[i], err,
				       errlen);
	hw_close(&live);
	return ret;
}
