// SPDX-License-Identifier: GPL-2.0
/*
 * bench merge OUT SRC[:SUFFIX]...: saved runs of one machine, measured in
 * separate boots (the stock kernel's and the PREEMPT_RT kernel's), as one
 * saved run, so that one report and one table put them side by side
 * (docs/cli.md). A source's modes get its suffix ("linux" becomes
 * "linux-rt"), its histograms are copied under the new names, and run.txt
 * says which kernel and which note each suffix had.
 *
 * What would make the rows incomparable is refused, before anything is
 * written: another platform, CPU model or real-time CPU, other window
 * lengths, or two rows of the same scenario and mode.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bench_csv.h"
#include "bench_results.h"
#include "cli.h"

#define MERGE_MAX_SOURCES 8
#define MERGE_MODE_MAX 32
#define HIST_MAX_BYTES (4u << 20)

struct source {
	char dir[512];
	const char *suffix; /* "" for none */
	struct bench_saved s;
};

struct merge {
	const char *out;
	unsigned int n;
	struct source src[MERGE_MAX_SOURCES];
	char err[1024];
};

static bool suffix_ok(const char *s)
{
	if (!*s || strlen(s) > 16)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return false;
	return true;
}

/* SRC[:SUFFIX]: the text after the last ':' is a suffix if it is one. */
static int parse_source(const char *arg, struct source *src)
{
	const char *colon = strrchr(arg, ':');
	size_t dlen = colon ? (size_t)(colon - arg) : strlen(arg);

	if (dlen >= sizeof(src->dir))
		return cli_usage_error("'%.40s...' is too long", arg);
	if (colon && !suffix_ok(colon + 1))
		return cli_usage_error("'%s': the suffix after ':' is 1 to 16 "
				       "of a-z, 0-9 and '_'",
				       arg);
	memcpy(src->dir, arg, dlen);
	src->dir[dlen] = '\0';
	src->suffix = colon ? colon + 1 : "";
	return 0;
}

static void merged_mode(const struct source *src, const char *mode, char *buf,
			size_t len)
{
	snprintf(buf, len, "%s%s%s", mode, *src->suffix ? "-" : "",
		 src->suffix);
}

/* Keys every source must share, or the rows do not compare. */
static const enum bench_key same_keys[] = {
	KEY_PLATFORM, KEY_CPU_MODEL, KEY_RT_CPU, KEY_WARMUP_NS, KEY_DURATION_NS,
};

static int check_sources(struct merge *m)
{
	const struct source *a = &m->src[0];

	for (unsigned int i = 1; i < m->n; i++) {
		const struct source *b = &m->src[i];

		for (unsigned int k = 0;
		     k < sizeof(same_keys) / sizeof(same_keys[0]); k++) {
			enum bench_key key = same_keys[k];

			if (strcmp(a->s.run[key], b->s.run[key]))
				return cli_error("%s: %s '%s' differs from "
						 "%s's '%s'",
						 b->dir, bench_key_name(key),
						 b->s.run[key], a->dir,
						 a->s.run[key]);
		}
	}
	/* every scenario and mode once, after renaming */
	for (unsigned int i = 0; i < m->n; i++) {
		for (unsigned int r = 0; r < m->src[i].s.num_rows; r++) {
			const struct bench_saved_row *x = &m->src[i].s.rows[r];
			char mx[MERGE_MODE_MAX];

			merged_mode(&m->src[i], x->text[COL_MODE], mx,
				    sizeof(mx));
			if (strlen(x->text[COL_MODE]) +
				    strlen(m->src[i].suffix) + 1 >=
			    sizeof(mx))
				return cli_error("%s: mode '%s' is too long "
						 "with suffix '%s'",
						 m->src[i].dir,
						 x->text[COL_MODE],
						 m->src[i].suffix);
			for (unsigned int j = 0; j <= i; j++) {
				unsigned int end =
					j == i ? r : m->src[j].s.num_rows;

				for (unsigned int q = 0; q < end; q++) {
					const struct bench_saved_row *y =
						&m->src[j].s.rows[q];
					char my[MERGE_MODE_MAX];

					merged_mode(&m->src[j],
						    y->text[COL_MODE], my,
						    sizeof(my));
					if (!strcmp(x->text[COL_SCENARIO],
						    y->text[COL_SCENARIO]) &&
					    !strcmp(mx, my))
						return cli_error(
							"%s and %s both have "
							"scenario %s, mode %s: "
							"give one a suffix "
							"(DIR:rt)",
							m->src[j].dir,
							m->src[i].dir,
							x->text[COL_SCENARIO],
							mx);
				}
			}
		}
	}
	return 0;
}

/* --- writing --- */

static FILE *create(const struct merge *m, const char *name)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", m->out, name);
	f = fopen(path, "w");
	if (!f)
		cli_error("cannot write %s: %s", path, strerror(errno));
	return f;
}

static int finish(const struct merge *m, FILE *f, const char *name)
{
	bool bad = ferror(f);

	if (fclose(f) || bad)
		return cli_error("writing %s/%s failed", m->out, name);
	return 0;
}

/* "VALUE (SOURCE)" for each source, or VALUE once where all agree. */
static void per_source(FILE *f, const struct merge *m, enum bench_key key)
{
	bool same = true;

	for (unsigned int i = 1; i < m->n; i++)
		same &= !strcmp(m->src[i].s.run[key], m->src[0].s.run[key]);
	if (same) {
		fputs(m->src[0].s.run[key], f);
		return;
	}
	for (unsigned int i = 0; i < m->n; i++)
		fprintf(f, "%s%s (%s%s)", i ? "; " : "", m->src[i].s.run[key],
			*m->src[i].suffix ? "modes -" : "no suffix",
			m->src[i].suffix);
}

static int write_run_txt(const struct merge *m, int argc, char **argv)
{
	unsigned int rows = 0;
	FILE *f = create(m, "run.txt");

	if (!f)
		return 1;
	for (unsigned int i = 0; i < m->n; i++)
		rows += m->src[i].s.num_rows;
	fprintf(f, "%s=%d\n", bench_key_name(KEY_SCHEMA), BENCH_SCHEMA_VERSION);
	/* the first source's date: when the merged measurement began */
	fprintf(f, "%s=%s\n", bench_key_name(KEY_DATE),
		m->src[0].s.run[KEY_DATE]);
	fprintf(f, "%s=bulkhead bench", bench_key_name(KEY_COMMAND));
	for (int i = 0; i < argc; i++)
		fprintf(f, " %s", argv[i]);
	fputc('\n', f);
	for (enum bench_key k = KEY_PLATFORM; k < KEY_ROWS; k++) {
		fprintf(f, "%s=", bench_key_name(k));
		if (k == KEY_TSC_KHZ) {
			/* one machine: boots differ only in calibration */
			fputs(m->src[0].s.run[k], f);
		} else if (k == KEY_NOTE) {
			/* each source's own command comes with its note */
			for (unsigned int i = 0; i < m->n; i++)
				fprintf(f, "%s%s%s: %s [%s]", i ? " | " : "",
					*m->src[i].suffix ? "modes -" :
							    "no suffix",
					m->src[i].suffix, m->src[i].s.run[k],
					m->src[i].s.run[KEY_COMMAND]);
		} else {
			per_source(f, m, k);
		}
		fputc('\n', f);
	}
	fprintf(f, "%s=%u\n", bench_key_name(KEY_ROWS), rows);
	return finish(m, f, "run.txt");
}

static int write_csv(const struct merge *m)
{
	FILE *f = create(m, "results.csv");

	if (!f)
		return 1;
	for (enum bench_col c = 0; c < BENCH_NUM_COLS; c++)
		fprintf(f, "%s%s", c ? "," : "", bench_col_name(c));
	fputc('\n', f);
	for (unsigned int i = 0; i < m->n; i++) {
		for (unsigned int r = 0; r < m->src[i].s.num_rows; r++) {
			const struct bench_saved_row *row =
				&m->src[i].s.rows[r];
			char mode[MERGE_MODE_MAX];

			merged_mode(&m->src[i], row->text[COL_MODE], mode,
				    sizeof(mode));
			for (enum bench_col c = 0; c < BENCH_NUM_COLS; c++) {
				if (c)
					fputc(',', f);
				bench_csv_put(f, c == COL_MODE ? mode :
								 row->text[c]);
			}
			fputc('\n', f);
		}
	}
	return finish(m, f, "results.csv");
}

/* Copies SRC/hist/S.M.EXT to OUT/hist/S.M-SUFFIX.EXT; @optional: may lack. */
static int copy_hist(struct merge *m, const struct source *src,
		     const struct bench_saved_row *row, const char *ext,
		     bool optional)
{
	char from[800], name[256], mode[MERGE_MODE_MAX], *text;
	struct stat st;
	FILE *f;
	int ret;

	snprintf(from, sizeof(from), "%s/hist/%s.%s.%s", src->dir,
		 row->text[COL_SCENARIO], row->text[COL_MODE], ext);
	if (optional && stat(from, &st) && errno == ENOENT)
		return 0;
	text = bench_read_text(from, HIST_MAX_BYTES, m->err, sizeof(m->err));
	if (!text)
		return cli_error("%s", m->err);
	merged_mode(src, row->text[COL_MODE], mode, sizeof(mode));
	snprintf(name, sizeof(name), "hist/%s.%s.%s", row->text[COL_SCENARIO],
		 mode, ext);
	f = create(m, name);
	if (!f) {
		free(text);
		return 1;
	}
	fputs(text, f);
	free(text);
	ret = finish(m, f, name);
	return ret;
}

static int write_hists(struct merge *m)
{
	char hdir[600];

	snprintf(hdir, sizeof(hdir), "%s/hist", m->out);
	if (mkdir(hdir, 0755) && errno != EEXIST)
		return cli_error("cannot create %s: %s", hdir, strerror(errno));
	for (unsigned int i = 0; i < m->n; i++) {
		for (unsigned int r = 0; r < m->src[i].s.num_rows; r++) {
			const struct bench_saved_row *row =
				&m->src[i].s.rows[r];

			if (copy_hist(m, &m->src[i], row, "lat", false) ||
			    copy_hist(m, &m->src[i], row, "exec",
				      bench_mode_is_cyclictest(
					      row->text[COL_MODE])))
				return 1;
		}
	}
	return 0;
}

/* The output is none of the sources: merging would overwrite one. */
static int check_out(const struct merge *m)
{
	struct stat so, ss;

	if (stat(m->out, &so))
		return 0;
	for (unsigned int i = 0; i < m->n; i++)
		if (!stat(m->src[i].dir, &ss) && ss.st_dev == so.st_dev &&
		    ss.st_ino == so.st_ino)
			return cli_error("%s is also a source", m->out);
	return 0;
}

static int run_merge(int argc, char **argv)
{
	static struct merge m;
	int ret = 1;

	memset(&m, 0, sizeof(m));
	if (argc < 4)
		return cli_usage_error("expects OUT and at least two sources");
	if (argc - 2 > MERGE_MAX_SOURCES)
		return cli_usage_error("at most %d sources", MERGE_MAX_SOURCES);
	m.out = argv[1];
	for (int a = 2; a < argc; a++)
		if (parse_source(argv[a], &m.src[m.n++]))
			return 2;
	for (unsigned int i = 0; i < m.n; i++) {
		if (bench_saved_load(m.src[i].dir, &m.src[i].s, m.err,
				     sizeof(m.err))) {
			cli_error("%s", m.err);
			goto out;
		}
	}
	if (check_sources(&m) || check_out(&m))
		goto out;
	if (mkdir(m.out, 0755) && errno != EEXIST) {
		cli_error("cannot create %s: %s", m.out, strerror(errno));
		goto out;
	}
	/* the histograms first: a run.txt and results.csv mean complete */
	if (write_hists(&m) || write_csv(&m) || write_run_txt(&m, argc, argv))
		goto out;
	printf("merged: %s\n", m.out);
	ret = 0;
out:
	for (unsigned int i = 0; i < m.n; i++)
		bench_saved_free(&m.src[i].s);
	return ret;
}

const struct command cmd_bench_merge = {
	.name = "bench",
	.sub = "merge",
	.run = run_merge,
	.usage = "OUT SRC[:SUFFIX] SRC[:SUFFIX]...",
	.help = "merge saved bench runs of one machine into one, for one "
		"report\n"
		"\n"
		"Writes OUT/run.txt, OUT/results.csv and OUT/hist/ from up to 8 "
		"saved runs; the modes of a source given as DIR:SUFFIX become "
		"MODE-SUFFIX (linux-rt). The sources must share platform, CPU "
		"model, real-time CPU, warm-up and window length, and no two "
		"rows may have the same scenario and mode. `bench report OUT` "
		"then draws them together.",
};
