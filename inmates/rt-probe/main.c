// SPDX-License-Identifier: GPL-2.0
/*
 * The isolation bench's real-time probe (docs/bench.md): a periodic task
 * on the APIC timer that records, each period, its wake-up latency (TSC at
 * the interrupt's entry minus the deadline) and the execution time of a
 * workload (bench/workloads), in histograms that live in its ivshmem
 * output section (include/bulkhead/rtprobe.h), where Linux reads them
 * while the probe runs.
 *
 * Commands come from the root cell's output section with a doorbell; the
 * command line can configure and start the probe alone:
 *   workload=NAME size=BYTES method=NAME input=lcg|constant seed=N fill=N
 *   wait=hlt|poll period_us=N window_ms=N ring=1 start=1
 *   buffer=ADDR buffer_size=BYTES (the cell's buffer region; default
 *   0x1000000 and 48 MiB, as in configs/cells/rt-probe.yaml)
 *   regulate=run|periodic|deadline reg_mode=stop|duty reg_arg=N (when
 *   to ask the hypervisor to hold the root cell back, docs/regulation.md)
 *
 * Everything but the timer and doorbell handlers runs with interrupts off;
 * the task opens them only to wait (HLT or spinning), so the accounting
 * never races with a handler.
 */
// uses: bench/workloads/wl_names.c bench/workloads/wl_input.c bench/workloads/wl_sha3.c bench/workloads/wl_bits.c bench/workloads/wl_memory.c bench/workloads/wl_run.c bench/stats/hist.c bench/stats/window.c
#include <inmate/inmate.h>
#include <bulkhead/rtprobe.h>
#include <stats/hist.h>
#include <stats/window.h>
#include <workloads/workload.h>

#define DEFAULT_BUFFER 0x1000000ull
#define DEFAULT_BUFFER_SIZE (48ull << 20)
/*
 * The longest the task sleeps without looking at the comm region: the
 * hypervisor waits 2 s for an answer to a shutdown request. A workload
 * that runs longer delays the answer by its run; `bulkhead bench` stops
 * the probe before it shuts the cell down.
 */
#define WAKE_NS 100000000ull

static struct ivshmem dev;
static volatile struct bh_probe_output *out;
static const volatile struct bh_probe_control *ctl;
static volatile uint8_t *rw;
static size_t rw_size;
static uint8_t *buffer;
static uint64_t buffer_size;

/* the periodic task, touched with interrupts off only */
static struct bh_probe_params params;
static bool running;
static uint64_t period_ticks, deadline, window_slots, slots;
static uint64_t window_start_tsc;
static bool have_result;

/* set by the handlers */
static volatile bool woken;
static volatile uint64_t woken_tsc, armed_for;
/* deadline regulation: the run is on, and the request its timer made */
static volatile bool in_run, stale_timer;
static volatile long run_request = 1;

/* The local APIC holds @vector's interrupt, not yet taken (x2APIC IRR). */
static bool irr_pending(unsigned int vector)
{
	return rdmsr(0x820 + vector / 32) & (1ull << (vector % 32));
}

static void on_timer(unsigned int vector, uint64_t entry_tsc)
{
	(void)vector;
	/* the deadline of a run that ended first: not a period's wake-up */
	if (stale_timer) {
		stale_timer = false;
		return;
	}
	if (in_run) {
		/* the run has lasted reg_arg us: the rest of it regulated */
		in_run = false;
		run_request = regulate_now(params.reg_mode);
		return;
	}
	woken_tsc = entry_tsc;
	woken = true;
}

/* A doorbell only ends the wait; the main loop reads the command. */
static void on_doorbell(struct ivshmem *d, unsigned int vector, void *ctx)
{
	(void)d;
	(void)vector;
	(void)ctx;
}

static void reset_windows(void)
{
	window_reset((struct bh_probe_window *)&out->live, params.lat_unit_ns,
		     params.exec_unit_ns);
	window_reset((struct bh_probe_window *)&out->last, params.lat_unit_ns,
		     params.exec_unit_ns);
}

static void stop(void)
{
	timer_cancel();
	running = false;
	out->running = 0;
}

static int configure(const struct bh_probe_params *p)
{
	int err = wl_check(p);

	if (err)
		return err;
	if (p->flags & ~BH_PROBE_F_RING_WINDOW)
		return -EINVAL;
	/* only the hypervisor can regulate; a cell it does not allow is
	 * refused at its first request, and counted */
	if (p->regulate != BH_PROBE_REG_NONE && !hypervisor_present())
		return -EINVAL;
	if (p->size > buffer_size) {
		printf("rt-probe: size %lu does not fit the buffer of %lu "
		       "bytes\n",
		       (unsigned long)p->size, (unsigned long)buffer_size);
		return -EINVAL;
	}
	stop();
	params = *p;
	if (!params.lat_unit_ns)
		params.lat_unit_ns = 1000;
	if (!params.exec_unit_ns)
		params.exec_unit_ns = 1000;
	wl_prepare_input(&params, buffer);
	have_result = false;
	out->result_runs = 0;
	out->result_len = 0;
	out->windows_done = 0;
	reset_windows();
	memcpy((void *)&out->params, &params, sizeof(params));
	printf("rt-probe: %s over %lu bytes (%s input), period %lu us, "
	       "window %lu ms, %s wait, regulation %s\n",
	       wl_name(params.workload), (unsigned long)params.size,
	       wl_input_name(params.input),
	       (unsigned long)(params.period_ns / 1000),
	       (unsigned long)(params.window_ns / 1000000),
	       wl_wait_name(params.wait), wl_regulate_name(params.regulate));
	return 0;
}

/* A chunk of the root's input, from the R/W section into the buffer. */
static int take_input(uint64_t offset, uint64_t len)
{
	if (running)
		return -EBUSY;
	if (params.input != BH_INPUT_HOST || len > rw_size ||
	    offset > params.size || len > params.size - offset)
		return -EINVAL;
	for (uint64_t i = 0; i < len; i++)
		buffer[offset + i] = rw[i];
	/* a new input has a new result */
	have_result = false;
	out->result_runs = 0;
	return 0;
}

static void arm(uint64_t at)
{
	armed_for = at;
	timer_arm_at(at);
}

/* The wake-up before @at that keeps shutdown requests answered. */
static void arm_towards(uint64_t at)
{
	uint64_t limit = rdtsc() + ns_to_tsc(WAKE_NS);

	arm((int64_t)(at - limit) > 0 ? limit : at);
}

static void flush_own_tlb(void *unused)
{
	(void)unused;
	tlb_flush_all();
}

static void start(void)
{
	period_ticks = ns_to_tsc(params.period_ns);
	window_slots = params.window_ns / params.period_ns;
	slots = 0;
	window_start_tsc = rdtsc();
	window_begin_update((struct bh_probe_window *)&out->live);
	out->live.start_ns = tsc_to_ns(window_start_tsc);
	out->live.end_ns = 0;
	window_end_update((struct bh_probe_window *)&out->live);
	deadline = window_start_tsc + period_ticks;
	running = true;
	out->running = 1;
	arm_towards(deadline);
}

static int run_command(uint32_t cmd)
{
	struct bh_probe_params p;

	switch (cmd) {
	case BH_PROBE_CMD_CONFIGURE:
		/* one copy: the root may rewrite its section meanwhile */
		memcpy(&p, (const void *)&ctl->params, sizeof(p));
		return configure(&p);
	case BH_PROBE_CMD_INPUT:
		return take_input(ctl->input_offset, ctl->input_len);
	case BH_PROBE_CMD_START:
		if (out->params.period_ns == 0)
			return -EINVAL; /* never configured */
		if (!running)
			start();
		return 0;
	case BH_PROBE_CMD_STOP:
		stop();
		return 0;
	default:
		return -EINVAL;
	}
}

static void poll_command(void)
{
	uint32_t seq;
	int status;

	if (ctl->magic != BH_PROBE_MAGIC || ctl->version != BH_PROBE_VERSION)
		return;
	seq = ctl->cmd_seq;
	if (seq == out->ack_seq)
		return;
	barrier();
	status = run_command(ctl->cmd);
	out->ack_status = status;
	barrier();
	out->ack_seq = seq;
	ivshmem_ring(&dev, 0, BH_PROBE_VEC_EVENT);
}

/* The live window becomes the last one; the root learns by a ring. */
static void end_window(uint64_t now)
{
	window_rotate((struct bh_probe_window *)&out->live,
		      (struct bh_probe_window *)&out->last, tsc_to_ns(now));
	out->windows_done++;
	if (params.flags & BH_PROBE_F_RING_WINDOW)
		ivshmem_ring(&dev, 0, BH_PROBE_VEC_EVENT);
}

static void check_result(const uint8_t *res, unsigned int len)
{
	if (!have_result) {
		for (unsigned int i = 0; i < len; i++)
			out->result[i] = res[i];
		out->result_len = len;
		have_result = true;
		return;
	}
	for (unsigned int i = 0; i < len; i++) {
		if (out->result[i] != res[i]) {
			out->live.result_errors++;
			return;
		}
	}
}

/*
 * The workload, regulated as params say: the request is made before the
 * run (or by the timer at reg_arg us into it) and ended after it through
 * the comm region, without an exit. 1 when the run was regulated, 0 when
 * not, -1 when a request was refused.
 */
static int regulated_run(uint8_t *res, unsigned int *len, uint64_t *t0,
			 uint64_t *t1)
{
	static uint64_t runs;
	long ret = 1; /* no request */

	runs++;
	switch (params.regulate) {
	case BH_PROBE_REG_PERIODIC:
		if (runs % params.reg_arg)
			break;
		/* fall through */
	case BH_PROBE_REG_RUN:
		ret = regulate_now(params.reg_mode);
		break;
	}
	/*
	 * A cell that never flushes keeps QEMU's smallest software TLB; QEMU
	 * fills it by 4 KiB pages, whatever size ours map.
	 */
	wl_prime_tlb(&params, buffer, 4096, flush_own_tlb, NULL);
	*t0 = rdtsc();
	if (params.regulate == BH_PROBE_REG_DEADLINE) {
		run_request = 1;
		in_run = true;
		arm(*t0 + ns_to_tsc((uint64_t)params.reg_arg * 1000));
		irq_enable();
		*len = wl_run(&params, buffer, res);
		irq_disable();
		*t1 = rdtsc();
		/* a deadline that did not come during the run never comes;
		 * one that came as the run ended waits to be taken */
		timer_cancel();
		if (in_run && irr_pending(TIMER_VECTOR))
			stale_timer = true;
		in_run = false;
		ret = run_request;
	} else {
		*len = wl_run(&params, buffer, res);
		*t1 = rdtsc();
	}
	/* granted, or granted late (-ETIMEDOUT leaves it active) */
	if (ret == 0 || regulate_status() == BH_REG_STATUS_ACTIVE)
		regulate_end();
	return ret == 0 ? 1 : ret == 1 ? 0 : -1;
}

/* One period: the wake-up that was due at `deadline`, then the work. */
static void period(uint64_t entry_tsc)
{
	uint8_t res[BH_PROBE_RESULT_MAX];
	uint64_t t0, t1, now;
	unsigned int len;
	int reg;
	volatile struct bh_probe_window *live = &out->live;

	reg = regulated_run(res, &len, &t0, &t1);

	window_begin_update((struct bh_probe_window *)live);
	hist_add((struct bh_hist *)&live->lat,
		 tsc_delta_to_ns((int64_t)(entry_tsc - deadline)));
	hist_add((struct bh_hist *)&live->exec,
		 tsc_delta_to_ns((int64_t)(t1 - t0)));
	live->periods++;
	live->regulated += reg > 0;
	live->reg_refused += reg < 0;
	check_result(res, len);
	out->result_runs++;
	window_end_update((struct bh_probe_window *)live);
	slots++;

	/*
	 * Deadlines that passed during the work are skipped, and counted as
	 * missed in the window they belong to. At most one window ends per
	 * run, though: a reader polling for windows would otherwise see only
	 * the last of a burst of empty ones. A run that overran a whole
	 * window leaves the next one with more deadlines than it should
	 * have, which the bench reports.
	 */
	now = rdtsc();
	deadline += period_ticks;
	for (bool ended = false;;) {
		if (slots >= window_slots && !ended) {
			end_window(now);
			slots = 0;
			ended = true;
		}
		if ((int64_t)(now - deadline) < 0)
			break;
		window_begin_update((struct bh_probe_window *)live);
		live->periods++;
		live->missed++;
		window_end_update((struct bh_probe_window *)live);
		deadline += period_ticks;
		slots++;
	}
}

static void wait_for_event(void)
{
	if (params.wait == BH_WAIT_POLL && running) {
		irq_enable();
		while (!woken && ctl->cmd_seq == out->ack_seq)
			cpu_relax();
		irq_disable();
	} else {
		asm volatile("sti; hlt; cli" ::: "memory");
	}
}

static bool option_params(struct bh_probe_params *p)
{
	char name[32];

	*p = (struct bh_probe_params){
		.workload = BH_WL_NONE,
		.method = BH_BITS_TABLE,
		.input = BH_INPUT_LCG,
		.wait = BH_WAIT_HLT,
		.seed = 1,
		.fill = 'X',
	};
	if (cmdline_get_str("workload", name, sizeof(name)))
		p->workload = (uint32_t)wl_parse(name);
	if (cmdline_get_str("method", name, sizeof(name)))
		p->method = (uint32_t)wl_method_parse(name);
	if (cmdline_get_str("input", name, sizeof(name)))
		p->input = (uint32_t)wl_input_parse(name);
	if (cmdline_get_str("wait", name, sizeof(name)))
		p->wait = (uint32_t)wl_wait_parse(name);
	p->size = (uint64_t)cmdline_get_int("size", 0);
	p->seed = (uint32_t)cmdline_get_int("seed", 1);
	p->fill = (uint32_t)cmdline_get_int("fill", 'X');
	p->period_ns = (uint64_t)cmdline_get_int("period_us", 1000) * 1000;
	p->window_ns = (uint64_t)cmdline_get_int("window_ms", 1000) * 1000000;
	if (cmdline_get_int("ring", 0))
		p->flags |= BH_PROBE_F_RING_WINDOW;
	if (cmdline_get_str("regulate", name, sizeof(name)))
		p->regulate = (uint32_t)wl_regulate_parse(name);
	p->reg_mode = BH_REG_STOP;
	if (cmdline_get_str("reg_mode", name, sizeof(name)))
		p->reg_mode = !strcmp(name, "duty") ? BH_REG_DUTY :
			      !strcmp(name, "stop") ? BH_REG_STOP :
						      ~0u;
	p->reg_arg = (uint32_t)cmdline_get_int("reg_arg", 1);
	return cmdline_get_int("start", 0) != 0;
}

static bool publish(void)
{
	volatile void *o;
	const volatile void *c;
	volatile void *r;
	size_t size = ivshmem_get_own_output(&dev, &o);

	if (size < sizeof(struct bh_probe_output)) {
		printf("rt-probe: output sections of %lu bytes cannot hold "
		       "the probe's %lu\n",
		       (unsigned long)size,
		       (unsigned long)sizeof(struct bh_probe_output));
		return false;
	}
	out = o;
	ivshmem_get_output_section(&dev, 0, &c);
	ctl = c;
	rw_size = ivshmem_get_rw_section(&dev, &r);
	rw = r;
	memset((void *)out, 0, sizeof(*out));
	out->version = BH_PROBE_VERSION;
	out->tsc_khz = tsc_khz();
	out->timer = timer_mode() == TIMER_TSC_DEADLINE;
	/* a command posted before we came was meant for someone else */
	out->ack_seq = ctl->magic == BH_PROBE_MAGIC ? ctl->cmd_seq : 0;
	barrier();
	out->magic = BH_PROBE_MAGIC;
	return true;
}

static __attribute__((noreturn)) void shut_down(void)
{
	stop();
	ivshmem_set_state(&dev, 0);
	ivshmem_enable_interrupts(&dev, false);
	printf("rt-probe: shutting down\n");
	comm_shutdown();
}

void inmate_main(void)
{
	struct bh_probe_params p;
	bool autostart;

	buffer =
		(uint8_t *)(uintptr_t)cmdline_get_int("buffer", DEFAULT_BUFFER);
	buffer_size =
		(uint64_t)cmdline_get_int("buffer_size", DEFAULT_BUFFER_SIZE);
	if (ivshmem_init(&dev, 0) < 0) {
		printf("rt-probe: no usable ivshmem device, idling\n");
		comm_idle("rt-probe");
	}
	irq_register(TIMER_VECTOR, on_timer);
	timer_setup(TIMER_VECTOR, timer_has_tsc_deadline() ?
					  TIMER_TSC_DEADLINE :
					  TIMER_ONESHOT);
	if (!publish())
		comm_idle("rt-probe");
	for (unsigned int v = 0; v < BH_PROBE_VECTORS; v++)
		ivshmem_register_handler(&dev, v, on_doorbell, NULL);
	ivshmem_enable_interrupts(&dev, true);
	printf("rt-probe: %s timer, TSC %lu kHz, APIC timer %lu kHz, buffer "
	       "0x%lx (%lu MiB)\n",
	       timer_mode() == TIMER_TSC_DEADLINE ? "TSC-deadline" : "one-shot",
	       (unsigned long)tsc_khz(), (unsigned long)comm()->apic_khz,
	       (unsigned long)(uintptr_t)buffer,
	       (unsigned long)(buffer_size >> 20));

	autostart = option_params(&p);
	if (autostart) {
		int err = configure(&p);

		if (err)
			printf("rt-probe: the command line's parameters are "
			       "refused (%d)\n",
			       err);
		else
			start();
	}
	ivshmem_set_state(&dev, BH_PROBE_STATE_READY);
	printf("rt-probe: ready\n");

	for (;;) {
		if (comm_poll())
			shut_down();
		poll_command();
		if (woken) {
			uint64_t entry = woken_tsc;

			woken = false;
			if (running && armed_for == deadline)
				period(entry);
		}
		if (running)
			arm_towards(deadline);
		else
			arm(rdtsc() + ns_to_tsc(WAKE_NS));
		wait_for_event();
	}
}
