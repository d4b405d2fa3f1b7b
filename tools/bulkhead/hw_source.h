/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where `bulkhead hardware check` and `config create` read the machine
 * from: the live machine (CPUID instruction, /dev/cpu/N/msr, /proc, /sys),
 * or a recording of one made by `bulkhead hardware record DIR`, so that
 * the parsers and the judgement are unit-tested on real machines' inputs
 * (tests/unit/fixtures/hw/) and a user can send theirs with a bug report.
 *
 * A recording is a directory:
 *   DIR/cpuid     "LEAF SUBLEAF EAX EBX ECX EDX" per line, hex, of CPU 0
 *   DIR/msr       "CPU MSR VALUE" or "CPU MSR error ERRNO" per line, hex MSR
 *                 and value, decimal CPU and errno
 *   DIR/info      "key value" lines: uid, the recording's date and host
 *   DIR/fs/...    copies of the files read, under their absolute path
 *                 (DIR/fs/proc/iomem, DIR/fs/sys/firmware/acpi/tables/MCFG);
 *                 of directories whose entries only are read (the IOMMUs in
 *                 /sys/class/iommu), each entry as an empty file
 */
#ifndef BULKHEAD_HW_SOURCE_H
#define BULKHEAD_HW_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hw_cpuid {
	uint32_t eax, ebx, ecx, edx;
};

struct hw_cpuid_entry {
	uint32_t leaf, subleaf;
	struct hw_cpuid r;
};

struct hw_msr_entry {
	unsigned int cpu;
	uint32_t msr;
	int err; /* 0, or the positive errno reading it gave */
	uint64_t value;
};

struct hw_source {
	/* NULL: the live machine; else the recording's directory. */
	const char *dir;
	/* The effective uid of the live process, or the recording's. */
	unsigned int uid;
	/* Recorded CPUID and MSR values (empty when live). */
	struct hw_cpuid_entry *cpuid;
	size_t num_cpuid;
	struct hw_msr_entry *msr;
	size_t num_msr;
	/* Live: whether `modprobe msr` was already tried. */
	bool msr_module_tried;
};

/* The live machine. */
void hw_open_live(struct hw_source *src);

/*
 * A recording; -errno with the reason (naming the file and line) in @err
 * if DIR is not one.
 */
int hw_open_recorded(struct hw_source *src, const char *dir, char *err,
		     size_t errlen);

void hw_close(struct hw_source *src);

/* Formats the reason into @err (as every hw_ function reports); returns
 * @ret, so that a caller can `return hw_seterr(...)`. */
int hw_seterr(char *err, size_t errlen, int ret, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/*
 * CPUID @leaf/@subleaf of the CPU this runs on (a recording's CPU 0).
 * Leaves above the maximum the CPU reports (0 or 0x80000000 asked first)
 * read as zeros, as on hardware that does not have them; false if a
 * recording lacks a leaf at or below its maximum.
 */
bool hw_cpuid(const struct hw_source *src, uint32_t leaf, uint32_t subleaf,
	      struct hw_cpuid *out);

/*
 * Whether CPUID 1 ECX[31] says this runs under a hypervisor. @name gets
 * the hypervisor's vendor string (leaf 0x40000000; unprintable bytes as
 * '?'), empty if it has none.
 */
bool hw_hypervisor(const struct hw_source *src, char name[13]);

/*
 * MSR @msr of CPU @cpu. 0, or: -EACCES (not root), -ENOENT (no
 * /dev/cpu/N/msr even after trying `modprobe msr`), -EIO (the CPU refused
 * the read: the MSR does not exist), -ENODEV (no such CPU).
 */
int hw_rdmsr(struct hw_source *src, unsigned int cpu, uint32_t msr,
	     uint64_t *val);

/*
 * The whole of file @path (absolute, as on the live machine) in a
 * malloc'd buffer with a NUL after @len bytes (so text can be parsed as a
 * string and binary tables keep their length). 0, or -errno (-ENOENT when
 * absent).
 */
int hw_read_file(const struct hw_source *src, const char *path, char **buf,
		 size_t *len);

/* True if @path exists (file or directory). */
bool hw_exists(const struct hw_source *src, const char *path);

/*
 * The names in directory @path, sorted (strcmp), without "." and "..",
 * in a malloc'd array of malloc'd strings; hw_free_names() frees it.
 * 0, or -errno.
 */
int hw_list_dir(const struct hw_source *src, const char *path, char ***names,
		size_t *num);
void hw_free_names(char **names, size_t num);

/*
 * Records the live machine into @dir (created; must not exist or be
 * empty): every file, CPUID leaf and MSR that hardware check and config
 * create read. Unreadable items are left out (MSRs as "error"), never
 * fatal. 0, or -errno with the reason in @err.
 */
int hw_record(const char *dir, char *err, size_t errlen);

#endif
