// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The seqlock of a measurement window (bench/stats/window.h). Freestanding:
 * the compiler's memcpy and memset are the only calls.
 */
#include <stddef.h>

#include <stats/hist.h>
#include <stats/window.h>

/*
 * Keeps the compiler from moving memory accesses across it. On x86 this is
 * enough between the seq stores and the data stores (stores are seen by
 * other CPUs in program order) and between the seq loads and the data
 * loads (loads are not reordered with older loads).
 */
static inline void barrier(void)
{
	__asm__ volatile("" ::: "memory");
}

static inline void cpu_relax(void)
{
	__asm__ volatile("pause" ::: "memory");
}

void window_begin_update(struct bh_probe_window *w)
{
	w->seq = w->seq | 1;
	barrier();
}

void window_end_update(struct bh_probe_window *w)
{
	barrier();
	w->seq = w->seq + 1;
}

/*
 * How many leading counts of @h (a copy of the source's header) can be
 * non-empty: none when n is 0, else up to max_ns's bucket, since
 * hist_add() never counts above it. The seq check makes the header and the
 * counts one state, so this holds for the copy as a whole. Bounded by
 * `buckets` and BH_HIST_MAX_BUCKETS, which a torn or corrupted header
 * could have wrong.
 */
static uint32_t used_buckets(const struct bh_hist *h)
{
	uint32_t used = h->buckets;

	if (used > BH_HIST_MAX_BUCKETS)
		used = BH_HIST_MAX_BUCKETS;
	if (!h->n)
		return 0;
	if (h->unit_ns && h->max_ns / h->unit_ns < used)
		used = h->max_ns / h->unit_ns + 1;
	return used;
}

/*
 * The source is read with memcpy through a pointer with volatile cast away
 * (plain()): memcpy reads each byte once, into a copy nothing reads before
 * the seq check, and whatever it read while the writer was busy is thrown
 * away when seq turns out to have moved. The memcpy calls sit between the
 * barriers, so the compiler cannot move them past the seq loads.
 */
static inline const void *plain(const volatile void *p)
{
	return (const void *)(uintptr_t)p;
}

static void copy_hist(struct bh_hist *dst, const volatile struct bh_hist *src)
{
	__builtin_memcpy(dst, plain(src), offsetof(struct bh_hist, count));
	/*
	 * The writer is another cell: whatever it claims, every reader of
	 * the copy may loop over `buckets` counts. The histogram's other
	 * fields are left as found, for hist_consistent() to judge.
	 */
	if (dst->buckets > BH_HIST_MAX_BUCKETS)
		dst->buckets = BH_HIST_MAX_BUCKETS;
	__builtin_memcpy(dst->count, plain(src->count),
			 used_buckets(dst) * sizeof(dst->count[0]));
}

static void zero_unused(struct bh_hist *h)
{
	uint32_t used = used_buckets(h);

	__builtin_memset(&h->count[used], 0,
			 (BH_HIST_MAX_BUCKETS - used) * sizeof(h->count[0]));
}

bool window_snapshot(const volatile struct bh_probe_window *src,
		     struct bh_probe_window *dst, unsigned int tries)
{
	uint32_t before, after;

	while (tries--) {
		before = src->seq;
		if (before & 1) {
			cpu_relax();
			continue;
		}
		barrier();
		__builtin_memcpy(dst, plain(src),
				 offsetof(struct bh_probe_window, lat));
		copy_hist(&dst->lat, &src->lat);
		copy_hist(&dst->exec, &src->exec);
		barrier();
		after = src->seq;
		if (after == before) {
			dst->seq = before;
			zero_unused(&dst->lat);
			zero_unused(&dst->exec);
			return true;
		}
		cpu_relax();
	}
	return false;
}

void window_reset(struct bh_probe_window *w, uint32_t lat_unit,
		  uint32_t exec_unit)
{
	window_begin_update(w);
	w->index = 0;
	w->start_ns = 0;
	w->end_ns = 0;
	w->periods = 0;
	w->missed = 0;
	w->result_errors = 0;
	w->regulated = 0;
	w->reg_refused = 0;
	hist_init(&w->lat, lat_unit, 0);
	hist_init(&w->exec, exec_unit, 0);
	window_end_update(w);
}

void window_rotate(struct bh_probe_window *live, struct bh_probe_window *last,
		   uint64_t now_ns)
{
	uint32_t seq, index = live->index;

	window_begin_update(last);
	seq = last->seq;
	live->end_ns = now_ns;
	__builtin_memcpy(last, live, sizeof(*live));
	/* the copy brought live's sequence number; readers go by last's */
	last->seq = seq;
	window_end_update(last);

	window_reset(live, live->lat.unit_ns, live->exec.unit_ns);
	window_begin_update(live);
	live->index = index + 1;
	live->start_ns = now_ns;
	window_end_update(live);
}
