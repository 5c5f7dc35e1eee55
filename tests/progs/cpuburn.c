// SPDX-License-Identifier: GPL-2.0
/*
 * cpuburn - burn a known amount of CPU time, for the cpuacct tests.
 *
 *	cpuburn [-t TASKSFILE] [-n THREADS] MS [MS...]
 *	cpuburn -c PID
 *
 * With -t, first writes "0" to TASKSFILE: the process joins that container
 * before it does anything else, and prints its CPU clock (nanoseconds,
 * CLOCK_PROCESS_CPUTIME_ID) just before and just after that write, on a
 * line of its own: the moment it joined lies between the two.
 * Then, for each MS argument (a phase), THREADS threads (default 1) each
 * burn MS milliseconds of their own CPU time (CLOCK_THREAD_CPUTIME_ID),
 * and the process stops itself (SIGSTOP) until it gets SIGCONT.  It exits
 * after the last phase's stop.
 *
 * -c PID prints the CPU clock of process PID (clock_getcpuclockid).  For
 * a stopped burner that is exactly the runtime the scheduler accounted to
 * it, so the test can compare a group's charge with the clock difference
 * between two points where the process was not running.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long burn_ns;

static long long now(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts)) {
		perror("clock_gettime");
		exit(1);
	}
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void *burn(void *arg)
{
	long long start = now(CLOCK_THREAD_CPUTIME_ID);
	volatile unsigned long x = 0;

	while (now(CLOCK_THREAD_CPUTIME_ID) - start < burn_ns) {
		int i;

		for (i = 0; i < 10000; i++)
			x += i;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	const char *tasks = NULL;
	int nthreads = 1, opt, i;

	while ((opt = getopt(argc, argv, "c:t:n:")) != -1) {
		switch (opt) {
		case 'c': {
			clockid_t clk;
			int err = clock_getcpuclockid(atoi(optarg), &clk);

			if (err) {
				fprintf(stderr, "cpuburn: %s\n", strerror(err));
				return 1;
			}
			printf("%lld\n", now(clk));
			return 0;
		}
		case 't':
			tasks = optarg;
			break;
		case 'n':
			nthreads = atoi(optarg);
			break;
		default:
			goto usage;
		}
	}
	if (optind >= argc || nthreads < 1 || nthreads > 64)
		goto usage;

	if (tasks) {
		int fd = open(tasks, O_WRONLY);
		long long before = now(CLOCK_PROCESS_CPUTIME_ID);

		if (fd < 0 || write(fd, "0", 1) != 1) {
			fprintf(stderr, "cpuburn: joining %s: %s\n", tasks,
				strerror(errno));
			return 1;
		}
		printf("%lld %lld\n", before, now(CLOCK_PROCESS_CPUTIME_ID));
		close(fd);
		fflush(stdout);
	}

	for (i = optind; i < argc; i++) {
		pthread_t th[64];
		int t;

		burn_ns = atoll(argv[i]) * 1000000LL;
		for (t = 1; t < nthreads; t++)
			if (pthread_create(&th[t], NULL, burn, NULL)) {
				fprintf(stderr, "cpuburn: pthread_create failed\n");
				return 1;
			}
		burn(NULL);
		for (t = 1; t < nthreads; t++)
			pthread_join(th[t], NULL);
		raise(SIGSTOP);
	}
	return 0;
usage:
	fprintf(stderr, "usage: cpuburn [-t TASKSFILE] [-n THREADS] MS [MS...]\n"
		"       cpuburn -c PID\n");
	return 2;
}
