// SPDX-License-Identifier: GPL-2.0
/*
 * Asks for regulation of the root cell (docs/regulation.md) in a loop, for
 * the tests and for trying limits out by hand:
 *   regulator: request 3: stop for 15 ms: 0 (active), in 41 us
 * and, at the end, one line with the counts:
 *   regulator: done: 100 requests, 100 granted, 0 refused (last errno 0)
 *
 * Options: mode=stop|duty (stop); how=call (the hypercall, one exit) or
 * comm (the comm region word, no exit) to ask; hold_ms=N, how long each
 * request lasts (15; 0: end at once; -1: never end); gap_ms=N between
 * requests (100); count=N requests (10; 0: until shut down); delay_ms=N
 * before the first (0), so that a test can read the CPU's exit counter
 * after the cell's start; quiet=1 prints only the last line. A request always ends through the comm
 * region, without an exit.
 */
#include <inmate/inmate.h>

static void wait_ms(long long ms)
{
	uint64_t end = rdtsc() + ns_to_tsc((uint64_t)ms * 1000000);

	while ((int64_t)(rdtsc() - end) < 0) {
		if (comm_poll()) {
			regulate_end();
			printf("regulator: shutting down\n");
			comm_shutdown();
		}
		cpu_relax();
	}
}

void inmate_main(void)
{
	char mode_name[8], how[8];
	unsigned int mode;
	long long hold, gap, count, granted = 0, refused = 0, last_err = 0;
	bool call, quiet;

	if (!cmdline_get_str("mode", mode_name, sizeof(mode_name)))
		memcpy(mode_name, "stop", 5);
	if (!cmdline_get_str("how", how, sizeof(how)))
		memcpy(how, "call", 5);
	mode = !strcmp(mode_name, "duty") ?
		       BH_REG_DUTY :
	       !strcmp(mode_name, "stop") ?
		       BH_REG_STOP :
		       (unsigned int)cmdline_get_int("mode", 99);
	call = strcmp(how, "comm") != 0;
	hold = cmdline_get_int("hold_ms", 15);
	gap = cmdline_get_int("gap_ms", 100);
	count = cmdline_get_int("count", 10);
	quiet = cmdline_get_int("quiet", 0);
	printf("regulator: mode %s, asked by %s, hold %lld ms, gap %lld ms, %lld requests\n",
	       mode_name, call ? "hypercall" : "comm region", hold, gap, count);
	wait_ms(cmdline_get_int("delay_ms", 0));

	for (long long i = 1; !count || i <= count; i++) {
		uint64_t t0 = rdtsc(), took;
		long ret = 0;

		if (call) {
			ret = regulate_now(mode);
		} else {
			regulate_ask(mode);
			/* the root answers at its next exit */
			while (regulate_status() == BH_REG_STATUS_IDLE &&
			       tsc_to_ns(rdtsc() - t0) < 10000000000ull)
				cpu_relax();
			if (regulate_status() == BH_REG_STATUS_REFUSED)
				ret = -(long)regulate_refusal();
			else if (regulate_status() != BH_REG_STATUS_ACTIVE)
				ret = -ETIMEDOUT; /* no answer within 10 s */
		}
		took = tsc_to_ns(rdtsc() - t0) / 1000;
		if (ret) {
			refused++;
			last_err = -ret;
		} else {
			granted++;
		}
		if (!quiet)
			printf("regulator: request %lld: %s for %lld ms: %ld (%s), in %lu us\n",
			       i, mode_name, hold, ret,
			       regulate_status() == BH_REG_STATUS_ACTIVE ?
				       "active" :
			       regulate_status() == BH_REG_STATUS_REFUSED ?
				       "refused" :
				       "idle",
			       (unsigned long)took);
		if (hold < 0) {
			printf("regulator: holding the request until shut down\n");
			wait_ms(1ll << 40);
		}
		wait_ms(hold);
		regulate_end();
		wait_ms(gap);
	}
	printf("regulator: done: %lld requests, %lld granted, %lld refused (last errno %lld)\n",
	       granted + refused, granted, refused, last_err);
	comm_idle("regulator");
}
