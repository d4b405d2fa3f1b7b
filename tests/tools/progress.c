// SPDX-License-Identifier: GPL-2.0
/*
 * Test tool: the root cell's progress on one CPU. Pinned to CPU, it reads
 * the monotonic clock in a loop for SECONDS and counts the reads; a gap
 * between two reads is time the CPU did not run this loop (held by the
 * hypervisor, interrupted, preempted). Prints one line:
 *   progress: cpu 1, 3.000 s, 1234567 reads, 411522/s, max gap 2043 us,
 *   gaps >= 1 ms: 12, >= 5 ms: 0, >= 10 ms: 0, >= 30 ms: 0
 * Usage: progress CPU SECONDS
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static const long long limits_us[] = { 1000, 5000, 10000, 30000 };
#define NUM_LIMITS (sizeof(limits_us) / sizeof(limits_us[0]))

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ll + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long long start, end, prev, t, reads = 0, max_gap = 0;
	long long over[NUM_LIMITS] = { 0 };
	cpu_set_t set;
	int cpu;

	if (argc != 3 || (cpu = atoi(argv[1])) < 0 || atof(argv[2]) <= 0) {
		fprintf(stderr, "usage: progress CPU SECONDS\n");
		return 2;
	}
	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		perror("progress: sched_setaffinity");
		return 1;
	}
	start = prev = now_ns();
	end = start + (long long)(atof(argv[2]) * 1e9);
	do {
		long long gap;

		t = now_ns();
		gap = (t - prev) / 1000;
		prev = t;
		reads++;
		if (gap > max_gap)
			max_gap = gap;
		for (unsigned int i = 0; i < NUM_LIMITS; i++)
			over[i] += gap >= limits_us[i];
	} while (t < end);
	printf("progress: cpu %d, %.3f s, %lld reads, %.0f/s, max gap %lld us",
	       cpu, (t - start) / 1e9, reads, reads / ((t - start) / 1e9),
	       max_gap);
	for (unsigned int i = 0; i < NUM_LIMITS; i++)
		printf("%s %lld ms: %lld",
		       i ? ", >=" : ", gaps >=", limits_us[i] / 1000, over[i]);
	printf("\n");
	return 0;
}
