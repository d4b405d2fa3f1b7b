/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bulkhead CLI's command table.
 *
 * To add a command: define a `const struct command` in your cmd_*.c file,
 * then add an `extern` declaration and an entry to the `commands` array in
 * main.c. main.c handles `--help` for every command, finds the entry, and
 * calls run() with argv[0] being the last word of the command name:
 *
 *   bulkhead cell create x.yaml    ->  run(2, { "create", "x.yaml" })
 *   bulkhead enable sys.yaml       ->  run(2, { "enable", "sys.yaml" })
 *
 * run() returns the process's exit status: 0 success, 1 failure (after
 * cli_error()), 2 bad usage (after cli_usage_error()).
 */
#ifndef BULKHEAD_CLI_H
#define BULKHEAD_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BULKHEAD_VERSION "0.1.0"

#define EXIT_USAGE 2

struct command {
	const char *name; /* first word: "config", "cell", "enable" */
	const char *sub; /* second word ("check"), NULL for none */
	int (*run)(int argc, char **argv);
	const char *usage; /* arguments after the name: "SYSCONFIG [CELL...]" */
	/* First line: summary for `bulkhead --help`; all of it for --help. */
	const char *help;
};

/*
 * cli_error(), cli_now_ns() and the helpers below are in cli_util.c,
 * apart from the command table, so that unit tests can link them alone.
 *
 * Prints the one line "bulkhead: <message>" on stderr; returns 1, so that
 * a command can `return cli_error(...)`.
 */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints "bulkhead: <command>: <message> (usage: ...)" for the command
 * running; returns EXIT_USAGE.
 */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* CLOCK_MONOTONIC in ns. */
uint64_t cli_now_ns(void);

/* @prog's path from $PATH, as execvp would find it, in @buf. */
bool cli_find_program(const char *prog, char *buf, size_t len);

/*
 * @size as the kernel's memparse() reads it ("512M", for memmap=), in the
 * largest unit of K, M, G, T that is exact; in bytes if none is.
 */
void cli_format_size(char *buf, size_t len, uint64_t size);

#endif
