// SPDX-License-Identifier: GPL-2.0
// uses: tests/unit/cli_harness.c
/*
 * `bulkhead bench report`, `bench compare` and `bench merge` through the
 * built CLI, on
 * two saved runs in tests/unit/fixtures: bench-a, emulated, scenarios idle
 * and stress-cpu, whose stress-cpu/linux row has latencies and execution
 * times past its histograms ("> N") and a problem; bench-b, hardware,
 * idle and stress-io. Each has cell, linux and cyclictest rows.
 *
 * The report writes into the directory it renders, so each case works
 * on a copy in the scratch directory. Only the cases that need gnuplot to
 * draw skip when it is missing; the refusals come before gnuplot runs.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli_harness.h"

#define FIXTURES "tests/unit/fixtures"

/* The run the current case works on, a copy of a fixture. */
static char dir[256];

/* --- files --- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long len;

	if (!f)
		fail_msg("cannot read %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	return buf;
}

static void spill(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void copy_file(const char *from, const char *to)
{
	char *text = slurp(from);

	spill(to, text);
	free(text);
}

/* Copies a run: its files and those of its subdirectories (hist/). */
static void copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	struct dirent *e;

	if (!d)
		fail_msg("cannot open %s", from);
	assert_int_equal(mkdir(to, 0755), 0);
	while ((e = readdir(d))) {
		char a[PATH_MAX], b[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		assert_int_equal(stat(a, &st), 0);
		if (S_ISDIR(st.st_mode))
			copy_tree(a, b);
		else
			copy_file(a, b);
	}
	closedir(d);
}

/* A fresh copy of fixture @name as the case's run. */
static void use_fixture(const char *name)
{
	static int n;
	char from[PATH_MAX + 64];

	snprintf(from, sizeof(from), "%s/" FIXTURES "/%.32s", cli_top, name);
	snprintf(dir, sizeof(dir), "%s/%.32s.%d", cli_tmp, name, n++);
	copy_tree(from, dir);
}

static void path_in(char *buf, size_t len, const char *rel)
{
	snprintf(buf, len, "%s/%s", dir, rel);
}

/* Replaces the first @old in the run's file @rel with @new. */
static void edit(const char *rel, const char *old, const char *new)
{
	char path[PATH_MAX], *text, *at, *out;

	path_in(path, sizeof(path), rel);
	text = slurp(path);
	at = strstr(text, old);
	if (!at)
		fail_msg("%s lacks \"%s\"", rel, old);
	out = malloc(strlen(text) + strlen(new) + 1);
	assert_non_null(out);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, new, at + strlen(old));
	spill(path, out);
	free(out);
	free(text);
}

/* Keeps the run's file @rel up to line @n, then @tail. */
static void cut_after_line(const char *rel, unsigned int n, const char *tail)
{
	char path[PATH_MAX], *text, *p;

	path_in(path, sizeof(path), rel);
	text = slurp(path);
	p = text;
	for (unsigned int i = 0; i < n; i++) {
		p = strchr(p, '\n');
		assert_non_null(p);
		p++;
	}
	*p = '\0';
	p = malloc(strlen(text) + strlen(tail) + 1);
	assert_non_null(p);
	sprintf(p, "%s%s", text, tail);
	spill(path, p);
	free(p);
	free(text);
}

static bool exists(const char *rel)
{
	char path[PATH_MAX];

	path_in(path, sizeof(path), rel);
	return !access(path, F_OK);
}

static unsigned int count(const char *hay, const char *needle)
{
	unsigned int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void expect_in(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("lacks \"%s\"", needle);
}

static void expect_out(const char *needle)
{
	if (!strstr(res.out, needle))
		fail_msg("stdout lacks \"%s\":\n%s", needle, res.out);
}

/* --- gnuplot --- */

static bool have_gnuplot(void)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/gnuplot", (int)n, path);
		if (n && !access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

static void need_gnuplot(void)
{
	if (!have_gnuplot()) {
		print_message(
			"gnuplot is missing: scripts/setup installs it\n");
		skip();
	}
}

/* Runs the report on the case's run; returns the page. */
static char *report_page(void)
{
	char page[PATH_MAX], line[PATH_MAX + 2];

	run_cli("bench", "report", dir, NULL);
	expect_ok();
	path_in(page, sizeof(page), "report.html");
	snprintf(line, sizeof(line), "%s\n", page);
	assert_string_equal(res.out, line);
	return slurp(page);
}

/* --- report --- */

static const char emulated[] = "emulated (QEMU): latencies are the "
			       "host&#39;s, not hardware&#39;s";

static void test_report_emulated(void **state)
{
	/* the start of each row: scenario, mode, hypervisor, n */
	static const char *const rows[] = {
		"<tr><td>idle</td><td>cell</td><td>on</td>"
		"<td class=\"num\">2000</td>",
		"<tr><td>idle</td><td>linux</td><td>off</td>"
		"<td class=\"num\">2000</td>",
		"<tr><td>idle</td><td>cyclictest</td><td>off</td>"
		"<td class=\"num\">2000</td>",
		"<tr><td>stress-cpu</td><td>cell</td><td>on</td>"
		"<td class=\"num\">2000</td>",
		"<tr class=\"problem\"><td>stress-cpu</td><td>linux</td>"
		"<td>off</td><td class=\"num\">1991</td>",
		"<tr><td>stress-cpu</td><td>cyclictest</td><td>off</td>"
		"<td class=\"num\">2000</td>",
	};
	char banner[256], *html, *h1;

	(void)state;
	need_gnuplot();
	use_fixture("bench-a");
	html = report_page();

	/* the banner comes first, and the label again by the table */
	snprintf(banner, sizeof(banner),
		 "<div class=\"banner\" role=\"alert\">Not measured on "
		 "hardware: %s</div>",
		 emulated);
	expect_in(html, banner);
	h1 = strstr(html, "<h1>");
	assert_non_null(h1);
	assert_true(strstr(html, banner) < h1);
	snprintf(banner, sizeof(banner),
		 "<p class=\"platform\">Platform: %s</p>", emulated);
	expect_in(html, banner);

	/* the details, escaped */
	expect_in(html, "<dt>CPU model</dt><dd>AMD EPYC 7713 64-Core "
			"Processor</dd>");
	expect_in(html, "<dt>TSC</dt><dd>1996250 kHz</dd>");
	expect_in(html, "<dt>Real-time CPU</dt><dd>2</dd>");
	expect_in(html, "<dt>Note</dt><dd>vCPU 2 pinned to host core 3, "
			"&quot;isolcpus=3&quot; &lt;host&gt;</dd>");
	expect_in(html, "<dt>Date</dt><dd>2026-03-02T10:15:00Z</dd>");
	expect_in(html, "<code>bulkhead bench run --scenarios idle,stress-cpu "
			"--workload random-access");

	/* every row, and no other */
	for (unsigned int i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		expect_in(html, rows[i]);
	assert_int_equal(count(html, "<tr"), 6 + 2);
	expect_in(html, "1997 periods in a window of 2000; workload result "
			"differs from the host&#39;s");

	/* past the histograms: a bound, never a bare number */
	assert_int_equal(count(html, ">&gt; 400.0</span>"), 2);
	assert_int_equal(count(html, ">&gt; 300.0</span>"), 1);
	assert_null(strstr(html, ">400.0"));

	/* histogram and 1 - CDF per scenario, execution-time boxes, the
	 * root's throughput beside stress-cpu */
	assert_int_equal(count(html, "<svg"), 6);
	assert_int_equal(count(html, "</svg>"), 6);
	expect_in(html, "<figure id=\"root-ops\">");
	expect_in(html, "<h2>Root throughput</h2>");
	expect_in(html, "<td class=\"num\">154.91</td>");
	expect_in(html, "<figure id=\"lat-hist.idle\">");
	expect_in(html, "<figure id=\"lat-exceed.stress-cpu\">");
	expect_in(html, "<figure id=\"exec-box\">");
	expect_in(html, "<title>idle: latency histogram</title>");
	/* the key names each mode's maximum */
	expect_in(html, "linux: max 1854.3 us, 10 past 400 us");
	expect_in(html, "<text>p99 > 300</text>");

	/* self-contained: no script, nothing fetched, ids unique */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, " src="));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<?xml"));
	assert_int_equal(count(html, "id='p0-gpDot'"), 1);
	assert_int_equal(count(html, "id='p4-gpDot'"), 1);
	assert_int_equal(count(html, "id='gpDot'"), 0);
	free(html);

	/* the data and scripts stay for whoever wants to redraw */
	assert_true(exists("report/lat-hist.idle.gp"));
	assert_true(exists("report/lat-hist.stress-cpu.linux.dat"));
	assert_true(exists("report/exec-box.linux.dat"));
	assert_false(exists("report/exec-box.cyclictest.dat"));
	assert_false(exists(".report.html.tmp"));
}

static void test_report_plot_data(void **state)
{
	char path[PATH_MAX], *text;

	(void)state;
	need_gnuplot();
	use_fixture("bench-a");
	free(report_page());

	/* the overflowed samples: one class at the histogram's end */
	path_in(path, sizeof(path), "report/lat-hist.stress-cpu.linux.dat");
	text = slurp(path);
	expect_in(text, "# overflow: at least 400 us\n400 0\n400 10\n401 0\n");
	free(text);
	/* 1 - CDF: 10 of 1991 past 400 us, up to the maximum */
	path_in(path, sizeof(path), "report/lat-exceed.stress-cpu.linux.dat");
	text = slurp(path);
	expect_in(text, " 0.00502260171\n1854.3 0\n");
	free(text);
	/* the box of a "> 300" p99 is drawn at 300 and labelled */
	path_in(path, sizeof(path), "report/exec-box.linux.dat");
	text = slurp(path);
	expect_in(text, "\n5 206 180.1 899.3 300 228 stress-cpu\n");
	free(text);
	path_in(path, sizeof(path), "report/exec-box.gp");
	text = slurp(path);
	expect_in(text, "set label 'p99 > 300' at 4.65, first 300 right");
	expect_in(text, "set logscale y\n");
	free(text);
	path_in(path, sizeof(path), "report/lat-hist.idle.gp");
	text = slurp(path);
	expect_in(text, "set logscale y\n");
	expect_in(text, "samples per 1 us class");
	free(text);
}

static void test_report_hardware(void **state)
{
	char *html;

	(void)state;
	need_gnuplot();
	use_fixture("bench-b");
	html = report_page();
	assert_null(strstr(html, "class=\"banner\""));
	expect_in(html, "<p class=\"platform\">Platform: hardware</p>");
	expect_in(html, "<dt>Warm-up</dt><dd>5.000 s</dd>");
	assert_int_equal(count(html, "<svg"), 6);
	assert_int_equal(count(html, "<tr class=\"problem\">"), 0);
	free(html);
}

/* More than 2000 non-empty 1 us classes are merged, to keep SVGs small. */
static void test_report_wide_classes(void **state)
{
	char path[PATH_MAX];
	FILE *f;
	char *html;

	(void)state;
	need_gnuplot();
	use_fixture("bench-b");
	/* 3000 samples, one in each of 3000 buckets */
	path_in(path, sizeof(path), "hist/idle.cell.lat");
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# Histogram\n", f);
	for (int i = 0; i < 3000; i++)
		fprintf(f, "%06d 000001\n", i);
	fputs("# Total: 000003000\n# Min Latencies: 00000\n"
	      "# Avg Latencies: 01500\n# Max Latencies: 02999\n"
	      "# Histogram Overflows: 00000\n",
	      f);
	assert_int_equal(fclose(f), 0);
	edit("results.csv", "hlt,2000,2000,0,3.0,3.8",
	     "hlt,2000,3000,0,3.0,3.8");
	html = report_page();
	expect_in(html, "Classes of 2 us: a mode had more than 2000 non-empty "
			"1 us classes.");
	free(html);
	path_in(path, sizeof(path), "report/lat-hist.idle.gp");
	html = slurp(path);
	expect_in(html, "'samples per 2 us class (log scale)'");
	free(html);
	/* 1500 classes, and the curve falls to 0 once after them */
	path_in(path, sizeof(path), "report/lat-hist.idle.cell.dat");
	html = slurp(path);
	assert_int_equal(count(html, "\n"), 1 + 1 + 1500 + 1);
	expect_in(html, "\n0 0\n0 2\n2 2\n");
	expect_in(html, "\n2998 2\n3000 0\n");
	free(html);
}

static void test_report_without_gnuplot(void **state)
{
	(void)state;
	use_fixture("bench-a");
	cli_env_name = "PATH";
	cli_env_value = "/nonexistent";
	run_cli("bench", "report", dir, NULL);
	cli_env_name = NULL;
	expect_error(1, "bulkhead: gnuplot is needed for the report (Debian "
			"package gnuplot-nox)\n");
	/* nothing half made */
	assert_false(exists("report.html"));
	assert_false(exists("report"));
}

static void test_report_without_results(void **state)
{
	char msg[PATH_MAX + 128], path[PATH_MAX];

	(void)state;
	use_fixture("bench-a");
	path_in(path, sizeof(path), "results.csv");
	assert_int_equal(unlink(path), 0);
	run_cli("bench", "report", dir, NULL);
	snprintf(msg, sizeof(msg),
		 "bulkhead: cannot read %s: No such file or directory\n", path);
	expect_error(1, msg);
	assert_false(exists("report.html"));

	/* a directory that is not there at all */
	run_cli("bench", "report", "/nonexistent/run", NULL);
	expect_error(1, "bulkhead: cannot read /nonexistent/run/results.csv: "
			"No such file or directory\n");
}

/* The report of the case's run refuses with @msg after the run's path. */
static void expect_refusal(const char *msg)
{
	char full[PATH_MAX + 256];

	run_cli("bench", "report", dir, NULL);
	snprintf(full, sizeof(full), "bulkhead: %s/%s\n", dir, msg);
	expect_error(1, full);
	assert_false(exists("report.html"));
}

static void test_report_malformed_csv(void **state)
{
	(void)state;
	/* a row cut short */
	use_fixture("bench-a");
	edit("results.csv", ",0,3,none,0,0,-,154.91,ok,,", ",0,");
	expect_refusal("results.csv line 5: 28 fields, but the header has 36");
	/* a number that is none */
	use_fixture("bench-a");
	edit("results.csv", ",106.0,", ",1o6.0,");
	expect_refusal("results.csv line 3: lat_p99_us is '1o6.0', not a "
		       "number of us, '-' or '>N'");
	/* a quote left open runs to the end */
	use_fixture("bench-a");
	cut_after_line("results.csv", 2, "idle,linux,\"off\n");
	expect_refusal("results.csv line 3: a quoted field is not closed");
	/* a scenario that would be a path */
	use_fixture("bench-a");
	edit("results.csv", "\nidle,linux,", "\n../idle,linux,");
	expect_refusal("results.csv line 3: scenario '../idle' is not a name "
		       "of up to 31 letters, digits, '.', '_' and '-'");
	/* the same row twice */
	use_fixture("bench-a");
	edit("results.csv", "\nidle,linux,", "\nidle,cell,");
	expect_refusal("results.csv line 3: a second row of idle, cell (the "
		       "first is line 2)");
	/* not a bench run's CSV */
	use_fixture("bench-a");
	edit("results.csv", "lat_p99.9_us", "lat_p999_us");
	expect_refusal("results.csv line 1: no column 'lat_p99.9_us' (is this "
		       "a bench run's results.csv?)");
}

static void test_report_inconsistent_run(void **state)
{
	char path[PATH_MAX], msg[2 * PATH_MAX + 128];

	(void)state;
	/* run.txt and the CSV disagree on the rows */
	use_fixture("bench-a");
	edit("run.txt", "rows=6", "rows=7");
	expect_refusal("run.txt says rows=7, but results.csv has 6 rows");
	use_fixture("bench-a");
	edit("run.txt", "schema=3", "schema=4");
	expect_refusal("run.txt: schema '4'; this bulkhead reads schemas 1 "
		       "to 3");
	/* schema 2 has the regulation columns */
	use_fixture("bench-a");
	edit("results.csv", ",regulation,", ",regulatio,");
	expect_refusal("results.csv: no column 'regulation', which schema 3 "
		       "has");
	/* schema 3 has the root's throughput */
	use_fixture("bench-a");
	edit("results.csv", ",root_bogo_ops_per_s,", ",root_bogo,");
	expect_refusal("results.csv: no column 'root_bogo_ops_per_s', which "
		       "schema 3 has");
	/* a histogram that is not the row's */
	use_fixture("bench-a");
	edit("results.csv", "hlt,2000,2000,0,31.0", "hlt,2000,1999,1,31.0");
	run_cli("bench", "report", dir, NULL);
	snprintf(msg, sizeof(msg),
		 "bulkhead: %s/hist/idle.cell.lat: 2000 samples, but "
		 "%s/results.csv line 2 says n 1999\n",
		 dir, dir);
	expect_error(1, msg);
	/* a histogram that is not there */
	use_fixture("bench-a");
	path_in(path, sizeof(path), "hist/idle.linux.exec");
	assert_int_equal(unlink(path), 0);
	run_cli("bench", "report", dir, NULL);
	expect_error(1, "bulkhead: cannot read ");
	assert_non_null(strstr(res.err, "hist/idle.linux.exec: No such file"));
	/* one that is damaged: the parser names the line */
	use_fixture("bench-a");
	edit("hist/idle.cell.exec", "# Min: ", "# Min: x");
	run_cli("bench", "report", dir, NULL);
	expect_error(1, "bulkhead: ");
	assert_non_null(strstr(res.err, "hist/idle.cell.exec: line 304: "
					"malformed '# Min:' line"));
}

static void test_usage(void **state)
{
	(void)state;
	run_cli("bench", "report", NULL);
	expect_error(2, "bulkhead: bench report: expects one directory "
			"(usage: bulkhead bench report DIR)\n");
	run_cli("bench", "compare", FIXTURES "/bench-a", NULL);
	expect_error(2, "bulkhead: bench compare: expects two directories "
			"(usage: bulkhead bench compare DIR1 DIR2)\n");
}

/* --- compare --- */

static void test_compare(void **state)
{
	(void)state;
	run_cli("bench", "compare", FIXTURES "/bench-a", FIXTURES "/bench-b",
		NULL);
	expect_ok();
	/* each side's platform on top */
	assert_int_equal(strncmp(res.out, "A: ", 3), 0);
	expect_out(
		"A: " FIXTURES "/bench-a, 2026-03-02T10:15:00Z: emulated "
		"(QEMU): latencies are the host's, not hardware's\nB: " FIXTURES
		"/bench-b, 2026-03-05T08:40:12Z: hardware\n");
	/* a common row: lat p50 36.0 and 4.0, B/A 0.11, and so on */
	expect_out("\nidle           cell        |      36.0       4.0   0.11 "
		   "|      58.0       7.0   0.12 |     132.9       9.9   0.07 "
		   "|     121.0      97.0   0.80\n");
	/* cyclictest runs no workload: no execution time, no ratio */
	expect_out(
		"|     206.9      17.8   0.09 |         -         -      -\n");
	/* three rows in both; the rest listed by side */
	assert_int_equal(count(res.out, "\nidle "), 3);
	expect_out("\nonly in A:\n  stress-cpu     cell\n"
		   "  stress-cpu     linux\n  stress-cpu     cyclictest\n");
	expect_out("\nonly in B:\n  stress-io      cell\n"
		   "  stress-io      linux\n  stress-io      cyclictest\n");
	assert_null(strstr(res.out, "measured differently"));
}

static void test_compare_bounds_and_tasks(void **state)
{
	char a[sizeof(dir)];

	(void)state;
	/* A's stress-cpu/linux against a B whose p99 is past its histogram
	 * and whose period differs */
	use_fixture("bench-a");
	snprintf(a, sizeof(a), "%s", dir);
	use_fixture("bench-a");
	edit("results.csv", ",1991,6,60.0,109.8,91.0,321.0,",
	     ",1991,6,60.0,109.8,91.0,>400.0,");
	edit("results.csv",
	     "stress-cpu,cell,on,random-access,table,1048576,1000,",
	     "stress-cpu,cell,on,random-access,table,1048576,500,");
	run_cli("bench", "compare", a, dir, NULL);
	expect_ok();
	/* 400 / 321 = 1.25 at least */
	expect_out("|     321.0   > 400.0  >1.25 |");
	expect_out("|      91.0      91.0   1.00 |");
	expect_out(
		"\nmeasured differently (the ratios compare different "
		"tasks):\n  stress-cpu     cell        period_us: 1000 in A, "
		"500 in B\n");
	assert_null(strstr(res.out, "only in"));
	/* and the other way round, a bound from below */
	run_cli("bench", "compare", dir, a, NULL);
	expect_ok();
	expect_out("|   > 400.0     321.0  <0.80 |");
}

/* A run of schema 1 (before regulation) still reads: the new columns
 * read as "-". */
static void test_schema_1_reads(void **state)
{
	char path[PATH_MAX];
	char *csv, *p;

	(void)state;
	use_fixture("bench-a");
	edit("run.txt", "schema=3", "schema=1");
	path_in(path, sizeof(path), "results.csv");
	csv = slurp(path);
	/* drop the five columns from the header and every row */
	static const char *const drop[] = {
		",regulation,regulated,reg_refused,root_exits_per_s,"
		"root_bogo_ops_per_s",
		",none,0,0,12.5,-",
		",none,0,0,-,154.91",
		",none,0,0,-,-",
		",n/a,-,-,-,148.20",
		",n/a,-,-,-,151.37",
		",n/a,-,-,-,-",
	};
	for (unsigned int i = 0; i < 7; i++) {
		size_t n = strlen(drop[i]);

		while ((p = strstr(csv, drop[i])))
			memmove(p, p + n, strlen(p + n) + 1);
	}
	spill(path, csv);
	free(csv);
	run_cli("bench", "compare", dir, FIXTURES "/bench-a", NULL);
	expect_ok();
	expect_out(
		"\nidle           cell        |      36.0      36.0   1.00 ");
}

/* A run of schema 2 (before the root's throughput) reads too. */
static void test_schema_2_reads(void **state)
{
	char path[PATH_MAX];
	char *csv, *out, *o;

	(void)state;
	use_fixture("bench-a");
	edit("run.txt", "schema=3", "schema=2");
	path_in(path, sizeof(path), "results.csv");
	csv = slurp(path);
	out = malloc(strlen(csv) + 1);
	assert_non_null(out);
	o = out;
	/* every line without its 33rd field, root_bogo_ops_per_s (the
	 * fields before it hold no commas) */
	for (char *l = csv; *l;) {
		char *nl = strchr(l, '\n'), *c = l;
		size_t len = nl ? (size_t)(nl - l) + 1 : strlen(l);

		for (int i = 0; i < 32; i++) {
			c = memchr(c, ',', len - (size_t)(c - l));
			assert_non_null(c);
			c++;
		}
		memcpy(o, l, (size_t)(c - l));
		o += c - l;
		c = strchr(c, ',') + 1;
		memcpy(o, c, len - (size_t)(c - l));
		o += len - (size_t)(c - l);
		l += len;
	}
	*o = '\0';
	assert_null(strstr(out, "bogo"));
	spill(path, out);
	free(out);
	free(csv);
	run_cli("bench", "compare", dir, FIXTURES "/bench-a", NULL);
	expect_ok();
	expect_out(
		"\nidle           cell        |      36.0      36.0   1.00 ");
}

static void test_compare_unreadable(void **state)
{
	(void)state;
	run_cli("bench", "compare", FIXTURES "/bench-a", "/nonexistent/run",
		NULL);
	expect_error(1, "bulkhead: cannot read /nonexistent/run/results.csv: "
			"No such file or directory\n");
	assert_string_equal(res.out, "");
	use_fixture("bench-b");
	edit("results.csv", ",ok,,hardware\n", ",ok,x\"y,hardware\n");
	run_cli("bench", "compare", FIXTURES "/bench-a", dir, NULL);
	expect_error(1, "bulkhead: ");
	assert_non_null(strstr(res.err, "/results.csv line 2: a quote inside "
					"an unquoted field\n"));
}

/* --- merge --- */

/* The line of results.csv in @csv that starts with @start, with its '\n'. */
static char *csv_line(const char *csv, const char *start)
{
	const char *at = strstr(csv, start), *end;
	char *line;

	if (!at)
		fail_msg("no line starting \"%s\"", start);
	end = strchr(at, '\n');
	assert_non_null(end);
	line = strndup(at, (size_t)(end - at + 1));
	assert_non_null(line);
	return line;
}

/*
 * A run merged with a second boot's (here a copy of it, as ":rt"): every
 * row of both, the second's modes renamed, histograms copied under the new
 * names byte for byte, fields (a quoted problem) as they were; run.txt
 * names the sources; compare and report read the result.
 */
static void test_merge(void **state)
{
	char a[sizeof(dir)], out[PATH_MAX], arg[PATH_MAX + 64],
		p1[PATH_MAX + 64], p2[PATH_MAX + 64];
	char *csv, *src, *line, *want, *run, *h1, *h2;
	const char *modes[] = { "cell",	   "linux",    "cyclictest",
				"cell-rt", "linux-rt", "cyclictest-rt" };

	(void)state;
	use_fixture("bench-a");
	snprintf(a, sizeof(a), "%s", dir);
	use_fixture("bench-a");
	edit("run.txt", "kernel=6.1.0-28-amd64", "kernel=6.1.0-28-rt-amd64");
	snprintf(out, sizeof(out), "%s/merged", cli_tmp);
	snprintf(arg, sizeof(arg), "%s:rt", dir);
	run_cli("bench", "merge", out, a, arg, NULL);
	expect_ok();
	expect_out("merged: ");

	snprintf(p1, sizeof(p1), "%s/results.csv", out);
	csv = slurp(p1);
	for (unsigned int i = 0; i < 6; i++) {
		char key[64];

		snprintf(key, sizeof(key), "\nidle,%s,", modes[i]);
		assert_int_equal(count(csv, key), 1);
		snprintf(key, sizeof(key), "\nstress-cpu,%s,", modes[i]);
		assert_int_equal(count(csv, key), 1);
	}
	assert_int_equal(count(csv, "\n"), 13);
	/* the header is the schema's, and a row with a quoted problem
	 * survives the round trip but for its mode */
	snprintf(p2, sizeof(p2), "%s/results.csv", a);
	src = slurp(p2);
	assert_int_equal(strncmp(csv, src, strcspn(src, "\n") + 1), 0);
	line = csv_line(src, "stress-cpu,linux,");
	assert_non_null(strchr(line, '"'));
	want = malloc(strlen(line) + 8);
	assert_non_null(want);
	sprintf(want, "stress-cpu,linux-rt,%s",
		line + strlen("stress-cpu,linux,"));
	expect_in(csv, line);
	expect_in(csv, want);
	free(want);
	free(line);
	free(src);
	free(csv);

	/* histograms under the new names, cyclictest's without .exec */
	snprintf(p1, sizeof(p1), "%s/hist/stress-cpu.linux-rt.exec", out);
	snprintf(p2, sizeof(p2), "%s/hist/stress-cpu.linux.exec", dir);
	h1 = slurp(p1);
	h2 = slurp(p2);
	assert_string_equal(h1, h2);
	free(h1);
	free(h2);
	snprintf(p1, sizeof(p1), "%s/hist/idle.cyclictest-rt.lat", out);
	snprintf(p2, sizeof(p2), "%s/hist/idle.cyclictest-rt.exec", out);
	assert_int_equal(access(p1, F_OK), 0);
	assert_int_equal(access(p2, F_OK), -1);

	snprintf(p1, sizeof(p1), "%s/run.txt", out);
	run = slurp(p1);
	expect_in(run, "\nrows=12\n");
	expect_in(run, "\nrt_cpu=2\n");
	expect_in(run, "\nduration_ns=2000000000\n");
	expect_in(run, "\ntsc_khz=1996250\n");
	expect_in(run, "\nplatform=emulated (QEMU): latencies are the host's, "
		       "not hardware's\n");
	/* what differs is said per source */
	expect_in(run, "\nkernel=6.1.0-28-amd64 #1 SMP PREEMPT_DYNAMIC Debian "
		       "6.1.119-1 (2024-11-22) (no suffix); 6.1.0-28-rt-amd64 "
		       "#1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22) "
		       "(modes -rt)\n");
	expect_in(run, "\nnote=no suffix: vCPU 2 pinned to host core 3, "
		       "\"isolcpus=3\" <host> [bulkhead bench run ");
	expect_in(run, " | modes -rt: vCPU 2 pinned");
	expect_in(run, "\ncommand=bulkhead bench merge ");
	free(run);

	/* the merged run reads back like any other */
	run_cli("bench", "compare", a, out, NULL);
	expect_ok();
	expect_out("\nonly in B:\n  idle           cell-rt\n");
	if (have_gnuplot()) {
		char *page;

		run_cli("bench", "report", out, NULL);
		expect_ok();
		snprintf(p1, sizeof(p1), "%s/report.html", out);
		page = slurp(p1);
		expect_in(page, "cyclictest-rt");
		expect_in(page, "linux-rt");
		free(page);
	}
}

static void test_merge_refusals(void **state)
{
	char a[sizeof(dir)], out[PATH_MAX], arg[PATH_MAX + 64],
		b[PATH_MAX + 32];

	(void)state;
	use_fixture("bench-a");
	snprintf(a, sizeof(a), "%s", dir);
	snprintf(out, sizeof(out), "%s/refused", cli_tmp);
	snprintf(b, sizeof(b), "%s/" FIXTURES "/bench-b", cli_top);

	/* another platform does not compare */
	snprintf(arg, sizeof(arg), "%s:hw", b);
	run_cli("bench", "merge", out, a, arg, NULL);
	expect_error(1, "bulkhead: ");
	expect_in(res.err, "/bench-b: platform 'hardware' differs from ");
	/* the same rows twice need a suffix */
	run_cli("bench", "merge", out, a, a, NULL);
	expect_error(1, "bulkhead: ");
	expect_in(res.err, " both have scenario idle, mode cell: give one a "
			   "suffix (DIR:rt)\n");
	/* other windows do not compare either */
	use_fixture("bench-a");
	edit("run.txt", "duration_ns=2000000000", "duration_ns=3000000000");
	snprintf(arg, sizeof(arg), "%s:rt", dir);
	run_cli("bench", "merge", out, a, arg, NULL);
	expect_error(1, "bulkhead: ");
	expect_in(res.err, ": duration_ns '3000000000' differs from ");
	/* nothing was written by any of them */
	assert_int_equal(access(out, F_OK), -1);

	/* the output may not be a source */
	snprintf(arg, sizeof(arg), "%s:rt", a);
	run_cli("bench", "merge", a, a, arg, NULL);
	expect_error(1, "bulkhead: ");
	expect_in(res.err, " is also a source\n");

	snprintf(arg, sizeof(arg), "%s:RT", a);
	run_cli("bench", "merge", out, a, arg, NULL);
	expect_error(2, "bulkhead: ");
	expect_in(res.err, ": the suffix after ':' is 1 to 16 of a-z, 0-9 and "
			   "'_'");
	run_cli("bench", "merge", out, a, NULL);
	expect_error(2, "bulkhead: ");
	expect_in(res.err, "expects OUT and at least two sources");
	run_cli("bench", "merge", out, a, "/nonexistent/run:rt", NULL);
	expect_error(1, "bulkhead: cannot read /nonexistent/run/");
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_report_emulated),
		cmocka_unit_test(test_report_plot_data),
		cmocka_unit_test(test_report_hardware),
		cmocka_unit_test(test_report_wide_classes),
		cmocka_unit_test(test_report_without_gnuplot),
		cmocka_unit_test(test_report_without_results),
		cmocka_unit_test(test_report_malformed_csv),
		cmocka_unit_test(test_report_inconsistent_run),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_compare),
		cmocka_unit_test(test_compare_bounds_and_tasks),
		cmocka_unit_test(test_compare_unreadable),
		cmocka_unit_test(test_schema_1_reads),
		cmocka_unit_test(test_schema_2_reads),
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_merge_refusals),
	};

	return cmocka_run_group_tests_name("bench_report", tests,
					   cli_group_setup, cli_group_teardown);
}
