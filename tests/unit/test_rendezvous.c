// SPDX-License-Identifier: GPL-2.0
/*
 * Bounded meetings of CPUs, on host threads: all come in time and all
 * pass; one is missing and every one that came is refused after the
 * timeout, naming the missing; a late one is turned away; a meeting that
 * failed can be held again; the waiting CPU's requests are served.
 */
// uses: hypervisor/core/rendezvous.c hypervisor/core/format.c
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/rendezvous.h>
#include "fake.h"

/* TSC at 1 GHz: a tick per nanosecond of the host's monotonic clock. */
struct bh_hv_header hv_header = { .tsc_khz = 1000000 };

u64 arch_read_tsc(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

void arch_cpu_relax(void)
{
}

static struct rendezvous meeting;

struct joiner {
	unsigned int cpu;
	u64 expected;
	u32 timeout_ms;
	useconds_t delay_us;
	int ret;
	u64 missing;
	unsigned int served;
};

static void serve(void *arg)
{
	((struct joiner *)arg)->served++;
}

#define J(c, e, t, d)                                           \
	{                                                       \
		.cpu = (c), .expected = (e), .timeout_ms = (t), \
		.delay_us = (d)                                 \
	}

static void *join(void *arg)
{
	struct joiner *j = arg;

	usleep(j->delay_us);
	j->ret = rendezvous_join(&meeting, j->cpu, j->expected, j->timeout_ms,
				 serve, j, &j->missing);
	return NULL;
}

static void run(struct joiner *j, unsigned int n)
{
	pthread_t t[8];
	unsigned int i;

	for (i = 0; i < n; i++)
		assert_int_equal(pthread_create(&t[i], NULL, join, &j[i]), 0);
	for (i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static int setup(void **state)
{
	(void)state;
	memset(&meeting, 0, sizeof(meeting));
	return 0;
}

static void all_in_time(void **state)
{
	struct joiner j[4] = {
		J(0, 0xf, 2000, 0),
		J(1, 0xf, 2000, 20000),
		J(2, 0xf, 2000, 40000),
		J(3, 0xf, 2000, 60000),
	};
	unsigned int i;

	(void)state;
	run(j, 4);
	for (i = 0; i < 4; i++)
		assert_int_equal(j[i].ret, 0);
	/* the first waited for the last, serving its requests */
	assert_true(j[0].served > 0);
}

static void one_missing(void **state)
{
	struct joiner j[3] = {
		J(0, 0xb, 200, 0), J(1, 0xb, 200, 0),
		J(2, 0xb, 200, 0), /* not expected: a CPU of no concern */
	};
	u64 start = arch_read_tsc();

	(void)state;
	run(j, 2);
	assert_int_equal(j[0].ret, -ETIMEDOUT);
	assert_int_equal(j[1].ret, -ETIMEDOUT);
	assert_int_equal(j[0].missing, 0x8);
	assert_int_equal(j[1].missing, 0x8);
	/* bounded: about the timeout, not more */
	assert_true(arch_read_tsc() - start < 1000000000ull);
	/* held again, complete this time */
	j[0].expected = j[1].expected = 0x3;
	run(j, 2);
	assert_int_equal(j[0].ret, 0);
	assert_int_equal(j[1].ret, 0);
}

static void late_turned_away(void **state)
{
	/* CPU 0 gives up after 100 ms; CPU 1 comes while it is leaving or
	 * after: never passes alone */
	struct joiner j[2] = {
		J(0, 0x3, 100, 0),
		J(1, 0x3, 100, 150000),
	};

	(void)state;
	run(j, 2);
	assert_int_equal(j[0].ret, -ETIMEDOUT);
	assert_int_equal(j[1].ret, -ETIMEDOUT);
	assert_int_equal(j[0].missing, 0x2);
}

static void cpu_list(void **state)
{
	char buf[32];

	(void)state;
	cpu_list_format(buf, sizeof(buf), 0x0b);
	assert_string_equal(buf, "0, 1, 3");
	cpu_list_format(buf, sizeof(buf), 0);
	assert_string_equal(buf, "");
	cpu_list_format(buf, sizeof(buf), 1ull << 63);
	assert_string_equal(buf, "63");
	cpu_list_format(buf, 8, ~0ull);
	assert_int_equal(strlen(buf), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(all_in_time, setup),
		cmocka_unit_test_setup(one_missing, setup),
		cmocka_unit_test_setup(late_turned_away, setup),
		cmocka_unit_test_setup(cpu_list, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
