// SPDX-License-Identifier: GPL-2.0
/*
 * What the bench's commands share (bench_life.h): interruption, the
 * hypervisor's and the cell's lifecycle through our own commands, the
 * real-time CPU's exit counter, and reading a probe's windows.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <stats/window.h>
#include <workloads/workload.h>

#include "bench_life.h"
#include "cli.h"
#include "config_file.h"
#include "driver.h"

volatile sig_atomic_t bench_interrupted;

static void on_interrupt(int sig)
{
	(void)sig;
	bench_interrupted = 1;
}

void bench_catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_interrupt };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/* Sleeps @ns, or less if bench_interrupted; false if bench_interrupted. */
bool bench_nap(uint64_t ns)
{
	uint64_t end = cli_now_ns() + ns;

	while (!bench_interrupted) {
		uint64_t now = cli_now_ns(), left;
		struct timespec ts;

		if (now >= end)
			return true;
		left = end - now > 20000000 ? 20000000 : end - now;
		ts = (struct timespec){ 0, (long)left };
		nanosleep(&ts, NULL);
	}
	return false;
}

/* --- running ourselves and others --- */

/* Runs `bulkhead ARGS...` (this program), stdout to /dev/null. */
int bench_run_self(const char *const *args)
{
	char *argv[16];
	int n = 0, status;
	pid_t pid;

	argv[n++] = "bulkhead";
	while (*args && n < 15)
		argv[n++] = (char *)*args++;
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return cli_error("fork: %s", strerror(errno));
	if (pid == 0) {
		if (!freopen("/dev/null", "w", stdout))
			_exit(127);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return cli_error("waitpid: %s", strerror(errno));
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 1;
}

static int read_int_file(const char *path, long long *v)
{
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -1;
	ok = fscanf(f, "%lld", v) == 1;
	fclose(f);
	return ok ? 0 : -1;
}

bool bench_hv_enabled(void)
{
	long long v = 0;

	return !read_int_file(BH_SYSFS "/enabled", &v) && v == 1;
}

int bench_cell_cpu(const char *cell, int *cpu)
{
	struct config cfg;
	char err[512];
	uint64_t set;

	if (config_load(cell, &cfg, err, sizeof(err)))
		return cli_error("%s", err);
	if (config_expect_kind(&cfg, CONFIG_CELL)) {
		config_release(&cfg);
		return 1;
	}
	set = cfg.cell.cpu_set;
	config_release(&cfg);
	if (!set || (set & (set - 1)))
		return cli_error("bench: the cell of %s has %s CPU; the probe "
				 "runs on one",
				 cell, set ? "more than one" : "no");
	*cpu = __builtin_ctzll(set);
	return 0;
}

int64_t bench_cpu_exits(int cell, int cpu)
{
	char path[256];
	long long v;

	snprintf(path, sizeof(path),
		 BH_SYSFS "/cells/%d/statistics/cpu%d/vmexits_total", cell,
		 cpu);
	return read_int_file(path, &v) ? -1 : v;
}

/* The host's own run of the workload on the same input. */
int bench_host_result(const struct bh_probe_params *p, const uint8_t *input,
		      uint8_t *res, unsigned int *len)
{
	uint8_t *buf = NULL;

	if (p->size) {
		buf = malloc(p->size);
		if (!buf)
			return cli_error("out of memory for a %llu-byte input",
					 (unsigned long long)p->size);
		if (input)
			memcpy(buf, input, p->size);
		else
			wl_prepare_input(p, buf);
	}
	*len = wl_run(p, buf, res);
	free(buf);
	return 0;
}

/*
 * Waits for the probe to publish a window after @done others; copies it.
 * false if bench_interrupted or if the window does not come within @timeout_ns.
 */
bool bench_await_window(const volatile struct bh_probe_output *out,
			uint32_t done, uint64_t timeout_ns,
			struct bh_probe_window *w, pid_t child)
{
	uint64_t end = cli_now_ns() + timeout_ns;

	while (out->windows_done <= done) {
		if (bench_interrupted || cli_now_ns() >= end)
			return false;
		if (child > 0 && waitpid(child, NULL, WNOHANG) == child)
			return false;
		bench_nap(1000000);
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return window_snapshot(&out->last, w, 1000);
}

/* The live window, for a run cut short. */
void bench_take_partial(const volatile struct bh_probe_output *out,
			struct bh_probe_window *w)
{
	if (!window_snapshot(&out->live, w, 1000))
		memset(w, 0, sizeof(*w));
}

int bench_cell_up(struct cell_state *cs, const char *system, const char *cell,
		  const char *inmate)
{
	const char *name = "rt-probe";

	if (!bench_hv_enabled()) {
		const char *en[] = { "enable", system, NULL };

		if (bench_run_self(en))
			return cli_error("bench: enabling the hypervisor with "
					 "%s failed",
					 system);
		cs->we_enabled = true;
	}
	{
		const char *cr[] = { "cell", "create", cell, NULL };
		const char *ld[] = { "cell", "load", name, inmate, NULL };
		const char *st[] = { "cell", "start", name, NULL };

		if (bench_run_self(cr))
			return cli_error("bench: cannot create the cell of %s",
					 cell);
		cs->created = true;
		cs->cell_id = cell_lookup(name);
		if (bench_run_self(ld) || bench_run_self(st))
			return cli_error("bench: cannot load and start %s",
					 inmate);
	}
	if (cell_probe_open(&cs->cp))
		return 1;
	cs->open = true;
	return cell_probe_wait_ready(&cs->cp, BENCH_READY_TIMEOUT_MS);
}

void bench_cell_down(struct cell_state *cs)
{
	const char *sd[] = { "cell", "shutdown", "rt-probe", NULL };
	const char *de[] = { "cell", "destroy", "rt-probe", NULL };
	const char *di[] = { "disable", NULL };

	if (cs->open) {
		cell_probe_stop(&cs->cp);
		cell_probe_close(&cs->cp);
		cs->open = false;
	}
	if (cs->created) {
		bench_run_self(sd);
		if (bench_run_self(de))
			cli_error("bench: destroying cell rt-probe failed");
		cs->created = false;
	}
	if (cs->we_enabled) {
		if (bench_run_self(di))
			cli_error("bench: disabling the hypervisor failed");
		cs->we_enabled = false;
	}
}
