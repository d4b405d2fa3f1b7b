/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The command line: the NUL-terminated string at BH_CMDLINE_ADDR (0x2000)
 * that 'bulkhead cell load NAME IMAGE -s STRING' wrote, empty if none.
 * Options are space-separated KEY=VALUE words; if a key is given twice,
 * the last one counts.
 */
#ifndef INMATE_CMDLINE_H
#define INMATE_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* The whole command line. */
const char *cmdline(void);

/*
 * Integer option @key (decimal, or hex after 0x, optionally negative):
 * its value, or @def if it is absent. A malformed value is reported on the
 * console and @def is used.
 */
long long cmdline_get_int(const char *key, long long def);

/*
 * String option @key copied NUL-terminated into @buf (truncated to fit).
 * Returns false, leaving @buf empty, if the key is absent.
 */
bool cmdline_get_str(const char *key, char *buf, size_t size);

/* The parsers behind these, on any string (hardware-free, host-tested). */

/*
 * The value of the last word KEY=VALUE in @line, not terminated, its
 * length in *@len; a bare word KEY has an empty value. NULL if absent.
 */
const char *cmdline_find(const char *line, const char *key, size_t *len);

/* The @len characters at @s as one integer; false if they are not one. */
bool cmdline_parse_int(const char *s, size_t len, long long *out);

#endif
