// SPDX-License-Identifier: GPL-2.0
/*
 * Commands that talk to the driver: enable, disable, console.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <bulkhead/ioctl.h>
#include <bulkhead/status.h>

#include "cli.h"
#include "config_file.h"
#include "driver.h"

int driver_ioctl(unsigned long req, void *args, const char *what,
		 const char *reason)
{
	int fd = driver_open(), ret;

	if (fd < 0)
		return 1;
	ret = ioctl(fd, req, args);
	close(fd);
	if (ret)
		return cli_error("%s: %s", what,
				 reason[0] ? reason : strerror(errno));
	return 0;
}

int driver_open(void)
{
	int fd = open(BH_DEVICE, O_RDWR);

	if (fd < 0)
		cli_error("cannot open %s: %s%s", BH_DEVICE, strerror(errno),
			  errno == ENOENT ? " (is bulkhead.ko loaded?)" : "");
	return fd;
}

static int run_enable(int argc, char **argv)
{
	struct bh_enable_args args = { 0 };
	struct config_error verr;
	struct config cfg;
	char err[512];
	size_t size;
	int ret;

	if (argc != 2)
		return cli_usage_error("expects one system config");
	if (config_load(argv[1], &cfg, err, sizeof(err)))
		return cli_error("%s", err);
	if (config_expect_kind(&cfg, CONFIG_SYSTEM) ||
	    (config_check_system(&cfg.sys, &verr) &&
	     config_report(&cfg, verr.msg))) {
		config_release(&cfg);
		return 1;
	}
	args.config = (uintptr_t)config_desc(&cfg, &size);
	args.config_size = size;
	ret = driver_ioctl(BH_IOCTL_ENABLE, &args, "enable", args.reason);
	config_release(&cfg);
	if (!ret)
		printf("Bulkhead enabled\n");
	return ret;
}

static int run_disable(int argc, char **argv)
{
	struct bh_disable_args args = { 0 };
	int ret;

	(void)argv;
	if (argc != 1)
		return cli_usage_error("takes no arguments");
	ret = driver_ioctl(BH_IOCTL_DISABLE, &args, "disable", args.reason);
	if (!ret)
		printf("Bulkhead disabled\n");
	return ret;
}

/*
 * What the ring holds, and after it the count of bytes ever written (the
 * driver's file position), for --position and --from: a position counts
 * every byte, so it names the same place however often the ring wrapped.
 */
static int console_positioned(int fd, bool print_position, uint64_t from)
{
	static char ring[BH_CONSOLE_SIZE + 4096];
	size_t len = 0, skip = 0;
	uint64_t written;
	ssize_t n;
	off_t pos;

	while ((n = read(fd, ring + len, sizeof(ring) - len)) > 0)
		len += (size_t)n;
	pos = lseek(fd, 0, SEEK_CUR);
	close(fd);
	if (n < 0 || pos < 0)
		return cli_error("console: %s", strerror(errno));
	written = (uint64_t)pos;
	if (print_position) {
		printf("%llu\n", (unsigned long long)written);
		return 0;
	}
	/*
	 * The ring holds [written - len, written). A position older than
	 * that gets all of it; one past the end is of an earlier run (a new
	 * run counts from 0), so all of it is new too.
	 */
	if (from <= written && from > written - len)
		skip = len - (size_t)(written - from);
	fwrite(ring + skip, 1, len - skip, stdout);
	return 0;
}

static int run_console(int argc, char **argv)
{
	bool follow = false, position = false, have_from = false;
	unsigned long long from = 0;
	char buf[4096], *end;
	ssize_t n;
	int fd;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f")) {
			follow = true;
		} else if (!strcmp(argv[i], "--position")) {
			position = true;
		} else if (!strcmp(argv[i], "--from") && i + 1 < argc) {
			errno = 0;
			from = strtoull(argv[++i], &end, 10);
			if (errno || *end || !*argv[i])
				return cli_usage_error(
					"--from: '%s' is not a position",
					argv[i]);
			have_from = true;
		} else {
			return cli_usage_error("unknown argument '%s'",
					       argv[i]);
		}
	}
	if (follow + position + have_from > 1)
		return cli_usage_error(
			"-f, --position and --from go one at a time");
	fd = driver_open();
	if (fd < 0)
		return 1;
	if (position || have_from)
		return console_positioned(fd, position, from);
	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			close(fd);
			return cli_error("console: %s", strerror(errno));
		}
		if (n > 0) {
			fwrite(buf, 1, n, stdout);
			continue;
		}
		if (!follow)
			break;
		fflush(stdout);
		usleep(100000);
	}
	close(fd);
	return 0;
}

const struct command cmd_enable = {
	.name = "enable",
	.run = run_enable,
	.usage = "SYSCONFIG",
	.help = "start the hypervisor with Linux as the root cell\n"
		"SYSCONFIG is a system config (YAML, or compiled). Every CPU\n"
		"it lists must be online, and its hypervisor and cell memory\n"
		"must be reserved with memmap= on the kernel command line.",
};

const struct command cmd_disable = {
	.name = "disable",
	.run = run_disable,
	.usage = "",
	.help = "stop the hypervisor; Linux continues on bare metal",
};

const struct command cmd_console = {
	.name = "console",
	.run = run_console,
	.usage = "[-f | --position | --from POS]",
	.help = "print the hypervisor console\n"
		"-f keeps printing new output until interrupted.\n"
		"--position prints how many bytes the console has had so far;\n"
		"--from POS prints what came from that position on, as far as\n"
		"the ring still holds it.",
};
