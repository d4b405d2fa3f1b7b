// SPDX-License-Identifier: GPL-2.0
/*
 * Wake-up latency of a periodic APIC timer: each period, the TSC at the
 * interrupt's entry minus the deadline it was programmed for. Once a
 * second one line with n, min, avg and max since the last line, in ns;
 * on shutdown a summary of the whole run with percentiles from a histogram
 * (1 us buckets up to 10 ms, 100 us buckets up to 1 s):
 *   timer-jitter: total n=N min=A avg=B p50=C p99=D p99.9=E max=F ns
 *
 * Options: period_us=N (default 1000); deadline=0 forces the one-shot
 * APIC timer, deadline=1 the TSC-deadline timer (default: TSC-deadline
 * if the CPU has it).
 */
#include <inmate/inmate.h>

#define DEFAULT_PERIOD_US 1000
#define MIN_PERIOD_US 10
#define MAX_PERIOD_US 1000000

struct jitter_stats {
	uint32_t n;
	int64_t min, max, sum; /* TSC ticks */
};

/* the handler's state; the main loop reads it with interrupts off */
static uint64_t deadline, period_ticks;
static struct jitter_stats stats, total;

/*
 * Whole-run latency histogram: fine where hardware latencies are, coarse
 * where only emulation or a broken system gets; the last bucket is "1 s or
 * more".
 */
#define HIST_FINE 10000 /* 1 us each, up to 10 ms */
#define HIST_COARSE 9900 /* 100 us each, up to 1 s */
#define HIST_BUCKETS (HIST_FINE + HIST_COARSE)
static uint32_t hist[HIST_BUCKETS];

static unsigned int bucket_of(int64_t us)
{
	if (us < HIST_FINE)
		return us;
	us = HIST_FINE + (us - HIST_FINE) / 100;
	return us < HIST_BUCKETS ? us : HIST_BUCKETS - 1;
}

/* Upper bound of a bucket in ns. */
static long long bucket_end_ns(unsigned int b)
{
	if (b < HIST_FINE)
		return (long long)(b + 1) * 1000;
	return (HIST_FINE + (long long)(b - HIST_FINE + 1) * 100) * 1000;
}

static void account(struct jitter_stats *s, int64_t lat)
{
	if (s->n == 0 || lat < s->min)
		s->min = lat;
	if (s->n == 0 || lat > s->max)
		s->max = lat;
	s->sum += lat;
	s->n++;
}

static void tick(unsigned int vector, uint64_t entry_tsc)
{
	int64_t lat = (int64_t)(entry_tsc - deadline);

	int64_t us = lat > 0 ? tsc_delta_to_ns(lat) / 1000 : 0;

	(void)vector;
	account(&stats, lat);
	account(&total, lat);
	hist[bucket_of(us)]++;
	/* from the previous deadline, not from now: no drift */
	deadline += period_ticks;
	timer_arm_at(deadline);
}

static enum timer_mode choose_mode(void)
{
	long long opt = cmdline_get_int("deadline", -1);
	bool have = timer_has_tsc_deadline();

	if (opt == 0)
		return TIMER_ONESHOT;
	if (opt > 0 && !have)
		printf("timer-jitter: deadline=1, but the CPU has no "
		       "TSC-deadline timer; using one-shot\n");
	return have ? TIMER_TSC_DEADLINE : TIMER_ONESHOT;
}

static void print_stats(void)
{
	struct jitter_stats s;
	unsigned long flags = irq_save();

	s = stats;
	stats = (struct jitter_stats){ 0 };
	irq_restore(flags);

	if (s.n == 0) {
		printf("timer-jitter: n=0 min=0 avg=0 max=0 ns\n");
		return;
	}
	printf("timer-jitter: n=%u min=%lld avg=%lld max=%lld ns\n", s.n,
	       (long long)tsc_delta_to_ns(s.min),
	       (long long)tsc_delta_to_ns(s.sum / s.n),
	       (long long)tsc_delta_to_ns(s.max));
}

/* Upper bound in ns of the bucket holding the sample at @per100k/100000. */
static long long percentile_ns(uint32_t n, unsigned int per100k)
{
	uint64_t rank = ((uint64_t)n * per100k + 99999) / 100000, seen = 0;
	unsigned int i;

	for (i = 0; i < HIST_BUCKETS; i++) {
		seen += hist[i];
		if (seen >= rank)
			return bucket_end_ns(i);
	}
	return bucket_end_ns(HIST_BUCKETS - 1);
}

static void print_total(void)
{
	if (total.n == 0)
		return;
	printf("timer-jitter: total n=%u min=%lld avg=%lld p50=%lld p99=%lld p99.9=%lld max=%lld ns\n",
	       total.n, (long long)tsc_delta_to_ns(total.min),
	       (long long)tsc_delta_to_ns(total.sum / total.n),
	       percentile_ns(total.n, 50000), percentile_ns(total.n, 99000),
	       percentile_ns(total.n, 99900),
	       (long long)tsc_delta_to_ns(total.max));
}

void inmate_main(void)
{
	long long period_us = cmdline_get_int("period_us", DEFAULT_PERIOD_US);
	enum timer_mode mode = choose_mode();
	uint64_t second, next_print;

	if (period_us < MIN_PERIOD_US || period_us > MAX_PERIOD_US) {
		printf("timer-jitter: period_us=%lld is not %u-%u, using %u\n",
		       period_us, MIN_PERIOD_US, MAX_PERIOD_US,
		       DEFAULT_PERIOD_US);
		period_us = DEFAULT_PERIOD_US;
	}
	period_ticks = ns_to_tsc((uint64_t)period_us * 1000);
	printf("timer-jitter: period %lld us, %s timer, TSC %lu kHz\n",
	       period_us,
	       mode == TIMER_TSC_DEADLINE ? "TSC-deadline" : "one-shot",
	       (unsigned long)tsc_khz());

	irq_register(TIMER_VECTOR, tick);
	timer_setup(TIMER_VECTOR, mode);
	second = ns_to_tsc(1000000000ull);
	deadline = rdtsc() + period_ticks;
	next_print = deadline + second;
	timer_arm_at(deadline);
	irq_enable();

	for (;;) {
		if (comm_poll()) {
			irq_disable();
			timer_cancel();
			print_total();
			printf("timer-jitter: shutting down\n");
			comm_shutdown();
		}
		if ((int64_t)(rdtsc() - next_print) >= 0) {
			print_stats();
			next_print += second;
		}
		cpu_relax();
	}
}
