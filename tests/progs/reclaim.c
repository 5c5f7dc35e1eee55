// SPDX-License-Identifier: GPL-2.0
/*
 * reclaim - make the kernel reclaim memory, for cpuset.memory_pressure.
 *
 *	reclaim MB ROUNDS [fifo]
 *
 * Each round maps MB megabytes of anonymous memory, writes to every page
 * and then marks the range MADV_FREE, which leaves the pages in place but
 * reclaimable without swap: the next rounds' page faults, once the
 * task's nodes run short, reclaim them.  In a guest without swap or a disk
 * these lazily freed pages are the only memory the allocator can reclaim
 * on demand, and there is always enough of them, so the rounds never end
 * in the OOM killer.  With "fifo" the program runs SCHED_FIFO, so that a
 * kswapd on its CPU cannot run and the faults reclaim directly.  Prints
 * "done ROUNDS"; exits 3 if the kernel has no madvise().
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len, off;
	int rounds, r;

	if (argc < 3) {
		fprintf(stderr, "usage: reclaim MB ROUNDS [fifo]\n");
		return 2;
	}
	len = (size_t)atol(argv[1]) << 20;
	rounds = atoi(argv[2]);
	if (argc > 3 && !strcmp(argv[3], "fifo")) {
		struct sched_param sp = { .sched_priority = 10 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			perror("sched_setscheduler");
	}
	for (r = 0; r < rounds; r++) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (off = 0; off < len; off += page)
			p[off] = 1;
		if (madvise(p, len, MADV_FREE)) {
			perror("madvise");
			return errno == ENOSYS ? 3 : 1;
		}
	}
	printf("done %d\n", rounds);
	return 0;
}
