// SPDX-License-Identifier: GPL-2.0
// uses: tests/unit/cli_harness.c
/*
 * `bulkhead bench run` and `bench load` refusing their options, through
 * the built CLI (build/bin/bulkhead). Every case fails before anything
 * is measured or started: option errors come first, then the scenarios
 * are loaded (here from a directory that does not exist), so a case the
 * CLI wrongly takes ends at "cannot read", never in a measurement. Each
 * run has a 5 s alarm (cli_timeout_s), since one bug here was a hang.
 */
#define _GNU_SOURCE
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "cli_harness.h"

#define RUN_USAGE                                                  \
	" (usage: bulkhead bench run [--scenarios L] [--modes M] " \
	"[--workload W] [--size S] [options])\n"

/* bench run ARGS... --scenarios nosuch --scenario-dir /nonexistent */
static void bench_run(const char *a, const char *b, const char *c,
		      const char *d)
{
	const char *args[16] = { "bench", "run" };
	const char *extra[] = { a, b, c, d };
	int n = 2;

	for (int i = 0; i < 4 && extra[i]; i++)
		args[n++] = extra[i];
	args[n++] = "--scenarios";
	args[n++] = "nosuch";
	args[n++] = "--scenario-dir";
	args[n++] = "/nonexistent";
	args[n] = NULL;
	run_cli_argv(args);
}

static void expect_usage(const char *message)
{
	char want[1024];

	snprintf(want, sizeof(want), "bulkhead: bench run: %s" RUN_USAGE,
		 message);
	if (res.status != 2 || strcmp(res.err, want))
		fail_msg("exit %d, stderr \"%s\"\n   expected exit 2, \"%s\"",
			 res.status, res.err, want);
}

/* The options are taken: the run ends at the missing scenario. */
static void expect_taken(void)
{
	expect_error(1, "bulkhead: scenario 'nosuch': cannot read "
			"/nonexistent/nosuch.scn");
}

/*
 * A period of 0 divided the duration by zero (SIGFPE); one of days, with
 * a duration longer still, made the execution-time bucket width wrap in
 * 32 bits and spin forever. Both are refused with the probe's limits.
 */
static void test_period_limits(void **state)
{
	(void)state;
	bench_run("--period", "0", NULL, NULL);
	expect_usage("--period: '0' is not a period of 10us to 10s");
	bench_run("--period", "100h", "--duration", "200h");
	expect_usage("--period: '100h' is not a period of 10us to 10s");
	bench_run("--period", "9999ns", NULL, NULL);
	expect_usage("--period: '9999ns' is not a period of 10us to 10s");
	bench_run("--period", "10000000001ns", "--duration", "20s");
	expect_usage("--period: '10000000001ns' is not a period of 10us to "
		     "10s");
	bench_run("--period", "1ms x", NULL, NULL);
	expect_usage("--period: '1ms x' is not a period of 10us to 10s");

	bench_run("--period", "10us", NULL, NULL);
	expect_taken();
	bench_run("--period", "10s", "--duration", "10s");
	expect_taken();
	bench_run("--period", "1ms", "--duration", "500us");
	expect_usage("--duration is shorter than --period");
}

static void test_run_refusals(void **state)
{
	(void)state;
	bench_run("--duration", "0", NULL, NULL);
	expect_usage("--duration: '0' is not a duration up to 24h (10s)");
	/* timeouts are computed from it in 64-bit ns */
	bench_run("--duration", "25h", NULL, NULL);
	expect_usage("--duration: '25h' is not a duration up to 24h (10s)");
	bench_run("--size", "4X", NULL, NULL);
	expect_usage("--size: '4X' is not a size (4M)");
	bench_run("--workload", "sha3-512", NULL, NULL);
	expect_usage("--workload sha3-512 needs --size");
	bench_run("--workload", "sha3-512", "--size", "41M");
	expect_usage("the probe refuses these parameters: period 10 us to "
		     "10 s, size up to 40 MiB, within one period");
	bench_run("--input", "host", NULL, NULL);
	expect_usage("--input host needs a workload");
	bench_run("--modes", "cell,bogus", NULL, NULL);
	expect_usage("--modes: 'cell,bogus' is not a list of cell, linux, "
		     "cyclictest");
	bench_run("--cpu", "256", NULL, NULL);
	expect_usage("--cpu: '256' is not a CPU number");
	bench_run("--bogus", "1", NULL, NULL);
	expect_usage("unknown option '--bogus'");
	bench_run("--seed", "4294967296", NULL, NULL);
	expect_usage("--seed: '4294967296' is not a 32-bit number");

	bench_run("--workload", "sha3-512", "--size", "40M");
	expect_taken();

	/* regulation: a policy the probe knows, around a workload */
	bench_run("--regulate", "always", NULL, NULL);
	expect_usage("--regulate: 'always' is not none, run, periodic:N or "
		     "deadline:DURATION");
	bench_run("--regulate", "periodic:0", NULL, NULL);
	expect_usage("--regulate: 'periodic:0' is not none, run, periodic:N "
		     "or deadline:DURATION");
	bench_run("--reg-mode", "halt", NULL, NULL);
	expect_usage("--reg-mode: 'halt' is not stop or duty");
	bench_run("--regulate", "run", NULL, NULL);
	expect_usage("--regulate needs a workload: it regulates around the "
		     "workload's runs");
	bench_run("--regulate", "deadline:2ms", "--reg-mode", "duty");
	expect_usage("--regulate needs a workload: it regulates around the "
		     "workload's runs");
	bench_run("--regulate", "none", NULL, NULL);
	expect_taken();
}

/* bench run --modes cell with the repository's idle scenario and @cell */
static void bench_cell_run(const char *cell, const char *cpu)
{
	const char *args[16] = { "bench",	   "run",
				 "--scenarios",	   "idle",
				 "--scenario-dir", "bench/scenarios",
				 "--modes",	   "cell",
				 "--cell",	   cell };
	int n = 10;

	if (cpu) {
		args[n++] = "--cpu";
		args[n++] = cpu;
	}
	args[n] = NULL;
	run_cli_argv(args);
}

/* Every mode runs on the cell's one CPU, taken from its config. */
static void test_cell_cpu(void **state)
{
	char two[] = "/tmp/bh-cell-cpus-XXXXXX.yaml";
	char line[256], src[PATH_MAX + 32];
	FILE *in, *out;
	int fd;

	(void)state;
	bench_cell_run("/nonexistent/c.yaml", NULL);
	expect_error(1, "bulkhead: /nonexistent/c.yaml: ");
	bench_cell_run("configs/cells/rt-probe.yaml", "3");
	expect_usage("--cpu 3, but the cell of configs/cells/rt-probe.yaml "
		     "runs on CPU 2");

	/* the probe's cell on CPUs 2 and 3 */
	fd = mkstemps(two, 5);
	assert_true(fd >= 0);
	out = fdopen(fd, "w");
	snprintf(src, sizeof(src), "%s/configs/cells/rt-probe.yaml", cli_top);
	in = fopen(src, "r");
	assert_non_null(out);
	assert_non_null(in);
	while (fgets(line, sizeof(line), in))
		fputs(strcmp(line, "cpus: [2]\n") ? line : "cpus: [2-3]\n",
		      out);
	fclose(in);
	fclose(out);
	bench_cell_run(two, NULL);
	unlink(two);
	{
		char want[256];

		snprintf(want, sizeof(want),
			 "bulkhead: bench: the cell of %s has more than one "
			 "CPU; the probe runs on one",
			 two);
		expect_error(1, want);
	}
}

static void test_load_refusals(void **state)
{
	(void)state;
	run_cli("bench", "load", "sha3-512", NULL);
	expect_error(2, "bulkhead: bench load: expects WORKLOAD --size SIZE");
	run_cli("bench", "load", "none", "--size", "4K", NULL);
	expect_error(2, "bulkhead: bench load: 'none' is not a workload");
	run_cli("bench", "load", "sha3-512", "--size", "0", NULL);
	expect_error(2, "bulkhead: bench load: --size: '0' is not 1 byte to "
			"64G");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_period_limits),
		cmocka_unit_test(test_run_refusals),
		cmocka_unit_test(test_cell_cpu),
		cmocka_unit_test(test_load_refusals),
	};

	cli_timeout_s = 5;
	return cmocka_run_group_tests(tests, cli_group_setup,
				      cli_group_teardown);
}
