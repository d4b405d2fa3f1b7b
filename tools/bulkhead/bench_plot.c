// SPDX-License-Identifier: GPL-2.0
/*
 * The report's plots (bench_plot.h): what every plot writer shares, and
 * the order of the plots. The writers are bench_plot_lat.c and
 * bench_plot_exec.c.
 *
 * Names that reach a script or a file name are the CSV's scenario and
 * mode, which bench_csv.c admits only as plain names, and numbers; so
 * nothing in the scripts needs quoting for gnuplot.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_plot_util.h"

/* The same mode has the same colour in every plot. */
static const char *const known_modes[] = { "cell", "linux", "cyclictest" };

int plot_colour(const struct bench_saved *s, const char *mode)
{
	unsigned int nk = sizeof(known_modes) / sizeof(known_modes[0]);
	unsigned int extra = 0;

	for (unsigned int i = 0; i < nk; i++)
		if (!strcmp(mode, known_modes[i]))
			return (int)i + 1;
	/* other modes after them, in the order they first appear */
	for (unsigned int r = 0; r < s->num_rows; r++) {
		const char *m = s->rows[r].text[COL_MODE];
		bool known = false, seen = false;

		for (unsigned int i = 0; i < nk; i++)
			known |= !strcmp(m, known_modes[i]);
		for (unsigned int q = 0; q < r; q++)
			seen |= !strcmp(m, s->rows[q].text[COL_MODE]);
		if (known || seen)
			continue;
		extra++;
		if (!strcmp(m, mode))
			break;
	}
	return (int)(nk + extra);
}

int plot_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

FILE *plot_open(const struct plot_out *o, const char *name, const char *ext)
{
	char path[800];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", o->rdir, name, ext);
	f = fopen(path, "w");
	if (!f)
		plot_fail(o->err, o->errlen, "cannot write %s: %s", path,
			  strerror(errno));
	return f;
}

FILE *plot_script(const struct plot_out *o, const struct bench_plot *p)
{
	FILE *f = plot_open(o, p->name, ".gp");

	if (f)
		fprintf(f,
			"# %s; `bulkhead bench report` wrote it\n" PLOT_TERMINAL
			"set output '%s.svg'\nset title '%s'\n",
			p->title, p->name, p->title);
	return f;
}

unsigned int plot_index(const char **list, unsigned int *n, const char *name,
			unsigned int max)
{
	unsigned int i;

	for (i = 0; i < *n; i++)
		if (!strcmp(list[i], name))
			return i;
	if (*n < max)
		list[(*n)++] = name;
	return i;
}

int plot_close(const struct plot_out *o, FILE *f, const char *name,
	       const char *ext)
{
	bool bad = ferror(f);

	if (fclose(f) || bad)
		return plot_fail(o->err, o->errlen, "writing %s/%s%s failed",
				 o->rdir, name, ext);
	return 0;
}

struct bench_plot *plot_new(struct bench_plots *plots,
			    enum bench_plot_kind kind, const char *scn)
{
	struct bench_plot *p = realloc(plots->p, (plots->n + 1) * sizeof(*p));

	if (!p)
		return NULL;
	plots->p = p;
	p = &p[plots->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	snprintf(p->scenario, sizeof(p->scenario), "%s", scn);
	return p;
}

void plot_note(struct bench_plot *p, const char *fmt, ...)
{
	size_t len = strlen(p->note);
	va_list ap;

	if (len + 2 >= sizeof(p->note))
		return;
	if (len)
		p->note[len++] = ' ';
	va_start(ap, fmt);
	vsnprintf(p->note + len, sizeof(p->note) - len, fmt, ap);
	va_end(ap);
}

void plot_list_add(char *buf, size_t len, const char *name)
{
	size_t o = strlen(buf);

	if (o + 1 < len)
		snprintf(buf + o, len - o, "%s%s", o ? ", " : "", name);
}

int bench_plot_write(const struct bench_saved *s, struct bh_hist *const *lat,
		     const char *rdir, struct bench_plots *plots, char *err,
		     size_t errlen)
{
	struct plot_out o = { .rdir = rdir, .err = err, .errlen = errlen };

	memset(plots, 0, sizeof(*plots));
	err[0] = '\0';
	/* latency per scenario, in the order the scenarios ran */
	for (unsigned int r = 0; r < s->num_rows; r++) {
		const char *scn = s->rows[r].text[COL_SCENARIO];
		bool seen = false;

		for (unsigned int q = 0; q < r; q++)
			seen |= !strcmp(scn, s->rows[q].text[COL_SCENARIO]);
		if (!seen && plot_latency(s, lat, scn, &o, plots))
			goto fail;
	}
	if (plot_exec(s, &o, plots) || plot_root_ops(s, &o, plots))
		goto fail;
	return 0;
fail:
	if (!err[0])
		plot_fail(err, errlen, "out of memory for the plots");
	free(plots->p);
	memset(plots, 0, sizeof(*plots));
	return -1;
}
