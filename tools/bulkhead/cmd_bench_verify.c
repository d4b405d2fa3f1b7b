// SPDX-License-Identifier: GPL-2.0
/*
 * bench verify: every workload of the rt-probe inmate, for several sizes
 * and each kind of input, checked against this program's run of the same
 * code on the same bytes, and SHA3-512 against two FIPS 202 example
 * digests computed in the cell. A bench whose probe computes something
 * else than it claims measures nothing; this is its proof (docs/bench.md).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <workloads/workload.h>

#include "bench_life.h"
#include "cli.h"

#define VERIFY_PERIOD_NS 200000000ull /* longer than any case's run */
#define WINDOW_TIMEOUT_NS 60000000000ull

struct verify_case {
	enum bh_probe_workload workload;
	enum bh_probe_method method;
	enum bh_probe_input input;
	uint64_t size;
	uint32_t fill;
	const char *text; /* BH_INPUT_HOST: these bytes; NULL: LCG bytes */
	const char *digest; /* expected SHA3-512 in hex; NULL: the host's */
};

/* FIPS 202 example values (NIST's SHA3-512 examples). */
#define ABC_DIGEST                                                         \
	"b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e" \
	"10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0"
#define A3_200_DIGEST                                                      \
	"e76dfad22084a8b1467fcf2ffa58361bec7628edf5f3fdc0e4805dc48caeeca8" \
	"1b7c13c30adf52a3659584739a2df46be589c51ca1a4a8416df6545a1ce8ba00"

static const struct verify_case cases[] = {
	{ BH_WL_SHA3_512, 0, BH_INPUT_HOST, 3, 0, "abc", ABC_DIGEST },
	{ BH_WL_SHA3_512, 0, BH_INPUT_CONSTANT, 200, 0xa3, NULL,
	  A3_200_DIGEST },
	{ BH_WL_NONE, 0, BH_INPUT_LCG, 0, 0, NULL, NULL },
	{ BH_WL_SHA3_512, 0, BH_INPUT_LCG, 71, 0, NULL, NULL },
	{ BH_WL_SHA3_512, 0, BH_INPUT_LCG, 72, 0, NULL, NULL },
	{ BH_WL_SHA3_512, 0, BH_INPUT_LCG, 4093, 0, NULL, NULL },
	{ BH_WL_SHA3_512, 0, BH_INPUT_HOST, 65541, 0, NULL, NULL },
	{ BH_WL_SHA3_512, 0, BH_INPUT_LCG, 1 << 20, 0, NULL, NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_TABLE, BH_INPUT_LCG, 4093, 0, NULL, NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_SHIFT, BH_INPUT_LCG, 4093, 0, NULL, NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_MASK, BH_INPUT_LCG, 4093, 0, NULL, NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_TABLE, BH_INPUT_CONSTANT, 65536, 'X', NULL,
	  NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_TABLE, BH_INPUT_LCG, 1 << 20, 0, NULL,
	  NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_SHIFT, BH_INPUT_LCG, 1 << 20, 0, NULL,
	  NULL },
	{ BH_WL_COUNT_BITS, BH_BITS_MASK, BH_INPUT_LCG, 1 << 20, 0, NULL,
	  NULL },
	{ BH_WL_RANDOM_ACCESS, 0, BH_INPUT_LCG, 4, 0, NULL, NULL },
	{ BH_WL_RANDOM_ACCESS, 0, BH_INPUT_LCG, 4093, 0, NULL, NULL },
	{ BH_WL_RANDOM_ACCESS, 0, BH_INPUT_HOST, 1 << 20, 0, NULL, NULL },
	{ BH_WL_RANDOM_ACCESS, 0, BH_INPUT_LCG, BH_PROBE_MAX_SIZE, 0, NULL,
	  NULL },
	{ BH_WL_MEMORY_STREAM, 0, BH_INPUT_LCG, 4093, 0, NULL, NULL },
	{ BH_WL_MEMORY_STREAM, 0, BH_INPUT_LCG, 1 << 20, 0, NULL, NULL },
};
#define NUM_CASES (sizeof(cases) / sizeof(cases[0]))

static void hex(const uint8_t *p, unsigned int len, char *out)
{
	for (unsigned int i = 0; i < len; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * len] = '\0';
}

/* The input of a host case: its text, or LCG bytes of another seed. */
static uint8_t *host_input(const struct verify_case *c)
{
	struct bh_probe_params gen = { .input = BH_INPUT_LCG, .seed = 7 };
	uint8_t *buf = malloc(c->size ? c->size : 1);

	if (!buf)
		return NULL;
	if (c->text)
		memcpy(buf, c->text, c->size);
	else
		wl_fill_lcg(buf, c->size, gen.seed);
	return buf;
}

/* One case: 0 if the cell's result is the expected one, 1 otherwise. */
static int verify_one(struct cell_state *cs, const struct verify_case *c,
		      unsigned int index)
{
	struct bh_probe_params p = {
		.workload = c->workload,
		.method = c->method,
		.input = c->input,
		.wait = BH_WAIT_HLT,
		.size = c->size,
		.period_ns = VERIFY_PERIOD_NS,
		.window_ns = VERIFY_PERIOD_NS,
		.seed = 1 + index,
		.fill = c->fill,
	};
	const volatile struct bh_probe_output *out = cs->cp.out;
	uint8_t want[BH_PROBE_RESULT_MAX], got[BH_PROBE_RESULT_MAX];
	char got_hex[2 * BH_PROBE_RESULT_MAX + 1],
		want_hex[2 * BH_PROBE_RESULT_MAX + 1];
	struct bh_probe_window *w = malloc(sizeof(*w));
	uint8_t *input = NULL;
	unsigned int want_len = 0, got_len;
	bool ok = false;
	uint32_t done;

	if (!w)
		return cli_error("out of memory");
	if (c->input == BH_INPUT_HOST && !(input = host_input(c))) {
		free(w);
		return cli_error("out of memory for %llu bytes",
				 (unsigned long long)c->size);
	}
	if (cell_probe_configure(&cs->cp, &p) ||
	    (input && cell_probe_send_input(&cs->cp, input, c->size)))
		goto out;
	done = out->windows_done;
	if (cell_probe_start(&cs->cp))
		goto out;
	if (!bench_await_window(out, done, WINDOW_TIMEOUT_NS, w, 0)) {
		cli_error("case %u: no window from the probe", index);
		goto out;
	}
	if (cell_probe_stop(&cs->cp) ||
	    bench_host_result(&p, input, want, &want_len))
		goto out;
	got_len = out->result_len;
	if (got_len > BH_PROBE_RESULT_MAX)
		got_len = BH_PROBE_RESULT_MAX;
	for (unsigned int i = 0; i < got_len; i++)
		got[i] = out->result[i];
	hex(got, got_len, got_hex);
	hex(want, want_len, want_hex);
	ok = got_len == want_len && !memcmp(got, want, want_len) &&
	     w->result_errors == 0 && out->result_runs > 0 &&
	     (!c->digest || !strcmp(got_hex, c->digest));
	printf("verify: %-14s %-5s %-8s %9llu bytes: %s %.32s%s%s\n",
	       wl_name(c->workload),
	       c->workload == BH_WL_COUNT_BITS ? wl_method_name(c->method) :
						 "-",
	       c->text ? "text" : wl_input_name(c->input),
	       (unsigned long long)c->size, ok ? "ok" : "MISMATCH", got_hex,
	       got_len > 16 ? "..." : "",
	       c->digest && ok ? " (FIPS 202 example)" : "");
	if (!ok)
		printf("verify:   expected %s%s, runs %llu, result errors "
		       "%llu\n",
		       c->digest ? c->digest : want_hex,
		       c->digest ? " (FIPS 202)" : " (host)",
		       (unsigned long long)out->result_runs,
		       (unsigned long long)w->result_errors);
out:
	free(input);
	free(w);
	return ok ? 0 : 1;
}

static int run_verify(int argc, char **argv)
{
	const char *system = BENCH_SHARE "/configs/qemu-svm.yaml";
	const char *cell = BENCH_SHARE "/configs/cells/rt-probe.yaml";
	const char *inmate = BENCH_SHARE "/inmates/rt-probe.bin";
	struct cell_state cs = { .cell_id = -1 };
	unsigned int failed = 0, run = 0;

	for (int i = 1; i < argc; i++) {
		if (i + 1 >= argc)
			return cli_usage_error("%s needs a value", argv[i]);
		if (!strcmp(argv[i], "--system"))
			system = argv[++i];
		else if (!strcmp(argv[i], "--cell"))
			cell = argv[++i];
		else if (!strcmp(argv[i], "--inmate"))
			inmate = argv[++i];
		else
			return cli_usage_error("unknown option '%s'", argv[i]);
	}
	bench_catch_signals();
	if (bench_cell_up(&cs, system, cell, inmate)) {
		bench_cell_down(&cs);
		return 1;
	}
	for (unsigned int i = 0; i < NUM_CASES && !bench_interrupted; i++) {
		failed += verify_one(&cs, &cases[i], i);
		run++;
	}
	bench_cell_down(&cs);
	printf("verify: %u of %u cases ok\n", run - failed, run);
	if (bench_interrupted)
		return 130;
	return failed || run < NUM_CASES ? 1 : 0;
}

const struct command cmd_bench_verify = {
	.name = "bench",
	.sub = "verify",
	.run = run_verify,
	.usage = "[--system F] [--cell F] [--inmate F]",
	.help = "check every rt-probe workload in a cell against the host's "
		"result\n"
		"\n"
		"Runs each workload (count-set-bits with each method) on "
		"generated, constant and Linux-sent inputs of several sizes "
		"up to 40 MiB in the rt-probe cell, and compares each result "
		"with this program's run of the same code on the same bytes; "
		"SHA3-512 also against two FIPS 202 example digests. One line "
		"per case; exit status 0 when every case agrees. Enables the "
		"hypervisor and creates the cell as `bench run` does.",
};
