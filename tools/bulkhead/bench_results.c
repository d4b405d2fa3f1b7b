// SPDX-License-Identifier: GPL-2.0
/*
 * Writing the bench's results (bench_results.h). Percentiles come from
 * the histograms (bench/stats), the same code for every mode, so that a
 * difference between two columns is never a difference in arithmetic. A
 * percentile past the last bucket is written as "more than N", never as
 * a number.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <stats/hist.h>
#include <stats/hist_text.h>
#include <workloads/workload.h>

#include "bench_csv.h"
#include "bench_results.h"
#include "cli.h"

static const struct {
	const char *name; /* column suffix */
	uint32_t per_million;
} pcts[] = {
	{ "p50", 500000 },
	{ "p99", 990000 },
	{ "p99.9", 999000 },
	{ "p99.99", 999900 },
};
#define NUM_PCTS (sizeof(pcts) / sizeof(pcts[0]))

void bench_row_check(struct bench_row *row)
{
	const struct bh_probe_window *w = &row->win;
	size_t o = 0;

#define PROBLEM(...)                                                           \
	do {                                                                   \
		if (o < sizeof(row->problems))                                 \
			o += (size_t)snprintf(row->problems + o,               \
					      sizeof(row->problems) - o, "%s", \
					      o ? "; " : "");                  \
		if (o < sizeof(row->problems))                                 \
			o += (size_t)snprintf(row->problems + o,               \
					      sizeof(row->problems) - o,       \
					      __VA_ARGS__);                    \
	} while (0)

	row->problems[0] = '\0';
	if (!row->complete)
		PROBLEM("incomplete window");
	if (!hist_consistent(&w->lat) || !hist_consistent(&w->exec))
		PROBLEM("histogram counts do not add up to n");
	if (strcmp(row->mode, "cyclictest") && w->exec.n != w->lat.n)
		PROBLEM("%llu latencies but %llu execution times",
			(unsigned long long)w->lat.n,
			(unsigned long long)w->exec.n);
	if (w->lat.n + w->missed != w->periods)
		PROBLEM("n %llu + missed %llu != periods %llu",
			(unsigned long long)w->lat.n,
			(unsigned long long)w->missed,
			(unsigned long long)w->periods);
	/* a window ends on a whole number of deadlines; cyclictest's runs
	 * end by time, so allow it one period either way */
	if (row->complete && row->expected_periods &&
	    (w->periods + 1 < row->expected_periods ||
	     w->periods > row->expected_periods + 1))
		PROBLEM("%llu periods in a window of %llu",
			(unsigned long long)w->periods,
			(unsigned long long)row->expected_periods);
	if (row->result == RESULT_MISMATCH)
		PROBLEM("workload result differs from the host's");
	if (row->interference_lost[0])
		PROBLEM("interference ended: %s", row->interference_lost);
	if (w->result_errors)
		PROBLEM("%llu runs gave a different result",
			(unsigned long long)w->result_errors);
#undef PROBLEM
}

/* A percentile in us for the CSV and the table: "12.0", ">20000.0", "". */
static void fmt_pct(char *buf, size_t len, const struct bh_hist *h,
		    uint32_t per_million)
{
	uint64_t ns;

	if (!h->n) {
		snprintf(buf, len, "-");
		return;
	}
	if (hist_percentile(h, per_million, &ns))
		snprintf(buf, len, "%.1f", ns / 1000.0);
	else
		snprintf(buf, len, ">%.1f", ns / 1000.0);
}

static void fmt_us(char *buf, size_t len, const struct bh_hist *h, uint64_t ns)
{
	if (!h->n)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f", ns / 1000.0);
}

static void csv_hist(FILE *f, const struct bh_hist *h)
{
	char b[32];

	fmt_us(b, sizeof(b), h, h->min_ns);
	fprintf(f, ",%s", b);
	fmt_us(b, sizeof(b), h, hist_mean_ns(h));
	fprintf(f, ",%s", b);
	for (unsigned int i = 0; i < NUM_PCTS; i++) {
		fmt_pct(b, sizeof(b), h, pcts[i].per_million);
		fprintf(f, ",%s", b);
	}
	fmt_us(b, sizeof(b), h, h->max_ns);
	fprintf(f, ",%s,%llu", b, (unsigned long long)h->overflow);
}

static const char *result_name(enum bench_result_check r)
{
	return r == RESULT_OK	    ? "ok" :
	       r == RESULT_MISMATCH ? "mismatch" :
				      "n/a";
}

static int write_csv(const struct bench_run *run, FILE *f)
{
	static const char *const hcols[] = { "min", "mean" };

	fputs("scenario,mode,hypervisor,workload,method,size,period_us,wait,"
	      "periods,n,missed",
	      f);
	for (int k = 0; k < 2; k++) {
		const char *what = k ? "exec" : "lat";

		for (unsigned int i = 0; i < 2; i++)
			fprintf(f, ",%s_%s_us", what, hcols[i]);
		for (unsigned int i = 0; i < NUM_PCTS; i++)
			fprintf(f, ",%s_%s_us", what, pcts[i].name);
		fprintf(f, ",%s_max_us,%s_overflow", what, what);
	}
	fputs(",exits,regulation,regulated,reg_refused,root_exits_per_s,"
	      "root_bogo_ops_per_s,result,problems,platform\n",
	      f);
	for (unsigned int r = 0; r < run->num_rows; r++) {
		const struct bench_row *row = &run->rows[r];
		const struct bh_probe_params *p = &row->params;

		fprintf(f, "%s,%s,%s,%s,%s,%llu,%llu,%s,%llu,%llu,%llu",
			row->scenario, row->mode, row->hv ? "on" : "off",
			wl_name(p->workload), wl_method_name(p->method),
			(unsigned long long)p->size,
			(unsigned long long)(p->period_ns / 1000),
			wl_wait_name(p->wait),
			(unsigned long long)row->win.periods,
			(unsigned long long)row->win.lat.n,
			(unsigned long long)row->win.missed);
		csv_hist(f, &row->win.lat);
		csv_hist(f, &row->win.exec);
		if (row->exits < 0)
			fputs(",-", f);
		else
			fprintf(f, ",%lld", (long long)row->exits);
		fputc(',', f);
		bench_csv_put(f, row->regulation);
		if (strcmp(row->regulation, "n/a"))
			fprintf(f, ",%llu,%llu",
				(unsigned long long)row->win.regulated,
				(unsigned long long)row->win.reg_refused);
		else
			fputs(",-,-", f);
		if (row->root_exits_s < 0)
			fputs(",-", f);
		else
			fprintf(f, ",%.1f", row->root_exits_s);
		if (row->root_bogo_ops_s < 0)
			fputs(",-", f);
		else
			fprintf(f, ",%.2f", row->root_bogo_ops_s);
		fprintf(f, ",%s,", result_name(row->result));
		bench_csv_put(f, row->problems);
		fputc(',', f);
		bench_csv_put(f, run->platform);
		fputc('\n', f);
	}
	return ferror(f) ? -EIO : 0;
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

/* cyclictest measures no execution times: its rows have no .exec file. */
static bool has_exec_file(const struct bench_row *row)
{
	return strcmp(row->mode, "cyclictest") != 0;
}

/* @file: the histogram's file in the run's directory; NULL for none. */
static void json_hist(FILE *f, const char *key, const struct bh_hist *h,
		      const char *file)
{
	fprintf(f, "\"%s\": {\"n\": %llu, \"unit_ns\": %u, \"buckets\": %u, ",
		key, (unsigned long long)h->n, h->unit_ns, h->buckets);
	if (h->n)
		fprintf(f,
			"\"min_ns\": %llu, \"mean_ns\": %llu, "
			"\"max_ns\": %llu, ",
			(unsigned long long)h->min_ns,
			(unsigned long long)hist_mean_ns(h),
			(unsigned long long)h->max_ns);
	for (unsigned int i = 0; h->n && i < NUM_PCTS; i++) {
		uint64_t ns;
		bool in = hist_percentile(h, pcts[i].per_million, &ns);

		/* past the last bucket only a bound is known */
		fprintf(f,
			in ? "\"%s_ns\": %llu, " :
			     "\"%s_ns\": {\"more_than\": %llu}, ",
			pcts[i].name, (unsigned long long)ns);
	}
	fprintf(f, "\"overflow\": %llu, \"histogram\": ",
		(unsigned long long)h->overflow);
	if (file)
		json_str(f, file);
	else
		fputs("null", f);
	fputc('}', f);
}

static int write_json(const struct bench_run *run, FILE *f)
{
	fprintf(f, "{\n  \"schema\": \"bulkhead-bench\",\n  \"version\": %d,\n",
		BENCH_SCHEMA_VERSION);
	fputs("  \"date\": ", f);
	json_str(f, run->date);
	fputs(",\n  \"command\": ", f);
	json_str(f, run->command);
	fputs(",\n  \"platform\": {\"label\": ", f);
	json_str(f, run->platform);
	fputs(", \"note\": ", f);
	json_str(f, run->note);
	fputs(", \"cpu_model\": ", f);
	json_str(f, run->cpu_model);
	fputs(", \"kernel\": ", f);
	json_str(f, run->kernel);
	fprintf(f, ", \"tsc_khz\": %llu, \"rt_cpu\": %d},\n",
		(unsigned long long)run->tsc_khz, run->rt_cpu);
	fprintf(f, "  \"warmup_ns\": %llu,\n  \"duration_ns\": %llu,\n",
		(unsigned long long)run->warmup_ns,
		(unsigned long long)run->duration_ns);
	fputs("  \"rows\": [", f);
	for (unsigned int r = 0; r < run->num_rows; r++) {
		const struct bench_row *row = &run->rows[r];
		const struct bh_probe_params *p = &row->params;
		char lat[96], exec[96];

		snprintf(lat, sizeof(lat), "hist/%s.%s.lat", row->scenario,
			 row->mode);
		snprintf(exec, sizeof(exec), "hist/%s.%s.exec", row->scenario,
			 row->mode);
		fputs(r ? ",\n    {" : "\n    {", f);
		fputs("\"scenario\": ", f);
		json_str(f, row->scenario);
		fputs(", \"mode\": ", f);
		json_str(f, row->mode);
		fprintf(f,
			", \"hypervisor\": %s, \"workload\": \"%s\", "
			"\"method\": \"%s\", \"input\": \"%s\", "
			"\"size\": %llu, \"period_ns\": %llu, "
			"\"wait\": \"%s\",\n     ",
			row->hv ? "true" : "false", wl_name(p->workload),
			wl_method_name(p->method), wl_input_name(p->input),
			(unsigned long long)p->size,
			(unsigned long long)p->period_ns,
			wl_wait_name(p->wait));
		fprintf(f,
			"\"complete\": %s, \"periods\": %llu, "
			"\"expected_periods\": %llu, \"missed\": %llu, "
			"\"result_errors\": %llu, ",
			row->complete ? "true" : "false",
			(unsigned long long)row->win.periods,
			(unsigned long long)row->expected_periods,
			(unsigned long long)row->win.missed,
			(unsigned long long)row->win.result_errors);
		if (row->exits < 0)
			fputs("\"exits\": null, ", f);
		else
			fprintf(f, "\"exits\": %lld, ", (long long)row->exits);
		fputs("\"regulation\": ", f);
		json_str(f, row->regulation);
		if (strcmp(row->regulation, "n/a"))
			fprintf(f,
				", \"regulated\": %llu, \"reg_refused\": %llu, ",
				(unsigned long long)row->win.regulated,
				(unsigned long long)row->win.reg_refused);
		else
			fputs(", \"regulated\": null, \"reg_refused\": null, ",
			      f);
		if (row->root_exits_s < 0)
			fputs("\"root_exits_per_s\": null, ", f);
		else
			fprintf(f, "\"root_exits_per_s\": %.1f, ",
				row->root_exits_s);
		if (row->root_bogo_ops_s < 0)
			fputs("\"root_bogo_ops_per_s\": null,\n     ", f);
		else
			fprintf(f, "\"root_bogo_ops_per_s\": %.2f,\n     ",
				row->root_bogo_ops_s);
		fprintf(f, "\"result\": \"%s\", \"problems\": ",
			result_name(row->result));
		json_str(f, row->problems);
		fputs(",\n     ", f);
		json_hist(f, "latency", &row->win.lat, lat);
		fputs(",\n     ", f);
		json_hist(f, "exec", &row->win.exec,
			  has_exec_file(row) ? exec : NULL);
		fputc('}', f);
	}
	fputs("\n  ]\n}\n", f);
	return ferror(f) ? -EIO : 0;
}

static FILE *open_in(const char *dir, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		cli_error("cannot write %s: %s", path, strerror(errno));
	return f;
}

static int close_checked(FILE *f, const char *dir, const char *name, int err)
{
	if (fclose(f) || err)
		return cli_error("writing %s/%s failed", dir, name);
	return 0;
}

static int write_file(const struct bench_run *run, const char *name,
		      int (*writer)(const struct bench_run *, FILE *))
{
	FILE *f = open_in(run->dir, name);

	if (!f)
		return 1;
	return close_checked(f, run->dir, name, writer(run, f));
}

static int write_run_txt(const struct bench_run *run, FILE *f)
{
	fprintf(f,
		"schema=%d\ndate=%s\ncommand=%s\nplatform=%s\nnote=%s\n"
		"cpu_model=%s\nkernel=%s\ntsc_khz=%llu\nrt_cpu=%d\n"
		"warmup_ns=%llu\nduration_ns=%llu\nrows=%u\n",
		BENCH_SCHEMA_VERSION, run->date, run->command, run->platform,
		run->note, run->cpu_model, run->kernel,
		(unsigned long long)run->tsc_khz, run->rt_cpu,
		(unsigned long long)run->warmup_ns,
		(unsigned long long)run->duration_ns, run->num_rows);
	return ferror(f) ? -EIO : 0;
}

int bench_make_dirs(const char *path)
{
	char buf[600];
	size_t len = strlen(path);

	if (len >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(buf, path, len + 1);
	for (char *c = buf + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*c = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

int bench_write(const struct bench_run *run)
{
	char hdir[600], name[128];
	int ret = 0;

	snprintf(hdir, sizeof(hdir), "%s/hist", run->dir);
	if (bench_make_dirs(hdir))
		return cli_error("cannot create %s: %s", hdir, strerror(errno));
	ret |= write_file(run, "run.txt", write_run_txt);
	ret |= write_file(run, "results.csv", write_csv);
	ret |= write_file(run, "results.json", write_json);
	for (unsigned int r = 0; r < run->num_rows; r++) {
		const struct bench_row *row = &run->rows[r];
		FILE *f;

		snprintf(name, sizeof(name), "hist/%s.%s.lat", row->scenario,
			 row->mode);
		f = open_in(run->dir, name);
		if (!f)
			return 1;
		ret |= close_checked(f, run->dir, name,
				     hist_write_cyclictest(f, &row->win.lat));
		if (!has_exec_file(row))
			continue;
		snprintf(name, sizeof(name), "hist/%s.%s.exec", row->scenario,
			 row->mode);
		f = open_in(run->dir, name);
		if (!f)
			return 1;
		ret |= close_checked(f, run->dir, name,
				     hist_write_exec(f, &row->win.exec));
	}
	return ret ? 1 : 0;
}

void bench_print_table(FILE *f, const struct bench_run *run)
{
	bool reg = false, ops = false;

	for (unsigned int r = 0; r < run->num_rows; r++) {
		reg |= strcmp(run->rows[r].regulation, "none") &&
		       strcmp(run->rows[r].regulation, "n/a") &&
		       run->rows[r].regulation[0];
		ops |= run->rows[r].root_bogo_ops_s >= 0;
	}
	fprintf(f, "%s%s%s; latency and execution time in us\n", run->platform,
		run->note[0] ? ", " : "", run->note);
	fprintf(f, "%-12s %-10s %8s %6s %8s %8s %8s %8s %9s %9s %6s %s\n",
		"scenario", "mode", "n", "missed", "lat p50", "lat p99",
		"lat p99.9", "lat max", "exec p50", "exec max", "exits",
		"checks");
	for (unsigned int r = 0; r < run->num_rows; r++) {
		const struct bench_row *row = &run->rows[r];
		char a[24], b[24], c[24], d[24], e[24], g[24], x[24];

		fmt_pct(a, sizeof(a), &row->win.lat, 500000);
		fmt_pct(b, sizeof(b), &row->win.lat, 990000);
		fmt_pct(c, sizeof(c), &row->win.lat, 999000);
		fmt_us(d, sizeof(d), &row->win.lat, row->win.lat.max_ns);
		fmt_pct(e, sizeof(e), &row->win.exec, 500000);
		fmt_us(g, sizeof(g), &row->win.exec, row->win.exec.max_ns);
		if (row->exits < 0)
			snprintf(x, sizeof(x), "-");
		else
			snprintf(x, sizeof(x), "%lld", (long long)row->exits);
		fprintf(f,
			"%-12s %-10s %8llu %6llu %8s %8s %8s %8s %9s %9s %6s %s\n",
			row->scenario, row->mode,
			(unsigned long long)row->win.lat.n,
			(unsigned long long)row->win.missed, a, b, c, d, e, g,
			x, row->problems[0] ? row->problems : "ok");
	}
	/* regulated runs: how many runs were regulated, and what it cost
	 * the root in exits per CPU and second */
	if (reg) {
		fprintf(f, "regulation: %-14s %8s %8s %12s\n", "", "runs",
			"refused", "root exits/s");
		for (unsigned int r = 0; r < run->num_rows; r++) {
			const struct bench_row *row = &run->rows[r];

			if (strcmp(row->mode, "cell"))
				continue;
			fprintf(f, "  %-12s %-14s %8llu %8llu %12.1f\n",
				row->scenario, row->regulation,
				(unsigned long long)row->win.regulated,
				(unsigned long long)row->win.reg_refused,
				row->root_exits_s < 0 ? 0.0 :
							row->root_exits_s);
		}
	}
	/* what the root got done meanwhile, where stress-ng says */
	if (ops) {
		fprintf(f, "%-41s%14s\n", "root throughput:", "bogo-ops/s");
		for (unsigned int r = 0; r < run->num_rows; r++) {
			const struct bench_row *row = &run->rows[r];

			if (row->root_bogo_ops_s < 0)
				continue;
			fprintf(f, "  %-12s %-10s %-14s %14.2f\n",
				row->scenario, row->mode, row->regulation,
				row->root_bogo_ops_s);
		}
	}
}
