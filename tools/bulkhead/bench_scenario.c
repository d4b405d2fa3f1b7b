// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario files and the interference processes they start
 * (bench_scenario.h).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_opts.h"
#include "bench_scenario.h"
#include "cli.h"

#define STOP_GRACE_MS 3000

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int scenario_parse(const char *name, const char *text, struct scenario *s,
		   char *err, size_t errlen)
{
	char line[SCN_LINE_MAX + 64];
	const char *p = text;
	unsigned int lineno = 0;

	memset(s, 0, sizeof(*s));
	if (strlen(name) >= sizeof(s->name)) {
		snprintf(err, errlen, "scenario name '%s' is longer than %d",
			 name, SCN_NAME_MAX - 1);
		return -EINVAL;
	}
	strcpy(s->name, name);
	s->warmup_ns = 5000000000ull;
	while (*p) {
		size_t n = strcspn(p, "\n");
		char *l, *colon, *key, *val;

		lineno++;
		if (n >= sizeof(line)) {
			snprintf(err, errlen, "%s.scn:%u: line longer than %d",
				 name, lineno, SCN_LINE_MAX);
			return -EINVAL;
		}
		memcpy(line, p, n);
		line[n] = '\0';
		p += n + (p[n] == '\n');
		l = trim(line);
		if (!*l || *l == '#')
			continue;
		colon = strchr(l, ':');
		if (!colon) {
			snprintf(err, errlen,
				 "%s.scn:%u: expected 'key: value', got '%s'",
				 name, lineno, l);
			return -EINVAL;
		}
		*colon = '\0';
		key = trim(l);
		val = trim(colon + 1);
		if (strlen(val) >= SCN_LINE_MAX) {
			snprintf(err, errlen, "%s.scn:%u: value longer than %d",
				 name, lineno, SCN_LINE_MAX - 1);
			return -EINVAL;
		}
		if (!strcmp(key, "description")) {
			strcpy(s->description, val);
		} else if (!strcmp(key, "warmup")) {
			if (parse_duration(val, &s->warmup_ns)) {
				snprintf(err, errlen,
					 "%s.scn:%u: warmup: '%s' is not a "
					 "duration (5s, 500ms)",
					 name, lineno, val);
				return -EINVAL;
			}
		} else if (!strcmp(key, "needs")) {
			size_t used = strlen(s->needs);

			if (used + strlen(val) + 2 > sizeof(s->needs)) {
				snprintf(
					err, errlen,
					"%s.scn:%u: needs: longer than %d in all",
					name, lineno, SCN_LINE_MAX - 1);
				return -EINVAL;
			}
			snprintf(s->needs + used, sizeof(s->needs) - used,
				 "%s%s", used ? " " : "", val);
		} else if (!strcmp(key, "run")) {
			if (s->num_runs == SCN_MAX_RUNS) {
				snprintf(err, errlen,
					 "%s.scn:%u: more than %d run lines",
					 name, lineno, SCN_MAX_RUNS);
				return -EINVAL;
			}
			if (!*val) {
				snprintf(err, errlen, "%s.scn:%u: empty run",
					 name, lineno);
				return -EINVAL;
			}
			strcpy(s->run[s->num_runs++], val);
		} else {
			snprintf(err, errlen,
				 "%s.scn:%u: unknown key '%s' (description, "
				 "warmup, needs, run)",
				 name, lineno, key);
			return -EINVAL;
		}
	}
	return 0;
}

/* Whether @prog is an executable file, searched on PATH without a '/'. */
static bool program_found(const char *prog)
{
	char file[1024];

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	return cli_find_program(prog, file, sizeof(file));
}

int scenario_check_needs(const struct scenario *s, char *err, size_t errlen)
{
	char list[SCN_LINE_MAX], *save = NULL;

	snprintf(list, sizeof(list), "%s", s->needs);
	for (char *prog = strtok_r(list, " \t", &save); prog;
	     prog = strtok_r(NULL, " \t", &save)) {
		if (!program_found(prog)) {
			snprintf(err, errlen,
				 "scenario '%s' needs '%s', which is not on "
				 "PATH",
				 s->name, prog);
			return -ENOENT;
		}
	}
	return 0;
}

int scenario_load(const char *dir, const char *name, struct scenario *s)
{
	char path[1024], err[256], *text;
	size_t len = 0, cap = 4096, n;
	FILE *f;
	int ret;

	for (const char *c = name; *c; c++)
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
			return cli_error("scenario '%s': names are letters, "
					 "digits, '-' and '_'",
					 name);
	snprintf(path, sizeof(path), "%s/%s.scn", dir, name);
	f = fopen(path, "r");
	if (!f)
		return cli_error("scenario '%s': cannot read %s: %s", name,
				 path, strerror(errno));
	text = malloc(cap);
	while (text && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *t = realloc(text, cap *= 2);

			if (!t)
				free(text);
			text = t;
		}
	}
	fclose(f);
	if (!text)
		return cli_error("scenario '%s': out of memory", name);
	text[len] = '\0';
	ret = scenario_parse(name, text, s, err, sizeof(err));
	free(text);
	if (ret)
		return cli_error("%s/%s", dir, err);
	if (scenario_check_needs(s, err, sizeof(err)))
		return cli_error("%s", err);
	return 0;
}

int scenario_expand(const char *cmd, const struct scenario_env *env, char *out,
		    size_t outlen, char *err, size_t errlen)
{
	size_t o = 0;

	if (!outlen)
		goto too_long;
	for (const char *c = cmd; *c;) {
		char num[24];
		const char *end, *val;
		size_t klen, vlen;

		if (*c != '{') {
			if (o + 1 >= outlen)
				goto too_long;
			out[o++] = *c++;
			continue;
		}
		end = strchr(c, '}');
		klen = end ? (size_t)(end - c - 1) : 0;
		/* the strings as they are: a CPU list can be long */
		val = num;
		if (end && klen == 9 && !strncmp(c + 1, "root_cpus", 9))
			val = env->root_cpus;
		else if (end && klen == 5 && !strncmp(c + 1, "nroot", 5))
			snprintf(num, sizeof(num), "%u", env->nroot);
		else if (end && klen == 6 && !strncmp(c + 1, "rt_cpu", 6))
			snprintf(num, sizeof(num), "%d", env->rt_cpu);
		else if (end && klen == 8 && !strncmp(c + 1, "bulkhead", 8))
			val = env->self;
		else {
			snprintf(err, errlen,
				 "unknown placeholder in '%s' (known: "
				 "{root_cpus} {nroot} {rt_cpu} {bulkhead})",
				 cmd);
			return -EINVAL;
		}
		vlen = strlen(val);
		if (o + vlen >= outlen)
			goto too_long;
		memcpy(out + o, val, vlen);
		o += vlen;
		c = end + 1;
	}
	out[o] = '\0';
	return 0;
too_long:
	snprintf(err, errlen, "'%s' is too long once expanded", cmd);
	return -EINVAL;
}

pid_t scenario_start(const struct scenario *s, const struct scenario_env *env,
		     const int *root_cpus, unsigned int nroot, pid_t *pids)
{
	char cmd[SCN_MAX_RUNS][SCN_LINE_MAX * 2], err[600];
	pid_t pgid = 0;
	cpu_set_t set;

	if (!s->num_runs)
		return 0;
	for (unsigned int i = 0; i < s->num_runs; i++) {
		if (scenario_expand(s->run[i], env, cmd[i], sizeof(cmd[i]), err,
				    sizeof(err))) {
			cli_error("scenario '%s': %s", s->name, err);
			return -1;
		}
	}
	CPU_ZERO(&set);
	for (unsigned int i = 0; i < nroot; i++)
		CPU_SET(root_cpus[i], &set);
	fflush(NULL);
	for (unsigned int i = 0; i < s->num_runs; i++) {
		pid_t pid = fork();

		if (pid < 0) {
			cli_error("scenario '%s': fork: %s", s->name,
				  strerror(errno));
			if (pgid)
				scenario_stop(pgid);
			return -1;
		}
		if (pid == 0) {
			/* unpinned interference would hit the real-time CPU */
			if (setpgid(0, pgid) ||
			    sched_setaffinity(0, sizeof(set), &set)) {
				fprintf(stderr,
					"bulkhead: scenario '%s': cannot pin "
					"'%s' to CPUs %s: %s\n",
					s->name, cmd[i], env->root_cpus,
					strerror(errno));
				_exit(126);
			}
			if (env->log) {
				int fd = open(env->log,
					      O_WRONLY | O_CREAT | O_APPEND |
						      O_CLOEXEC,
					      0644);

				if (fd < 0 || dup2(fd, 1) < 0 ||
				    dup2(fd, 2) < 0) {
					fprintf(stderr,
						"bulkhead: scenario '%s': "
						"cannot write its log %s: "
						"%s\n",
						s->name, env->log,
						strerror(errno));
					_exit(126);
				}
			}
			execl("/bin/sh", "sh", "-c", cmd[i], (char *)NULL);
			_exit(127);
		}
		/* both sides set it, so neither can race the other */
		setpgid(pid, pgid);
		if (pids)
			pids[i] = pid;
		if (!pgid)
			pgid = pid;
	}
	return pgid;
}

int scenario_lost(const struct scenario *s, pid_t *pids, char *why,
		  size_t whylen)
{
	for (unsigned int i = 0; i < s->num_runs; i++) {
		int status;

		if (pids[i] <= 0 ||
		    waitpid(pids[i], &status, WNOHANG) != pids[i])
			continue;
		pids[i] = -1;
		if (WIFSIGNALED(status))
			snprintf(why, whylen, "'%s' was killed by signal %d",
				 s->run[i], WTERMSIG(status));
		else
			snprintf(why, whylen, "'%s' exited with status %d",
				 s->run[i], WEXITSTATUS(status));
		return 1;
	}
	return 0;
}

int scenario_alive(pid_t pgid)
{
	return pgid > 0 && (kill(-pgid, 0) == 0 || errno == EPERM);
}

/* Only the group's own: the Linux probe is our child too. */
static void reap(pid_t pgid)
{
	while (waitpid(-pgid, NULL, WNOHANG) > 0)
		;
}

int scenario_stop(pid_t pgid)
{
	uint64_t deadline = cli_now_ns() + STOP_GRACE_MS * 1000000ull;
	struct timespec tick = { 0, 20000000 };

	if (pgid <= 0)
		return 0;
	kill(-pgid, SIGTERM);
	for (;;) {
		reap(pgid);
		if (!scenario_alive(pgid))
			return 0;
		if (cli_now_ns() >= deadline)
			break;
		nanosleep(&tick, NULL);
	}
	kill(-pgid, SIGKILL);
	for (int i = 0; i < 100; i++) {
		reap(pgid);
		if (!scenario_alive(pgid))
			return 0;
		nanosleep(&tick, NULL);
	}
	return cli_error("interference (process group %d) survives SIGKILL",
			 (int)pgid);
}

/*
 * stress-ng 0.15 to 0.17 print, per stressor:
 *   stress-ng: metrc: [PID] NAME OPS REAL USR SYS OPS/S-REAL OPS/S-CPU ...
 * after two header lines whose NAME is "stressor" or "(secs)".
 */
double scenario_bogo_ops_s(const char *text)
{
	const char *tag = "stress-ng: metrc: [";
	double sum = 0;
	bool any = false;

	for (const char *l = text; l && *l;) {
		const char *nl = strchr(l, '\n');
		char line[256], name[64];
		double ops, real, usr, sys, rate;
		size_t len = nl ? (size_t)(nl - l) : strlen(l);
		const char *p;

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, l, len);
		line[len] = '\0';
		l = nl ? nl + 1 : NULL;
		p = strstr(line, tag);
		if (!p || !(p = strchr(p + strlen(tag), ']')))
			continue;
		if (sscanf(p + 1, "%63s %lf %lf %lf %lf %lf", name, &ops, &real,
			   &usr, &sys, &rate) != 6 ||
		    rate < 0)
			continue;
		sum += rate;
		any = true;
	}
	return any ? sum : -1;
}
