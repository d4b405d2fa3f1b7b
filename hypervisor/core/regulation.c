// SPDX-License-Identifier: GPL-2.0
/*
 * Regulation of the root cell on request of a real-time cell
 * (docs/regulation.md).
 *
 * One request is active at a time, owned by one cell. A cell asks through
 * the reg_request word of its comm region; the root CPUs take changes up
 * at their exits (lazily: no exit of the cell's), and BH_HC_REGULATE
 * writes the word for the cell and kicks every root CPU at once.
 *
 * While a request is active, each root CPU takes an exit at every
 * external interrupt and at the time its mode says it must next be held
 * (arch_regulation_arm); at each exit it asks reg_decide() what to do. A
 * held CPU waits here: the first one spins as the hold's timekeeper and
 * watches the deadline and the owner's comm region, the others sleep
 * until the timekeeper wakes them with an NMI, which frees their host
 * cores under emulation and their power budget on hardware.
 *
 * The request itself is read by every root exit without the lock, under
 * a sequence count; changes are made under reg.lock.
 */
#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/printk.h>
#include <bh/ratelimit.h>
#include <bh/regulation.h>
#include <bh/rendezvous.h>
#include <bh/spinlock.h>
#include <bh/string.h>

static const char *const mode_names[BH_REG_NUM_MODES] = { "none", "stop",
							  "duty" };

static struct {
	struct spinlock lock;
	struct reg_params p;
	u64 tsc_khz;
	const struct bh_regulation_desc *desc;
	/* the request: odd seq while it changes */
	volatile u32 seq;
	struct cell *owner;
	u32 mode;
	u64 start;
	u32 gen; /* per granted request, never 0 */
	/* running non-root cells, by id, and the request each last made */
	struct cell *cells[MAX_CELLS];
	volatile u32 num_cells;
	volatile u32 seen[MAX_CELLS];
	/*
	 * Their comm regions, for a look without the lock at every root
	 * exit: a comm region is a page of cell memory, always mapped, so a
	 * pointer read just as its cell goes is still safe to read through.
	 */
	struct bh_comm_region *volatile comm[MAX_CELLS];
	/* refusal reasons printed per cell (REFUSED_*): each once */
	u32 refused[MAX_CELLS];
	/* holds: the spinning CPU (id + 1, 0 for none) and the sleepers */
	volatile u32 keeper;
	volatile u64 sleepers;
} reg;

#define REFUSED_EPERM BIT(0)
#define REFUSED_EINVAL BIT(1)
#define REFUSED_EBUSY BIT(2)

struct reg_snapshot {
	struct cell *owner;
	u32 mode, gen;
	u64 start;
};

void reg_params_from_desc(const struct bh_regulation_desc *d, u64 tsc_khz,
			  struct reg_params *p)
{
	p->max_hold = (u64)d->max_hold_us * tsc_khz / 1000;
	p->min_run = (u64)d->min_run_us * tsc_khz / 1000;
	p->period = (u64)d->duty_period_us * tsc_khz / 1000;
	p->run = p->period * d->duty_run_percent / 100;
	p->take_up = (u64)d->take_up_us * tsc_khz / 1000;
}

struct reg_decision reg_decide(const struct reg_params *p, u32 mode, u64 start,
			       u64 not_before, u64 now)
{
	struct reg_decision d = { false, 0 };
	u64 phase;

	switch (mode) {
	case BH_REG_STOP:
		if (now < not_before) {
			d.until = not_before;
		} else {
			d.hold = true;
			d.until = now + p->max_hold;
		}
		break;
	case BH_REG_DUTY:
		/* a request made in the future of this CPU's clock starts
		 * with a run phase */
		phase = now > start ? (now - start) % p->period : 0;
		if (phase < p->run) {
			d.until = now + (p->run - phase);
		} else {
			d.hold = true;
			d.until = now + (p->period - phase);
		}
		break;
	}
	return d;
}

static void snapshot(struct reg_snapshot *s)
{
	u32 seq;

	for (;;) {
		seq = __atomic_load_n(&reg.seq, __ATOMIC_ACQUIRE);
		if (!(seq & 1)) {
			s->owner = reg.owner;
			s->mode = reg.mode;
			s->gen = reg.gen;
			s->start = reg.start;
			__atomic_thread_fence(__ATOMIC_ACQUIRE);
			if (__atomic_load_n(&reg.seq, __ATOMIC_RELAXED) == seq)
				return;
		}
		arch_cpu_relax();
	}
}

/* Under reg.lock. */
static void set_request(struct cell *owner, u32 mode)
{
	__atomic_store_n(&reg.seq, reg.seq + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
	reg.owner = owner;
	reg.mode = owner ? mode : BH_REG_NONE;
	if (owner) {
		reg.start = arch_read_tsc();
		reg.gen = reg.gen + 1 ? reg.gen + 1 : 1;
	}
	__atomic_store_n(&reg.seq, reg.seq + 1, __ATOMIC_RELEASE);
}

void regulation_init(const struct bh_regulation_desc *d, u64 tsc_khz)
{
	spin_lock(&reg.lock);
	reg.desc = d;
	reg.tsc_khz = tsc_khz;
	reg_params_from_desc(d, tsc_khz, &reg.p);
	set_request(NULL, BH_REG_NONE);
	memset(reg.cells, 0, sizeof(reg.cells));
	reg.num_cells = 0;
	reg.keeper = 0;
	reg.sleepers = 0;
	spin_unlock(&reg.lock);
}

bool regulation_cell_may(const struct cell *cell)
{
	const struct bh_regulation_desc *d = reg.desc;

	if (!d || !d->max_hold_us || cell == &root_cell)
		return false;
	for (u32 i = 0; i < d->num_cells && i < BH_REG_MAX_CELLS; i++)
		if (!strncmp(d->cells[i], cell->desc->name, BH_REG_NAME_LEN))
			return true;
	return false;
}

static void refuse(struct cell *cell, int err, const char *why)
{
	u32 bit = err == EPERM ? REFUSED_EPERM :
		  err == EBUSY ? REFUSED_EBUSY :
				 REFUSED_EINVAL;

	cell->comm->reg_status = BH_REG_STATUS_REFUSED;
	cell->comm->reg_refusal = err;
	if (reg.refused[cell->id] & bit)
		return;
	reg.refused[cell->id] |= bit;
	printk("cell %s: regulation refused: %s\n", cell->desc->name, why);
}

/*
 * Under reg.lock: @cell now asks for @mode. Returns 1 when a new request
 * was granted (the root CPUs must be kicked), 0 when nothing changed or a
 * request ended, or a negative errno for a refusal (logged, and in the
 * cell's comm region).
 */
static int take_up(struct cell *cell, u32 mode)
{
	char why[96];

	/* a stopped cell's call still in flight asks for nothing */
	if (reg.cells[cell->id] != cell)
		return -EINVAL;
	reg.seen[cell->id] = mode;
	/* whatever else it now asks, its current request is over */
	if (reg.owner == cell && reg.mode != mode) {
		set_request(NULL, BH_REG_NONE);
		cell->comm->reg_status = BH_REG_STATUS_IDLE;
	}
	if (mode == BH_REG_NONE)
		return 0;
	if (!regulation_cell_may(cell)) {
		refuse(cell, EPERM,
		       "the system config's regulation does not name it");
		return -EPERM;
	}
	if (mode >= BH_REG_NUM_MODES ||
	    (mode == BH_REG_DUTY && !reg.p.period)) {
		snprintk(why, sizeof(why),
			 mode >= BH_REG_NUM_MODES ?
				 "mode %u is unknown" :
				 "mode %u (duty) is not configured",
			 mode);
		refuse(cell, EINVAL, why);
		return -EINVAL;
	}
	if (reg.owner && reg.owner != cell) {
		snprintk(why, sizeof(why), "cell %s's request is active",
			 reg.owner->desc->name);
		refuse(cell, EBUSY, why);
		return -EBUSY;
	}
	if (reg.owner == cell)
		return 0; /* the same mode again */
	set_request(cell, mode);
	reg.refused[cell->id] = 0;
	cell->comm->reg_status = BH_REG_STATUS_ACTIVE;
	cell->comm->reg_refusal = 0;
	cell->comm->reg_granted++;
	return 1;
}

/* The root CPUs other than @self take the request up at once. */
static void kick_root(struct per_cpu *self)
{
	for (unsigned int i = 0; i < MAX_CPUS; i++) {
		struct per_cpu *c = per_cpu(i);

		if (c != self && c->in_hv && c->cell == &root_cell)
			cpu_kick(c);
	}
}

void regulation_cell_started(struct cell *cell)
{
	if (!reg.p.max_hold || !cell->comm)
		return;
	spin_lock(&reg.lock);
	cell->comm->reg_request = BH_REG_NONE;
	cell->comm->reg_status = BH_REG_STATUS_IDLE;
	cell->comm->reg_refusal = 0;
	cell->comm->reg_granted = 0;
	reg.seen[cell->id] = BH_REG_NONE;
	reg.refused[cell->id] = 0;
	if (!reg.cells[cell->id]) {
		reg.cells[cell->id] = cell;
		reg.comm[cell->id] = cell->comm;
		reg.num_cells++;
	}
	spin_unlock(&reg.lock);
}

void regulation_cell_stopped(struct cell *cell)
{
	if (!reg.p.max_hold)
		return;
	spin_lock(&reg.lock);
	if (reg.owner == cell) {
		set_request(NULL, BH_REG_NONE);
		printk("cell %s: its regulation request ends with it\n",
		       cell->desc->name);
	}
	if (reg.cells[cell->id] == cell) {
		reg.cells[cell->id] = NULL;
		reg.comm[cell->id] = NULL;
		reg.num_cells--;
	}
	if (cell->comm)
		cell->comm->reg_status = BH_REG_STATUS_IDLE;
	spin_unlock(&reg.lock);
}

/* Whether a comm region's word changed since it was taken up. */
static bool cells_changed(void)
{
	for (u32 i = 1; i < MAX_CELLS; i++) {
		struct bh_comm_region *c = reg.comm[i];

		if (c && READ_ONCE(c->reg_request) != reg.seen[i])
			return true;
	}
	return false;
}

/* Requests and ends written into the comm regions since the last look. */
static void poll_cells(struct per_cpu *self)
{
	bool kick = false;

	if (!cells_changed())
		return;
	spin_lock(&reg.lock);
	for (u32 i = 1; i < MAX_CELLS; i++) {
		struct cell *c = reg.cells[i];
		u32 mode;

		if (!c)
			continue;
		mode = READ_ONCE(c->comm->reg_request);
		if (mode != reg.seen[i] && take_up(c, mode) > 0)
			kick = true;
	}
	spin_unlock(&reg.lock);
	if (kick)
		kick_root(self);
}

/* Whether the owner wrote its comm region since (cheap, no lock). */
static bool owner_changed(const struct reg_snapshot *s)
{
	return s->owner &&
	       READ_ONCE(s->owner->comm->reg_request) != reg.seen[s->owner->id];
}

/*
 * Whether every running root CPU took request @gen up, or it is already
 * over (ended or replaced). Parked root CPUs (offline in Linux) run no
 * guest to regulate: they take it up if they start again.
 */
static bool all_root_took(u32 gen, u64 *missing)
{
	*missing = 0;
	if (READ_ONCE(reg.gen) != gen)
		return true;
	for (unsigned int i = 0; i < MAX_CPUS; i++) {
		struct per_cpu *c = per_cpu(i);

		if (c->in_hv && c->cell == &root_cell &&
		    !READ_ONCE(c->parked) && READ_ONCE(c->reg.gen) != gen)
			*missing |= BIT(i);
	}
	return !*missing;
}

static u64 ticks_to_ns(u64 ticks)
{
	return reg.tsc_khz ? ticks * 1000000 / reg.tsc_khz : 0;
}

long regulation_hypercall(struct per_cpu *cpu, u64 mode)
{
	struct cell *cell = cpu->cell;
	u64 t0, waited, missing;
	char list[96];
	u32 gen;
	int ret;

	if (cell == &root_cell)
		return -EPERM;
	if (!reg.p.max_hold || !cell->comm || mode >= BH_REG_NUM_MODES) {
		if (reg.p.max_hold && cell->comm)
			printk_guest(
				cpu,
				"cell %s: regulation refused: mode %llu is unknown\n",
				cell->desc->name, (unsigned long long)mode);
		return -EINVAL;
	}
	spin_lock(&reg.lock);
	/* the word is what the cell wants; the call only makes it urgent */
	cell->comm->reg_request = (u32)mode;
	ret = take_up(cell, (u32)mode);
	gen = reg.gen;
	spin_unlock(&reg.lock);
	if (ret <= 0)
		return ret;
	kick_root(cpu);
	t0 = arch_read_tsc();
	while (!all_root_took(gen, &missing)) {
		if (READ_ONCE(cpu->requests))
			cpu_handle_requests(cpu);
		if (arch_read_tsc() - t0 > reg.p.take_up) {
			cpu_list_format(list, sizeof(list), missing);
			printk_guest(
				cpu,
				"cell %s: regulation (%s): root CPUs %s did not take the request up within %llu us (regulation.take-up-us)\n",
				cell->desc->name, mode_names[mode], list,
				(unsigned long long)ticks_to_ns(reg.p.take_up) /
					1000);
			return -ETIMEDOUT;
		}
		arch_cpu_relax();
	}
	waited = ticks_to_ns(arch_read_tsc() - t0);
	if (waited > cpu->stats->reg_take_up_max_ns)
		cpu->stats->reg_take_up_max_ns = waited;
	return 0;
}

/* --- holding a root CPU --- */

static void account(struct per_cpu *cpu, u64 from, u64 to)
{
	u64 ns = ticks_to_ns(to - from);

	cpu->stats->reg_held_ns += ns;
	if (ns > cpu->stats->reg_hold_max_ns)
		cpu->stats->reg_hold_max_ns = ns;
}

/* The timekeeper leaves: whoever sleeps wakes, and one of them keeps. */
static void keeper_leave(void)
{
	u64 s;

	__atomic_store_n(&reg.keeper, 0, __ATOMIC_SEQ_CST);
	s = __atomic_load_n(&reg.sleepers, __ATOMIC_SEQ_CST);
	while (s) {
		unsigned int i = __builtin_ctzll(s);

		s &= s - 1;
		arch_cpu_wake(per_cpu(i));
	}
}

/* The earliest end of a sleeper's hold: the timekeeper wakes it then. */
static u64 sleepers_until(void)
{
	u64 s = __atomic_load_n(&reg.sleepers, __ATOMIC_SEQ_CST), until = ~0ull;

	while (s) {
		unsigned int i = __builtin_ctzll(s);
		u64 u = READ_ONCE(per_cpu(i)->reg.hold_until);

		s &= s - 1;
		if (u < until)
			until = u;
	}
	return until;
}

/*
 * Holds @cpu until @until, or until the request @gen ends or changes.
 * A sleeper is sure to be woken: it adds itself to the sleepers before
 * it looks for a timekeeper, and the timekeeper gives up its role before
 * it looks at the sleepers (both sequentially consistent), so at least
 * one of the two sees the other. The timekeeper also gives its role up
 * when a sleeper's own hold ends first, so that no CPU is held beyond
 * its own end by another's.
 */
static void hold(struct per_cpu *cpu, u32 gen, u64 until)
{
	u64 t0 = arch_read_tsc(), now = t0, prev = t0, lap = 0;
	u64 bit = BIT(cpu->id);
	bool keeper = false;
	struct reg_snapshot s;

	WRITE_ONCE(cpu->reg.hold_until, until);
	cpu->stats->reg_holds++;
	for (;;) {
		now = arch_read_tsc();
		if (now - prev > lap)
			lap = now - prev;
		prev = now;
		snapshot(&s);
		if (keeper && owner_changed(&s)) {
			poll_cells(cpu);
			snapshot(&s);
		}
		/*
		 * One lap early rather than one late: a hold must not outlast
		 * max-hold, and the check after this one would come a lap on.
		 */
		if (now + lap >= until || s.gen != gen || !s.owner)
			break;
		if (READ_ONCE(cpu->requests) || arch_cpu_init_pending(cpu)) {
			/* management first; a park does not come back */
			if (keeper) {
				keeper_leave();
				keeper = false;
			}
			account(cpu, t0, now);
			if (arch_cpu_init_pending(cpu))
				cpu_park(cpu);
			cpu_handle_requests(cpu);
			t0 = arch_read_tsc();
			prev = t0;
			continue;
		}
		if (keeper) {
			if (now + lap >= sleepers_until()) {
				keeper_leave();
				keeper = false;
			}
			arch_cpu_relax();
			continue;
		}
		if (__atomic_compare_exchange_n(
			    &reg.keeper, &(u32){ 0 }, cpu->id + 1, false,
			    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
			keeper = true;
			continue;
		}
		__atomic_or_fetch(&reg.sleepers, bit, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&reg.keeper, __ATOMIC_SEQ_CST))
			arch_cpu_sleep_until_nmi(cpu);
		__atomic_and_fetch(&reg.sleepers, ~bit, __ATOMIC_SEQ_CST);
		/* a sleep is no lap: the keeper woke us at our time */
		prev = arch_read_tsc();
	}
	if (keeper)
		keeper_leave();
	account(cpu, t0, arch_read_tsc());
}

void regulation_cpu_parks(struct per_cpu *cpu)
{
	if (cpu->reg.entered) {
		arch_regulation_leave(cpu);
		cpu->reg.entered = false;
	}
	WRITE_ONCE(cpu->reg.gen, 0);
}

void regulation_root_exit(struct per_cpu *cpu)
{
	struct reg_decision d;
	struct reg_snapshot s;

	if (!reg.p.max_hold)
		return;
	if (READ_ONCE(reg.num_cells))
		poll_cells(cpu);
	for (;;) {
		snapshot(&s);
		if (!s.owner) {
			if (cpu->reg.entered) {
				arch_regulation_leave(cpu);
				cpu->reg.entered = false;
			}
			WRITE_ONCE(cpu->reg.gen, 0);
			return;
		}
		/* not_before stays from the last request's holds: a cell that
		 * ends and asks again gets no hold before the root's run */
		if (cpu->reg.gen != s.gen) {
			if (!cpu->reg.entered) {
				arch_regulation_enter(cpu);
				cpu->reg.entered = true;
			}
			WRITE_ONCE(cpu->reg.gen, s.gen);
		}
		d = reg_decide(&reg.p, s.mode, s.start, cpu->reg.not_before,
			       arch_read_tsc());
		if (!d.hold) {
			arch_regulation_arm(cpu, d.until);
			return;
		}
		hold(cpu, s.gen, d.until);
		/* the root runs at least min_run before a stop hold, after a
		 * hold of either mode */
		cpu->reg.not_before = arch_read_tsc() + reg.p.min_run;
	}
}
