// SPDX-License-Identifier: GPL-2.0
/*
 * The root cell's ivshmem devices through uio_ivshmem (ivshmem_uio.h):
 * discovery in sysfs, mappings, doorbells and interrupts, shared by the
 * ivshmem and bench commands.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <bulkhead/ivshmem.h>

#include "cli.h"
#include "ivshmem_uio.h"

#define UIO_DRIVER "uio_ivshmem"
#define MAX_UIO_MAPS 5
#define MAX_DEVICES 64

static const char *const ivdev_map_names[NUM_SECS] = {
	"registers",	  "state_table",    "rw_section",
	"input_sections", "output_section",
};

/* What user space may do with each map; the driver refuses the rest. */
static const bool ivdev_map_writable[NUM_SECS] = { true, false, true, false,
						   true };

static long page_size;

/* --- sysfs and /dev --- */

static void root_path(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void root_path(char *buf, size_t len, const char *fmt, ...)
{
	const char *root = getenv("BULKHEAD_IVSHMEM_ROOT");
	int n = snprintf(buf, len, "%s", root ? root : "");
	va_list ap;

	if (n < 0 || (size_t)n >= len)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

/* The first line of a sysfs file, without its newline; -1 if unreadable. */
static int read_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return -1;
	ok = fgets(buf, len, f) != NULL;
	fclose(f);
	if (!ok)
		return -1;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int uio_number(const char *name)
{
	char *end;
	long n;

	if (strncmp(name, "uio", 3) || !name[3])
		return -1;
	n = strtol(name + 3, &end, 10);
	return *end || n < 0 || n > INT_MAX ? -1 : (int)n;
}

static int by_uio_number(const struct dirent **a, const struct dirent **b)
{
	return uio_number((*a)->d_name) - uio_number((*b)->d_name);
}

static int is_uio_node(const struct dirent *d)
{
	return uio_number(d->d_name) >= 0;
}

static int count_entries(const char *dir)
{
	struct dirent *e;
	int n = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* Fills @d from /sys/class/uio/@node; false if it is not uio_ivshmem's. */
static bool describe(const char *node, struct ivdev *d)
{
	char path[PATH_MAX], link[PATH_MAX], line[128];
	const char *base;
	ssize_t n;

	root_path(path, sizeof(path), "/sys/class/uio/%s/name", node);
	if (read_line(path, line, sizeof(line)) || strcmp(line, UIO_DRIVER))
		return false;
	memset(d, 0, sizeof(*d));
	d->fd = -1;
	snprintf(d->node, sizeof(d->node), "%.31s", node);

	root_path(path, sizeof(path), "/sys/class/uio/%s/device", node);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	base = strrchr(link, '/');
	snprintf(d->bdf, sizeof(d->bdf), "%.63s",
		 n <= 0 ? "?" :
		 base	? base + 1 :
			  link);

	root_path(path, sizeof(path), "/sys/class/uio/%s/device/class", node);
	d->protocol = read_line(path, line, sizeof(line)) ?
			      -1 :
			      (int)(strtoul(line, NULL, 0) & 0xffff);
	root_path(path, sizeof(path), "/sys/class/uio/%s/device/msi_irqs",
		  node);
	d->vectors = count_entries(path);

	for (int s = 0; s < NUM_SECS; s++)
		d->map[s].index = -1;
	for (int k = 0; k < MAX_UIO_MAPS; k++) {
		root_path(path, sizeof(path),
			  "/sys/class/uio/%s/maps/map%d/name", node, k);
		if (read_line(path, line, sizeof(line)))
			break;
		for (int s = 0; s < NUM_SECS; s++) {
			if (strcmp(line, ivdev_map_names[s]))
				continue;
			root_path(path, sizeof(path),
				  "/sys/class/uio/%s/maps/map%d/size", node, k);
			if (read_line(path, line, sizeof(line)))
				break;
			d->map[s].index = k;
			d->map[s].size = strtoull(line, NULL, 0);
		}
	}
	return true;
}

/* uio_ivshmem's devices by uio number; -1 after an error message. */
static int scan_devices(struct ivdev *devs, int max, bool report)
{
	struct dirent **names;
	char dir[PATH_MAX];
	int n, found = 0;

	root_path(dir, sizeof(dir), "/sys/class/uio");
	n = scandir(dir, &names, is_uio_node, by_uio_number);
	if (n < 0)
		n = 0;
	for (int i = 0; i < n; i++) {
		if (found < max && describe(names[i]->d_name, &devs[found]))
			found++;
		free(names[i]);
	}
	if (n)
		free(names);
	if (!found && report) {
		cli_error(
			"no ivshmem device: no /sys/class/uio/uioN is named " UIO_DRIVER
			" (is uio_ivshmem.ko loaded and the hypervisor enabled?)");
		return -1;
	}
	return found;
}

int ivdev_scan(struct ivdev *devs, int max)
{
	return scan_devices(devs, max, true);
}

/* @sel: uioN, a full BDF (0000:00:0e.0) or one without domain (00:0e.0). */
bool ivdev_matches(const struct ivdev *d, const char *sel)
{
	size_t bl = strlen(d->bdf), sl = strlen(sel);

	return !strcmp(d->node, sel) || !strcmp(d->bdf, sel) ||
	       (sl < bl && !strcmp(d->bdf + bl - sl, sel) &&
		d->bdf[bl - sl - 1] == ':');
}

/* The device @sel names, or the first; 0, or 1 after an error message. */
int ivdev_find(const char *sel, struct ivdev *out)
{
	static struct ivdev devs[MAX_DEVICES];
	int n = ivdev_scan(devs, MAX_DEVICES);

	if (n < 0)
		return 1;
	for (int i = 0; i < n; i++) {
		if (!sel || ivdev_matches(&devs[i], sel)) {
			*out = devs[i];
			return 0;
		}
	}
	return cli_error("no ivshmem device '%s' (see 'bulkhead ivshmem list')",
			 sel);
}

void ivdev_close(struct ivdev *d)
{
	for (int s = 0; s < NUM_SECS; s++) {
		if (d->mem[s])
			munmap(d->mem[s], d->map[s].size);
		d->mem[s] = NULL;
	}
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

/* Maps section @s; NULL after an error message. */
void *ivdev_map(struct ivdev *d, enum section s)
{
	int prot = PROT_READ | (ivdev_map_writable[s] ? PROT_WRITE : 0);
	void *p;

	if (d->mem[s])
		return d->mem[s];
	if (d->map[s].index < 0 || !d->map[s].size) {
		cli_error("%s: the device has no %s", d->node,
			  ivdev_map_names[s]);
		return NULL;
	}
	p = mmap(NULL, d->map[s].size, prot, MAP_SHARED, d->fd,
		 (off_t)d->map[s].index * page_size);
	if (p == MAP_FAILED) {
		cli_error("%s: cannot map %s (map%d, %llu bytes): %s", d->node,
			  ivdev_map_names[s], d->map[s].index,
			  (unsigned long long)d->map[s].size, strerror(errno));
		return NULL;
	}
	d->mem[s] = p;
	return p;
}

volatile uint32_t *ivdev_reg(struct ivdev *d, unsigned int offset)
{
	return (volatile uint32_t *)((char *)d->mem[SEC_REGS] + offset);
}

/* Opens /dev/uioN and reads the identity registers; 0, or 1 after an error. */
int ivdev_open(struct ivdev *d)
{
	char path[PATH_MAX];

	page_size = sysconf(_SC_PAGESIZE);
	root_path(path, sizeof(path), "/dev/%s", d->node);
	d->fd = open(path, O_RDWR | O_CLOEXEC);
	if (d->fd < 0)
		return cli_error("cannot open /dev/%s: %s", d->node,
				 strerror(errno));
	if (d->map[SEC_REGS].size < IVSHMEM_BAR0_SIZE) {
		ivdev_close(d);
		return cli_error("%s: no %u-byte 'registers' map in sysfs",
				 d->node, IVSHMEM_BAR0_SIZE);
	}
	if (!ivdev_map(d, SEC_REGS)) {
		ivdev_close(d);
		return 1;
	}
	d->id = *ivdev_reg(d, IVSHMEM_REG_ID);
	d->peers = *ivdev_reg(d, IVSHMEM_REG_MAX_PEERS);
	if (d->peers < 2 || d->peers > 65536 || d->id >= d->peers) {
		ivdev_close(d);
		return cli_error(
			"%s: registers read ID %u, Max Peers %u: the device does not answer as an ivshmem device",
			d->node, d->id, d->peers);
	}
	return 0;
}

/* Bytes per peer's output section, from the input map (all of them). */
uint64_t ivdev_output_size(const struct ivdev *d)
{
	return d->map[SEC_INPUT].index < 0 ? 0 :
					     d->map[SEC_INPUT].size / d->peers;
}

/* Peer @peer's output section (read-only); NULL after an error. */
const volatile uint8_t *ivdev_peer_output(struct ivdev *d, uint64_t peer)
{
	const uint8_t *in;

	if (peer >= d->peers) {
		cli_error("%s: peer %llu: the device has peers 0-%u", d->node,
			  (unsigned long long)peer, d->peers - 1);
		return NULL;
	}
	in = ivdev_map(d, SEC_INPUT);
	return in ? in + peer * ivdev_output_size(d) : NULL;
}

/*
 * Re-arms the device (one-shot mode) and waits for its next event until
 * @deadline (0: none). 1 on an event, 0 on timeout, -1 after an error.
 */
int ivdev_wait_event(struct ivdev *d, uint64_t deadline, uint32_t *events)
{
	struct pollfd pfd = { .fd = d->fd, .events = POLLIN };
	const uint32_t on = IVSHMEM_INT_ENABLE;
	int r;

	if (write(d->fd, &on, sizeof(on)) != sizeof(on)) {
		cli_error("%s: cannot enable interrupts: %s", d->node,
			  strerror(errno));
		return -1;
	}
	for (;;) {
		int ms = -1;

		if (deadline) {
			uint64_t t = cli_now_ns();

			if (t >= deadline)
				return 0;
			ms = (int)((deadline - t + 999999) / 1000000);
		}
		r = poll(&pfd, 1, ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			cli_error("%s: poll: %s", d->node, strerror(errno));
			return -1;
		}
		if (r == 0)
			continue;
		if (read(d->fd, events, sizeof(*events)) != sizeof(*events)) {
			cli_error("%s: read: %s", d->node, strerror(errno));
			return -1;
		}
		return 1;
	}
}

static int find_protocol(unsigned int protocol, struct ivdev *out)
{
	static struct ivdev devs[MAX_DEVICES];
	int n = scan_devices(devs, MAX_DEVICES, false);

	for (int i = 0; i < n; i++) {
		if (devs[i].protocol == (int)protocol) {
			*out = devs[i];
			return 0;
		}
	}
	return -1;
}

/*
 * uio_ivshmem binds protocol 0 by itself; a device of another protocol is
 * bound by telling the driver its class (docs/ivshmem.md). The write
 * probes matching devices at once; the ID stays for later devices.
 */
static void bind_protocol(unsigned int protocol)
{
	char path[PATH_MAX];
	FILE *f;

	root_path(path, sizeof(path), "/sys/bus/pci/drivers/%s/new_id",
		  UIO_DRIVER);
	f = fopen(path, "w");
	if (!f)
		return;
	/* an ID the driver already has is refused with EEXIST: fine */
	fprintf(f, "%04x %04x ffffffff ffffffff %02x%04x ffffff\n",
		IVSHMEM_VENDOR_ID, IVSHMEM_DEVICE_ID, IVSHMEM_CLASS,
		protocol & 0xffff);
	fclose(f);
}

int ivdev_find_protocol(unsigned int protocol, struct ivdev *out)
{
	if (!find_protocol(protocol, out))
		return 0;
	bind_protocol(protocol);
	if (!find_protocol(protocol, out))
		return 0;
	return cli_error(
		"no ivshmem device with protocol 0x%04x bound to " UIO_DRIVER
		" (see 'bulkhead ivshmem list')",
		protocol);
}

int ivdev_ring(struct ivdev *d, uint32_t peer, uint32_t vector)
{
	if (peer >= d->peers)
		return cli_error("%s: peer %u: the device has peers 0-%u",
				 d->node, peer, d->peers - 1);
	*ivdev_reg(d, IVSHMEM_REG_DOORBELL) = vector | peer << 16;
	return 0;
}
