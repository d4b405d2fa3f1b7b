/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The real-time probe's protocol, version 2 (docs/bench.md; 2: regulation
 * requests around the workload, counted per window): between
 * inmates/rt-probe in a cell and `bulkhead bench` in the root cell, over
 * an ivshmem device with two peers. It also fixes the histogram and
 * window records that the Linux-side probe fills the same way, so that
 * one set of code (bench/stats) reads both.
 *
 * Sections of the device:
 *   - the root's output section starts with struct bh_probe_control:
 *     the command the root posts, with its parameters;
 *   - the R/W section carries input data, one chunk per BH_PROBE_CMD_INPUT;
 *   - the probe's output section is struct bh_probe_output: its state,
 *     the answer to the last command, the last workload result, the
 *     window being measured (live) and the last completed one.
 *
 * Vectors: 0 is the device's state-change vector. The root rings the
 * probe on BH_PROBE_VEC_CMD after posting a command; the probe rings the
 * root on BH_PROBE_VEC_EVENT after answering one and when a window ends.
 * Either side may also poll: every field a ring announces is written
 * before the ring.
 */
#ifndef BULKHEAD_RTPROBE_H
#define BULKHEAD_RTPROBE_H

#include <bulkhead/types.h>

#define BH_PROBE_MAGIC 0x42505242u /* "BRPB" */
#define BH_PROBE_VERSION 2
/* PCI sub-class/interface the bench device's config gives */
#define BH_PROBE_PROTOCOL 0x4250

#define BH_PROBE_VEC_STATE 0
#define BH_PROBE_VEC_CMD 1
#define BH_PROBE_VEC_EVENT 1
#define BH_PROBE_VECTORS 2

/* The State value of a probe that answers commands. */
#define BH_PROBE_STATE_READY 1

enum bh_probe_workload {
	BH_WL_NONE = 0,
	BH_WL_SHA3_512 = 1,
	BH_WL_COUNT_BITS = 2,
	BH_WL_RANDOM_ACCESS = 3,
	BH_WL_MEMORY_STREAM = 4,
	BH_WL_COUNT
};

/* Methods of BH_WL_COUNT_BITS; the study's default is the table. */
enum bh_probe_method {
	BH_BITS_TABLE = 0,
	BH_BITS_SHIFT = 1,
	BH_BITS_MASK = 2,
	BH_BITS_COUNT
};

enum bh_probe_input {
	BH_INPUT_LCG = 0, /* the study's LCG from `seed` (bench/workloads) */
	BH_INPUT_CONSTANT = 1, /* every byte `fill` */
	BH_INPUT_HOST = 2, /* sent by the root with BH_PROBE_CMD_INPUT */
	BH_INPUT_COUNT
};

enum bh_probe_wait {
	BH_WAIT_HLT = 0, /* sleep until the timer interrupt */
	BH_WAIT_POLL = 1, /* interrupts on, spin until the handler ran */
	BH_WAIT_COUNT
};

enum bh_probe_cmd {
	BH_PROBE_CMD_NONE = 0,
	/* stop measuring, take params, prepare the input, zero the windows */
	BH_PROBE_CMD_CONFIGURE = 1,
	/* copy input.len bytes of the R/W section to the buffer at offset */
	BH_PROBE_CMD_INPUT = 2,
	/* start the periodic task; the first deadline one period from now */
	BH_PROBE_CMD_START = 3,
	/* stop it; the live window keeps what it had */
	BH_PROBE_CMD_STOP = 4,
};

/* Limits the probe enforces; a CONFIGURE outside them gets -EINVAL. */
#define BH_PROBE_MIN_PERIOD_NS 10000ull /* 10 us */
#define BH_PROBE_MAX_PERIOD_NS 10000000000ull /* 10 s */
#define BH_PROBE_MAX_SIZE (40ull << 20) /* the study's largest input */

struct bh_probe_params {
	uint32_t workload; /* enum bh_probe_workload */
	uint32_t method; /* enum bh_probe_method */
	uint32_t input; /* enum bh_probe_input */
	uint32_t wait; /* enum bh_probe_wait */
	uint64_t size; /* buffer bytes; 0 only with BH_WL_NONE */
	uint64_t period_ns;
	uint64_t window_ns; /* window length; whole periods, at least one */
	uint32_t seed; /* BH_INPUT_LCG */
	uint32_t fill; /* BH_INPUT_CONSTANT, low byte */
	uint32_t lat_unit_ns; /* latency bucket width, 0: 1000 */
	uint32_t exec_unit_ns; /* execution-time bucket width, 0: 1000 */
	uint32_t flags; /* BH_PROBE_F_* */
	uint32_t regulate; /* BH_PROBE_REG_*: when the probe asks (cells) */
	uint32_t reg_mode; /* BH_REG_STOP or BH_REG_DUTY (bulkhead/regulation.h) */
	/* BH_PROBE_REG_PERIODIC: every reg_arg-th run (1 or more);
	 * BH_PROBE_REG_DEADLINE: microseconds into a run */
	uint32_t reg_arg;
	uint32_t reserved[2];
};

/*
 * When the probe in a cell asks the hypervisor to hold the root cell back
 * (docs/regulation.md): never; around every workload run (the seed
 * study's "throttle every run"); around every reg_arg-th run; or from
 * reg_arg microseconds into a run until its end, when the run lasts that
 * long (the study's deadline mode, which never fired there). Asking costs
 * the probe's CPU one exit; ending costs none.
 */
#define BH_PROBE_REG_NONE 0
#define BH_PROBE_REG_RUN 1
#define BH_PROBE_REG_PERIODIC 2
#define BH_PROBE_REG_DEADLINE 3
#define BH_PROBE_REG_COUNT 4

/*
 * Ring the root at the end of every window. A doorbell is an MMIO write
 * the hypervisor must see, so each costs the real-time CPU one VM exit;
 * without the flag the root polls windows_done and the CPU takes none.
 */
#define BH_PROBE_F_RING_WINDOW 0x1

/*
 * A histogram of nanosecond values in `buckets` buckets of `unit_ns`:
 * bucket i counts values v with i * unit_ns <= v < (i + 1) * unit_ns;
 * larger values count in `overflow` only. n, min, max and sum cover every
 * value, overflowed ones included, so the sum of the buckets plus
 * overflow is n. Negative values (a handler that ran before its deadline,
 * which the TSC can show) are counted as 0.
 */
#define BH_HIST_MAX_BUCKETS 20000

struct bh_hist {
	uint32_t unit_ns;
	uint32_t buckets; /* in use, at most BH_HIST_MAX_BUCKETS */
	uint64_t n;
	uint64_t min_ns;
	uint64_t max_ns;
	uint64_t sum_ns;
	uint64_t overflow;
	uint32_t count[BH_HIST_MAX_BUCKETS];
};

/*
 * One measurement window: `periods` deadlines passed in it; for `n` of
 * them (lat.n) the task woke up and ran its workload, the other `missed`
 * passed while the previous period's work was still running (skipped, as
 * cyclictest does, but counted). result_errors counts workload runs whose
 * result differed from the first run's after the same input.
 */
struct bh_probe_window {
	/* even when stable, odd while the writer updates (seqlock) */
	volatile uint32_t seq;
	uint32_t index; /* windows completed before this one */
	uint64_t start_ns; /* the writer's clock: TSC in ns, or CLOCK_MONOTONIC */
	uint64_t end_ns; /* 0 while the window runs */
	uint64_t periods;
	uint64_t missed;
	uint64_t result_errors;
	/* runs with regulation granted, and requests refused */
	uint64_t regulated;
	uint64_t reg_refused;
	struct bh_hist lat;
	struct bh_hist exec;
};

struct bh_probe_control {
	volatile uint32_t magic; /* BH_PROBE_MAGIC once the root is there */
	volatile uint32_t version;
	volatile uint32_t cmd_seq; /* incremented with every command */
	volatile uint32_t cmd; /* enum bh_probe_cmd */
	struct bh_probe_params params; /* read at CONFIGURE */
	/* BH_PROBE_CMD_INPUT: bytes at the start of the R/W section */
	volatile uint64_t input_offset;
	volatile uint64_t input_len;
};

#define BH_PROBE_RESULT_MAX 64 /* a SHA3-512 digest */

struct bh_probe_output {
	volatile uint32_t magic; /* BH_PROBE_MAGIC once the probe runs */
	volatile uint32_t version;
	volatile uint32_t ack_seq; /* cmd_seq of the last command answered */
	volatile int32_t ack_status; /* 0 or a negative errno */
	volatile uint32_t running; /* the periodic task is on */
	volatile uint32_t timer; /* 1 TSC-deadline, 0 one-shot APIC timer */
	volatile uint64_t tsc_khz;
	struct bh_probe_params params; /* in effect */
	volatile uint32_t windows_done; /* incremented as `last` is published */
	volatile uint32_t result_len;
	volatile uint64_t result_runs; /* workload runs since CONFIGURE */
	volatile uint8_t result[BH_PROBE_RESULT_MAX]; /* the first run's */
	struct bh_probe_window live;
	struct bh_probe_window last; /* the last completed window */
};

#endif
