// SPDX-License-Identifier: GPL-2.0
/*
 * bulkhead config check | memmap | compile: everything about configs that
 * needs no hypervisor, so it runs on a build host as well as in the target.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bh/config_check.h>

#include "cli.h"
#include "config_file.h"

#define ERR_LEN 512

static int load(const char *file, struct config *cfg, enum config_kind kind)
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

static int load_system(const char *file, struct config *sys)
{
	struct config_error e;
	int ret;

	ret = load(file, sys, CONFIG_SYSTEM);
	if (ret)
		return ret;
	if (config_check_system(&sys->sys, &e)) {
		ret = config_report(sys, e.msg);
		config_release(sys);
	}
	return ret;
}

static int reject_options(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("unknown option '%s'", argv[i]);
	return 0;
}

/* Cell @j on its own, then against each earlier cell. */
static int check_cell(const struct config *sys, struct config *cells, int j)
{
	struct config_error e;

	if (config_check_cell(&sys->sys, &cells[j].cell, &e))
		return config_report(&cells[j], e.msg);
	/* A clash is reported at the later file, naming the earlier cell. */
	for (int i = 0; i < j; i++)
		if (config_check_cell_pair(&cells[j].cell, &cells[i].cell, &e))
			return config_report(&cells[j], e.msg);
	return 0;
}

static int run_check(int argc, char **argv)
{
	int ncells = argc - 2, ret;
	struct config sys, *cells;

	ret = reject_options(argc, argv);
	if (ret)
		return ret;
	if (argc < 2)
		return cli_usage_error("missing SYSCONFIG");
	ret = load_system(argv[1], &sys);
	if (ret)
		return ret;
	printf("%s: ok\n", argv[1]);

	/* Zeroed, so that releasing a config never loaded is harmless. */
	cells = calloc((size_t)ncells + 1, sizeof(*cells));
	if (!cells) {
		config_release(&sys);
		return cli_error("out of memory");
	}
	for (int j = 0; j < ncells && !ret; j++) {
		ret = load(argv[j + 2], &cells[j], CONFIG_CELL);
		if (!ret)
			ret = check_cell(&sys, cells, j);
		if (!ret)
			printf("%s: ok\n", argv[j + 2]);
	}

	for (int j = 0; j < ncells; j++)
		config_release(&cells[j]);
	free(cells);
	config_release(&sys);
	return ret;
}

static int run_memmap(int argc, char **argv)
{
	const struct bh_phys_range *hv, *cm;
	unsigned long long base;
	struct config sys;
	char size[32], msg[192];
	int ret;

	ret = reject_options(argc, argv);
	if (ret)
		return ret;
	if (argc != 2)
		return cli_usage_error(argc < 2 ? "missing SYSCONFIG" :
						  "too many arguments");
	ret = load_system(argv[1], &sys);
	if (ret)
		return ret;

	hv = &sys.sys.hypervisor_memory;
	cm = &sys.sys.cell_memory;
	if (hv->phys_start + hv->size == cm->phys_start) {
		base = hv->phys_start;
	} else if (cm->phys_start + cm->size == hv->phys_start) {
		base = cm->phys_start;
	} else {
		/* Two memmap= ranges would work for Linux, but one is the rule. */
		snprintf(
			msg, sizeof(msg),
			"cell-memory: 0x%llx-0x%llx does not adjoin hypervisor memory 0x%llx-0x%llx, so no single memmap= range reserves both",
			(unsigned long long)cm->phys_start,
			(unsigned long long)(cm->phys_start + cm->size - 1),
			(unsigned long long)hv->phys_start,
			(unsigned long long)(hv->phys_start + hv->size - 1));
		ret = config_report(&sys, msg);
		config_release(&sys);
		return ret;
	}
	cli_format_size(size, sizeof(size), hv->size + cm->size);
	printf("%s$0x%llx\n", size, base);
	config_release(&sys);
	return 0;
}

static int write_file(const char *out, const void *data, size_t size)
{
	size_t len = strlen(out) + 8;
	char *tmp = malloc(len);
	int fd, saved;
	ssize_t n;

	if (!tmp)
		return cli_error("out of memory");
	/* Write beside and rename, so a failure leaves no half descriptor. */
	snprintf(tmp, len, "%s.tmp", out);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		saved = errno;
		free(tmp);
		return cli_error("%s: %s", out, strerror(saved));
	}
	n = write(fd, data, size);
	if (n != (ssize_t)size) {
		saved = n < 0 ? errno : EIO;
		close(fd);
		goto fail;
	}
	if (close(fd) || rename(tmp, out)) {
		saved = errno;
		goto fail;
	}
	free(tmp);
	return 0;

fail:
	unlink(tmp);
	free(tmp);
	return cli_error("%s: %s", out, strerror(saved));
}

static int compile_checked(struct config *cfg, const char *sysfile,
			   const char *out)
{
	struct config_error e;
	struct config sys;
	const void *desc;
	size_t size;
	int ret;

	if (cfg->kind == CONFIG_SYSTEM) {
		if (sysfile)
			return cli_usage_error(
				"--system is only for cell configs");
		if (config_check_system(&cfg->sys, &e))
			return config_report(cfg, e.msg);
	} else if (sysfile) {
		ret = load_system(sysfile, &sys);
		if (ret)
			return ret;
		ret = config_check_cell(&sys.sys, &cfg->cell, &e);
		config_release(&sys);
		if (ret)
			return config_report(cfg, e.msg);
	} else if (config_check_cell(NULL, &cfg->cell, &e)) {
		return config_report(cfg, e.msg);
	}

	desc = config_desc(cfg, &size);
	return write_file(out, desc, size);
}

static int run_compile(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *sysfile = NULL;
	struct config cfg;
	char err[ERR_LEN];
	int ret;

	for (int i = 1; i < argc; i++) {
		const char **opt = NULL;

		if (!strcmp(argv[i], "-o") || !strcmp(argv[i], "--output"))
			opt = &out;
		else if (!strcmp(argv[i], "-s") || !strcmp(argv[i], "--system"))
			opt = &sysfile;
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("unknown option '%s'", argv[i]);
		else if (in)
			return cli_usage_error("more than one input file");
		else
			in = argv[i];
		if (!opt)
			continue;
		if (++i == argc)
			return cli_usage_error("%s needs a file name",
					       argv[i - 1]);
		*opt = argv[i];
	}
	if (!in)
		return cli_usage_error("missing CONFIG");
	if (!out)
		return cli_usage_error("missing -o OUT");

	if (config_load(in, &cfg, err, sizeof(err)))
		return cli_error("%s", err);
	ret = compile_checked(&cfg, sysfile, out);
	config_release(&cfg);
	return ret;
}

const struct command cmd_config_check = {
	.name = "config",
	.sub = "check",
	.run = run_check,
	.usage = "SYSCONFIG [CELLCONFIG...]",
	.help = "check a system config and cell configs, alone and together\n"
		"\n"
		"Each file is a YAML config or a compiled descriptor. The system\n"
		"config is checked first, then each cell config against it, then\n"
		"every pair of cells for shared CPUs, memory or I/O ports. Prints\n"
		"'FILE: ok' per file, or stops at the first error, which names the\n"
		"file, the line and the field. Rules: docs/config.md.",
};

const struct command cmd_config_memmap = {
	.name = "config",
	.sub = "memmap",
	.run = run_memmap,
	.usage = "SYSCONFIG",
	.help = "print the memmap= value reserving Bulkhead's memory\n"
		"\n"
		"Linux must not use the hypervisor's memory or the cell memory.\n"
		"Both must adjoin, so that one kernel parameter reserves them:\n"
		"boot with memmap=<printed value> (escape the '$' as your boot\n"
		"loader requires, e.g. '\\$' in GRUB).",
};

const struct command cmd_config_compile = {
	.name = "config",
	.sub = "compile",
	.run = run_compile,
	.usage = "CONFIG -o OUT [-s SYSCONFIG]",
	.help = "compile a YAML config to a binary descriptor\n"
		"\n"
		"The top-level 'kind' key decides whether CONFIG is a system or a\n"
		"cell config. The config is validated before anything is written;\n"
		"a cell config is checked on its own, or against SYSCONFIG when\n"
		"-s (--system) names one. OUT is replaced only on success.",
};
