// SPDX-License-Identifier: GPL-2.0
/* Bounded meetings of CPUs (bh/rendezvous.h). */
#include <bh/arch.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/printk.h>
#include <bh/rendezvous.h>

void cpu_list_format(char *buf, size_t size, u64 cpus)
{
	unsigned int i, n = 0;
	int len = 0;

	buf[0] = 0;
	for (i = 0; i < 64; i++) {
		if (!(cpus & BIT(i)) || len < 0 || (size_t)len >= size)
			continue;
		len += snprintk(buf + len, size - len, "%s%u", n++ ? ", " : "",
				i);
	}
}

u64 tsc_ticks_ms(u32 ms)
{
	return hv_header.tsc_khz * ms;
}

int rendezvous_join(struct rendezvous *r, unsigned int cpu, u64 expected,
		    u32 timeout_ms, void (*serve)(void *), void *arg,
		    u64 *missing)
{
	u64 start = arch_read_tsc(), ticks = tsc_ticks_ms(timeout_ms);
	bool done;

	spin_lock(&r->lock);
	if (r->cancelled) {
		/* the others gave up on us already */
		if (missing)
			*missing = expected & ~r->seen;
		spin_unlock(&r->lock);
		return -ETIMEDOUT;
	}
	r->arrived |= BIT(cpu);
	r->seen |= BIT(cpu);
	if ((r->arrived & expected) == expected)
		r->complete = true;
	spin_unlock(&r->lock);

	for (;;) {
		done = READ_ONCE(r->complete);
		if (done || arch_read_tsc() - start > ticks)
			break;
		if (serve)
			serve(arg);
		arch_cpu_relax();
	}
	if (done)
		return 0;
	/* decided under the lock: a late last arrival either completes the
	 * meeting before this or finds it cancelled */
	spin_lock(&r->lock);
	if (r->complete) {
		spin_unlock(&r->lock);
		return 0;
	}
	r->cancelled = true;
	if (missing)
		*missing = expected & ~r->seen;
	r->arrived &= ~BIT(cpu);
	/* the last to leave makes the meeting reusable */
	if (!r->arrived) {
		r->cancelled = false;
		r->seen = 0;
	}
	spin_unlock(&r->lock);
	return -ETIMEDOUT;
}
