/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The rt-probe's periodic task as a Linux process (docs/bench.md): the
 * same workloads (bench/workloads) and the same windows as the inmate,
 * on one CPU with SCHED_FIFO 99 and mlockall, woken by clock_nanosleep on
 * absolute CLOCK_MONOTONIC deadlines, as cyclictest is.
 */
#ifndef BULKHEAD_CLI_BENCH_LINUX_H
#define BULKHEAD_CLI_BENCH_LINUX_H

#include <sys/types.h>

#include <bulkhead/rtprobe.h>

/*
 * Forks the task onto @cpu. It publishes into @out (which must be a
 * MAP_SHARED mapping) as the inmate does into its output section, with
 * ack_status set to a negative errno if it could not set itself up.
 * @input: BH_INPUT_HOST's bytes (params->size of them), else NULL. Stop it
 * with SIGTERM. Returns the pid, or -1 after an error message.
 */
pid_t linux_probe_spawn(const struct bh_probe_params *params, int cpu,
			struct bh_probe_output *out, const uint8_t *input);

#endif
