// SPDX-License-Identifier: GPL-2.0
/*
 * Cell commands reading the driver's sysfs: cell list, cell stats.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bulkhead/status.h>

#include "cli.h"
#include "driver.h"

static const char *const exit_names[] = BH_EXIT_NAMES;

/* First line of a sysfs file without its newline; "" if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");

	buf[0] = 0;
	if (!f)
		return -errno;
	if (!fgets(buf, len, f))
		buf[0] = 0;
	fclose(f);
	buf[strcspn(buf, "\n")] = 0;
	return 0;
}

static int cell_ids(int *ids, int max)
{
	DIR *d = opendir(BH_SYSFS "/cells");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -errno;
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9')
			ids[n++] = atoi(e->d_name);
	closedir(d);
	return n;
}

static void cell_attr(int id, const char *attr, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), BH_SYSFS "/cells/%d/%s", id, attr);
	read_line(path, buf, len);
}

static int run_list(int argc, char **argv)
{
	char name[64], state[32], cpus[128], failed[128], enabled[8];
	int ids[64], n, i;

	(void)argv;
	if (argc != 1)
		return cli_usage_error("takes no arguments");
	if (read_line(BH_SYSFS "/enabled", enabled, sizeof(enabled)))
		return cli_error("cannot read " BH_SYSFS
				 ": is bulkhead.ko loaded?");
	if (strcmp(enabled, "1"))
		return cli_error("the hypervisor is not enabled");
	n = cell_ids(ids, 64);
	if (n < 0)
		return cli_error("cannot list cells: %s", strerror(-n));
	printf("%-4s %-24s %-16s %-12s %s\n", "ID", "NAME", "STATE", "CPUS",
	       "FAILED CPUS");
	for (i = 0; i < n; i++) {
		cell_attr(ids[i], "name", name, sizeof(name));
		cell_attr(ids[i], "state", state, sizeof(state));
		cell_attr(ids[i], "cpus", cpus, sizeof(cpus));
		cell_attr(ids[i], "cpus_failed", failed, sizeof(failed));
		printf("%-4d %-24s %-16s %-12s %s\n", ids[i], name, state,
		       cpus[0] ? cpus : "-", failed[0] ? failed : "-");
	}
	return 0;
}

#define MAX_STAT_CPUS 64
/* after the exit reasons: the total and the regulation counters */
enum {
	V_TOTAL = BH_EXIT_NUM,
	V_HOLDS,
	V_HELD_NS,
	V_HOLD_MAX_NS,
	V_TAKE_UP_MAX_NS,
	NUM_V
};
static const char *const extra_files[] = { "vmexits_total", "regulation_holds",
					   "regulation_held_ns",
					   "regulation_hold_max_ns",
					   "regulation_take_up_max_ns" };

struct stats {
	int cpus[MAX_STAT_CPUS];
	int num_cpus;
	unsigned long long v[MAX_STAT_CPUS][NUM_V];
};

static void sort_by_cpu(struct stats *s)
{
	unsigned long long v[NUM_V];
	int i, j, cpu;

	for (i = 1; i < s->num_cpus; i++) {
		cpu = s->cpus[i];
		memcpy(v, s->v[i], sizeof(v));
		for (j = i; j > 0 && s->cpus[j - 1] > cpu; j--) {
			s->cpus[j] = s->cpus[j - 1];
			memcpy(s->v[j], s->v[j - 1], sizeof(v));
		}
		s->cpus[j] = cpu;
		memcpy(s->v[j], v, sizeof(v));
	}
}

static int read_stats(int id, struct stats *s)
{
	char dir[128], path[512], buf[64];
	struct dirent *e;
	DIR *d;
	int c, r;

	snprintf(dir, sizeof(dir), BH_SYSFS "/cells/%d/statistics", id);
	d = opendir(dir);
	if (!d)
		return -errno;
	s->num_cpus = 0;
	while ((e = readdir(d)) && s->num_cpus < MAX_STAT_CPUS) {
		if (strncmp(e->d_name, "cpu", 3))
			continue;
		c = s->num_cpus++;
		s->cpus[c] = atoi(e->d_name + 3);
		for (r = 0; r < NUM_V; r++) {
			if (r < BH_EXIT_NUM)
				snprintf(path, sizeof(path), "%s/%s/vmexits_%s",
					 dir, e->d_name, exit_names[r]);
			else
				snprintf(path, sizeof(path), "%s/%s/%s", dir,
					 e->d_name,
					 extra_files[r - BH_EXIT_NUM]);
			/* an older driver has no regulation counters: 0 */
			buf[0] = '\0';
			read_line(path, buf, sizeof(buf));
			s->v[c][r] = strtoull(buf, NULL, 10);
		}
	}
	closedir(d);
	sort_by_cpu(s);
	return 0;
}

static void print_row(const struct stats *a, const struct stats *b, int r,
		      const char *label, double interval)
{
	unsigned long long total = 0, delta = 0;
	int c;

	for (c = 0; c < b->num_cpus; c++) {
		total += b->v[c][r];
		delta += b->v[c][r] - a->v[c][r];
	}
	printf("%-12s %12llu %10.1f", label, total, delta / interval);
	for (c = 0; c < b->num_cpus; c++)
		printf(" %10.1f", (b->v[c][r] - a->v[c][r]) / interval);
	printf("\n");
}

/*
 * The cell CPUs that asked with the hypercall: the longest wait for the
 * root CPUs to take a request up, against regulation.take-up-us.
 */
static void print_take_up(const struct stats *b)
{
	int c, any = 0;

	for (c = 0; c < b->num_cpus; c++)
		any |= b->v[c][V_TAKE_UP_MAX_NS] != 0;
	if (!any)
		return;
	printf("\nRegulation requests (longest wait for the root CPUs to take one up, since enable)\n");
	printf("%-8s %14s\n", "CPU", "MAX-TAKE-UP-US");
	for (c = 0; c < b->num_cpus; c++)
		if (b->v[c][V_TAKE_UP_MAX_NS])
			printf("cpu%-5d %14.1f\n", b->cpus[c],
			       b->v[c][V_TAKE_UP_MAX_NS] / 1e3);
}

/*
 * Regulation (docs/regulation.md), for CPUs that were ever held: holds and
 * time held in the interval, and the longest hold since enable.
 */
static void print_regulation(const struct stats *a, const struct stats *b,
			     double interval)
{
	int c, any = 0;

	print_take_up(b);
	for (c = 0; c < b->num_cpus; c++)
		any |= b->v[c][V_HOLDS] != 0;
	if (!any)
		return;
	printf("\nRegulation over %.1f s (holds, time held, share of time; longest hold since enable)\n",
	       interval);
	printf("%-8s %10s %12s %8s %14s\n", "CPU", "HOLDS", "HELD-MS", "HELD-%",
	       "MAX-HOLD-US");
	for (c = 0; c < b->num_cpus; c++) {
		double held_ms =
			(b->v[c][V_HELD_NS] - a->v[c][V_HELD_NS]) / 1e6;

		printf("cpu%-5d %10llu %12.3f %8.1f %14.1f\n", b->cpus[c],
		       b->v[c][V_HOLDS] - a->v[c][V_HOLDS], held_ms,
		       held_ms / (interval * 10.0),
		       b->v[c][V_HOLD_MAX_NS] / 1e3);
	}
}

static int run_stats(int argc, char **argv)
{
	double interval = 1.0;
	struct stats a, b;
	int id, r, c;

	if (argc == 4 && !strcmp(argv[2], "-i")) {
		interval = atof(argv[3]);
		if (interval <= 0 || interval > 3600)
			return cli_usage_error(
				"-i wants seconds, 0 < s <= 3600");
	} else if (argc != 2) {
		return cli_usage_error("expects a cell name or id");
	}
	id = cell_lookup(argv[1]);
	if (id < 0)
		return cli_error("no cell '%s' (see 'bulkhead cell list')",
				 argv[1]);
	if (read_stats(id, &a))
		return cli_error("cannot read statistics of cell %d", id);
	usleep((useconds_t)(interval * 1e6));
	if (read_stats(id, &b) || a.num_cpus != b.num_cpus)
		return cli_error("statistics of cell %d changed while reading",
				 id);

	printf("VM exits of cell %d over %.1f s (total since enable, per second)\n",
	       id, interval);
	printf("%-12s %12s %10s", "REASON", "TOTAL", "PER-SEC");
	for (c = 0; c < b.num_cpus; c++) {
		char col[16];

		snprintf(col, sizeof(col), "cpu%d/s", b.cpus[c]);
		printf(" %10s", col);
	}
	printf("\n");
	print_row(&a, &b, V_TOTAL, "total", interval);
	for (r = 0; r < BH_EXIT_NUM; r++)
		print_row(&a, &b, r, exit_names[r], interval);
	print_regulation(&a, &b, interval);
	return 0;
}

const struct command cmd_cell_list = {
	.name = "cell",
	.sub = "list",
	.run = run_list,
	.usage = "",
	.help = "list the cells: id, name, state, CPUs",
};

const struct command cmd_cell_stats = {
	.name = "cell",
	.sub = "stats",
	.run = run_stats,
	.usage = "NAME|ID [-i SECONDS]",
	.help = "show VM exit counters of a cell's CPUs by reason\n"
		"Prints totals since enable and rates per second measured over\n"
		"SECONDS (default 1).",
};
