// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/config_yaml.c tools/bulkhead/config_file.c hypervisor/core/config_check.c hypervisor/core/format.c
// libs: -lyaml
/*
 * The CLI's YAML front end on arbitrary text: parse, then what
 * `bulkhead config compile` does with the result (validate, turn the
 * validator's message into a file:line error, take the descriptor). It
 * must never crash, leak or hang, whatever the text; a config it accepts
 * must carry the signature, version and size of its kind, since the
 * driver hands the bytes on unchanged.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config_file.h"
#include "config_yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * config_file.c reports through the CLI's cli_error() (cli_util.c), which
 * prints; format into a buffer instead, so that the messages are still
 * built (and checked by the sanitizers) but not printed.
 */
int cli_error(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return 1;
}

static void check_desc(const struct config *cfg)
{
	const struct bh_system_desc *sys = &cfg->sys;
	const struct bh_cell_desc *cell = &cfg->cell;
	const void *desc;
	size_t size;

	desc = config_desc(cfg, &size);
	if (cfg->kind == CONFIG_SYSTEM) {
		if (desc != sys || size != sizeof(*sys) ||
		    memcmp(sys->signature, BH_SYSTEM_SIGNATURE,
			   BH_SIGNATURE_LEN) ||
		    sys->version != BH_CONFIG_VERSION ||
		    sys->size != sizeof(*sys) ||
		    memcmp(sys->root_cell.signature, BH_CELL_SIGNATURE,
			   BH_SIGNATURE_LEN))
			abort();
	} else if (cfg->kind == CONFIG_CELL) {
		if (desc != cell || size != sizeof(*cell) ||
		    memcmp(cell->signature, BH_CELL_SIGNATURE,
			   BH_SIGNATURE_LEN) ||
		    cell->version != BH_CONFIG_VERSION)
			abort();
	} else {
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config_error e;
	struct config *cfg;
	char err[512];
	FILE *f;
	int ret;

	/* The CLI reads a FILE; an empty one is at end of file at once. */
	f = fmemopen((void *)data, size, "r");
	if (!f)
		abort();
	cfg = calloc(1, sizeof(*cfg));
	if (!cfg)
		abort();
	cfg->file = "fuzz.yaml";

	ret = config_yaml_parse(f, cfg->file, cfg, err, sizeof(err));
	fclose(f);
	if (ret) {
		if (!err[0] || !memchr(err, '\0', sizeof(err)))
			abort();
	} else {
		check_desc(cfg);
		if (cfg->kind == CONFIG_SYSTEM)
			ret = config_check_system(&cfg->sys, &e);
		else
			ret = config_check_cell(NULL, &cfg->cell, &e);
		if (ret)
			config_report(cfg, e.msg);
		config_expect_kind(cfg, CONFIG_CELL);
	}
	config_release(cfg);
	free(cfg);
	return 0;
}
