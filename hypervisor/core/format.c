// SPDX-License-Identifier: GPL-2.0
/*
 * snprintf-style formatting for the hypervisor, which has no libc. The same
 * file is linked into the CLI and the unit tests, so that the validator's
 * messages read the same everywhere.
 *
 * Supported: flags '-', '0', '+', ' ', '#'; field width and precision (also
 * '*'); length modifiers hh h l ll z t j; conversions d i u x X o c s p %.
 * No floating point: the hypervisor is built without SSE.
 */
#include <stdarg.h>
#include <bh/printk.h>
#include <bh/types.h>

#define FL_LEFT (1u << 0)
#define FL_ZERO (1u << 1)
#define FL_PLUS (1u << 2)
#define FL_SPACE (1u << 3)
#define FL_ALT (1u << 4)
#define FL_PTR (1u << 5) /* "0x" even for zero */

enum fmt_len { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

struct fmt_out {
	char *buf;
	size_t size;
	size_t pos; /* characters produced so far, stored or not */
};

struct fmt_spec {
	unsigned int flags;
	int width; /* -1: none */
	int prec; /* -1: none */
};

/* Counts every character but stores only what fits before the final NUL. */
static void fmt_put(struct fmt_out *out, char c)
{
	if (out->pos + 1 < out->size)
		out->buf[out->pos] = c;
	out->pos++;
}

static void fmt_pad(struct fmt_out *out, char c, int n)
{
	while (n-- > 0)
		fmt_put(out, c);
}

static void fmt_string(struct fmt_out *out, const char *s,
		       const struct fmt_spec *spec)
{
	int len = 0;

	if (!s)
		s = "(null)";
	/* The precision bounds the read too: %.8s of a non-terminated field. */
	while (s[len] && (spec->prec < 0 || len < spec->prec))
		len++;
	if (!(spec->flags & FL_LEFT))
		fmt_pad(out, ' ', spec->width - len);
	for (int i = 0; i < len; i++)
		fmt_put(out, s[i]);
	if (spec->flags & FL_LEFT)
		fmt_pad(out, ' ', spec->width - len);
}

static void fmt_number(struct fmt_out *out, unsigned long long val, bool neg,
		       unsigned int base, bool upper,
		       const struct fmt_spec *spec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24]; /* 22 octal digits hold 64 bits */
	char prefix[2];
	int ndigits = 0, nprefix = 0, zeros, pad;

	/* C: a zero value with precision 0 prints no digits at all. */
	if (!(val == 0 && spec->prec == 0)) {
		do {
			tmp[ndigits++] = digits[val % base];
			val /= base;
		} while (val);
	}

	if (neg)
		prefix[nprefix++] = '-';
	else if (base == 10 && (spec->flags & FL_PLUS))
		prefix[nprefix++] = '+';
	else if (base == 10 && (spec->flags & FL_SPACE))
		prefix[nprefix++] = ' ';
	else if (base == 16 && (spec->flags & FL_ALT) &&
		 ((ndigits && !(ndigits == 1 && tmp[0] == '0')) ||
		  (spec->flags & FL_PTR))) {
		prefix[nprefix++] = '0';
		prefix[nprefix++] = upper ? 'X' : 'x';
	} else if (base == 8 && (spec->flags & FL_ALT) &&
		   (ndigits == 0 || tmp[ndigits - 1] != '0')) {
		/* '#' with octal guarantees a leading zero digit. */
		tmp[ndigits++] = '0';
	}

	zeros = spec->prec > ndigits ? spec->prec - ndigits : 0;
	pad = spec->width - nprefix - ndigits - zeros;
	/* '0' pads between prefix and digits, unless a precision is given. */
	if ((spec->flags & FL_ZERO) && !(spec->flags & FL_LEFT) &&
	    spec->prec < 0) {
		zeros += pad > 0 ? pad : 0;
		pad = 0;
	}

	if (!(spec->flags & FL_LEFT))
		fmt_pad(out, ' ', pad);
	for (int i = 0; i < nprefix; i++)
		fmt_put(out, prefix[i]);
	fmt_pad(out, '0', zeros);
	while (ndigits)
		fmt_put(out, tmp[--ndigits]);
	if (spec->flags & FL_LEFT)
		fmt_pad(out, ' ', pad);
}

static long long fmt_signed_arg(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
	case LEN_SIZE:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	default:
		return va_arg(*ap, int);
	}
}

static unsigned long long fmt_unsigned_arg(va_list *ap, enum fmt_len len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static bool fmt_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Reads a decimal width or precision, or '*' from the arguments. */
static int fmt_read_count(const char **fmt, va_list *ap)
{
	int n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (fmt_is_digit(**fmt)) {
		if (n < 100000)
			n = n * 10 + (**fmt - '0');
		(*fmt)++;
	}
	return n;
}

static void fmt_parse_flags(const char **fmt, struct fmt_spec *spec)
{
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-':
			spec->flags |= FL_LEFT;
			break;
		case '0':
			spec->flags |= FL_ZERO;
			break;
		case '+':
			spec->flags |= FL_PLUS;
			break;
		case ' ':
			spec->flags |= FL_SPACE;
			break;
		case '#':
			spec->flags |= FL_ALT;
			break;
		default:
			return;
		}
	}
}

static enum fmt_len fmt_parse_length(const char **fmt)
{
	switch (**fmt) {
	case 'h':
		(*fmt)++;
		if (**fmt == 'h') {
			(*fmt)++;
			return LEN_CHAR;
		}
		return LEN_SHORT;
	case 'l':
		(*fmt)++;
		if (**fmt == 'l') {
			(*fmt)++;
			return LEN_LLONG;
		}
		return LEN_LONG;
	case 'j':
		(*fmt)++;
		return LEN_LLONG;
	case 'z':
	case 't':
		(*fmt)++;
		return LEN_SIZE;
	default:
		return LEN_INT;
	}
}

/*
 * Formats one conversion starting after its '%'. Returns false for an
 * unknown conversion character, which the caller then copies literally.
 */
static bool fmt_convert(struct fmt_out *out, const char **fmt, va_list *ap)
{
	struct fmt_spec spec = { .flags = 0, .width = -1, .prec = -1 };
	enum fmt_len len;
	long long sval;
	char c;

	fmt_parse_flags(fmt, &spec);
	if (fmt_is_digit(**fmt) || **fmt == '*') {
		spec.width = fmt_read_count(fmt, ap);
		if (spec.width < 0) {
			/* C: a negative '*' width means left-justified. */
			spec.flags |= FL_LEFT;
			spec.width = spec.width < -100000 ? 100000 :
							    -spec.width;
		}
	}
	if (**fmt == '.') {
		(*fmt)++;
		spec.prec = fmt_read_count(fmt, ap);
		if (spec.prec < 0)
			spec.prec = -1;
	}
	len = fmt_parse_length(fmt);

	c = **fmt;
	switch (c) {
	case 'd':
	case 'i':
		sval = fmt_signed_arg(ap, len);
		fmt_number(out,
			   sval < 0 ? 0ull - (unsigned long long)sval :
				      (unsigned long long)sval,
			   sval < 0, 10, false, &spec);
		break;
	case 'u':
		fmt_number(out, fmt_unsigned_arg(ap, len), false, 10, false,
			   &spec);
		break;
	case 'x':
	case 'X':
		fmt_number(out, fmt_unsigned_arg(ap, len), false, 16, c == 'X',
			   &spec);
		break;
	case 'o':
		fmt_number(out, fmt_unsigned_arg(ap, len), false, 8, false,
			   &spec);
		break;
	case 'p':
		spec.flags |= FL_ALT | FL_PTR;
		fmt_number(out, (uintptr_t)va_arg(*ap, void *), false, 16,
			   false, &spec);
		break;
	case 'c':
		if (!(spec.flags & FL_LEFT))
			fmt_pad(out, ' ', spec.width - 1);
		fmt_put(out, (char)va_arg(*ap, int));
		if (spec.flags & FL_LEFT)
			fmt_pad(out, ' ', spec.width - 1);
		break;
	case 's':
		fmt_string(out, va_arg(*ap, const char *), &spec);
		break;
	case '%':
		fmt_put(out, '%');
		break;
	default:
		return false;
	}
	(*fmt)++;
	return true;
}

int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct fmt_out out = { .buf = buf, .size = size, .pos = 0 };
	va_list args;

	/* A copy, so that helpers can advance it through a pointer. */
	va_copy(args, ap);
	while (*fmt) {
		const char *start = fmt;

		if (*fmt != '%') {
			fmt_put(&out, *fmt++);
			continue;
		}
		fmt++;
		if (!fmt_convert(&out, &fmt, &args)) {
			/* Unknown conversion: show it as written. */
			while (start < fmt)
				fmt_put(&out, *start++);
			if (*fmt)
				fmt_put(&out, *fmt++);
		}
	}
	va_end(args);

	if (size)
		buf[out.pos < size ? out.pos : size - 1] = '\0';
	return (int)out.pos;
}

int snprintk(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintk(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
