/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A saved `bench run` directory read back (docs/bench.md): run.txt and
 * results.csv, for `bench report` and `bench compare`, which work from the
 * saved data only. Every refusal names the file and, for a line's fault,
 * the line, so that a damaged result is never rendered as a good one.
 */
#ifndef BULKHEAD_CLI_BENCH_CSV_H
#define BULKHEAD_CLI_BENCH_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The columns of results.csv, schema 3; the file may order them freely. */
enum bench_col {
	COL_SCENARIO,
	COL_MODE,
	COL_HYPERVISOR,
	COL_WORKLOAD,
	COL_METHOD,
	COL_SIZE,
	COL_PERIOD_US,
	COL_WAIT,
	COL_PERIODS,
	COL_N,
	COL_MISSED,
	COL_LAT_MIN,
	COL_LAT_MEAN,
	COL_LAT_P50,
	COL_LAT_P99,
	COL_LAT_P999,
	COL_LAT_P9999,
	COL_LAT_MAX,
	COL_LAT_OVERFLOW,
	COL_EXEC_MIN,
	COL_EXEC_MEAN,
	COL_EXEC_P50,
	COL_EXEC_P99,
	COL_EXEC_P999,
	COL_EXEC_P9999,
	COL_EXEC_MAX,
	COL_EXEC_OVERFLOW,
	COL_EXITS,
	COL_REGULATION,
	COL_REGULATED,
	COL_REG_REFUSED,
	COL_ROOT_EXITS_S,
	COL_ROOT_BOGO_S,
	COL_RESULT,
	COL_PROBLEMS,
	COL_PLATFORM,
	BENCH_NUM_COLS
};

/* The keys of run.txt, schema 3. */
enum bench_key {
	KEY_SCHEMA,
	KEY_DATE,
	KEY_COMMAND,
	KEY_PLATFORM,
	KEY_NOTE,
	KEY_CPU_MODEL,
	KEY_KERNEL,
	KEY_TSC_KHZ,
	KEY_RT_CPU,
	KEY_WARMUP_NS,
	KEY_DURATION_NS,
	KEY_ROWS,
	BENCH_NUM_KEYS
};

/*
 * A numeric field: "-" (no value: nothing measured, or n/a), a number, or
 * ">N" for a percentile past the histogram's last bucket, of which only
 * the bound N is known.
 */
enum bench_val_kind { VAL_NA, VAL_EXACT, VAL_MORE };

struct bench_val {
	enum bench_val_kind kind;
	double v; /* the number, or the bound N */
};

struct bench_saved_row {
	unsigned int line; /* in results.csv, from 1 (the header) */
	const char *text[BENCH_NUM_COLS]; /* as written, unquoted */
	struct bench_val val[BENCH_NUM_COLS]; /* numeric columns only */
};

struct bench_saved {
	char dir[512];
	const char *run[BENCH_NUM_KEYS]; /* run.txt's values */
	unsigned int num_rows;
	struct bench_saved_row *rows;
	char *csv_text, *run_text; /* what the pointers above point into */
	const char *absent_col; /* a later schema's column the file lacks */
	int absent_since; /* the schema that column came with */
};

/*
 * Reads DIR/run.txt and DIR/results.csv. Refuses (-1, a message in @err)
 * an unreadable file, a line that is not CSV, a row whose field count
 * differs from the header's, a numeric field that is not one of the forms
 * above, a scenario or mode that is not a plain name (they name files), a
 * second row of a scenario and mode, a missing column or run.txt key, a
 * schema other than 1, and a row count that differs from run.txt's.
 */
int bench_saved_load(const char *dir, struct bench_saved *s, char *err,
		     size_t errlen);
void bench_saved_free(struct bench_saved *s);

/* The row of @scenario and @mode, or NULL. */
const struct bench_saved_row *bench_saved_find(const struct bench_saved *s,
					       const char *scenario,
					       const char *mode);

/* The column's name in the CSV header ("lat_p99_us"). */
const char *bench_col_name(enum bench_col c);

/* The key's name in run.txt ("duration_ns"). */
const char *bench_key_name(enum bench_key k);

/*
 * Writes @s as one CSV field: quoted (quotes doubled) when it holds a
 * comma, a quote or a line break, which becomes a space.
 */
void bench_csv_put(FILE *f, const char *s);

/* Whether @mode is cyclictest's, as run ("cyclictest") or merged
 * ("cyclictest-rt"): it has latencies only. */
bool bench_mode_is_cyclictest(const char *mode);

/*
 * A value for people: "-", the number as written, or "> N" (with a space,
 * so that it does not read as an arrow or a typo).
 */
void bench_val_text(const struct bench_saved_row *r, enum bench_col c,
		    char *buf, size_t len);

/*
 * The whole of @path in a new NUL-terminated buffer; NULL with a message
 * in @err if it cannot be read, holds a NUL byte, or passes @max bytes.
 */
char *bench_read_text(const char *path, size_t max, char *err, size_t errlen);

#endif
