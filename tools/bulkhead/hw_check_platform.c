// SPDX-License-Identifier: GPL-2.0
/*
 * `bulkhead hardware check`: what is around the CPU. The IOMMUs and
 * interrupt remapping (DMAR or IVRS), the MADT and MCFG that config
 * create needs, the CPUs Linux has online, SMT siblings, isolated CPUs,
 * and whether Linux runs under a hypervisor.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_check_internal.h"

/* Bulkhead's driver supports CPUs 0-63 (BH_MAX_CPUS_BOOT). */
#define HW_MAX_CPUS 64

/* DMAR, or else IVRS, into c->iommus. */
void hwc_load_iommus(struct hwc_ctx *c)
{
	char err[256];
	int ret;

	ret = acpi_load(c->src, "DMAR", &c->iommus, err, sizeof(err));
	if (ret == -ENOENT)
		ret = acpi_load(c->src, "IVRS", &c->iommus, err, sizeof(err));
	if (!ret) {
		c->have_iommus = true;
		return;
	}
	if (ret == -ENOENT)
		snprintf(c->iommu_err, sizeof(c->iommu_err),
			 "no DMAR or IVRS table");
	else
		snprintf(c->iommu_err, sizeof(c->iommu_err), "%s", err);
}

static const char *iommu_table(const struct hwc_ctx *c)
{
	return c->iommus.num && c->iommus.unit[0].kind == ACPI_IOMMU_AMD ?
		       "IVRS" :
		       "DMAR";
}

bool hwc_irq_remapping_active(const struct hwc_ctx *c)
{
	return c->interrupts && strstr(c->interrupts, " IR-");
}

bool hwc_dmar_opts_out_of_x2apic(const struct hwc_ctx *c)
{
	return c->have_iommus && c->iommus.num &&
	       c->iommus.unit[0].kind == ACPI_IOMMU_VTD &&
	       (c->iommus.flags & 3) == 3;
}

void hwc_check_irq_remapping(struct hwc_ctx *c)
{
	bool amd, avail, active = hwc_irq_remapping_active(c);

	if (!c->have_iommus || !c->iommus.num) {
		hwc_add(c, "irq-remapping", false, HW_WARNING,
			"%s: no interrupt remapping%s; on bare metal Linux uses x2APIC mode only with it",
			c->have_iommus ? "no IOMMU unit in the ACPI tables" :
					 c->iommu_err,
			active ? " (yet IR- in /proc/interrupts)" : "");
		return;
	}
	amd = c->iommus.unit[0].kind == ACPI_IOMMU_AMD;
	/* AMD IOMMUs always remap interrupts; VT-d says so in DMAR. */
	avail = amd || (c->iommus.flags & 1);
	if (!avail) {
		hwc_add(c, "irq-remapping", false, HW_WARNING,
			"DMAR flags bit 0 (INTR_REMAP) is clear: the platform has no interrupt remapping; on bare metal Linux uses x2APIC mode only with it");
		return;
	}
	if (!active) {
		hwc_add(c, "irq-remapping", false, HW_WARNING,
			"available (%s) but not active (no IR- interrupt chips in /proc/interrupts): boot with %s and intremap=on",
			amd ? "IVRS" : "DMAR flags bit 0",
			amd ? "amd_iommu=on" : "intel_iommu=on");
		return;
	}
	hwc_add(c, "irq-remapping", false, HW_OK,
		"available (%s) and active (IR- interrupt chips in /proc/interrupts)%s",
		amd ? "IVRS" : "DMAR flags bit 0",
		hwc_dmar_opts_out_of_x2apic(c) ?
			"; the firmware asks the OS not to use x2APIC (DMAR flags bit 1): boot with intremap=no_x2apic_optout" :
			"");
}

void hwc_check_iommu(struct hwc_ctx *c)
{
	char list[320] = "", *p = list;
	size_t n = 0, left = sizeof(list);
	size_t num_sys = 0;
	char **names;

	if (!c->have_iommus || !c->iommus.num) {
		hwc_add(c, "iommu", false, HW_WARNING,
			"%s: no IOMMU, devices' DMA is not confined (nor does Bulkhead confine it yet)",
			c->have_iommus ? "no IOMMU unit in the ACPI tables" :
					 c->iommu_err);
		return;
	}
	for (unsigned int i = 0; i < c->iommus.num && left > 1; i++) {
		const typeof(c->iommus.unit[0]) *u = &c->iommus.unit[i];

		n = snprintf(p, left, "%s0x%llx (%llu KiB, segment %u%s)",
			     i ? ", " : "", (unsigned long long)u->base,
			     (unsigned long long)(u->size >> 10), u->segment,
			     u->include_all ? ", all devices" : "");
		if (n >= left)
			break;
		p += n;
		left -= n;
	}
	if (!hw_list_dir(c->src, "/sys/class/iommu", &names, &num_sys))
		hw_free_names(names, num_sys);
	hwc_add(c, "iommu", false, HW_OK,
		"%u unit%s in %s: %s; Linux drives %zu (/sys/class/iommu)",
		c->iommus.num, c->iommus.num == 1 ? "" : "s", iommu_table(c),
		list, num_sys);
}

void hwc_check_acpi_tables(struct hwc_ctx *c)
{
	struct acpi_madt *madt = malloc(sizeof(*madt));
	char merr[256], cerr[256], mcfg_text[320];
	struct acpi_mcfg mcfg;
	int mret, cret;

	if (!madt) {
		hwc_add(c, "acpi-tables", false, HW_WARNING, "out of memory");
		return;
	}
	mret = acpi_load(c->src, "APIC", madt, merr, sizeof(merr));
	cret = acpi_load(c->src, "MCFG", &mcfg, cerr, sizeof(cerr));
	if (!cret && mcfg.num)
		snprintf(mcfg_text, sizeof(mcfg_text),
			 "MCFG: ECAM 0x%llx, segment %u, buses %u-%u%s",
			 (unsigned long long)mcfg.entry[0].base,
			 mcfg.entry[0].segment, mcfg.entry[0].start_bus,
			 mcfg.entry[0].end_bus,
			 mcfg.num > 1 ? " and more" : "");
	else if (!cret)
		snprintf(mcfg_text, sizeof(mcfg_text), "MCFG: no entries");
	else
		snprintf(mcfg_text, sizeof(mcfg_text), "%s", cerr);
	if (mret) {
		hwc_add(c, "acpi-tables", false, HW_WARNING,
			"%s; %s: config create needs both", merr, mcfg_text);
	} else {
		hwc_add(c, "acpi-tables", false,
			cret || !mcfg.num ? HW_WARNING : HW_OK,
			"MADT: %u processor%s, %u IOAPIC%s%s; %s%s", madt->num,
			madt->num == 1 ? "" : "s", madt->num_ioapics,
			madt->num_ioapics == 1 ? "" : "s",
			madt->has_x2apic_entries ? ", x2APIC entries" : "",
			mcfg_text,
			cret || !mcfg.num ?
				": config create cannot find PCI MMCONFIG" :
				"");
	}
	free(madt);
}

/* A sysfs CPU list file; false with an item @name saying why not. */
static bool read_cpulist(struct hwc_ctx *c, const char *name, bool needed,
			 const char *path, struct hw_cpus *out)
{
	char *s = hwc_read_text(c, path), err[128];
	int ret;

	if (!s) {
		hwc_add(c, name, needed, HW_WARNING, "cannot read %s", path);
		return false;
	}
	ret = hw_cpulist_parse(s, out, err, sizeof(err));
	free(s);
	if (ret)
		hwc_add(c, name, needed, HW_WARNING, "%s: %s", path, err);
	return !ret;
}

bool hwc_check_cpus(struct hwc_ctx *c, struct hw_cpus *online)
{
	char list[160];

	if (!read_cpulist(c, "cpus", true, "/sys/devices/system/cpu/online",
			  online))
		return false;
	hw_cpulist_format(online->set, list, sizeof(list));
	if (online->highest >= HW_MAX_CPUS)
		hwc_add(c, "cpus", true, HW_MISSING,
			"%u CPUs online: CPU %d is online but Bulkhead supports CPUs 0-%d only: boot with maxcpus=%d",
			online->num, online->highest, HW_MAX_CPUS - 1,
			HW_MAX_CPUS);
	else if (online->num < 2)
		hwc_add(c, "cpus", true, HW_MISSING,
			"only CPU %s is online: Linux keeps CPU 0, so a cell has no CPU to take",
			list);
	else
		hwc_add(c, "cpus", true, HW_OK,
			"%u CPUs online (%s): Linux keeps CPU 0, cells can take the others",
			online->num, list);
	return true;
}

/* CPUs past 63 are not looked at: the cpus item refuses them already. */
void hwc_check_smt(struct hwc_ctx *c, const struct hw_cpus *online)
{
	char path[96], shared[192] = "";
	struct hw_cpus sib;
	size_t used = 0;
	int pairs = 0;

	for (unsigned int cpu = 0; cpu < HW_MAX_CPUS; cpu++) {
		uint64_t others;

		if (!(online->set >> cpu & 1))
			continue;
		snprintf(
			path, sizeof(path),
			"/sys/devices/system/cpu/cpu%u/topology/thread_siblings_list",
			cpu);
		if (!read_cpulist(c, "smt", false, path, &sib))
			return;
		/* Each pair once, from its lower CPU. */
		others = cpu == 63 ?
				 0 :
				 sib.set & online->set & ~((2ull << cpu) - 1);
		for (unsigned int o = cpu + 1; others && o < HW_MAX_CPUS; o++) {
			if (!(others >> o & 1))
				continue;
			if (used < sizeof(shared) - 24)
				used += snprintf(shared + used,
						 sizeof(shared) - used,
						 "%s%u+%u", pairs ? ", " : "",
						 cpu, o);
			pairs++;
		}
	}
	if (!pairs) {
		hwc_add(c, "smt", false, HW_OK,
			"no online CPU shares its core with another (thread_siblings_list)");
		return;
	}
	hwc_add(c, "smt", false, HW_WARNING,
		"%d pair%s of online SMT siblings (%s): siblings share a core's caches and pipeline, so give a real-time cell whole cores or disable SMT in the firmware or with nosmt",
		pairs, pairs == 1 ? "" : "s", shared);
}

void hwc_check_isolated(struct hwc_ctx *c)
{
	char *s = hwc_read_text(c, "/sys/devices/system/cpu/isolated");

	if (!s) {
		hwc_add(c, "isolated-cpus", false, HW_WARNING,
			"cannot read /sys/devices/system/cpu/isolated");
		return;
	}
	s[strcspn(s, "\n")] = '\0';
	if (!*s)
		hwc_add(c, "isolated-cpus", false, HW_WARNING,
			"no CPU is isolated: cells do not need it, but the bench's 'linux' mode compares with a CPU isolated by isolcpus=");
	else
		hwc_add(c, "isolated-cpus", false, HW_OK,
			"CPUs %s isolated (isolcpus=): the bench's 'linux' mode can run there",
			s);
	free(s);
}

void hwc_check_hypervisor(struct hwc_ctx *c)
{
	struct hw_cpuid r;
	char name[13];

	if (!hwc_cpuid(c, "hypervisor", false, 1, 0, &r))
		return;
	if (!hwc_bit(r.ecx, 31)) {
		hwc_add(c, "hypervisor", false, HW_OK,
			"not under a hypervisor (CPUID 1 ECX[31] clear)");
		return;
	}
	hw_hypervisor(c->src, name);
	hwc_add(c, "hypervisor", false, HW_WARNING,
		"running under a hypervisor (CPUID 1 ECX[31]; 0x40000000: '%s'): latency figures will be the host's, not this machine's hardware's",
		name[0] ? name : "no vendor string");
}

/* The hypervisor item comes late, but the SVM and VMX reasons use it. */
bool hwc_under_hypervisor(const struct hw_source *src)
{
	struct hw_cpuid r;

	return hw_cpuid(src, 1, 0, &r) && hwc_bit(r.ecx, 31);
}
