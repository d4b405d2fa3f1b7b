/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A config as the CLI holds it: the binary descriptor, plus where each field
 * was written in the text file, so that the validator's messages (which
 * name fields by their YAML path) can be turned into file:line errors.
 */
#ifndef BULKHEAD_CONFIG_FILE_H
#define BULKHEAD_CONFIG_FILE_H

#include <stddef.h>

#include <bh/config_check.h>
#include <bulkhead/config.h>

enum config_kind {
	CONFIG_SYSTEM = 1,
	CONFIG_CELL,
};

struct config_line {
	char *path; /* "root-cell.memory[2]" */
	unsigned long line; /* 1-based */
};

struct config {
	const char *file;
	enum config_kind kind;
	union {
		struct bh_system_desc sys;
		struct bh_cell_desc cell;
	};
	/* Empty for a binary descriptor. */
	struct config_line *lines;
	size_t num_lines;
};

/*
 * Loads @file, a compiled descriptor (recognised by its signature) or a
 * YAML config. Returns 0, or a negative errno with the reason in @err
 * ("FILE:LINE: PATH: reason" for YAML errors). No validation beyond the
 * syntax: run the config_check_*() functions on the result.
 */
int config_load(const char *file, struct config *cfg, char *err, size_t errlen);

void config_release(struct config *cfg);

/* The binary descriptor and its size, as compile writes it. */
const void *config_desc(const struct config *cfg, size_t *size);

/*
 * The line where @path, or failing that the nearest enclosing field, was
 * written; 0 if unknown.
 */
unsigned long config_line_of(const struct config *cfg, const char *path);

/*
 * Prints "bulkhead: FILE:LINE: MESSAGE" for a validator message about @cfg;
 * the line is found from the field path the message starts with. Returns 1.
 */
int config_report(const struct config *cfg, const char *msg);

/* Fails unless @cfg is of @kind; returns 0 or 1 as config_report(). */
int config_expect_kind(const struct config *cfg, enum config_kind kind);

#endif
