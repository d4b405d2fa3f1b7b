// SPDX-License-Identifier: GPL-2.0
/*
 * The machine as hardware check and config create see it: live, or from
 * a recording (format in hw_source.h).
 */
#include <cpuid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hw_source.h"

/* Recorded files larger than this are refused, not read. */
#define HW_FILE_MAX (16u << 20)

void hw_open_live(struct hw_source *src)
{
	memset(src, 0, sizeof(*src));
	src->uid = geteuid();
}

int hw_seterr(char *err, size_t errlen, int ret, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return ret;
}

static void *grow(void *arr, size_t num, size_t size)
{
	/* Doubling at powers of two keeps appends amortised O(1). */
	if (num & (num - 1))
		return arr;
	return realloc(arr, (num ? num * 2 : 16) * size);
}

static int load_cpuid(struct hw_source *src, const char *dir, char *err,
		      size_t errlen)
{
	char path[4096], line[256];
	unsigned long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cpuid", dir);
	f = fopen(path, "r");
	if (!f)
		return hw_seterr(err, errlen, -errno, "%s: %s", path,
				 strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		struct hw_cpuid_entry e;
		void *p;

		n++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line,
			   "%" SCNx32 " %" SCNx32 " %" SCNx32 " %" SCNx32
			   " %" SCNx32 " %" SCNx32,
			   &e.leaf, &e.subleaf, &e.r.eax, &e.r.ebx, &e.r.ecx,
			   &e.r.edx) != 6) {
			fclose(f);
			return hw_seterr(
				err, errlen, -EINVAL,
				"%s:%lu: not LEAF SUBLEAF EAX EBX ECX EDX",
				path, n);
		}
		p = grow(src->cpuid, src->num_cpuid, sizeof(e));
		if (!p) {
			fclose(f);
			return -ENOMEM;
		}
		src->cpuid = p;
		src->cpuid[src->num_cpuid++] = e;
	}
	fclose(f);
	return 0;
}

static int load_msr(struct hw_source *src, const char *dir, char *err,
		    size_t errlen)
{
	char path[4096], line[256];
	unsigned long n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/msr", dir);
	f = fopen(path, "r");
	if (!f) {
		/* A recording of a machine whose MSRs could not be read. */
		if (errno == ENOENT)
			return 0;
		return hw_seterr(err, errlen, -errno, "%s: %s", path,
				 strerror(errno));
	}
	while (fgets(line, sizeof(line), f)) {
		struct hw_msr_entry e = { 0 };
		int e_err;
		void *p;

		n++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%u %" SCNx32 " error %d", &e.cpu, &e.msr,
			   &e_err) == 3 &&
		    e_err > 0) {
			e.err = e_err;
		} else if (sscanf(line, "%u %" SCNx32 " %" SCNx64, &e.cpu,
				  &e.msr, &e.value) != 3) {
			fclose(f);
			return hw_seterr(err, errlen, -EINVAL,
					 "%s:%lu: not CPU MSR VALUE", path, n);
		}
		p = grow(src->msr, src->num_msr, sizeof(e));
		if (!p) {
			fclose(f);
			return -ENOMEM;
		}
		src->msr = p;
		src->msr[src->num_msr++] = e;
	}
	fclose(f);
	return 0;
}

static int load_info(struct hw_source *src, const char *dir, char *err,
		     size_t errlen)
{
	char path[4096], line[256];
	bool have_uid = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/info", dir);
	f = fopen(path, "r");
	if (!f)
		return hw_seterr(
			err, errlen, -errno,
			"%s: %s (not a recording made by 'bulkhead hardware record')",
			path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "uid %u", &src->uid) == 1)
			have_uid = true;
	fclose(f);
	if (!have_uid)
		return hw_seterr(err, errlen, -EINVAL, "%s: no 'uid' line",
				 path);
	return 0;
}

int hw_open_recorded(struct hw_source *src, const char *dir, char *err,
		     size_t errlen)
{
	int ret;

	memset(src, 0, sizeof(*src));
	src->dir = dir;
	ret = load_info(src, dir, err, errlen);
	if (!ret)
		ret = load_cpuid(src, dir, err, errlen);
	if (!ret)
		ret = load_msr(src, dir, err, errlen);
	if (ret)
		hw_close(src);
	return ret;
}

void hw_close(struct hw_source *src)
{
	free(src->cpuid);
	free(src->msr);
	src->cpuid = NULL;
	src->msr = NULL;
	src->num_cpuid = src->num_msr = 0;
}

static bool recorded_cpuid(const struct hw_source *src, uint32_t leaf,
			   uint32_t subleaf, struct hw_cpuid *out)
{
	for (size_t i = 0; i < src->num_cpuid; i++) {
		if (src->cpuid[i].leaf == leaf &&
		    src->cpuid[i].subleaf == subleaf) {
			*out = src->cpuid[i].r;
			return true;
		}
	}
	return false;
}

static void raw_cpuid(const struct hw_source *src, uint32_t leaf,
		      uint32_t subleaf, struct hw_cpuid *out, bool *found)
{
	if (src->dir) {
		*found = recorded_cpuid(src, leaf, subleaf, out);
		return;
	}
	__cpuid_count(leaf, subleaf, out->eax, out->ebx, out->ecx, out->edx);
	*found = true;
}

bool hw_cpuid(const struct hw_source *src, uint32_t leaf, uint32_t subleaf,
	      struct hw_cpuid *out)
{
	struct hw_cpuid max;
	bool found;

	/*
	 * Leaves beyond the range's maximum return another leaf's values on
	 * Intel; reading them as zeros is what every caller wants.
	 */
	raw_cpuid(src, leaf & 0xffff0000u, 0, &max, &found);
	if (!found || leaf > max.eax) {
		memset(out, 0, sizeof(*out));
		return found || !src->dir;
	}
	raw_cpuid(src, leaf, subleaf, out, &found);
	if (!found)
		memset(out, 0, sizeof(*out));
	return found;
}

bool hw_hypervisor(const struct hw_source *src, char name[13])
{
	struct hw_cpuid r;

	memset(name, 0, 13);
	if (!hw_cpuid(src, 1, 0, &r) || !(r.ecx & (1u << 31)))
		return false;
	if (hw_cpuid(src, 0x40000000, 0, &r)) {
		memcpy(name, &r.ebx, 4);
		memcpy(name + 4, &r.ecx, 4);
		memcpy(name + 8, &r.edx, 4);
	}
	for (int i = 0; i < 12 && name[i]; i++)
		if (name[i] < 0x20 || name[i] > 0x7e)
			name[i] = '?';
	return true;
}

static int live_rdmsr(struct hw_source *src, unsigned int cpu, uint32_t msr,
		      uint64_t *val)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/dev/cpu/%u/msr", cpu);
	fd = open(path, O_RDONLY);
	if (fd < 0 && errno == ENOENT && !src->msr_module_tried) {
		char cpudir[64];

		snprintf(cpudir, sizeof(cpudir),
			 "/sys/devices/system/cpu/cpu%u", cpu);
		if (access(cpudir, F_OK))
			return -ENODEV;
		src->msr_module_tried = true;
		/* The msr driver is a module on Debian's kernels. */
		if (system("modprobe msr >/dev/null 2>&1") == -1)
			return -ENOENT;
		fd = open(path, O_RDONLY);
	}
	if (fd < 0) {
		int e = errno;

		if (e == ENXIO)
			return -ENODEV;
		if (e == EPERM)
			return -EACCES;
		return -e;
	}
	n = pread(fd, val, sizeof(*val), msr);
	close(fd);
	if (n != sizeof(*val))
		return -EIO;
	return 0;
}

int hw_rdmsr(struct hw_source *src, unsigned int cpu, uint32_t msr,
	     uint64_t *val)
{
	if (!src->dir)
		return live_rdmsr(src, cpu, msr, val);
	for (size_t i = 0; i < src->num_msr; i++) {
		const struct hw_msr_entry *e = &src->msr[i];

		if (e->cpu != cpu || e->msr != msr)
			continue;
		if (e->err)
			return -e->err;
		*val = e->value;
		return 0;
	}
	/* Not recorded: the recording machine had no MSR access at all. */
	return -ENOENT;
}

static void make_path(const struct hw_source *src, const char *path, char *buf,
		      size_t len)
{
	if (src->dir)
		snprintf(buf, len, "%s/fs%s", src->dir, path);
	else
		snprintf(buf, len, "%s", path);
}

int hw_read_file(const struct hw_source *src, const char *path, char **buf,
		 size_t *len)
{
	size_t cap = 4096, n = 0;
	char full[4096];
	char *b;
	int fd;

	make_path(src, path, full, sizeof(full));
	fd = open(full, O_RDONLY);
	if (fd < 0)
		return -errno;
	/* sysfs and procfs files report size 0: read until EOF. */
	b = malloc(cap + 1);
	while (b) {
		ssize_t r;

		if (n == cap) {
			char *nb;

			if (cap >= HW_FILE_MAX) {
				free(b);
				close(fd);
				return -EFBIG;
			}
			cap *= 2;
			nb = realloc(b, cap + 1);
			if (!nb)
				break;
			b = nb;
		}
		r = read(fd, b + n, cap - n);
		if (r < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			free(b);
			close(fd);
			return -e;
		}
		if (!r) {
			close(fd);
			b[n] = '\0';
			*buf = b;
			*len = n;
			return 0;
		}
		n += r;
	}
	free(b);
	close(fd);
	return -ENOMEM;
}

bool hw_exists(const struct hw_source *src, const char *path)
{
	char full[4096];

	make_path(src, path, full, sizeof(full));
	return !access(full, F_OK);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int hw_list_dir(const struct hw_source *src, const char *path, char ***names,
		size_t *num)
{
	char full[4096];
	char **arr = NULL;
	struct dirent *de;
	size_t n = 0;
	DIR *d;

	make_path(src, path, full, sizeof(full));
	d = opendir(full);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char **na;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		na = grow(arr, n, sizeof(*arr));
		if (!na)
			goto nomem;
		arr = na;
		arr[n] = strdup(de->d_name);
		if (!arr[n])
			goto nomem;
		n++;
	}
	closedir(d);
	if (n)
		qsort(arr, n, sizeof(*arr), cmp_names);
	*names = arr;
	*num = n;
	return 0;
nomem:
	closedir(d);
	hw_free_names(arr, n);
	return -ENOMEM;
}

void hw_free_names(char **names, size_t num)
{
	for (size_t i = 0; i < num; i++)
		free(names[i]);
	free(names);
}
