// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a saved bench run (bench_csv.h). results.csv is parsed in place:
 * a quoted field only ever gets shorter when its quotes and doubled quotes
 * go, so each field is cut out of the file's own buffer.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_csv.h"
#include "bench_results.h"

#define CSV_MAX_BYTES (16u << 20)
#define RUN_MAX_BYTES (64u << 10)
#define MAX_FIELDS 64

enum col_kind {
	K_TEXT,
	K_NAME, /* part of a file name: hist/SCENARIO.MODE.lat */
	K_COUNT, /* a whole number, or "-" */
	K_US, /* a number, "-" or ">N" */
};

/* Columns a later schema added (`since`) may be absent from older runs'
 * files: they read as "-". */
static const struct {
	const char *name;
	enum col_kind kind;
	int since;
} cols[BENCH_NUM_COLS] = {
	[COL_SCENARIO] = { "scenario", K_NAME },
	[COL_MODE] = { "mode", K_NAME },
	[COL_HYPERVISOR] = { "hypervisor", K_TEXT },
	[COL_WORKLOAD] = { "workload", K_TEXT },
	[COL_METHOD] = { "method", K_TEXT },
	[COL_SIZE] = { "size", K_COUNT },
	[COL_PERIOD_US] = { "period_us", K_COUNT },
	[COL_WAIT] = { "wait", K_TEXT },
	[COL_PERIODS] = { "periods", K_COUNT },
	[COL_N] = { "n", K_COUNT },
	[COL_MISSED] = { "missed", K_COUNT },
	[COL_LAT_MIN] = { "lat_min_us", K_US },
	[COL_LAT_MEAN] = { "lat_mean_us", K_US },
	[COL_LAT_P50] = { "lat_p50_us", K_US },
	[COL_LAT_P99] = { "lat_p99_us", K_US },
	[COL_LAT_P999] = { "lat_p99.9_us", K_US },
	[COL_LAT_P9999] = { "lat_p99.99_us", K_US },
	[COL_LAT_MAX] = { "lat_max_us", K_US },
	[COL_LAT_OVERFLOW] = { "lat_overflow", K_COUNT },
	[COL_EXEC_MIN] = { "exec_min_us", K_US },
	[COL_EXEC_MEAN] = { "exec_mean_us", K_US },
	[COL_EXEC_P50] = { "exec_p50_us", K_US },
	[COL_EXEC_P99] = { "exec_p99_us", K_US },
	[COL_EXEC_P999] = { "exec_p99.9_us", K_US },
	[COL_EXEC_P9999] = { "exec_p99.99_us", K_US },
	[COL_EXEC_MAX] = { "exec_max_us", K_US },
	[COL_EXEC_OVERFLOW] = { "exec_overflow", K_COUNT },
	[COL_EXITS] = { "exits", K_COUNT },
	[COL_REGULATION] = { "regulation", K_TEXT, 2 },
	[COL_REGULATED] = { "regulated", K_COUNT, 2 },
	[COL_REG_REFUSED] = { "reg_refused", K_COUNT, 2 },
	[COL_ROOT_EXITS_S] = { "root_exits_per_s", K_US, 2 },
	[COL_ROOT_BOGO_S] = { "root_bogo_ops_per_s", K_US, 3 },
	[COL_RESULT] = { "result", K_TEXT },
	[COL_PROBLEMS] = { "problems", K_TEXT },
	[COL_PLATFORM] = { "platform", K_TEXT },
};

static const char *const keys[BENCH_NUM_KEYS] = {
	[KEY_SCHEMA] = "schema",
	[KEY_DATE] = "date",
	[KEY_COMMAND] = "command",
	[KEY_PLATFORM] = "platform",
	[KEY_NOTE] = "note",
	[KEY_CPU_MODEL] = "cpu_model",
	[KEY_KERNEL] = "kernel",
	[KEY_TSC_KHZ] = "tsc_khz",
	[KEY_RT_CPU] = "rt_cpu",
	[KEY_WARMUP_NS] = "warmup_ns",
	[KEY_DURATION_NS] = "duration_ns",
	[KEY_ROWS] = "rows",
};

const char *bench_col_name(enum bench_col c)
{
	return cols[c].name;
}

const char *bench_key_name(enum bench_key k)
{
	return keys[k];
}

void bench_csv_put(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, f);
	}
	fputc('"', f);
}

bool bench_mode_is_cyclictest(const char *mode)
{
	return !strncmp(mode, "cyclictest", 10) &&
	       (!mode[10] || mode[10] == '-');
}

static int __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

char *bench_read_text(const char *path, size_t max, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	size_t len = 0, cap = 4096;
	char *buf = NULL;

	if (!f) {
		fail(err, errlen, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		char *b = realloc(buf, cap);

		if (!b) {
			fail(err, errlen, "out of memory reading %s", path);
			goto out;
		}
		buf = b;
		len += fread(buf + len, 1, cap - len - 1, f);
		if (len + 1 < cap)
			break; /* the end, or an error */
		if (cap > max) {
			fail(err, errlen, "%s is larger than %zu bytes", path,
			     max);
			goto out;
		}
		cap *= 2;
	}
	if (ferror(f)) {
		fail(err, errlen, "cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	if (memchr(buf, '\0', len)) {
		fail(err, errlen, "%s is not text: it holds a NUL byte", path);
		goto out;
	}
	buf[len] = '\0';
	fclose(f);
	return buf;
out:
	free(buf);
	fclose(f);
	return NULL;
}

/* --- results.csv --- */

struct csv {
	char *p; /* where reading goes on */
	unsigned int line; /* of p */
	const char *path;
	char *err;
	size_t errlen;
	const char *absent; /* a later schema's column not in the header */
	int absent_since; /* the earliest schema of such a column */
};

static bool at_line_end(const char *p)
{
	return *p == '\n' || (*p == '\r' && p[1] == '\n') || !*p;
}

/*
 * The next field, cut in place and NUL-terminated; *@last is set when it
 * ended its record. Newlines inside quotes count towards the line number.
 */
static int csv_field(struct csv *c, unsigned int rec_line, char **field,
		     bool *last)
{
	char *p = c->p, *w = p;

	*field = w;
	if (*p == '"') {
		for (p++;; p++) {
			if (!*p)
				return fail(c->err, c->errlen,
					    "%s line %u: a quoted field is not "
					    "closed",
					    c->path, rec_line);
			if (*p == '"' && p[1] != '"')
				break;
			if (*p == '"')
				p++; /* "" is one quote */
			else if (*p == '\n')
				c->line++;
			*w++ = *p;
		}
		p++;
		if (*p != ',' && !at_line_end(p))
			return fail(c->err, c->errlen,
				    "%s line %u: text after a closing quote",
				    c->path, rec_line);
	} else {
		for (; *p != ',' && !at_line_end(p); p++) {
			if (*p == '"')
				return fail(c->err, c->errlen,
					    "%s line %u: a quote inside an "
					    "unquoted field",
					    c->path, rec_line);
			*w++ = *p;
		}
	}
	*last = *p != ',';
	if (*p == '\r')
		p++;
	if (*p) {
		if (*p == '\n')
			c->line++;
		p++;
	}
	*w = '\0'; /* w <= the delimiter just passed, never past it */
	c->p = p;
	return 0;
}

/* One record into @f; 0 fields at the end of the text. */
static int csv_record(struct csv *c, char **f, unsigned int *n,
		      unsigned int *rec_line)
{
	bool last = false;

	*n = 0;
	/* blank lines carry nothing */
	while (*c->p == '\n' || (*c->p == '\r' && c->p[1] == '\n')) {
		c->p += *c->p == '\r' ? 2 : 1;
		c->line++;
	}
	if (!*c->p)
		return 0;
	*rec_line = c->line;
	while (!last) {
		if (*n == MAX_FIELDS)
			return fail(c->err, c->errlen,
				    "%s line %u: more than %d fields", c->path,
				    *rec_line, MAX_FIELDS);
		if (csv_field(c, *rec_line, &f[(*n)++], &last))
			return -1;
	}
	return 0;
}

static bool is_decimal(const char *s, bool fraction)
{
	bool digits = false, point = false;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits = true;
		else if (*s == '.' && fraction && !point && digits)
			point = true;
		else
			return false;
	}
	return digits && s[-1] != '.';
}

static bool is_name(const char *s)
{
	if (!*s || *s == '.')
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '-'))
			return false;
	return true;
}

static int check_field(struct csv *c, unsigned int line, enum bench_col col,
		       const char *t, struct bench_val *v)
{
	const char *num = t;

	v->kind = VAL_NA;
	v->v = 0;
	switch (cols[col].kind) {
	case K_TEXT:
		return 0;
	case K_NAME:
		if (strlen(t) > 31 || !is_name(t))
			return fail(c->err, c->errlen,
				    "%s line %u: %s '%.40s' is not a name of "
				    "up to 31 letters, digits, '.', '_' and "
				    "'-'",
				    c->path, line, cols[col].name, t);
		return 0;
	case K_COUNT:
	case K_US:
		break;
	}
	if (!strcmp(t, "-"))
		return 0;
	if (cols[col].kind == K_US && *t == '>')
		num++;
	if (!is_decimal(num, cols[col].kind == K_US))
		return fail(c->err, c->errlen,
			    "%s line %u: %s is '%.40s', not %s", c->path, line,
			    cols[col].name, t,
			    cols[col].kind == K_US ?
				    "a number of us, '-' or '>N'" :
				    "a whole number or '-'");
	v->kind = num == t ? VAL_EXACT : VAL_MORE;
	v->v = strtod(num, NULL);
	return 0;
}

/* The header: where each of our columns is; extra columns are ignored. */
static int csv_header(struct csv *c, char **f, unsigned int n,
		      unsigned int line, int *where)
{
	for (int col = 0; col < BENCH_NUM_COLS; col++) {
		where[col] = -1;
		for (unsigned int i = 0; i < n; i++) {
			if (strcmp(f[i], cols[col].name))
				continue;
			if (where[col] >= 0)
				return fail(c->err, c->errlen,
					    "%s line %u: column '%s' twice",
					    c->path, line, cols[col].name);
			where[col] = (int)i;
		}
		if (where[col] < 0 && cols[col].since > 1) {
			/* an older schema's: run.txt says whether that is
			 * right */
			if (!c->absent || cols[col].since < c->absent_since) {
				c->absent = cols[col].name;
				c->absent_since = cols[col].since;
			}
			continue;
		}
		if (where[col] < 0)
			return fail(c->err, c->errlen,
				    "%s line %u: no column '%s' (is this a "
				    "bench run's results.csv?)",
				    c->path, line, cols[col].name);
	}
	return 0;
}

static int add_row(struct csv *c, struct bench_saved *s, char **f,
		   unsigned int n, unsigned int header_n, const int *where,
		   unsigned int line)
{
	struct bench_saved_row *r, *rows;
	const struct bench_saved_row *dup;

	if (n != header_n)
		return fail(c->err, c->errlen,
			    "%s line %u: %u fields, but the header has %u",
			    c->path, line, n, header_n);
	rows = realloc(s->rows, (s->num_rows + 1) * sizeof(*rows));
	if (!rows)
		return fail(c->err, c->errlen, "out of memory for %s", c->path);
	s->rows = rows;
	r = &rows[s->num_rows];
	r->line = line;
	for (int col = 0; col < BENCH_NUM_COLS; col++) {
		r->text[col] = where[col] < 0 ? "-" : f[where[col]];
		if (check_field(c, line, col, r->text[col], &r->val[col]))
			return -1;
	}
	dup = bench_saved_find(s, r->text[COL_SCENARIO], r->text[COL_MODE]);
	if (dup)
		return fail(c->err, c->errlen,
			    "%s line %u: a second row of %s, %s (the first "
			    "is line %u)",
			    c->path, line, r->text[COL_SCENARIO],
			    r->text[COL_MODE], dup->line);
	s->num_rows++;
	return 0;
}

static int load_csv(struct bench_saved *s, char *err, size_t errlen)
{
	char path[600], *f[MAX_FIELDS];
	struct csv c = { .line = 1, .path = path, .err = err, .errlen = errlen };
	unsigned int n, header_n, line = 1;
	int where[BENCH_NUM_COLS];

	snprintf(path, sizeof(path), "%s/results.csv", s->dir);
	s->csv_text = bench_read_text(path, CSV_MAX_BYTES, err, errlen);
	if (!s->csv_text)
		return -1;
	c.p = s->csv_text;
	if (csv_record(&c, f, &header_n, &line))
		return -1;
	if (!header_n)
		return fail(err, errlen, "%s is empty: no header line", path);
	if (csv_header(&c, f, header_n, line, where))
		return -1;
	s->absent_col = c.absent;
	s->absent_since = c.absent_since;
	for (;;) {
		if (csv_record(&c, f, &n, &line))
			return -1;
		if (!n)
			return 0;
		if (add_row(&c, s, f, n, header_n, where, line))
			return -1;
	}
}

/* --- run.txt --- */

static int load_run(struct bench_saved *s, char *err, size_t errlen)
{
	char path[600], *line, *next;
	unsigned int no = 0;
	long schema;

	snprintf(path, sizeof(path), "%s/run.txt", s->dir);
	s->run_text = bench_read_text(path, RUN_MAX_BYTES, err, errlen);
	if (!s->run_text)
		return -1;
	for (line = s->run_text; *line; line = next) {
		char *eq, *end = strchr(line, '\n');

		next = end ? end + 1 : line + strlen(line);
		if (end)
			*end = '\0';
		else
			end = next;
		no++;
		if (end > line && end[-1] == '\r')
			end[-1] = '\0';
		if (!*line)
			continue;
		eq = strchr(line, '=');
		if (!eq)
			return fail(err, errlen,
				    "%s line %u: no '=' in '%.40s'", path, no,
				    line);
		*eq = '\0';
		/* keys we do not know are a later schema's additions */
		for (int k = 0; k < BENCH_NUM_KEYS; k++)
			if (!strcmp(line, keys[k]))
				s->run[k] = eq + 1;
	}
	for (int k = 0; k < BENCH_NUM_KEYS; k++)
		if (!s->run[k])
			return fail(err, errlen, "%s: no '%s=' line", path,
				    keys[k]);
	schema = strtol(s->run[KEY_SCHEMA], NULL, 10);
	if (schema < 1 || schema > BENCH_SCHEMA_VERSION ||
	    !is_decimal(s->run[KEY_SCHEMA], false))
		return fail(err, errlen,
			    "%s: schema '%.20s'; this bulkhead reads schemas 1 "
			    "to %d",
			    path, s->run[KEY_SCHEMA], BENCH_SCHEMA_VERSION);
	if (s->absent_col && schema >= s->absent_since)
		return fail(err, errlen,
			    "%s/results.csv: no column '%s', which schema %ld "
			    "has",
			    s->dir, s->absent_col, schema);
	return 0;
}

int bench_saved_load(const char *dir, struct bench_saved *s, char *err,
		     size_t errlen)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	/* results.csv first: without it the directory is no run at all */
	if (load_csv(s, err, errlen) || load_run(s, err, errlen))
		return -1;
	/* an interrupted run writes the rows it has and says how many */
	if (!is_decimal(s->run[KEY_ROWS], false) ||
	    strtoul(s->run[KEY_ROWS], NULL, 10) != s->num_rows)
		return fail(err, errlen,
			    "%s/run.txt says rows=%.20s, but results.csv has "
			    "%u rows",
			    dir, s->run[KEY_ROWS], s->num_rows);
	return 0;
}

void bench_saved_free(struct bench_saved *s)
{
	free(s->rows);
	free(s->csv_text);
	free(s->run_text);
	memset(s, 0, sizeof(*s));
}

const struct bench_saved_row *bench_saved_find(const struct bench_saved *s,
					       const char *scenario,
					       const char *mode)
{
	for (unsigned int i = 0; i < s->num_rows; i++)
		if (!strcmp(s->rows[i].text[COL_SCENARIO], scenario) &&
		    !strcmp(s->rows[i].text[COL_MODE], mode))
			return &s->rows[i];
	return NULL;
}

void bench_val_text(const struct bench_saved_row *r, enum bench_col c,
		    char *buf, size_t len)
{
	if (r->val[c].kind == VAL_MORE)
		snprintf(buf, len, "> %s", r->text[c] + 1);
	else
		snprintf(buf, len, "%s", r->text[c]);
}
