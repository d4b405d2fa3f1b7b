// SPDX-License-Identifier: GPL-2.0
/*
 * `bulkhead hardware check --config`: the system config against the
 * machine, as the driver will judge it at enable. Its memory must be
 * reserved with memmap= on the kernel command line (and so Reserved in
 * /proc/iomem, RAM in the firmware's map), and its root cell must list
 * exactly the online CPUs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "hw_check_internal.h"

/* Address ranges, [start, end] inclusive as /proc/iomem has them. */
struct span {
	uint64_t start, end;
};

struct spans {
	size_t num, cap;
	struct span *s;
};

static bool span_add(struct spans *sp, uint64_t start, uint64_t end)
{
	if (sp->num == sp->cap) {
		size_t cap = sp->cap ? sp->cap * 2 : 16;
		struct span *n = realloc(sp->s, cap * sizeof(*n));

		if (!n)
			return false;
		sp->s = n;
		sp->cap = cap;
	}
	sp->s[sp->num++] = (struct span){ start, end };
	return true;
}

static bool overlaps(const struct spans *sp, uint64_t s, uint64_t e)
{
	for (size_t i = 0; i < sp->num; i++)
		if (sp->s[i].start <= e && s <= sp->s[i].end)
			return true;
	return false;
}

/* Whether the union of @sp covers [s, e]. */
static bool covered(const struct spans *sp, uint64_t s, uint64_t e)
{
	bool moved = true;

	/* Each pass moves s past a range that holds it, or ends. */
	while (moved) {
		moved = false;
		for (size_t i = 0; i < sp->num; i++) {
			if (sp->s[i].start > s || sp->s[i].end < s)
				continue;
			if (sp->s[i].end >= e)
				return true;
			s = sp->s[i].end + 1;
			moved = true;
		}
	}
	return false;
}

/*
 * The memmap= value that reserves @hv and @cm, as `config memmap` prints
 * it when the two adjoin; two values when they do not.
 */
static void wanted_memmap(char *buf, size_t len, const struct bh_phys_range *hv,
			  const struct bh_phys_range *cm)
{
	char a[32], b[32];

	if (!cm->size || hv->phys_start + hv->size == cm->phys_start) {
		cli_format_size(a, sizeof(a), hv->size + cm->size);
		snprintf(buf, len, "memmap=%s$0x%llx", a,
			 (unsigned long long)hv->phys_start);
	} else if (cm->phys_start + cm->size == hv->phys_start) {
		cli_format_size(a, sizeof(a), hv->size + cm->size);
		snprintf(buf, len, "memmap=%s$0x%llx", a,
			 (unsigned long long)cm->phys_start);
	} else {
		cli_format_size(a, sizeof(a), hv->size);
		cli_format_size(b, sizeof(b), cm->size);
		snprintf(buf, len, "memmap=%s$0x%llx memmap=%s$0x%llx", a,
			 (unsigned long long)hv->phys_start, b,
			 (unsigned long long)cm->phys_start);
	}
}

struct memmap_maps {
	/* memmap=SIZE$START on the command line; as written in @text. */
	struct spans cmdline;
	char text[256];
	/* /proc/iomem, at any depth. */
	struct spans ram, reserved;
	/* /sys/firmware/memmap's System RAM, if the machine has the map. */
	struct spans fw_ram;
	bool have_fw;
};

static void memmap_maps_free(struct memmap_maps *m)
{
	free(m->cmdline.s);
	free(m->ram.s);
	free(m->reserved.s);
	free(m->fw_ram.s);
	free(m);
}

static int load_cmdline(struct hwc_ctx *c, struct memmap_maps *m, char *why,
			size_t len)
{
	char *text = hwc_read_text(c, "/proc/cmdline");
	struct hw_cmdline cl;
	size_t used = 0;
	int ret;

	if (!text) {
		snprintf(why, len, "cannot read /proc/cmdline");
		return -ENOENT;
	}
	ret = hw_cmdline_parse(text, &cl, why, len);
	free(text);
	if (ret)
		return ret;
	for (unsigned int i = 0; i < cl.num_memmap; i++) {
		/* '!' makes persistent memory, not a Reserved range. */
		if (cl.memmap[i].kind != '$')
			continue;
		if (!span_add(&m->cmdline, cl.memmap[i].start,
			      cl.memmap[i].start + cl.memmap[i].size - 1))
			return -ENOMEM;
		if (used < sizeof(m->text))
			used += snprintf(m->text + used, sizeof(m->text) - used,
					 "%smemmap=%s", used ? " " : "",
					 cl.memmap[i].text);
	}
	return 0;
}

static int load_iomem(struct hwc_ctx *c, struct memmap_maps *m, char *why,
		      size_t len)
{
	struct hw_iomem io;
	char err[256];
	int ret;

	if (!c->iomem) {
		snprintf(why, len, "cannot read /proc/iomem");
		return -ENOENT;
	}
	ret = hw_iomem_parse(c->iomem, &io, err, sizeof(err));
	if (ret) {
		/* The parser names the line; say which file it is. */
		snprintf(why, len, "/proc/iomem: %s", err);
		return ret;
	}
	if (hw_iomem_hidden(&io)) {
		snprintf(
			why, len,
			"/proc/iomem shows every address as 0: it was read without root");
		ret = -EACCES;
	}
	for (size_t i = 0; i < io.num && !ret; i++) {
		const struct hw_iomem_range *r = &io.range[i];

		if (!strcmp(r->name, "System RAM") &&
		    !span_add(&m->ram, r->start, r->end))
			ret = -ENOMEM;
		else if (!strcmp(r->name, "Reserved") &&
			 !span_add(&m->reserved, r->start, r->end))
			ret = -ENOMEM;
	}
	hw_iomem_free(&io);
	return ret;
}

static char *read_fwmap_file(struct hwc_ctx *c, const char *entry,
			     const char *file)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/firmware/memmap/%s/%s", entry, file);
	return hwc_read_text(c, path);
}

/* A machine without /sys/firmware/memmap is judged without it. */
static int load_fwmap(struct hwc_ctx *c, struct memmap_maps *m, char *why,
		      size_t len)
{
	size_t num;
	char **names;
	int ret = 0;

	if (hw_list_dir(c->src, "/sys/firmware/memmap", &names, &num))
		return 0;
	for (size_t i = 0; i < num && !ret; i++) {
		char *s = read_fwmap_file(c, names[i], "start");
		char *e = read_fwmap_file(c, names[i], "end");
		char *t = read_fwmap_file(c, names[i], "type");
		struct hw_fwmap_entry fe;

		if (!s || !e || !t) {
			snprintf(why, len,
				 "cannot read /sys/firmware/memmap/%s",
				 names[i]);
			ret = -ENOENT;
		} else {
			ret = hw_fwmap_parse_entry(names[i], s, e, t, &fe, why,
						   len);
		}
		if (!ret && !strcmp(fe.type, "System RAM") &&
		    !span_add(&m->fw_ram, fe.start, fe.end))
			ret = -ENOMEM;
		free(s);
		free(e);
		free(t);
	}
	m->have_fw = num > 0;
	hw_free_names(names, num);
	return ret;
}

/* The first thing wrong with @r (named @what) in @why; false if none. */
static bool memmap_wrong(const struct memmap_maps *m, const char *what,
			 const struct bh_phys_range *r, const char *want,
			 char *why, size_t len)
{
	unsigned long long s = r->phys_start, e = r->phys_start + r->size - 1;

	if (!r->size)
		return false;
	if (!covered(&m->cmdline, s, e)) {
		if (m->text[0])
			snprintf(
				why, len,
				"%s on the kernel command line does not reserve %s 0x%llx-0x%llx: boot with %s instead",
				m->text, what, s, e, want);
		else
			snprintf(
				why, len,
				"the kernel command line has no memmap= reserving %s 0x%llx-0x%llx: boot with %s (escape the $ as the boot loader needs, \\$ in GRUB)",
				what, s, e, want);
		return true;
	}
	if (overlaps(&m->ram, s, e)) {
		snprintf(
			why, len,
			"%s 0x%llx-0x%llx overlaps System RAM in /proc/iomem, which Linux uses: boot with %s",
			what, s, e, want);
		return true;
	}
	if (!covered(&m->reserved, s, e)) {
		snprintf(
			why, len,
			"%s 0x%llx-0x%llx is not wholly Reserved in /proc/iomem: boot with %s",
			what, s, e, want);
		return true;
	}
	if (m->have_fw && !covered(&m->fw_ram, s, e)) {
		snprintf(
			why, len,
			"%s 0x%llx-0x%llx is not RAM in the firmware's memory map (/sys/firmware/memmap): put it in System RAM",
			what, s, e);
		return true;
	}
	return false;
}

/*
 * The reservation the driver will check at enable (driver/enable.c):
 * the config's memory must be reserved with memmap=, so that it shows
 * as Reserved in /proc/iomem and none of it as System RAM; and it must
 * be RAM in the firmware's map, which memmap= does not change.
 */
void hwc_check_memmap(struct hwc_ctx *c, const struct bh_system_desc *sys)
{
	const struct bh_phys_range *hv = &sys->hypervisor_memory;
	const struct bh_phys_range *cm = &sys->cell_memory;
	struct memmap_maps *m = calloc(1, sizeof(*m));
	char want[128], why[HW_ITEM_REASON_LEN];
	int ret;

	if (!m) {
		hwc_add(c, "memmap", true, HW_WARNING, "out of memory");
		return;
	}
	ret = load_cmdline(c, m, why, sizeof(why));
	if (!ret)
		ret = load_iomem(c, m, why, sizeof(why));
	if (!ret)
		ret = load_fwmap(c, m, why, sizeof(why));
	if (ret) {
		hwc_add(c, "memmap", true, HW_WARNING, "%s",
			ret == -ENOMEM ? "out of memory" : why);
		goto out;
	}
	wanted_memmap(want, sizeof(want), hv, cm);
	if (memmap_wrong(m, "hypervisor memory", hv, want, why, sizeof(why)) ||
	    memmap_wrong(m, "cell memory", cm, want, why, sizeof(why))) {
		hwc_add(c, "memmap", true, HW_MISSING, "%s", why);
		goto out;
	}
	hwc_add(c, "memmap", true, HW_OK,
		"%s on the kernel command line reserves hypervisor memory 0x%llx-0x%llx and cell memory 0x%llx-0x%llx (Reserved in /proc/iomem%s)",
		m->text, (unsigned long long)hv->phys_start,
		(unsigned long long)(hv->phys_start + hv->size - 1),
		(unsigned long long)cm->phys_start,
		(unsigned long long)(cm->phys_start + cm->size - 1),
		m->have_fw ? ", RAM in the firmware map" : "");
out:
	memmap_maps_free(m);
}

/* The driver's rule: the root cell lists exactly the online CPUs. */
void hwc_check_config_cpus(struct hwc_ctx *c, const struct bh_system_desc *sys,
			   const struct hw_cpus *online)
{
	uint64_t listed = sys->root_cell.cpu_set;
	uint64_t extra = listed & ~online->set,
		 unlisted = online->set & ~listed;

	if (unlisted)
		hwc_add(c, "config-cpus", true, HW_MISSING,
			"root-cell.cpus: CPU %d is online but not listed",
			__builtin_ctzll(unlisted));
	else if (extra)
		hwc_add(c, "config-cpus", true, HW_MISSING,
			"root-cell.cpus: CPU %d is listed but not online",
			__builtin_ctzll(extra));
	else
		hwc_add(c, "config-cpus", true, HW_OK,
			"root-cell.cpus lists exactly the online CPUs");
}
