// SPDX-License-Identifier: GPL-2.0
/*
 * The helpers of cli.h that every part of the CLI uses but that do not
 * need the command table: error lines, the clock, the PATH search and
 * sizes. Apart from main.c so that unit tests can link the bench's
 * modules without main() and every command.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

int cli_error(const char *fmt, ...)
{
	va_list ap;

	fputs("bulkhead: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

uint64_t cli_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* @prog's path from $PATH, as execvp would find it. */
bool cli_find_program(const char *prog, char *buf, size_t len)
{
	const char *path = getenv("PATH");

	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		struct stat st;

		snprintf(buf, len, "%.*s/%s", n ? (int)n : 1, n ? path : ".",
			 prog);
		if (!stat(buf, &st) && S_ISREG(st.st_mode) &&
		    !access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/*
 * One for both users, so that the memmap= hardware check asks for is the
 * one `config memmap` prints.
 */
void cli_format_size(char *buf, size_t len, uint64_t size)
{
	static const char units[] = "KMGT";
	int unit = -1;

	while (unit < 3 && size && !(size & 1023)) {
		size >>= 10;
		unit++;
	}
	if (unit < 0)
		snprintf(buf, len, "%llu", (unsigned long long)size);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)size,
			 units[unit]);
}
