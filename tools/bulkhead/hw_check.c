// SPDX-License-Identifier: GPL-2.0
/*
 * `bulkhead hardware check`'s judgement (hw_check.h): one item per
 * requirement, each from CPUID, MSRs, ACPI tables, /proc and /sys as
 * struct hw_source gives them. The order of the items is the order of
 * the checks in hw_check_run() below; each reason says what was seen
 * and, when something is wrong, what to do about it. The checks
 * themselves are in hw_check_cpu.c, hw_check_virt.c, hw_check_platform.c
 * and hw_check_memmap.c (hw_check_internal.h); here are the items, the
 * needed/ready rule and the helpers every check reads with.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_check_internal.h"

static void vadd(struct hwc_ctx *c, const char *name, bool needed,
		 enum hw_status st, const char *fmt, va_list ap)
{
	struct hw_item *it;

	if (c->out->num == HW_CHECK_MAX_ITEMS)
		return;
	it = &c->out->item[c->out->num++];
	snprintf(it->name, sizeof(it->name), "%s", name);
	it->status = st;
	it->needed = needed;
	vsnprintf(it->reason, sizeof(it->reason), fmt, ap);
}

void hwc_add(struct hwc_ctx *c, const char *name, bool needed,
	     enum hw_status st, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vadd(c, name, needed, st, fmt, ap);
	va_end(ap);
}

const char *hw_status_name(enum hw_status status)
{
	switch (status) {
	case HW_OK:
		return "ok";
	case HW_MISSING:
		return "missing";
	default:
		return "warning";
	}
}

bool hw_check_ready(const struct hw_check *check)
{
	for (unsigned int i = 0; i < check->num; i++)
		if (check->item[i].needed && check->item[i].status != HW_OK)
			return false;
	return true;
}

bool hwc_cpuid(struct hwc_ctx *c, const char *name, bool needed, uint32_t leaf,
	       uint32_t sub, struct hw_cpuid *r)
{
	if (hw_cpuid(c->src, leaf, sub, r))
		return true;
	hwc_add(c, name, needed, HW_WARNING,
		"CPUID leaf 0x%x subleaf %u is not in the recording: record the machine again",
		leaf, sub);
	return false;
}

void hwc_msr_error(char *buf, size_t len, uint32_t msr, int err)
{
	const char *why;

	switch (err) {
	case -EACCES:
		why = "permission denied (run as root)";
		break;
	case -ENOENT:
		why = "no /dev/cpu/0/msr (modprobe msr failed)";
		break;
	case -EIO:
		why = "the CPU refused the read (no such MSR on this CPU)";
		break;
	case -ENODEV:
		why = "no such CPU";
		break;
	default:
		why = strerror(-err);
	}
	snprintf(buf, len, "cannot read MSR 0x%x on CPU 0: %s", msr, why);
}

char *hwc_read_text(struct hwc_ctx *c, const char *path)
{
	size_t len;
	char *buf;

	if (hw_read_file(c->src, path, &buf, &len))
		return NULL;
	return buf;
}

static void check_root(struct hwc_ctx *c)
{
	if (!c->src->uid)
		return;
	hwc_add(c, "root", true, HW_MISSING,
		c->src->dir ?
			"recorded as uid %u, not root: MSRs and ACPI tables were unreadable; record again as root" :
			"running as uid %u, not root: MSRs and ACPI tables are readable only by root",
		c->src->uid);
}

int hw_check_run(struct hw_source *src, const struct bh_system_desc *sys,
		 struct hw_check *out, char *err, size_t errlen)
{
	struct hw_cpus online;
	bool hv, have_online;
	struct hwc_ctx *c;

	memset(out, 0, sizeof(*out));
	if (!hw_exists(src, "/sys/firmware/acpi/tables")) {
		snprintf(
			err, errlen,
			"no ACPI tables (/sys/firmware/acpi/tables): Bulkhead needs a machine that describes itself with ACPI");
		return -ENOENT;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	c->src = src;
	c->out = out;
	c->cpuinfo = hwc_read_text(c, "/proc/cpuinfo");
	c->interrupts = hwc_read_text(c, "/proc/interrupts");
	c->iomem = hwc_read_text(c, "/proc/iomem");
	hwc_load_iommus(c);

	check_root(c);
	hwc_check_vendor(c);
	hv = hwc_under_hypervisor(src);
	if (c->svm_path) {
		hwc_check_svm(c, hv);
		hwc_check_svm_features(c);
	} else {
		hwc_check_vmx(c, hv);
	}
	hwc_check_1g_pages(c);
	hwc_check_paging_levels(c);
	hwc_check_x2apic(c);
	hwc_check_irq_remapping(c);
	hwc_check_iommu(c);
	hwc_check_acpi_tables(c);
	hwc_check_tsc(c);
	hwc_check_cache_qos(c);
	have_online = hwc_check_cpus(c, &online);
	if (have_online)
		hwc_check_smt(c, &online);
	hwc_check_isolated(c);
	hwc_check_hypervisor(c);
	if (sys) {
		hwc_check_memmap(c, sys);
		if (have_online)
			hwc_check_config_cpus(c, sys, &online);
	}

	free(c->cpuinfo);
	free(c->interrupts);
	free(c->iomem);
	free(c);
	return 0;
}
