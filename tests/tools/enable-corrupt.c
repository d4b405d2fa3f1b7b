// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: hands the driver a compiled system config with one field made
 * invalid, past the CLI's own checks, so the hypervisor's validation (and
 * its way back to Linux on every CPU) is what refuses it.
 * Usage: enable-corrupt COMPILED-SYSCONFIG
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <bulkhead/config.h>
#include <bulkhead/ioctl.h>

int main(int argc, char **argv)
{
	struct bh_enable_args args = { 0 };
	struct bh_system_desc d;
	FILE *f;
	int fd, ret;

	if (argc != 2 || !(f = fopen(argv[1], "rb")) ||
	    fread(&d, sizeof(d), 1, f) != 1) {
		fprintf(stderr, "usage: enable-corrupt COMPILED-SYSCONFIG\n");
		return 2;
	}
	fclose(f);
	d.pci_mmconfig.start_bus = 5;
	d.pci_mmconfig.end_bus = 3;
	fd = open("/dev/bulkhead", O_RDWR);
	if (fd < 0) {
		perror("/dev/bulkhead");
		return 2;
	}
	args.config = (unsigned long)&d;
	args.config_size = sizeof(d);
	ret = ioctl(fd, BH_IOCTL_ENABLE, &args);
	close(fd);
	printf("enable-corrupt: ioctl %s: %s\n", ret ? "refused" : "accepted",
	       args.reason);
	return ret ? 1 : 0;
}
