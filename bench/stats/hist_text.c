// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * cyclictest's histogram format, written and read (bench/stats/hist_text.h),
 * and the bench's execution-time variant of it, which one parser reads
 * through a table of the lines that differ.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <stats/hist.h>
#include <stats/hist_text.h>

int hist_write_cyclictest(FILE *f, const struct bh_hist *lat)
{
	uint64_t total = 0, avg_us = 0;
	uint32_t i;

	if (lat->unit_ns != 1000 || !lat->buckets ||
	    lat->buckets > BH_HIST_MAX_BUCKETS)
		return -EINVAL;
	/*
	 * The mean rounded down to the ns, then to the nearest us: the same
	 * as rounding the exact mean to the nearest us, as no half-way point
	 * k * 1000 + 500 lies between the exact mean and its floor.
	 */
	if (lat->n)
		avg_us = (lat->sum_ns / lat->n + 500) / 1000;

	fprintf(f, "# Histogram\n");
	for (i = 0; i < lat->buckets; i++) {
		fprintf(f, "%06" PRIu32 " %06" PRIu32 "\n", i, lat->count[i]);
		total += lat->count[i];
	}
	fprintf(f, "# Total: %09" PRIu64 "\n", total);
	fprintf(f, "# Min Latencies: %05" PRIu64 "\n", lat->min_ns / 1000);
	fprintf(f, "# Avg Latencies: %05" PRIu64 "\n", avg_us);
	fprintf(f, "# Max Latencies: %05" PRIu64 "\n", lat->max_ns / 1000);
	fprintf(f, "# Histogram Overflows: %05" PRIu64 "\n", lat->overflow);
	fprintf(f, "# Histogram Overflow at cycle number:\n");
	fprintf(f, "# Thread 0:\n");
	fprintf(f, "\n");
	return ferror(f) ? -EIO : 0;
}

/* The summary lines after the buckets, in the order cyclictest prints them. */
enum footer {
	FOOT_TOTAL,
	FOOT_MIN,
	FOOT_AVG,
	FOOT_MAX,
	FOOT_OVERFLOWS,
	FOOT_COUNT
};

/* What tells the two text layouts apart. */
struct layout {
	const char *key[FOOT_COUNT];
	/* Min, Avg and Max are in units of @scale_ns, followed by @suffix */
	uint64_t scale_ns;
	const char *suffix;
	/* "# Bucket width: N ns" before "# Histogram", else 1 us buckets */
	bool width_line;
};

static const struct layout cyclictest_layout = {
	.key = {
		[FOOT_TOTAL] = "# Total:",
		[FOOT_MIN] = "# Min Latencies:",
		[FOOT_AVG] = "# Avg Latencies:",
		[FOOT_MAX] = "# Max Latencies:",
		[FOOT_OVERFLOWS] = "# Histogram Overflows:",
	},
	.scale_ns = 1000,
	.suffix = "",
};

static const struct layout exec_layout = {
	.key = {
		[FOOT_TOTAL] = "# Total:",
		[FOOT_MIN] = "# Min:",
		[FOOT_AVG] = "# Avg:",
		[FOOT_MAX] = "# Max:",
		[FOOT_OVERFLOWS] = "# Histogram Overflows:",
	},
	.scale_ns = 1,
	.suffix = " ns",
	.width_line = true,
};

#define WIDTH_KEY "# Bucket width:"

struct parser {
	const struct layout *lay;
	unsigned int thread;
	unsigned int line; /* the current line, from 1 */
	char *err;
	size_t errlen;
};

static int __attribute__((format(printf, 3, 4)))
fail(struct parser *p, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (!p->err || !p->errlen)
		return -EINVAL;
	len = snprintf(p->err, p->errlen, "line %u: ", line);
	if (len >= 0 && (size_t)len < p->errlen) {
		va_start(ap, fmt);
		vsnprintf(p->err + len, p->errlen - len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Whether the line [s, e) starts with @prefix. */
static bool starts_with(const char *s, const char *e, const char *prefix)
{
	size_t len = strlen(prefix);

	return (size_t)(e - s) >= len && !memcmp(s, prefix, len);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

enum token { TOK_END, TOK_NUMBER, TOK_BAD };

/*
 * The next blank-separated token of [*s, e), as a zero-padded decimal
 * number in *@v. TOK_BAD if it is not one (or does not fit 64 bits); its
 * text is then at *@tok, *@toklen long.
 */
static enum token next_number(const char **s, const char *e, uint64_t *v,
			      const char **tok, int *toklen)
{
	const char *t = *s, *end;
	char buf[32];
	size_t len;

	while (t < e && is_blank(*t))
		t++;
	if (t == e) {
		*s = t;
		return TOK_END;
	}
	for (end = t; end < e && !is_blank(*end); end++)
		;
	*s = end;
	*tok = t;
	len = end - t;
	*toklen = len > 40 ? 40 : (int)len;
	if (len >= sizeof(buf))
		return TOK_BAD;
	for (size_t i = 0; i < len; i++)
		if (t[i] < '0' || t[i] > '9')
			return TOK_BAD;
	memcpy(buf, t, len);
	buf[len] = '\0';
	/* base 10: the zero padding must not make "000131" octal */
	errno = 0;
	*v = strtoull(buf, NULL, 10);
	return errno ? TOK_BAD : TOK_NUMBER;
}

/*
 * Column @p->thread of the numbers in [s, e), the rest of a line that
 * @what names in messages; every token must be a number.
 */
static int pick_column(struct parser *p, const char *s, const char *e,
		       const char *what, uint64_t *v)
{
	unsigned int col = 0;
	const char *tok = "";
	int toklen = 0;
	uint64_t x;

	for (;;) {
		switch (next_number(&s, e, &x, &tok, &toklen)) {
		case TOK_END:
			if (col <= p->thread)
				return fail(
					p, p->line,
					"%s has no column for thread %u (%u column%s)",
					what, p->thread, col,
					col == 1 ? "" : "s");
			return 0;
		case TOK_BAD:
			return fail(
				p, p->line,
				"malformed %s: '%.*s' is not a decimal number",
				what, toklen, tok);
		case TOK_NUMBER:
			if (col++ == p->thread)
				*v = x;
			break;
		}
	}
}

struct buckets {
	bool any; /* a bucket line was read */
	uint32_t last; /* its number */
	uint64_t sum; /* of the thread's counts */
};

static int parse_bucket(struct parser *p, const char *s, const char *e,
			struct buckets *b, struct bh_hist *out)
{
	const char *tok = "";
	int toklen = 0;
	uint64_t number, count = 0;
	int ret;

	if (next_number(&s, e, &number, &tok, &toklen) != TOK_NUMBER)
		return fail(
			p, p->line,
			"malformed bucket line: '%.*s' is not a bucket number",
			toklen, tok);
	if (number >= BH_HIST_MAX_BUCKETS)
		return fail(p, p->line,
			    "bucket %" PRIu64
			    " is past the last one we hold (%u)",
			    number, BH_HIST_MAX_BUCKETS - 1);
	if (b->any && number <= b->last)
		return fail(p, p->line,
			    "bucket %" PRIu64
			    " out of order: it comes after bucket %" PRIu32,
			    number, b->last);
	ret = pick_column(p, s, e, "bucket line", &count);
	if (ret)
		return ret;
	if (count > UINT32_MAX)
		return fail(p, p->line,
			    "bucket %" PRIu64 " count %" PRIu64
			    " is too large (32 bits)",
			    number, count);
	out->count[number] = (uint32_t)count;
	b->any = true;
	b->last = (uint32_t)number;
	b->sum += count;
	return 0;
}

/* Puts the footer values into @out once every line is read. */
static int finish(struct parser *p, const uint64_t *val, const unsigned int *at,
		  const struct buckets *b, uint32_t unit_ns,
		  struct bh_hist *out)
{
	uint64_t n, scale = p->lay->scale_ns;

	if (at[FOOT_TOTAL] && val[FOOT_TOTAL] != b->sum)
		return fail(p, at[FOOT_TOTAL],
			    "'# Total:' says %" PRIu64
			    " for thread %u but its buckets add up to %" PRIu64,
			    val[FOOT_TOTAL], p->thread, b->sum);
	if (__builtin_add_overflow(b->sum, val[FOOT_OVERFLOWS], &n))
		return fail(p, at[FOOT_OVERFLOWS], "too many overflows");

	out->unit_ns = unit_ns;
	out->buckets = b->last + 1;
	out->overflow = val[FOOT_OVERFLOWS];
	out->n = n;
	if (!n)
		return 0; /* cyclictest's min of an idle thread is a dummy */

	if (__builtin_mul_overflow(val[FOOT_MIN], scale, &out->min_ns))
		return fail(p, at[FOOT_MIN], "minimum too large");
	if (__builtin_mul_overflow(val[FOOT_MAX], scale, &out->max_ns))
		return fail(p, at[FOOT_MAX], "maximum too large");
	if (__builtin_mul_overflow(val[FOOT_AVG], scale, &out->sum_ns) ||
	    __builtin_mul_overflow(out->sum_ns, n, &out->sum_ns))
		return fail(p, at[FOOT_AVG], "average times count too large");
	if (out->min_ns > out->max_ns)
		return fail(p, at[FOOT_MAX],
			    "maximum %" PRIu64 " is below the minimum %" PRIu64
			    " (line %u)",
			    val[FOOT_MAX], val[FOOT_MIN], at[FOOT_MIN]);
	if (!hist_consistent(out))
		return fail(
			p, at[FOOT_MAX],
			"the minimum and maximum (lines %u and %u) disagree with thread %u's buckets and overflows",
			at[FOOT_MIN], at[FOOT_MAX], p->thread);
	return 0;
}

/*
 * The value of the line [s, e) after @key, in the thread's column; @unit,
 * if not "", must end the line (" ns").
 */
static int keyed_value(struct parser *p, const char *s, const char *e,
		       const char *key, const char *unit, uint64_t *v)
{
	size_t ulen = strlen(unit);
	char what[40];

	snprintf(what, sizeof(what), "'%s' line", key);
	if (ulen) {
		if ((size_t)(e - s) < strlen(key) + ulen ||
		    memcmp(e - ulen, unit, ulen))
			return fail(p, p->line, "%s does not end in '%s'", what,
				    unit + (unit[0] == ' '));
		e -= ulen;
	}
	return pick_column(p, s + strlen(key), e, what, v);
}

/* "# Bucket width: N ns", the one line of the header that we read. */
static int parse_width(struct parser *p, const char *s, const char *e,
		       unsigned int *width_line, uint32_t *unit_ns)
{
	uint64_t v = 0;
	int ret;

	if (*width_line)
		return fail(p, p->line,
			    "a second '" WIDTH_KEY
			    "' line (the first is line %u)",
			    *width_line);
	ret = keyed_value(p, s, e, WIDTH_KEY, " ns", &v);
	if (ret)
		return ret;
	if (!v || v > UINT32_MAX)
		return fail(p, p->line,
			    "bucket width %" PRIu64 " ns is not 1 to 2^32 - 1",
			    v);
	*unit_ns = (uint32_t)v;
	*width_line = p->line;
	return 0;
}

static int parse_text(const char *text, const struct layout *lay,
		      unsigned int thread, struct bh_hist *out, char *err,
		      size_t errlen)
{
	struct parser p = {
		.lay = lay, .thread = thread, .err = err, .errlen = errlen
	};
	uint64_t val[FOOT_COUNT] = { 0 };
	unsigned int at[FOOT_COUNT] = { 0 }; /* line of each, 0: none yet */
	struct buckets b = { 0 };
	unsigned int hist_line = 0, width_line = 0, i;
	uint32_t unit_ns = 1000;
	bool in_footer = false;
	const char *s, *e, *next;
	int ret;

	if (err && errlen)
		err[0] = '\0';
	memset(out, 0, sizeof(*out));

	for (s = text; *s; s = next) {
		e = strchr(s, '\n');
		next = e ? e + 1 : s + strlen(s);
		if (!e)
			e = next;
		p.line++;
		while (e > s && (e[-1] == '\r' || is_blank(e[-1])))
			e--;

		if (e - s == 11 && !memcmp(s, "# Histogram", 11)) {
			if (hist_line)
				return fail(
					&p, p.line,
					"a second '# Histogram' line (the first is line %u)",
					hist_line);
			if (lay->width_line && !width_line)
				return fail(&p, p.line,
					    "'# Histogram' and no '" WIDTH_KEY
					    "' line before it");
			hist_line = p.line;
			continue;
		}
		if (!hist_line) {
			if (lay->width_line && starts_with(s, e, WIDTH_KEY)) {
				ret = parse_width(&p, s, e, &width_line,
						  &unit_ns);
				if (ret)
					return ret;
			}
			continue;
		}
		if (s == e || starts_with(s, e, "T:"))
			continue;

		if (*s >= '0' && *s <= '9') {
			if (in_footer)
				return fail(
					&p, p.line,
					"bucket line after the summary lines");
			ret = parse_bucket(&p, s, e, &b, out);
			if (ret)
				return ret;
			continue;
		}
		if (*s != '#')
			return fail(&p, p.line, "unexpected text '%.*s'",
				    e - s > 40 ? 40 : (int)(e - s), s);

		for (i = 0; i < FOOT_COUNT; i++)
			if (starts_with(s, e, lay->key[i]))
				break;
		if (i == FOOT_COUNT)
			continue; /* another comment */
		if (at[i])
			return fail(&p, p.line,
				    "a second '%s' line (the first is line %u)",
				    lay->key[i], at[i]);
		/* counts have no unit; Min, Avg and Max have the layout's */
		ret = keyed_value(&p, s, e, lay->key[i],
				  i == FOOT_TOTAL || i == FOOT_OVERFLOWS ?
					  "" :
					  lay->suffix,
				  &val[i]);
		if (ret)
			return ret;
		at[i] = p.line;
		in_footer = true;
	}

	if (!hist_line)
		return fail(&p, p.line,
			    "end of text, and no '# Histogram' line");
	if (!b.any)
		return fail(&p, hist_line, "'# Histogram' but no bucket lines");
	for (i = 0; i < FOOT_COUNT; i++)
		if (i != FOOT_TOTAL && !at[i])
			return fail(&p, p.line, "end of text, and no '%s' line",
				    lay->key[i]);
	return finish(&p, val, at, &b, unit_ns, out);
}

int hist_parse_cyclictest(const char *text, unsigned int thread,
			  struct bh_hist *out, char *err, size_t errlen)
{
	return parse_text(text, &cyclictest_layout, thread, out, err, errlen);
}

int hist_write_exec(FILE *f, const struct bh_hist *h)
{
	uint64_t total = 0;

	if (!h->unit_ns || !h->buckets || h->buckets > BH_HIST_MAX_BUCKETS)
		return -EINVAL;
	fprintf(f, WIDTH_KEY " %" PRIu32 " ns\n# Histogram\n", h->unit_ns);
	for (uint32_t i = 0; i < h->buckets; i++) {
		fprintf(f, "%06" PRIu32 " %06" PRIu32 "\n", i, h->count[i]);
		total += h->count[i];
	}
	fprintf(f, "# Total: %09" PRIu64 "\n", total);
	fprintf(f, "# Min: %" PRIu64 " ns\n# Avg: %" PRIu64 " ns\n", h->min_ns,
		hist_mean_ns(h));
	fprintf(f, "# Max: %" PRIu64 " ns\n", h->max_ns);
	fprintf(f, "# Histogram Overflows: %05" PRIu64 "\n", h->overflow);
	return ferror(f) ? -EIO : 0;
}

int hist_parse_exec(const char *text, struct bh_hist *out, char *err,
		    size_t errlen)
{
	return parse_text(text, &exec_layout, 0, out, err, errlen);
}
