/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bench's results (docs/bench.md): one row per scenario x mode, and
 * the files a run leaves in its directory: run.txt (what ran where),
 * results.csv, results.json (schema version BENCH_SCHEMA_VERSION) and
 * per row hist/SCENARIO.MODE.lat and .exec in cyclictest's histogram
 * format (.exec counts in its own bucket width, which its first line
 * gives; cyclictest rows have no .exec).
 */
#ifndef BULKHEAD_CLI_BENCH_RESULTS_H
#define BULKHEAD_CLI_BENCH_RESULTS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <bulkhead/rtprobe.h>

#define BENCH_SCHEMA_VERSION 3

enum bench_result_check {
	RESULT_NA, /* cyclictest runs no workload */
	RESULT_OK, /* the probe's result equals the host's */
	RESULT_MISMATCH,
};

struct bench_row {
	char scenario[32];
	char mode[16]; /* cell, linux, cyclictest */
	bool hv; /* the hypervisor was enabled */
	struct bh_probe_params params;
	uint64_t expected_periods; /* window / period */
	int64_t exits; /* on the real-time CPU in the window; -1: n/a */
	char regulation[40]; /* "none", "run/stop", ...; "n/a" for Linux */
	double root_exits_s; /* per root CPU and second; < 0: n/a */
	/* the interference's stress-ng bogo-ops per second over its run
	 * (warm-up and the phase's windows); < 0: n/a (not stress-ng) */
	double root_bogo_ops_s;
	enum bench_result_check result;
	bool complete; /* false: interrupted or failed, counts partial */
	/* the interference's run line that ended before the window did */
	char interference_lost[192];
	char problems[384]; /* failed validity checks, "" if none */
	struct bh_probe_window win;
};

struct bench_run {
	char dir[512];
	char date[32]; /* ISO 8601, UTC */
	char command[1024];
	char platform[128]; /* bench_platform_label() */
	char note[256]; /* --note: e.g. the host's vCPU pinning */
	char cpu_model[128];
	char kernel[128];
	uint64_t tsc_khz; /* 0: unknown */
	int rt_cpu;
	uint64_t warmup_ns, duration_ns;
	unsigned int num_rows;
	struct bench_row *rows;
};

/* mkdir -p (--out may name a directory whose parents do not exist yet):
 * 0, or -1 with errno. */
int bench_make_dirs(const char *path);

/* The validity checks of a row; fills row->problems. */
void bench_row_check(struct bench_row *row);

/* Writes run.txt, results.csv, results.json and hist/; 0 or 1. */
int bench_write(const struct bench_run *run);

/* The text table for people, on @f. */
void bench_print_table(FILE *f, const struct bench_run *run);

#endif
