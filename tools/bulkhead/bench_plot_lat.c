// SPDX-License-Identifier: GPL-2.0
/*
 * The latency plots of the report, per scenario, one curve per mode: the
 * histogram (OSADL style) and the 1 - CDF.
 *
 * gnuplot draws both with `steps`: a point (x, y) holds y until the next
 * point's x. Both use log y, where a count of 0 has no place: the scripts
 * draw it at a value below the y range, so that a curve falls out of the
 * plot at an empty class instead of being joined across it.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "bench_plot_util.h"

/* More non-empty classes than this in one curve: merge them (small SVGs). */
#define MAX_CLASSES 2000

/* --- which rows, how wide the classes --- */

struct curves {
	unsigned int row[64]; /* rows of the scenario that have samples */
	unsigned int n;
	char empty[256]; /* modes without samples, "cell, linux" */
	uint64_t max_n; /* the most samples of one curve */
};

static void scenario_curves(const struct bench_saved *s,
			    struct bh_hist *const *lat, const char *scn,
			    struct curves *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned int r = 0; r < s->num_rows; r++) {
		if (strcmp(s->rows[r].text[COL_SCENARIO], scn))
			continue;
		if (!lat[r]->n) {
			plot_list_add(c->empty, sizeof(c->empty),
				      s->rows[r].text[COL_MODE]);
			continue;
		}
		if (c->n < sizeof(c->row) / sizeof(c->row[0]))
			c->row[c->n++] = r;
		if (lat[r]->n > c->max_n)
			c->max_n = lat[r]->n;
	}
}

static unsigned int classes_used(const struct bh_hist *h, uint32_t w)
{
	unsigned int used = 0;

	for (uint32_t i = 0; i < h->buckets; i += w) {
		uint64_t k = 0;

		for (uint32_t j = i; j < i + w && j < h->buckets; j++)
			k += h->count[j];
		used += k > 0;
	}
	return used;
}

/* Buckets per class: 1, 2, 5, 10, 20, 50, ... until the curves are small. */
static uint32_t class_width(struct bh_hist *const *lat, const struct curves *c)
{
	static const uint32_t steps[] = { 1, 2, 5 };
	uint32_t scale = 1;

	for (unsigned int i = 0;; i = (i + 1) % 3) {
		uint32_t w = steps[i] * scale;
		bool small = true;

		for (unsigned int k = 0; k < c->n && small; k++)
			small = classes_used(lat[c->row[k]], w) <= MAX_CLASSES;
		if (small || w >= BH_HIST_MAX_BUCKETS)
			return w;
		if (i == 2)
			scale *= 10;
	}
}

static uint64_t class_count(const struct bh_hist *h, uint32_t first, uint32_t w)
{
	uint64_t k = 0;

	for (uint32_t j = first; j < first + w && j < h->buckets; j++)
		k += h->count[j];
	return k;
}

/* us per bucket: the histograms are read back with 1 us buckets. */
static double bucket_us(const struct bh_hist *h)
{
	return h->unit_ns / 1000.0;
}

/* --- the histogram --- */

/*
 * Step points of one curve: each run of non-empty classes rises from 0
 * and falls back to 0 after it; the overflowed samples, of which only
 * "at least N" is known, are one more class at N.
 */
static void hist_data(FILE *f, const struct bh_hist *h, uint32_t w)
{
	double u = bucket_us(h);
	bool prev = false;
	uint32_t i;

	fprintf(f, "# class_start_us samples (class width %g us)\n", w * u);
	for (i = 0; i < h->buckets; i += w) {
		uint64_t k = class_count(h, i, w);

		if (k && !prev)
			fprintf(f, PLOT_NUM " 0\n", i * u);
		if (k || prev)
			fprintf(f, PLOT_NUM " %llu\n", i * u,
				(unsigned long long)k);
		prev = k > 0;
	}
	if (prev)
		fprintf(f, PLOT_NUM " 0\n", i * u);
	if (h->overflow)
		fprintf(f,
			"# overflow: at least " PLOT_NUM " us\n" PLOT_NUM
			" 0\n" PLOT_NUM " %llu\n" PLOT_NUM " 0\n",
			h->buckets * u, h->buckets * u, h->buckets * u,
			(unsigned long long)h->overflow,
			h->buckets * u + w * u);
}

static void key_title(char *buf, size_t len, const struct bench_saved_row *r,
		      const struct bh_hist *h)
{
	int o = snprintf(buf, len, "%s: max %s us", r->text[COL_MODE],
			 r->text[COL_LAT_MAX]);

	if (h->overflow && o > 0 && (size_t)o < len)
		snprintf(buf + o, len - (size_t)o, ", %llu past %g us",
			 (unsigned long long)h->overflow,
			 h->buckets * bucket_us(h));
}

static int lat_hist(const struct bench_saved *s, struct bh_hist *const *lat,
		    const struct curves *c, const struct plot_out *o,
		    struct bench_plot *p)
{
	uint32_t w = class_width(lat, c);
	double wus = w * bucket_us(lat[c->row[0]]), edge = 0;
	bool overflow = false;
	char dat[128], title[128];
	FILE *f;

	snprintf(p->name, sizeof(p->name), "lat-hist.%s", p->scenario);
	snprintf(p->title, sizeof(p->title), "%s: latency histogram",
		 p->scenario);
	for (unsigned int k = 0; k < c->n; k++) {
		const struct bench_saved_row *r = &s->rows[c->row[k]];

		snprintf(dat, sizeof(dat), "%s.%s", p->name, r->text[COL_MODE]);
		f = plot_open(o, dat, ".dat");
		if (!f)
			return -1;
		hist_data(f, lat[c->row[k]], w);
		if (plot_close(o, f, dat, ".dat"))
			return -1;
		if (lat[c->row[k]]->overflow) {
			overflow = true;
			edge = lat[c->row[k]]->buckets *
			       bucket_us(lat[c->row[k]]);
		}
	}

	f = plot_script(o, p);
	if (!f)
		return -1;
	/* OSADL style: one curve per mode */
	fprintf(f,
		"set xlabel 'latency (us)'\n"
		"set ylabel 'samples per %g us class (log scale)'\n"
		"set logscale y\nset format y '%%.10g'\n"
		"set yrange [0.5:*]\nset xrange [0:*]\n"
		"set grid\nset key top right\n",
		wus);
	if (overflow)
		fprintf(f,
			"set arrow from %g, graph 0 to %g, graph 1 nohead dt 2 "
			"lc 'gray50'\nset label 'end of histogram: later "
			"samples counted here' at %g, graph 0.04 left "
			"rotate by 90 offset -0.8,0 tc 'gray40' font ',9'\n",
			edge, edge, edge);
	fputs("# a class of 0 samples is drawn below the range\nplot ", f);
	for (unsigned int k = 0; k < c->n; k++) {
		const struct bench_saved_row *r = &s->rows[c->row[k]];

		key_title(title, sizeof(title), r, lat[c->row[k]]);
		fprintf(f,
			"%s'%s.%s.dat' using 1:($2 > 0 ? $2 : 0.1) with steps "
			"lw 1.5 lt %d title '%s'",
			k ? ", \\\n     " : "", p->name, r->text[COL_MODE],
			plot_colour(s, r->text[COL_MODE]), title);
	}
	fputc('\n', f);
	if (plot_close(o, f, p->name, ".gp"))
		return -1;

	if (w > 1)
		plot_note(p,
			  "Classes of %g us: a mode had more than %d non-empty "
			  "1 us classes.",
			  wus, MAX_CLASSES);
	if (overflow)
		plot_note(p, "Samples past the histogram's last bucket are one "
			     "class at its end (they are at least that late).");
	if (c->empty[0])
		plot_note(p, "No samples: %s.", c->empty);
	return 0;
}

/* --- the 1 - CDF --- */

/*
 * P(latency >= x) at each non-empty class's upper edge, from 1 at the
 * first class's lower edge: `steps` then holds each value up to the next
 * class, an upper bound within one class. Overflowed samples hold their
 * fraction up to the maximum, which is known exactly.
 */
static void exceed_data(FILE *f, const struct bh_hist *h, uint32_t w,
			double max_us)
{
	double u = bucket_us(h), n = (double)h->n;
	uint64_t above = h->n;
	bool first = true;

	fprintf(f, "# x_us fraction_at_or_above_x (class width %g us)\n",
		w * u);
	for (uint32_t i = 0; i < h->buckets; i += w) {
		uint64_t k = class_count(h, i, w);

		if (!k)
			continue;
		if (first)
			fprintf(f, PLOT_NUM " 1\n", i * u);
		first = false;
		above -= k;
		fprintf(f, PLOT_NUM " %.9g\n", (i + w) * u, above / n);
	}
	if (h->overflow) {
		if (first)
			fprintf(f, PLOT_NUM " 1\n", h->buckets * u);
		fprintf(f, PLOT_NUM " 0\n",
			max_us > h->buckets * u ? max_us : h->buckets * u);
	}
}

static int lat_exceed(const struct bench_saved *s, struct bh_hist *const *lat,
		      const struct curves *c, const struct plot_out *o,
		      struct bench_plot *p)
{
	static const struct {
		double q;
		const char *name;
	} guides[] = { { 1e-2, "p99" }, { 1e-3, "p99.9" }, { 1e-4, "p99.99" } };
	uint32_t w = class_width(lat, c);
	double wus = w * bucket_us(lat[c->row[0]]), ylo = 1;
	char dat[128];
	FILE *f;

	snprintf(p->name, sizeof(p->name), "lat-exceed.%s", p->scenario);
	snprintf(p->title, sizeof(p->title),
		 "%s: fraction of samples at least as late (1 - CDF)",
		 p->scenario);
	for (unsigned int k = 0; k < c->n; k++) {
		const struct bench_saved_row *r = &s->rows[c->row[k]];
		const struct bench_val *max = &r->val[COL_LAT_MAX];

		snprintf(dat, sizeof(dat), "%s.%s", p->name, r->text[COL_MODE]);
		f = plot_open(o, dat, ".dat");
		if (!f)
			return -1;
		exceed_data(f, lat[c->row[k]], w,
			    max->kind == VAL_NA ? 0 : max->v);
		if (plot_close(o, f, dat, ".dat"))
			return -1;
	}
	/* a decade below the rarest sample, so that it shows */
	while (ylo > 0.5 / (double)c->max_n)
		ylo /= 10;

	f = plot_script(o, p);
	if (!f)
		return -1;
	fprintf(f,
		"set xlabel 'latency x (us, log scale)'\n"
		"set ylabel 'fraction of samples >= x (log scale)'\n"
		"set logscale xy\nset yrange [%g:1.5]\n"
		"set format x '%%.10g'\nset format y '%%.10g'\n"
		"set grid\nset key top right\n",
		ylo);
	for (unsigned int g = 0; g < sizeof(guides) / sizeof(guides[0]); g++) {
		if (guides[g].q <= ylo)
			continue; /* on the bottom edge it would hide */
		fprintf(f,
			"set arrow from graph 0, first %g to graph 1, first %g "
			"nohead dt 3 lc 'gray50'\n"
			"set label '%s' at graph 0.01, first %g offset 0,0.6 "
			"tc 'gray40'\n",
			guides[g].q, guides[g].q, guides[g].name, guides[g].q);
	}
	fprintf(f, "# x = 0 cannot be on a log axis: the first point moves "
		   "to 0.5 us\n# the final 0 is drawn below the range\nplot ");
	for (unsigned int k = 0; k < c->n; k++) {
		const struct bench_saved_row *r = &s->rows[c->row[k]];
		char p99[40];

		bench_val_text(r, COL_LAT_P99, p99, sizeof(p99));
		fprintf(f,
			"%s'%s.%s.dat' using ($1 > 0 ? $1 : 0.5):($2 > 0 ? $2 "
			": %g) with steps lw 1.5 lt %d title '%s: p99 %s us'",
			k ? ", \\\n     " : "", p->name, r->text[COL_MODE],
			ylo / 10, plot_colour(s, r->text[COL_MODE]),
			r->text[COL_MODE], p99);
	}
	fputc('\n', f);
	if (plot_close(o, f, p->name, ".gp"))
		return -1;
	if (w > 1)
		plot_note(p, "Classes of %g us, as in the histogram.", wus);
	if (c->empty[0])
		plot_note(p, "No samples: %s.", c->empty);
	return 0;
}

int plot_latency(const struct bench_saved *s, struct bh_hist *const *lat,
		 const char *scn, const struct plot_out *o,
		 struct bench_plots *plots)
{
	struct bench_plot *p;
	struct curves c;

	scenario_curves(s, lat, scn, &c);
	if (!c.n) {
		plot_list_add(plots->empty, sizeof(plots->empty), scn);
		return 0;
	}
	p = plot_new(plots, PLOT_LAT_HIST, scn);
	if (!p || lat_hist(s, lat, &c, o, p))
		return -1;
	p = plot_new(plots, PLOT_LAT_EXCEED, scn);
	if (!p || lat_exceed(s, lat, &c, o, p))
		return -1;
	return 0;
}
