// SPDX-License-Identifier: GPL-2.0
/*
 * ivshmem commands: the root cell's side of its ivshmem 2.0 devices, through
 * the uio_ivshmem driver (docs/ivshmem.md), reached through ivshmem_uio.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bulkhead/ivshmem.h>
#include <bulkhead/ivshmem_demo.h>

#include "cli.h"
#include "ivshmem_uio.h"

#define MAX_DEVICES 64
#define MSG_HEADER 8 /* send/recv: u32 length, u32 CRC-32 */
#define PINGPONG_TIMEOUT_NS 1000000000ull
#define MODE_ECHO_TIMEOUT_NS 2000000000ull

/* --- arguments --- */

#define OPT_DEVICE (1u << 0)
#define OPT_TIMEOUT (1u << 1)
#define OPT_COUNT (1u << 2)
#define OPT_PEER (1u << 3)
#define OPT_LENGTH (1u << 4)
#define OPT_POLL (1u << 5)
#define OPT_HOLD (1u << 6)

struct option_spec {
	const char *short_name, *long_name;
	unsigned int flag;
	bool value;
};

static const struct option_spec options[] = {
	{ "-d", "--device", OPT_DEVICE, true },
	{ "-t", "--timeout", OPT_TIMEOUT, true },
	{ "-c", "--count", OPT_COUNT, true },
	{ "-p", "--peer", OPT_PEER, true },
	{ "-l", "--length", OPT_LENGTH, true },
	{ NULL, "--poll", OPT_POLL, false },
	{ NULL, "--hold", OPT_HOLD, false },
};

struct args {
	unsigned int given;
	const char *device;
	uint64_t timeout_ms, count, peer, length;
	const char *pos[3];
	int npos;
};

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end ? -1 : 0;
}

/*
 * Options anywhere, -d for every command plus those in @allowed; at most
 * @max_pos other arguments. 0, or EXIT_USAGE after the message.
 */
static int parse_args(int argc, char **argv, unsigned int allowed, int max_pos,
		      struct args *a)
{
	memset(a, 0, sizeof(*a));
	allowed |= OPT_DEVICE;
	for (int i = 1; i < argc; i++) {
		const struct option_spec *o = NULL;
		const char *arg = argv[i];
		uint64_t v;

		for (size_t k = 0; k < sizeof(options) / sizeof(options[0]);
		     k++) {
			if ((options[k].short_name &&
			     !strcmp(arg, options[k].short_name)) ||
			    !strcmp(arg, options[k].long_name))
				o = &options[k];
		}
		if (!o && arg[0] == '-' && arg[1] &&
		    !(arg[1] >= '0' && arg[1] <= '9'))
			return cli_usage_error("unknown option '%s'", arg);
		if (o && !(allowed & o->flag))
			return cli_usage_error("unknown option '%s'", arg);
		if (!o) {
			if (a->npos == max_pos)
				return cli_usage_error("too many arguments");
			a->pos[a->npos++] = arg;
			continue;
		}
		a->given |= o->flag;
		if (!o->value)
			continue;
		if (++i == argc)
			return cli_usage_error("%s needs a %s", arg,
					       o->flag == OPT_DEVICE ?
						       "device (uioN or BDF)" :
						       "number");
		if (o->flag == OPT_DEVICE) {
			a->device = argv[i];
			continue;
		}
		if (parse_u64(argv[i], &v))
			return cli_usage_error("%s: '%s' is not a number", arg,
					       argv[i]);
		if (o->flag == OPT_TIMEOUT)
			a->timeout_ms = v;
		else if (o->flag == OPT_COUNT)
			a->count = v;
		else if (o->flag == OPT_PEER)
			a->peer = v;
		else
			a->length = v;
	}
	return 0;
}

/* --- helpers --- */

static uint32_t crc32(const uint8_t *p, size_t len)
{
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
	}
	return ~crc;
}

/* hexdump -C's layout; repeated lines collapse into one '*'. */
static void hexdump(const volatile uint8_t *p, uint64_t len)
{
	uint8_t line[16], prev[16];
	bool have_prev = false, starred = false;

	for (uint64_t off = 0; off < len; off += 16) {
		unsigned int n = len - off < 16 ? (unsigned int)(len - off) :
						  16;

		for (unsigned int i = 0; i < n; i++)
			line[i] = p[off + i];
		if (have_prev && n == 16 && !memcmp(line, prev, 16)) {
			if (!starred)
				puts("*");
			starred = true;
			continue;
		}
		starred = false;
		printf("%08llx ", (unsigned long long)off);
		for (unsigned int i = 0; i < 16; i++) {
			if (i == 8)
				putchar(' ');
			if (i < n)
				printf(" %02x", line[i]);
			else
				printf("   ");
		}
		printf("  |");
		for (unsigned int i = 0; i < n; i++)
			putchar(line[i] >= 0x20 && line[i] < 0x7f ? line[i] :
								    '.');
		printf("|\n");
		memcpy(prev, line, sizeof(prev));
		have_prev = n == 16;
	}
	printf("%08llx\n", (unsigned long long)len);
}

enum named {
	NAMED_STATE,
	NAMED_RW,
	NAMED_OUTPUT, /* this cell's */
	NAMED_INPUT, /* every peer's output */
	NAMED_PEER, /* one peer's output */
};

/*
 * SECTION of dump and fill: state, rw, output (this cell's) or input (all
 * peers'); with --peer, output and input both mean that peer's output
 * section. -1 after a usage error.
 */
static int parse_section(const char *name, bool has_peer, bool writing)
{
	bool out = !strcmp(name, "output"), in = !strcmp(name, "input");

	if (writing) {
		if (!strcmp(name, "rw"))
			return NAMED_RW;
		if (out)
			return NAMED_OUTPUT;
		cli_usage_error("SECTION must be rw or output, not '%s'", name);
		return -1;
	}
	if (has_peer && (out || in))
		return NAMED_PEER;
	if (has_peer) {
		cli_usage_error("--peer goes with output or input only");
		return -1;
	}
	if (!strcmp(name, "state"))
		return NAMED_STATE;
	if (!strcmp(name, "rw"))
		return NAMED_RW;
	if (out)
		return NAMED_OUTPUT;
	if (in)
		return NAMED_INPUT;
	cli_usage_error("SECTION must be state, rw, output or input, not '%s'",
			name);
	return -1;
}

/* Maps section @which and sets @len; NULL after an error message. */
static volatile uint8_t *named_section(struct ivdev *d, enum named which,
				       uint64_t peer, uint64_t *len)
{
	static const enum section sec[] = {
		[NAMED_STATE] = SEC_STATE,
		[NAMED_RW] = SEC_RW,
		[NAMED_OUTPUT] = SEC_OUTPUT,
		[NAMED_INPUT] = SEC_INPUT,
	};

	if (which == NAMED_PEER) {
		*len = ivdev_output_size(d);
		return (volatile uint8_t *)ivdev_peer_output(d, peer);
	}
	*len = d->map[sec[which]].size;
	return ivdev_map(d, sec[which]);
}

/* --- commands --- */

static int print_device(struct ivdev *d)
{
	const volatile uint32_t *state;
	uint64_t entries;

	if (ivdev_open(d))
		return 1;
	state = ivdev_map(d, SEC_STATE);
	if (!state) {
		ivdev_close(d);
		return 1;
	}
	printf("%s: %s\n", d->node, d->bdf);
	if (d->protocol >= 0)
		printf("  protocol:     0x%04x\n", d->protocol);
	printf("  id:           %u\n", d->id);
	printf("  max peers:    %u\n", d->peers);
	if (d->vectors >= 0)
		printf("  vectors:      %d\n", d->vectors);
	printf("  state table:  %llu bytes\n",
	       (unsigned long long)d->map[SEC_STATE].size);
	printf("  rw section:   %llu bytes\n",
	       (unsigned long long)(d->map[SEC_RW].index < 0 ?
					    0 :
					    d->map[SEC_RW].size));
	printf("  output:       %llu bytes per peer\n",
	       (unsigned long long)ivdev_output_size(d));
	entries = d->map[SEC_STATE].size / 4;
	printf("  state:       ");
	for (uint32_t i = 0; i < d->peers && i < entries; i++)
		printf(" %u: %u%s%s", i, state[i], i == d->id ? " (own)" : "",
		       i + 1 < d->peers ? "," : "");
	printf("\n");
	ivdev_close(d);
	return 0;
}

static int run_list(int argc, char **argv)
{
	static struct ivdev devs[MAX_DEVICES];
	struct args a;
	int n, ret = 0, shown = 0;

	if ((ret = parse_args(argc, argv, 0, 0, &a)))
		return ret;
	n = ivdev_scan(devs, MAX_DEVICES);
	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		if (a.device && !ivdev_matches(&devs[i], a.device))
			continue;
		if (shown++)
			printf("\n");
		if (print_device(&devs[i]))
			ret = 1;
	}
	if (!shown)
		return cli_error(
			"no ivshmem device '%s' (see 'bulkhead ivshmem list')",
			a.device);
	return ret;
}

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int run_state(int argc, char **argv)
{
	struct ivdev d;
	uint64_t v = 0;
	struct args a;
	int ret;

	if ((ret = parse_args(argc, argv, OPT_HOLD, 1, &a)))
		return ret;
	if (a.npos && (parse_u64(a.pos[0], &v) || v > UINT32_MAX))
		return cli_usage_error(
			"VALUE must be a 32-bit number, not '%s'", a.pos[0]);
	if ((a.given & OPT_HOLD) && !a.npos)
		return cli_usage_error("--hold needs a VALUE");
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	if (!a.npos) {
		printf("%u\n", *ivdev_reg(&d, IVSHMEM_REG_STATE));
		ivdev_close(&d);
		return 0;
	}
	*ivdev_reg(&d, IVSHMEM_REG_STATE) = (uint32_t)v;
	if (a.given & OPT_HOLD) {
		struct sigaction sa = { .sa_handler = on_signal };

		/* uio_ivshmem sets State to 0 when the last user closes */
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		printf("%s: state %u, held until interrupted\n", d.node,
		       (uint32_t)v);
		fflush(stdout);
		while (!stop)
			pause();
	}
	ivdev_close(&d);
	return 0;
}

static int run_ring(int argc, char **argv)
{
	uint64_t peer, vector = 0;
	struct ivdev d;
	struct args a;
	int ret;

	if ((ret = parse_args(argc, argv, 0, 2, &a)))
		return ret;
	if (!a.npos)
		return cli_usage_error("missing PEER");
	if (parse_u64(a.pos[0], &peer) || peer > 0xffff)
		return cli_usage_error(
			"PEER must be a number 0-65535, not '%s'", a.pos[0]);
	if (a.npos > 1 && (parse_u64(a.pos[1], &vector) || vector > 0xffff))
		return cli_usage_error(
			"VECTOR must be a number 0-65535, not '%s'", a.pos[1]);
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	if (peer >= d.peers) {
		ivdev_close(&d);
		return cli_error("%s: peer %llu: the device has peers 0-%u",
				 d.node, (unsigned long long)peer, d.peers - 1);
	}
	*ivdev_reg(&d, IVSHMEM_REG_DOORBELL) = (uint32_t)(vector | peer << 16);
	ivdev_close(&d);
	return 0;
}

static int run_wait(int argc, char **argv)
{
	uint64_t want = 1, got = 0, deadline = 0;
	uint32_t events, last = 0;
	struct ivdev d;
	struct args a;
	int ret;

	if ((ret = parse_args(argc, argv, OPT_TIMEOUT | OPT_COUNT, 0, &a)))
		return ret;
	if (a.given & OPT_COUNT) {
		if (!a.count)
			return cli_usage_error("--count must be at least 1");
		want = a.count;
	}
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	if (a.given & OPT_TIMEOUT)
		deadline = cli_now_ns() + a.timeout_ms * 1000000ull;
	while (got < want) {
		ret = ivdev_wait_event(&d, deadline, &events);
		if (ret <= 0)
			break;
		/* uio counts every event since probe: the first read sets
		 * the base, one-shot mode delivers one event per arm */
		got += got ? (uint32_t)(events - last) : 1;
		last = events;
	}
	ivdev_close(&d);
	if (ret < 0)
		return 1;
	printf("%llu\n", (unsigned long long)got);
	if (got < want)
		return cli_error(
			"%s: timed out after %llu ms with %llu of %llu interrupts",
			d.node, (unsigned long long)a.timeout_ms,
			(unsigned long long)got, (unsigned long long)want);
	return 0;
}

static int run_dump(int argc, char **argv)
{
	const volatile uint8_t *p;
	struct ivdev d;
	struct args a;
	uint64_t len;
	int ret, which;

	if ((ret = parse_args(argc, argv, OPT_PEER | OPT_LENGTH, 1, &a)))
		return ret;
	if (!a.npos)
		return cli_usage_error("missing SECTION");
	which = parse_section(a.pos[0], a.given & OPT_PEER, false);
	if (which < 0)
		return EXIT_USAGE;
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	p = named_section(&d, which, a.peer, &len);
	if (!p) {
		ivdev_close(&d);
		return 1;
	}
	if ((a.given & OPT_LENGTH) && a.length < len)
		len = a.length;
	hexdump(p, len);
	ivdev_close(&d);
	return 0;
}

static int run_fill(int argc, char **argv)
{
	volatile uint8_t *p;
	uint64_t byte, len;
	struct ivdev d;
	struct args a;
	int ret, which;

	if ((ret = parse_args(argc, argv, OPT_LENGTH, 2, &a)))
		return ret;
	if (a.npos < 2)
		return cli_usage_error("expects SECTION and BYTE");
	which = parse_section(a.pos[0], false, true);
	if (which < 0)
		return EXIT_USAGE;
	if (parse_u64(a.pos[1], &byte) || byte > 0xff)
		return cli_usage_error("BYTE must be a number 0-255, not '%s'",
				       a.pos[1]);
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	p = named_section(&d, which, 0, &len);
	if (!p) {
		ivdev_close(&d);
		return 1;
	}
	if ((a.given & OPT_LENGTH) && a.length < len)
		len = a.length;
	for (uint64_t i = 0; i < len; i++)
		p[i] = (uint8_t)byte;
	ivdev_close(&d);
	return 0;
}

static int run_send(int argc, char **argv)
{
	volatile uint32_t *hdr;
	uint8_t *data = NULL;
	volatile uint8_t *rw;
	struct ivdev d;
	struct args a;
	size_t size = 0;
	uint64_t room;
	int ret = 1;
	FILE *f;

	if ((ret = parse_args(argc, argv, 0, 1, &a)))
		return ret;
	if (!a.npos)
		return cli_usage_error("missing FILE");
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	ret = 1;
	rw = ivdev_map(&d, SEC_RW);
	if (!rw)
		goto out;
	room = d.map[SEC_RW].size - MSG_HEADER;
	f = fopen(a.pos[0], "rb");
	if (!f) {
		cli_error("cannot read %s: %s", a.pos[0], strerror(errno));
		goto out;
	}
	/* one byte more than fits tells a file that is too big */
	data = malloc(room + 1);
	if (data)
		size = fread(data, 1, room + 1, f);
	if (!data || ferror(f)) {
		cli_error("cannot read %s: %s", a.pos[0],
			  data ? strerror(errno) : "out of memory");
		fclose(f);
		goto out;
	}
	fclose(f);
	if (size > room) {
		cli_error(
			"%s does not fit in %s's R/W section (%llu bytes, %d of them the header)",
			a.pos[0], d.node,
			(unsigned long long)d.map[SEC_RW].size, MSG_HEADER);
		goto out;
	}
	/* the length goes last: a reader never sees the old one with new
	 * data, and the checksum catches a message caught mid-write */
	hdr = (volatile uint32_t *)rw;
	hdr[0] = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	for (size_t i = 0; i < size; i++)
		rw[MSG_HEADER + i] = data[i];
	hdr[1] = crc32(data, size);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	hdr[0] = (uint32_t)size;
	printf("sent %zu bytes (crc32 0x%08x)\n", size, crc32(data, size));
	ret = 0;
out:
	free(data);
	ivdev_close(&d);
	return ret;
}

static int run_recv(int argc, char **argv)
{
	const volatile uint8_t *src;
	uint32_t length, sum, actual;
	uint8_t *data = NULL;
	uint64_t peer, room;
	struct ivdev d;
	struct args a;
	int ret;
	FILE *f;

	if ((ret = parse_args(argc, argv, 0, 2, &a)))
		return ret;
	if (a.npos < 2)
		return cli_usage_error("expects PEER and FILE");
	if (parse_u64(a.pos[0], &peer) || peer > 0xffff)
		return cli_usage_error(
			"PEER must be a number 0-65535, not '%s'", a.pos[0]);
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	ret = 1;
	src = ivdev_peer_output(&d, peer);
	if (!src)
		goto out;
	room = ivdev_output_size(&d);
	if (room < MSG_HEADER) {
		cli_error(
			"%s: output sections are %llu bytes, too small for a message",
			d.node, (unsigned long long)room);
		goto out;
	}
	length = ((const volatile uint32_t *)src)[0];
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	sum = ((const volatile uint32_t *)src)[1];
	if (length > room - MSG_HEADER) {
		cli_error(
			"peer %llu's output section: length %u exceeds the section (%llu bytes, %d of them the header)",
			(unsigned long long)peer, length,
			(unsigned long long)room, MSG_HEADER);
		goto out;
	}
	data = malloc(length ? length : 1);
	if (!data) {
		cli_error("out of memory");
		goto out;
	}
	for (uint32_t i = 0; i < length; i++)
		data[i] = src[MSG_HEADER + i];
	actual = crc32(data, length);
	if (actual != sum) {
		cli_error(
			"peer %llu's output section: checksum 0x%08x does not match the data's 0x%08x (%u bytes)",
			(unsigned long long)peer, sum, actual, length);
		goto out;
	}
	f = strcmp(a.pos[1], "-") ? fopen(a.pos[1], "wb") : stdout;
	if (!f || fwrite(data, 1, length, f) != length ||
	    (f != stdout ? fclose(f) : fflush(f))) {
		cli_error("cannot write %s: %s", a.pos[1], strerror(errno));
		goto out;
	}
	if (f != stdout)
		printf("received %u bytes (crc32 0x%08x)\n", length, sum);
	ret = 0;
out:
	free(data);
	ivdev_close(&d);
	return ret;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least @pct % at or below it. */
static double percentile_us(const uint64_t *sorted, uint64_t n, unsigned pct)
{
	uint64_t rank = (n * pct + 99) / 100;

	return sorted[rank ? rank - 1 : 0] / 1000.0;
}

static int arm(struct ivdev *d)
{
	const uint32_t on = IVSHMEM_INT_ENABLE;

	if (write(d->fd, &on, sizeof(on)) != sizeof(on))
		return cli_error("%s: cannot enable interrupts: %s", d->node,
				 strerror(errno));
	return 0;
}

/* One round: 0 answered, 1 after an error message (timeout included). */
static int ping_once(struct ivdev *d, volatile struct bh_demo_output *own,
		     const volatile struct bh_demo_output *peer_out,
		     uint64_t peer, uint32_t seq, bool poll_mode, uint64_t *rtt)
{
	uint64_t start, deadline, t;
	uint32_t events;
	int r;

	/* armed before the ring, so that the answer cannot come unseen */
	if (!poll_mode && arm(d))
		return 1;
	start = cli_now_ns();
	deadline = start + PINGPONG_TIMEOUT_NS;
	own->ping_seq = seq;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!poll_mode)
		*ivdev_reg(d, IVSHMEM_REG_DOORBELL) = BH_DEMO_VEC_PING |
						      (uint32_t)peer << 16;
	for (;;) {
		struct pollfd pfd = { .fd = d->fd, .events = POLLIN };

		t = cli_now_ns();
		if (peer_out->pong_seq == seq) {
			*rtt = t - start;
			return 0;
		}
		if (t >= deadline)
			break;
		if (poll_mode)
			continue;
		r = poll(&pfd, 1, (int)((deadline - t + 999999) / 1000000));
		if (r < 0 && errno != EINTR)
			return cli_error("%s: poll: %s", d->node,
					 strerror(errno));
		if (r <= 0)
			continue;
		if (read(d->fd, &events, sizeof(events)) != sizeof(events))
			return cli_error("%s: read: %s", d->node,
					 strerror(errno));
		/*
		 * Not the answer but another vector (a heartbeat, a state
		 * change): re-arm; the check above then also catches an
		 * answer whose doorbell came while we were disarmed.
		 */
		if (peer_out->pong_seq != seq && arm(d))
			return 1;
	}
	return cli_error(
		"peer %llu did not answer ping %u within 1 s (its pong_seq is %u)",
		(unsigned long long)peer, seq, peer_out->pong_seq);
}

/*
 * The demo echoes our mode in its own; a sleeping demo may see it only at
 * its next heartbeat (1 s), so the rounds start once it has.
 */
static int wait_mode_echo(const volatile struct bh_demo_output *peer_out,
			  uint64_t peer, uint32_t mode)
{
	uint64_t deadline = cli_now_ns() + MODE_ECHO_TIMEOUT_NS;

	while (peer_out->mode != mode) {
		if (cli_now_ns() >= deadline)
			return cli_error(
				"peer %llu did not take mode %s within 2 s (its mode is %u)",
				(unsigned long long)peer,
				mode == BH_DEMO_MODE_POLL ? "poll" : "irq",
				peer_out->mode);
		usleep(1000);
	}
	return 0;
}

static int run_pingpong(int argc, char **argv)
{
	const volatile struct bh_demo_output *peer_out;
	volatile struct bh_demo_output *own;
	uint64_t count = 10, *rtt = NULL;
	bool poll_mode;
	struct ivdev d;
	struct args a;
	uint32_t seq;
	int ret;

	if ((ret = parse_args(argc, argv, OPT_PEER | OPT_COUNT | OPT_POLL, 0,
			      &a)))
		return ret;
	if (!(a.given & OPT_PEER))
		return cli_usage_error("missing --peer N");
	if (a.given & OPT_COUNT) {
		if (!a.count || a.count > 10000000)
			return cli_usage_error("--count must be 1-10000000");
		count = a.count;
	}
	poll_mode = a.given & OPT_POLL;
	if (ivdev_find(a.device, &d) || ivdev_open(&d))
		return 1;
	ret = 1;
	if (a.peer == d.id) {
		cli_error("%s: peer %llu is this cell itself", d.node,
			  (unsigned long long)a.peer);
		goto out;
	}
	peer_out = (const volatile void *)ivdev_peer_output(&d, a.peer);
	own = ivdev_map(&d, SEC_OUTPUT);
	if (!peer_out || !own)
		goto out;
	if (ivdev_output_size(&d) < sizeof(*own)) {
		cli_error(
			"%s: output sections are %llu bytes, the demo needs %zu",
			d.node, (unsigned long long)ivdev_output_size(&d),
			sizeof(*own));
		goto out;
	}
	if (peer_out->magic != BH_DEMO_MAGIC ||
	    peer_out->version != BH_DEMO_VERSION) {
		cli_error(
			"peer %llu runs no ivshmem demo of version %d (magic 0x%08x, version %u in its output section)",
			(unsigned long long)a.peer, BH_DEMO_VERSION,
			peer_out->magic, peer_out->version);
		goto out;
	}
	rtt = calloc(count, sizeof(*rtt));
	if (!rtt) {
		cli_error("out of memory");
		goto out;
	}
	/* continuing from the peer's last answer is no news to it */
	seq = peer_out->pong_seq;
	own->ping_seq = seq;
	own->version = BH_DEMO_VERSION;
	own->mode = poll_mode ? BH_DEMO_MODE_POLL : BH_DEMO_MODE_IRQ;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	own->magic = BH_DEMO_MAGIC;
	ret = wait_mode_echo(peer_out, a.peer, own->mode);
	for (uint64_t i = 0; i < count && !ret; i++)
		ret = ping_once(&d, own, peer_out, a.peer, ++seq, poll_mode,
				&rtt[i]);
	own->mode = BH_DEMO_MODE_IRQ;
	if (!ret) {
		qsort(rtt, count, sizeof(*rtt), cmp_u64);
		printf("n=%llu, min=%.1f, p50=%.1f, p99=%.1f, max=%.1f us\n",
		       (unsigned long long)count, rtt[0] / 1000.0,
		       percentile_us(rtt, count, 50),
		       percentile_us(rtt, count, 99), rtt[count - 1] / 1000.0);
	}
out:
	free(rtt);
	ivdev_close(&d);
	return ret;
}

// clang-format off
const struct command cmd_ivshmem_list = {
	.name = "ivshmem", .sub = "list", .run = run_list,
	.usage = "[-d DEV]",
	.help = "list the ivshmem devices: node, PCI address, id, sizes, states\n"
		"DEV (here and below) is uioN or the PCI address, with or\n"
		"without the domain; without -d: every device here, the first\n"
		"one in the other commands.",
};

const struct command cmd_ivshmem_state = {
	.name = "ivshmem", .sub = "state", .run = run_state,
	.usage = "[-d DEV] [VALUE [--hold]]",
	.help = "print this cell's state, or set it to VALUE\n"
		"uio_ivshmem sets it back to 0 when the last user closes the\n"
		"device; --hold keeps the device open until interrupted.",
};

const struct command cmd_ivshmem_ring = {
	.name = "ivshmem", .sub = "ring", .run = run_ring,
	.usage = "[-d DEV] PEER [VECTOR]",
	.help = "ring a peer's doorbell on VECTOR (default 0)",
};

const struct command cmd_ivshmem_wait = {
	.name = "ivshmem", .sub = "wait", .run = run_wait,
	.usage = "[-d DEV] [--timeout MS] [--count N]",
	.help = "wait for N interrupts (default 1) and print how many came\n"
		"Any vector counts. Exit status 1 when the timeout ends the\n"
		"wait with fewer than N.",
};

const struct command cmd_ivshmem_dump = {
	.name = "ivshmem", .sub = "dump", .run = run_dump,
	.usage = "[-d DEV] SECTION [--peer N] [--length N]",
	.help = "hex dump of a section: state, rw, output or input\n"
		"output is this cell's, input all peers'; --peer N picks\n"
		"peer N's output section for either.",
};

const struct command cmd_ivshmem_fill = {
	.name = "ivshmem", .sub = "fill", .run = run_fill,
	.usage = "[-d DEV] SECTION BYTE [--length N]",
	.help = "fill the R/W section or this cell's output section with BYTE\n"
		"SECTION is rw or output.",
};

const struct command cmd_ivshmem_send = {
	.name = "ivshmem", .sub = "send", .run = run_send,
	.usage = "[-d DEV] FILE",
	.help = "write FILE as a message into the R/W section\n"
		"A message is a length, a CRC-32 and the data (docs/ivshmem.md).",
};

const struct command cmd_ivshmem_recv = {
	.name = "ivshmem", .sub = "recv", .run = run_recv,
	.usage = "[-d DEV] PEER FILE",
	.help = "read a message from PEER's output section into FILE\n"
		"FILE - is standard output.",
};

const struct command cmd_ivshmem_pingpong = {
	.name = "ivshmem", .sub = "pingpong", .run = run_pingpong,
	.usage = "[-d DEV] --peer N [--count N] [--poll]",
	.help = "measure round trips to the ivshmem demo running as peer N\n"
		"Each of N rounds (default 10) bumps ping_seq and rings the peer,\n"
		"then waits for its pong_seq; --poll neither rings nor sleeps,\n"
		"both sides spin. Prints min, median, 99th percentile and max.",
};
// clang-format on
