// SPDX-License-Identifier: GPL-2.0
/*
 * config create: reading the machine into a struct cc_machine
 * (config_create.h), from the live machine or a recording (hw_source.h).
 * What config create cannot go on without is an error; what only makes
 * the config poorer (no UART, no MCFG, no IOMMU table) is a note. The PCI
 * functions are config_create_bench.c's to read: only --bench needs them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_create_internal.h"

/* Reads @path whole into a malloc'd string; 0 or -errno. */
static int read_text(const struct hw_source *src, const char *path, char **text)
{
	size_t len;
	int ret = hw_read_file(src, path, text, &len);

	if (!ret && strlen(*text) != len) {
		free(*text);
		*text = NULL;
		return -EINVAL;
	}
	return ret;
}

static int read_iomem(const struct hw_source *src, struct cc_machine *m,
		      char *err, size_t errlen)
{
	char *text, perr[192];
	int ret;

	ret = read_text(src, "/proc/iomem", &text);
	if (ret)
		return cc_fail(err, errlen, ret, "/proc/iomem: %s",
			       ret == -EINVAL ? "holds a NUL byte" :
						strerror(-ret));
	ret = hw_iomem_parse(text, &m->iomem, perr, sizeof(perr));
	free(text);
	if (ret)
		return cc_fail(err, errlen, ret, "/proc/iomem: %s", perr);
	if (!m->iomem.num)
		return cc_fail(err, errlen, -EINVAL, "/proc/iomem: empty");
	if (hw_iomem_hidden(&m->iomem))
		return cc_fail(
			err, errlen, -EACCES,
			"/proc/iomem shows every address as 0: it was read by a user other than root");
	return 0;
}

static int read_fwmap_entry(const struct hw_source *src, const char *name,
			    struct hw_fwmap_entry *e, char *err, size_t errlen)
{
	static const char *const files[] = { "start", "end", "type" };
	char *text[3] = { NULL, NULL, NULL }, path[96];
	int ret = 0;

	for (int i = 0; i < 3 && !ret; i++) {
		snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/%s", name,
			 files[i]);
		ret = read_text(src, path, &text[i]);
		if (ret)
			cc_fail(err, errlen, ret, "%s: %s", path,
				strerror(-ret));
	}
	if (!ret)
		ret = hw_fwmap_parse_entry(name, text[0], text[1], text[2], e,
					   err, errlen);
	for (int i = 0; i < 3; i++)
		free(text[i]);
	return ret;
}

/* No firmware map is fine (a kernel without it); a broken one is not. */
static int read_fwmap(const struct hw_source *src, struct cc_machine *m,
		      char *err, size_t errlen)
{
	char **names;
	size_t num;
	int ret;

	if (hw_list_dir(src, "/sys/firmware/memmap", &names, &num))
		return 0;
	m->fw = calloc(num ? num : 1, sizeof(*m->fw));
	if (!m->fw) {
		hw_free_names(names, num);
		return cc_fail(err, errlen, -ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < num; i++) {
		ret = read_fwmap_entry(src, names[i], &m->fw[i], err, errlen);
		if (ret) {
			hw_free_names(names, num);
			return ret;
		}
	}
	m->num_fw = num;
	hw_free_names(names, num);
	return hw_fwmap_sort(m->fw, m->num_fw, err, errlen);
}

static int read_cmdline(const struct hw_source *src, struct cc_machine *m,
			char *err, size_t errlen)
{
	char *text;
	int ret;

	ret = read_text(src, "/proc/cmdline", &text);
	if (ret)
		return cc_fail(err, errlen, ret, "/proc/cmdline: %s",
			       strerror(-ret));
	ret = hw_cmdline_parse(text, &m->cmdline, err, errlen);
	free(text);
	if (ret)
		return ret;
	m->console_lines = m->cmdline.console_lines;
	/* Recordings may lack it; console= is the usual source anyway. */
	if (!read_text(src, "/proc/consoles", &text)) {
		m->console_lines |= hw_consoles_parse(text);
		free(text);
	}
	return 0;
}

static void read_uarts(const struct hw_source *src, struct cc_machine *m)
{
	char *text, perr[160];
	int ret;

	ret = read_text(src, "/proc/tty/driver/serial", &text);
	if (ret) {
		snprintf(m->uart_note, sizeof(m->uart_note),
			 "could not read /proc/tty/driver/serial (%s)",
			 strerror(-ret));
		return;
	}
	ret = hw_serial_parse(text, &m->uarts, perr, sizeof(perr));
	free(text);
	if (ret) {
		snprintf(m->uart_note, sizeof(m->uart_note),
			 "/proc/tty/driver/serial: %s", perr);
		return;
	}
	m->have_uarts = true;
}

static int read_cpus(const struct hw_source *src, const char *path,
		     struct hw_cpus *cpus, char *err, size_t errlen)
{
	char *text, perr[128];
	int ret;

	ret = read_text(src, path, &text);
	if (ret)
		return cc_fail(err, errlen, ret, "%s: %s", path,
			       strerror(-ret));
	ret = hw_cpulist_parse(text, cpus, perr, sizeof(perr));
	free(text);
	if (ret)
		return cc_fail(err, errlen, ret, "%s: %s", path, perr);
	return 0;
}

/* ACPI tables that only make the config poorer when missing or broken. */
static void read_acpi(const struct hw_source *src, struct cc_machine *m)
{
	char aerr[CC_NOTE_LEN - 64];
	int ret;

	ret = acpi_load(src, "MCFG", &m->mcfg, aerr, sizeof(aerr));
	m->have_mcfg = !ret;
	if (ret == -ENOENT)
		snprintf(m->mcfg_note, sizeof(m->mcfg_note),
			 "the ACPI tables have no MCFG");
	else if (ret)
		snprintf(m->mcfg_note, sizeof(m->mcfg_note), "%s", aerr);

	ret = acpi_load(src, "DMAR", &m->iommus, aerr, sizeof(aerr));
	m->iommu_table = "DMAR";
	if (ret == -ENOENT) {
		ret = acpi_load(src, "IVRS", &m->iommus, aerr, sizeof(aerr));
		m->iommu_table = "IVRS";
	}
	m->have_iommus = !ret;
	if (ret == -ENOENT)
		snprintf(
			m->iommu_note, sizeof(m->iommu_note),
			"the ACPI tables have neither DMAR (Intel VT-d) nor IVRS (AMD IOMMU)");
	else if (ret)
		snprintf(m->iommu_note, sizeof(m->iommu_note), "%s", aerr);

	ret = acpi_load(src, "APIC", &m->madt, aerr, sizeof(aerr));
	m->have_madt = !ret;
	if (ret)
		snprintf(m->madt_note, sizeof(m->madt_note), "%s",
			 ret == -ENOENT ? "the ACPI tables have no MADT" :
					  aerr);
}

/* The hostname as a config name: printable, no spaces, 31 characters. */
static void read_name(const struct hw_source *src, struct cc_machine *m)
{
	size_t n = 0;
	char *text;

	snprintf(m->name, sizeof(m->name), "system");
	if (read_text(src, "/proc/sys/kernel/hostname", &text))
		return;
	for (const char *p = text; *p && n < sizeof(m->name) - 1; p++)
		if (*p > ' ' && *p < 0x7f)
			m->name[n++] = *p;
	/* The kernel's name for no hostname, in an initramfs. */
	if (n && strncmp(text, "(none)", 6))
		m->name[n] = '\0';
	else
		snprintf(m->name, sizeof(m->name), "system");
	free(text);
}

int cc_read_machine(const struct hw_source *src, struct cc_machine *m,
		    char *err, size_t errlen)
{
	int ret;

	memset(m, 0, sizeof(*m));
	if (src->dir)
		snprintf(m->source, sizeof(m->source), "the recording %s",
			 src->dir);
	else
		snprintf(m->source, sizeof(m->source), "the live machine");
	if (!src->dir && src->uid != 0)
		return cc_fail(
			err, errlen, -EACCES,
			"config create reads addresses (/proc/iomem) and ACPI tables only root can read: run it as root");
	if (!hw_exists(src, "/sys/firmware/acpi/tables"))
		return cc_fail(
			err, errlen, -ENOENT,
			"no ACPI tables (/sys/firmware/acpi/tables): Bulkhead needs an x86 machine booted with ACPI");
	read_name(src, m);
	ret = read_iomem(src, m, err, errlen);
	if (!ret)
		ret = read_fwmap(src, m, err, errlen);
	if (!ret)
		ret = read_cmdline(src, m, err, errlen);
	if (!ret)
		ret = read_cpus(src, "/sys/devices/system/cpu/online",
				&m->online, err, errlen);
	if (!ret && hw_exists(src, "/sys/devices/system/cpu/present")) {
		ret = read_cpus(src, "/sys/devices/system/cpu/present",
				&m->present, err, errlen);
		m->have_present = !ret;
	}
	if (ret) {
		cc_machine_free(m);
		return ret;
	}
	if (!(m->online.set & 1)) {
		cc_machine_free(m);
		return cc_fail(
			err, errlen, -EINVAL,
			"/sys/devices/system/cpu/online: CPU 0 is not online");
	}
	read_uarts(src, m);
	read_acpi(src, m);
	cc_read_pci(src, m);
	m->emulated = hw_hypervisor(src, m->hypervisor);
	return 0;
}

void cc_machine_free(struct cc_machine *m)
{
	hw_iomem_free(&m->iomem);
	free(m->fw);
	m->fw = NULL;
	m->num_fw = 0;
}
