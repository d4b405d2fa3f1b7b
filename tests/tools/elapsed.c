// SPDX-License-Identifier: GPL-2.0
/*
 * Runs a command and prints its wall-clock time: "elapsed_us N status S".
 * busybox's time has 10 ms resolution; enable and disable need better.
 */
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct timespec a, b;
	int status;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: elapsed COMMAND [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == 0) {
		execvp(argv[1], argv + 1);
		perror(argv[1]);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0) {
		perror("elapsed");
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("elapsed_us %lld status %d\n",
	       (long long)(b.tv_sec - a.tv_sec) * 1000000 +
		       (b.tv_nsec - a.tv_nsec) / 1000,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
