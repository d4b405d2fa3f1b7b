/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The page of `bench report`: one self-contained HTML file, the plots'
 * SVGs inlined, no script, no external file, so that it can be mailed or
 * attached to an issue as it is.
 */
#ifndef BULKHEAD_CLI_BENCH_HTML_H
#define BULKHEAD_CLI_BENCH_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "bench_csv.h"
#include "bench_plot.h"

/*
 * Writes the page for @s on @f: a banner when the platform is not
 * "hardware", the platform's details, the command and date, the table of
 * every row, and each plot of @plots, read from @rdir/NAME.svg. Returns 0,
 * or -1 with a message in @err (an SVG that cannot be read, a write error).
 */
int bench_html_write(FILE *f, const struct bench_saved *s,
		     const struct bench_plots *plots, const char *rdir,
		     char *err, size_t errlen);

#endif
