// SPDX-License-Identifier: GPL-2.0
/*
 * Regulation of the root cell (hypervisor/core/regulation.c) on the host:
 * the rule of each mode (reg_decide) at its edges; limits in TSC ticks;
 * and the request's life on fake CPUs: a comm-region request taken up at a
 * root exit, held, armed, ended; the hypercall, which kicks the root CPUs
 * (the fake kick runs their exit at once); refusals (a cell the config
 * does not name, a second cell, a mode left out, an unknown mode), each
 * logged and in the cell's comm region; a cell that stops mid-request;
 * and 1000 request/end cycles without residue. The arch hooks record what
 * they were asked; the TSC advances 1000 ticks (1 us) per read.
 */
// uses: hypervisor/core/regulation.c hypervisor/core/format.c hypervisor/core/ratelimit.c hypervisor/core/rendezvous.c
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <bh/arch.h>
#include <bh/cell.h>
#include <bh/errno.h>
#include <bh/hv.h>
#include <bh/percpu.h>
#include <bh/regulation.h>
#include <bh/rendezvous.h>
#include "fake.h"

#define KHZ 1000000ull /* 1 tick per ns */
#define US(x) ((u64)(x)*1000)
#define MS(x) ((u64)(x)*1000000)

struct bh_hv_header hv_header = { .tsc_khz = KHZ };
struct cell root_cell;
struct cell *cells[MAX_CELLS];
struct per_cpu per_cpus[MAX_CPUS];
static struct bh_cpu_stats stats[MAX_CPUS];

static u64 tsc;

u64 arch_read_tsc(void)
{
	return tsc += 1000;
}

void arch_cpu_relax(void)
{
}

/* --- what the arch and the CPU layer were asked --- */

static unsigned int enters[MAX_CPUS], leaves[MAX_CPUS], sleeps[MAX_CPUS];
static u64 armed[MAX_CPUS];
static unsigned int kicks[MAX_CPUS];
/* a kicked root CPU exits at once (its NMI), as far as the test wants */
static bool kick_runs_exit;

void arch_regulation_enter(struct per_cpu *cpu)
{
	enters[cpu->id]++;
}

void arch_regulation_leave(struct per_cpu *cpu)
{
	leaves[cpu->id]++;
}

void arch_regulation_arm(struct per_cpu *cpu, u64 deadline)
{
	armed[cpu->id] = deadline;
}

void arch_cpu_sleep_until_nmi(struct per_cpu *cpu)
{
	sleeps[cpu->id]++;
}

void arch_cpu_wake(struct per_cpu *cpu)
{
	(void)cpu;
}

bool arch_cpu_init_pending(struct per_cpu *cpu)
{
	(void)cpu;
	return false;
}

void cpu_park(struct per_cpu *cpu)
{
	fail_msg("CPU %u parked", cpu->id);
	for (;;)
		;
}

void cpu_kick(struct per_cpu *cpu)
{
	kicks[cpu->id]++;
	if (kick_runs_exit && cpu->cell == &root_cell)
		regulation_root_exit(cpu);
}

void cpu_handle_requests(struct per_cpu *cpu)
{
	cpu->requests = 0;
}

/* --- the system: root CPUs 0 and 1, cells rt (CPU 2) and rogue (3) --- */

static struct bh_regulation_desc desc;
static struct bh_cell_desc rt_desc = { .name = "rt" },
			   rogue_desc = { .name = "rogue" },
			   root_desc = { .name = "root" };
static struct cell rt, rogue;
static struct bh_comm_region rt_comm, rogue_comm;

static int setup(void **state)
{
	(void)state;
	memset(&desc, 0, sizeof(desc));
	desc.max_hold_us = 2000;
	desc.min_run_us = 1000;
	desc.duty_period_us = 1000;
	desc.duty_run_percent = 50;
	desc.take_up_us = BH_REG_TAKE_UP_DEFAULT_US;
	desc.num_cells = 1;
	strcpy(desc.cells[0], "rt");
	memset(per_cpus, 0, sizeof(per_cpus));
	memset(stats, 0, sizeof(stats));
	root_cell = (struct cell){ .id = 0, .desc = &root_desc };
	rt = (struct cell){ .id = 1, .desc = &rt_desc, .comm = &rt_comm };
	rogue = (struct cell){ .id = 2,
			       .desc = &rogue_desc,
			       .comm = &rogue_comm };
	memset(&rt_comm, 0, sizeof(rt_comm));
	memset(&rogue_comm, 0, sizeof(rogue_comm));
	for (unsigned int i = 0; i < 4; i++) {
		per_cpus[i].id = i;
		per_cpus[i].in_hv = true;
		per_cpus[i].stats = &stats[i];
		per_cpus[i].cell = i < 2 ? &root_cell : i == 2 ? &rt : &rogue;
	}
	memset(enters, 0, sizeof(enters));
	memset(leaves, 0, sizeof(leaves));
	memset(sleeps, 0, sizeof(sleeps));
	memset(armed, 0, sizeof(armed));
	memset(kicks, 0, sizeof(kicks));
	kick_runs_exit = false;
	tsc = MS(1000);
	regulation_init(&desc, KHZ);
	regulation_cell_started(&rt);
	regulation_cell_started(&rogue);
	fake_console_reset();
	return 0;
}

static void expect_console(const char *text)
{
	if (!strstr(fake_console, text))
		fail_msg("console lacks \"%s\":\n%s", text, fake_console);
}

/* --- the rule of each mode --- */

static const struct reg_params params = {
	.max_hold = US(2000),
	.min_run = US(1000),
	.period = US(1000),
	.run = US(500),
};

static void decide_stop(void **state)
{
	struct reg_decision d;

	(void)state;
	/* held at once, for max_hold */
	d = reg_decide(&params, BH_REG_STOP, MS(5), 0, MS(10));
	assert_true(d.hold);
	assert_int_equal(d.until, MS(10) + US(2000));
	/* within the minimum run after a hold: run until it ends */
	d = reg_decide(&params, BH_REG_STOP, MS(5), MS(11), MS(10));
	assert_false(d.hold);
	assert_int_equal(d.until, MS(11));
	/* at its very end: held again */
	d = reg_decide(&params, BH_REG_STOP, MS(5), MS(11), MS(11));
	assert_true(d.hold);
}

static void decide_duty(void **state)
{
	struct reg_decision d;
	u64 start = MS(100);

	(void)state;
	/* periods from the request: run the first half, held the second */
	d = reg_decide(&params, BH_REG_DUTY, start, 0, start);
	assert_false(d.hold);
	assert_int_equal(d.until, start + US(500));
	d = reg_decide(&params, BH_REG_DUTY, start, 0, start + US(499));
	assert_false(d.hold);
	assert_int_equal(d.until, start + US(500));
	d = reg_decide(&params, BH_REG_DUTY, start, 0, start + US(500));
	assert_true(d.hold);
	assert_int_equal(d.until, start + US(1000));
	d = reg_decide(&params, BH_REG_DUTY, start, 0, start + US(7999));
	assert_true(d.hold);
	assert_int_equal(d.until, start + US(8000));
	/* another CPU's clock a little behind the request: a run phase */
	d = reg_decide(&params, BH_REG_DUTY, start, 0, start - 10);
	assert_false(d.hold);
	assert_int_equal(d.until, start - 10 + US(500));
}

static void params_in_ticks(void **state)
{
	struct bh_regulation_desc d = { .max_hold_us = 2000,
					.min_run_us = 1000,
					.duty_period_us = 1000,
					.duty_run_percent = 50 };
	struct reg_params p;

	(void)state;
	reg_params_from_desc(&d, 2500000, &p); /* 2.5 GHz */
	assert_int_equal(p.max_hold, 2000ull * 2500);
	assert_int_equal(p.min_run, 1000ull * 2500);
	assert_int_equal(p.period, 1000ull * 2500);
	assert_int_equal(p.run, 500ull * 2500);
}

/* --- a request's life --- */

static void comm_request_held_armed_ended(void **state)
{
	struct per_cpu *cpu0 = per_cpu(0);
	u64 before;

	(void)state;
	/* nothing asked: a root exit changes nothing */
	regulation_root_exit(cpu0);
	assert_int_equal(enters[0], 0);

	rt_comm.reg_request = BH_REG_STOP;
	before = tsc;
	regulation_root_exit(cpu0);
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_ACTIVE);
	assert_int_equal(rt_comm.reg_granted, 1);
	assert_int_equal(enters[0], 1);
	/*
	 * held for max_hold, never longer: the hold ends within one lap of
	 * its loop (here a few fake TSC reads) before max_hold; then armed
	 * for the end of its minimum run
	 */
	assert_int_equal(stats[0].reg_holds, 1);
	assert_true(tsc - before >= US(1990));
	assert_true(stats[0].reg_held_ns >= 1990000 &&
		    stats[0].reg_held_ns <= 2000000);
	assert_true(armed[0] > tsc && armed[0] <= tsc + US(1000));
	/* alone, it kept time and slept never */
	assert_int_equal(sleeps[0], 0);
	/* the other root CPU was kicked to take it up too */
	assert_int_equal(kicks[1], 1);
	assert_int_equal(kicks[0], 0);
	assert_int_equal(per_cpu(0)->reg.gen, per_cpu(0)->reg.gen);

	/* the cell ends it through its comm region: the next exit leaves */
	rt_comm.reg_request = BH_REG_NONE;
	regulation_root_exit(cpu0);
	assert_int_equal(leaves[0], 1);
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_IDLE);
	assert_int_equal(per_cpu(0)->reg.gen, 0);
	/* and exits after that cost nothing */
	regulation_root_exit(cpu0);
	assert_int_equal(enters[0], 1);
	assert_int_equal(leaves[0], 1);
}

static void hypercall_takes_every_root_cpu(void **state)
{
	long ret;

	(void)state;
	kick_runs_exit = true;
	ret = regulation_hypercall(per_cpu(2), BH_REG_DUTY);
	assert_int_equal(ret, 0);
	/* the word says what the cell asked, as if it had written it */
	assert_int_equal(rt_comm.reg_request, BH_REG_DUTY);
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_ACTIVE);
	assert_int_equal(kicks[0], 1);
	assert_int_equal(kicks[1], 1);
	assert_int_equal(enters[0], 1);
	assert_int_equal(enters[1], 1);
	assert_int_not_equal(per_cpu(0)->reg.gen, 0);
	assert_int_equal(per_cpu(0)->reg.gen, per_cpu(1)->reg.gen);
	/* the wait is counted on the asking CPU: a few fake TSC reads */
	assert_true(stats[2].reg_take_up_max_ns > 0);
	assert_true(stats[2].reg_take_up_max_ns < US(20));
	assert_int_equal(stats[0].reg_take_up_max_ns, 0);
	/* the cell's own CPUs are never regulated */
	assert_int_equal(enters[2], 0);
	/* asking again for what is active changes nothing */
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_DUTY), 0);
	assert_int_equal(kicks[0], 1);
	/* ended by the call too */
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_NONE), 0);
	regulation_root_exit(per_cpu(0));
	assert_int_equal(leaves[0], 1);
	/* the root itself may not ask */
	assert_int_equal(regulation_hypercall(per_cpu(0), BH_REG_STOP), -EPERM);
}

/* A regulated root CPU that parks is regulated no more, and takes the
 * request up again when it runs the root after. */
static void parked_cpu_leaves_regulation(void **state)
{
	(void)state;
	kick_runs_exit = true;
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_DUTY), 0);
	assert_int_equal(enters[0], 1);
	assert_true(per_cpu(0)->reg.entered);
	regulation_cpu_parks(per_cpu(0));
	assert_int_equal(leaves[0], 1);
	assert_false(per_cpu(0)->reg.entered);
	assert_int_equal(per_cpu(0)->reg.gen, 0);
	/* a CPU never regulated parks without a leave */
	regulation_cpu_parks(per_cpu(3));
	assert_int_equal(leaves[3], 0);
	/* back in the root, its first exit takes the request up again */
	regulation_root_exit(per_cpu(0));
	assert_int_equal(enters[0], 2);
	assert_int_equal(per_cpu(0)->reg.gen, per_cpu(1)->reg.gen);
}

static void hypercall_times_out_naming_cpus(void **state)
{
	u64 t0;

	(void)state;
	/* the kicks go nowhere: no root CPU takes it up */
	t0 = tsc;
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_STOP),
			 -ETIMEDOUT);
	assert_true(tsc - t0 >= MS(20) && tsc - t0 < MS(20) + US(10));
	expect_console("cell rt: regulation (stop): root CPUs 0, 1 did not "
		       "take the request up within 20000 us "
		       "(regulation.take-up-us)\n");
	/* it stays granted: the cell ends it */
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_ACTIVE);
	/* a timed-out wait is no take-up time */
	assert_int_equal(stats[2].reg_take_up_max_ns, 0);

	/* the bound is the config's */
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_NONE), 0);
	desc.take_up_us = 250000;
	regulation_init(&desc, KHZ);
	regulation_cell_started(&rt);
	fake_console_reset();
	t0 = tsc;
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_STOP),
			 -ETIMEDOUT);
	assert_true(tsc - t0 >= MS(250) && tsc - t0 < MS(250) + US(10));
	expect_console("within 250000 us (regulation.take-up-us)\n");
}

static void refusals(void **state)
{
	(void)state;
	/* a cell the config does not name */
	assert_int_equal(regulation_hypercall(per_cpu(3), BH_REG_STOP), -EPERM);
	assert_int_equal(rogue_comm.reg_status, BH_REG_STATUS_REFUSED);
	assert_int_equal(rogue_comm.reg_refusal, EPERM);
	expect_console("cell rogue: regulation refused: the system config's "
		       "regulation does not name it\n");
	/* also through the comm region; a reason already given is not
	 * printed again, however often the cell asks */
	fake_console_reset();
	for (unsigned int i = 0; i < 100; i++) {
		rogue_comm.reg_request = i % 2 ? BH_REG_DUTY : BH_REG_STOP;
		regulation_root_exit(per_cpu(0));
		assert_int_equal(rogue_comm.reg_status, BH_REG_STATUS_REFUSED);
	}
	assert_int_equal(fake_console_len, 0);
	assert_int_equal(enters[0], 0);

	/* an unknown mode, from a cell that may ask */
	assert_int_equal(regulation_hypercall(per_cpu(2), 7), -EINVAL);
	expect_console("cell rt: regulation refused: mode 7 is unknown\n");
	assert_int_equal(regulation_hypercall(per_cpu(2), 1ull << 32), -EINVAL);

	/* a mode the config leaves out */
	desc.duty_period_us = 0;
	desc.duty_run_percent = 0;
	regulation_init(&desc, KHZ);
	regulation_cell_started(&rt);
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_DUTY),
			 -EINVAL);
	expect_console("cell rt: regulation refused: mode 2 (duty) is not "
		       "configured\n");
}

static void second_cell_is_busy(void **state)
{
	(void)state;
	strcpy(desc.cells[1], "rogue");
	desc.num_cells = 2;
	kick_runs_exit = true;
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_STOP), 0);
	assert_int_equal(regulation_hypercall(per_cpu(3), BH_REG_STOP), -EBUSY);
	expect_console("cell rogue: regulation refused: cell rt's request is "
		       "active\n");
	assert_int_equal(rogue_comm.reg_refusal, EBUSY);
	/* once rt's ends, rogue may */
	rt_comm.reg_request = BH_REG_NONE;
	regulation_root_exit(per_cpu(0));
	assert_int_equal(regulation_hypercall(per_cpu(3), BH_REG_STOP), 0);
	assert_int_equal(rogue_comm.reg_status, BH_REG_STATUS_ACTIVE);
}

static void stopped_cell_ends_its_request(void **state)
{
	(void)state;
	kick_runs_exit = true;
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_STOP), 0);
	assert_int_equal(enters[0], 1);
	regulation_cell_stopped(&rt);
	expect_console("cell rt: its regulation request ends with it\n");
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_IDLE);
	regulation_root_exit(per_cpu(0));
	regulation_root_exit(per_cpu(1));
	assert_int_equal(leaves[0], 1);
	assert_int_equal(leaves[1], 1);
	/* what its comm region says from now on is not looked at */
	rt_comm.reg_request = BH_REG_STOP;
	regulation_root_exit(per_cpu(0));
	assert_int_equal(enters[0], 1);
	/* and its hypercall, if its CPU ran, is refused by the state */
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_IDLE);
}

/*
 * A cell that ends its request and asks again at once does not hold the
 * root again before the minimum run: the root keeps its share.
 */
static void reasking_keeps_min_run(void **state)
{
	struct per_cpu *cpu0 = per_cpu(0);
	u64 end_of_hold;

	(void)state;
	rt_comm.reg_request = BH_REG_STOP;
	regulation_root_exit(cpu0);
	assert_int_equal(stats[0].reg_holds, 1);
	end_of_hold = tsc;
	/* ended and asked again before the root's exit sees either */
	rt_comm.reg_request = BH_REG_NONE;
	regulation_root_exit(cpu0);
	rt_comm.reg_request = BH_REG_STOP;
	regulation_root_exit(cpu0);
	assert_int_equal(rt_comm.reg_granted, 2);
	/* no second hold yet: armed for the end of the minimum run */
	assert_int_equal(stats[0].reg_holds, 1);
	assert_true(armed[0] >= end_of_hold + US(1000) - US(50) &&
		    armed[0] <= end_of_hold + US(1000) + US(50));
	/* switching modes back and forth does not shorten it either */
	rt_comm.reg_request = BH_REG_DUTY;
	regulation_root_exit(cpu0);
	rt_comm.reg_request = BH_REG_STOP;
	regulation_root_exit(cpu0);
	assert_int_equal(stats[0].reg_holds, 1);
	/* once it has passed, the next hold comes */
	tsc = armed[0];
	regulation_root_exit(cpu0);
	assert_int_equal(stats[0].reg_holds, 2);
}

/* A call still in flight when its cell stopped is refused, not granted. */
static void stopped_cell_cannot_ask(void **state)
{
	(void)state;
	regulation_cell_stopped(&rt);
	assert_int_equal(regulation_hypercall(per_cpu(2), BH_REG_STOP),
			 -EINVAL);
	assert_int_not_equal(rt_comm.reg_status, BH_REG_STATUS_ACTIVE);
	/* the root was not asked for anything */
	assert_int_equal(kicks[0] + kicks[1], 0);
	regulation_root_exit(per_cpu(0));
	assert_int_equal(enters[0], 0);
}

/* A word the cell spoils while its request runs ends the request. */
static void bad_word_ends_request(void **state)
{
	(void)state;
	rt_comm.reg_request = BH_REG_STOP;
	regulation_root_exit(per_cpu(0));
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_ACTIVE);
	rt_comm.reg_request = 0xdeadbeef;
	regulation_root_exit(per_cpu(0));
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_REFUSED);
	assert_int_equal(rt_comm.reg_refusal, EINVAL);
	assert_int_equal(leaves[0], 1);
	expect_console("cell rt: regulation refused: mode 3735928559 is "
		       "unknown\n");
}

static void thousand_cycles_no_residue(void **state)
{
	u64 holds;

	(void)state;
	for (unsigned int i = 0; i < 1000; i++) {
		rt_comm.reg_request = i % 2 ? BH_REG_DUTY : BH_REG_STOP;
		regulation_root_exit(per_cpu(0));
		rt_comm.reg_request = BH_REG_NONE;
		regulation_root_exit(per_cpu(0));
	}
	assert_int_equal(enters[0], 1000);
	assert_int_equal(leaves[0], 1000);
	assert_int_equal(rt_comm.reg_granted, 1000);
	assert_int_equal(rt_comm.reg_status, BH_REG_STATUS_IDLE);
	assert_int_equal(per_cpu(0)->reg.gen, 0);
	holds = stats[0].reg_holds;
	/* the minimum run keeps most of these requests from holding at all */
	assert_true(holds >= 1 && holds < 1000);
	/* the longest hold is still within the limit */
	assert_true(stats[0].reg_hold_max_ns <= 2000000 + 10000);
	regulation_root_exit(per_cpu(0));
	assert_int_equal(stats[0].reg_holds, holds);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(decide_stop),
		cmocka_unit_test(decide_duty),
		cmocka_unit_test(params_in_ticks),
		cmocka_unit_test_setup(comm_request_held_armed_ended, setup),
		cmocka_unit_test_setup(hypercall_takes_every_root_cpu, setup),
		cmocka_unit_test_setup(parked_cpu_leaves_regulation, setup),
		cmocka_unit_test_setup(hypercall_times_out_naming_cpus, setup),
		cmocka_unit_test_setup(refusals, setup),
		cmocka_unit_test_setup(second_cell_is_busy, setup),
		cmocka_unit_test_setup(stopped_cell_ends_its_request, setup),
		cmocka_unit_test_setup(reasking_keeps_min_run, setup),
		cmocka_unit_test_setup(stopped_cell_cannot_ask, setup),
		cmocka_unit_test_setup(bad_word_ends_request, setup),
		cmocka_unit_test_setup(thousand_cycles_no_residue, setup),
	};

	return cmocka_run_group_tests_name("regulation", tests, NULL, NULL);
}
