// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: how uio_ivshmem answers mappings of one map of /dev/uioN.
 *   uio-mmap DEVICE MAP
 * maps page MAP read-only, then tries PROT_WRITE, then mprotect() to write,
 * and prints one line each: "ro: ok", "rw: ok" or "rw: <errno name>",
 * "mprotect: ok" or "mprotect: <errno name>". Exit 0 unless the read-only
 * mapping or the open fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static const char *err_name(int e)
{
	return e == EACCES ? "EACCES" : e == EPERM ? "EPERM" : strerror(e);
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	off_t off;
	void *p;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: uio-mmap DEVICE MAP\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	off = (off_t)atoi(argv[2]) * page;

	p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, off);
	if (p == MAP_FAILED) {
		printf("ro: %s\n", err_name(errno));
		return 1;
	}
	printf("ro: ok\n");
	printf("mprotect: %s\n", mprotect(p, page, PROT_READ | PROT_WRITE) ?
					 err_name(errno) :
					 "ok");
	munmap(p, page);
	p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	printf("rw: %s\n", p == MAP_FAILED ? err_name(errno) : "ok");
	return 0;
}
