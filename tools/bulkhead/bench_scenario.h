/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interference scenarios (docs/bench.md): one small text file per
 * scenario, NAME.scn in the scenario directory:
 *
 *   # comment lines
 *   description: one line for the report
 *   warmup: 5s
 *   needs: stress-ng             (programs that must be on PATH)
 *   run: stress-ng --cpu {nroot} --timeout 0
 *   run: ...                     (one process per line, at most 16)
 *
 * A scenario without run lines is `idle`. Its run lines must keep running
 * until the scenario is stopped: one that ends earlier leaves the window
 * without the interference it names, and the rows measured since say so. In commands, {root_cpus} is the
 * list of the root's CPUs the interference may use (0,1,3), {nroot} their
 * number, {rt_cpu} the real-time CPU and {bulkhead} this program. Every
 * command runs under /bin/sh in one process group, pinned to the root's
 * CPUs, and is stopped with the whole group.
 */
#ifndef BULKHEAD_CLI_BENCH_SCENARIO_H
#define BULKHEAD_CLI_BENCH_SCENARIO_H

#include <stdint.h>
#include <sys/types.h>

#define SCN_MAX_RUNS 16
#define SCN_NAME_MAX 32
#define SCN_LINE_MAX 512

struct scenario {
	char name[SCN_NAME_MAX];
	char description[SCN_LINE_MAX];
	uint64_t warmup_ns;
	char needs[SCN_LINE_MAX]; /* space-separated program names */
	unsigned int num_runs;
	char run[SCN_MAX_RUNS][SCN_LINE_MAX];
};

/*
 * Parses @text (the file @name.scn) into @s; 0, or -EINVAL with a message
 * naming the line in @err.
 */
int scenario_parse(const char *name, const char *text, struct scenario *s,
		   char *err, size_t errlen);

/*
 * Whether every program @s needs is found (a name with a '/' as it is,
 * others on PATH): 0, or -ENOENT naming the first missing one in @err.
 */
int scenario_check_needs(const struct scenario *s, char *err, size_t errlen);

/* Reads DIR/NAME.scn and checks its needs; 0, or 1 after an error message. */
int scenario_load(const char *dir, const char *name, struct scenario *s);

struct scenario_env {
	const char *root_cpus; /* "0,1,3" */
	unsigned int nroot;
	int rt_cpu;
	const char *self; /* path of this program */
	/* the run lines' stdout and stderr are appended here; NULL: ours */
	const char *log;
};

/*
 * Expands the placeholders of @cmd into @out; -EINVAL for an unknown one
 * or an @out too small (named in @err).
 */
int scenario_expand(const char *cmd, const struct scenario_env *env, char *out,
		    size_t outlen, char *err, size_t errlen);

/*
 * Starts the scenario's commands in a new process group pinned to
 * @root_set's CPUs; returns the group id (0 for idle), or -1 after an
 * error message. With @pids (SCN_MAX_RUNS entries), the process of each
 * run line, for scenario_lost().
 */
pid_t scenario_start(const struct scenario *s, const struct scenario_env *env,
		     const int *root_cpus, unsigned int nroot, pid_t *pids);

/*
 * Whether a run line's process has ended (reaping it): 1 with the line and
 * how it ended in @why, else 0. An ended line's pid becomes -1 and is
 * reported once; callers keep @why for the rows that follow.
 */
int scenario_lost(const struct scenario *s, pid_t *pids, char *why,
		  size_t whylen);

/*
 * Stops a group: SIGTERM, then SIGKILL after 3 s; 0 once every member is
 * gone, 1 after an error message naming the survivors' group.
 */
int scenario_stop(pid_t pgid);

/*
 * The interference's throughput from stress-ng's --metrics-brief lines in
 * @text (a scenario's log): the sum over its stressors of bogo-ops per
 * second of real time, over each one's whole run; -1 when @text has none.
 */
double scenario_bogo_ops_s(const char *text);

/* Whether the group's processes still run (for the tests and checks). */
int scenario_alive(pid_t pgid);

#endif
