// SPDX-License-Identifier: GPL-2.0
/*
 * printf-style formatting into a character sink. No buffers of unbounded
 * size and no hardware access: the console and the host tests share it.
 */
#include <stdbool.h>
#include <stdint.h>
#include "inmate/fmt.h"

struct fmt_out {
	fmt_sink_t sink;
	void *ctx;
	int count;
};

struct fmt_spec {
	bool left; /* '-' */
	bool zero; /* '0' */
	bool plus; /* '+' */
	bool space; /* ' ' */
	bool alt; /* '#' */
	int width;
	int prec; /* -1: none given */
};

static void put(struct fmt_out *o, char c)
{
	o->sink(c, o->ctx);
	o->count++;
}

static void put_n(struct fmt_out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

static void put_str(struct fmt_out *o, const char *s, const struct fmt_spec *sp)
{
	int len = 0;

	if (!s)
		s = "(null)";
	while (s[len] && (sp->prec < 0 || len < sp->prec))
		len++;
	if (!sp->left)
		put_n(o, ' ', sp->width - len);
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->left)
		put_n(o, ' ', sp->width - len);
}

/*
 * One integer: [spaces][prefix][zeros][digits][spaces]. @prefix is a sign
 * or 0x; @force_prefix keeps 0x for a zero value (%p).
 */
static void put_num(struct fmt_out *o, uint64_t v, bool neg, unsigned int base,
		    bool upper, const struct fmt_spec *sp, bool force_prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	bool is_zero = v == 0;
	char buf[24];
	char prefix[3];
	int n = 0, plen = 0, zeros, len;

	while (v) {
		buf[n++] = digits[v % base];
		v /= base;
	}
	/* C: a zero with precision 0 prints no digits at all */
	if (n == 0 && sp->prec != 0)
		buf[n++] = '0';

	if (neg)
		prefix[plen++] = '-';
	else if (sp->plus)
		prefix[plen++] = '+';
	else if (sp->space)
		prefix[plen++] = ' ';
	/* C: '#' adds 0x to non-zero values only */
	if (base == 16 && (force_prefix || (sp->alt && !is_zero))) {
		prefix[plen++] = '0';
		prefix[plen++] = upper ? 'X' : 'x';
	}

	zeros = sp->prec > n ? sp->prec - n : 0;
	len = plen + zeros + n;
	if (!sp->left && sp->zero && sp->prec < 0 && sp->width > len) {
		zeros += sp->width - len;
		len = sp->width;
	}
	if (!sp->left)
		put_n(o, ' ', sp->width - len);
	for (int i = 0; i < plen; i++)
		put(o, prefix[i]);
	put_n(o, '0', zeros);
	while (n)
		put(o, buf[--n]);
	if (sp->left)
		put_n(o, ' ', sp->width - len);
}

static int parse_int(const char **p)
{
	int v = 0;

	while (**p >= '0' && **p <= '9') {
		if (v < 100000)
			v = v * 10 + (**p - '0');
		(*p)++;
	}
	return v;
}

/* Length modifiers, counted in "l"s: hh = -2, h = -1, none = 0, l = 1... */
enum fmt_len { LEN_HH = -2, LEN_H = -1, LEN_INT = 0, LEN_L = 1, LEN_LL = 2 };

static uint64_t arg_unsigned(va_list *ap, int len)
{
	switch (len) {
	case LEN_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_INT:
		return va_arg(*ap, unsigned int);
	case LEN_L:
		return va_arg(*ap, unsigned long);
	default:
		return va_arg(*ap, unsigned long long);
	}
}

static int64_t arg_signed(va_list *ap, int len)
{
	switch (len) {
	case LEN_HH:
		return (signed char)va_arg(*ap, int);
	case LEN_H:
		return (short)va_arg(*ap, int);
	case LEN_INT:
		return va_arg(*ap, int);
	case LEN_L:
		return va_arg(*ap, long);
	default:
		return va_arg(*ap, long long);
	}
}

static void parse_spec(const char **p, struct fmt_spec *sp, va_list *ap)
{
	*sp = (struct fmt_spec){ .prec = -1 };
	for (;; (*p)++) {
		if (**p == '-')
			sp->left = true;
		else if (**p == '0')
			sp->zero = true;
		else if (**p == '+')
			sp->plus = true;
		else if (**p == ' ')
			sp->space = true;
		else if (**p == '#')
			sp->alt = true;
		else
			break;
	}
	if (**p == '*') {
		sp->width = va_arg(*ap, int);
		/* C: a negative width is the '-' flag and its absolute value */
		if (sp->width < 0) {
			sp->left = true;
			sp->width = sp->width == INT32_MIN ? 0 : -sp->width;
		}
		(*p)++;
	} else {
		sp->width = parse_int(p);
	}
	if (**p == '.') {
		(*p)++;
		if (**p == '*') {
			sp->prec = va_arg(*ap, int);
			if (sp->prec < 0)
				sp->prec = -1;
			(*p)++;
		} else {
			sp->prec = parse_int(p);
		}
	}
}

static int parse_len(const char **p)
{
	int len = LEN_INT;

	if (**p == 'h') {
		(*p)++;
		len = LEN_H;
		if (**p == 'h') {
			(*p)++;
			len = LEN_HH;
		}
	} else if (**p == 'l') {
		(*p)++;
		len = LEN_L;
		if (**p == 'l') {
			(*p)++;
			len = LEN_LL;
		}
	} else if (**p == 'z') {
		(*p)++;
		len = sizeof(size_t) == sizeof(long) ? LEN_L : LEN_LL;
	}
	return len;
}

int fmt_vformat(fmt_sink_t sink, void *ctx, const char *fmt, va_list ap_in)
{
	struct fmt_out o = { .sink = sink, .ctx = ctx };
	const char *p = fmt, *start;
	struct fmt_spec sp;
	va_list ap;
	int64_t sv;
	char c;

	/* a copy, so that helpers can take it by pointer on every ABI */
	va_copy(ap, ap_in);
	while (*p) {
		if (*p != '%') {
			put(&o, *p++);
			continue;
		}
		start = p++;
		parse_spec(&p, &sp, &ap);
		int len = parse_len(&p);

		switch (*p) {
		case 'd':
		case 'i':
			sv = arg_signed(&ap, len);
			put_num(&o, sv < 0 ? -(uint64_t)sv : (uint64_t)sv,
				sv < 0, 10, false, &sp, false);
			break;
		case 'u':
			put_num(&o, arg_unsigned(&ap, len), false, 10, false,
				&sp, false);
			break;
		case 'x':
		case 'X':
			sp.plus = sp.space = false;
			put_num(&o, arg_unsigned(&ap, len), false, 16,
				*p == 'X', &sp, false);
			break;
		case 'p':
			sp.plus = sp.space = false;
			put_num(&o, (uintptr_t)va_arg(ap, void *), false, 16,
				false, &sp, true);
			break;
		case 'c':
			c = (char)va_arg(ap, int);
			if (!sp.left)
				put_n(&o, ' ', sp.width - 1);
			put(&o, c);
			if (sp.left)
				put_n(&o, ' ', sp.width - 1);
			break;
		case 's':
			put_str(&o, va_arg(ap, const char *), &sp);
			break;
		case '%':
			put(&o, '%');
			break;
		default:
			/* unknown or truncated: show it rather than guess */
			while (start < p)
				put(&o, *start++);
			if (!*p)
				continue;
			put(&o, *p);
			break;
		}
		p++;
	}
	va_end(ap);
	return o.count;
}

struct fmt_buf {
	char *buf;
	size_t size;
	size_t pos;
};

static void buf_sink(char c, void *ctx)
{
	struct fmt_buf *b = ctx;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_buf b = { .buf = buf, .size = size };
	int n = fmt_vformat(buf_sink, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
