// SPDX-License-Identifier: GPL-2.0
/*
 * config create: what a system config says of the machine's devices and
 * CPUs, chosen and written with the comments that say where each came
 * from: the hypervisor's UART and the root cell's I/O ports without it,
 * pci-mmconfig from MCFG, iommus from DMAR or IVRS, the root cell's CPUs.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_create_internal.h"

#define UART_PORTS 8u
#define NUM_PORTS 0x10000u

/* --- The hypervisor's UART --- */

static bool is_linux_console(const struct cc_machine *m,
			     const struct hw_uart *u)
{
	if (u->line < 64 && (m->console_lines & (1ull << u->line)))
		return true;
	for (unsigned int i = 0; i < m->cmdline.num_console_ports; i++)
		if (u->is_pio && u->address == m->cmdline.console_port[i])
			return true;
	return false;
}

/*
 * A second UART: one at I/O ports that Linux's console is not on. The
 * hypervisor drives it unsynchronised with Linux, which loses it.
 */
void cc_pick_uart(const struct cc_machine *m, struct cc_plan *p)
{
	FILE *f;
	size_t n;
	char *buf = NULL;

	p->uart = -1;
	for (unsigned int i = 0; i < m->uarts.num && m->have_uarts; i++) {
		const struct hw_uart *u = &m->uarts.uart[i];

		if (!u->is_pio || is_linux_console(m, u))
			continue;
		p->uart = (int)i;
		snprintf(
			p->uart_why, sizeof(p->uart_why),
			"ttyS%u, a %s at 0x%llx (/proc/tty/driver/serial), which Linux's console is not on. Linux loses it: keep gettys and console= off ttyS%u.",
			u->line, u->type, (unsigned long long)u->address,
			u->line);
		return;
	}
	f = open_memstream(&buf, &n);
	if (!f) {
		snprintf(p->uart_why, sizeof(p->uart_why), "out of memory");
		return;
	}
	if (!m->have_uarts)
		fprintf(f, "No UART for the hypervisor: %s.", m->uart_note);
	else if (!m->uarts.num)
		fprintf(f,
			"No UART for the hypervisor: /proc/tty/driver/serial shows none.");
	else
		fprintf(f,
			"No UART for the hypervisor: /proc/tty/driver/serial shows only");
	for (unsigned int i = 0; i < m->uarts.num && m->have_uarts; i++) {
		const struct hw_uart *u = &m->uarts.uart[i];

		fprintf(f, "%s ttyS%u (%s 0x%llx, %s)", i ? "," : "", u->line,
			u->is_pio ? "port" : "MMIO",
			(unsigned long long)u->address,
			u->is_pio ?
				"Linux's console" :
				"the console type uart-pio cannot drive it");
	}
	if (m->have_uarts && m->uarts.num)
		fputc('.', f);
	fprintf(f,
		" It runs without a console. To give it one, take a UART at I/O ports that Linux does not use (not its console=, no getty), write console: {type: uart-pio, port: PORT} here and leave its 8 ports out of root-cell.pio.");
	fclose(f);
	snprintf(p->uart_why, sizeof(p->uart_why), "%s", buf);
	free(buf);
}

void cc_emit_pio(FILE *f, const struct cc_machine *m, const struct cc_plan *p)
{
	unsigned int port;

	fprintf(f, "  pio:\n");
	if (p->uart < 0) {
		cc_comment(
			f, "    ",
			"Every I/O port: the hypervisor has no UART. A range holds at most 0xffff ports, hence two.");
		fprintf(f, "    - {start: 0x0, size: 0x8000}\n");
		fprintf(f, "    - {start: 0x8000, size: 0x8000}\n");
		return;
	}
	port = (unsigned int)m->uarts.uart[p->uart].address;
	cc_comment(f, "    ",
		   "Every I/O port but the hypervisor's UART at 0x%x-0x%x.",
		   port, port + UART_PORTS - 1);
	if (port)
		fprintf(f, "    - {start: 0x0, size: 0x%x}\n", port);
	if (port + UART_PORTS < NUM_PORTS)
		fprintf(f, "    - {start: 0x%x, size: 0x%x}\n",
			port + UART_PORTS, NUM_PORTS - port - UART_PORTS);
}

/* --- PCI MMCONFIG and IOMMUs --- */

/*
 * Segment 0 of the MCFG table: its first entry, and the entries that
 * continue its bus range at the same base.
 */
bool cc_pick_mcfg(const struct cc_machine *m, uint64_t *base,
		  unsigned int *first, unsigned int *last, char *why,
		  size_t len)
{
	const struct acpi_mcfg *mc = &m->mcfg;
	bool found = false, grown = true;
	unsigned int others = 0;

	if (!m->have_mcfg) {
		snprintf(why, len, "%s", m->mcfg_note);
		return false;
	}
	for (unsigned int i = 0; i < mc->num && i < ACPI_MAX_ENTRIES; i++) {
		if (mc->entry[i].segment) {
			others++;
			continue;
		}
		if (found)
			continue;
		found = true;
		*base = mc->entry[i].base;
		*first = mc->entry[i].start_bus;
		*last = mc->entry[i].end_bus;
	}
	while (found && grown) {
		grown = false;
		for (unsigned int i = 0; i < mc->num && i < ACPI_MAX_ENTRIES;
		     i++) {
			if (mc->entry[i].segment ||
			    mc->entry[i].base != *base ||
			    mc->entry[i].start_bus != *last + 1)
				continue;
			*last = mc->entry[i].end_bus;
			grown = true;
		}
	}
	if (!found) {
		snprintf(why, len, "the MCFG table lists no PCI segment 0");
		return false;
	}
	if (*base & (CC_SZ_1M - 1) || *first > *last) {
		snprintf(
			why, len,
			"the MCFG table's segment 0 (base 0x%llx, buses %u-%u) is not a valid window",
			(unsigned long long)*base, *first, *last);
		return false;
	}
	if (others)
		snprintf(
			why, len,
			" The table also lists %u entries of other PCI segments, which a config cannot describe.",
			others);
	else
		why[0] = '\0';
	return true;
}

void cc_emit_mmconfig(FILE *f, const struct cc_machine *m,
		      struct cc_result *out)
{
	unsigned int first = 0, last = 0;
	char why[CC_NOTE_LEN];
	uint64_t base = 0;

	if (!cc_pick_mcfg(m, &base, &first, &last, why, sizeof(why))) {
		cc_comment(
			f, "",
			"No pci-mmconfig: %s. Cells cannot have ivshmem devices without it; write it from the machine's documentation if it has ECAM.",
			why);
		cc_note(out, "no pci-mmconfig: %s", why);
		return;
	}
	cc_comment(
		f, "",
		"From the ACPI MCFG table: PCI segment 0, buses %u-%u, whose configuration space starts at 0x%llx.%s",
		first, last, (unsigned long long)base, why);
	fprintf(f, "pci-mmconfig: {start: 0x%llx, buses: %u-%u}\n",
		(unsigned long long)base, first, last);
}

void cc_emit_iommus(FILE *f, const struct cc_machine *m, struct cc_result *out)
{
	const struct acpi_iommus *u = &m->iommus;
	unsigned int n = u->num < BH_MAX_IOMMUS ? u->num : BH_MAX_IOMMUS;
	char size[32];

	if (!m->have_iommus || !u->num) {
		const char *why = m->have_iommus ?
					  "the table lists no IOMMU unit" :
					  m->iommu_note;

		cc_comment(
			f, "",
			"No iommus: %s. Bulkhead does not confine devices' DMA on any machine yet; this one shows Linux no IOMMU either.",
			why);
		cc_note(out, "no iommus: %s", why);
		return;
	}
	cc_comment(
		f, "",
		"From the ACPI %s table: the register blocks of the %s, which no cell may map.",
		m->iommu_table,
		!strcmp(m->iommu_table, "DMAR") ? "VT-d units" : "AMD IOMMUs");
	if (u->num > BH_MAX_IOMMUS) {
		cc_comment(
			f, "",
			"The table lists %u units; a config holds %d, so the others are left out.",
			u->num, BH_MAX_IOMMUS);
		cc_note(out, "iommus: %u units, only the first %d listed",
			u->num, BH_MAX_IOMMUS);
	}
	fprintf(f, "iommus:\n");
	for (unsigned int i = 0; i < n; i++) {
		uint64_t s = cc_align_down(u->unit[i].base, CC_SZ_4K);
		uint64_t e = cc_align_up(u->unit[i].base + u->unit[i].size,
					 CC_SZ_4K);

		cc_region_size(size, sizeof(size), e - s);
		if (!(e - s))
			cc_format_size(size, sizeof(size), CC_SZ_4K);
		fprintf(f, "  - {start: 0x%llx, size: %s}\n",
			(unsigned long long)s, size);
	}
}

/* --- The root cell's CPUs --- */

int cc_pick_cpus(const struct cc_machine *m, const struct cc_options *o,
		 struct cc_plan *p, char *err, size_t errlen)
{
	const struct hw_cpus *have = m->have_present ? &m->present : &m->online;
	uint64_t missing;
	char list[256];

	if (!o->root_cpus_set) {
		p->cpus = m->online.set;
		return 0;
	}
	missing = o->root_cpus & ~have->set;
	if (missing) {
		hw_cpulist_format(have->set, list, sizeof(list));
		return cc_fail(
			err, errlen, -EINVAL,
			"--root-cpus: CPU %d is not %s on this machine (%s)",
			__builtin_ctzll(missing),
			m->have_present ? "present" : "online", list);
	}
	p->cpus = o->root_cpus;
	return 0;
}

void cc_emit_cpus(FILE *f, const struct cc_machine *m,
		  const struct cc_options *o, const struct cc_plan *p,
		  struct cc_result *out)
{
	char online[256], cpus[256], madt[128] = "";

	hw_cpulist_format(m->online.set, online, sizeof(online));
	hw_cpulist_format(p->cpus, cpus, sizeof(cpus));
	if (m->have_madt)
		snprintf(madt, sizeof(madt),
			 " The ACPI MADT lists %u processors.", m->madt.num);
	else
		snprintf(madt, sizeof(madt), " (%.100s.)", m->madt_note);
	if (o->root_cpus_set)
		cc_comment(
			f, "  ",
			"From --root-cpus; online now: %s. bulkhead enable needs exactly these CPUs online: take the others offline first (echo 0 > /sys/devices/system/cpu/cpuN/online).%s",
			online, madt);
	else
		cc_comment(
			f, "  ",
			"The CPUs online now (/sys/devices/system/cpu/online). bulkhead enable needs exactly these online; cells take theirs from them.%s",
			madt);
	if (m->online.highest >= BH_MAX_CPUS) {
		cc_comment(
			f, "  ",
			"CPUs 64 to %d are online too, but Bulkhead supports CPUs 0 to 63: boot Linux with nr_cpus=64.",
			m->online.highest);
		cc_note(out,
			"CPUs above 63 are online; boot Linux with nr_cpus=64");
	}
	fprintf(f, "  cpus: [%s]\n", cpus);
}
