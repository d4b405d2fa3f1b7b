/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A meeting of CPUs that ends when all have come or when time is up: the
 * enable and disable of the hypervisor. Either every expected CPU passes,
 * or none does; a CPU that comes after the meeting was called off is
 * turned away at once.
 */
#ifndef BH_RENDEZVOUS_H
#define BH_RENDEZVOUS_H

#include <bh/spinlock.h>
#include <bh/types.h>
#include <stddef.h>

/*
 * How long one CPU waits for others (a meeting, a request). Generous: under
 * emulation a loaded host may not run a virtual CPU for tens of ms.
 */
#define BH_WAIT_CPUS_MS 2000

struct rendezvous {
	struct spinlock lock;
	u64 arrived; /* CPUs waiting now */
	u64 seen; /* CPUs that came to this meeting */
	bool complete; /* everyone came: nobody may leave */
	bool cancelled; /* time ran out: everyone leaves */
};

/*
 * CPU @cpu arrives and waits until the CPUs in @expected all have, at most
 * @timeout_ms. 0 when all came; -ETIMEDOUT otherwise, for every CPU that
 * came, and *missing (if not NULL) is the bitmap of those that did not.
 * @serve, if not NULL, is called while waiting (requests to this CPU).
 */
int rendezvous_join(struct rendezvous *r, unsigned int cpu, u64 expected,
		    u32 timeout_ms, void (*serve)(void *), void *arg,
		    u64 *missing);

/* "1, 3" for CPUs 1 and 3, cut to @size. */
void cpu_list_format(char *buf, size_t size, u64 cpus);

/* TSC ticks in @ms milliseconds. */
u64 tsc_ticks_ms(u32 ms);

#endif
