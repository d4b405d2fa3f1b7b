// SPDX-License-Identifier: GPL-2.0
/*
 * Test module: a hypercall fuzzer in the root cell. Issues @calls
 * hypercalls with random codes and arguments (a seeded xorshift, so a run
 * can be repeated) and prints how many came back with which result. Every
 * code but DISABLE, which from one CPU waits for the others and is
 * refused (system test 020), and would otherwise cost 2 s a call.
 */
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/sched.h>
#include <asm/processor.h>
#include <bulkhead/hypercall.h>

static unsigned int calls = 100000;
static unsigned long long seed = 0x5eed;
module_param(calls, uint, 0444);
module_param(seed, ullong, 0444);

static u64 state;

static u64 next(void)
{
	state ^= state << 13;
	state ^= state >> 7;
	state ^= state << 17;
	return state;
}

/* Arguments of the kinds that break things: edges, hypervisor memory,
 * Linux's own memory, wrapping ranges, plain noise. */
static u64 argument(void)
{
	u64 r = next();

	switch (r & 7) {
	case 0:
		return 0;
	case 1:
		return (r >> 8) & 0xff; /* small: ids, sizes, info codes */
	case 2:
		return ~0ull - ((r >> 8) & 0xfff); /* wraps */
	case 3:
		return 0x30000000 + ((r >> 8) & 0xffffff); /* hypervisor */
	case 4:
		return (r >> 8) & 0x2ffff000; /* Linux's RAM, page-aligned */
	case 5:
		return 1ull << ((r >> 8) & 63);
	default:
		return next();
	}
}

static u64 code(void)
{
	u64 r = next();

	/* mostly the real codes, else anything */
	if (r & 1)
		return 1 + (r >> 1) % (BH_HC_CONSOLE_SYNC + 4);
	r = next();
	return r ? r : 1;
}

static int __init hcfuzz_init(void)
{
	static const long seen[] = { 0,	  -1,  -2,  -7,	 -12, -14, -16, -17,
				     -19, -22, -28, -34, -38, -75, -95 };
	unsigned int count[ARRAY_SIZE(seen) + 1] = { 0 };
	bool amd = boot_cpu_data.x86_vendor == X86_VENDOR_AMD;
	unsigned int i, k, positive = 0;
	u64 start = ktime_get_ns();
	long ret;

	state = seed ? seed : 1;
	for (i = 0; i < calls; i++) {
		u64 c = code(), a1 = argument(), a2 = argument();

		/* the root's console is its own to write: keep Linux's memory
		 * out of it (the address fails as non-canonical instead) */
		if (c == BH_HC_CONSOLE_WRITE && a2 <= BH_CONSOLE_WRITE_MAX)
			a1 |= 1ull << 63;

		ret = bh_hypercall_raw(amd, c, a1, a2);
		if (ret > 0) {
			positive++;
		} else {
			for (k = 0; k < ARRAY_SIZE(seen) && seen[k] != ret; k++)
				;
			count[k]++;
		}
		if (!(i % 1000))
			cond_resched();
	}
	pr_info("hcfuzz: %u calls, seed 0x%llx: %u positive", calls, seed,
		positive);
	for (k = 0; k < ARRAY_SIZE(seen); k++)
		if (count[k])
			pr_cont(", %u x %ld", count[k], seen[k]);
	if (count[k])
		pr_cont(", %u other", count[k]);
	/* how long the console's rate limit had to refill (170, vmx/220) */
	pr_cont("; %llu ms\n", div_u64(ktime_get_ns() - start, NSEC_PER_MSEC));
	return 0;
}

static void __exit hcfuzz_exit(void)
{
}

module_init(hcfuzz_init);
module_exit(hcfuzz_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Bulkhead test: random hypercalls from the root cell");
