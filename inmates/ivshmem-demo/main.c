// SPDX-License-Identifier: GPL-2.0
/*
 * The inmate side of the ivshmem demo protocol (include/bulkhead/
 * ivshmem_demo.h) on the cell's first `devices` ivshmem devices, each on
 * its own: on each it publishes its struct bh_demo_output, sets its state
 * to READY, beats (rings peer `target` on BH_DEMO_VEC_BEAT every `beat`
 * ms), answers pings from peer `pong`, reports state changes and, asked
 * on BH_DEMO_VEC_CHECK, what the shared memory holds. Between events the
 * CPU sleeps in HLT; while a pinger's mode is BH_DEMO_MODE_POLL it spins
 * on that pinger's ping_seq instead and answers through pong_seq alone.
 *
 * Options: devices=N (1), target=ID (0) pong=ID (0) beat=MS (1000, 0 = no
 * beats) count=N (stop beating after N beats, 0 = never), await=1 (beat a
 * device's target only while its state is not 0), msg=1 (the output
 * section carries the check's report as a message, not the struct),
 * fail=1 (then write the read-only state table, so that the cell fails).
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
/* as many as a cell may have (BH_MAX_IVSHMEM) */
#define MAX_DEVICES 4
/* the `bulkhead ivshmem send` message: length, CRC-32, data */
#define MSG_HEADER 8
#define REPORT_LINE 160

struct demo {
	struct ivshmem dev;
	/* "" with one device, else "bb:dd.f: ", after the lines' prefix */
	char tag[16];
	volatile struct bh_demo_output *own;
	/* the pinger's (peer `pong`) output section */
	const volatile struct bh_demo_output *pinger;
	uint32_t pong_peer, target, mode;
	/* msg=1: the counters live here, the output section has messages */
	struct bh_demo_output private_out;
	volatile bool check_asked;
	uint32_t checks;
};

static struct demo demos[MAX_DEVICES];
static unsigned int ndemos;
static bool msg_mode, await_target;
static volatile bool woken_by_timer, check_asked;

static void print_states(struct demo *d)
{
	uint32_t n = ivshmem_get_max_peers(&d->dev), i;

	/* one line: the console sends it whole at the newline */
	printf("ivshmem-demo: %sstates:", d->tag);
	for (i = 0; i < n && i < MAX_STATES_SHOWN; i++)
		printf(" %u=%u", i, ivshmem_get_state(&d->dev, i));
	printf(n > MAX_STATES_SHOWN ? " ...\n" : "\n");
}

static void on_state(struct ivshmem *dev, unsigned int vector, void *ctx)
{
	struct demo *d = ctx;

	(void)dev;
	d->own->irqs[vector]++;
	print_states(d);
}

static void on_beat(struct ivshmem *dev, unsigned int vector, void *ctx)
{
	struct demo *d = ctx;

	(void)dev;
	d->own->irqs[vector]++;
}

static void on_ping(struct ivshmem *dev, unsigned int vector, void *ctx)
{
	struct demo *d = ctx;

	d->own->irqs[vector]++;
	d->own->pong_seq = d->pinger->ping_seq;
	ivshmem_ring(dev, d->pong_peer, BH_DEMO_VEC_PING);
	d->own->rings_sent++;
}

/* The check reads kilobytes: the main loop does it, not the handler. */
static void on_check(struct ivshmem *dev, unsigned int vector, void *ctx)
{
	struct demo *d = ctx;

	(void)dev;
	d->own->irqs[vector]++;
	d->check_asked = true;
	check_asked = true;
}

static void on_timer(unsigned int vector, uint64_t entry_tsc)
{
	(void)vector;
	(void)entry_tsc;
	woken_by_timer = true;
}

/* A peer id of @d from the command line; @def if absent or not a peer. */
static uint32_t peer_option(struct demo *d, const char *key, long long def)
{
	long long v = cmdline_get_int(key, def);
	uint32_t peers = ivshmem_get_max_peers(&d->dev);

	if (v < 0 || v >= peers) {
		printf("ivshmem-demo: %s%s=%lld is not a peer (0-%u), using "
		       "%lld\n",
		       d->tag, key, v, peers - 1, def);
		return (uint32_t)def;
	}
	return (uint32_t)v;
}

static void print_device(const struct demo *d)
{
	const struct ivshmem_layout *l = &d->dev.layout;

	printf("ivshmem-demo: device " PCI_BDF_FMT ": id %u of %u peers, "
	       "protocol 0x%04x, state table %luK, rw %luK, output %luK at "
	       "0x%lx, %u vectors\n",
	       PCI_BDF_ARGS(d->dev.bdf), ivshmem_get_id(&d->dev),
	       ivshmem_get_max_peers(&d->dev), ivshmem_get_protocol(&d->dev),
	       (unsigned long)(l->state_size / 1024),
	       (unsigned long)(l->rw_size / 1024),
	       (unsigned long)(l->output_size / 1024),
	       (unsigned long)ivshmem_get_shmem_addr(&d->dev),
	       ivshmem_get_vectors(&d->dev));
}

/*
 * Own output section: the struct, magic last so a reader sees it whole;
 * with msg=1 an empty message there and the struct in the cell's RAM.
 */
static bool publish(struct demo *d)
{
	volatile void *out;
	const volatile void *in;
	size_t size = ivshmem_get_own_output(&d->dev, &out);
	size_t need = msg_mode ? MSG_HEADER : sizeof(struct bh_demo_output);

	if (size < need) {
		printf("ivshmem-demo: %soutput sections of %lu bytes cannot "
		       "hold the demo's %lu\n",
		       d->tag, (unsigned long)size, (unsigned long)need);
		return false;
	}
	ivshmem_get_output_section(&d->dev, d->pong_peer, &in);
	d->pinger = in;
	if (msg_mode) {
		/* length 0 first: a reader never takes the old data */
		((volatile uint32_t *)out)[0] = 0;
		((volatile uint32_t *)out)[1] = 0;
		d->own = &d->private_out;
	} else {
		d->own = out;
	}
	memset((void *)d->own, 0, sizeof(*d->own));
	d->own->version = BH_DEMO_VERSION;
	d->own->mode = BH_DEMO_MODE_IRQ;
	barrier();
	d->own->magic = BH_DEMO_MAGIC;
	return true;
}

static void register_handlers(struct demo *d)
{
	static const ivshmem_handler_t handlers[BH_DEMO_VECTORS] = {
		[BH_DEMO_VEC_STATE] = on_state,
		[BH_DEMO_VEC_BEAT] = on_beat,
		[BH_DEMO_VEC_PING] = on_ping,
		[BH_DEMO_VEC_CHECK] = on_check,
	};

	/* the library says which ones the device lacks */
	for (unsigned int v = 0; v < BH_DEMO_VECTORS; v++)
		ivshmem_register_handler(&d->dev, v, handlers[v], d);
}

/* CRC-32 as zlib's crc32() (IEEE 802.3, reflected), as the CLI sends it. */
static uint32_t crc32(const volatile uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* What the R/W section holds, as one report line into @buf. */
static void check_rw(struct demo *d, char *buf, size_t size)
{
	volatile void *rw;
	const volatile uint8_t *p;
	size_t room = ivshmem_get_rw_section(&d->dev, &rw);
	uint32_t length, stored, actual;

	p = rw;
	if (room < MSG_HEADER) {
		snprintk(buf, size, "check %u: rw: no room for a message",
			 d->checks);
		return;
	}
	length = ((const volatile uint32_t *)p)[0];
	barrier();
	stored = ((const volatile uint32_t *)p)[1];
	if (length > room - MSG_HEADER) {
		snprintk(buf, size,
			 "check %u: rw: message length %u exceeds the "
			 "section (%lu bytes, 8 of them the header)",
			 d->checks, length, (unsigned long)room);
		return;
	}
	actual = crc32(p + MSG_HEADER, length);
	if (actual == stored)
		snprintk(buf, size,
			 "check %u: rw: message of %u bytes, crc32 0x%08x, "
			 "intact",
			 d->checks, length, actual);
	else
		snprintk(buf, size,
			 "check %u: rw: message of %u bytes, crc32 0x%08x, "
			 "but the header says 0x%08x",
			 d->checks, length, actual, stored);
}

/* The pinger's output section, as one report line into @buf. */
static void check_input(struct demo *d, char *buf, size_t size)
{
	const volatile uint8_t *p;
	const volatile void *in;
	size_t len = ivshmem_get_output_section(&d->dev, d->pong_peer, &in);
	size_t same = 0;

	p = in;
	if (!len) {
		snprintk(buf, size, "check %u: peer %u output: empty",
			 d->checks, d->pong_peer);
		return;
	}
	while (same < len && p[same] == p[0])
		same++;
	snprintk(buf, size,
		 "check %u: peer %u output: %lu bytes, first 0x%02x, last "
		 "0x%02x, %lu equal to the first",
		 d->checks, d->pong_peer, (unsigned long)len, p[0], p[len - 1],
		 (unsigned long)same);
}

/*
 * Writes @text (@len bytes) as a message into the own output section:
 * length 0, data, checksum, then the length, as the CLI's send does.
 */
static void write_message(struct demo *d, const char *text, size_t len)
{
	volatile uint32_t *hdr;
	volatile uint8_t *data;
	volatile void *out;
	size_t room = ivshmem_get_own_output(&d->dev, &out) - MSG_HEADER;
	uint32_t sum;

	if (len > room)
		len = room;
	hdr = out;
	data = (volatile uint8_t *)out + MSG_HEADER;
	hdr[0] = 0;
	barrier();
	for (size_t i = 0; i < len; i++)
		data[i] = (uint8_t)text[i];
	sum = crc32(data, len);
	hdr[1] = sum;
	barrier();
	hdr[0] = (uint32_t)len;
	printf("ivshmem-demo: %scheck %u: wrote a message of %lu bytes, "
	       "crc32 0x%08x\n",
	       d->tag, d->checks, (unsigned long)len, sum);
}

static void check(struct demo *d)
{
	char rw_line[REPORT_LINE], in_line[REPORT_LINE];
	char text[2 * REPORT_LINE + 2];
	int len;

	d->check_asked = false;
	d->checks++;
	check_rw(d, rw_line, sizeof(rw_line));
	check_input(d, in_line, sizeof(in_line));
	printf("ivshmem-demo: %s%s\n", d->tag, rw_line);
	printf("ivshmem-demo: %s%s\n", d->tag, in_line);
	if (msg_mode) {
		len = snprintk(text, sizeof(text), "%s\n%s\n", rw_line,
			       in_line);
		if (len >= (int)sizeof(text))
			len = sizeof(text) - 1;
		write_message(d, text, (size_t)len);
	}
	/* the asker learns the report is there */
	ivshmem_ring(&d->dev, d->pong_peer, BH_DEMO_VEC_CHECK);
	d->own->rings_sent++;
}

static void run_checks(void)
{
	check_asked = false;
	for (unsigned int i = 0; i < ndemos; i++)
		if (demos[i].check_asked)
			check(&demos[i]);
}

/* One beat of every device that still beats; false when none does. */
static bool beat(long long count)
{
	bool more = false;

	for (unsigned int i = 0; i < ndemos; i++) {
		struct demo *d = &demos[i];
		volatile struct bh_demo_output *own = d->own;

		if (count && own->heartbeat >= count)
			continue;
		if (!await_target || ivshmem_get_state(&d->dev, d->target)) {
			own->heartbeat++;
			ivshmem_ring(&d->dev, d->target, BH_DEMO_VEC_BEAT);
			own->rings_sent++;
			printf("ivshmem-demo: %sbeat %u: rings sent %u, irqs "
			       "received v0 %u v1 %u v2 %u\n",
			       d->tag, own->heartbeat, own->rings_sent,
			       own->irqs[0], own->irqs[1], own->irqs[2]);
		}
		if (count && own->heartbeat >= count)
			printf("ivshmem-demo: %scount %lld reached, no more "
			       "beats\n",
			       d->tag, count);
		else
			more = true;
	}
	return more;
}

static uint32_t pinger_mode(const struct demo *d)
{
	if (d->pinger->magic != BH_DEMO_MAGIC)
		return BH_DEMO_MODE_IRQ;
	return d->pinger->mode;
}

/* Echoes every pinger's mode; true if one of them polls. */
static bool follow_modes(void)
{
	bool polling = false;

	for (unsigned int i = 0; i < ndemos; i++) {
		struct demo *d = &demos[i];
		uint32_t want = pinger_mode(d) == BH_DEMO_MODE_POLL ?
					BH_DEMO_MODE_POLL :
					BH_DEMO_MODE_IRQ;

		if (want != d->mode) {
			d->mode = want;
			d->own->mode = want;
			printf("ivshmem-demo: %smode %s\n", d->tag,
			       want == BH_DEMO_MODE_POLL ? "poll" : "irq");
		}
		polling |= want == BH_DEMO_MODE_POLL;
	}
	return polling;
}

static bool modes_changed(void)
{
	for (unsigned int i = 0; i < ndemos; i++)
		if ((pinger_mode(&demos[i]) == BH_DEMO_MODE_POLL) !=
		    (demos[i].mode == BH_DEMO_MODE_POLL))
			return true;
	return false;
}

/*
 * Answers through pong_seq alone, with interrupts on (doorbells and
 * state changes are still served), until the timer says it is time to
 * look at beats and shutdown requests again, a check is asked for, or a
 * pinger changes its mode.
 */
static void poll_pings(void)
{
	irq_enable();
	while (!woken_by_timer && !check_asked && !modes_changed()) {
		for (unsigned int i = 0; i < ndemos; i++) {
			struct demo *d = &demos[i];
			uint32_t seq;

			if (d->mode != BH_DEMO_MODE_POLL)
				continue;
			seq = d->pinger->ping_seq;
			if (seq != d->own->pong_seq)
				d->own->pong_seq = seq;
		}
		cpu_relax();
	}
	irq_disable();
}

static __attribute__((noreturn)) void shut_down(void)
{
	timer_cancel();
	for (unsigned int i = 0; i < ndemos; i++) {
		struct demo *d = &demos[i];
		volatile struct bh_demo_output *own = d->own;

		/* the peers learn from state 0 (vector 0) that the demo is
		 * gone */
		ivshmem_set_state(&d->dev, 0);
		ivshmem_enable_interrupts(&d->dev, false);
		printf("ivshmem-demo: %stotals: rings sent %u, irqs received "
		       "v0 %u v1 %u v2 %u v3 %u\n",
		       d->tag, own->rings_sent, own->irqs[0], own->irqs[1],
		       own->irqs[2], own->irqs[3]);
	}
	printf("ivshmem-demo: shutting down\n");
	comm_shutdown();
}

/*
 * fail=1: once the beats are done, write into the first device's state
 * table, which is read-only to every peer: the hypervisor stops the cell
 * as failed, and its peers must see its state drop to 0 (system test 160).
 */
static void fail_on_purpose(void)
{
	const volatile uint32_t *table;

	ivshmem_get_state_table(&demos[0].dev, &table);
	printf("ivshmem-demo: failing on purpose: writing the state table\n");
	*(volatile uint32_t *)table = 0xdead;
}

/* Finds and sets up the first @n devices; how many there are. */
static unsigned int init_devices(long long n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct demo *d = &demos[i];

		if (ivshmem_init(&d->dev, i) < 0)
			break;
		if (n > 1)
			snprintk(d->tag, sizeof(d->tag), PCI_BDF_FMT ": ",
				 PCI_BDF_ARGS(d->dev.bdf));
		print_device(d);
	}
	return i;
}

void inmate_main(void)
{
	long long beat_ms, count, want;
	bool fail, beating;
	uint64_t beat_ticks, wake_ticks, next_beat = 0, now, wake_at;

	want = cmdline_get_int("devices", 1);
	if (want < 1 || want > MAX_DEVICES) {
		printf("ivshmem-demo: devices=%lld is not 1-%u, using 1\n",
		       want, MAX_DEVICES);
		want = 1;
	}
	ndemos = init_devices(want);
	if (!ndemos) {
		printf("ivshmem-demo: no usable ivshmem device, idling\n");
		comm_idle("ivshmem-demo");
	}
	if (ndemos < want) {
		printf("ivshmem-demo: %u of %lld devices usable, idling\n",
		       ndemos, want);
		comm_idle("ivshmem-demo");
	}
	for (unsigned int i = 0; i < ndemos; i++) {
		demos[i].target = peer_option(&demos[i], "target", 0);
		demos[i].pong_peer = peer_option(&demos[i], "pong", 0);
	}
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
	msg_mode = cmdline_get_int("msg", 0) != 0;
	await_target = cmdline_get_int("await", 0) != 0;
	printf("ivshmem-demo: target %u, pong %u, beat %lld ms, count %lld\n",
	       demos[0].target, demos[0].pong_peer, beat_ms, count);
	for (unsigned int i = 0; i < ndemos; i++)
		if (!publish(&demos[i]))
			comm_idle("ivshmem-demo");

	irq_register(TIMER_VECTOR, on_timer);
	timer_setup(TIMER_VECTOR, timer_has_tsc_deadline() ?
					  TIMER_TSC_DEADLINE :
					  TIMER_ONESHOT);
	for (unsigned int i = 0; i < ndemos; i++) {
		register_handlers(&demos[i]);
		ivshmem_enable_interrupts(&demos[i].dev, true);
		ivshmem_set_state(&demos[i].dev, BH_DEMO_STATE_READY);
	}
	printf("ivshmem-demo: ready\n");
	/* changes before our interrupts were on came without vector 0 */
	for (unsigned int i = 0; i < ndemos; i++)
		print_states(&demos[i]);

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
		if (check_asked)
			run_checks();

		now = rdtsc();
		if (beating && (int64_t)(now - next_beat) >= 0) {
			beating = beat(count);
			next_beat += beat_ticks;
			/* after a long stall, beat on from now, not in a burst */
			if ((int64_t)(now - next_beat) >= 0)
				next_beat = now + beat_ticks;
			if (!beating && fail)
				fail_on_purpose();
		}

		wake_at = now + wake_ticks;
		if (beating && (int64_t)(next_beat - wake_at) < 0)
			wake_at = next_beat;
		woken_by_timer = false;
		timer_arm_at(wake_at);
		if (follow_modes())
			poll_pings();
		else
			asm volatile("sti; hlt; cli" ::: "memory");
	}
}
