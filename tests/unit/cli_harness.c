// SPDX-License-Identifier: GPL-2.0
/* The CLI test harness (cli_harness.h). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli_harness.h"

char cli_top[PATH_MAX];
char cli_path[PATH_MAX + 32];
char cli_tmp[64];
const char *cli_env_name, *cli_env_value;
unsigned int cli_timeout_s;
struct cli_result res;

void read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

void run_cli_argv(const char *const *args)
{
	char out_path[128], err_path[128];
	const char *argv[64];
	int argc = 0, status;
	pid_t pid;

	if (access(cli_path, X_OK))
		fail_msg("%s is missing: run 'make tools' first", cli_path);
	argv[argc++] = cli_path;
	while (*args && argc < 63)
		argv[argc++] = *args++;
	argv[argc] = NULL;

	snprintf(out_path, sizeof(out_path), "%s/stdout", cli_tmp);
	snprintf(err_path, sizeof(err_path), "%s/stderr", cli_tmp);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		int out = open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

		if (out < 0 || err < 0 || dup2(out, 1) < 0 ||
		    dup2(err, 2) < 0 || chdir(cli_top) ||
		    (cli_env_name && setenv(cli_env_name, cli_env_value, 1)))
			_exit(127);
		/* a pending alarm survives execv */
		if (cli_timeout_s)
			alarm(cli_timeout_s);
		execv(cli_path, (char *const *)argv);
		_exit(127);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	res.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	read_file(out_path, res.out, sizeof(res.out));
	read_file(err_path, res.err, sizeof(res.err));
}

void run_cli(const char *first, ...)
{
	const char *args[32];
	size_t n = 0;
	va_list ap;

	va_start(ap, first);
	for (const char *a = first; a && n < 31; a = va_arg(ap, const char *))
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	run_cli_argv(args);
}

void expect_ok(void)
{
	if (res.status != 0 || res.err[0])
		fail_msg("exit %d, stderr: %s", res.status, res.err);
}

void expect_error(int status, const char *start)
{
	char *nl = strchr(res.err, '\n');

	if (res.status != status)
		fail_msg("exit %d, expected %d; stderr: %s", res.status, status,
			 res.err);
	if (!nl || nl[1])
		fail_msg("stderr is not one line: \"%s\"", res.err);
	if (strncmp(res.err, start, strlen(start)))
		fail_msg("stderr \"%s\"\n   expected to start \"%s\"", res.err,
			 start);
}

static int saved_stderr = -1;
static char captured[CLI_OUT_LEN];

void capture_stderr(void)
{
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "%s/stderr.captured", cli_tmp);
	fflush(stderr);
	saved_stderr = dup(2);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(saved_stderr >= 0 && fd >= 0);
	assert_int_equal(dup2(fd, 2), 2);
	close(fd);
}

const char *captured_stderr(void)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/stderr.captured", cli_tmp);
	fflush(stderr);
	assert_true(saved_stderr >= 0);
	dup2(saved_stderr, 2);
	close(saved_stderr);
	saved_stderr = -1;
	read_file(path, captured, sizeof(captured));
	return captured;
}

int cli_group_setup(void **state)
{
	const char *env = getenv("BULKHEAD_TOP");
	char exe[PATH_MAX];
	ssize_t n;

	(void)state;
	if (env) {
		snprintf(cli_top, sizeof(cli_top), "%s", env);
	} else {
		/* top/build/unit/test_NAME */
		n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		if (n < 0)
			return -1;
		exe[n] = '\0';
		for (int i = 0; i < 3; i++) {
			char *slash = strrchr(exe, '/');

			if (!slash)
				return -1;
			*slash = '\0';
		}
		snprintf(cli_top, sizeof(cli_top), "%s", exe);
	}
	snprintf(cli_path, sizeof(cli_path), "%s/build/bin/bulkhead", cli_top);
	snprintf(cli_tmp, sizeof(cli_tmp), "/tmp/bulkhead-test-XXXXXX");
	return mkdtemp(cli_tmp) ? 0 : -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int cli_group_teardown(void **state)
{
	(void)state;
	return cli_tmp[0] ?
		       nftw(cli_tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS) :
		       0;
}
