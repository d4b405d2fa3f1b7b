// SPDX-License-Identifier: GPL-2.0
/*
 * The root-throughput plot of the report: per scenario whose interference
 * is stress-ng, one bar per mode with the interference's bogo-ops per
 * second, as a share of the scenario's highest bar. Stressors count
 * different things, so only bars of one scenario compare; the table has
 * the absolute numbers. With a merged run's "cell" and "cell-reg" modes
 * this is what regulation cost the root.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_plot_util.h"

static bool has_ops(const struct bench_saved_row *r)
{
	return r->val[COL_ROOT_BOGO_S].kind == VAL_EXACT &&
	       r->val[COL_ROOT_BOGO_S].v > 0;
}

/* The scenario's highest bogo-ops/s, which its bars are shares of. */
static double scenario_top(const struct bench_saved *s, const char *scn)
{
	double top = 0;

	for (unsigned int r = 0; r < s->num_rows; r++) {
		const struct bench_saved_row *row = &s->rows[r];

		if (has_ops(row) && !strcmp(row->text[COL_SCENARIO], scn) &&
		    row->val[COL_ROOT_BOGO_S].v > top)
			top = row->val[COL_ROOT_BOGO_S].v;
	}
	return top;
}

static int ops_bars(const struct bench_saved *s, const struct plot_out *o,
		    struct bench_plot *p)
{
	const char *scn[64], *mode[64];
	unsigned int nscn = 0, nmode = 0, slot;
	FILE *f;

	for (unsigned int r = 0; r < s->num_rows; r++) {
		if (!has_ops(&s->rows[r]))
			continue;
		plot_index(scn, &nscn, s->rows[r].text[COL_SCENARIO], 64);
		plot_index(mode, &nmode, s->rows[r].text[COL_MODE], 64);
	}
	snprintf(p->name, sizeof(p->name), "root-ops");
	snprintf(p->title, sizeof(p->title),
		 "root throughput: stress-ng bogo-ops/s, %% of the highest "
		 "in its scenario");
	plot_note(p, "Over the interference's whole run: its warm-up and the "
		     "windows of the modes beside it.");
	slot = nmode + 1;

	f = plot_script(o, p);
	if (!f)
		return -1;
	fprintf(f,
		"set ylabel 'bogo-ops/s (%% of the highest in the scenario)'\n"
		"set yrange [0:110]\nset xrange [0:%u]\n"
		"set boxwidth 0.8 absolute\nset style fill solid 0.5 border\n"
		"set grid ytics\nset key top right\nset xtics scale 0%s (",
		nscn * slot, nscn > 6 ? " rotate by -30" : "");
	for (unsigned int i = 0; i < nscn; i++)
		fprintf(f, "%s'%s' %g", i ? ", " : "", scn[i],
			i * slot + slot / 2.0);
	fputs(")\nplot ", f);
	for (unsigned int m = 0; m < nmode; m++)
		fprintf(f,
			"%s'%s.%s.dat' using 1:2 with boxes lt %d title '%s', "
			"'' using 1:2:3 with labels offset 0,0.7 font ',9' "
			"notitle",
			m ? ", \\\n     " : "", p->name, mode[m],
			plot_colour(s, mode[m]), mode[m]);
	fputc('\n', f);
	if (plot_close(o, f, p->name, ".gp"))
		return -1;

	for (unsigned int m = 0; m < nmode; m++) {
		char dat[128];

		snprintf(dat, sizeof(dat), "%s.%s", p->name, mode[m]);
		f = plot_open(o, dat, ".dat");
		if (!f)
			return -1;
		fprintf(f, "# x percent bogo_ops_per_s scenario\n");
		for (unsigned int r = 0; r < s->num_rows; r++) {
			const struct bench_saved_row *row = &s->rows[r];
			double v = row->val[COL_ROOT_BOGO_S].v;

			if (!has_ops(row) ||
			    strcmp(row->text[COL_MODE], mode[m]))
				continue;
			fprintf(f, "%u " PLOT_NUM " " PLOT_NUM " %s\n",
				plot_index(scn, &nscn, row->text[COL_SCENARIO],
					   64) * slot +
					m + 1,
				100.0 * v /
					scenario_top(s,
						     row->text[COL_SCENARIO]),
				v, row->text[COL_SCENARIO]);
		}
		if (plot_close(o, f, dat, ".dat"))
			return -1;
	}
	return 0;
}

int plot_root_ops(const struct bench_saved *s, const struct plot_out *o,
		  struct bench_plots *plots)
{
	struct bench_plot *p;
	bool any = false;

	for (unsigned int r = 0; r < s->num_rows; r++)
		any |= has_ops(&s->rows[r]);
	if (!any)
		return 0;
	p = plot_new(plots, PLOT_ROOT_OPS, "");
	return p ? ops_bars(s, o, p) : -1;
}
