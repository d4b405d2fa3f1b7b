// SPDX-License-Identifier: GPL-2.0
/*
 * YAML configs to binary descriptors, with libyaml's document API.
 *
 * Each mapping is described by a table of its keys; parse_mapping() walks
 * the file's keys against it, so that a misspelt key is an error instead of
 * a silently ignored setting, and a missing required key is reported at the
 * mapping that lacks it. While walking, the current field path
 * ("root-cell.memory[1].size") is kept for messages, and every field's line
 * is recorded so that later validation errors can point into the file too.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "config_yaml.h"

#define PATH_LEN 256
#define MAX_CPU (BH_MAX_CPUS - 1)
#define NKEYS(keys) (sizeof(keys) / sizeof((keys)[0]))

struct yctx {
	const char *file;
	yaml_document_t *doc;
	struct config *cfg;
	char path[PATH_LEN];
	size_t path_len;
	char *err;
	size_t errlen;
	/*
	 * Line of the key (or list item) whose value is being parsed, 0 at
	 * the top: "memory:" is where a user looks for what memory lacks.
	 */
	unsigned long field_line;
};

typedef int (*parse_fn)(struct yctx *c, yaml_node_t *n, void *obj);

struct key_spec {
	const char *key;
	bool required;
	parse_fn parse;
};

static int vyerr(struct yctx *c, unsigned long line, const char *fmt,
		 va_list ap)
{
	size_t off;

	off = (size_t)snprintf(c->err, c->errlen, "%s:%lu: ", c->file, line);
	if (c->path_len && off < c->errlen)
		off += (size_t)snprintf(c->err + off, c->errlen - off,
					"%s: ", c->path);
	if (off < c->errlen)
		vsnprintf(c->err + off, c->errlen - off, fmt, ap);
	return -EINVAL;
}

static int yerr(struct yctx *c, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An error in the value @n: its own line. */
static int yerr(struct yctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vyerr(c, (unsigned long)n->start_mark.line + 1, fmt, ap);
	va_end(ap);
	return ret;
}

static int yerr_field(struct yctx *c, unsigned long line, const yaml_node_t *n,
		      const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* An error about a whole mapping or list: the line of its key. */
static int yerr_field(struct yctx *c, unsigned long line, const yaml_node_t *n,
		      const char *fmt, ...)
{
	va_list ap;
	int ret;

	if (!line)
		line = (unsigned long)n->start_mark.line + 1;
	va_start(ap, fmt);
	ret = vyerr(c, line, fmt, ap);
	va_end(ap);
	return ret;
}

static int record_line(struct yctx *c, unsigned long line)
{
	struct config *cfg = c->cfg;
	struct config_line *lines;
	char *path;

	if (!c->path_len)
		return 0;
	lines = realloc(cfg->lines, (cfg->num_lines + 1) * sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	cfg->lines = lines;
	path = strdup(c->path);
	if (!path)
		return -ENOMEM;
	lines[cfg->num_lines].path = path;
	lines[cfg->num_lines].line = line;
	cfg->num_lines++;
	return 0;
}

/*
 * Extends the path by ".key" or "[index]" and records where that field is.
 * Returns the old length, for path_pop().
 */
static size_t path_push(struct yctx *c, const char *key, size_t index)
{
	size_t mark = c->path_len;
	int len;

	if (key)
		len = snprintf(c->path + mark, PATH_LEN - mark, "%s%s",
			       mark ? "." : "", key);
	else
		len = snprintf(c->path + mark, PATH_LEN - mark, "[%zu]", index);
	c->path_len += (size_t)len < PATH_LEN - mark ? (size_t)len :
						       PATH_LEN - mark - 1;
	return mark;
}

static void path_pop(struct yctx *c, size_t mark)
{
	c->path_len = mark;
	c->path[mark] = '\0';
}

static yaml_node_t *node_at(struct yctx *c, int index)
{
	return yaml_document_get_node(c->doc, index);
}

static const char *node_kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a single value";
	}
}

/* `key:` with nothing after it, or ~ or null. */
static bool is_null(const yaml_node_t *n)
{
	const char *v;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	v = (const char *)n->data.scalar.value;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null");
}

static int scalar(struct yctx *c, const yaml_node_t *n, const char **out)
{
	const char *v;

	/* Set on failure too: callers' error paths may print it. */
	*out = "";
	if (n->type != YAML_SCALAR_NODE)
		return yerr(c, n, "expected a single value, found %s",
			    node_kind(n));
	v = (const char *)n->data.scalar.value;
	if (strlen(v) != n->data.scalar.length)
		return yerr(c, n, "contains a NUL character");
	*out = v;
	return 0;
}

static void key_list(char *buf, size_t len, const struct key_spec *keys,
		     size_t nkeys)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < nkeys && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
					i ? ", " : "", keys[i].key);
}

/*
 * Walks a mapping against its key table, calling each key's parser with
 * @obj. @seen (may be NULL) gets bit i set for keys[i] present.
 */
static int parse_mapping(struct yctx *c, yaml_node_t *n,
			 const struct key_spec *keys, size_t nkeys, void *obj,
			 unsigned int *seen)
{
	unsigned long line = c->field_line;
	unsigned int present = 0;
	yaml_node_pair_t *pair;
	char expected[256];
	int ret;

	if (n->type != YAML_MAPPING_NODE)
		return yerr(c, n, "expected a mapping (key: value), found %s",
			    node_kind(n));

	for (pair = n->data.mapping.pairs.start;
	     pair < n->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node_at(c, pair->key);
		yaml_node_t *v = node_at(c, pair->value);
		const char *key;
		size_t i, mark;

		if (k->type != YAML_SCALAR_NODE)
			return yerr(c, k, "a key must be a word, found %s",
				    node_kind(k));
		ret = scalar(c, k, &key);
		if (ret)
			return ret;
		for (i = 0; i < nkeys; i++)
			if (!strcmp(keys[i].key, key))
				break;

		mark = path_push(c, key, 0);
		if (i == nkeys) {
			key_list(expected, sizeof(expected), keys, nkeys);
			return yerr(c, k, "unknown key (expected one of: %s)",
				    expected);
		}
		if (present & (1u << i))
			return yerr(c, k, "duplicate key");
		present |= 1u << i;
		c->field_line = (unsigned long)k->start_mark.line + 1;
		ret = record_line(c, c->field_line);
		if (!ret)
			ret = keys[i].parse(c, v, obj);
		if (ret)
			return ret;
		path_pop(c, mark);
	}

	for (size_t i = 0; i < nkeys; i++)
		if (keys[i].required && !(present & (1u << i)))
			return yerr_field(c, line, n, "missing key '%s'",
					  keys[i].key);
	if (seen)
		*seen = present;
	return 0;
}

typedef int (*item_fn)(struct yctx *c, yaml_node_t *n, void *obj, size_t index);

/* A list of at most @max items; null counts as empty. */
static int parse_list(struct yctx *c, yaml_node_t *n, size_t max,
		      const char *what, item_fn fn, void *obj, uint32_t *count)
{
	unsigned long line = c->field_line;
	yaml_node_item_t *item;
	size_t len;
	int ret;

	if (is_null(n)) {
		*count = 0;
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return yerr(c, n, "expected a list, found %s", node_kind(n));
	len = (size_t)(n->data.sequence.items.top -
		       n->data.sequence.items.start);
	if (len > max)
		return yerr_field(c, line, n, "%zu %s, at most %zu", len, what,
				  max);

	for (item = n->data.sequence.items.start;
	     item < n->data.sequence.items.top; item++) {
		size_t i = (size_t)(item - n->data.sequence.items.start);
		yaml_node_t *v = node_at(c, *item);
		size_t mark = path_push(c, NULL, i);

		c->field_line = (unsigned long)v->start_mark.line + 1;
		ret = record_line(c, c->field_line);
		if (!ret)
			ret = fn(c, v, obj, i);
		if (ret)
			return ret;
		path_pop(c, mark);
	}
	*count = (uint32_t)len;
	return 0;
}

static int digit_value(char ch, unsigned int base)
{
	int d;

	if (ch >= '0' && ch <= '9')
		d = ch - '0';
	else if (ch >= 'a' && ch <= 'f')
		d = ch - 'a' + 10;
	else if (ch >= 'A' && ch <= 'F')
		d = ch - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

/*
 * Decimal, or hex after 0x; '_' may separate digits. With @units, one
 * binary suffix K, M, G or T (either case) may follow. No octal: a
 * leading 0 means nothing, so 010 is ten.
 */
static bool parse_number(const char *s, bool units, uint64_t *out)
{
	unsigned int base = 10, shift = 0;
	uint64_t v = 0;
	int digits = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++) {
		int d = digit_value(*s, base);

		if (*s == '_' && digits && digit_value(s[1], base) >= 0)
			continue;
		if (d < 0)
			break;
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
		digits++;
	}
	if (!digits)
		return false;
	if (units && *s) {
		switch (*s) {
		case 'K':
		case 'k':
			shift = 10;
			break;
		case 'M':
		case 'm':
			shift = 20;
			break;
		case 'G':
		case 'g':
			shift = 30;
			break;
		case 'T':
		case 't':
			shift = 40;
			break;
		default:
			return false;
		}
		s++;
		if (v > UINT64_MAX >> shift)
			return false;
		v <<= shift;
	}
	if (*s)
		return false;
	*out = v;
	return true;
}

static int parse_size(struct yctx *c, yaml_node_t *n, uint64_t *out)
{
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, true, out))
		return yerr(
			c, n,
			"'%.60s' is not a size (like 4096, 0x1000, 4K, 16M, 2G)",
			v);
	return 0;
}

static int parse_address(struct yctx *c, yaml_node_t *n, uint64_t *out)
{
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, true, out))
		return yerr(c, n,
			    "'%.60s' is not an address (like 0x30000000 or 4G)",
			    v);
	return 0;
}

static int parse_port(struct yctx *c, yaml_node_t *n, uint16_t *out)
{
	uint64_t port;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, false, &port) || port > 0xffff)
		return yerr(c, n, "'%.60s' is not an I/O port (0 to 0xffff)",
			    v);
	*out = (uint16_t)port;
	return 0;
}

static int parse_name(struct yctx *c, yaml_node_t *n, char *name)
{
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (strlen(v) > BH_NAME_LEN - 1)
		return yerr(c, n, "'%.60s' is longer than %d characters", v,
			    BH_NAME_LEN - 1);
	memcpy(name, v, strlen(v) + 1);
	return 0;
}

/* "N" or "A-B", both ends at most @max. */
static bool parse_span(const char *v, uint64_t max, uint64_t *first,
		       uint64_t *last)
{
	const char *dash = strchr(v, '-');
	char lo[32];

	if (!dash) {
		if (!parse_number(v, false, first))
			return false;
		*last = *first;
		return *first <= max;
	}
	if ((size_t)(dash - v) >= sizeof(lo))
		return false;
	memcpy(lo, v, (size_t)(dash - v));
	lo[dash - v] = '\0';
	return parse_number(lo, false, first) &&
	       parse_number(dash + 1, false, last) && *first <= *last &&
	       *last <= max;
}

static int parse_cpu_item(struct yctx *c, yaml_node_t *n, void *obj,
			  size_t index)
{
	uint64_t *set = obj, first, last;
	const char *v;
	int ret = scalar(c, n, &v);

	(void)index;
	if (ret)
		return ret;
	if (!parse_span(v, MAX_CPU, &first, &last))
		return yerr(
			c, n,
			"'%.60s' is not a CPU or CPU range (like 3 or 0-3, CPUs 0 to %d)",
			v, MAX_CPU);
	for (uint64_t cpu = first; cpu <= last; cpu++)
		*set |= 1ull << cpu;
	return 0;
}

/* [0, 2-3], or a single 3 or 0-3. */
static int parse_cpus(struct yctx *c, yaml_node_t *n, uint64_t *set)
{
	uint32_t count;

	*set = 0;
	if (n->type == YAML_SCALAR_NODE && !is_null(n))
		return parse_cpu_item(c, n, set, 0);
	return parse_list(c, n, SIZE_MAX, "CPUs", parse_cpu_item, set, &count);
}

static const struct {
	const char *word;
	uint32_t flag;
} flag_words[] = {
	{ "read", BH_MEM_READ },
	{ "write", BH_MEM_WRITE },
	{ "execute", BH_MEM_EXECUTE },
	{ "dma", BH_MEM_DMA },
	{ "io", BH_MEM_IO },
	{ "comm-region", BH_MEM_COMM_REGION },
	{ "loadable", BH_MEM_LOADABLE },
	{ "root-shared", BH_MEM_ROOTSHARED },
};

static int parse_flag_item(struct yctx *c, yaml_node_t *n, void *obj,
			   size_t index)
{
	uint32_t *flags = obj;
	const char *v;
	int ret = scalar(c, n, &v);

	(void)index;
	if (ret)
		return ret;
	for (size_t i = 0; i < sizeof(flag_words) / sizeof(flag_words[0]);
	     i++) {
		if (strcmp(v, flag_words[i].word))
			continue;
		if (*flags & flag_words[i].flag)
			return yerr(c, n, "flag '%s' given twice", v);
		*flags |= flag_words[i].flag;
		return 0;
	}
	return yerr(
		c, n,
		"unknown flag '%.60s' (expected read, write, execute, dma, io, comm-region, loadable, root-shared)",
		v);
}

/* Memory regions. */

enum { REGION_NAME, REGION_START, REGION_GUEST, REGION_SIZE, REGION_FLAGS };

static int p_region_name(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_name(c, n, ((struct bh_mem_region *)obj)->name);
}

static int p_region_start(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_address(c, n, &((struct bh_mem_region *)obj)->phys_start);
}

static int p_region_guest(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_address(c, n, &((struct bh_mem_region *)obj)->virt_start);
}

static int p_region_size(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_size(c, n, &((struct bh_mem_region *)obj)->size);
}

static int p_region_flags(struct yctx *c, yaml_node_t *n, void *obj)
{
	uint32_t *flags = &((struct bh_mem_region *)obj)->flags, count;

	if (n->type == YAML_SCALAR_NODE && !is_null(n))
		return parse_flag_item(c, n, flags, 0);
	return parse_list(c, n, SIZE_MAX, "flags", parse_flag_item, flags,
			  &count);
}

static const struct key_spec region_keys[] = {
	[REGION_NAME] = { "name", false, p_region_name },
	[REGION_START] = { "start", true, p_region_start },
	[REGION_GUEST] = { "guest", false, p_region_guest },
	[REGION_SIZE] = { "size", true, p_region_size },
	[REGION_FLAGS] = { "flags", true, p_region_flags },
};

static int parse_region(struct yctx *c, yaml_node_t *n, void *obj, size_t index)
{
	struct bh_mem_region *r =
		&((struct bh_cell_desc *)obj)->mem_regions[index];
	unsigned int seen;
	int ret;

	ret = parse_mapping(c, n, region_keys, NKEYS(region_keys), r, &seen);
	if (ret)
		return ret;
	if (!(seen & (1u << REGION_GUEST)))
		r->virt_start = r->phys_start;
	return 0;
}

/* Port ranges. */

static int p_pio_start(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_port(c, n, &((struct bh_pio_region *)obj)->base);
}

static int p_pio_size(struct yctx *c, yaml_node_t *n, void *obj)
{
	uint64_t len;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, true, &len))
		return yerr(c, n, "'%.60s' is not a number of ports", v);
	/* The descriptor holds 16 bits; 0x10000 ports need two ranges. */
	if (len > 0xffff)
		return yerr(
			c, n,
			"0x%llx ports do not fit one range (at most 0xffff); split it",
			(unsigned long long)len);
	((struct bh_pio_region *)obj)->length = (uint16_t)len;
	return 0;
}

static const struct key_spec pio_keys[] = {
	{ "start", true, p_pio_start },
	{ "size", true, p_pio_size },
};

static int parse_pio(struct yctx *c, yaml_node_t *n, void *obj, size_t index)
{
	struct bh_cell_desc *cell = obj;

	return parse_mapping(c, n, pio_keys, NKEYS(pio_keys),
			     &cell->pio_regions[index], NULL);
}

/* ivshmem devices. */

#define IVSHMEM_DEFAULT_VECTORS 4

/* What a device's key parsers need beyond the descriptor. */
struct ivshmem_item {
	struct bh_ivshmem_desc *dev;
	bool root;
};

/* "BB:DD.F", all hex: bus 00-ff, device 00-1f, function 0-7. */
static bool parse_bdf_text(const char *v, uint16_t *bdf)
{
	int d[5];

	if (strlen(v) != 7 || v[2] != ':' || v[5] != '.')
		return false;
	d[0] = digit_value(v[0], 16);
	d[1] = digit_value(v[1], 16);
	d[2] = digit_value(v[3], 16);
	d[3] = digit_value(v[4], 16);
	d[4] = digit_value(v[6], 16);
	for (size_t i = 0; i < 5; i++)
		if (d[i] < 0)
			return false;
	if (d[2] > 1 || d[4] > 7)
		return false;
	*bdf = (uint16_t)((d[0] << 12) | (d[1] << 8) | (d[2] << 7) |
			  (d[3] << 3) | d[4]);
	return true;
}

/*
 * A plain number that fits the descriptor's 16 bits; which values make
 * sense is the validator's business, so that its rules live in one place.
 */
static int parse_u16(struct yctx *c, yaml_node_t *n, uint16_t *out)
{
	uint64_t v64;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, false, &v64) || v64 > 0xffff)
		return yerr(c, n, "'%.60s' is not a number from 0 to 0xffff",
			    v);
	*out = (uint16_t)v64;
	return 0;
}

/* As parse_u16, for the descriptor's 32-bit fields. */
static int parse_u32(struct yctx *c, yaml_node_t *n, uint32_t *out)
{
	uint64_t v64;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, false, &v64) || v64 > 0xffffffffull)
		return yerr(c, n,
			    "'%.60s' is not a number from 0 to 0xffffffff", v);
	*out = (uint32_t)v64;
	return 0;
}

static struct bh_ivshmem_desc *item_dev(void *obj)
{
	return ((struct ivshmem_item *)obj)->dev;
}

static int p_ivshmem_name(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_name(c, n, item_dev(obj)->name);
}

static int p_ivshmem_bdf(struct yctx *c, yaml_node_t *n, void *obj)
{
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_bdf_text(v, &item_dev(obj)->bdf))
		return yerr(
			c, n,
			"'%.60s' is not a PCI address BB:DD.F (hex bus 00-ff, device 00-1f, function 0-7; like 00:10.0)",
			v);
	return 0;
}

static int p_ivshmem_peers(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u16(c, n, &item_dev(obj)->max_peers);
}

static int p_ivshmem_id(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u16(c, n, &item_dev(obj)->peer_id);
}

static int p_ivshmem_protocol(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u16(c, n, &item_dev(obj)->protocol);
}

static int p_ivshmem_vectors(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u16(c, n, &item_dev(obj)->num_vectors);
}

enum { SHM_START, SHM_GUEST, SHM_STATE, SHM_RW, SHM_OUTPUT };

static int p_shm_start(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_address(c, n, &item_dev(obj)->phys_start);
}

static int p_shm_guest(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_address(c, n, &item_dev(obj)->virt_start);
}

static int p_shm_state(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_size(c, n, &item_dev(obj)->state_size);
}

static int p_shm_rw(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_size(c, n, &item_dev(obj)->rw_size);
}

static int p_shm_output(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_size(c, n, &item_dev(obj)->output_size);
}

static const struct key_spec shm_keys[] = {
	[SHM_START] = { "start", true, p_shm_start },
	[SHM_GUEST] = { "guest", false, p_shm_guest },
	[SHM_STATE] = { "state-table", true, p_shm_state },
	[SHM_RW] = { "rw", true, p_shm_rw },
	[SHM_OUTPUT] = { "output", true, p_shm_output },
};

static int p_ivshmem_memory(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct ivshmem_item *item = obj;
	unsigned long line = c->field_line;
	unsigned int seen;
	int ret;

	ret = parse_mapping(c, n, shm_keys, NKEYS(shm_keys), item, &seen);
	if (ret)
		return ret;
	if (seen & (1u << SHM_GUEST))
		return 0;
	/*
	 * The root cell is identity-mapped; any other cell's layout is its
	 * own, and no default would be right for it.
	 */
	if (!item->root)
		return yerr_field(
			c, line, n,
			"missing key 'guest' (only the root cell's devices default to start)");
	item->dev->virt_start = item->dev->phys_start;
	return 0;
}

static const struct key_spec ivshmem_keys[] = {
	{ "name", true, p_ivshmem_name },
	{ "bdf", true, p_ivshmem_bdf },
	{ "peers", true, p_ivshmem_peers },
	{ "id", true, p_ivshmem_id },
	{ "protocol", false, p_ivshmem_protocol },
	{ "vectors", false, p_ivshmem_vectors },
	{ "memory", true, p_ivshmem_memory },
};

static int parse_ivshmem(struct yctx *c, yaml_node_t *n, void *obj,
			 size_t index, bool root)
{
	struct ivshmem_item item = {
		.dev = &((struct bh_cell_desc *)obj)->ivshmem[index],
		.root = root,
	};

	item.dev->num_vectors = IVSHMEM_DEFAULT_VECTORS;
	return parse_mapping(c, n, ivshmem_keys, NKEYS(ivshmem_keys), &item,
			     NULL);
}

static int parse_root_ivshmem(struct yctx *c, yaml_node_t *n, void *obj,
			      size_t index)
{
	return parse_ivshmem(c, n, obj, index, true);
}

static int parse_cell_ivshmem(struct yctx *c, yaml_node_t *n, void *obj,
			      size_t index)
{
	return parse_ivshmem(c, n, obj, index, false);
}

static int p_root_ivshmem(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_cell_desc *cell = obj;

	return parse_list(c, n, BH_MAX_IVSHMEM, "devices", parse_root_ivshmem,
			  cell, &cell->num_ivshmem);
}

static int p_cell_ivshmem(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_cell_desc *cell = obj;

	return parse_list(c, n, BH_MAX_IVSHMEM, "devices", parse_cell_ivshmem,
			  cell, &cell->num_ivshmem);
}

/* Keys common to the root cell and other cells. */

static int p_cell_name(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_name(c, n, ((struct bh_cell_desc *)obj)->name);
}

static int p_cell_cpus(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_cpus(c, n, &((struct bh_cell_desc *)obj)->cpu_set);
}

static int p_cell_memory(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_cell_desc *cell = obj;

	return parse_list(c, n, BH_MAX_MEM_REGIONS, "regions", parse_region,
			  cell, &cell->num_mem_regions);
}

static int p_cell_pio(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_cell_desc *cell = obj;

	return parse_list(c, n, BH_MAX_PIO_REGIONS, "ranges", parse_pio, cell,
			  &cell->num_pio_regions);
}

static int p_cell_console_port(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_port(c, n, &((struct bh_cell_desc *)obj)->console_port);
}

static int p_cell_cache_ways(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u32(c, n, &((struct bh_cell_desc *)obj)->cache_ways);
}

/* Already read by config_yaml_parse() to choose the key table. */
static int p_kind(struct yctx *c, yaml_node_t *n, void *obj)
{
	(void)c;
	(void)n;
	(void)obj;
	return 0;
}

static const struct key_spec root_cell_keys[] = {
	{ "name", true, p_cell_name },	      { "cpus", true, p_cell_cpus },
	{ "memory", true, p_cell_memory },    { "pio", false, p_cell_pio },
	{ "ivshmem", false, p_root_ivshmem },
};

static const struct key_spec cell_keys[] = {
	{ "kind", true, p_kind },
	{ "name", true, p_cell_name },
	{ "cpus", true, p_cell_cpus },
	{ "memory", true, p_cell_memory },
	{ "pio", false, p_cell_pio },
	{ "console-port", false, p_cell_console_port },
	{ "cache-ways", false, p_cell_cache_ways },
	{ "ivshmem", false, p_cell_ivshmem },
};

static void init_cell(struct bh_cell_desc *cell)
{
	memcpy(cell->signature, BH_CELL_SIGNATURE, BH_SIGNATURE_LEN);
	cell->version = BH_CONFIG_VERSION;
}

/* The system config. */

static int p_range_start(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_address(c, n, &((struct bh_phys_range *)obj)->phys_start);
}

static int p_range_size(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_size(c, n, &((struct bh_phys_range *)obj)->size);
}

static const struct key_spec range_keys[] = {
	{ "start", true, p_range_start },
	{ "size", true, p_range_size },
};

static int p_range(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_mapping(c, n, range_keys, NKEYS(range_keys), obj, NULL);
}

enum { CONSOLE_TYPE, CONSOLE_PORT, CONSOLE_BAUD };

static int p_console_type(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_console_desc *con = obj;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!strcmp(v, "none"))
		con->type = BH_CONSOLE_NONE;
	else if (!strcmp(v, "uart-pio"))
		con->type = BH_CONSOLE_UART_PIO;
	else
		return yerr(
			c, n,
			"unknown console type '%.60s' (expected none or uart-pio)",
			v);
	return 0;
}

static int p_console_port(struct yctx *c, yaml_node_t *n, void *obj)
{
	uint16_t port = 0;
	int ret = parse_port(c, n, &port);

	if (!ret)
		((struct bh_console_desc *)obj)->address = port;
	return ret;
}

static int p_console_baud(struct yctx *c, yaml_node_t *n, void *obj)
{
	uint64_t baud;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_number(v, false, &baud) || baud > UINT32_MAX)
		return yerr(c, n, "'%.60s' is not a baud rate", v);
	((struct bh_console_desc *)obj)->baud = (uint32_t)baud;
	return 0;
}

static const struct key_spec console_keys[] = {
	[CONSOLE_TYPE] = { "type", true, p_console_type },
	[CONSOLE_PORT] = { "port", false, p_console_port },
	[CONSOLE_BAUD] = { "baud", false, p_console_baud },
};

static int p_console(struct yctx *c, yaml_node_t *n, void *obj)
{
	unsigned long line = c->field_line;
	struct bh_console_desc *con = obj;
	unsigned int seen;
	int ret;

	ret = parse_mapping(c, n, console_keys, NKEYS(console_keys), con,
			    &seen);
	if (ret)
		return ret;
	if (con->type == BH_CONSOLE_UART_PIO && !(seen & (1u << CONSOLE_PORT)))
		return yerr_field(
			c, line, n,
			"missing key 'port' (type uart-pio needs it)");
	if (con->type == BH_CONSOLE_NONE && seen != 1u << CONSOLE_TYPE)
		return yerr_field(c, line, n,
				  "type none takes no port or baud");
	return 0;
}

static int p_hv_memory(struct yctx *c, yaml_node_t *n, void *obj)
{
	return p_range(c, n,
		       &((struct bh_system_desc *)obj)->hypervisor_memory);
}

static int p_hv_console(struct yctx *c, yaml_node_t *n, void *obj)
{
	return p_console(c, n, &((struct bh_system_desc *)obj)->console);
}

static const struct key_spec hypervisor_keys[] = {
	{ "memory", true, p_hv_memory },
	{ "console", false, p_hv_console },
};

static int p_hypervisor(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_mapping(c, n, hypervisor_keys, NKEYS(hypervisor_keys), obj,
			     NULL);
}

static int p_cell_memory_range(struct yctx *c, yaml_node_t *n, void *obj)
{
	return p_range(c, n, &((struct bh_system_desc *)obj)->cell_memory);
}

enum { MMCONFIG_START, MMCONFIG_BUSES };

static int p_mmconfig_start(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_address(c, n,
			     &((struct bh_pci_mmconfig *)obj)->phys_start);
}

static int p_mmconfig_buses(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_pci_mmconfig *mc = obj;
	uint64_t first, last;
	const char *v;
	int ret = scalar(c, n, &v);

	if (ret)
		return ret;
	if (!parse_span(v, 255, &first, &last))
		return yerr(
			c, n,
			"'%.60s' is not a bus range (like 0-255, buses 0 to 255)",
			v);
	mc->start_bus = (uint8_t)first;
	mc->end_bus = (uint8_t)last;
	return 0;
}

static const struct key_spec mmconfig_keys[] = {
	[MMCONFIG_START] = { "start", true, p_mmconfig_start },
	[MMCONFIG_BUSES] = { "buses", false, p_mmconfig_buses },
};

static int p_mmconfig(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_pci_mmconfig *mc =
		&((struct bh_system_desc *)obj)->pci_mmconfig;
	unsigned int seen;
	int ret;

	ret = parse_mapping(c, n, mmconfig_keys, NKEYS(mmconfig_keys), mc,
			    &seen);
	if (ret)
		return ret;
	if (!(seen & (1u << MMCONFIG_BUSES))) {
		mc->start_bus = 0;
		mc->end_bus = 255;
	}
	return 0;
}

static int parse_iommu(struct yctx *c, yaml_node_t *n, void *obj, size_t index)
{
	return p_range(c, n, &((struct bh_system_desc *)obj)->iommus[index]);
}

static int p_iommus(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_system_desc *sys = obj;

	return parse_list(c, n, BH_MAX_IOMMUS, "units", parse_iommu, sys,
			  &sys->num_iommus);
}

/* regulation: (docs/regulation.md); limits are the validator's. */
static struct bh_regulation_desc *reg_of(void *obj)
{
	return &((struct bh_system_desc *)obj)->regulation;
}

static int p_reg_max_hold(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u32(c, n, &reg_of(obj)->max_hold_us);
}

static int p_reg_min_run(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u32(c, n, &reg_of(obj)->min_run_us);
}

static int p_reg_duty_period(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u32(c, n, &reg_of(obj)->duty_period_us);
}

static int p_reg_duty_percent(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u32(c, n, &reg_of(obj)->duty_run_percent);
}

static int p_reg_take_up(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_u32(c, n, &reg_of(obj)->take_up_us);
}

static int parse_reg_cell(struct yctx *c, yaml_node_t *n, void *obj,
			  size_t index)
{
	return parse_name(c, n, reg_of(obj)->cells[index]);
}

static int p_reg_cells(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_list(c, n, BH_REG_MAX_CELLS, "cells", parse_reg_cell, obj,
			  &reg_of(obj)->num_cells);
}

static const struct key_spec regulation_keys[] = {
	{ "max-hold-us", true, p_reg_max_hold },
	{ "min-run-us", true, p_reg_min_run },
	{ "duty-period-us", false, p_reg_duty_period },
	{ "duty-run-percent", false, p_reg_duty_percent },
	{ "take-up-us", false, p_reg_take_up },
	{ "cells", true, p_reg_cells },
};

#define REG_KEY_TAKE_UP 4 /* its index in regulation_keys */

static int p_regulation(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_regulation_desc *r = reg_of(obj);
	unsigned int seen = 0;
	int ret;

	ret = parse_mapping(c, n, regulation_keys, NKEYS(regulation_keys), obj,
			    &seen);
	if (ret)
		return ret;
	/* the default is for hardware; regulation off keeps every field 0 */
	if (!(seen & (1u << REG_KEY_TAKE_UP)) && r->max_hold_us)
		r->take_up_us = BH_REG_TAKE_UP_DEFAULT_US;
	return 0;
}

static int p_root_cell(struct yctx *c, yaml_node_t *n, void *obj)
{
	struct bh_cell_desc *root = &((struct bh_system_desc *)obj)->root_cell;

	return parse_mapping(c, n, root_cell_keys, NKEYS(root_cell_keys), root,
			     NULL);
}

static int p_system_name(struct yctx *c, yaml_node_t *n, void *obj)
{
	return parse_name(c, n, ((struct bh_system_desc *)obj)->name);
}

static const struct key_spec system_keys[] = {
	{ "kind", true, p_kind },
	{ "name", true, p_system_name },
	{ "hypervisor", true, p_hypervisor },
	{ "cell-memory", true, p_cell_memory_range },
	{ "pci-mmconfig", false, p_mmconfig },
	{ "iommus", false, p_iommus },
	{ "regulation", false, p_regulation },
	{ "root-cell", true, p_root_cell },
};

/* The value of the top-level `kind` key, which selects the schema. */
static int read_kind(struct yctx *c, yaml_node_t *root, enum config_kind *kind)
{
	yaml_node_pair_t *pair;
	const char *v;
	int ret;

	if (root->type != YAML_MAPPING_NODE)
		return yerr(
			c, root,
			"expected a mapping (key: value) at the top, found %s",
			node_kind(root));
	for (pair = root->data.mapping.pairs.start;
	     pair < root->data.mapping.pairs.top; pair++) {
		yaml_node_t *k = node_at(c, pair->key);
		yaml_node_t *v_node = node_at(c, pair->value);
		size_t mark;

		if (k->type != YAML_SCALAR_NODE ||
		    strcmp((const char *)k->data.scalar.value, "kind"))
			continue;
		mark = path_push(c, "kind", 0);
		ret = scalar(c, v_node, &v);
		if (ret)
			return ret;
		if (!strcmp(v, "system"))
			*kind = CONFIG_SYSTEM;
		else if (!strcmp(v, "cell"))
			*kind = CONFIG_CELL;
		else
			return yerr(c, v_node,
				    "'%.60s' is neither system nor cell", v);
		path_pop(c, mark);
		return 0;
	}
	return yerr(c, root, "missing key 'kind' (system or cell)");
}

static int parse_document(struct yctx *c, yaml_node_t *root)
{
	struct config *cfg = c->cfg;
	int ret;

	ret = read_kind(c, root, &cfg->kind);
	if (ret)
		return ret;
	if (cfg->kind == CONFIG_CELL) {
		init_cell(&cfg->cell);
		return parse_mapping(c, root, cell_keys, NKEYS(cell_keys),
				     &cfg->cell, NULL);
	}
	memcpy(cfg->sys.signature, BH_SYSTEM_SIGNATURE, BH_SIGNATURE_LEN);
	cfg->sys.version = BH_CONFIG_VERSION;
	cfg->sys.size = sizeof(cfg->sys);
	init_cell(&cfg->sys.root_cell);
	return parse_mapping(c, root, system_keys, NKEYS(system_keys),
			     &cfg->sys, NULL);
}

static int syntax_error(const char *file, const yaml_parser_t *p, char *err,
			size_t errlen)
{
	unsigned long line = (unsigned long)p->problem_mark.line + 1;

	if (p->error == YAML_MEMORY_ERROR) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -ENOMEM;
	}
	if (p->error == YAML_READER_ERROR) {
		snprintf(err, errlen, "%s: byte %zu: %s", file,
			 p->problem_offset, p->problem ? p->problem : "?");
		return -EINVAL;
	}
	if (p->context)
		snprintf(err, errlen,
			 "%s:%lu: YAML syntax: %s (%s at line %lu)", file, line,
			 p->problem ? p->problem : "error", p->context,
			 (unsigned long)p->context_mark.line + 1);
	else
		snprintf(err, errlen, "%s:%lu: YAML syntax: %s", file, line,
			 p->problem ? p->problem : "error");
	return -EINVAL;
}

int config_yaml_parse(FILE *f, const char *file, struct config *cfg, char *err,
		      size_t errlen)
{
	struct yctx c = {
		.file = file, .cfg = cfg, .err = err, .errlen = errlen
	};
	yaml_document_t doc, extra;
	yaml_parser_t parser;
	yaml_node_t *root;
	int ret;

	if (!yaml_parser_initialize(&parser)) {
		snprintf(err, errlen, "%s: out of memory", file);
		return -ENOMEM;
	}
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		ret = syntax_error(file, &parser, err, errlen);
		yaml_parser_delete(&parser);
		return ret;
	}

	root = yaml_document_get_root_node(&doc);
	c.doc = &doc;
	if (!root) {
		snprintf(err, errlen, "%s: empty file, expected a config",
			 file);
		ret = -EINVAL;
	} else {
		ret = parse_document(&c, root);
	}

	/* A second document would be ignored: refuse it instead. */
	if (!ret) {
		if (!yaml_parser_load(&parser, &extra)) {
			ret = syntax_error(file, &parser, err, errlen);
		} else {
			root = yaml_document_get_root_node(&extra);
			if (root) {
				c.path_len = 0;
				c.path[0] = '\0';
				ret = yerr(
					&c, root,
					"a second YAML document; a config is one document");
			}
			yaml_document_delete(&extra);
		}
	}

	yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "%s: out of memory", file);
	return ret;
}
