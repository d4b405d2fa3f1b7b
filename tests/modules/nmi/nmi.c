// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: NMIs in pairs to one CPU, the second sent once that CPU
 * has entered the handler of the first (which then waits hold_us), as
 * Linux's NMI backtraces from two CPUs at once can do. On hardware the second
 * waits for the first handler's IRET and then runs the handler again;
 * under the hypervisor both are intercepted and given back, and the
 * second must wait the same way (its counters nmis_injected, nmis_held).
 * Prints how many were sent, handled, and found the handler busy, and
 * how many seconds were sent before the first's handler had ended: each
 * of those was pending while the first ran, so the hypervisor had to hold
 * it. The first waits long (50 ms) because under TCG both vCPUs may share
 * one host core: with a short wait the first's handler could end before
 * the sender is scheduled at all, and nothing would be held.
 *
 * Every wait here reads the clock instead of calling udelay(): udelay()
 * counts in the CPU's own loops_per_jiffy, which a secondary CPU
 * calibrates at boot against timer ticks, and under TCG on a busy host
 * it came out between 0.6 and 3 times the real rate (6.12, CPU 1, eight
 * boots); a CI run in which no second was sent before its first's handler
 * ended points to a far lower one.
 */
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <asm/apic.h>
#include <asm/nmi.h>

static unsigned int cpu = 1;
static unsigned int pairs = 20;
static unsigned int hold_us = 50000;
module_param(cpu, uint, 0444);
module_param(pairs, uint, 0444);
module_param(hold_us, uint, 0444);

static atomic_t armed;
static atomic_t entered;
static atomic_t handled;
static atomic_t inside;
static atomic_t nested;
static unsigned int early;

/* ktime_get_mono_fast_ns() because it is safe in NMI context */
static void spin_ns(u64 ns)
{
	u64 end = ktime_get_mono_fast_ns() + ns;

	while (ktime_get_mono_fast_ns() < end)
		cpu_relax();
}

static int nmi_test_handler(unsigned int type, struct pt_regs *regs)
{
	if (!atomic_read(&armed) || smp_processor_id() != cpu)
		return NMI_DONE;
	if (atomic_inc_return(&inside) > 1)
		atomic_inc(&nested);
	/* the first of a pair waits, so that the second comes meanwhile */
	if (atomic_inc_return(&entered) % 2)
		spin_ns((u64)hold_us * NSEC_PER_USEC);
	atomic_inc(&handled);
	atomic_dec(&inside);
	return NMI_HANDLED;
}

/* Up to 1 s for @count to reach @n. */
static bool wait_for(atomic_t *count, int n)
{
	u64 end = ktime_get_mono_fast_ns() + NSEC_PER_SEC;

	while (atomic_read(count) < n && ktime_get_mono_fast_ns() < end)
		cpu_relax();
	return atomic_read(count) >= n;
}

static int __init nmi_test_init(void)
{
	unsigned int sent = 0, i;
	int err, me = get_cpu();

	if (cpu >= nr_cpu_ids || !cpu_online(cpu) || cpu == me) {
		put_cpu();
		pr_err("nmi: target CPU %u must be online and not this CPU (%d)\n",
		       cpu, me);
		return -EINVAL;
	}
	err = register_nmi_handler(NMI_LOCAL, nmi_test_handler, 0, "bh_nmi");
	if (err) {
		put_cpu();
		return err;
	}
	atomic_set(&armed, 1);
	for (i = 0; i < pairs; i++) {
		apic->send_IPI(cpu, NMI_VECTOR);
		sent++;
		if (!wait_for(&entered, sent))
			break;
		apic->send_IPI(cpu, NMI_VECTOR);
		sent++;
		if (atomic_read(&handled) < sent - 1)
			early++;
		/* a second NMI lost or never given back ends it here */
		if (!wait_for(&handled, sent))
			break;
	}
	atomic_set(&armed, 0);
	put_cpu();
	unregister_nmi_handler(NMI_LOCAL, "bh_nmi");
	pr_info("nmi: CPU %u: %u NMIs sent, each second one in the first's handler, %d handled, %d nested, %u sent before that handler ended\n",
		cpu, sent, atomic_read(&handled), atomic_read(&nested), early);
	return 0;
}

static void __exit nmi_test_exit(void)
{
}

module_init(nmi_test_init);
module_exit(nmi_test_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: NMIs to a CPU busy in its NMI handler");
