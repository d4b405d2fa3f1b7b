// SPDX-License-Identifier: GPL-2.0
/*
 * The report's page (bench_html.h). Every text from the saved run goes
 * through esc(): the note, the command and the problems are free text.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_html.h"

#define SVG_MAX_BYTES (32u << 20)

static void esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&#39;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

static const char style[] =
	"body{font-family:sans-serif;color:#222;max-width:1200px;"
	"margin:1em auto;padding:0 1em}\n"
	".banner{background:#fff3cd;border:2px solid #c99700;padding:.6em 1em;"
	"font-size:110%;font-weight:bold}\n"
	"dl.details{display:grid;grid-template-columns:max-content auto;"
	"gap:.2em 1em}\n"
	"dt{font-weight:bold}\ndd{margin:0}\n"
	"table.results{border-collapse:collapse;font-size:90%}\n"
	"table.results th,table.results td{border:1px solid #bbb;"
	"padding:.2em .4em}\n"
	"table.results th{background:#eee}\n"
	"td{white-space:nowrap}\ntd.num{text-align:right}\n"
	"td.problems{white-space:normal;min-width:14em}\n"
	"tr.problem td{background:#fde8e8}\n"
	"span.more{font-weight:bold}\n"
	".platform{font-style:italic}\n"
	"figure{margin:1.5em 0}\n"
	"figure svg{display:block;width:100%;max-width:800px;height:auto}\n"
	"figcaption{max-width:800px;font-size:90%}\n";

static void detail(FILE *f, const char *name, const char *value)
{
	fprintf(f, "<dt>%s</dt><dd>", name);
	esc(f, value[0] ? value : "-");
	fputs("</dd>\n", f);
}

static bool is_hardware(const struct bench_saved *s)
{
	return !strcmp(s->run[KEY_PLATFORM], "hardware");
}

static void head(FILE *f, const struct bench_saved *s)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	      "<meta charset=\"utf-8\">\n<title>Bulkhead bench: ",
	      f);
	esc(f, s->run[KEY_DATE]);
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
	/* an emulated result must not pass for a hardware one */
	if (!is_hardware(s)) {
		fputs("<div class=\"banner\" role=\"alert\">Not measured on "
		      "hardware: ",
		      f);
		esc(f, s->run[KEY_PLATFORM]);
		fputs("</div>\n", f);
	}
	fputs("<h1>Bulkhead bench results</h1>\n<p>Measured ", f);
	esc(f, s->run[KEY_DATE]);
	fputs(". This page was made by <code>bulkhead bench report</code> "
	      "from the saved results in <code>",
	      f);
	esc(f, s->dir);
	fputs("</code> (run.txt, results.csv, hist/); the plots' data and "
	      "gnuplot scripts are in its report/ directory.</p>\n",
	      f);
}

static void details(FILE *f, const struct bench_saved *s)
{
	char buf[160];
	const char *w = s->run[KEY_WARMUP_NS];

	fputs("<h2>Platform and run</h2>\n<dl class=\"details\">\n", f);
	detail(f, "Platform", s->run[KEY_PLATFORM]);
	detail(f, "Note", s->run[KEY_NOTE]);
	detail(f, "CPU model", s->run[KEY_CPU_MODEL]);
	if (strcmp(s->run[KEY_TSC_KHZ], "0"))
		snprintf(buf, sizeof(buf), "%s kHz", s->run[KEY_TSC_KHZ]);
	else
		snprintf(buf, sizeof(buf), "unknown (no cell ran)");
	detail(f, "TSC", buf);
	detail(f, "Kernel", s->run[KEY_KERNEL]);
	detail(f, "Real-time CPU", s->run[KEY_RT_CPU]);
	snprintf(buf, sizeof(buf), "%.3f s per scenario and mode",
		 strtod(s->run[KEY_DURATION_NS], NULL) / 1e9);
	detail(f, "Window", buf);
	if (strcmp(w, "0"))
		snprintf(buf, sizeof(buf), "%.3f s", strtod(w, NULL) / 1e9);
	else
		snprintf(buf, sizeof(buf), "each scenario's own");
	detail(f, "Warm-up", buf);
	detail(f, "Date", s->run[KEY_DATE]);
	fputs("<dt>Command</dt><dd><code>", f);
	esc(f, s->run[KEY_COMMAND]);
	fputs("</code></dd>\n</dl>\n", f);
}

/* --- the table --- */

static const enum bench_col table_cols[] = {
	COL_SCENARIO,	COL_MODE,      COL_HYPERVISOR,	 COL_N,
	COL_MISSED,	COL_LAT_MIN,   COL_LAT_MEAN,	 COL_LAT_P50,
	COL_LAT_P99,	COL_LAT_P999,  COL_LAT_P9999,	 COL_LAT_MAX,
	COL_EXEC_P50,	COL_EXEC_P99,  COL_EXEC_MAX,	 COL_EXITS,
	COL_REGULATION, COL_REGULATED, COL_ROOT_EXITS_S, COL_ROOT_BOGO_S,
	COL_RESULT,	COL_PROBLEMS,
};

static void table_head(FILE *f)
{
	fputs("<table class=\"results\">\n<thead>\n<tr>"
	      "<th rowspan=\"2\">scenario</th><th rowspan=\"2\">mode</th>"
	      "<th rowspan=\"2\">hypervisor</th><th rowspan=\"2\">n</th>"
	      "<th rowspan=\"2\">missed</th>"
	      "<th colspan=\"7\">latency (us)</th>"
	      "<th colspan=\"3\">execution time (us)</th>"
	      "<th rowspan=\"2\">exits</th>"
	      "<th colspan=\"3\">regulation</th>"
	      "<th rowspan=\"2\">root bogo-ops/s</th>"
	      "<th rowspan=\"2\">result</th>"
	      "<th rowspan=\"2\">problems</th></tr>\n<tr>"
	      "<th>min</th><th>mean</th><th>p50</th><th>p99</th>"
	      "<th>p99.9</th><th>p99.99</th><th>max</th>"
	      "<th>p50</th><th>p99</th><th>max</th>"
	      "<th>asked</th><th>runs</th><th>root exits/s</th>"
	      "</tr>\n</thead>\n<tbody>\n",
	      f);
}

static void table_cell(FILE *f, const struct bench_saved_row *r,
		       enum bench_col c)
{
	const struct bench_val *v = &r->val[c];
	char text[64];

	if (v->kind == VAL_MORE) {
		/* only the bound is known: say so, never a bare number */
		bench_val_text(r, c, text, sizeof(text));
		fputs("<td class=\"num\"><span class=\"more\" title=\"past the "
		      "histogram's last bucket: more than ",
		      f);
		esc(f, r->text[c] + 1);
		fputs(" us\">", f);
		esc(f, text);
		fputs("</span></td>", f);
		return;
	}
	/* "-" stands for a number: aligned as one */
	fputs(v->kind == VAL_EXACT || !strcmp(r->text[c], "-") ?
		      "<td class=\"num\">" :
	      c == COL_PROBLEMS ? "<td class=\"problems\">" :
				  "<td>",
	      f);
	esc(f, r->text[c]);
	fputs("</td>", f);
}

static void table(FILE *f, const struct bench_saved *s)
{
	fputs("<h2>Results</h2>\n<p class=\"platform\">Platform: ", f);
	esc(f, s->run[KEY_PLATFORM]);
	fputs("</p>\n<p>One row per scenario and mode. n: periods measured, "
	      "missed: periods that passed while the previous one's work "
	      "still ran. Percentiles come from the histograms' buckets; "
	      "&ldquo;&gt; N&rdquo; means past the histogram's last bucket, "
	      "more than N us, and &ldquo;-&rdquo; nothing measured or not "
	      "applicable. exits: VM exits on the real-time CPU during the "
	      "window (cell only).</p>\n",
	      f);
	table_head(f);
	for (unsigned int i = 0; i < s->num_rows; i++) {
		const struct bench_saved_row *r = &s->rows[i];
		unsigned int nc = sizeof(table_cols) / sizeof(table_cols[0]);

		fputs(r->text[COL_PROBLEMS][0] ? "<tr class=\"problem\">" :
						 "<tr>",
		      f);
		for (unsigned int c = 0; c < nc; c++)
			table_cell(f, r, table_cols[c]);
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
	if (!s->num_rows)
		fputs("<p>No rows: the run measured nothing.</p>\n", f);
}

/* --- the plots --- */

static bool at(const char *p, const char *word)
{
	return !strncmp(p, word, strlen(word));
}

/*
 * The SVG from its <svg on, with each id and each reference to one
 * prefixed: gnuplot gives every plot the same ids, which must be unique
 * in one page. Its <title> becomes the plot's.
 */
static void inline_svg(FILE *f, const char *svg, unsigned int k,
		       const char *title)
{
	const char *p = strstr(svg, "<svg");

	while (*p) {
		bool word = p > svg &&
			    (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n');

		if (word && (at(p, "id=\"") || at(p, "id='"))) {
			fprintf(f, "id=%cp%u-", p[3], k);
			p += 4;
		} else if (at(p, "href=\"#") || at(p, "href='#")) {
			fprintf(f, "href=%c#p%u-", p[5], k);
			p += 7;
		} else if (at(p, "url(#")) {
			fprintf(f, "url(#p%u-", k);
			p += 5;
		} else if (at(p, "<title>Gnuplot</title>")) {
			fputs("<title>", f);
			esc(f, title);
			fputs("</title>", f);
			p += strlen("<title>Gnuplot</title>");
		} else {
			fputc(*p++, f);
		}
	}
}

static int figure(FILE *f, const struct bench_plot *p, unsigned int k,
		  const char *rdir, char *err, size_t errlen)
{
	char path[800], *svg;

	snprintf(path, sizeof(path), "%s/%s.svg", rdir, p->name);
	svg = bench_read_text(path, SVG_MAX_BYTES, err, errlen);
	if (!svg)
		return -1;
	if (!strstr(svg, "<svg") || !strstr(svg, "</svg>")) {
		snprintf(err, errlen, "%s is not an SVG image", path);
		free(svg);
		return -1;
	}
	fprintf(f, "<figure id=\"%s\">\n", p->name);
	inline_svg(f, svg, k, p->title);
	free(svg);
	/* the title is in the plot; a caption only says what it cannot */
	if (p->note[0]) {
		fputs("\n<figcaption>", f);
		esc(f, p->note);
		fputs("</figcaption>", f);
	}
	fputs("\n</figure>\n", f);
	return 0;
}

static const char lat_intro[] =
	"<h2>Latency</h2>\n<p>For each scenario, two plots of the same "
	"histograms, one curve per mode. The <b>histogram</b> (OSADL style) "
	"counts the samples in each 1 us latency class on a log scale, so "
	"that single late samples show; the maximum of each mode is in the "
	"key. The <b>1 - CDF</b> plot shows, for each latency x, the "
	"fraction of samples that were at least x late, both axes log: where "
	"a curve crosses 0.01 is its p99, 0.001 its p99.9. Each step is "
	"drawn at its class's upper edge, so a curve is at most one class "
	"too late.</p>\n";

static const char exec_intro[] =
	"<h2>Execution time</h2>\n<p>How long the probe's workload ran in "
	"each period, one box per scenario and mode (cyclictest runs no "
	"workload): the box spans p50 to p99, the whiskers min to max, the "
	"cross marks the mean. A value past the histogram's last bucket is "
	"drawn at that bucket's end and labelled &ldquo;&gt; N&rdquo;.</p>\n";

static const char no_exec[] =
	"<h2>Execution time</h2>\n<p>No row has execution times.</p>\n";

static const char ops_intro[] =
	"<h2>Root throughput</h2>\n<p>What the interference got done: "
	"stress-ng's bogo-ops per second of real time, summed over its "
	"stressors, one bar per scenario and mode, as a share of the "
	"scenario's highest bar (stressors count different things: compare "
	"bars of one scenario only; the table has the numbers). Rows "
	"regulated and not, merged into one run with <code>bulkhead bench "
	"merge</code>, show what regulation cost Linux.</p>\n";

int bench_html_write(FILE *f, const struct bench_saved *s,
		     const struct bench_plots *plots, const char *rdir,
		     char *err, size_t errlen)
{
	bool lat_seen = false, exec_seen = false;
	const char *scn = "";

	head(f, s);
	details(f, s);
	table(f, s);
	for (unsigned int k = 0; k < plots->n; k++) {
		const struct bench_plot *p = &plots->p[k];

		if (p->kind != PLOT_EXEC_BOX && p->kind != PLOT_ROOT_OPS &&
		    !lat_seen) {
			fputs(lat_intro, f);
			lat_seen = true;
		}
		if (p->kind == PLOT_EXEC_BOX) {
			fputs(exec_intro, f);
			exec_seen = true;
		} else if (p->kind == PLOT_ROOT_OPS) {
			if (!exec_seen)
				fputs(no_exec, f);
			exec_seen = true;
			fputs(ops_intro, f);
		} else if (strcmp(scn, p->scenario)) {
			scn = p->scenario;
			fputs("<h3>", f);
			esc(f, scn);
			fputs("</h3>\n", f);
		}
		if (figure(f, p, k, rdir, err, errlen))
			return -1;
	}
	if (plots->empty[0]) {
		fputs("<p>No latency plots for ", f);
		esc(f, plots->empty);
		fputs(": no mode measured a sample there.</p>\n", f);
	}
	if (!exec_seen)
		fputs(no_exec, f);
	fputs("</body>\n</html>\n", f);
	if (ferror(f)) {
		snprintf(err, errlen, "writing the page failed");
		return -1;
	}
	return 0;
}
