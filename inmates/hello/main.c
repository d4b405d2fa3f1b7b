// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest inmate: says who it is and what the hypervisor told it,
 * then waits for 'bulkhead cell shutdown'. Also the template for new
 * inmates (docs/inmates.md).
 *
 * Options, to exercise the shutdown handshake: lock=1 denies shutdown
 * requests; deaf=1 never looks at them (the hypervisor stops the cell
 * when it does not answer in time).
 */
#include <inmate/inmate.h>

void inmate_main(void)
{
	struct bh_comm_region *c = comm();
	uint64_t next, period;

	printf("hello: cell '%.*s' (ID %u), %u CPU(s)\n", (int)sizeof(c->name),
	       c->name, c->cell_id, c->num_cpus);
	printf("hello: command line \"%s\"\n", cmdline());
	printf("hello: TSC %lu kHz, APIC timer %lu kHz\n",
	       (unsigned long)c->tsc_khz, (unsigned long)c->apic_khz);
	if (cmdline_get_int("lock", 0)) {
		comm_lock();
		printf("hello: locked, denying shutdown requests\n");
	}
	if (cmdline_get_int("deaf", 0)) {
		printf("hello: deaf, ignoring shutdown requests\n");
		for (;;)
			cpu_relax();
	}
	printf("hello: waiting for shutdown\n");

	/* every millisecond, on the TSC, so that the period does not drift */
	period = ns_to_tsc(1000000);
	next = rdtsc();
	for (;;) {
		if (comm_poll()) {
			printf("hello: shutting down\n");
			comm_shutdown();
		}
		next += period;
		while ((int64_t)(rdtsc() - next) < 0)
			cpu_relax();
	}
}
