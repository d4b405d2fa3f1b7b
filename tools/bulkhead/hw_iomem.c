// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/iomem (hw_iomem.h). Strict on purpose: everything here ends up as
 * addresses in a config that a hypervisor maps, so a line that does not
 * look like the kernel's is an error naming the line, not something
 * skipped.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_iomem.h"
#include "hw_text.h"

static void copy_name(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* Appends a range, growing the array. */
static int add_range(struct hw_iomem *io, size_t *cap,
		     const struct hw_iomem_range *r)
{
	if (io->num == *cap) {
		size_t n = *cap ? *cap * 2 : 64;
		struct hw_iomem_range *p = realloc(io->range, n * sizeof(*p));

		if (!p)
			return -ENOMEM;
		io->range = p;
		*cap = n;
	}
	io->range[io->num++] = *r;
	return 0;
}

/* "START-END : NAME" after the indentation, into @r. */
static int parse_iomem_line(const char *s, struct hw_iomem_range *r, char *err,
			    size_t errlen)
{
	const char *p;

	if (!hw_parse_hex(s, &r->start, &p) || *p != '-' ||
	    !hw_parse_hex(p + 1, &r->end, &p) || strncmp(p, " : ", 3)) {
		/* A long run of digits is the likelier mistake to name. */
		if (strspn(s, "0123456789abcdefABCDEF") > 16)
			snprintf(err, errlen,
				 "line %u: address longer than 64 bits",
				 r->line);
		else
			snprintf(err, errlen,
				 "line %u: not 'START-END : NAME' in hex",
				 r->line);
		return -EINVAL;
	}
	if (r->start > r->end) {
		snprintf(err, errlen,
			 "line %u: start 0x%llx is above end 0x%llx", r->line,
			 (unsigned long long)r->start,
			 (unsigned long long)r->end);
		return -EINVAL;
	}
	copy_name(r->name, sizeof(r->name), p + 3);
	return 0;
}

static int overlap_error(const struct hw_iomem_range *r,
			 const struct hw_iomem_range *o, char *err,
			 size_t errlen)
{
	snprintf(
		err, errlen,
		"line %u: 0x%llx-0x%llx overlaps or precedes 0x%llx-0x%llx on line %u",
		r->line, (unsigned long long)r->start,
		(unsigned long long)r->end, (unsigned long long)o->start,
		(unsigned long long)o->end, o->line);
	return -EINVAL;
}

/* Without CAP_SYS_ADMIN every range reads 0-0: in order, as far as we know. */
static bool hidden(const struct hw_iomem_range *r)
{
	return !r->start && !r->end;
}

/*
 * Places @r (at indentation @depth) in the tree: its parent is the last
 * range one level up; it must follow its previous sibling. At the deepest
 * indentation the kernel prints, the ranges before may be ancestors too:
 * a range inside one of them is its child.
 */
static int place_range(struct hw_iomem *io, const int *last, unsigned int depth,
		       struct hw_iomem_range *r, char *err, size_t errlen)
{
	int prev = last[depth];

	r->depth = depth;
	r->parent = depth ? last[depth - 1] : -1;
	if (depth && r->parent < 0) {
		snprintf(
			err, errlen,
			"line %u: indented deeper than a child of the line before",
			r->line);
		return -EINVAL;
	}
	if (depth < HW_IOMEM_MAX_DEPTH) {
		if (prev >= 0 && r->start <= io->range[prev].end &&
		    !(hidden(r) && hidden(&io->range[prev])))
			return overlap_error(r, &io->range[prev], err, errlen);
	} else {
		for (int o = prev; o >= 0 && io->range[o].depth == depth;
		     o = io->range[o].parent) {
			const struct hw_iomem_range *x = &io->range[o];

			if (r->start >= x->start && r->end <= x->end) {
				r->parent = o;
				break;
			}
			if (r->start <= x->end)
				return overlap_error(r, x, err, errlen);
		}
	}
	if (r->parent >= 0) {
		const struct hw_iomem_range *p = &io->range[r->parent];

		if (r->start < p->start || r->end > p->end) {
			snprintf(
				err, errlen,
				"line %u: 0x%llx-0x%llx is not inside its parent 0x%llx-0x%llx on line %u",
				r->line, (unsigned long long)r->start,
				(unsigned long long)r->end,
				(unsigned long long)p->start,
				(unsigned long long)p->end, p->line);
			return -EINVAL;
		}
	}
	return 0;
}

int hw_iomem_parse(const char *text, struct hw_iomem *out, char *err,
		   size_t errlen)
{
	int last[HW_IOMEM_MAX_DEPTH + 1];
	unsigned int lineno = 0;
	const char *pos = text;
	size_t cap = 0;
	char line[256];
	int ret;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i <= HW_IOMEM_MAX_DEPTH; i++)
		last[i] = -1;
	while (*pos) {
		struct hw_iomem_range r = { .line = ++lineno };
		size_t spaces;
		unsigned int depth;

		pos = hw_next_line(pos, line, sizeof(line));
		spaces = strspn(line, " ");
		if (spaces % 2 || spaces / 2 > HW_IOMEM_MAX_DEPTH) {
			snprintf(
				err, errlen,
				"line %u: indented by %zu spaces, not 2 per level up to %d",
				lineno, spaces, HW_IOMEM_MAX_DEPTH);
			goto fail;
		}
		depth = (unsigned int)(spaces / 2);
		if (parse_iomem_line(line + spaces, &r, err, errlen) ||
		    place_range(out, last, depth, &r, err, errlen))
			goto fail;
		ret = add_range(out, &cap, &r);
		if (ret) {
			snprintf(err, errlen, "out of memory");
			hw_iomem_free(out);
			return ret;
		}
		last[depth] = (int)out->num - 1;
		for (unsigned int d = depth + 1; d <= HW_IOMEM_MAX_DEPTH; d++)
			last[d] = -1;
	}
	return 0;

fail:
	hw_iomem_free(out);
	return -EINVAL;
}

void hw_iomem_free(struct hw_iomem *io)
{
	free(io->range);
	io->range = NULL;
	io->num = 0;
}

bool hw_iomem_hidden(const struct hw_iomem *io)
{
	for (size_t i = 0; i < io->num; i++)
		if (io->range[i].start || io->range[i].end)
			return false;
	return io->num > 0;
}
