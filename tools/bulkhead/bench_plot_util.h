/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the report's plot writers share (bench_plot.c): where files go and
 * how they are opened, one colour per mode, notes for the page. Not for
 * use outside bench_plot*.c.
 */
#ifndef BULKHEAD_CLI_BENCH_PLOT_UTIL_H
#define BULKHEAD_CLI_BENCH_PLOT_UTIL_H

#include <stdio.h>

#include "bench_plot.h"

/* One look for every plot; noenhanced: a '_' in a name stays a '_'. */
#define PLOT_TERMINAL                                            \
	"set terminal svg size 800,450 dynamic noenhanced font " \
	"'sans,11'\n"
/* numbers in data files: as precise as the text they came from */
#define PLOT_NUM "%.10g"

struct plot_out {
	const char *rdir; /* DIR/report */
	char *err;
	size_t errlen;
};

int plot_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* @o->rdir/NAME.EXT for writing; NULL with a message in @o->err. */
FILE *plot_open(const struct plot_out *o, const char *name, const char *ext);
/* @p's gnuplot script, opened with its common head (terminal, output,
 * title) written; NULL with a message in @o->err. */
FILE *plot_script(const struct plot_out *o, const struct bench_plot *p);
/* Closes it; -1 with a message if anything failed to be written. */
int plot_close(const struct plot_out *o, FILE *f, const char *name,
	       const char *ext);
/* A new plot at the end of @plots; NULL when out of memory. */
struct bench_plot *plot_new(struct bench_plots *plots,
			    enum bench_plot_kind kind, const char *scn);
/* Appends a sentence to the plot's note. */
void plot_note(struct bench_plot *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* @name's index in @list of *@n, appended (up to @max) if new. */
unsigned int plot_index(const char **list, unsigned int *n, const char *name,
			unsigned int max);
/* Appends ", @name" (or @name) to the list in @buf, cut if it is full. */
void plot_list_add(char *buf, size_t len, const char *name);
/* gnuplot's line type of @mode: the same in every plot. */
int plot_colour(const struct bench_saved *s, const char *mode);

/* The histogram and the 1 - CDF of scenario @scn (bench_plot_lat.c). */
int plot_latency(const struct bench_saved *s, struct bh_hist *const *lat,
		 const char *scn, const struct plot_out *o,
		 struct bench_plots *plots);
/* The execution-time boxes, if any row has them (bench_plot_exec.c). */
int plot_exec(const struct bench_saved *s, const struct plot_out *o,
	      struct bench_plots *plots);
/* The root's throughput bars, if any row has stress-ng's bogo-ops
 * (bench_plot_ops.c). */
int plot_root_ops(const struct bench_saved *s, const struct plot_out *o,
		  struct bench_plots *plots);

#endif
