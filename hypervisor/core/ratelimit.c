// SPDX-License-Identifier: GPL-2.0
/* Rate limits of console lines caused by guests (bh/ratelimit.h). */
#include <stdarg.h>
#include <bh/arch.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>

/* Only its own CPU touches an entry: no lock. */
static struct {
	bool started;
	u32 tokens;
	u32 suppressed;
	u64 stamp;
} limits[MAX_CPUS];

bool ratelimit_pass(struct per_cpu *cpu)
{
	u64 now = arch_read_tsc(), period, add;
	u32 dropped;

	period = hv_header.tsc_khz * 1000 / RATELIMIT_PER_SEC;
	if (!limits[cpu->id].started) {
		limits[cpu->id].started = true;
		limits[cpu->id].tokens = RATELIMIT_BURST;
		limits[cpu->id].stamp = now;
	}
	if (period && now - limits[cpu->id].stamp >= period) {
		add = (now - limits[cpu->id].stamp) / period;
		limits[cpu->id].stamp += add * period;
		add += limits[cpu->id].tokens;
		limits[cpu->id].tokens =
			add > RATELIMIT_BURST ? RATELIMIT_BURST : (u32)add;
	}
	if (!limits[cpu->id].tokens) {
		limits[cpu->id].suppressed++;
		return false;
	}
	limits[cpu->id].tokens--;
	dropped = limits[cpu->id].suppressed;
	if (dropped) {
		limits[cpu->id].suppressed = 0;
		printk("CPU %u: %u console lines of its guest's doing dropped (rate limit)\n",
		       cpu->id, dropped);
	}
	return true;
}

void printk_guest(struct per_cpu *cpu, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	if (!ratelimit_pass(cpu))
		return;
	va_start(ap, fmt);
	vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("%s", buf);
}
