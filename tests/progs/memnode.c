// SPDX-License-Identifier: GPL-2.0
/*
 * memnode - where do a process's pages live?  For the cpuset tests.
 *
 *	memnode MB [INTERVAL_MS]
 *
 * Maps MB megabytes of anonymous memory, writes to every page, and prints
 * the NUMA nodes that hold the pages as a list ("0", "1", "0-1"), asking
 * the kernel with move_pages(2) in query mode (no target nodes), through
 * the raw system call.  Without INTERVAL_MS it exits after one line; with
 * it, it prints a line again every INTERVAL_MS milliseconds until killed,
 * so a test can watch pages migrate.  A page the kernel reports with an
 * error shows as "E<errno>".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_NODES 64

static void report(void **pages, int *status, long n)
{
	int seen[MAX_NODES] = { 0 }, err = 0, first = 1, node, end;
	long i;

	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0)) {
		perror("move_pages");
		exit(1);
	}
	for (i = 0; i < n; i++) {
		if (status[i] >= 0 && status[i] < MAX_NODES)
			seen[status[i]] = 1;
		else
			err = status[i];
	}
	for (node = 0; node < MAX_NODES; node++) {
		if (!seen[node])
			continue;
		for (end = node; end + 1 < MAX_NODES && seen[end + 1]; end++)
			;
		printf(first ? "%d" : ",%d", node);
		if (end > node)
			printf("-%d", end);
		first = 0;
		node = end;
	}
	if (err)
		printf(first ? "E%d" : ",E%d", -err);
	printf("\n");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE), n, i;
	int interval, *status;
	void **pages;
	char *mem;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: memnode MB [INTERVAL_MS]\n");
		return 2;
	}
	n = atol(argv[1]) * 1024 * 1024 / psz;
	interval = argc == 3 ? atoi(argv[2]) : 0;
	mem = mmap(NULL, n * psz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pages = calloc(n, sizeof(*pages));
	status = calloc(n, sizeof(*status));
	if (mem == MAP_FAILED || !pages || !status) {
		perror("memnode");
		return 1;
	}
	for (i = 0; i < n; i++) {
		mem[i * psz] = 1;
		pages[i] = mem + i * psz;
	}
	report(pages, status, n);
	while (interval > 0) {
		struct timespec ts = {
			.tv_sec = interval / 1000,
			.tv_nsec = (interval % 1000) * 1000000L,
		};

		nanosleep(&ts, NULL);
		report(pages, status, n);
	}
	return 0;
}
