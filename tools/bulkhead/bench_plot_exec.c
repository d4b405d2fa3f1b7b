// SPDX-License-Identifier: GPL-2.0
/*
 * The execution-time plot of the report: one box per scenario and mode
 * that has execution times (cyclictest runs no workload), from the CSV's
 * percentiles, so that it shows the table's numbers.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_plot_util.h"

static const enum bench_col box_cols[] = {
	COL_EXEC_P50, COL_EXEC_MIN, COL_EXEC_MAX, COL_EXEC_P99, COL_EXEC_MEAN,
};
#define NUM_BOX_COLS (sizeof(box_cols) / sizeof(box_cols[0]))

static bool has_exec(const struct bench_saved_row *r)
{
	for (unsigned int i = 0; i < NUM_BOX_COLS; i++)
		if (r->val[box_cols[i]].kind == VAL_NA)
			return false;
	return true;
}

struct exec_layout {
	const char *scn[64], *mode[64];
	unsigned int nscn, nmode;
};

static void exec_label(FILE *f, const struct bench_saved_row *r, double x,
		       double xmax)
{
	char names[64] = "";
	double bound = 0;
	size_t o = 0;

	for (unsigned int i = 0; i < NUM_BOX_COLS; i++) {
		const struct bench_val *v = &r->val[box_cols[i]];

		if (v->kind != VAL_MORE)
			continue;
		o += (size_t)snprintf(names + o, sizeof(names) - o, "%s%s",
				      o ? ", " : "",
				      bench_col_name(box_cols[i]) + 5);
		if (o >= sizeof(names))
			o = sizeof(names) - 1;
		bound = v->v;
	}
	if (!o)
		return;
	/* "p50_us, p99_us" -> the names without the unit */
	for (char *u; (u = strstr(names, "_us"));)
		memmove(u, u + 3, strlen(u + 3) + 1);
	/* beside the box, whose edge it names, on the side with room */
	if (x < xmax / 2)
		fprintf(f,
			"set label '%s > %g' at %g, first %g left front "
			"font ',9'\n",
			names, bound, x + 0.35, bound);
	else
		fprintf(f,
			"set label '%s > %g' at %g, first %g right front "
			"font ',9'\n",
			names, bound, x - 0.35, bound);
}

static int exec_box(const struct bench_saved *s, const struct plot_out *o,
		    struct bench_plot *p)
{
	struct exec_layout l = { 0 };
	bool logy = true;
	unsigned int slot;
	FILE *f;

	for (unsigned int r = 0; r < s->num_rows; r++) {
		const struct bench_saved_row *row = &s->rows[r];

		if (!has_exec(row))
			continue;
		plot_index(l.scn, &l.nscn, row->text[COL_SCENARIO], 64);
		plot_index(l.mode, &l.nmode, row->text[COL_MODE], 64);
		for (unsigned int i = 0; i < NUM_BOX_COLS; i++)
			logy &= row->val[box_cols[i]].v > 0;
	}
	snprintf(p->name, sizeof(p->name), "exec-box");
	snprintf(p->title, sizeof(p->title),
		 "execution time: p50-p99 box, min-max whiskers, x = mean");
	slot = l.nmode + 1; /* a gap between scenarios */

	f = plot_script(o, p);
	if (!f)
		return -1;
	fprintf(f,
		"set ylabel 'execution time (us%s)'\n%s"
		"set xrange [0:%u]\nset boxwidth 0.6 absolute\n"
		"set style fill solid 0.25 border\nset grid ytics\n"
		"set key top left\nset xtics scale 0%s (",
		logy ? ", log scale" : "",
		logy ? "set logscale y\nset format y '%.10g'\n" : "",
		l.nscn * slot, l.nscn > 6 ? " rotate by -30" : "");
	for (unsigned int i = 0; i < l.nscn; i++)
		fprintf(f, "%s'%s' %g", i ? ", " : "", l.scn[i],
			i * slot + (slot) / 2.0);
	fputs(")\n", f);
	for (unsigned int r = 0; r < s->num_rows; r++) {
		const struct bench_saved_row *row = &s->rows[r];

		if (has_exec(row))
			exec_label(f, row,
				   plot_index(l.scn, &l.nscn,
					      row->text[COL_SCENARIO],
					      64) * slot +
					   plot_index(l.mode, &l.nmode,
						      row->text[COL_MODE], 64) +
					   1,
				   l.nscn * slot);
	}
	fputs("plot ", f);
	for (unsigned int m = 0; m < l.nmode; m++)
		fprintf(f,
			"'%s.%s.dat' using 1:2:3:4:5 with candlesticks "
			"whiskerbars 0.5 lt %d title '%s', \\\n     ",
			p->name, l.mode[m], plot_colour(s, l.mode[m]),
			l.mode[m]);
	for (unsigned int m = 0; m < l.nmode; m++)
		fprintf(f,
			"%s'%s.%s.dat' using 1:6 with points pt 2 ps 1 "
			"lc 'black' %s",
			m ? ", \\\n     " : "", p->name, l.mode[m],
			m ? "notitle" : "title 'mean'");
	fputc('\n', f);
	if (plot_close(o, f, p->name, ".gp"))
		return -1;

	for (unsigned int m = 0; m < l.nmode; m++) {
		char dat[128];

		snprintf(dat, sizeof(dat), "%s.%s", p->name, l.mode[m]);
		f = plot_open(o, dat, ".dat");
		if (!f)
			return -1;
		fprintf(f, "# x p50_us min_us max_us p99_us mean_us scenario "
			   "(a '>N' value is drawn at N)\n");
		for (unsigned int r = 0; r < s->num_rows; r++) {
			const struct bench_saved_row *row = &s->rows[r];

			if (!has_exec(row) ||
			    strcmp(row->text[COL_MODE], l.mode[m]))
				continue;
			fprintf(f, "%u",
				plot_index(l.scn, &l.nscn,
					   row->text[COL_SCENARIO],
					   64) * slot +
					m + 1);
			for (unsigned int i = 0; i < NUM_BOX_COLS; i++)
				fprintf(f, " " PLOT_NUM,
					row->val[box_cols[i]].v);
			fprintf(f, " %s\n", row->text[COL_SCENARIO]);
		}
		if (plot_close(o, f, dat, ".dat"))
			return -1;
	}
	return 0;
}

static bool any_exec(const struct bench_saved *s)
{
	for (unsigned int r = 0; r < s->num_rows; r++)
		if (has_exec(&s->rows[r]))
			return true;
	return false;
}

int plot_exec(const struct bench_saved *s, const struct plot_out *o,
	      struct bench_plots *plots)
{
	struct bench_plot *p;

	if (!any_exec(s))
		return 0;
	p = plot_new(plots, PLOT_EXEC_BOX, "");
	return p ? exec_box(s, o, p) : -1;
}
