// SPDX-License-Identifier: GPL-2.0
/*
 * Commands to inmates/rt-probe over the bench's ivshmem device
 * (bench_cell.h). A command is posted in our output section, announced
 * with a doorbell and answered in the probe's; we poll for the answer
 * rather than wait for its ring, so that a probe that lost a ring (it
 * reads commands on every wake-up anyway) costs a little time, not a hang.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include <bulkhead/ivshmem.h>

#include "bench_cell.h"
#include "cli.h"

/* A workload may run for seconds before the probe looks again. */
#define COMMAND_TIMEOUT_MS 30000

static const char *const cmd_names[] = {
	[BH_PROBE_CMD_NONE] = "none",	[BH_PROBE_CMD_CONFIGURE] = "configure",
	[BH_PROBE_CMD_INPUT] = "input", [BH_PROBE_CMD_START] = "start",
	[BH_PROBE_CMD_STOP] = "stop",
};

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

int cell_probe_open(struct cell_probe *cp)
{
	uint64_t out_size;

	memset(cp, 0, sizeof(*cp));
	if (ivdev_find_protocol(BH_PROBE_PROTOCOL, &cp->dev) ||
	    ivdev_open(&cp->dev))
		return 1;
	out_size = ivdev_output_size(&cp->dev);
	if (cp->dev.peers != 2 || out_size < sizeof(struct bh_probe_output)) {
		cli_error("%s: the bench device needs 2 peers and output "
			  "sections of at least %zu bytes; it has %u peers "
			  "and %llu",
			  cp->dev.node, sizeof(struct bh_probe_output),
			  cp->dev.peers, (unsigned long long)out_size);
		goto fail;
	}
	cp->peer = cp->dev.id == 0 ? 1 : 0;
	cp->ctl = ivdev_map(&cp->dev, SEC_OUTPUT);
	cp->out = (const volatile void *)ivdev_peer_output(&cp->dev, cp->peer);
	cp->rw = ivdev_map(&cp->dev, SEC_RW);
	cp->state = ivdev_map(&cp->dev, SEC_STATE);
	if (!cp->ctl || !cp->out || !cp->rw || !cp->state)
		goto fail;
	cp->rw_size = cp->dev.map[SEC_RW].size;
	if (cp->ctl->magic != BH_PROBE_MAGIC ||
	    cp->ctl->version != BH_PROBE_VERSION) {
		/* a fresh control block; a probe answering an old one is reset
		 * by its own start, which zeroes ack_seq */
		memset((void *)cp->ctl, 0, sizeof(*cp->ctl));
		cp->ctl->version = BH_PROBE_VERSION;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		cp->ctl->magic = BH_PROBE_MAGIC;
	}
	return 0;
fail:
	ivdev_close(&cp->dev);
	return 1;
}

void cell_probe_close(struct cell_probe *cp)
{
	ivdev_close(&cp->dev);
}

int cell_probe_wait_ready(struct cell_probe *cp, unsigned int timeout_ms)
{
	uint64_t deadline = cli_now_ns() + timeout_ms * 1000000ull;

	while (cp->state[cp->peer] != BH_PROBE_STATE_READY ||
	       cp->out->magic != BH_PROBE_MAGIC) {
		if (cli_now_ns() >= deadline)
			return cli_error("%s: no rt-probe answers as peer %u "
					 "within %u ms",
					 cp->dev.node, cp->peer, timeout_ms);
		sleep_ms(1);
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	if (cp->out->version != BH_PROBE_VERSION)
		return cli_error("%s: the probe speaks version %u, we %u",
				 cp->dev.node, cp->out->version,
				 BH_PROBE_VERSION);
	return 0;
}

static int command(struct cell_probe *cp, enum bh_probe_cmd cmd)
{
	uint32_t seq;
	uint64_t deadline;
	int status;

	/* the probe answers the sequence number, so carry on from its last */
	seq = cp->out->ack_seq + 1;
	if (seq == cp->ctl->cmd_seq)
		seq++;
	cp->ctl->cmd = cmd;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	cp->ctl->cmd_seq = seq;
	if (ivdev_ring(&cp->dev, cp->peer, BH_PROBE_VEC_CMD))
		return 1;
	deadline = cli_now_ns() + COMMAND_TIMEOUT_MS * 1000000ull;
	while (cp->out->ack_seq != seq) {
		if (cli_now_ns() >= deadline)
			return cli_error("rt-probe did not answer '%s' within "
					 "%u ms",
					 cmd_names[cmd], COMMAND_TIMEOUT_MS);
		sleep_ms(1);
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	status = cp->out->ack_status;
	if (status)
		return cli_error("rt-probe refused '%s': %s (%d)",
				 cmd_names[cmd], strerror(-status), status);
	return 0;
}

int cell_probe_configure(struct cell_probe *cp, const struct bh_probe_params *p)
{
	memcpy((void *)&cp->ctl->params, p, sizeof(*p));
	return command(cp, BH_PROBE_CMD_CONFIGURE);
}

int cell_probe_send_input(struct cell_probe *cp, const uint8_t *data,
			  uint64_t len)
{
	for (uint64_t off = 0; off < len;) {
		uint64_t n = len - off < cp->rw_size ? len - off : cp->rw_size;

		memcpy((void *)cp->rw, data + off, n);
		cp->ctl->input_offset = off;
		cp->ctl->input_len = n;
		if (command(cp, BH_PROBE_CMD_INPUT))
			return 1;
		off += n;
	}
	return 0;
}

int cell_probe_start(struct cell_probe *cp)
{
	return command(cp, BH_PROBE_CMD_START);
}

int cell_probe_stop(struct cell_probe *cp)
{
	return command(cp, BH_PROBE_CMD_STOP);
}
