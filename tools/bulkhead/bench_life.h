/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the bench's commands (bench_life.c). Functions returning int
 * give 0, or 1 after an error message.
 */
#ifndef BULKHEAD_CLI_BENCH_LIFE_H
#define BULKHEAD_CLI_BENCH_LIFE_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include <bulkhead/rtprobe.h>

#include "bench_cell.h"

#define BENCH_SHARE "/usr/share/bulkhead"
#define BENCH_READY_TIMEOUT_MS 10000

/* Set by SIGINT and SIGTERM once bench_catch_signals() ran. */
extern volatile sig_atomic_t bench_interrupted;
void bench_catch_signals(void);

/* Sleeps @ns, or less if interrupted; false if interrupted. */
bool bench_nap(uint64_t ns);

/* Runs `bulkhead ARGS...` (this program), its stdout to /dev/null. */
int bench_run_self(const char *const *args);

bool bench_hv_enabled(void);

/*
 * The one CPU of the cell config @cell, where the probe runs, and so the
 * CPU every mode measures on; refused if the config names none or several.
 */
int bench_cell_cpu(const char *cell, int *cpu);

/* VM exits of @cpu in cell @cell since enable; -1 if unreadable. */
int64_t bench_cpu_exits(int cell, int cpu);

/*
 * The host's own run of the workload on the same input (@input for
 * BH_INPUT_HOST, else generated as the probe does).
 */
int bench_host_result(const struct bh_probe_params *p, const uint8_t *input,
		      uint8_t *res, unsigned int *len);

/*
 * Waits for the probe to publish a window after @done others and copies
 * it; false if interrupted, if @child (> 0) exited, or if it does not come
 * within @timeout_ns.
 */
bool bench_await_window(const volatile struct bh_probe_output *out,
			uint32_t done, uint64_t timeout_ns,
			struct bh_probe_window *w, pid_t child);

/* The live window, for a run cut short (zeroed if it cannot be read). */
void bench_take_partial(const volatile struct bh_probe_output *out,
			struct bh_probe_window *w);

struct cell_state {
	bool we_enabled, created;
	int cell_id;
	bool open;
	struct cell_probe cp;
};

/*
 * Enables the hypervisor with @system unless it is, creates the cell of
 * @cell, loads @inmate (rt-probe), starts it and opens the bench device.
 */
int bench_cell_up(struct cell_state *cs, const char *system, const char *cell,
		  const char *inmate);

/* Undoes what bench_cell_up() did, in reverse, as far as it got. */
void bench_cell_down(struct cell_state *cs);

#endif
