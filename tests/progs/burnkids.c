// SPDX-License-Identifier: GPL-2.0
/*
 * burnkids - children that burn CPU and exit, for cpuacct's exit accounting.
 *
 *	burnkids GROUP N SECS US
 *	burnkids -z GROUP US
 *
 * The first form joins the container GROUP (writes "0" to GROUP/tasks),
 * reads its own CPU clock, GROUP/cpuacct.usage (through a descriptor
 * opened before) and its clock again, then forks N children one after
 * another (fewer if SECS seconds of wall time ran out), each
 * reaped with wait4() before the next is made.  A child burns US
 * microseconds of CPU and exits without sleeping: the first quarter
 * spinning on its CPU clock (CLOCK_THREAD_CPUTIME_ID), which calibrates a
 * loop, the rest in that loop without any system call, so that what it ran
 * since the scheduler last accounted its time (the last tick, at HZ=250
 * up to 4 ms) is still unaccounted when it exits.  Then the parent reads
 * its clock, the usage and its clock again, and prints one line:
 *
 *	children N usage_ns U parent_ns P parent_max_ns PM rusage_ns R
 *	short_ns S over_ns O
 *
 * U is the usage's growth; R the children's CPU time summed from wait4's
 * rusage (ru_utime + ru_stime: the scheduler's whole runtime of each,
 * final part included, in microseconds); P and PM bound the parent's own
 * CPU time that U holds (reading the clock settles the reader's runtime,
 * and each usage read lies between two clock reads): P is the time from
 * the read after the first usage read to the read before the last, PM
 * from the read before the first to the read after the last.
 * S = P + R - U is what the group was at least not charged of its tasks'
 * time (negative if none was missing), O = U - PM - R what it was at
 * least charged in excess.
 *
 * -z forks one child that joins GROUP, reads its CPU clock (C0), burns US
 * microseconds the same way and exits; the parent stays where it is and
 * does not reap the child until SIGTERM.  It prints "PID C0" as soon as
 * the child has joined, then sleeps; on SIGTERM it reaps the child with
 * wait4() and prints "rusage_ns R" (the child's whole CPU time, as above),
 * then exits 0.  The group was charged what the child ran after C0 if it
 * got at least R - C0.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now(clockid_t clk)
{
	struct timespec ts;

	if (clock_gettime(clk, &ts)) {
		perror("clock_gettime");
		exit(1);
	}
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static volatile unsigned long sink;

/* some work without a system call */
static void chunk(void)
{
	unsigned long x = sink;
	int i;

	for (i = 0; i < 2000; i++)
		x = x * 6364136223846793005UL + 1442695040888963407UL;
	sink = x;
}

/* burn @us microseconds of CPU; the last 3/4 without a system call */
static void burn(long long us)
{
	long long start = now(CLOCK_THREAD_CPUTIME_ID), t = start;
	long long spin = us * 1000 / 4, rest = us * 1000 - spin, n = 0, k;

	while (t - start < spin) {
		chunk();
		n++;
		t = now(CLOCK_THREAD_CPUTIME_ID);
	}
	/* chunks per ns from the spin, then the rest blind */
	k = t - start > 0 ? n * rest / (t - start) : 0;
	while (k-- > 0)
		chunk();
}

/* the usage through a descriptor opened before: one system call */
static long long read_usage(int fd)
{
	char buf[64];
	ssize_t r = pread(fd, buf, sizeof(buf) - 1, 0);

	if (r <= 0) {
		fprintf(stderr, "burnkids: reading cpuacct.usage: %s\n",
			r ? strerror(errno) : "empty");
		exit(1);
	}
	buf[r] = 0;
	return atoll(buf);
}

static long long tv_ns(const struct timeval *tv)
{
	return tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL;
}

static int do_group(const char *group, int n, int secs, long long us)
{
	char tasks[4096], usage[4096];
	long long p0, p0b, p1, p1b, u0, u1, rus = 0, end;
	int fd, ufd, i;

	snprintf(tasks, sizeof(tasks), "%s/tasks", group);
	snprintf(usage, sizeof(usage), "%s/cpuacct.usage", group);
	fd = open(tasks, O_WRONLY);
	if (fd < 0 || write(fd, "0", 1) != 1) {
		fprintf(stderr, "burnkids: joining %s: %s\n", group, strerror(errno));
		return 1;
	}
	close(fd);
	ufd = open(usage, O_RDONLY);
	if (ufd < 0) {
		fprintf(stderr, "burnkids: %s: %s\n", usage, strerror(errno));
		return 1;
	}

	end = now(CLOCK_MONOTONIC) + secs * 1000000000LL;
	p0 = now(CLOCK_THREAD_CPUTIME_ID);
	u0 = read_usage(ufd);
	p0b = now(CLOCK_THREAD_CPUTIME_ID);
	for (i = 0; i < n && now(CLOCK_MONOTONIC) < end; i++) {
		struct rusage ru;
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			perror("burnkids: fork");
			return 1;
		}
		if (!pid) {
			burn(us);
			_exit(0);
		}
		if (wait4(pid, &status, 0, &ru) != pid) {
			perror("burnkids: wait4");
			return 1;
		}
		rus += tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime);
	}
	p1 = now(CLOCK_THREAD_CPUTIME_ID);
	u1 = read_usage(ufd);
	p1b = now(CLOCK_THREAD_CPUTIME_ID);
	printf("children %d usage_ns %lld parent_ns %lld parent_max_ns %lld rusage_ns %lld short_ns %lld over_ns %lld\n",
	       i, u1 - u0, p1 - p0b, p1b - p0, rus, p1 - p0b + rus - (u1 - u0),
	       u1 - u0 - (p1b - p0) - rus);
	return 0;
}

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int do_zombie(const char *group, long long us)
{
	char tasks[4096];
	long long c0;
	struct rusage ru;
	sigset_t mask, old;
	int p[2], fd;
	pid_t pid;

	snprintf(tasks, sizeof(tasks), "%s/tasks", group);
	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigprocmask(SIG_BLOCK, &mask, &old);
	signal(SIGTERM, on_term);
	if (pipe(p)) {
		perror("burnkids: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("burnkids: fork");
		return 1;
	}
	if (!pid) {
		fd = open(tasks, O_WRONLY);
		/* settles the runtime so far, charged where the child was */
		c0 = now(CLOCK_THREAD_CPUTIME_ID);
		if (fd < 0 || write(fd, "0", 1) != 1) {
			fprintf(stderr, "burnkids: joining %s: %s\n", group,
				strerror(errno));
			_exit(1);
		}
		close(fd);
		c0 = now(CLOCK_THREAD_CPUTIME_ID);
		if (write(p[1], &c0, sizeof(c0)) != sizeof(c0))
			_exit(1);
		burn(us);
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &c0, sizeof(c0)) != sizeof(c0)) {
		fprintf(stderr, "burnkids: the child did not join %s\n", group);
		waitpid(pid, NULL, 0);
		return 1;
	}
	printf("%d %lld\n", pid, c0);
	while (!stop)
		sigsuspend(&old);
	if (wait4(pid, NULL, 0, &ru) != pid) {
		perror("burnkids: wait4");
		return 1;
	}
	printf("rusage_ns %lld\n", tv_ns(&ru.ru_utime) + tv_ns(&ru.ru_stime));
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 4 && !strcmp(argv[1], "-z"))
		return do_zombie(argv[2], atoll(argv[3]));
	if (argc == 5)
		return do_group(argv[1], atoi(argv[2]), atoi(argv[3]),
				atoll(argv[4]));
	fprintf(stderr, "usage: burnkids GROUP N SECS US | burnkids -z GROUP US\n");
	return 2;
}
