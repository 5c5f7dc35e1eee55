/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tests/progs/progs.h - the few helpers the test programs share.  Include
 * after the system headers, with _GNU_SOURCE defined.
 */
#ifndef TESTS_PROGS_H
#define TESTS_PROGS_H

#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

/* CLOCK_MONOTONIC in seconds */
static inline double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* run on CPU n, modulo the CPUs online; not fatal if that cannot be */
static inline void pin(int n)
{
	int ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(n % (ncpu > 0 ? ncpu : 1), &set);
	sched_setaffinity(0, sizeof(set), &set);
}

/* zeroed memory shared with the children forked after this */
static inline void *shared_mem(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

/* write PID to GROUP/tasks: 0, or -1 with errno */
static inline int progs_move_pid(const char *group, pid_t pid)
{
	char path[512], buf[32];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/tasks", group);
	snprintf(buf, sizeof(buf), "%d", (int)pid);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, buf, strlen(buf)) < 0 ? -1 : 0;
	close(fd);
	return ret;
}

/* move the calling process into GROUP, or exit 2 */
static inline void enter_group(const char *group)
{
	if (progs_move_pid(group, getpid())) {
		perror(group);
		exit(2);
	}
}

#endif /* TESTS_PROGS_H */
