// SPDX-License-Identifier: GPL-2.0
/*
 * The inmate side of the ivshmem demo protocol (include/bulkhead/
 * ivshmem_demo.h) on the cell's first ivshmem device: it publishes its
 * struct bh_demo_output, sets its state to READY, beats (rings peer
 * `target` on BH_DEMO_VEC_BEAT every `beat` ms), answers pings from peer
 * `pong` and reports state changes. Between events the CPU sleeps in HLT;
 * while the pinger's mode is BH_DEMO_MODE_POLL it spins on the pinger's
 * ping_seq instead and answers through pong_seq alone.
 *
 * Options: target=ID (0) pong=ID (0) beat=MS (1000, 0 = no beats)
 * count=N (stop beating after N beats, 0 = never), fail=1 (then write the
 * read-only state table, so that the cell fails).
 */
#include <inmate/inmate.h>
#include <bulkhead/ivshmem_demo.h>

#define DEFAULT_BEAT_MS 1000
#define MAX_BEAT_MS 3600000
/*
 * The longest sleep: shutdown requests and the pinger's mode are only
 * looked at when the CPU wakes up, and the hypervisor waits 2 s for an
 * answer to a shutdown request.
 */
#define WAKE_MS 10
#define MAX_STATES_SHOWN 16

static struct ivshmem dev;
static volatile struct bh_demo_output *own;
/* the pinger's (peer `pong`) output section */
static const volatile struct bh_demo_output *pinger;
static uint32_t pong_peer, target;
static volatile bool woken_by_timer;

static void print_states(void)
{
	uint32_t n = ivshmem_get_max_peers(&dev), i;

	/* one line: the console sends it whole at the newline */
	printf("ivshmem-demo: states:");
	for (i = 0; i < n && i < MAX_STATES_SHOWN; i++)
		printf(" %u=%u", i, ivshmem_get_state(&dev, i));
	printf(n > MAX_STATES_SHOWN ? " ...\n" : "\n");
}

static void on_state(struct ivshmem *d, unsigned int vector, void *ctx)
{
	(void)d;
	(void)ctx;
	own->irqs[vector]++;
	print_states();
}

static void on_beat(struct ivshmem *d, unsigned int vector, void *ctx)
{
	(void)d;
	(void)ctx;
	own->irqs[vector]++;
}

static void on_ping(struct ivshmem *d, unsigned int vector, void *ctx)
{
	(void)ctx;
	own->irqs[vector]++;
	own->pong_seq = pinger->ping_seq;
	ivshmem_ring(d, pong_peer, BH_DEMO_VEC_PING);
	own->rings_sent++;
}

static void on_timer(unsigned int vector, uint64_t entry_tsc)
{
	(void)vector;
	(void)entry_tsc;
	woken_by_timer = true;
}

/* A peer id from the command line; @def if absent or not a peer. */
static uint32_t peer_option(const char *key, long long def)
{
	long long v = cmdline_get_int(key, def);
	uint32_t peers = ivshmem_get_max_peers(&dev);

	if (v < 0 || v >= peers) {
		printf("ivshmem-demo: %s=%lld is not a peer (0-%u), using "
		       "%lld\n",
		       key, v, peers - 1, def);
		return (uint32_t)def;
	}
	return (uint32_t)v;
}

static void print_device(void)
{
	const struct ivshmem_layout *l = &dev.layout;

	printf("ivshmem-demo: device " PCI_BDF_FMT ": id %u of %u peers, "
	       "protocol 0x%04x, state table %luK, rw %luK, output %luK at "
	       "0x%lx, %u vectors\n",
	       PCI_BDF_ARGS(dev.bdf), ivshmem_get_id(&dev),
	       ivshmem_get_max_peers(&dev), ivshmem_get_protocol(&dev),
	       (unsigned long)(l->state_size / 1024),
	       (unsigned long)(l->rw_size / 1024),
	       (unsigned long)(l->output_size / 1024),
	       (unsigned long)ivshmem_get_shmem_addr(&dev),
	       ivshmem_get_vectors(&dev));
}

/* Own output section: the struct, magic last so a reader sees it whole. */
static bool publish(void)
{
	volatile void *out;
	const volatile void *in;
	size_t size = ivshmem_get_own_output(&dev, &out);

	if (size < sizeof(struct bh_demo_output)) {
		printf("ivshmem-demo: output sections of %lu bytes cannot "
		       "hold the demo's %lu\n",
		       (unsigned long)size,
		       (unsigned long)sizeof(struct bh_demo_output));
		return false;
	}
	own = out;
	ivshmem_get_output_section(&dev, pong_peer, &in);
	pinger = in;
	memset((void *)own, 0, sizeof(*own));
	own->version = BH_DEMO_VERSION;
	own->mode = BH_DEMO_MODE_IRQ;
	barrier();
	own->magic = BH_DEMO_MAGIC;
	return true;
}

static void register_handlers(void)
{
	static const ivshmem_handler_t handlers[BH_DEMO_VECTORS] = {
		[BH_DEMO_VEC_STATE] = on_state,
		[BH_DEMO_VEC_BEAT] = on_beat,
		[BH_DEMO_VEC_PING] = on_ping,
	};

	/* the library says which ones the device lacks */
	for (unsigned int v = 0; v < BH_DEMO_VECTORS; v++)
		ivshmem_register_handler(&dev, v, handlers[v], NULL);
}

static void beat(void)
{
	own->heartbeat++;
	ivshmem_ring(&dev, target, BH_DEMO_VEC_BEAT);
	own->rings_sent++;
	printf("ivshmem-demo: beat %u: rings sent %u, irqs received v0 %u "
	       "v1 %u v2 %u\n",
	       own->heartbeat, own->rings_sent, own->irqs[0], own->irqs[1],
	       own->irqs[2]);
}

static uint32_t pinger_mode(void)
{
	if (pinger->magic != BH_DEMO_MAGIC)
		return BH_DEMO_MODE_IRQ;
	return pinger->mode;
}

/*
 * Answers through pong_seq alone, with interrupts on (doorbells and
 * state changes are still served), until the timer says it is time to
 * look at beats and shutdown requests again, or the pinger leaves poll
 * mode.
 */
static void poll_pings(void)
{
	irq_enable();
	while (!woken_by_timer && pinger_mode() == BH_DEMO_MODE_POLL) {
		uint32_t seq = pinger->ping_seq;

		if (seq != own->pong_seq)
			own->pong_seq = seq;
		cpu_relax();
	}
	irq_disable();
}

static __attribute__((noreturn)) void shut_down(void)
{
	timer_cancel();
	/* the peers learn from state 0 (vector 0) that the demo is gone */
	ivshmem_set_state(&dev, 0);
	ivshmem_enable_interrupts(&dev, false);
	printf("ivshmem-demo: shutting down\n");
	comm_shutdown();
}

/*
 * fail=1: once the beats are done, write into the state table, which is
 * read-only to every peer: the hypervisor stops the cell as failed, and
 * its peers must see its state drop to 0 (system test 160).
 */
static void fail_on_purpose(void)
{
	const volatile uint32_t *table;

	ivshmem_get_state_table(&dev, &table);
	printf("ivshmem-demo: failing on purpose: writing the state table\n");
	*(volatile uint32_t *)table = 0xdead;
}

void inmate_main(void)
{
	long long beat_ms, count;
	bool fail;
	uint64_t beat_ticks, wake_ticks, next_beat = 0, now, wake_at;
	uint32_t mode = BH_DEMO_MODE_IRQ, want;
	bool beating;

	if (ivshmem_init(&dev, 0) < 0) {
		printf("ivshmem-demo: no usable ivshmem device, idling\n");
		comm_idle("ivshmem-demo");
	}
	print_device();
	target = peer_option("target", 0);
	pong_peer = peer_option("pong", 0);
	beat_ms = cmdline_get_int("beat", DEFAULT_BEAT_MS);
	if (beat_ms < 0 || beat_ms > MAX_BEAT_MS) {
		printf("ivshmem-demo: beat=%lld is not 0-%u, using %u\n",
		       beat_ms, MAX_BEAT_MS, DEFAULT_BEAT_MS);
		beat_ms = DEFAULT_BEAT_MS;
	}
	count = cmdline_get_int("count", 0);
	if (count < 0)
		count = 0;
	fail = cmdline_get_int("fail", 0) != 0;
	printf("ivshmem-demo: target %u, pong %u, beat %lld ms, count %lld\n",
	       target, pong_peer, beat_ms, count);
	if (!publish())
		comm_idle("ivshmem-demo");

	irq_register(TIMER_VECTOR, on_timer);
	timer_setup(TIMER_VECTOR, timer_has_tsc_deadline() ?
					  TIMER_TSC_DEADLINE :
					  TIMER_ONESHOT);
	register_handlers();
	ivshmem_enable_interrupts(&dev, true);
	ivshmem_set_state(&dev, BH_DEMO_STATE_READY);
	printf("ivshmem-demo: ready\n");
	/* changes before our interrupts were on came without vector 0 */
	print_states();

	beating = beat_ms > 0;
	beat_ticks = ns_to_tsc((uint64_t)beat_ms * 1000000);
	wake_ticks = ns_to_tsc((uint64_t)WAKE_MS * 1000000);
	if (beating)
		next_beat = rdtsc() + beat_ticks;

	/*
	 * Interrupts are off here except inside HLT and poll_pings(): a
	 * wake-up between a check and the HLT cannot be lost, since STI
	 * takes effect only after the HLT has begun.
	 */
	for (;;) {
		if (comm_poll())
			shut_down();

		now = rdtsc();
		if (beating && (int64_t)(now - next_beat) >= 0) {
			beat();
			next_beat += beat_ticks;
			/* after a long stall, beat on from now, not in a burst */
			if ((int64_t)(now - next_beat) >= 0)
				next_beat = now + beat_ticks;
			if (count && own->heartbeat >= count) {
				printf("ivshmem-demo: count %lld reached, no "
				       "more beats\n",
				       count);
				beating = false;
				if (fail)
					fail_on_purpose();
			}
		}

		want = pinger_mode() == BH_DEMO_MODE_POLL ? BH_DEMO_MODE_POLL :
							    BH_DEMO_MODE_IRQ;
		if (want != mode) {
			mode = want;
			own->mode = mode;
			printf("ivshmem-demo: mode %s\n",
			       mode == BH_DEMO_MODE_POLL ? "poll" : "irq");
		}

		wake_at = now + wake_ticks;
		if (beating && (int64_t)(next_beat - wake_at) < 0)
			wake_at = next_beat;
		woken_by_timer = false;
		timer_arm_at(wake_at);
		if (mode == BH_DEMO_MODE_POLL)
			poll_pings();
		else
			asm volatile("sti; hlt; cli" ::: "memory");
	}
}
