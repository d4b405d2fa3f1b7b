// SPDX-License-Identifier: GPL-2.0
/*
 * bulkhead hardware check | record: whether this machine can run Bulkhead
 * and what it lacks (the judgement is in hw_check*.c), and a recording of
 * what that judgement reads, to check a machine elsewhere (--from) or to
 * send with a bug report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bh/config_check.h>

#include "cli.h"
#include "config_file.h"
#include "hw_check.h"
#include "hw_source.h"

#define ERR_LEN 512

struct check_opts {
	bool json;
	const char *config;
	const char *from;
};

static int parse_check(int argc, char **argv, struct check_opts *o)
{
	memset(o, 0, sizeof(*o));
	for (int i = 1; i < argc; i++) {
		const char **val = NULL;

		if (!strcmp(argv[i], "--json"))
			o->json = true;
		else if (!strcmp(argv[i], "--config"))
			val = &o->config;
		else if (!strcmp(argv[i], "--from"))
			val = &o->from;
		else if (argv[i][0] == '-')
			return cli_usage_error("unknown option '%s'", argv[i]);
		else
			return cli_usage_error("unexpected argument '%s'",
					       argv[i]);
		if (!val)
			continue;
		if (++i == argc)
			return cli_usage_error(
				"%s needs %s", argv[i - 1],
				val == &o->config ? "a system config" :
						    "a recording's directory");
		*val = argv[i];
	}
	return 0;
}

/* The config of --config, validated as `config check` does. */
static int load_config(const char *file, struct config *cfg)
{
	struct config_error e;
	char err[ERR_LEN];
	int ret;

	if (config_load(file, cfg, err, sizeof(err)))
		return cli_error("%s", err);
	if (config_expect_kind(cfg, CONFIG_SYSTEM)) {
		config_release(cfg);
		return 1;
	}
	if (config_check_system(&cfg->sys, &e)) {
		ret = config_report(cfg, e.msg);
		config_release(cfg);
		return ret;
	}
	return 0;
}

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void print_json(const struct hw_check *chk, const char *from)
{
	printf("{\n  \"ready\": %s,\n  \"source\": ",
	       hw_check_ready(chk) ? "true" : "false");
	json_string(from ? from : "live");
	printf(",\n  \"items\": [\n");
	for (unsigned int i = 0; i < chk->num; i++) {
		const struct hw_item *it = &chk->item[i];

		printf("    {\"name\": ");
		json_string(it->name);
		printf(", \"status\": \"%s\", \"needed\": %s, \"reason\": ",
		       hw_status_name(it->status),
		       it->needed ? "true" : "false");
		json_string(it->reason);
		printf("}%s\n", i + 1 < chk->num ? "," : "");
	}
	printf("  ]\n}\n");
}

static void print_text(const struct hw_check *chk)
{
	for (unsigned int i = 0; i < chk->num; i++)
		printf("%-8s %-14s %s\n", hw_status_name(chk->item[i].status),
		       chk->item[i].name, chk->item[i].reason);
}

/* "bulkhead: not ready for Bulkhead: svm, x2apic-mode" */
static int report_not_ready(const struct hw_check *chk)
{
	char names[512] = "";
	size_t used = 0;

	for (unsigned int i = 0; i < chk->num; i++) {
		const struct hw_item *it = &chk->item[i];

		if (!it->needed || it->status == HW_OK ||
		    used + strlen(it->name) + 3 >= sizeof(names))
			continue;
		used += snprintf(names + used, sizeof(names) - used, "%s%s",
				 used ? ", " : "", it->name);
	}
	return cli_error("not ready for Bulkhead: needed but not ok: %s",
			 names);
}

static int require_root(const char *what)
{
	if (!geteuid())
		return 0;
	return cli_error(
		"%s must run as root: it reads MSRs (/dev/cpu/N/msr) and ACPI tables (/sys/firmware/acpi/tables)",
		what);
}

static int run_check(int argc, char **argv)
{
	struct config cfg, *pcfg = NULL;
	struct check_opts o;
	struct hw_source src;
	struct hw_check *chk;
	char err[ERR_LEN];
	int ret;

	ret = parse_check(argc, argv, &o);
	if (ret)
		return ret;
	if (!o.from && require_root("hardware check"))
		return 1;
	if (o.config) {
		if (load_config(o.config, &cfg))
			return 1;
		pcfg = &cfg;
	}
	if (o.from) {
		ret = hw_open_recorded(&src, o.from, err, sizeof(err));
		if (ret) {
			if (pcfg)
				config_release(pcfg);
			return cli_error("%s", err);
		}
	} else {
		hw_open_live(&src);
	}

	chk = malloc(sizeof(*chk));
	if (!chk)
		ret = cli_error("out of memory");
	else if (hw_check_run(&src, pcfg ? &pcfg->sys : NULL, chk, err,
			      sizeof(err)))
		ret = cli_error("%s", err);
	else if (o.json)
		print_json(chk, o.from);
	else
		print_text(chk);
	if (!ret && !hw_check_ready(chk)) {
		fflush(stdout);
		ret = report_not_ready(chk);
	}

	free(chk);
	hw_close(&src);
	if (pcfg)
		config_release(pcfg);
	return ret;
}

static int run_record(int argc, char **argv)
{
	char err[ERR_LEN];

	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return cli_usage_error("unknown option '%s'", argv[i]);
	if (argc != 2)
		return cli_usage_error(argc < 2 ? "missing DIR" :
						  "too many arguments");
	if (require_root("hardware record"))
		return 1;
	if (hw_record(argv[1], err, sizeof(err)))
		return cli_error("%s", err);
	printf("recorded this machine in %s (check it with 'bulkhead hardware check --from %s')\n",
	       argv[1], argv[1]);
	return 0;
}

const struct command cmd_hardware_check = {
	.name = "hardware",
	.sub = "check",
	.run = run_check,
	.usage = "[--json] [--config FILE] [--from DIR]",
	.help = "check whether this machine can run Bulkhead and what it lacks\n"
		"\n"
		"Run as root on the target machine, with Linux booted normally.\n"
		"Prints one line per requirement: ok, missing or warning, its\n"
		"name and what was seen (CPUID, MSRs, ACPI tables, /proc, /sys)\n"
		"and what to do. Exit status 0 when every needed item is ok.\n"
		"--config FILE also checks that the system config's memory is\n"
		"reserved with memmap= and that its root cell lists the online\n"
		"CPUs. --json prints the items as JSON. --from DIR judges a\n"
		"recording made by 'bulkhead hardware record' instead of this\n"
		"machine. Items: docs/cli.md.",
};

const struct command cmd_hardware_record = {
	.name = "hardware",
	.sub = "record",
	.run = run_record,
	.usage = "DIR",
	.help = "record what hardware check reads of this machine into DIR\n"
		"\n"
		"Run as root. DIR must not exist or be empty. It gets CPUID,\n"
		"MSRs, the ACPI tables and the /proc and /sys files that\n"
		"'hardware check' and 'config create' read, to check the machine\n"
		"elsewhere with 'hardware check --from DIR' or to attach to a\n"
		"bug report. Nothing unreadable is fatal: it is left out.",
};
