// SPDX-License-Identifier: GPL-2.0
/*
 * bench compare DIR1 DIR2: two saved bench runs side by side, row by row
 * (docs/cli.md). A ratio is only as good as what it divides: a value of
 * which only a bound is known ("> N") gives a bound on the ratio, never a
 * number, and rows measured with different task parameters are named.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "bench_csv.h"
#include "cli.h"

static const struct {
	enum bench_col col;
	const char *name;
} metrics[] = {
	{ COL_LAT_P50, "lat p50" },
	{ COL_LAT_P99, "lat p99" },
	{ COL_LAT_MAX, "lat max" },
	{ COL_EXEC_P50, "exec p50" },
};
#define NUM_METRICS (sizeof(metrics) / sizeof(metrics[0]))

/* Task parameters: the same row name with other values is another task. */
static const enum bench_col params[] = {
	COL_WORKLOAD,  COL_METHOD, COL_SIZE,
	COL_PERIOD_US, COL_WAIT,   COL_REGULATION,
};

/* B / A, or a bound on it when a side is only known as "> N". */
static void ratio(char *buf, size_t len, const struct bench_val *a,
		  const struct bench_val *b)
{
	if (a->kind == VAL_NA || b->kind == VAL_NA ||
	    (a->kind == VAL_MORE && b->kind == VAL_MORE) ||
	    (a->kind == VAL_EXACT && a->v <= 0) ||
	    (a->kind == VAL_MORE && a->v <= 0))
		snprintf(buf, len, "-");
	else if (b->kind == VAL_MORE)
		snprintf(buf, len, ">%.2f", b->v / a->v);
	else if (a->kind == VAL_MORE)
		snprintf(buf, len, "<%.2f", b->v / a->v);
	else
		snprintf(buf, len, "%.2f", b->v / a->v);
}

static void header(void)
{
	printf("%-14s %-11s", "", "");
	for (unsigned int m = 0; m < NUM_METRICS; m++)
		printf(m + 1 < NUM_METRICS ? " | %-26s" : " | %s",
		       metrics[m].name);
	printf("\n%-14s %-11s", "scenario", "mode");
	for (unsigned int m = 0; m < NUM_METRICS; m++)
		printf(" | %9s %9s %6s", "A", "B", "B/A");
	putchar('\n');
}

static void row(const struct bench_saved_row *a,
		const struct bench_saved_row *b)
{
	printf("%-14s %-11s", a->text[COL_SCENARIO], a->text[COL_MODE]);
	for (unsigned int m = 0; m < NUM_METRICS; m++) {
		enum bench_col c = metrics[m].col;
		char va[32], vb[32], r[32];

		bench_val_text(a, c, va, sizeof(va));
		bench_val_text(b, c, vb, sizeof(vb));
		ratio(r, sizeof(r), &a->val[c], &b->val[c]);
		printf(" | %9s %9s %6s", va, vb, r);
	}
	putchar('\n');
}

/* The rows of @x that @y lacks, under @title; how many. */
static unsigned int only_in(const struct bench_saved *x,
			    const struct bench_saved *y, const char *title)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < x->num_rows; i++) {
		const struct bench_saved_row *r = &x->rows[i];

		if (bench_saved_find(y, r->text[COL_SCENARIO],
				     r->text[COL_MODE]))
			continue;
		if (!n++)
			printf("\nonly in %s:\n", title);
		printf("  %-14s %s\n", r->text[COL_SCENARIO],
		       r->text[COL_MODE]);
	}
	return n;
}

static void differences(const struct bench_saved *a,
			const struct bench_saved *b)
{
	bool any = false;

	for (unsigned int i = 0; i < a->num_rows; i++) {
		const struct bench_saved_row *ra = &a->rows[i], *rb;

		rb = bench_saved_find(b, ra->text[COL_SCENARIO],
				      ra->text[COL_MODE]);
		if (!rb)
			continue;
		for (unsigned int p = 0; p < sizeof(params) / sizeof(params[0]);
		     p++) {
			enum bench_col c = params[p];

			if (!strcmp(ra->text[c], rb->text[c]))
				continue;
			if (!any)
				printf("\nmeasured differently (the ratios "
				       "compare different tasks):\n");
			any = true;
			printf("  %-14s %-11s %s: %s in A, %s in B\n",
			       ra->text[COL_SCENARIO], ra->text[COL_MODE],
			       bench_col_name(c), ra->text[c], rb->text[c]);
		}
	}
}

static int compare(const struct bench_saved *a, const struct bench_saved *b)
{
	unsigned int common = 0;

	printf("A: %s, %s: %s\n", a->dir, a->run[KEY_DATE],
	       a->run[KEY_PLATFORM]);
	printf("B: %s, %s: %s\n", b->dir, b->run[KEY_DATE],
	       b->run[KEY_PLATFORM]);
	printf("in us; B/A is B's value over A's, '>' and '<' bound it where "
	       "a value is past its histogram (\"> N\")\n\n");
	header();
	for (unsigned int i = 0; i < a->num_rows; i++) {
		const struct bench_saved_row *ra = &a->rows[i], *rb;

		rb = bench_saved_find(b, ra->text[COL_SCENARIO],
				      ra->text[COL_MODE]);
		if (!rb)
			continue;
		row(ra, rb);
		common++;
	}
	if (!common)
		printf("(no scenario and mode in both)\n");
	only_in(a, b, "A");
	only_in(b, a, "B");
	differences(a, b);
	return 0;
}

static int run_compare(int argc, char **argv)
{
	struct bench_saved a, b;
	char err[1024];
	int ret;

	if (argc != 3)
		return cli_usage_error("expects two directories");
	if (bench_saved_load(argv[1], &a, err, sizeof(err))) {
		bench_saved_free(&a);
		return cli_error("%s", err);
	}
	if (bench_saved_load(argv[2], &b, err, sizeof(err))) {
		bench_saved_free(&a);
		bench_saved_free(&b);
		return cli_error("%s", err);
	}
	ret = compare(&a, &b);
	bench_saved_free(&a);
	bench_saved_free(&b);
	return ret;
}

const struct command cmd_bench_compare = {
	.name = "bench",
	.sub = "compare",
	.run = run_compare,
	.usage = "DIR1 DIR2",
	.help = "compare two saved bench runs, row by row\n"
		"\n"
		"For each scenario and mode in both, latency p50, p99 and max "
		"and execution time p50 of DIR1 (A) and DIR2 (B) and the ratio "
		"B/A; then the rows that only one has, and rows whose task "
		"parameters differ. Each run's platform label is printed on "
		"top. Reads results.csv and run.txt only.",
};
