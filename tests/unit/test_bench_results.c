// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/bench_results.c tools/bulkhead/bench_csv.c tools/bulkhead/cli_util.c bench/stats/hist.c bench/stats/hist_text.c bench/workloads/wl_names.c tests/unit/cli_harness.c
/*
 * The bench's results (tools/bulkhead/bench_results.c): a run of three
 * rows (the cell with a workload, Linux with overflowed percentiles,
 * cyclictest with a problem that needs quoting) written to a scratch
 * directory, then read back: run.txt's keys; results.csv's header, rows
 * and quoting, "-" for what does not apply and ">N" for a percentile past
 * the last bucket; results.json as JSON (checked by a small validator),
 * with "more_than", null and escapes; the histogram files and their
 * counts through the cyclictest parser. Also every validity check of
 * bench_row_check() and the table for people.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <stats/hist.h>
#include <stats/hist_text.h>

#include "../../tools/bulkhead/bench_results.h"
#include "cli_harness.h"

#define PLATFORM "emulated (QEMU): latencies are the host's, not hardware's"
#define NOTE "vCPU 2 \"pinned\" \\ core\t3"
#define PROBLEM "bad \"x\", y"

static void add_many(struct bh_hist *h, int64_t ns, unsigned int times)
{
	while (times--)
		hist_add(h, ns);
}

/* A window the checks find nothing wrong with: @n periods, all measured. */
static void clean_row(struct bench_row *row, const char *scenario,
		      const char *mode)
{
	memset(row, 0, sizeof(*row));
	row->root_exits_s = -1;
	row->root_bogo_ops_s = -1;
	snprintf(row->regulation, sizeof(row->regulation), "none");
	snprintf(row->scenario, sizeof(row->scenario), "%s", scenario);
	snprintf(row->mode, sizeof(row->mode), "%s", mode);
	row->params = (struct bh_probe_params){
		.workload = BH_WL_SHA3_512,
		.method = BH_BITS_TABLE,
		.input = BH_INPUT_LCG,
		.wait = BH_WAIT_HLT,
		.size = 4096,
		.period_ns = 1000000,
		.window_ns = 1000000000,
		.seed = 1,
		.lat_unit_ns = 1000,
		.exec_unit_ns = 1000,
	};
	row->expected_periods = 1000;
	row->exits = -1;
	row->result = RESULT_OK;
	row->complete = true;
	row->win.periods = 1000;
	hist_init(&row->win.lat, 1000, BH_HIST_MAX_BUCKETS);
	hist_init(&row->win.exec, 1000, BH_HIST_MAX_BUCKETS);
	add_many(&row->win.exec, 40000, 500);
	add_many(&row->win.exec, 42000, 500);
}

static struct bench_run *make_run(void)
{
	static struct bench_run run;
	struct bench_row *rows = calloc(3, sizeof(*rows));

	assert_non_null(rows);
	memset(&run, 0, sizeof(run));
	snprintf(run.dir, sizeof(run.dir), "%s/out", cli_tmp);
	snprintf(run.date, sizeof(run.date), "2026-11-29T12:00:00Z");
	snprintf(run.command, sizeof(run.command),
		 "bulkhead bench run --note \"x\"");
	snprintf(run.platform, sizeof(run.platform), PLATFORM);
	snprintf(run.note, sizeof(run.note), NOTE);
	snprintf(run.cpu_model, sizeof(run.cpu_model),
		 "QEMU Virtual CPU version 2.5+");
	snprintf(run.kernel, sizeof(run.kernel), "6.1.0-28-amd64 #1 SMP");
	run.tsc_khz = 2400000;
	run.rt_cpu = 2;
	run.warmup_ns = 3000000000ull;
	run.duration_ns = 1000000000ull;
	run.rows = rows;
	run.num_rows = 3;

	/* the cell: 990 wake-ups at 3 us, 10 at 15 us */
	clean_row(&rows[0], "idle", "cell");
	rows[0].hv = true;
	rows[0].exits = 12;
	/* regulated around every run; two requests refused */
	snprintf(rows[0].regulation, sizeof(rows[0].regulation), "run/stop");
	rows[0].win.regulated = 998;
	rows[0].win.reg_refused = 2;
	rows[0].root_exits_s = 123.44;
	/* stress-ng beside it said so */
	rows[0].root_bogo_ops_s = 154.914;
	add_many(&rows[0].win.lat, 3000, 990);
	add_many(&rows[0].win.lat, 15000, 10);

	/* Linux: 100 us of buckets, 20 of 1000 wake-ups past them */
	clean_row(&rows[1], "idle", "linux");
	snprintf(rows[1].regulation, sizeof(rows[1].regulation), "n/a");
	hist_init(&rows[1].win.lat, 1000, 100);
	add_many(&rows[1].win.lat, 5000, 980);
	add_many(&rows[1].win.lat, 500000, 20);

	/* cyclictest: no workload, no execution times */
	clean_row(&rows[2], "stress-cpu", "cyclictest");
	snprintf(rows[2].regulation, sizeof(rows[2].regulation), "n/a");
	rows[2].params.workload = BH_WL_NONE;
	rows[2].params.size = 0;
	rows[2].result = RESULT_NA;
	hist_init(&rows[2].win.exec, 1000, 1);
	add_many(&rows[2].win.lat, 7000, 998);
	add_many(&rows[2].win.lat, 12000, 2);

	for (int i = 0; i < 3; i++) {
		bench_row_check(&rows[i]);
		assert_string_equal(rows[i].problems, "");
	}
	snprintf(rows[2].problems, sizeof(rows[2].problems), PROBLEM);
	return &run;
}

static char *slurp(const char *dir, const char *name)
{
	char path[PATH_MAX];
	char *text;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	text = malloc((size_t)len + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
	text[len] = '\0';
	fclose(f);
	return text;
}

static struct bench_run *written;

/* Writes the run once; every case below reads the files. */
static struct bench_run *the_run(void)
{
	if (!written) {
		written = make_run();
		assert_int_equal(bench_write(written), 0);
	}
	return written;
}

/* --- run.txt --- */

static void test_run_txt(void **state)
{
	char *text;

	(void)state;
	text = slurp(the_run()->dir, "run.txt");
	assert_string_equal(text, "schema=3\n"
				  "date=2026-11-29T12:00:00Z\n"
				  "command=bulkhead bench run --note \"x\"\n"
				  "platform=" PLATFORM "\n"
				  "note=" NOTE "\n"
				  "cpu_model=QEMU Virtual CPU version 2.5+\n"
				  "kernel=6.1.0-28-amd64 #1 SMP\n"
				  "tsc_khz=2400000\n"
				  "rt_cpu=2\n"
				  "warmup_ns=3000000000\n"
				  "duration_ns=1000000000\n"
				  "rows=3\n");
	free(text);
}

/* --- results.csv --- */

#define CSV_HEADER                                                        \
	"scenario,mode,hypervisor,workload,method,size,period_us,wait,"   \
	"periods,n,missed,"                                               \
	"lat_min_us,lat_mean_us,lat_p50_us,lat_p99_us,lat_p99.9_us,"      \
	"lat_p99.99_us,lat_max_us,lat_overflow,"                          \
	"exec_min_us,exec_mean_us,exec_p50_us,exec_p99_us,exec_p99.9_us," \
	"exec_p99.99_us,exec_max_us,exec_overflow,"                       \
	"exits,regulation,regulated,reg_refused,root_exits_per_s,"        \
	"root_bogo_ops_per_s,result,problems,platform"
#define CSV_COLUMNS 36
#define CSV_PLATFORM "\"" PLATFORM "\""

/*
 * Splits one CSV record (RFC 4180: quoted fields, "" for a quote) into
 * @fields, each unquoted into @buf; the number of fields, or -1 if the
 * quoting is broken.
 */
static int csv_split(const char *line, char *buf, size_t len, char **fields,
		     int max)
{
	const char *s = line;
	size_t o = 0;
	int n = 0;

	for (;;) {
		if (n == max)
			return -1;
		fields[n++] = buf + o;
		if (*s == '"') {
			for (s++;; s++) {
				if (!*s)
					return -1;
				if (*s == '"' && s[1] != '"')
					break;
				if (*s == '"')
					s++;
				if (o + 1 >= len)
					return -1;
				buf[o++] = *s;
			}
			s++;
			if (*s && *s != ',')
				return -1;
		} else {
			while (*s && *s != ',') {
				if (*s == '"' || o + 1 >= len)
					return -1;
				buf[o++] = *s++;
			}
		}
		buf[o++] = '\0';
		if (!*s)
			return n;
		s++;
	}
}

static int column(const char *name)
{
	static char buf[1024];
	char *fields[64];
	int n = csv_split(CSV_HEADER, buf, sizeof(buf), fields, 64);

	for (int i = 0; i < n; i++)
		if (!strcmp(fields[i], name))
			return i;
	fail_msg("no column %s", name);
	return -1;
}

static void test_csv(void **state)
{
	static const char *const want[] = {
		"idle,cell,on,sha3-512,table,4096,1000,hlt,1000,1000,0,"
		"3.0,3.1,4.0,4.0,15.0,15.0,15.0,0,"
		"40.0,41.0,41.0,42.0,42.0,42.0,42.0,0,"
		"12,run/stop,998,2,123.4,154.91,ok,," CSV_PLATFORM,
		"idle,linux,off,sha3-512,table,4096,1000,hlt,1000,1000,0,"
		"5.0,14.9,6.0,>100.0,>100.0,>100.0,500.0,20,"
		"40.0,41.0,41.0,42.0,42.0,42.0,42.0,0,"
		"-,n/a,-,-,-,-,ok,," CSV_PLATFORM,
		"stress-cpu,cyclictest,off,none,table,0,1000,hlt,1000,1000,0,"
		"7.0,7.0,8.0,8.0,12.0,12.0,12.0,0,"
		"-,-,-,-,-,-,-,0,"
		"-,n/a,-,-,-,-,n/a,\"bad \"\"x\"\", y\"," CSV_PLATFORM,
	};
	char *text, *line, *save, buf[2048], *fields[64];
	int rows = 0;

	(void)state;
	text = slurp(the_run()->dir, "results.csv");
	line = strtok_r(text, "\n", &save);
	assert_non_null(line);
	assert_string_equal(line, CSV_HEADER);
	assert_int_equal(csv_split(line, buf, sizeof(buf), fields, 64),
			 CSV_COLUMNS);
	while ((line = strtok_r(NULL, "\n", &save))) {
		assert_true(rows < 3);
		assert_string_equal(line, want[rows]);
		assert_int_equal(csv_split(line, buf, sizeof(buf), fields, 64),
				 CSV_COLUMNS);
		assert_string_equal(fields[column("platform")], PLATFORM);
		if (rows == 1) {
			assert_string_equal(fields[column("lat_p99_us")],
					    ">100.0");
			assert_string_equal(fields[column("lat_overflow")],
					    "20");
		}
		if (rows == 2) {
			/* the quotes and the comma come back as they were */
			assert_string_equal(fields[column("problems")],
					    PROBLEM);
			assert_string_equal(fields[column("exec_p50_us")], "-");
			assert_string_equal(fields[column("exits")], "-");
			assert_string_equal(fields[column("result")], "n/a");
		}
		rows++;
	}
	assert_int_equal(rows, 3);
	free(text);
}

/* --- results.json --- */

/* A small JSON validator (RFC 8259): the end of the value at @p, or NULL. */
static const char *js_value(const char *p, int depth);

static const char *js_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static const char *js_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if ((unsigned char)*p < 0x20)
			return NULL; /* the end of text too */
		if (*p != '\\')
			continue;
		p++;
		if (*p == 'u') {
			for (int i = 1; i <= 4; i++)
				if (!strchr("0123456789abcdefABCDEF", p[i]) ||
				    !p[i])
					return NULL;
			p += 4;
		} else if (!*p || !strchr("\"\\/bfnrt", *p)) {
			return NULL;
		}
	}
	return p + 1;
}

static const char *js_digits(const char *p)
{
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

static const char *js_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(p = js_digits(p)))
		return NULL;
	if (*p == '.' && !(p = js_digits(p + 1)))
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = js_digits(p);
	}
	return p;
}

static const char *js_members(const char *p, char close, int depth)
{
	p = js_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (close == '}') {
			p = js_string(p);
			if (!p)
				return NULL;
			p = js_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		p = js_value(p, depth + 1);
		if (!p)
			return NULL;
		p = js_ws(p);
		if (*p == close)
			return p + 1;
		if (*p != ',')
			return NULL;
		p = js_ws(p + 1);
	}
}

static const char *js_value(const char *p, int depth)
{
	if (depth > 32)
		return NULL;
	p = js_ws(p);
	switch (*p) {
	case '{':
		return js_members(p, '}', depth);
	case '[':
		return js_members(p, ']', depth);
	case '"':
		return js_string(p);
	case 't':
		return strncmp(p, "true", 4) ? NULL : p + 4;
	case 'f':
		return strncmp(p, "false", 5) ? NULL : p + 5;
	case 'n':
		return strncmp(p, "null", 4) ? NULL : p + 4;
	default:
		return js_number(p);
	}
}

static bool json_valid(const char *text)
{
	const char *end = js_value(text, 0);

	return end && !*js_ws(end);
}

static void test_json_validator(void **state)
{
	(void)state;
	assert_true(json_valid("{\"a\": [1, -2.5e3, true, null, \"x\\\"\"]}"));
	assert_true(json_valid(" [] "));
	assert_false(json_valid("{\"a\": 1,}"));
	assert_false(json_valid("{\"a\" 1}"));
	assert_false(json_valid("[1 2]"));
	assert_false(json_valid("{\"a\": [1}"));
	assert_false(json_valid("\"tab\there\""));
	assert_false(json_valid("\"\\x\""));
	assert_false(json_valid("{} {}"));
	assert_false(json_valid("[01]"));
}

static int count(const char *text, const char *what)
{
	int n = 0;

	for (const char *p = text; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void expect_in(const char *text, const char *what)
{
	if (!strstr(text, what))
		fail_msg("results.json has no %s", what);
}

static void test_json(void **state)
{
	char *text;

	(void)state;
	text = slurp(the_run()->dir, "results.json");
	if (!json_valid(text))
		fail_msg("results.json is not JSON:\n%s", text);
	expect_in(text, "\"schema\": \"bulkhead-bench\"");
	expect_in(text, "\"version\": 3,");
	expect_in(text, "\"date\": \"2026-11-29T12:00:00Z\"");
	expect_in(text, "\"command\": \"bulkhead bench run --note \\\"x\\\"\"");
	expect_in(text, "\"label\": \"" PLATFORM "\"");
	/* a quote, a backslash and a tab escaped */
	expect_in(text,
		  "\"note\": \"vCPU 2 \\\"pinned\\\" \\\\ core\\u00093\"");
	expect_in(text, "\"tsc_khz\": 2400000, \"rt_cpu\": 2}");
	expect_in(text, "\"warmup_ns\": 3000000000");
	expect_in(text, "\"duration_ns\": 1000000000");
	assert_int_equal(count(text, "\"scenario\": "), 3);

	/* the cell's row */
	expect_in(text, "{\"scenario\": \"idle\", \"mode\": \"cell\", "
			"\"hypervisor\": true, \"workload\": \"sha3-512\", "
			"\"method\": \"table\", \"input\": \"lcg\", "
			"\"size\": 4096, \"period_ns\": 1000000, "
			"\"wait\": \"hlt\"");
	expect_in(text, "\"complete\": true, \"periods\": 1000, "
			"\"expected_periods\": 1000, \"missed\": 0, "
			"\"result_errors\": 0, \"exits\": 12, "
			"\"regulation\": \"run/stop\", \"regulated\": 998, "
			"\"reg_refused\": 2, \"root_exits_per_s\": 123.4, "
			"\"root_bogo_ops_per_s\": 154.91,\n     "
			"\"result\": \"ok\", \"problems\": \"\"");
	expect_in(text,
		  "\"latency\": {\"n\": 1000, \"unit_ns\": 1000, "
		  "\"buckets\": 20000, \"min_ns\": 3000, "
		  "\"mean_ns\": 3120, \"max_ns\": 15000, "
		  "\"p50_ns\": 4000, \"p99_ns\": 4000, "
		  "\"p99.9_ns\": 15000, \"p99.99_ns\": 15000, "
		  "\"overflow\": 0, \"histogram\": \"hist/idle.cell.lat\"}");
	expect_in(text, "\"histogram\": \"hist/idle.cell.exec\"");

	/* Linux's: past the last bucket only a bound is known */
	expect_in(text, "\"latency\": {\"n\": 1000, \"unit_ns\": 1000, "
			"\"buckets\": 100, \"min_ns\": 5000, "
			"\"mean_ns\": 14900, \"max_ns\": 500000, "
			"\"p50_ns\": 6000, "
			"\"p99_ns\": {\"more_than\": 100000}, "
			"\"p99.9_ns\": {\"more_than\": 100000}, "
			"\"p99.99_ns\": {\"more_than\": 100000}, "
			"\"overflow\": 20, "
			"\"histogram\": \"hist/idle.linux.lat\"}");
	assert_int_equal(count(text, "\"more_than\""), 3);

	/* n/a is null, never -1 */
	assert_int_equal(count(text, "\"exits\": null"), 2);
	assert_int_equal(count(text, "\"regulated\": null, "
				     "\"reg_refused\": null, "
				     "\"root_exits_per_s\": null"),
			 2);
	assert_int_equal(count(text, "\"exits\": -1"), 0);
	/* cyclictest's: no workload, escaped problems, no execution times */
	expect_in(text, "\"workload\": \"none\"");
	expect_in(text, "\"result\": \"n/a\", "
			"\"problems\": \"bad \\\"x\\\", y\"");
	expect_in(text, "\"exec\": {\"n\": 0, \"unit_ns\": 1000, "
			"\"buckets\": 1, \"overflow\": 0, ");
	free(text);
}

/* Every histogram results.json names is there; none names a missing one. */
static void test_json_hist_paths(void **state)
{
	const struct bench_run *run = the_run();
	const char *key = "\"histogram\": ";
	char *text = slurp(run->dir, "results.json");
	int files = 0, none = 0;

	(void)state;
	for (const char *p = text; (p = strstr(p, key)); p += strlen(key)) {
		const char *v = p + strlen(key);
		char path[PATH_MAX];

		if (!strncmp(v, "null", 4)) {
			none++;
			continue;
		}
		assert_int_equal(*v, '"');
		snprintf(path, sizeof(path), "%s/%.*s", run->dir,
			 (int)strcspn(v + 1, "\""), v + 1);
		if (access(path, R_OK))
			fail_msg("results.json names %s, which is missing",
				 path);
		files++;
	}
	assert_int_equal(files, 5);
	/* cyclictest's execution times */
	assert_int_equal(none, 1);
	assert_non_null(strstr(text, "\"exec\": {\"n\": 0, \"unit_ns\": 1000, "
				     "\"buckets\": 1, \"overflow\": 0, "
				     "\"histogram\": null}"));
	free(text);
}

/* --- histogram files --- */

static void test_hist_files(void **state)
{
	static const char *const want[] = {
		"idle.cell.exec",
		"idle.cell.lat",
		"idle.linux.exec",
		"idle.linux.lat",
		"stress-cpu.cyclictest.lat",
	};
	const struct bench_run *run = the_run();
	char pattern[PATH_MAX];
	glob_t g;

	(void)state;
	snprintf(pattern, sizeof(pattern), "%s/hist/*", run->dir);
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 5);
	for (size_t i = 0; i < g.gl_pathc; i++)
		assert_string_equal(strrchr(g.gl_pathv[i], '/') + 1, want[i]);
	globfree(&g);
}

/* Each .lat file, read by the cyclictest parser, is the row's histogram. */
static void test_lat_round_trip(void **state)
{
	const struct bench_run *run = the_run();
	struct bh_hist *h = malloc(sizeof(*h));
	char err[256], name[128];

	(void)state;
	assert_non_null(h);
	for (unsigned int r = 0; r < run->num_rows; r++) {
		const struct bh_hist *lat = &run->rows[r].win.lat;
		char *text;

		snprintf(name, sizeof(name), "hist/%s.%s.lat",
			 run->rows[r].scenario, run->rows[r].mode);
		text = slurp(run->dir, name);
		if (hist_parse_cyclictest(text, 0, h, err, sizeof(err)))
			fail_msg("%s: %s", name, err);
		assert_int_equal(h->unit_ns, 1000);
		assert_int_equal(h->buckets, lat->buckets);
		assert_true(h->n == lat->n);
		assert_true(h->overflow == lat->overflow);
		assert_true(h->min_ns == lat->min_ns);
		assert_true(h->max_ns == lat->max_ns);
		assert_memory_equal(h->count, lat->count,
				    lat->buckets * sizeof(lat->count[0]));
		free(text);
	}
	free(h);
}

/* Each .exec file, read back by its parser, is the row's histogram. */
static void test_exec_round_trip(void **state)
{
	const struct bench_run *run = the_run();
	struct bh_hist *h = malloc(sizeof(*h));
	char err[256], name[128];

	(void)state;
	assert_non_null(h);
	for (unsigned int r = 0; r < 2; r++) {
		const struct bh_hist *exec = &run->rows[r].win.exec;
		char *text;

		snprintf(name, sizeof(name), "hist/%s.%s.exec",
			 run->rows[r].scenario, run->rows[r].mode);
		text = slurp(run->dir, name);
		assert_int_equal(strncmp(text, "# Bucket width: 1000 ns\n", 24),
				 0);
		if (hist_parse_exec(text, h, err, sizeof(err)))
			fail_msg("%s: %s", name, err);
		assert_int_equal(h->buckets, exec->buckets);
		assert_true(h->n == exec->n);
		assert_true(h->overflow == exec->overflow);
		assert_true(h->min_ns == exec->min_ns);
		assert_true(h->max_ns == exec->max_ns);
		/* the file keeps the mean rounded to the ns */
		assert_true(h->sum_ns + h->n / 2 >= exec->sum_ns &&
			    h->sum_ns <= exec->sum_ns + h->n / 2);
		assert_memory_equal(h->count, exec->count,
				    exec->buckets * sizeof(exec->count[0]));
		free(text);
	}
	free(h);
}

/*
 * Wider buckets (a slow workload's): the file counts in them and says
 * their width; Min, Avg and Max are in ns, and the parser reads it so. A bucket count
 * no histogram can have is refused, not followed past the array.
 */
static void test_exec_wide_buckets(void **state)
{
	struct bench_run *run = calloc(1, sizeof(*run));
	struct bh_hist *h = malloc(sizeof(*h));
	char err[256], want[PATH_MAX + 64], *text;

	(void)state;
	assert_true(run && h);
	run->rows = calloc(1, sizeof(*run->rows));
	assert_non_null(run->rows);
	run->num_rows = 1;
	snprintf(run->dir, sizeof(run->dir), "%s/wide", cli_tmp);
	clean_row(&run->rows[0], "wide", "cell");
	hist_init(&run->rows[0].win.exec, 10000, 150);
	add_many(&run->rows[0].win.exec, 123456, 20);
	add_many(&run->rows[0].win.exec, 2000000, 5);
	add_many(&run->rows[0].win.lat, 3000, 25);
	assert_int_equal(bench_write(run), 0);

	text = slurp(run->dir, "hist/wide.cell.exec");
	assert_int_equal(strncmp(text, "# Bucket width: 10000 ns\n", 25), 0);
	/* 12469120 ns / 25 = 498764.8 ns, 49.9 buckets */
	assert_non_null(strstr(text, "\n000012 000020\n"));
	assert_non_null(strstr(text, "\n# Min: 123456 ns\n"
				     "# Avg: 498765 ns\n"
				     "# Max: 2000000 ns\n"
				     "# Histogram Overflows: 00005\n"));
	if (hist_parse_exec(text, h, err, sizeof(err)))
		fail_msg("wide.cell.exec: %s", err);
	assert_int_equal(h->buckets, 150);
	assert_int_equal(h->count[12], 20);
	assert_true(h->n == 25 && h->overflow == 5);
	free(text);

	run->rows[0].win.exec.buckets = BH_HIST_MAX_BUCKETS + 1;
	capture_stderr();
	assert_int_equal(bench_write(run), 1);
	snprintf(want, sizeof(want),
		 "bulkhead: writing %s/hist/wide.cell.exec failed\n", run->dir);
	assert_string_equal(captured_stderr(), want);
	free(run->rows);
	free(run);
	free(h);
}

/*
 * Missing parents are made (--out a/b/c); a directory that cannot be made
 * (under a plain file here) is one error line and status 1.
 */
static void test_write_fails(void **state)
{
	struct bench_run *run = calloc(1, sizeof(*run));
	char want[PATH_MAX + 64], file[PATH_MAX];
	FILE *f;

	(void)state;
	assert_non_null(run);
	snprintf(run->dir, sizeof(run->dir), "%s/new/parents/dir", cli_tmp);
	assert_int_equal(bench_write(run), 0);
	snprintf(file, sizeof(file), "%s/plain", cli_tmp);
	f = fopen(file, "w");
	assert_non_null(f);
	fclose(f);
	snprintf(run->dir, sizeof(run->dir), "%s/plain/dir", cli_tmp);
	capture_stderr();
	assert_int_equal(bench_write(run), 1);
	snprintf(want, sizeof(want),
		 "bulkhead: cannot create %s/hist: Not a directory\n",
		 run->dir);
	assert_string_equal(captured_stderr(), want);
	free(run);
}

/* --- bench_row_check --- */

static struct bench_row *check_row;

static const char *check(void)
{
	bench_row_check(check_row);
	return check_row->problems;
}

static void test_check_clean(void **state)
{
	struct bench_row *row = check_row;

	(void)state;
	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	snprintf(row->problems, sizeof(row->problems), "left over");
	assert_string_equal(check(), "");

	/* missed periods are fine as long as they add up */
	clean_row(row, "idle", "linux");
	add_many(&row->win.lat, 3000, 990);
	hist_init(&row->win.exec, 1000, 100);
	add_many(&row->win.exec, 1000, 990);
	row->win.missed = 10;
	assert_string_equal(check(), "");

	/* cyclictest measures no execution times */
	clean_row(row, "idle", "cyclictest");
	add_many(&row->win.lat, 3000, 1000);
	hist_init(&row->win.exec, 1000, 1);
	row->result = RESULT_NA;
	assert_string_equal(check(), "");
}

static void test_check_rules(void **state)
{
	struct bench_row *row = check_row;

	(void)state;
	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	row->complete = false;
	assert_string_equal(check(), "incomplete window");

	/* a count past the buckets in use, the rest consistent */
	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	hist_init(&row->win.lat, 1000, 100);
	add_many(&row->win.lat, 3000, 1000);
	row->win.lat.count[100] = 1;
	assert_string_equal(check(), "histogram counts do not add up to n");
	row->win.lat.count[100] = 0;
	row->win.exec.min_ns = 39000; /* not in the first non-empty bucket */
	assert_string_equal(check(), "histogram counts do not add up to n");

	clean_row(row, "idle", "linux");
	add_many(&row->win.lat, 3000, 1000);
	add_many(&row->win.exec, 40000, 1);
	assert_string_equal(check(), "1000 latencies but 1001 execution times");

	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	row->win.missed = 3;
	assert_string_equal(check(), "n 1000 + missed 3 != periods 1000");

	/* one period either way of the expected number is fine */
	for (int d = -3; d <= 3; d++) {
		char want[64] = "";

		clean_row(row, "idle", "cell");
		add_many(&row->win.lat, 3000, 1000);
		row->expected_periods = (uint64_t)(1000 + d);
		if (d < -1 || d > 1)
			snprintf(want, sizeof(want),
				 "1000 periods in a window of %d", 1000 + d);
		assert_string_equal(check(), want);
	}
	/* an incomplete window has fewer, and no expected number is none */
	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	row->expected_periods = 5000;
	row->complete = false;
	assert_string_equal(check(), "incomplete window");
	row->expected_periods = 0;
	row->complete = true;
	assert_string_equal(check(), "");

	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	row->result = RESULT_MISMATCH;
	assert_string_equal(check(), "workload result differs from the host's");

	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	row->win.result_errors = 7;
	assert_string_equal(check(), "7 runs gave a different result");

	/* the window ran without (all of) its interference */
	clean_row(row, "video", "cell");
	add_many(&row->win.lat, 3000, 1000);
	snprintf(row->interference_lost, sizeof(row->interference_lost),
		 "'ffmpeg -i x' exited with status 127");
	assert_string_equal(check(), "interference ended: 'ffmpeg -i x' "
				     "exited with status 127");
}

static void test_check_several(void **state)
{
	struct bench_row *row = check_row;
	uint32_t seq_after;

	(void)state;
	clean_row(row, "idle", "cell");
	add_many(&row->win.lat, 3000, 1000);
	row->complete = false;
	row->result = RESULT_MISMATCH;
	row->win.result_errors = 2;
	assert_string_equal(check(), "incomplete window; workload result "
				     "differs from the host's; 2 runs gave a "
				     "different result");

	/* every rule with the longest numbers: cut, never past the field */
	clean_row(row, "idle", "cell");
	row->complete = true;
	row->win.lat.n = UINT64_MAX;
	row->win.exec.n = UINT64_MAX - 1;
	row->win.missed = UINT64_MAX;
	row->win.periods = UINT64_MAX - 2;
	row->expected_periods = 1;
	row->result = RESULT_MISMATCH;
	row->win.result_errors = UINT64_MAX;
	row->win.seq = 0x12345678;
	seq_after = row->win.seq;
	check();
	assert_true(strlen(row->problems) < sizeof(row->problems));
	assert_int_equal(row->win.seq, seq_after);
	assert_int_equal(strncmp(row->problems, "histogram counts", 16), 0);
}

/* --- the table --- */

static void test_table(void **state)
{
	const struct bench_run *run = the_run();
	char *text = NULL, *line, *save;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	(void)state;
	assert_non_null(f);
	bench_print_table(f, run);
	assert_int_equal(fclose(f), 0);
	line = strtok_r(text, "\n", &save);
	assert_string_equal(line, PLATFORM
			    ", " NOTE "; latency and execution time in us");
	line = strtok_r(NULL, "\n", &save);
	assert_non_null(strstr(line, "scenario"));
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line, "idle         cell           1000      0"
				  "      4.0      4.0     15.0     15.0      "
				  "41.0      42.0     12 ok");
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line, "idle         linux          1000      0"
				  "      6.0   >100.0   >100.0    500.0      "
				  "41.0      42.0      - ok");
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line,
			    "stress-cpu   cyclictest     1000      0"
			    "      8.0      8.0     12.0     12.0         "
			    "-         -      - " PROBLEM);
	/* the cell's regulation, as the run asked for it */
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line, "regulation:                    runs  "
				  "refused root exits/s");
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line, "  idle         run/stop            998 "
				  "       2        123.4");
	/* what the root got done, where stress-ng said */
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line, "root throughput:              "
				  "               bogo-ops/s");
	line = strtok_r(NULL, "\n", &save);
	assert_string_equal(line, "  idle         cell       run/stop       "
				  "        154.91");
	assert_null(strtok_r(NULL, "\n", &save));
	free(text);
}

static int setup(void **state)
{
	check_row = calloc(1, sizeof(*check_row));
	return check_row ? cli_group_setup(state) : -1;
}

static int teardown(void **state)
{
	if (written)
		free(written->rows);
	free(check_row);
	return cli_group_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_txt),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json_validator),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_hist_paths),
		cmocka_unit_test(test_hist_files),
		cmocka_unit_test(test_lat_round_trip),
		cmocka_unit_test(test_exec_round_trip),
		cmocka_unit_test(test_exec_wide_buckets),
		cmocka_unit_test(test_write_fails),
		cmocka_unit_test(test_check_clean),
		cmocka_unit_test(test_check_rules),
		cmocka_unit_test(test_check_several),
		cmocka_unit_test(test_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
