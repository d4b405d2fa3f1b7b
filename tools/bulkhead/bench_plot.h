/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plots of `bench report`: gnuplot data files and one gnuplot script
 * per plot, written into DIR/report/, each making NAME.svg there when
 * gnuplot runs it from that directory. Kept as files so that a plot can be
 * re-made or restyled by hand from the same numbers.
 */
#ifndef BULKHEAD_CLI_BENCH_PLOT_H
#define BULKHEAD_CLI_BENCH_PLOT_H

#include <stddef.h>

#include <bulkhead/rtprobe.h>

#include "bench_csv.h"

enum bench_plot_kind {
	PLOT_LAT_HIST, /* per scenario: samples per latency class, log y */
	PLOT_LAT_EXCEED, /* per scenario: 1 - CDF, log x and y */
	PLOT_EXEC_BOX, /* all rows with execution times */
	PLOT_ROOT_OPS, /* rows with the interference's bogo-ops/s */
};

struct bench_plot {
	enum bench_plot_kind kind;
	char scenario[32]; /* "" for PLOT_EXEC_BOX and PLOT_ROOT_OPS */
	char name[80]; /* NAME.gp makes NAME.svg */
	char title[128];
	char note[512]; /* plain text for under the plot, "" if none */
};

struct bench_plots {
	struct bench_plot *p;
	unsigned int n;
	/* scenarios that get no latency plots: no mode has a sample */
	char empty[512];
};

/*
 * Writes every plot's data and script into @rdir, an existing directory,
 * from @s and the latency histograms @lat (one per row of @s, 1 us
 * buckets). Fills @plots (free its p). Returns 0, or -1 with a message in
 * @err.
 */
int bench_plot_write(const struct bench_saved *s, struct bh_hist *const *lat,
		     const char *rdir, struct bench_plots *plots, char *err,
		     size_t errlen);

#endif
