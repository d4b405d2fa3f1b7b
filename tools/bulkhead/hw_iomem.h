/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parser of /proc/iomem, the kernel's tree of physical address ranges,
 * that `bulkhead config create` builds a system config from; the other
 * files it reads are hw_text.h's. It takes the text as read
 * (hw_read_file()) and refuses what the kernel would never print, naming
 * the line: a recording is input like any other, and an edited one must
 * not become a config that looks right.
 */
#ifndef BULKHEAD_HW_IOMEM_H
#define BULKHEAD_HW_IOMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hw_text.h" /* HW_NAME_LEN */

/*
 * The kernel indents a resource two spaces per level of nesting, but no
 * deeper than this: a child beyond it is printed at its parent's
 * indentation.
 */
#define HW_IOMEM_MAX_DEPTH 5

struct hw_iomem_range {
	uint64_t start, end; /* inclusive, as /proc/iomem prints them */
	int parent; /* index of the enclosing range, -1 at the top level */
	unsigned int depth; /* the indentation level, 0 at the top */
	unsigned int line; /* in the file, 1-based, for messages */
	char name[HW_NAME_LEN];
};

struct hw_iomem {
	/* In file order: every range after its parent. */
	struct hw_iomem_range *range;
	size_t num;
};

/*
 * Parses /proc/iomem's text into @out (freed with hw_iomem_free()). A
 * child must lie inside its parent and siblings must ascend without
 * overlapping, as in the kernel's resource tree. 0, or -EINVAL with
 * "line N: reason" in @err, -ENOMEM.
 */
int hw_iomem_parse(const char *text, struct hw_iomem *out, char *err,
		   size_t errlen);
void hw_iomem_free(struct hw_iomem *io);

/*
 * True if the file lists ranges but every address is 0: the kernel hides
 * them from readers without CAP_SYS_ADMIN.
 */
bool hw_iomem_hidden(const struct hw_iomem *io);

#endif
