// SPDX-License-Identifier: GPL-2.0
/*
 * bench commands (docs/bench.md): `bench run` measures the real-time
 * probe in a cell, the same task on a Linux CPU, and cyclictest, under
 * each interference scenario; `bench load` is the study's workloads as
 * interference.
 *
 * A run goes scenario by scenario and, within one, mode by mode, so that
 * every mode of a scenario sees the same interference warmed up the same
 * way. Linux modes run with the hypervisor as it was found (normally
 * disabled); the cell mode enables it with --system if it is not, creates
 * the cell once and leaves everything as it found it at the end, on
 * SIGINT and SIGTERM too.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <bulkhead/regulation.h>
#include <stats/hist.h>
#include <stats/hist_text.h>
#include <stats/window.h>
#include <workloads/workload.h>

#include "bench_cell.h"
#include "bench_csv.h"
#include "bench_life.h"
#include "bench_linux.h"
#include "bench_opts.h"
#include "bench_platform.h"
#include "bench_results.h"
#include "bench_scenario.h"
#include "cli.h"
#include "driver.h"

#define SHARE BENCH_SHARE
#define MAX_SCENARIOS 16
#define MAX_CPUS 256
#define LAT_BUCKETS 20000 /* 1 us each, as cyclictest -h 20000 */
#define EXEC_BUCKETS 20000

enum mode { MODE_CELL, MODE_LINUX, MODE_CYCLICTEST, NUM_MODES };
static const char *const mode_names[NUM_MODES] = { "cell", "linux",
						   "cyclictest" };

struct bench_opts {
	char scenarios[MAX_SCENARIOS][SCN_NAME_MAX];
	unsigned int num_scenarios;
	bool modes[NUM_MODES];
	struct bh_probe_params params;
	uint64_t duration_ns, warmup_ns; /* warmup 0: the scenario's */
	bool warmup_given, cpu_given;
	int cpu;
	const char *out, *system, *cell, *inmate, *scenario_dir, *note;
};

/* --- the platform label --- */

static void first_line_of(const char *path, const char *key, char *buf,
			  size_t len)
{
	char line[4096]; /* a whole flags line */
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (key && strncmp(line, key, strlen(key)))
			continue;
		v = key ? strchr(line, ':') : line;
		if (!v)
			continue;
		v += key ? 1 : 0;
		while (*v == ' ' || *v == '\t')
			v++;
		v[strcspn(v, "\n")] = '\0';
		snprintf(buf, len, "%s", v);
		break;
	}
	fclose(f);
}

/*
 * The label from what the firmware and Linux say (bench_platform.c).
 * The hypervisor flag is fixed at boot, so our own late launch does not
 * set it.
 */
static void describe_platform(struct bench_run *run)
{
	char flags[4096], sys_vendor[128], bios_vendor[128];
	struct utsname u;

	first_line_of("/proc/cpuinfo", "model name", run->cpu_model,
		      sizeof(run->cpu_model));
	first_line_of("/proc/cpuinfo", "flags", flags, sizeof(flags));
	first_line_of("/sys/class/dmi/id/sys_vendor", NULL, sys_vendor,
		      sizeof(sys_vendor));
	first_line_of("/sys/class/dmi/id/bios_vendor", NULL, bios_vendor,
		      sizeof(bios_vendor));
	bench_platform_label(sys_vendor, bios_vendor, flags, run->platform,
			     sizeof(run->platform));
	if (!uname(&u))
		snprintf(run->kernel, sizeof(run->kernel), "%.40s %.80s",
			 u.release, u.version);
}

/* --- options --- */

static int usage_value(const char *opt, const char *val, const char *what)
{
	return cli_usage_error("%s: '%s' is not %s", opt, val ? val : "", what);
}

static int parse_modes(const char *s, bool *modes)
{
	char buf[128], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", s);
	memset(modes, 0, sizeof(bool) * NUM_MODES);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int m;

		for (m = 0; m < NUM_MODES; m++)
			if (!strcmp(tok, mode_names[m]))
				break;
		if (m == NUM_MODES)
			return -EINVAL;
		modes[m] = true;
	}
	return 0;
}

static int parse_scenarios(const char *s, struct bench_opts *o)
{
	char buf[1024], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", s);
	o->num_scenarios = 0;
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (o->num_scenarios == MAX_SCENARIOS ||
		    strlen(tok) >= SCN_NAME_MAX)
			return -EINVAL;
		strcpy(o->scenarios[o->num_scenarios++], tok);
	}
	return o->num_scenarios ? 0 : -EINVAL;
}

static int parse_run_opts(int argc, char **argv, struct bench_opts *o)
{
	struct bh_probe_params *p = &o->params;

	memset(o, 0, sizeof(*o));
	parse_scenarios("idle", o);
	o->modes[MODE_CELL] = o->modes[MODE_LINUX] = o->modes[MODE_CYCLICTEST] =
		true;
	p->workload = BH_WL_NONE;
	p->method = BH_BITS_TABLE;
	p->input = BH_INPUT_LCG;
	p->wait = BH_WAIT_HLT;
	p->seed = 1;
	p->fill = 'X';
	p->period_ns = 1000000;
	p->lat_unit_ns = 1000;
	p->reg_mode = BH_REG_STOP;
	o->duration_ns = 10000000000ull;
	o->cpu = 2;
	o->system = SHARE "/configs/qemu-svm.yaml";
	o->cell = SHARE "/configs/cells/rt-probe.yaml";
	o->inmate = SHARE "/inmates/rt-probe.bin";
	o->scenario_dir = SHARE "/bench/scenarios";
	o->note = "";

	for (int i = 1; i < argc; i++) {
		const char *opt = argv[i],
			   *val = i + 1 < argc ? argv[i + 1] : NULL;
		uint64_t v;
		int x;

		if (!strcmp(opt, "--ring")) {
			p->flags |= BH_PROBE_F_RING_WINDOW;
			continue;
		}
		if (!val)
			return cli_usage_error("%s needs a value", opt);
		i++;
		if (!strcmp(opt, "--scenarios")) {
			if (parse_scenarios(val, o))
				return usage_value(opt, val,
						   "a list of up to 16 names");
		} else if (!strcmp(opt, "--modes")) {
			if (parse_modes(val, o->modes))
				return usage_value(
					opt, val,
					"a list of cell, linux, cyclictest");
		} else if (!strcmp(opt, "--workload")) {
			if ((x = wl_parse(val)) < 0)
				return usage_value(
					opt, val,
					"none, sha3-512, count-set-bits, "
					"random-access or memory-stream");
			p->workload = (uint32_t)x;
		} else if (!strcmp(opt, "--method")) {
			if ((x = wl_method_parse(val)) < 0)
				return usage_value(opt, val,
						   "table, shift or mask");
			p->method = (uint32_t)x;
		} else if (!strcmp(opt, "--input")) {
			if ((x = wl_input_parse(val)) < 0)
				return usage_value(opt, val,
						   "lcg, constant or host");
			p->input = (uint32_t)x;
		} else if (!strcmp(opt, "--regulate")) {
			if (parse_regulation(val, &p->regulate, &p->reg_arg))
				return usage_value(opt, val,
						   "none, run, periodic:N or "
						   "deadline:DURATION");
		} else if (!strcmp(opt, "--reg-mode")) {
			if (!strcmp(val, "stop"))
				p->reg_mode = BH_REG_STOP;
			else if (!strcmp(val, "duty"))
				p->reg_mode = BH_REG_DUTY;
			else
				return usage_value(opt, val, "stop or duty");
		} else if (!strcmp(opt, "--wait")) {
			if ((x = wl_wait_parse(val)) < 0)
				return usage_value(opt, val, "hlt or poll");
			p->wait = (uint32_t)x;
		} else if (!strcmp(opt, "--size")) {
			if (parse_size(val, &v))
				return usage_value(opt, val, "a size (4M)");
			p->size = v;
		} else if (!strcmp(opt, "--seed")) {
			if (parse_size(val, &v) || v > UINT32_MAX)
				return usage_value(opt, val, "a 32-bit number");
			p->seed = (uint32_t)v;
		} else if (!strcmp(opt, "--period")) {
			/* the probe's limits, before anything divides by the
			 * period or scales buckets up to it */
			if (parse_duration(val, &v) ||
			    v < BH_PROBE_MIN_PERIOD_NS ||
			    v > BH_PROBE_MAX_PERIOD_NS)
				return usage_value(opt, val,
						   "a period of 10us to 10s");
			p->period_ns = v;
		} else if (!strcmp(opt, "--duration")) {
			/* a day bounds every timeout computed from it */
			if (parse_duration(val, &v) || !v ||
			    v > 86400000000000ull)
				return usage_value(
					opt, val, "a duration up to 24h (10s)");
			o->duration_ns = v;
		} else if (!strcmp(opt, "--warmup")) {
			if (parse_duration(val, &v))
				return usage_value(opt, val, "a duration (5s)");
			o->warmup_ns = v;
			o->warmup_given = true;
		} else if (!strcmp(opt, "--cpu")) {
			if (parse_size(val, &v) || v >= MAX_CPUS)
				return usage_value(opt, val, "a CPU number");
			o->cpu = (int)v;
			o->cpu_given = true;
		} else if (!strcmp(opt, "--out")) {
			o->out = val;
		} else if (!strcmp(opt, "--system")) {
			o->system = val;
		} else if (!strcmp(opt, "--cell")) {
			o->cell = val;
		} else if (!strcmp(opt, "--inmate")) {
			o->inmate = val;
		} else if (!strcmp(opt, "--scenario-dir")) {
			o->scenario_dir = val;
		} else if (!strcmp(opt, "--note")) {
			o->note = val;
		} else {
			return cli_usage_error("unknown option '%s'", opt);
		}
	}
	if (p->workload != BH_WL_NONE && !p->size)
		return cli_usage_error("--workload %s needs --size",
				       wl_name(p->workload));
	if (p->input == BH_INPUT_HOST && p->workload == BH_WL_NONE)
		return cli_usage_error("--input host needs a workload");
	if (p->regulate != BH_PROBE_REG_NONE && p->workload == BH_WL_NONE)
		return cli_usage_error("--regulate needs a workload: it "
				       "regulates around the workload's runs");
	p->window_ns = o->duration_ns / p->period_ns * p->period_ns;
	if (p->window_ns < p->period_ns)
		return cli_usage_error("--duration is shorter than --period");
	/*
	 * Execution times: 1 us buckets reach 20 ms; longer periods get
	 * wider buckets, reaching two periods: an overrun of a whole period
	 * is still counted in a bucket, while a run of a tenth of the period
	 * keeps a resolution of 0.5 % or better. Longer runs are overflow
	 * (their maximum stays exact).
	 */
	p->exec_unit_ns = 1000;
	while ((uint64_t)p->exec_unit_ns * EXEC_BUCKETS < 2 * p->period_ns)
		p->exec_unit_ns *= 10;
	if (wl_check(p))
		return cli_usage_error(
			"the probe refuses these parameters: period 10 us to "
			"10 s, size up to 40 MiB, within one period");
	return 0;
}

/* --- the CPUs --- */

struct cpus {
	int root[MAX_CPUS];
	unsigned int nroot;
	char list[1024];
};

static int root_cpus(int rt_cpu, struct cpus *c)
{
	char online[1024];
	int all[MAX_CPUS];
	unsigned int n;

	first_line_of("/sys/devices/system/cpu/online", NULL, online,
		      sizeof(online));
	if (parse_cpu_list(online, all, MAX_CPUS, &n))
		return cli_error("cannot read the online CPUs ('%s')", online);
	c->nroot = 0;
	for (unsigned int i = 0; i < n; i++)
		if (all[i] != rt_cpu)
			c->root[c->nroot++] = all[i];
	if (!c->nroot)
		return cli_error("no CPU is left for Linux besides CPU %d",
				 rt_cpu);
	format_cpu_list(c->root, c->nroot, c->list, sizeof(c->list));
	return 0;
}

/* --- one measurement per mode --- */

/* The probe's first result against this program's run on the same bytes. */
static void judge_result(const struct bench_opts *o, const uint8_t *input,
			 const volatile struct bh_probe_output *out,
			 struct bench_row *row)
{
	uint8_t res[BH_PROBE_RESULT_MAX], got[BH_PROBE_RESULT_MAX];
	uint32_t got_len = out->result_len;
	unsigned int len;

	if (!got_len) {
		/* no run finished, unless there is nothing to run */
		if (o->params.workload == BH_WL_NONE)
			row->result = RESULT_OK;
		return;
	}
	if (bench_host_result(&o->params, input, res, &len))
		return;
	if (got_len > BH_PROBE_RESULT_MAX)
		got_len = BH_PROBE_RESULT_MAX;
	for (uint32_t i = 0; i < got_len; i++)
		got[i] = out->result[i];
	row->result = len == got_len && !memcmp(got, res, len) ?
			      RESULT_OK :
			      RESULT_MISMATCH;
}

/* Exits of the root's CPUs since enable; -1 if a counter is unreadable. */
static int64_t root_exits(const int *root, unsigned int nroot)
{
	int64_t sum = 0;

	for (unsigned int i = 0; i < nroot; i++) {
		int64_t e = bench_cpu_exits(0, root[i]);

		if (e < 0)
			return -1;
		sum += e;
	}
	return sum;
}

static void measure_cell(const struct bench_opts *o, struct cell_state *cs,
			 const uint8_t *input, const int *root,
			 unsigned int nroot, struct bench_row *row)
{
	const volatile struct bh_probe_output *out = cs->cp.out;
	int64_t e0 = -1, e1, r0, r1;
	uint32_t done;
	uint64_t first, t0, t1;

	row->hv = true;
	if (cell_probe_configure(&cs->cp, &o->params))
		return;
	if (input && cell_probe_send_input(&cs->cp, input, o->params.size))
		return;
	done = out->windows_done;
	if (cell_probe_start(&cs->cp))
		return;
	/* the start's answer rang us from the CPU: count from its first
	 * period on, when that exit is long past */
	first = cli_now_ns() + 2 * o->params.period_ns + 1000000000ull;
	while (!bench_interrupted && out->live.periods == 0 &&
	       cli_now_ns() < first)
		bench_nap(1000000);
	e0 = bench_cpu_exits(cs->cell_id, o->cpu);
	r0 = root_exits(root, nroot);
	t0 = cli_now_ns();
	row->complete = bench_await_window(
		out, done, o->duration_ns * 3 + 10000000000ull, &row->win, 0);
	e1 = bench_cpu_exits(cs->cell_id, o->cpu);
	r1 = root_exits(root, nroot);
	t1 = cli_now_ns();
	/* what regulation costs the root in exits, per root CPU */
	if (r0 >= 0 && r1 >= r0 && t1 > t0 && nroot)
		row->root_exits_s = (double)(r1 - r0) * 1e9 / (t1 - t0) / nroot;
	if (!row->complete)
		bench_take_partial(out, &row->win);
	cell_probe_stop(&cs->cp);
	row->exits = e0 >= 0 && e1 >= 0 ? e1 - e0 : -1;
	judge_result(o, input, out, row);
}

static void measure_linux(const struct bench_opts *o, const uint8_t *input,
			  struct bench_row *row)
{
	struct bh_probe_params params;
	struct bh_probe_output *out;
	pid_t pid;

	row->hv = bench_hv_enabled();
	out = mmap(NULL, sizeof(*out), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (out == MAP_FAILED) {
		cli_error("bench: mmap: %s", strerror(errno));
		return;
	}
	/* Linux has no hypervisor to ask: its probe runs unregulated */
	params = o->params;
	params.regulate = BH_PROBE_REG_NONE;
	pid = linux_probe_spawn(&params, o->cpu, out, input);
	if (pid > 0) {
		row->complete = bench_await_window(
			out, 0, o->duration_ns * 3 + 10000000000ull, &row->win,
			pid);
		if (!row->complete) {
			if (out->magic == BH_PROBE_MAGIC && out->ack_status)
				cli_error("bench: the Linux probe on CPU %d "
					  "could not start: %s",
					  o->cpu, strerror(-out->ack_status));
			bench_take_partial(out, &row->win);
		}
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
		judge_result(o, input, out, row);
	}
	munmap(out, sizeof(*out));
}

/* cyclictest -m -p 99 -i P -a CPU -t 1 -h 20000 -q -D S, its histogram. */
static void measure_cyclictest(const struct bench_opts *o,
			       struct bench_row *row)
{
	char interval[32], cpu[16], dur[32], buckets[16], err[256];
	size_t len = 0, cap = 1 << 20;
	char *text = malloc(cap);
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	row->hv = bench_hv_enabled();
	row->result = RESULT_NA;
	hist_init(&row->win.lat, 1000, LAT_BUCKETS);
	hist_init(&row->win.exec, 1000, 1);
	if (!text || pipe(fds)) {
		free(text);
		cli_error("bench: cyclictest: cannot set up its output");
		return;
	}
	snprintf(interval, sizeof(interval), "%llu",
		 (unsigned long long)(o->params.period_ns / 1000));
	snprintf(cpu, sizeof(cpu), "%d", o->cpu);
	snprintf(dur, sizeof(dur), "%llu",
		 (unsigned long long)((o->duration_ns + 999999999) /
				      1000000000));
	snprintf(buckets, sizeof(buckets), "%d", LAT_BUCKETS);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execlp("cyclictest", "cyclictest", "-m", "-p", "99", "-i",
		       interval, "-a", cpu, "-t", "1", "-h", buckets, "-q",
		       "-D", dur, (char *)NULL);
		fprintf(stderr, "bulkhead: cannot run cyclictest: %s\n",
			strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	while (pid > 0 && (n = read(fds[0], text + len, cap - len - 1)) != 0) {
		if (n < 0 && errno == EINTR) {
			if (bench_interrupted)
				kill(pid, SIGINT); /* it prints what it has */
			continue;
		}
		if (n < 0)
			break;
		len += (size_t)n;
		if (len + 1 == cap) {
			char *t = realloc(text, cap *= 2);

			if (!t)
				break;
			text = t;
		}
	}
	close(fds[0]);
	text[len] = '\0';
	if (pid > 0)
		waitpid(pid, &status, 0);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
		cli_error("bench: cyclictest failed (is rt-tests installed?)");
	} else if (hist_parse_cyclictest(text, 0, &row->win.lat, err,
					 sizeof(err))) {
		cli_error("bench: cyclictest's histogram: %s", err);
	} else {
		row->win.periods = row->expected_periods;
		/* cyclictest skips the periods it overran: count them */
		row->win.missed = row->win.periods > row->win.lat.n ?
					  row->win.periods - row->win.lat.n :
					  0;
		row->win.periods = row->win.lat.n + row->win.missed;
		row->complete = !bench_interrupted;
	}
	free(text);
}

/* --- bench run --- */

static void progress(unsigned int i, unsigned int total, const char *scenario,
		     const char *mode, uint64_t start, uint64_t per_step)
{
	uint64_t el = (cli_now_ns() - start) / 1000000000ull;
	uint64_t left = (uint64_t)(total - i) * per_step / 1000000000ull;

	fprintf(stderr,
		"bench: [%u/%u] %s, %s (elapsed %llum%02llus, about "
		"%llum%02llus left)\n",
		i + 1, total, scenario, mode, (unsigned long long)(el / 60),
		(unsigned long long)(el % 60), (unsigned long long)(left / 60),
		(unsigned long long)(left % 60));
}

static void default_out(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, len, "bench-%04d%02d%02d-%02d%02d%02d", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* The interference's bogo-ops per second, into the rows it ran beside. */
static void take_throughput(struct bench_run *run, unsigned int first_row,
			    const char *log)
{
	char err[256];
	char *text = bench_read_text(log, 1 << 20, err, sizeof(err));
	double rate = text ? scenario_bogo_ops_s(text) : -1;

	free(text);
	for (unsigned int r = first_row; r < run->num_rows; r++)
		run->rows[r].root_bogo_ops_s = rate;
}

/* Starts a scenario's interference, warms up, measures the phase's modes. */
static int measure_scenario(const struct bench_opts *o,
			    const struct scenario *scn, bool cell_phase,
			    struct cell_state *cs, const uint8_t *input,
			    const struct scenario_env *env,
			    const struct cpus *cpus, struct bench_run *run,
			    unsigned int *step, unsigned int total,
			    uint64_t start, uint64_t per_step)
{
	uint64_t warmup = o->warmup_given ? o->warmup_ns : scn->warmup_ns;
	unsigned int first_row = run->num_rows;
	pid_t pgid, pids[SCN_MAX_RUNS];
	struct scenario_env logged = *env;
	char lost[192] = "", log[640];
	bool any = false;
	int ret;

	for (int m = 0; m < NUM_MODES; m++)
		any |= o->modes[m] && (m == MODE_CELL) == cell_phase;
	if (!any)
		return 0;
	/* the interference's own output, kept with the results: stress-ng's
	 * metrics give the root's throughput in these rows */
	snprintf(log, sizeof(log), "%s/interference", run->dir);
	if (bench_make_dirs(log))
		return cli_error("cannot create %s: %s", log, strerror(errno));
	snprintf(log, sizeof(log), "%s/interference/%s.%s.log", run->dir,
		 scn->name, cell_phase ? "cell" : "linux");
	unlink(log);
	logged.log = log;
	pgid = scenario_start(scn, &logged, cpus->root, cpus->nroot, pids);
	if (pgid < 0)
		return 1;
	fprintf(stderr, "bench: scenario %s: warming up for %llu ms\n",
		scn->name, (unsigned long long)(warmup / 1000000));
	bench_nap(warmup);
	for (int m = 0; m < NUM_MODES && !bench_interrupted; m++) {
		struct bench_row *row = &run->rows[run->num_rows];

		if (!o->modes[m] || (m == MODE_CELL) != cell_phase)
			continue;
		progress((*step)++, total, scn->name, mode_names[m], start,
			 per_step);
		snprintf(row->scenario, sizeof(row->scenario), "%s", scn->name);
		snprintf(row->mode, sizeof(row->mode), "%s", mode_names[m]);
		row->params = o->params;
		row->exits = -1;
		row->root_exits_s = -1;
		row->root_bogo_ops_s = -1;
		if (m == MODE_CELL)
			format_regulation(o->params.regulate, o->params.reg_arg,
					  o->params.reg_mode, row->regulation,
					  sizeof(row->regulation));
		else
			snprintf(row->regulation, sizeof(row->regulation),
				 "n/a");
		row->expected_periods =
			o->params.window_ns / o->params.period_ns;
		hist_init(&row->win.lat, o->params.lat_unit_ns, LAT_BUCKETS);
		hist_init(&row->win.exec, o->params.exec_unit_ns, EXEC_BUCKETS);
		if (m == MODE_CELL)
			measure_cell(o, cs, input, cpus->root, cpus->nroot,
				     row);
		else if (m == MODE_LINUX)
			measure_linux(o, input, row);
		else
			measure_cyclictest(o, row);
		if (m == MODE_CYCLICTEST)
			row->params.workload = BH_WL_NONE;
		/* once a line has ended, every later row lacks it too */
		if (!*lost && scenario_lost(scn, pids, lost, sizeof(lost)))
			fprintf(stderr,
				"bench: scenario %s: %s; its rows from here on "
				"are marked invalid\n",
				scn->name, lost);
		snprintf(row->interference_lost, sizeof(row->interference_lost),
			 "%s", lost);
		bench_row_check(row);
		run->num_rows++;
	}
	ret = scenario_stop(pgid);
	take_throughput(run, first_row, log);
	return ret;
}

static const struct bench_opts *sort_opts;

static int row_order(const struct bench_row *r)
{
	int s = 0, m = 0;

	for (unsigned int i = 0; i < sort_opts->num_scenarios; i++)
		if (!strcmp(sort_opts->scenarios[i], r->scenario))
			s = (int)i;
	for (int i = 0; i < NUM_MODES; i++)
		if (!strcmp(mode_names[i], r->mode))
			m = i;
	return s * NUM_MODES + m;
}

static int cmp_rows(const void *a, const void *b)
{
	return row_order(a) - row_order(b);
}

/* Rows by scenario, then mode, however the phases ran them. */
static void sort_rows(struct bench_run *run, const struct bench_opts *o)
{
	sort_opts = o;
	qsort(run->rows, run->num_rows, sizeof(*run->rows), cmp_rows);
}

static int run_run(int argc, char **argv)
{
	static struct scenario scn[MAX_SCENARIOS];
	struct cell_state cs = { .cell_id = -1 };
	struct bench_run run = { 0 };
	struct bench_opts o;
	struct cpus cpus;
	struct scenario_env env;
	uint8_t *input = NULL;
	unsigned int nmodes = 0, step = 0, total;
	uint64_t start = cli_now_ns(), per_step;
	time_t now = time(NULL);
	struct tm tm;
	int ret;
	size_t cl = 0;

	if ((ret = parse_run_opts(argc, argv, &o)))
		return ret;
	for (int m = 0; m < NUM_MODES; m++)
		nmodes += o.modes[m];
	if (!nmodes)
		return cli_usage_error("--modes names no mode");
	for (unsigned int s = 0; s < o.num_scenarios; s++)
		if (scenario_load(o.scenario_dir, o.scenarios[s], &scn[s]))
			return 1;
	/*
	 * Every mode on the cell's CPU: a --cpu elsewhere would measure
	 * Linux on another CPU and read the exits of a CPU the cell lacks.
	 */
	if (o.modes[MODE_CELL]) {
		int cpu;

		if (bench_cell_cpu(o.cell, &cpu))
			return 1;
		if (o.cpu_given && o.cpu != cpu)
			return cli_usage_error(
				"--cpu %d, but the cell of %s runs on CPU %d",
				o.cpu, o.cell, cpu);
		o.cpu = cpu;
	}
	if (root_cpus(o.cpu, &cpus))
		return 1;
	if (o.params.input == BH_INPUT_HOST) {
		/* what Linux sends is the LCG's bytes, from a different seed
		 * than the cell would use: a wrong copy cannot pass */
		struct bh_probe_params gen = o.params;

		input = malloc(o.params.size);
		if (!input)
			return cli_error("out of memory for the input");
		gen.input = BH_INPUT_LCG;
		gen.seed = o.params.seed ^ 0x5a5a5a5au;
		wl_prepare_input(&gen, input);
	}

	run.rt_cpu = o.cpu;
	run.duration_ns = o.duration_ns;
	run.warmup_ns = o.warmup_ns;
	gmtime_r(&now, &tm);
	strftime(run.date, sizeof(run.date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	for (int i = 0; i < argc && cl < sizeof(run.command) - 2; i++)
		cl += (size_t)snprintf(run.command + cl,
				       sizeof(run.command) - cl, "%s%s",
				       i ? " " : "bulkhead bench ", argv[i]);
	snprintf(run.note, sizeof(run.note), "%s", o.note);
	/* run.txt is one key=value per line */
	for (char *c = run.note; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	for (char *c = run.command; *c; c++)
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	describe_platform(&run);
	if (o.out)
		snprintf(run.dir, sizeof(run.dir), "%s", o.out);
	else
		default_out(run.dir, sizeof(run.dir));
	total = o.num_scenarios * nmodes;
	run.rows = calloc(total, sizeof(*run.rows));
	if (!run.rows)
		return cli_error("out of memory for %u rows", total);

	env = (struct scenario_env){ .root_cpus = cpus.list,
				     .nroot = cpus.nroot,
				     .rt_cpu = o.cpu,
				     .self = "/proc/self/exe" };
	{
		static char self[1024];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

		if (n > 0) {
			self[n] = '\0';
			env.self = self;
		}
	}
	bench_catch_signals();
	/*
	 * Interference that forks (sh, stress-ng's workers) leaves orphans;
	 * as their subreaper we reap them with their group, instead of
	 * relying on PID 1 to, and a stopped scenario is really gone.
	 */
	prctl(PR_SET_CHILD_SUBREAPER, 1);

	per_step = o.duration_ns + 5000000000ull;
	/*
	 * Linux's modes first, while the real-time CPU is Linux's, then the
	 * cell's, which takes it: each phase runs every scenario with its
	 * own warm-up.
	 */
	for (int phase = 0; phase < 2 && !bench_interrupted; phase++) {
		bool cell_phase = phase == 1;

		if (cell_phase && o.modes[MODE_CELL]) {
			if (bench_cell_up(&cs, o.system, o.cell, o.inmate)) {
				ret = 1;
				break;
			}
			run.tsc_khz = cs.cp.out->tsc_khz;
		}
		for (unsigned int s = 0;
		     s < o.num_scenarios && !bench_interrupted; s++) {
			if (measure_scenario(&o, &scn[s], cell_phase, &cs,
					     input, &env, &cpus, &run, &step,
					     total, start, per_step))
				ret = 1;
		}
	}
	sort_rows(&run, &o);
	bench_cell_down(&cs);
	free(input);
	if (bench_interrupted)
		fprintf(stderr,
			"bench: bench_interrupted; the results so far are "
			"kept\n");
	if (bench_write(&run))
		ret = 1;
	bench_print_table(stdout, &run);
	printf("results: %s\n", run.dir);
	free(run.rows);
	return bench_interrupted ? 130 : ret;
}

/* bench load WORKLOAD --size S: the study's interference, forever. */
static int run_load(int argc, char **argv)
{
	struct bh_probe_params p = { .input = BH_INPUT_LCG,
				     .seed = (uint32_t)getpid(),
				     .period_ns = BH_PROBE_MIN_PERIOD_NS,
				     .window_ns = BH_PROBE_MIN_PERIOD_NS };
	uint8_t res[BH_PROBE_RESULT_MAX];
	uint64_t size = 0;
	uint8_t *buf;
	int w;

	if (argc != 4 || strcmp(argv[2], "--size"))
		return cli_usage_error("expects WORKLOAD --size SIZE");
	w = wl_parse(argv[1]);
	if (w <= BH_WL_NONE)
		return cli_usage_error("'%s' is not a workload", argv[1]);
	/* interference is not bound by the probe's 40 MiB */
	if (parse_size(argv[3], &size) || !size || size > (64ull << 30))
		return cli_usage_error("--size: '%s' is not 1 byte to 64G",
				       argv[3]);
	p.workload = (uint32_t)w;
	p.size = size;
	buf = malloc(size);
	if (!buf)
		return cli_error("out of memory for %s bytes", argv[3]);
	wl_prepare_input(&p, buf);
	for (;;)
		wl_run(&p, buf, res);
}

const struct command cmd_bench_run = {
	.name = "bench",
	.sub = "run",
	.run = run_run,
	.usage = "[--scenarios L] [--modes M] [--workload W] [--size S] "
		 "[options]",
	.help = "measure a real-time probe in a cell, on Linux and with "
		"cyclictest under interference\n"
		"\n"
		"For each scenario (default idle), its interference runs on "
		"every online CPU but --cpu (2), warms up, then each mode "
		"measures one window of --duration (10s): `cell` the rt-probe "
		"inmate in a cell (the hypervisor is enabled with --system if "
		"it is not), `linux` the same task on CPU --cpu with "
		"SCHED_FIFO 99, `cyclictest` cyclictest there. Results go to "
		"--out (default bench-DATE-TIME): results.csv, results.json, "
		"hist/, run.txt; a table is printed. Ctrl-C stops cleanly and "
		"keeps what was measured.\n"
		"\n"
		"  --scenarios L   scenario names, comma-separated (idle)\n"
		"  --modes M       cell, linux, cyclictest, comma-separated "
		"(all)\n"
		"  --duration D    each window (10s); --out DIR the results\n"
		"  --cpu N         the real-time CPU (the cell's, else 2)\n"
		"  --workload W    none, sha3-512, count-set-bits, "
		"random-access, memory-stream (none)\n"
		"  --size S        its buffer, up to 40M\n"
		"  --method M      count-set-bits: table, shift, mask\n"
		"  --input I       lcg (default), constant, host (sent by "
		"Linux)\n"
		"  --seed N        the LCG's seed (1)\n"
		"  --regulate none|run|periodic:N|deadline:DURATION  when the "
		"cell's probe asks the hypervisor to hold Linux back (none)\n"
		"  --reg-mode stop|duty  the regulation mode it asks for "
		"(stop)\n"
		"  --wait hlt|poll how the cell waits between periods (hlt)\n"
		"  --period P      1ms; --warmup D overrides the scenarios'\n"
		"  --ring          the cell rings Linux at each window's end "
		"(one VM exit each)\n"
		"  --system F --cell F --inmate F --scenario-dir D  defaults "
		"under " SHARE "\n"
		"  --note TEXT     recorded with the platform label (e.g. the "
		"host's pinning)",
};

const struct command cmd_bench_load = {
	.name = "bench",
	.sub = "load",
	.run = run_load,
	.usage = "WORKLOAD --size SIZE",
	.help = "run a workload on generated input in a loop, as "
		"interference (the study's scenario)",
};
