// SPDX-License-Identifier: GPL-2.0
/*
 * The Linux-side probe (bench_linux.h). Its accounting follows the
 * inmate's period by period (inmates/rt-probe/main.c): latency is the
 * wake-up time minus the deadline, deadlines that passed during the work
 * are skipped and counted as missed, a window ends after a whole number
 * of deadlines.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <stats/hist.h>
#include <stats/window.h>
#include <workloads/workload.h>

#include "bench_linux.h"
#include "cli.h"

static volatile sig_atomic_t stopping;

static void on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static struct timespec to_timespec(uint64_t ns)
{
	return (struct timespec){ .tv_sec = (time_t)(ns / 1000000000ull),
				  .tv_nsec = (long)(ns % 1000000000ull) };
}

/* Real-time and memory set-up; a negative errno if refused. */
static int become_realtime(int cpu)
{
	struct sched_param sp = { .sched_priority = 99 };
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	if (mlockall(MCL_CURRENT | MCL_FUTURE))
		return -errno;
	if (sched_setscheduler(0, SCHED_FIFO, &sp))
		return -errno;
	return 0;
}

/*
 * Every run starts with an empty TLB, as the inmate's do. User space
 * cannot reload CR3, but Linux flushes a process's whole TLB instead of
 * page by page when a change covers more pages than its ceiling (33 on
 * x86, tlb_single_page_flush_ceiling): so each run flips the protection
 * of this area of 64 present pages. Under TCG that is what lets QEMU size
 * the CPU's software TLB to the buffer (docs/bench.md#the-tlb-before-each-run).
 */
#define FLUSH_PAGES 64

struct tlb_flusher {
	uint8_t *area;
	size_t len;
	bool writable;
};

static int tlb_flusher_init(struct tlb_flusher *f)
{
	f->len = FLUSH_PAGES * (size_t)sysconf(_SC_PAGESIZE);
	f->area = mmap(NULL, f->len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (f->area == MAP_FAILED)
		return -errno;
	memset(f->area, 1, f->len); /* present, or mprotect changes none */
	f->writable = true;
	return 0;
}

static void tlb_flush_own(void *ctx)
{
	struct tlb_flusher *f = ctx;

	f->writable = !f->writable;
	mprotect(f->area, f->len,
		 f->writable ? PROT_READ | PROT_WRITE : PROT_READ);
}

static void end_window(struct bh_probe_output *out, uint64_t now)
{
	window_rotate(&out->live, &out->last, now);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	out->windows_done++;
}

static void run_task(struct bh_probe_output *out, uint8_t *buf,
		     struct tlb_flusher *flusher)
{
	const struct bh_probe_params *p = &out->params;
	uint64_t slots = 0, window_slots = p->window_ns / p->period_ns;
	uint64_t deadline, wake, t0, t1, now;
	uint8_t res[BH_PROBE_RESULT_MAX];
	struct timespec ts;
	bool have_result = false;
	uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
	unsigned int len;

	deadline = cli_now_ns() + p->period_ns;
	out->live.start_ns = cli_now_ns();
	out->running = 1;
	while (!stopping) {
		ts = to_timespec(deadline);
		if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL))
			continue; /* a signal: look at stopping again */
		wake = cli_now_ns();
		wl_prime_tlb(p, buf, page, tlb_flush_own, flusher);
		t0 = cli_now_ns();
		len = wl_run(p, buf, res);
		t1 = cli_now_ns();

		window_begin_update(&out->live);
		hist_add(&out->live.lat, (int64_t)(wake - deadline));
		hist_add(&out->live.exec, (int64_t)(t1 - t0));
		out->live.periods++;
		if (!have_result) {
			memcpy((void *)out->result, res, len);
			out->result_len = len;
			have_result = true;
		} else if (memcmp((const void *)out->result, res, len)) {
			out->live.result_errors++;
		}
		out->result_runs++;
		window_end_update(&out->live);
		slots++;
		/* as the inmate: skipped deadlines in their own window, but
		 * at most one window ends per run */
		now = cli_now_ns();
		deadline += p->period_ns;
		for (bool ended = false;;) {
			if (slots >= window_slots && !ended) {
				end_window(out, now);
				slots = 0;
				ended = true;
			}
			if (now < deadline)
				break;
			window_begin_update(&out->live);
			out->live.periods++;
			out->live.missed++;
			window_end_update(&out->live);
			deadline += p->period_ns;
			slots++;
		}
	}
	out->running = 0;
}

static __attribute__((noreturn)) void child(const struct bh_probe_params *p,
					    int cpu,
					    struct bh_probe_output *out,
					    const uint8_t *input)
{
	struct sigaction sa = { .sa_handler = on_term };
	struct tlb_flusher flusher;
	uint8_t *buf = NULL;
	int err;

	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	err = become_realtime(cpu);
	if (!err)
		err = tlb_flusher_init(&flusher);
	if (!err && p->size) {
		buf = malloc(p->size);
		if (!buf)
			err = -ENOMEM;
	}
	if (!err) {
		if (buf)
			memset(buf, 0, p->size); /* fault every page in now */
		if (p->input == BH_INPUT_HOST)
			memcpy(buf, input, p->size);
		else
			wl_prepare_input(p, buf);
	}
	out->ack_status = err;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	out->magic = BH_PROBE_MAGIC;
	if (err)
		_exit(1);
	run_task(out, buf, &flusher);
	_exit(0);
}

pid_t linux_probe_spawn(const struct bh_probe_params *params, int cpu,
			struct bh_probe_output *out, const uint8_t *input)
{
	int err = wl_check(params);
	pid_t pid;

	if (err) {
		cli_error("linux probe: parameters refused (%d)", err);
		return -1;
	}
	memset(out, 0, sizeof(*out));
	out->version = BH_PROBE_VERSION;
	out->params = *params;
	if (!out->params.lat_unit_ns)
		out->params.lat_unit_ns = 1000;
	if (!out->params.exec_unit_ns)
		out->params.exec_unit_ns = 1000;
	window_reset(&out->live, out->params.lat_unit_ns,
		     out->params.exec_unit_ns);
	window_reset(&out->last, out->params.lat_unit_ns,
		     out->params.exec_unit_ns);
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		cli_error("linux probe: fork: %s", strerror(errno));
		return -1;
	}
	if (pid == 0)
		child(&out->params, cpu, out, input);
	return pid;
}
