// SPDX-License-Identifier: GPL-2.0
/*
 * Cell lifecycle commands: create, load, start, shutdown, destroy.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <bulkhead/comm.h>
#include <bulkhead/ioctl.h>

#include "cli.h"
#include "config_file.h"
#include "driver.h"

static int run_create(int argc, char **argv)
{
	struct bh_cell_create_args args = { 0 };
	struct config_error verr;
	struct config cfg;
	char err[512];
	size_t size;
	int ret;

	if (argc != 2)
		return cli_usage_error("expects one cell config");
	if (config_load(argv[1], &cfg, err, sizeof(err)))
		return cli_error("%s", err);
	if (config_expect_kind(&cfg, CONFIG_CELL) ||
	    (config_check_cell(NULL, &cfg.cell, &verr) &&
	     config_report(&cfg, verr.msg))) {
		config_release(&cfg);
		return 1;
	}
	args.config = (uintptr_t)config_desc(&cfg, &size);
	args.config_size = size;
	ret = driver_ioctl(BH_IOCTL_CELL_CREATE, &args, "cell create",
			   args.reason);
	if (!ret)
		printf("Created cell '%s' (id %d)\n", cfg.cell.name, args.id);
	config_release(&cfg);
	return ret;
}

/* A cell's id from its name or number, through sysfs; -1 if none. */
int cell_lookup(const char *arg)
{
	char path[128], name[64];
	char *end;
	long id = strtol(arg, &end, 10);
	FILE *f;
	int i;

	for (i = 0; i < 64; i++) {
		snprintf(path, sizeof(path), BH_SYSFS "/cells/%d/name", i);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (!fgets(name, sizeof(name), f))
			name[0] = 0;
		fclose(f);
		name[strcspn(name, "\n")] = 0;
		if ((!*end && id == i) || !strcmp(name, arg))
			return i;
	}
	return -1;
}

static int lookup_nonroot(const char *arg, unsigned int *id)
{
	int i = cell_lookup(arg);

	if (i < 0)
		return cli_error("no cell '%s' (see 'bulkhead cell list')",
				 arg);
	if (i == 0)
		return cli_error("the root cell cannot be managed this way");
	*id = i;
	return 0;
}

static void *read_file(const char *file, size_t *size)
{
	FILE *f = fopen(file, "rb");
	char *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto out;
	buf = malloc(n ? n : 1);
	if (buf && fread(buf, 1, n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
	}
	*size = n;
out:
	fclose(f);
	return buf;
}

static int parse_addr(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || *end || !*s ? -1 : 0;
}

/* cell load NAME IMAGE [-a ADDR] [-s STRING [-a ADDR]]... */
static int run_load(int argc, char **argv)
{
	struct bh_cell_load_segment seg[BH_MAX_LOAD_SEGMENTS];
	struct bh_cell_load_args args = { 0 };
	void *bufs[BH_MAX_LOAD_SEGMENTS] = { 0 };
	unsigned int n = 0, id = 0, i;
	int ret = 1, a;

	if (argc < 3)
		return cli_usage_error("expects a cell and an image");
	if (lookup_nonroot(argv[1], &id))
		return 1;
	for (a = 2; a < argc; a++) {
		bool string = !strcmp(argv[a], "-s");
		size_t size;

		if (n == BH_MAX_LOAD_SEGMENTS) {
			cli_usage_error("at most %d images and strings",
					BH_MAX_LOAD_SEGMENTS);
			goto out;
		}
		if (string) {
			if (++a == argc) {
				cli_usage_error("-s needs a string");
				goto out;
			}
			size = strlen(argv[a]) + 1;
			bufs[n] = strdup(argv[a]);
			seg[n].address = BH_CMDLINE_ADDR;
		} else if (argv[a][0] == '-') {
			cli_usage_error("unknown option '%s'", argv[a]);
			goto out;
		} else {
			bufs[n] = read_file(argv[a], &size);
			if (!bufs[n]) {
				cli_error("cannot read image %s: %s", argv[a],
					  strerror(errno));
				goto out;
			}
			seg[n].address = 0;
		}
		seg[n].data = (uintptr_t)bufs[n];
		seg[n].size = size;
		if (a + 1 < argc && !strcmp(argv[a + 1], "-a")) {
			if (a + 2 >= argc ||
			    parse_addr(argv[a + 2], &seg[n].address)) {
				cli_usage_error("-a needs an address");
				goto out;
			}
			a += 2;
		}
		n++;
	}
	args.id = id;
	args.num_segments = n;
	args.segments = (uintptr_t)seg;
	ret = driver_ioctl(BH_IOCTL_CELL_LOAD, &args, "cell load", args.reason);
out:
	for (i = 0; i < BH_MAX_LOAD_SEGMENTS; i++)
		free(bufs[i]);
	return ret;
}

static int simple(int argc, char **argv, unsigned long req, const char *what,
		  const char *done)
{
	struct bh_cell_args args = { 0 };
	unsigned int id = 0;
	int ret;

	if (argc != 2)
		return cli_usage_error("expects a cell name or id");
	if (lookup_nonroot(argv[1], &id))
		return 1;
	args.id = id;
	ret = driver_ioctl(req, &args, what, args.reason);
	if (!ret)
		printf("%s cell %s\n", done, argv[1]);
	return ret;
}

static int run_start(int argc, char **argv)
{
	return simple(argc, argv, BH_IOCTL_CELL_START, "cell start", "Started");
}

static int run_shutdown(int argc, char **argv)
{
	return simple(argc, argv, BH_IOCTL_CELL_SHUTDOWN, "cell shutdown",
		      "Shut down");
}

static int run_destroy(int argc, char **argv)
{
	return simple(argc, argv, BH_IOCTL_CELL_DESTROY, "cell destroy",
		      "Destroyed");
}

const struct command cmd_cell_create = {
	.name = "cell",
	.sub = "create",
	.run = run_create,
	.usage = "CELLCONFIG",
	.help = "create a cell: its CPUs leave Linux, its memory the root cell\n"
		"The cell is created shut down; load an image and start it.",
};

const struct command cmd_cell_load = {
	.name = "cell",
	.sub = "load",
	.run = run_load,
	.usage = "NAME|ID IMAGE [-a ADDR] [-s STRING [-a ADDR]]...",
	.help = "load images and strings into a cell's loadable memory\n"
		"Each IMAGE or -s STRING goes to the guest-physical address after\n"
		"its -a (images default to 0x0, strings to 0x2000, where the inmate\n"
		"library reads its command line). The first image's address is\n"
		"where the cell starts. The cell must not be running.",
};

const struct command cmd_cell_start = {
	.name = "cell",
	.sub = "start",
	.run = run_start,
	.usage = "NAME|ID",
	.help = "start a loaded cell at its image's address",
};

const struct command cmd_cell_shutdown = {
	.name = "cell",
	.sub = "shutdown",
	.run = run_shutdown,
	.usage = "NAME|ID",
	.help = "stop a cell, keeping its resources\n"
		"The cell is asked first through its comm region; a cell that\n"
		"refuses keeps running, one that does not answer within 2 s is\n"
		"stopped anyway. It can be loaded and started again.",
};

const struct command cmd_cell_destroy = {
	.name = "cell",
	.sub = "destroy",
	.run = run_destroy,
	.usage = "NAME|ID",
	.help = "destroy a cell: its CPUs and memory go back to Linux",
};
