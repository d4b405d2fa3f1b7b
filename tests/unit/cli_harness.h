/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running the built CLI (build/bin/bulkhead) from host unit tests: one
 * scratch directory per test binary, the command's exit status, stdout
 * and stderr captured for the checks below. Linked into a test by naming
 * tests/unit/cli_harness.c in its "// uses:" line.
 */
#ifndef CLI_HARNESS_H
#define CLI_HARNESS_H

#include <limits.h>
#include <stddef.h>

#define CLI_OUT_LEN 16384

extern char cli_top[PATH_MAX]; /* the repository */
extern char cli_path[PATH_MAX + 32]; /* build/bin/bulkhead */
extern char cli_tmp[64]; /* this run's scratch directory */

/*
 * An environment variable the CLI gets (NULL name: none), for tests that
 * point it at a fake /sys and /dev.
 */
extern const char *cli_env_name, *cli_env_value;

/*
 * If not 0, the CLI is sent SIGALRM after this many seconds (status -1):
 * a CLI that hangs fails its test instead of hanging it.
 */
extern unsigned int cli_timeout_s;

struct cli_result {
	int status; /* exit status, or -1 if killed */
	char out[CLI_OUT_LEN];
	char err[CLI_OUT_LEN];
};

extern struct cli_result res;

/* @path's text into @buf (cut to @len - 1 bytes), "" if unreadable. */
void read_file(const char *path, char *buf, size_t len);

/* Runs the CLI from the repository top; @args ends with NULL. */
void run_cli_argv(const char *const *args);
/* The same with the arguments listed, NULL last. */
void run_cli(const char *first, ...);

/* Exit status 0 and nothing on stderr. */
void expect_ok(void);
/* Exit status @status and exactly one line on stderr starting with @start. */
void expect_error(int status, const char *start);

/*
 * What code linked into the test prints on stderr (cli_error()'s lines),
 * from capture_stderr() until captured_stderr(), which returns it (cut to
 * CLI_OUT_LEN - 1 bytes) and puts stderr back.
 */
void capture_stderr(void);
const char *captured_stderr(void);

/* cmocka group setup and teardown: find the repository and the CLI (from
 * BULKHEAD_TOP or the test binary's own path), make and remove the
 * scratch directory. */
int cli_group_setup(void **state);
int cli_group_teardown(void **state);

#endif
