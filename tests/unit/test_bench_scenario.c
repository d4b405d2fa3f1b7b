// SPDX-License-Identifier: GPL-2.0
// uses: tools/bulkhead/bench_scenario.c tools/bulkhead/bench_opts.c tools/bulkhead/cli_util.c tests/unit/cli_harness.c
/*
 * The bench's interference scenarios (tools/bulkhead/bench_scenario.c):
 * parsing a scenario's text, every refusal naming NAME.scn:LINE; loading
 * files, small and larger than the reader's first buffer; the placeholders
 * of run lines; every scenario shipped in bench/scenarios; and the
 * processes: a scenario's commands start in one process group pinned to
 * the root's CPUs, stop on SIGTERM, and a command that ignores SIGTERM is
 * killed after the grace period (about 3 s, the slowest case here).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../tools/bulkhead/bench_opts.h"
#include "../../tools/bulkhead/bench_scenario.h"
#include "../../tools/bulkhead/cli.h"
#include "cli_harness.h"

/* Parse results are 8 KiB and more: one of each, off the stack. */
static struct scenario scn;
static char err[1024];

static const struct scenario_env env = {
	.root_cpus = "0,1,3",
	.nroot = 3,
	.rt_cpu = 2,
	.self = "/usr/bin/bulkhead",
};

/* --- parsing --- */

static int parse(const char *name, const char *text)
{
	err[0] = '\0';
	return scenario_parse(name, text, &scn, err, sizeof(err));
}

static void expect_parse_error(const char *name, const char *text,
			       const char *message)
{
	if (parse(name, text) != -EINVAL)
		fail_msg("scenario taken: %s", text);
	if (strcmp(err, message))
		fail_msg("error \"%s\"\n   expected \"%s\"", err, message);
}

static void test_parse_full(void **state)
{
	(void)state;
	assert_int_equal(parse("cpu", "# A comment, then a blank line\n"
				      "\n"
				      "description: one worker per CPU\n"
				      "   # an indented comment\n"
				      "warmup: 250ms\n"
				      "run: stress-ng --cpu {nroot}\n"
				      "\t run :  echo a:b # kept  \r\n"
				      "\n"),
			 0);
	assert_string_equal(scn.name, "cpu");
	assert_string_equal(scn.description, "one worker per CPU");
	assert_true(scn.warmup_ns == 250000000ull);
	assert_int_equal(scn.num_runs, 2);
	assert_string_equal(scn.run[0], "stress-ng --cpu {nroot}");
	/* the first colon ends the key; '#' inside a value is not a comment */
	assert_string_equal(scn.run[1], "echo a:b # kept");
}

static void test_parse_defaults(void **state)
{
	(void)state;
	/* the warmup is 5 s unless given; no run lines is an idle scenario */
	assert_int_equal(parse("quiet", "description: nothing runs"), 0);
	assert_true(scn.warmup_ns == 5000000000ull);
	assert_int_equal(scn.num_runs, 0);
	assert_string_equal(scn.description, "nothing runs");

	assert_int_equal(parse("empty", ""), 0);
	assert_string_equal(scn.name, "empty");
	assert_string_equal(scn.description, "");
	assert_true(scn.warmup_ns == 5000000000ull);
	assert_int_equal(scn.num_runs, 0);

	assert_int_equal(parse("comments", "# only\n\n   \n# comments\n"), 0);
	assert_int_equal(scn.num_runs, 0);

	/* a bare number is seconds; the last warmup line counts */
	assert_int_equal(parse("w", "warmup: 7\nwarmup: 2s\n"), 0);
	assert_true(scn.warmup_ns == 2000000000ull);
	assert_int_equal(parse("w", "warmup: 0\n"), 0);
	assert_true(scn.warmup_ns == 0);
}

static void test_parse_run_limit(void **state)
{
	char text[2048];
	size_t o = 0;

	(void)state;
	o += (size_t)snprintf(text, sizeof(text), "description: many\n");
	for (int i = 0; i < SCN_MAX_RUNS; i++)
		o += (size_t)snprintf(text + o, sizeof(text) - o,
				      "run: sleep %d\n", i);
	assert_int_equal(parse("many", text), 0);
	assert_int_equal(scn.num_runs, SCN_MAX_RUNS);
	assert_string_equal(scn.run[0], "sleep 0");
	assert_string_equal(scn.run[SCN_MAX_RUNS - 1], "sleep 15");

	snprintf(text + o, sizeof(text) - o, "run: sleep 16\n");
	expect_parse_error("many", text, "many.scn:18: more than 16 run lines");
}

static void test_parse_refusals(void **state)
{
	(void)state;
	expect_parse_error("x", "description: d\n\n# c\nrunn: sleep 1\n",
			   "x.scn:4: unknown key 'runn' (description, "
			   "warmup, needs, run)");
	expect_parse_error("x", "Run: sleep 1\n",
			   "x.scn:1: unknown key 'Run' (description, warmup, "
			   "needs, run)");
	expect_parse_error("x", ": value\n",
			   "x.scn:1: unknown key '' (description, warmup, "
			   "needs, run)");
	expect_parse_error("y", "description: d\nrun stress-ng --cpu 1\n",
			   "y.scn:2: expected 'key: value', got 'run "
			   "stress-ng --cpu 1'");
	expect_parse_error("y", "  warmup 5s  \n",
			   "y.scn:1: expected 'key: value', got 'warmup 5s'");
	expect_parse_error("z", "warmup: fast\n",
			   "z.scn:1: warmup: 'fast' is not a duration (5s, "
			   "500ms)");
	expect_parse_error("z", "\nwarmup: 5 s\n",
			   "z.scn:2: warmup: '5 s' is not a duration (5s, "
			   "500ms)");
	expect_parse_error("z", "warmup: -1s\n",
			   "z.scn:1: warmup: '-1s' is not a duration (5s, "
			   "500ms)");
	expect_parse_error("z", "warmup:\n",
			   "z.scn:1: warmup: '' is not a duration (5s, "
			   "500ms)");
	expect_parse_error("e", "run: sleep 1\nrun:\n", "e.scn:2: empty run");
	expect_parse_error("e", "run:   \t \n", "e.scn:1: empty run");
	/* a name that does not fit */
	expect_parse_error("a-name-of-thirty-two-characters!", "",
			   "scenario name 'a-name-of-thirty-two-characters!' "
			   "is longer than 31");
	assert_int_equal(parse("a-name-of-thirty-one-characters", ""), 0);
}

static void test_parse_long_lines(void **state)
{
	char text[SCN_LINE_MAX * 2 + 64], value[SCN_LINE_MAX + 1];

	(void)state;
	/* a value of 511 characters is the longest taken */
	memset(value, 'a', SCN_LINE_MAX - 1);
	value[SCN_LINE_MAX - 1] = '\0';
	snprintf(text, sizeof(text), "# c\nrun: %s\n", value);
	assert_int_equal(parse("long", text), 0);
	assert_string_equal(scn.run[0], value);

	memset(value, 'a', SCN_LINE_MAX);
	value[SCN_LINE_MAX] = '\0';
	snprintf(text, sizeof(text), "# c\nrun: %s\n", value);
	expect_parse_error("long", text, "long.scn:2: value longer than 511");
	snprintf(text, sizeof(text), "description: %s\n", value);
	expect_parse_error("long", text, "long.scn:1: value longer than 511");

	/* a line far longer than any value, even a comment */
	memset(text, 'x', 1000);
	text[0] = '#';
	text[1000] = '\0';
	expect_parse_error("long", text, "long.scn:1: line longer than 512");
}

/* needs lines add up; a program is found on PATH or by its path */
static void test_needs(void **state)
{
	char text[SCN_LINE_MAX * 2 + 64], value[SCN_LINE_MAX];
	const char *old = getenv("PATH");
	char *saved = old ? strdup(old) : NULL;

	(void)state;
	assert_int_equal(parse("n", "needs: sh\nneeds:  true /bin/sh\n"), 0);
	assert_string_equal(scn.needs, "sh true /bin/sh");
	assert_int_equal(scenario_check_needs(&scn, err, sizeof(err)), 0);

	assert_int_equal(parse("v", "needs: sh no-such-program-here\n"), 0);
	assert_int_equal(scenario_check_needs(&scn, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "scenario 'v' needs 'no-such-program-here', "
				 "which is not on PATH");
	assert_int_equal(parse("p", "needs: /no/such/sh\n"), 0);
	assert_int_equal(scenario_check_needs(&scn, err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "scenario 'p' needs '/no/such/sh', which is "
				 "not on PATH");

	/* found through PATH's entries, not through a fixed list */
	assert_int_equal(parse("s", "needs: sh\n"), 0);
	setenv("PATH", "/nonexistent", 1);
	assert_int_equal(scenario_check_needs(&scn, err, sizeof(err)), -ENOENT);
	setenv("PATH", "/nonexistent::/bin", 1);
	assert_int_equal(scenario_check_needs(&scn, err, sizeof(err)), 0);
	if (saved)
		setenv("PATH", saved, 1);
	else
		unsetenv("PATH");
	free(saved);

	/* the needs of all lines together fit one value */
	memset(value, 'a', SCN_LINE_MAX - 200);
	value[SCN_LINE_MAX - 200] = '\0';
	snprintf(text, sizeof(text), "needs: %s\nneeds: %s\n", value, value);
	expect_parse_error("big", text,
			   "big.scn:2: needs: longer than 511 in all");
}

/* --- loading files --- */

static void write_text(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", cli_tmp, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_load(void **state)
{
	char want[PATH_MAX + 128];
	const char *msg;
	int ret;

	(void)state;
	write_text("good.scn", "description: good\nwarmup: 1s\nrun: true\n");
	assert_int_equal(scenario_load(cli_tmp, "good", &scn), 0);
	assert_string_equal(scn.name, "good");
	assert_int_equal(scn.num_runs, 1);
	assert_string_equal(scn.run[0], "true");

	/* a parse error names the file with its directory and the line */
	write_text("bad_one.scn", "description: bad\nwarmup: 1s\nfoo: bar\n");
	capture_stderr();
	ret = scenario_load(cli_tmp, "bad_one", &scn);
	msg = captured_stderr();
	assert_int_equal(ret, 1);
	snprintf(want, sizeof(want),
		 "bulkhead: %s/bad_one.scn:3: unknown key 'foo' "
		 "(description, warmup, needs, run)\n",
		 cli_tmp);
	assert_string_equal(msg, want);

	/* a scenario whose program is missing is refused before it runs */
	write_text("needy.scn", "needs: sh no-such-encoder\nrun: sleep 9\n");
	capture_stderr();
	ret = scenario_load(cli_tmp, "needy", &scn);
	msg = captured_stderr();
	assert_int_equal(ret, 1);
	assert_string_equal(msg, "bulkhead: scenario 'needy' needs "
				 "'no-such-encoder', which is not on PATH\n");

	capture_stderr();
	ret = scenario_load(cli_tmp, "missing", &scn);
	msg = captured_stderr();
	assert_int_equal(ret, 1);
	snprintf(want, sizeof(want),
		 "bulkhead: scenario 'missing': cannot read "
		 "%s/missing.scn: No such file or directory\n",
		 cli_tmp);
	assert_string_equal(msg, want);
}

static void test_load_names(void **state)
{
	static const char *const bad[] = { "../good",
					   "good.scn",
					   "a b",
					   "a/b",
					   "x;y",
					   "-"
					   "\xc3\xa9" };
	const char *msg;
	char want[256];

	(void)state;
	write_text("ok-name_2.scn", "run: true\n");
	assert_int_equal(scenario_load(cli_tmp, "ok-name_2", &scn), 0);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret;

		capture_stderr();
		ret = scenario_load(cli_tmp, bad[i], &scn);
		msg = captured_stderr();
		assert_int_equal(ret, 1);
		snprintf(want, sizeof(want),
			 "bulkhead: scenario '%s': names are letters, digits, "
			 "'-' and '_'\n",
			 bad[i]);
		assert_string_equal(msg, want);
	}
}

/*
 * Files around the reader's buffer sizes (4 KiB, doubling): comment lines
 * pad the text so that the last line, a run line, ends at each size.
 */
static void test_load_sizes(void **state)
{
	static const size_t sizes[] = { 4094, 4095, 4096, 4097,
					8191, 8192, 8193, 20000 };
	static char text[20001];

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const char *last = "run: echo last\n";
		size_t size = sizes[i], pad = size - strlen(last), o = 0;

		/* comment lines of up to 100 bytes, the last one shorter */
		while (o < pad) {
			size_t n = pad - o > 100 ? 100 : pad - o;

			memset(text + o, '#', n - 1);
			text[o + n - 1] = '\n';
			o += n;
		}
		strcpy(text + o, last);
		assert_int_equal(strlen(text), size);
		write_text("sized.scn", text);
		memset(&scn, 0xa5, sizeof(scn));
		if (scenario_load(cli_tmp, "sized", &scn))
			fail_msg("a file of %zu bytes was refused", size);
		assert_int_equal(scn.num_runs, 1);
		assert_string_equal(scn.run[0], "echo last");
	}
}

/* Every scenario shipped loads, and its run lines expand. */
static void test_shipped_scenarios(void **state)
{
	char dir[PATH_MAX + 32], pattern[PATH_MAX + 48];
	bool idle = false;
	glob_t g;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/bench/scenarios", cli_top);
	snprintf(pattern, sizeof(pattern), "%s/*.scn", dir);
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 2);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		char name[SCN_NAME_MAX + 8], out[SCN_LINE_MAX * 2];
		const char *base = strrchr(g.gl_pathv[i], '/') + 1;

		snprintf(name, sizeof(name), "%.*s",
			 (int)(strlen(base) - strlen(".scn")), base);
		if (scenario_load(dir, name, &scn))
			fail_msg("%s does not load", g.gl_pathv[i]);
		if (!scn.description[0])
			fail_msg("%s has no description", g.gl_pathv[i]);
		if (!strcmp(name, "idle")) {
			idle = true;
			assert_int_equal(scn.num_runs, 0);
		}
		for (unsigned int r = 0; r < scn.num_runs; r++) {
			if (scenario_expand(scn.run[r], &env, out, sizeof(out),
					    err, sizeof(err)))
				fail_msg("%s: %s", g.gl_pathv[i], err);
			assert_null(strchr(out, '{'));
		}
	}
	globfree(&g);
	assert_true(idle);
}

/* --- placeholders --- */

static int expand(const char *cmd, char *out, size_t len)
{
	err[0] = '\0';
	return scenario_expand(cmd, &env, out, len, err, sizeof(err));
}

static void test_expand(void **state)
{
	char out[256];

	(void)state;
	assert_int_equal(expand("stress-ng --cpu {nroot} --taskset "
				"{root_cpus} --not {rt_cpu}; {bulkhead} x",
				out, sizeof(out)),
			 0);
	assert_string_equal(out, "stress-ng --cpu 3 --taskset 0,1,3 --not 2; "
				 "/usr/bin/bulkhead x");
	assert_int_equal(expand("{nroot}{nroot}{rt_cpu}", out, sizeof(out)), 0);
	assert_string_equal(out, "332");
	assert_int_equal(expand("no placeholders at all", out, sizeof(out)), 0);
	assert_string_equal(out, "no placeholders at all");
	assert_int_equal(expand("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	/* a closing brace alone is text */
	assert_int_equal(expand("a } b", out, sizeof(out)), 0);
	assert_string_equal(out, "a } b");
}

static void test_expand_refusals(void **state)
{
	static const char *const bad[] = {
		"taskset -c {cpus} x",
		"{}",
		"{NROOT}",
		"{ nroot}",
		"{nroot }",
		"echo ${HOME}",
		"{rt_cpu",
		"x {",
		"{bulkhead",
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char want[512];

		if (expand(bad[i], out, sizeof(out)) != -EINVAL)
			fail_msg("'%s' expanded to '%s'", bad[i], out);
		snprintf(want, sizeof(want),
			 "unknown placeholder in '%s' (known: {root_cpus} "
			 "{nroot} {rt_cpu} {bulkhead})",
			 bad[i]);
		assert_string_equal(err, want);
	}
}

/*
 * An output buffer too small is refused, not cut: each length up to the
 * one that fits, with nothing written past the buffer.
 */
static void test_expand_too_small(void **state)
{
	static const char *const cmds[] = { "abc", "{nroot}",
					    "x {root_cpus} y {bulkhead}" };
	static const char *const want[] = { "abc", "3",
					    "x 0,1,3 y /usr/bin/bulkhead" };
	char out[64];

	(void)state;
	for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		size_t fit = strlen(want[c]) + 1;

		for (size_t len = 1; len < fit; len++) {
			char msg[128];

			memset(out, '#', sizeof(out));
			if (expand(cmds[c], out, len) != -EINVAL)
				fail_msg("'%s' fitted in %zu bytes", cmds[c],
					 len);
			snprintf(msg, sizeof(msg),
				 "'%s' is too long once expanded", cmds[c]);
			assert_string_equal(err, msg);
			for (size_t i = len; i < sizeof(out); i++)
				if (out[i] != '#')
					fail_msg("'%s' in %zu bytes: byte %zu "
						 "written",
						 cmds[c], len, i);
		}
		assert_int_equal(expand(cmds[c], out, fit), 0);
		assert_string_equal(out, want[c]);
	}
}

/*
 * Values longer than any internal buffer go in whole: the CPU list of a
 * large machine, a long path; and a buffer of 0 bytes is too small.
 */
static void test_expand_long_values(void **state)
{
	static char cpus[4096], self[1024], want[8192], out[8192];
	struct scenario_env e = env;
	size_t o = 0;

	(void)state;
	for (int c = 0; c < 1000; c++)
		o += (size_t)snprintf(cpus + o, sizeof(cpus) - o, "%s%d",
				      c ? "," : "", c);
	memset(self, 'p', sizeof(self) - 1);
	self[0] = '/';
	e.root_cpus = cpus;
	e.self = self;
	snprintf(want, sizeof(want), "taskset -c %s %s", cpus, self);
	err[0] = '\0';
	assert_int_equal(scenario_expand("taskset -c {root_cpus} {bulkhead}",
					 &e, out, sizeof(out), err,
					 sizeof(err)),
			 0);
	assert_string_equal(out, want);
	/* one byte less is refused, not cut */
	assert_int_equal(scenario_expand("taskset -c {root_cpus} {bulkhead}",
					 &e, out, strlen(want), err,
					 sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "'taskset -c {root_cpus} {bulkhead}' is too "
				 "long once expanded");

	memset(out, '#', sizeof(out));
	assert_int_equal(expand("", out, 0), -EINVAL);
	assert_int_equal(out[0], '#');
}

/* --- processes --- */

/* The CPUs this process may use. */
static unsigned int allowed_cpus(int *cpus, unsigned int max)
{
	unsigned int n = 0;
	cpu_set_t set;

	assert_int_equal(sched_getaffinity(0, sizeof(set), &set), 0);
	for (int c = 0; c < CPU_SETSIZE && n < max; c++)
		if (CPU_ISSET(c, &set))
			cpus[n++] = c;
	assert_true(n > 0);
	return n;
}

/* Waits up to 2 s for tmp/@name, written by a command; its number. */
static long wait_for_file(const char *name)
{
	char path[PATH_MAX], text[64];
	struct timespec tick = { 0, 10000000 };

	snprintf(path, sizeof(path), "%s/%s", cli_tmp, name);
	for (int i = 0; i < 200; i++) {
		read_file(path, text, sizeof(text));
		if (strchr(text, '\n'))
			return strtol(text, NULL, 10);
		nanosleep(&tick, NULL);
	}
	fail_msg("%s never came", path);
	return -1;
}

/* The line of /proc/@pid/status starting with @key, without it. */
static void proc_status(long pid, const char *key, char *out, size_t len)
{
	char path[64], text[4096], *line;

	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	read_file(path, text, sizeof(text));
	line = strstr(text, key);
	assert_non_null(line);
	line += strlen(key);
	while (*line == '\t' || *line == ' ')
		line++;
	snprintf(out, len, "%.*s", (int)strcspn(line, "\n"), line);
}

static double seconds_since(uint64_t start)
{
	return (double)(cli_now_ns() - start) / 1e9;
}

static void test_idle_scenario(void **state)
{
	(void)state;
	assert_int_equal(parse("idle", "description: no interference\n"), 0);
	assert_int_equal(
		scenario_start(&scn, &env, (const int[]){ 0 }, 1, NULL), 0);
	assert_false(scenario_alive(0));
	assert_false(scenario_alive(-1));
	assert_int_equal(scenario_stop(0), 0);
	assert_int_equal(scenario_stop(-1), 0);
}

/*
 * Two commands in one group on the root's CPUs (all this process may use
 * but the first, as the bench leaves out the real-time CPU, unless there
 * is only one); SIGTERM stops them at once.
 */
static void test_start_stop(void **state)
{
	int cpus[CPU_SETSIZE], mine[CPU_SETSIZE];
	struct scenario_env e = env;
	unsigned int n, nmine;
	char text[2 * PATH_MAX], list[8192], expect[8300], got[8192];
	long a, b;
	uint64_t t0;
	pid_t pgid;

	(void)state;
	n = allowed_cpus(cpus, CPU_SETSIZE);
	if (n > 1)
		memmove(cpus, cpus + 1, --n * sizeof(int));
	format_cpu_list(cpus, n, list, sizeof(list));
	e.root_cpus = list;
	e.nroot = n;
	snprintf(text, sizeof(text),
		 "run: echo $$ {nroot} {root_cpus} > %s/a && sleep 30\n"
		 "run: echo $$ > %s/b && sleep 30\n",
		 cli_tmp, cli_tmp);
	assert_int_equal(parse("sleepers", text), 0);

	pgid = scenario_start(&scn, &e, cpus, n, NULL);
	assert_true(pgid > 0);
	a = wait_for_file("a");
	b = wait_for_file("b");
	assert_true(scenario_alive(pgid));
	/* the first command leads the group, the second is in it */
	assert_int_equal(a, pgid);
	assert_int_equal(getpgid((pid_t)a), pgid);
	assert_int_equal(getpgid((pid_t)b), pgid);
	assert_int_not_equal(getpgid(0), pgid);
	/* the placeholders were expanded */
	snprintf(expect, sizeof(expect), "%ld %u %s\n", a, n, list);
	snprintf(text, sizeof(text), "%s/a", cli_tmp);
	read_file(text, got, sizeof(got));
	assert_string_equal(got, expect);
	/* both run on the root's CPUs only */
	for (int i = 0; i < 2; i++) {
		proc_status(i ? b : a, "Cpus_allowed_list:", got, sizeof(got));
		assert_int_equal(parse_cpu_list(got, mine, CPU_SETSIZE, &nmine),
				 0);
		assert_int_equal(nmine, n);
		assert_memory_equal(mine, cpus, n * sizeof(int));
	}

	t0 = cli_now_ns();
	assert_int_equal(scenario_stop(pgid), 0);
	if (seconds_since(t0) > 1.0)
		fail_msg("stop took %.2f s: SIGTERM did not stop sleep",
			 seconds_since(t0));
	assert_false(scenario_alive(pgid));
	assert_int_equal(kill((pid_t)a, 0), -1);
	assert_int_equal(kill((pid_t)b, 0), -1);
	/* stopping a group that is gone is not an error */
	assert_int_equal(scenario_stop(pgid), 0);
}

/*
 * A command that ignores SIGTERM (and so does its sleep, which inherits
 * the ignored signal) outlives the grace period and is killed.
 */
static void test_stop_kills_survivors(void **state)
{
	char text[2 * PATH_MAX];
	int cpus[CPU_SETSIZE];
	unsigned int n;
	double took;
	uint64_t t0;
	pid_t pgid;
	long c;

	(void)state;
	n = allowed_cpus(cpus, CPU_SETSIZE);
	snprintf(text, sizeof(text),
		 "run: sleep 30\n"
		 "run: trap '' TERM; echo $$ > %s/c; sleep 30\n",
		 cli_tmp);
	assert_int_equal(parse("stubborn", text), 0);
	pgid = scenario_start(&scn, &env, cpus, n, NULL);
	assert_true(pgid > 0);
	c = wait_for_file("c"); /* the trap is set */
	assert_int_equal(getpgid((pid_t)c), pgid);

	t0 = cli_now_ns();
	assert_int_equal(scenario_stop(pgid), 0);
	took = seconds_since(t0);
	if (took < 2.9 || took > 3.5)
		fail_msg("stop took %.2f s, expected the 3 s grace period",
			 took);
	assert_false(scenario_alive(pgid));
	assert_int_equal(kill((pid_t)c, 0), -1);
}

/* A command that ends by itself leaves nothing to stop. */
static void test_stop_after_exit(void **state)
{
	int cpus[CPU_SETSIZE];
	unsigned int n;
	uint64_t t0;
	pid_t pgid;

	(void)state;
	n = allowed_cpus(cpus, CPU_SETSIZE);
	assert_int_equal(parse("brief", "run: true\nrun: exit 3\n"), 0);
	pgid = scenario_start(&scn, &env, cpus, n, NULL);
	assert_true(pgid > 0);
	t0 = cli_now_ns();
	assert_int_equal(scenario_stop(pgid), 0);
	assert_true(seconds_since(t0) < 1.0);
	assert_false(scenario_alive(pgid));
}

/* With a log, every run line's output, both streams, lands there. */
static void test_log(void **state)
{
	struct scenario_env e = env;
	char path[] = "/tmp/bulkhead-scn-log-XXXXXX", buf[256] = "";
	int cpus[CPU_SETSIZE], fd;
	unsigned int n;
	ssize_t len;
	pid_t pgid;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	e.log = path;
	n = allowed_cpus(cpus, CPU_SETSIZE);
	assert_int_equal(parse("logged", "run: echo out-line\n"
					 "run: echo err-line >&2\n"),
			 0);
	pgid = scenario_start(&scn, &e, cpus, n, NULL);
	assert_true(pgid > 0);
	/* both lines written, or 5 s gone */
	for (int i = 0; i < 500; i++) {
		len = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[len > 0 ? len : 0] = '\0';
		if (strstr(buf, "out-line") && strstr(buf, "err-line"))
			break;
		usleep(10000);
	}
	assert_int_equal(scenario_stop(pgid), 0);
	len = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	unlink(path);
	assert_true(len > 0);
	buf[len] = '\0';
	assert_non_null(strstr(buf, "out-line\n"));
	assert_non_null(strstr(buf, "err-line\n"));
}

/* stress-ng's metrics as 0.15 prints them on SIGTERM, and a later
 * version's wider lines: the real-time rates of every stressor add up. */
static void test_bogo_ops(void **state)
{
	const char *one =
		"stress-ng: info:  [119] dispatching hogs: 2 cpu\n"
		"stress-ng: metrc: [119] stressor       bogo ops real time  usr "
		"time  sys time   bogo ops/s     bogo ops/s\n"
		"stress-ng: metrc: [119]                           (secs)    "
		"(secs)    (secs)   (real time) (usr+sys time)\n"
		"stress-ng: metrc: [119] cpu                 614      3.96      "
		"7.87      0.07       154.91          77.38\n"
		"stress-ng: info:  [119] successful run completed in 4.05s\n";
	const char *two =
		"stress-ng: metrc: [7] io   100  10.00  0.10  5.00  10.00  "
		"19.61  12.5  2048\n"
		"stress-ng: metrc: [7] iomix 2500 10.00 1.00 6.00 250.50 "
		"357.14 35.0 4096";

	(void)state;
	assert_true(scenario_bogo_ops_s(one) > 154.90 &&
		    scenario_bogo_ops_s(one) < 154.92);
	assert_true(scenario_bogo_ops_s(two) > 260.49 &&
		    scenario_bogo_ops_s(two) < 260.51);
	/* no metrics (not stress-ng, or killed before it printed): n/a */
	assert_true(scenario_bogo_ops_s("") < 0);
	assert_true(scenario_bogo_ops_s("stress-ng: info: [1] stressor\n") < 0);
	assert_true(scenario_bogo_ops_s("stress-ng: metrc: [1] vm x y\n") < 0);
}

/*
 * A run line that ends before the scenario is stopped is reported once,
 * with its exit status or signal; lines still running are not.
 */
static void test_lost(void **state)
{
	int cpus[CPU_SETSIZE];
	unsigned int n;
	pid_t pgid, pids[SCN_MAX_RUNS];
	char why[192] = "";

	(void)state;
	n = allowed_cpus(cpus, CPU_SETSIZE);
	assert_int_equal(parse("leaky", "run: sleep 30\nrun: exit 3\n"
					"run: kill -9 $$\nrun: sleep 30\n"),
			 0);
	pgid = scenario_start(&scn, &env, cpus, n, pids);
	assert_true(pgid > 0);
	assert_int_equal(pids[0], pgid);
	/* both short lines end at once; each is reported, once */
	for (int i = 0; i < 2; i++) {
		uint64_t t0 = cli_now_ns();

		while (!scenario_lost(&scn, pids, why, sizeof(why)) &&
		       seconds_since(t0) < 5.0)
			usleep(10000);
		if (!strcmp(why, "'exit 3' exited with status 3"))
			assert_int_equal(pids[1], -1);
		else if (!strcmp(why, "'kill -9 $$' was killed by signal 9"))
			assert_int_equal(pids[2], -1);
		else
			fail_msg("lost: \"%s\"", why);
	}
	assert_int_equal(pids[1], -1);
	assert_int_equal(pids[2], -1);
	why[0] = '\0';
	assert_int_equal(scenario_lost(&scn, pids, why, sizeof(why)), 0);
	assert_string_equal(why, "");
	assert_true(pids[0] > 0 && pids[3] > 0);
	assert_int_equal(scenario_stop(pgid), 0);
	assert_false(scenario_alive(pgid));
}

/* A run line that does not expand starts nothing. */
static void test_start_refuses(void **state)
{
	const char *msg;
	pid_t pgid;

	(void)state;
	assert_int_equal(parse("typo", "run: sleep 30\nrun: taskset {cpus} "
				       "sleep 30\n"),
			 0);
	capture_stderr();
	pgid = scenario_start(&scn, &env, (const int[]){ 0 }, 1, NULL);
	msg = captured_stderr();
	assert_int_equal(pgid, -1);
	assert_string_equal(msg, "bulkhead: scenario 'typo': unknown "
				 "placeholder in 'taskset {cpus} sleep 30' "
				 "(known: {root_cpus} {nroot} {rt_cpu} "
				 "{bulkhead})\n");
	/* nothing was forked: no child to wait for */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/*
 * Commands are run by /bin/sh, which forks them: once sh is gone, they
 * are orphans, reaped by init. Where init does not reap (a container's
 * first process often does not), they would stay zombies in the group and
 * look alive; as a subreaper this process gets them and scenario_stop()
 * reaps them with the group's own.
 */
static int setup(void **state)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		return -1;
	return cli_group_setup(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_full),
		cmocka_unit_test(test_parse_defaults),
		cmocka_unit_test(test_parse_run_limit),
		cmocka_unit_test(test_parse_refusals),
		cmocka_unit_test(test_parse_long_lines),
		cmocka_unit_test(test_needs),
		cmocka_unit_test(test_load),
		cmocka_unit_test(test_load_names),
		cmocka_unit_test(test_load_sizes),
		cmocka_unit_test(test_shipped_scenarios),
		cmocka_unit_test(test_expand),
		cmocka_unit_test(test_expand_refusals),
		cmocka_unit_test(test_expand_too_small),
		cmocka_unit_test(test_expand_long_values),
		cmocka_unit_test(test_idle_scenario),
		cmocka_unit_test(test_start_stop),
		cmocka_unit_test(test_stop_kills_survivors),
		cmocka_unit_test(test_stop_after_exit),
		cmocka_unit_test(test_lost),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_bogo_ops),
		cmocka_unit_test(test_start_refuses),
	};

	return cmocka_run_group_tests(tests, setup, cli_group_teardown);
}
