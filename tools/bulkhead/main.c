// SPDX-License-Identifier: GPL-2.0
/*
 * bulkhead: the command-line tool of the Bulkhead hypervisor. This file only
 * dispatches; each command lives in its own cmd_*.c (see cli.h), and the
 * helpers every command uses in cli_util.c.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <bulkhead/config.h>

#include "cli.h"

extern const struct command cmd_enable;
extern const struct command cmd_disable;
extern const struct command cmd_console;
extern const struct command cmd_cell_create;
extern const struct command cmd_cell_load;
extern const struct command cmd_cell_start;
extern const struct command cmd_cell_shutdown;
extern const struct command cmd_cell_destroy;
extern const struct command cmd_cell_list;
extern const struct command cmd_cell_stats;
extern const struct command cmd_config_check;
extern const struct command cmd_config_memmap;
extern const struct command cmd_config_compile;
extern const struct command cmd_config_create;
extern const struct command cmd_ivshmem_list;
extern const struct command cmd_ivshmem_state;
extern const struct command cmd_ivshmem_ring;
extern const struct command cmd_ivshmem_wait;
extern const struct command cmd_ivshmem_dump;
extern const struct command cmd_ivshmem_fill;
extern const struct command cmd_ivshmem_send;
extern const struct command cmd_ivshmem_recv;
extern const struct command cmd_ivshmem_pingpong;
extern const struct command cmd_bench_run;
extern const struct command cmd_bench_load;
extern const struct command cmd_bench_verify;
extern const struct command cmd_bench_report;
extern const struct command cmd_bench_compare;
extern const struct command cmd_bench_merge;
extern const struct command cmd_hardware_check;
extern const struct command cmd_hardware_record;

/*
 * Listed in this order by `bulkhead --help`; keep a group's entries together.
 * One per line, so that adding a command is a one-line change.
 */
// clang-format off
static const struct command *const commands[] = {
	&cmd_enable,
	&cmd_disable,
	&cmd_console,
	&cmd_cell_create,
	&cmd_cell_load,
	&cmd_cell_start,
	&cmd_cell_shutdown,
	&cmd_cell_destroy,
	&cmd_cell_list,
	&cmd_cell_stats,
	&cmd_config_check,
	&cmd_config_memmap,
	&cmd_config_compile,
	&cmd_config_create,
	&cmd_ivshmem_list,
	&cmd_ivshmem_state,
	&cmd_ivshmem_ring,
	&cmd_ivshmem_wait,
	&cmd_ivshmem_dump,
	&cmd_ivshmem_fill,
	&cmd_ivshmem_send,
	&cmd_ivshmem_recv,
	&cmd_ivshmem_pingpong,
	&cmd_bench_run,
	&cmd_bench_load,
	&cmd_bench_verify,
	&cmd_bench_report,
	&cmd_bench_compare,
	&cmd_bench_merge,
	&cmd_hardware_check,
	&cmd_hardware_record,
};
// clang-format on

#define NUM_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static const struct command *current;

static void print_name(FILE *f, const struct command *cmd)
{
	fprintf(f, "%s%s%s", cmd->name, cmd->sub ? " " : "",
		cmd->sub ? cmd->sub : "");
}

int cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("bulkhead: ", stderr);
	if (current) {
		print_name(stderr, current);
		fputs(": ", stderr);
	}
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (current) {
		fputs(" (usage: bulkhead ", stderr);
		print_name(stderr, current);
		fprintf(stderr, " %s)", current->usage);
	}
	fputc('\n', stderr);
	return EXIT_USAGE;
}

static int is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

static int summary_len(const char *help)
{
	const char *nl = strchr(help, '\n');

	return nl ? (int)(nl - help) : (int)strlen(help);
}

/* "config check SYSCONFIG [CELLCONFIG...]" */
static void command_line(char *buf, size_t len, const struct command *cmd)
{
	snprintf(buf, len, "%s%s%s %s", cmd->name, cmd->sub ? " " : "",
		 cmd->sub ? cmd->sub : "", cmd->usage);
}

/* The summary of every command, or of those named @name. */
static void list_commands(const char *name)
{
	char line[160];
	int width = 0;

	for (size_t i = 0; i < NUM_COMMANDS; i++) {
		if (name && strcmp(commands[i]->name, name))
			continue;
		command_line(line, sizeof(line), commands[i]);
		if ((int)strlen(line) > width)
			width = (int)strlen(line);
	}
	for (size_t i = 0; i < NUM_COMMANDS; i++) {
		const struct command *cmd = commands[i];

		if (name && strcmp(cmd->name, name))
			continue;
		command_line(line, sizeof(line), cmd);
		printf("  %-*s  %.*s\n", width, line, summary_len(cmd->help),
		       cmd->help);
	}
}

static void print_main_help(void)
{
	printf("usage: bulkhead [--help | --version] COMMAND [ARGS...]\n\n"
	       "Manages the Bulkhead partitioning hypervisor and checks its configs.\n\n"
	       "Commands:\n");
	list_commands(NULL);
	printf("\nRun 'bulkhead COMMAND --help' for a command's details.\n"
	       "Exit status: 0 success, 1 failure, 2 bad usage.\n");
}

static void print_command_help(const struct command *cmd)
{
	printf("usage: bulkhead ");
	print_name(stdout, cmd);
	printf(" %s\n\n%s\n", cmd->usage, cmd->help);
}

static void print_sub_names(FILE *f, const char *name)
{
	const char *sep = "";

	for (size_t i = 0; i < NUM_COMMANDS; i++) {
		if (!strcmp(commands[i]->name, name) && commands[i]->sub) {
			fprintf(f, "%s%s", sep, commands[i]->sub);
			sep = ", ";
		}
	}
}

static const struct command *find(const char *name, const char *sub)
{
	for (size_t i = 0; i < NUM_COMMANDS; i++) {
		const struct command *cmd = commands[i];

		if (strcmp(cmd->name, name))
			continue;
		if (!sub || (cmd->sub && !strcmp(cmd->sub, sub)))
			return cmd;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const struct command *cmd;
	int skip;

	if (argc < 2)
		return cli_usage_error(
			"missing command (run 'bulkhead --help')");
	if (is_help(argv[1]) || !strcmp(argv[1], "help")) {
		print_main_help();
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("bulkhead %s (config descriptor version %d)\n",
		       BULKHEAD_VERSION, BH_CONFIG_VERSION);
		return 0;
	}

	cmd = find(argv[1], NULL);
	if (!cmd)
		return cli_usage_error(
			"unknown command '%s' (run 'bulkhead --help')",
			argv[1]);
	skip = 1;
	if (cmd->sub) {
		/* A command group: `bulkhead config --help` lists its members. */
		if (argc < 3 || is_help(argv[2])) {
			if (argc >= 3) {
				printf("usage: bulkhead %s SUBCOMMAND [ARGS...]\n\n",
				       argv[1]);
				list_commands(argv[1]);
				return 0;
			}
			fprintf(stderr, "bulkhead: %s: missing subcommand (",
				argv[1]);
			print_sub_names(stderr, argv[1]);
			fputs(")\n", stderr);
			return EXIT_USAGE;
		}
		cmd = find(argv[1], argv[2]);
		if (!cmd) {
			fprintf(stderr,
				"bulkhead: %s: unknown subcommand '%s' (",
				argv[1], argv[2]);
			print_sub_names(stderr, argv[1]);
			fputs(")\n", stderr);
			return EXIT_USAGE;
		}
		skip = 2;
	}

	for (int i = skip + 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (is_help(argv[i])) {
			print_command_help(cmd);
			return 0;
		}
	}
	current = cmd;
	return cmd->run(argc - skip, argv + skip);
}
