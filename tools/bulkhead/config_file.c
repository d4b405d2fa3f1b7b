// SPDX-License-Identifier: GPL-2.0
/*
 * Loading configs in either form, and turning validator messages into
 * file:line errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config_file.h"
#include "config_yaml.h"

/* Enough to see a descriptor's signature. */
#define PEEK_LEN BH_SIGNATURE_LEN

static int load_binary(FILE *f, struct config *cfg, void *desc, size_t size,
		       char *err, size_t errlen)
{
	long len;

	if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET)) {
		snprintf(err, errlen, "%s: %s", cfg->file, strerror(errno));
		return -errno;
	}
	if ((size_t)len != size) {
		snprintf(
			err, errlen,
			"%s: a %s descriptor of %ld bytes, expected %zu (from another Bulkhead version?)",
			cfg->file,
			cfg->kind == CONFIG_SYSTEM ? "system" : "cell", len,
			size);
		return -EINVAL;
	}
	if (fread(desc, 1, size, f) != size) {
		snprintf(err, errlen, "%s: short read", cfg->file);
		return -EIO;
	}
	return 0;
}

int config_load(const char *file, struct config *cfg, char *err, size_t errlen)
{
	char peek[PEEK_LEN];
	size_t got;
	FILE *f;
	int ret;

	memset(cfg, 0, sizeof(*cfg));
	cfg->file = file;
	f = fopen(file, "rb");
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return ret;
	}
	got = fread(peek, 1, sizeof(peek), f);

	if (got >= BH_SIGNATURE_LEN &&
	    !memcmp(peek, BH_SYSTEM_SIGNATURE, BH_SIGNATURE_LEN)) {
		cfg->kind = CONFIG_SYSTEM;
		ret = load_binary(f, cfg, &cfg->sys, sizeof(cfg->sys), err,
				  errlen);
	} else if (got >= BH_SIGNATURE_LEN &&
		   !memcmp(peek, BH_CELL_SIGNATURE, BH_SIGNATURE_LEN)) {
		cfg->kind = CONFIG_CELL;
		ret = load_binary(f, cfg, &cfg->cell, sizeof(cfg->cell), err,
				  errlen);
	} else if (fseek(f, 0, SEEK_SET)) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
	} else {
		ret = config_yaml_parse(f, file, cfg, err, errlen);
	}
	fclose(f);
	if (ret)
		config_release(cfg);
	return ret;
}

void config_release(struct config *cfg)
{
	for (size_t i = 0; i < cfg->num_lines; i++)
		free(cfg->lines[i].path);
	free(cfg->lines);
	cfg->lines = NULL;
	cfg->num_lines = 0;
}

const void *config_desc(const struct config *cfg, size_t *size)
{
	if (cfg->kind == CONFIG_SYSTEM) {
		*size = sizeof(cfg->sys);
		return &cfg->sys;
	}
	*size = sizeof(cfg->cell);
	return &cfg->cell;
}

unsigned long config_line_of(const struct config *cfg, const char *path)
{
	char p[256];
	size_t len;

	snprintf(p, sizeof(p), "%s", path);
	for (len = strlen(p); len; len = strlen(p)) {
		char *cut;

		for (size_t i = 0; i < cfg->num_lines; i++)
			if (!strcmp(cfg->lines[i].path, p))
				return cfg->lines[i].line;
		/* Not written (a default): try the field that holds it. */
		cut = p + len - 1;
		if (*cut == ']')
			cut = strrchr(p, '[');
		else
			cut = strrchr(p, '.');
		if (!cut)
			break;
		*cut = '\0';
	}
	return 0;
}

int config_report(const struct config *cfg, const char *msg)
{
	char path[128];
	unsigned long line;
	size_t len;

	/* Messages start with the path: "root-cell.memory[2] 'x': ...". */
	len = strcspn(msg, " :");
	if (len >= sizeof(path))
		len = sizeof(path) - 1;
	memcpy(path, msg, len);
	path[len] = '\0';

	line = config_line_of(cfg, path);
	if (line)
		return cli_error("%s:%lu: %s", cfg->file, line, msg);
	return cli_error("%s: %s", cfg->file, msg);
}

int config_expect_kind(const struct config *cfg, enum config_kind kind)
{
	char msg[128];

	if (cfg->kind == kind)
		return 0;
	snprintf(msg, sizeof(msg),
		 "kind: %s config where a %s config is expected",
		 cfg->kind == CONFIG_SYSTEM ? "a system" : "a cell",
		 kind == CONFIG_SYSTEM ? "system" : "cell");
	return config_report(cfg, msg);
}
