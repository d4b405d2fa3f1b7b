/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Values on the bench's command line and in scenario files: sizes (4M,
 * 40MiB, 512K, 4096), durations (20s, 500ms, 250us, 2m; a bare number is
 * seconds) and CPU lists (0,1,3 or 0-1,3). 0 or -EINVAL.
 */
#ifndef BULKHEAD_CLI_BENCH_OPTS_H
#define BULKHEAD_CLI_BENCH_OPTS_H

#include <stddef.h>
#include <stdint.h>

int parse_size(const char *s, uint64_t *bytes);
int parse_duration(const char *s, uint64_t *ns);
/* At most @max CPUs, each below 4096, no duplicates; sorted. */
int parse_cpu_list(const char *s, int *cpus, unsigned int max, unsigned int *n);
/* "0,1,3", cut to fit @len bytes; nothing is written if @len is 0. */
void format_cpu_list(const int *cpus, unsigned int n, char *buf, size_t len);

/*
 * When the cell's probe asks for regulation (docs/regulation.md): none,
 * run, periodic:N (every N-th run, N >= 1) or deadline:DURATION (from
 * that far into a run, 0 to 10 s; stored in us). BH_PROBE_REG_* in
 * @policy and its argument in @arg.
 */
int parse_regulation(const char *s, uint32_t *policy, uint32_t *arg);
/* "none", "run/stop", "periodic:4/duty", "deadline:500us/stop". */
void format_regulation(uint32_t policy, uint32_t arg, uint32_t mode, char *buf,
		       size_t len);

#endif
