// SPDX-License-Identifier: GPL-2.0
/*
 * bulkhead config create: the options, where the machine comes from and
 * where the config goes. What goes into the config is config_create*.c's.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bh/config_check.h>

#include "cli.h"
#include "config_create.h"
#include "config_file.h"
#include "hw_source.h"
#include "hw_text.h"

#define ERR_LEN 1024
/* How the generated text is named in an internal error. */
#define GENERATED "(generated config)"

struct args {
	const char *out, *from, *system;
	const char *hv_size, *cell_memory, *root_cpus;
	const char *cell, *cpus, *memory;
	const char **cells;
	int num_cells;
	bool bench;
	struct cc_options opt;
	struct cc_cell_options cell_opt;
};

/* "--x VALUE": the value, or a usage error for a missing or second one. */
static int take_value(int argc, char **argv, int *i, const char **slot)
{
	const char *name = argv[*i];

	if (*slot)
		return cli_usage_error("%s given twice", name);
	if (++*i == argc)
		return cli_usage_error("%s needs a value", name);
	*slot = argv[*i];
	return 0;
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct {
		const char *name, *alias;
		size_t offset;
	} opts[] = {
		{ "-o", "--output", offsetof(struct args, out) },
		{ "--from", NULL, offsetof(struct args, from) },
		{ "-s", "--system", offsetof(struct args, system) },
		{ "--hypervisor-size", NULL, offsetof(struct args, hv_size) },
		{ "--cell-memory", NULL, offsetof(struct args, cell_memory) },
		{ "--root-cpus", NULL, offsetof(struct args, root_cpus) },
		{ "--cell", NULL, offsetof(struct args, cell) },
		{ "--cpus", NULL, offsetof(struct args, cpus) },
		{ "--memory", NULL, offsetof(struct args, memory) },
	};
	int ret;

	a->cells = calloc((size_t)argc, sizeof(*a->cells));
	if (!a->cells)
		return cli_error("out of memory");
	for (int i = 1; i < argc; i++) {
		size_t k;

		for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++)
			if (!strcmp(argv[i], opts[k].name) ||
			    (opts[k].alias && !strcmp(argv[i], opts[k].alias)))
				break;
		if (!strcmp(argv[i], "--bench")) {
			if (a->bench)
				return cli_usage_error("--bench given twice");
			a->bench = true;
		} else if (k < sizeof(opts) / sizeof(opts[0])) {
			ret = take_value(
				argc, argv, &i,
				(const char **)((char *)a + opts[k].offset));
			if (ret)
				return ret;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("unknown option '%s'", argv[i]);
		} else {
			a->cells[a->num_cells++] = argv[i];
		}
	}
	return 0;
}

static int size_option(const char *name, const char *value, uint64_t *out)
{
	if (!value)
		return 0;
	if (!cc_parse_size(value, out) || !*out)
		return cli_usage_error(
			"%s: '%s' is not a size (like 16M, 512M, 0x1000000)",
			name, value);
	return 0;
}

static int cpus_option(const char *name, const char *value, uint64_t *out)
{
	char err[160];
	struct hw_cpus cpus;

	if (hw_cpulist_parse(value, &cpus, err, sizeof(err)) || !cpus.num ||
	    cpus.highest >= BH_MAX_CPUS)
		return cli_usage_error(
			"%s: '%s' is not a CPU list (like 1-3,5; CPUs 0 to 63)",
			name, value);
	*out = cpus.set;
	return 0;
}

/* The option values, and which form: system or cell. */
static int check_args(struct args *a)
{
	char err[ERR_LEN];
	int ret;

	a->opt.bench = a->bench;
	a->cell_opt.bench = a->bench;
	if (a->cell || a->cpus || a->memory) {
		if (a->bench && (!a->cell || !a->cpus))
			return cli_usage_error(
				"a cell config needs --cell and --cpus together (and --memory, which --bench makes optional)");
		if (!a->bench && (!a->cell || !a->cpus || !a->memory))
			return cli_usage_error(
				"a cell config needs --cell, --cpus and --memory together");
		if (a->system &&
		    (a->hv_size || a->cell_memory || a->root_cpus || a->from))
			return cli_usage_error(
				"-s gives the system config: --hypervisor-size, --cell-memory, --root-cpus and --from are for making one");
		ret = cpus_option("--cpus", a->cpus, &a->cell_opt.cpus);
		if (!ret)
			ret = size_option("--memory", a->memory,
					  &a->cell_opt.memory);
		if (ret)
			return ret;
		a->cell_opt.name = a->cell;
	} else if (a->system) {
		return cli_usage_error("-s is for cell configs (with --cell)");
	} else if (a->num_cells) {
		return cli_usage_error(
			"cell configs ('%s') are for the cell form (with --cell)",
			a->cells[0]);
	}
	ret = size_option("--hypervisor-size", a->hv_size, &a->opt.hv_size);
	if (!ret)
		ret = size_option("--cell-memory", a->cell_memory,
				  &a->opt.cell_size);
	if (!ret && a->root_cpus) {
		ret = cpus_option("--root-cpus", a->root_cpus,
				  &a->opt.root_cpus);
		a->opt.root_cpus_set = true;
	}
	if (ret)
		return ret;
	if (cc_check_options(&a->opt, err, sizeof(err)))
		return cli_usage_error("%s", err);
	return 0;
}

/* Beside the target and renamed over it: a failure leaves no half file. */
static int write_out(const char *path, const char *text, size_t len)
{
	size_t plen = strlen(path) + 8;
	char *tmp = malloc(plen);
	int fd, saved = 0;
	size_t done = 0;

	if (!tmp)
		return cli_error("out of memory");
	snprintf(tmp, plen, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		return cli_error("%s: %s", path, strerror(saved));
	}
	while (done < len && !saved) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno != EINTR)
			saved = errno;
		else if (n > 0)
			done += (size_t)n;
	}
	if (close(fd) && !saved)
		saved = errno;
	if (!saved && rename(tmp, path))
		saved = errno;
	if (saved)
		unlink(tmp);
	free(tmp);
	return saved ? cli_error("%s: %s", path, strerror(saved)) : 0;
}

static int emit(const struct args *a, const struct cc_result *r)
{
	int ret;

	if (!a->out) {
		fwrite(r->text, 1, r->len, stdout);
		return fflush(stdout) ?
			       cli_error("stdout: %s", strerror(errno)) :
			       0;
	}
	ret = write_out(a->out, r->text, r->len);
	if (!ret)
		printf("wrote %s\n", a->out);
	return ret;
}

/* The memmap= line and the notes: on stderr when stdout has the config. */
static void report(const struct args *a, const struct cc_result *r)
{
	FILE *f = a->out ? stdout : stderr;
	const char *dollar = strchr(r->memmap, '$');
	int pre = dollar ? (int)(dollar - r->memmap) : 0;

	if (r->memmap_present)
		fprintf(f,
			"Linux boots with memmap=%s already; the config uses that reservation\n",
			r->memmap);
	else if (dollar)
		fprintf(f,
			"Linux must boot with memmap=%s (in grub.cfg memmap=%.*s\\$%s; in /etc/default/grub memmap=%.*s\\\\\\$%s)\n",
			r->memmap, pre, r->memmap, dollar + 1, pre, r->memmap,
			dollar + 1);
	for (unsigned int i = 0; i < r->num_notes; i++)
		fprintf(f, "note: %s\n", r->note[i]);
}

static int open_source(const struct args *a, struct hw_source *src)
{
	char err[ERR_LEN];

	if (!a->from) {
		hw_open_live(src);
		return 0;
	}
	if (hw_open_recorded(src, a->from, err, sizeof(err)))
		return cli_error("%s", err);
	return 0;
}

/* The system config this machine gets, as config create writes it. */
static int make_system(const struct args *a, struct cc_result *r)
{
	struct cc_machine *m = malloc(sizeof(*m));
	struct hw_source src;
	char err[ERR_LEN];
	int ret;

	if (!m)
		return cli_error("out of memory");
	ret = open_source(a, &src);
	if (ret) {
		free(m);
		return ret;
	}
	ret = cc_read_machine(&src, m, err, sizeof(err));
	if (!ret) {
		ret = cc_system(m, &a->opt, GENERATED, r, err, sizeof(err));
		cc_machine_free(m);
	}
	hw_close(&src);
	free(m);
	return ret ? cli_error("%s", err) : 0;
}

static int run_system(const struct args *a)
{
	struct cc_result *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return cli_error("out of memory");
	ret = make_system(a, r);
	if (!ret)
		ret = emit(a, r);
	if (!ret)
		report(a, r);
	cc_result_free(r);
	free(r);
	return ret;
}

static int load_kind(const char *file, struct config *cfg,
		     enum config_kind kind)
{
	char err[ERR_LEN];

	if (config_load(file, cfg, err, sizeof(err)))
		return cli_error("%s", err);
	if (config_expect_kind(cfg, kind)) {
		config_release(cfg);
		return 1;
	}
	return 0;
}

/* The system config: -s FILE, checked, or the one this machine gets. */
static int cell_system(const struct args *a, struct bh_system_desc *sys)
{
	struct config_error e;
	struct cc_result *r;
	struct config cfg;
	int ret;

	if (a->system) {
		ret = load_kind(a->system, &cfg, CONFIG_SYSTEM);
		if (ret)
			return ret;
		if (config_check_system(&cfg.sys, &e))
			ret = config_report(&cfg, e.msg);
		else
			*sys = cfg.sys;
		config_release(&cfg);
		return ret;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return cli_error("out of memory");
	ret = make_system(a, r);
	if (!ret)
		*sys = r->sys;
	cc_result_free(r);
	free(r);
	return ret;
}

/* The other cells, each valid with the system. */
static int load_others(const struct args *a, const struct bh_system_desc *sys,
		       struct bh_cell_desc *cells)
{
	struct config_error e;
	struct config cfg;
	int ret;

	for (int i = 0; i < a->num_cells; i++) {
		ret = load_kind(a->cells[i], &cfg, CONFIG_CELL);
		if (ret)
			return ret;
		if (config_check_cell(sys, &cfg.cell, &e))
			ret = config_report(&cfg, e.msg);
		else
			cells[i] = cfg.cell;
		config_release(&cfg);
		if (ret)
			return ret;
	}
	return 0;
}

static int run_cell(struct args *a)
{
	struct bh_system_desc *sys = calloc(1, sizeof(*sys));
	struct bh_cell_desc *others;
	struct cc_result *r = calloc(1, sizeof(*r));
	char err[ERR_LEN];
	int ret;

	others = calloc((size_t)a->num_cells + 1, sizeof(*others));
	if (!sys || !r || !others) {
		ret = cli_error("out of memory");
		goto out;
	}
	ret = cell_system(a, sys);
	if (!ret)
		ret = load_others(a, sys, others);
	if (ret)
		goto out;
	a->cell_opt.system_label =
		a->system ?
			a->system :
			"that `bulkhead config create` makes for this machine with the same options";
	a->cell_opt.others = others;
	a->cell_opt.other_labels = a->cells;
	a->cell_opt.num_others = (size_t)a->num_cells;
	ret = cc_cell(sys, &a->cell_opt, GENERATED, r, err, sizeof(err));
	if (ret) {
		ret = cli_error("%s", err);
		goto out;
	}
	ret = emit(a, r);
out:
	if (r)
		cc_result_free(r);
	free(r);
	free(others);
	free(sys);
	return ret;
}

static int run_create(int argc, char **argv)
{
	struct args a = { 0 };
	int ret;

	ret = parse_args(argc, argv, &a);
	if (!ret)
		ret = check_args(&a);
	if (!ret)
		ret = a.cell ? run_cell(&a) : run_system(&a);
	free(a.cells);
	return ret;
}

const struct command cmd_config_create = {
	.name = "config",
	.sub = "create",
	.run = run_create,
	.usage =
		"[-o FILE] [options] | --cell NAME --cpus LIST --memory S [options]",
	.help = "write a system config for this machine, or a cell config\n"
		"\n"
		"Reads this machine (as root) or a recording of one and writes a\n"
		"commented system config: RAM and device memory from /proc/iomem,\n"
		"PCI MMCONFIG from ACPI MCFG, IOMMUs from DMAR or IVRS, a UART\n"
		"for the hypervisor from /proc/tty/driver/serial (not Linux's\n"
		"console), the online CPUs, every I/O port but that UART's for the\n"
		"root cell. Hypervisor and cell memory are one range for memmap=:\n"
		"the one the kernel command line reserves already, else the lowest\n"
		"free 2 MiB boundary of System RAM above 4 GiB (below only if\n"
		"nothing above has room). The memmap= value is printed, and written\n"
		"into the config. The config is checked as 'config check' does\n"
		"before anything is written.\n"
		"\n"
		"  -o FILE               write FILE (replaced only on success)\n"
		"  --hypervisor-size S   hypervisor memory, a multiple of 2M from\n"
		"                        4M to 512M (default 16M)\n"
		"  --cell-memory S       cell memory (default 496M, less on a\n"
		"                        small machine; the rest of an existing\n"
		"                        reservation)\n"
		"  --root-cpus LIST      the root cell's CPUs (default: online)\n"
		"  --from DIR            read a recording ('bulkhead hardware\n"
		"                        record') instead of this machine\n"
		"  --bench               add the isolation bench's ivshmem device\n"
		"                        'bench' (top of cell-memory, a free slot\n"
		"                        of PCI bus 0) and its regulation limits\n"
		"\n"
		"With --cell NAME --cpus LIST --memory S it writes a cell config:\n"
		"S of RAM at guest 0, where images load, and a 4K comm region after\n"
		"it, in the lowest free 2 MiB boundary of the system config's\n"
		"cell-memory, beside the cells given as CELLCONFIG... (which it can\n"
		"run together with).\n"
		"  -s SYSCONFIG          the system config (default: the one config\n"
		"                        create makes for this machine)\n"
		"  --bench               the bench's cell: --cell rt-probe, one CPU,\n"
		"                        the layout of configs/cells/rt-probe.yaml,\n"
		"                        peer 1 of the system's 'bench' device;\n"
		"                        --memory is then the workload buffer, at\n"
		"                        least 40M (default 48M)",
};
