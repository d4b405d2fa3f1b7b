// SPDX-License-Identifier: GPL-2.0
/*
 * bench report DIR: the results of a saved `bench run` as one HTML page
 * for people, re-made from the saved files alone (docs/cli.md).
 *
 * Everything that can be refused is checked before anything is written:
 * run.txt and results.csv, each row's histograms against its CSV counts,
 * and that gnuplot is there. The page is written under a temporary name
 * and renamed once complete, so a failure never leaves half a report.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stats/hist.h>
#include <stats/hist_text.h>

#include "bench_csv.h"
#include "bench_html.h"
#include "bench_plot.h"
#include "cli.h"

#define HIST_MAX_BYTES (4u << 20) /* 20000 buckets are 280 kB */

struct report {
	struct bench_saved s;
	struct bh_hist **lat; /* one per row */
	struct bench_plots plots;
	char rdir[600]; /* DIR/report */
	char err[2048];
};

/* --- the histograms, checked against the CSV --- */

static int read_hist(struct report *r, const struct bench_saved_row *row,
		     const char *ext, struct bh_hist *h)
{
	char path[800], msg[256], *text;
	int ret;

	snprintf(path, sizeof(path), "%s/hist/%s.%s.%s", r->s.dir,
		 row->text[COL_SCENARIO], row->text[COL_MODE], ext);
	text = bench_read_text(path, HIST_MAX_BYTES, r->err, sizeof(r->err));
	if (!text)
		return cli_error("%s", r->err);
	ret = strcmp(ext, "lat") ?
		      hist_parse_exec(text, h, msg, sizeof(msg)) :
		      hist_parse_cyclictest(text, 0, h, msg, sizeof(msg));
	free(text);
	if (ret)
		return cli_error("%s: %s", path, msg);
	return 0;
}

/* What the row says of a histogram must be what its file holds. */
static int check_hist(struct report *r, const struct bench_saved_row *row,
		      const char *ext, const struct bh_hist *h)
{
	bool lat = !strcmp(ext, "lat");
	enum bench_col ovf = lat ? COL_LAT_OVERFLOW : COL_EXEC_OVERFLOW;
	enum bench_col min = lat ? COL_LAT_MIN : COL_EXEC_MIN;
	char path[800];

	snprintf(path, sizeof(path), "%s/hist/%s.%s.%s", r->s.dir,
		 row->text[COL_SCENARIO], row->text[COL_MODE], ext);
	if (lat && row->val[COL_N].v != (double)h->n)
		return cli_error("%s: %llu samples, but %s/results.csv line "
				 "%u says n %s",
				 path, (unsigned long long)h->n, r->s.dir,
				 row->line, row->text[COL_N]);
	if (row->val[ovf].v != (double)h->overflow)
		return cli_error("%s: %llu overflows, but %s/results.csv line "
				 "%u says %s %s",
				 path, (unsigned long long)h->overflow,
				 r->s.dir, row->line, bench_col_name(ovf),
				 row->text[ovf]);
	if ((row->val[min].kind == VAL_NA) != !h->n)
		return cli_error("%s: %llu samples, but %s/results.csv line "
				 "%u says %s %s",
				 path, (unsigned long long)h->n, r->s.dir,
				 row->line, bench_col_name(min),
				 row->text[min]);
	return 0;
}

static int load_hists(struct report *r)
{
	struct bh_hist *exec = malloc(sizeof(*exec));

	r->lat = calloc(r->s.num_rows ? r->s.num_rows : 1, sizeof(*r->lat));
	if (!exec || !r->lat) {
		free(exec);
		return cli_error("out of memory for the histograms");
	}
	for (unsigned int i = 0; i < r->s.num_rows; i++) {
		const struct bench_saved_row *row = &r->s.rows[i];

		r->lat[i] = malloc(sizeof(*r->lat[i]));
		if (!r->lat[i])
			goto oom;
		if (read_hist(r, row, "lat", r->lat[i]) ||
		    check_hist(r, row, "lat", r->lat[i]))
			goto fail;
		/* bench run keeps no execution times of cyclictest */
		if (bench_mode_is_cyclictest(row->text[COL_MODE]))
			continue;
		if (read_hist(r, row, "exec", exec) ||
		    check_hist(r, row, "exec", exec))
			goto fail;
	}
	free(exec);
	return 0;
oom:
	cli_error("out of memory for the histograms");
fail:
	free(exec);
	return 1;
}

/* --- gnuplot --- */

/* The log's last non-empty line: gnuplot's own word on what failed. */
static void last_line(const char *path, char *buf, size_t len)
{
	char line[512];
	FILE *f = fopen(path, "r");

	snprintf(buf, len, "no message");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0])
			snprintf(buf, len, "%s", line);
	}
	fclose(f);
}

/* gnuplot -d NAME.gp in the report directory, its output in NAME.log. */
static int run_gnuplot(struct report *r, const char *gnuplot, const char *name)
{
	char script[128], log[128], path[800], msg[512];
	int status;
	pid_t pid;

	snprintf(script, sizeof(script), "%s.gp", name);
	snprintf(log, sizeof(log), "%s.log", name);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return cli_error("fork: %s", strerror(errno));
	if (!pid) {
		if (chdir(r->rdir) || !freopen("/dev/null", "r", stdin) ||
		    !freopen(log, "w", stdout) || dup2(1, 2) < 0)
			_exit(127);
		/* -d: no ~/.gnuplot, the same plots for everyone */
		execl(gnuplot, "gnuplot", "-d", script, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cli_error("waitpid: %s", strerror(errno));
	if (WIFEXITED(status) && !WEXITSTATUS(status))
		return 0;
	snprintf(path, sizeof(path), "%s/%s", r->rdir, log);
	last_line(path, msg, sizeof(msg));
	return cli_error("gnuplot failed on %s/%s: %s (see %s)", r->rdir,
			 script, msg, log);
}

/* --- the page --- */

static int write_page(struct report *r)
{
	char tmp[700], final[700];
	FILE *f;
	int ret;

	snprintf(final, sizeof(final), "%s/report.html", r->s.dir);
	snprintf(tmp, sizeof(tmp), "%s/.report.html.tmp", r->s.dir);
	f = fopen(tmp, "w");
	if (!f)
		return cli_error("cannot write %s: %s", tmp, strerror(errno));
	ret = bench_html_write(f, &r->s, &r->plots, r->rdir, r->err,
			       sizeof(r->err));
	if (fclose(f) && !ret) {
		snprintf(r->err, sizeof(r->err), "writing %s failed", tmp);
		ret = -1;
	}
	if (!ret && rename(tmp, final)) {
		snprintf(r->err, sizeof(r->err), "cannot rename %s to %s: %s",
			 tmp, final, strerror(errno));
		ret = -1;
	}
	if (ret) {
		unlink(tmp);
		return cli_error("%s", r->err);
	}
	printf("%s\n", final);
	return 0;
}

static int report(struct report *r, const char *dir)
{
	char gnuplot[1024];

	if (bench_saved_load(dir, &r->s, r->err, sizeof(r->err)))
		return cli_error("%s", r->err);
	if (load_hists(r))
		return 1;
	if (!cli_find_program("gnuplot", gnuplot, sizeof(gnuplot)))
		return cli_error("gnuplot is needed for the report (Debian "
				 "package gnuplot-nox)");
	snprintf(r->rdir, sizeof(r->rdir), "%s/report", r->s.dir);
	if (mkdir(r->rdir, 0755) && errno != EEXIST)
		return cli_error("cannot create %s: %s", r->rdir,
				 strerror(errno));
	if (bench_plot_write(&r->s, r->lat, r->rdir, &r->plots, r->err,
			     sizeof(r->err)))
		return cli_error("%s", r->err);
	for (unsigned int k = 0; k < r->plots.n; k++)
		if (run_gnuplot(r, gnuplot, r->plots.p[k].name))
			return 1;
	return write_page(r);
}

static int run_report(int argc, char **argv)
{
	struct report *r;
	int ret;

	if (argc != 2)
		return cli_usage_error("expects one directory");
	r = calloc(1, sizeof(*r));
	if (!r)
		return cli_error("out of memory");
	ret = report(r, argv[1]);
	for (unsigned int i = 0; r->lat && i < r->s.num_rows; i++)
		free(r->lat[i]);
	free(r->lat);
	free(r->plots.p);
	bench_saved_free(&r->s);
	free(r);
	return ret;
}

const struct command cmd_bench_report = {
	.name = "bench",
	.sub = "report",
	.run = run_report,
	.usage = "DIR",
	.help = "render a saved bench run as one HTML page with plots\n"
		"\n"
		"Reads DIR (from `bench run --out DIR`): run.txt, results.csv "
		"and hist/, and checks that they agree. Writes the plots' "
		"gnuplot data and scripts into DIR/report/, runs gnuplot "
		"(package gnuplot-nox), and writes DIR/report.html: the "
		"platform (with a banner when it is not hardware), the "
		"command, the table of results, per scenario a latency "
		"histogram and a 1 - CDF plot, and execution-time boxes, the "
		"SVGs inlined. Prints the page's path. Nothing is measured.",
};
