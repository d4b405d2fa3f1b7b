/* SPDX-License-Identifier: GPL-2.0 */
/*
 * YAML configs (syntax in docs/config.md) to binary descriptors.
 */
#ifndef BULKHEAD_CONFIG_YAML_H
#define BULKHEAD_CONFIG_YAML_H

#include <stdio.h>

#include "config_file.h"

/*
 * Parses the YAML config read from @f (named @file in messages) into @cfg,
 * which the caller has zeroed. The top-level `kind` key decides between a
 * system and a cell config. Unknown keys, values of the wrong type and
 * missing required keys are errors. Returns 0, or -EINVAL (-ENOMEM) with
 * "FILE:LINE: PATH: reason" in @err; @cfg may then hold partial line
 * records, which config_release() frees.
 */
int config_yaml_parse(FILE *f, const char *file, struct config *cfg, char *err,
		      size_t errlen);

#endif
