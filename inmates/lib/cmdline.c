// SPDX-License-Identifier: GPL-2.0
/* The command line at BH_CMDLINE_ADDR; the parsing is in cmdline_parse.c. */
#include <inmate/inmate.h>
#include "internal.h"

void cmdline_init(void)
{
	/* the loader may have filled the whole page: keep the string finite */
	cmdline_page[BH_CMDLINE_SIZE - 1] = '\0';
}

const char *cmdline(void)
{
	return cmdline_page;
}

long long cmdline_get_int(const char *key, long long def)
{
	const char *v;
	long long val;
	size_t len;

	v = cmdline_find(cmdline_page, key, &len);
	if (!v)
		return def;
	if (!cmdline_parse_int(v, len, &val)) {
		printf("inmate: command line: %s=%.*s is not a number, "
		       "using %lld\n",
		       key, (int)len, v, def);
		return def;
	}
	return val;
}

bool cmdline_get_str(const char *key, char *buf, size_t size)
{
	const char *v;
	size_t len;

	if (size)
		buf[0] = '\0';
	v = cmdline_find(cmdline_page, key, &len);
	if (!v)
		return false;
	if (size) {
		if (len > size - 1)
			len = size - 1;
		memcpy(buf, v, len);
		buf[len] = '\0';
	}
	return true;
}
