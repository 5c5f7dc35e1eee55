// SPDX-License-Identifier: GPL-2.0
/*
 * nsrace - namespace creation racing rmdir, for the ns subsystem's test.
 *
 *	nsrace DIR SECONDS WORKERS
 *
 * DIR is a group of a hierarchy with the ns subsystem.  Each of WORKERS
 * processes makes DIR/wN (with DIR's cpuset.cpus and cpuset.mems if it
 * has them), moves itself there and, until SECONDS are over,
 * clone()s children with CLONE_NEWUTS (each lands in a new group
 * DIR/wN/node_PID and exits at once) and forks children that unshare()
 * CLONE_NEWUTS (each moves into a new node_PID and exits).  As many racer
 * processes meanwhile remove every node_* group they find under the wN
 * and try to remove the wN themselves, which must fail while a worker is
 * in them.  Every process is pinned to a CPU of its own, in turn.
 *
 * Prints one line of counts and "OK", or what went wrong and "FAIL": a
 * clone or unshare that failed other than with EEXIST (a pid used again
 * before a racer removed its old group: counted, not wrong), or a wN
 * removed while its worker was in it.  Exits 0 on OK.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

struct counts {
	long clones, unshares, eexist, removed, bad;
	int bad_errno;
	int finished;		/* a worker: about to exit, leaving its wN */
	int entered;		/* a worker: in its wN (or failed to get there) */
};

static const char *dir;
static struct counts *shared;	/* one per process, in shared memory */
static volatile int *go;

static int child_exit(void *arg)
{
	(void)arg;
	return 0;
}

static void note(struct counts *c, int err)
{
	if (err == EEXIST) {
		c->eexist++;
	} else {
		c->bad++;
		c->bad_errno = err;
	}
}

static void worker(int n, double end)
{
	static char stack[16384] __attribute__((aligned(16)));
	struct counts *c = &shared[n];
	char path[256], pid[32];
	int fd, st;
	pid_t p;

	pin(n);
	snprintf(path, sizeof(path), "%s/w%d/tasks", dir, n);
	fd = open(path, O_WRONLY);
	snprintf(pid, sizeof(pid), "%d", getpid());
	if (fd < 0 || write(fd, pid, strlen(pid)) < 0) {
		note(c, errno);
		c->entered = 1;
		exit(1);
	}
	close(fd);
	/* racers may remove wN only once it holds its worker */
	__atomic_store_n(&c->entered, 1, __ATOMIC_RELEASE);
	while (!*go)
		sched_yield();
	while (now() < end) {
		p = clone(child_exit, stack + sizeof(stack),
			  CLONE_NEWUTS | SIGCHLD, NULL);
		if (p < 0) {
			note(c, errno);
		} else {
			waitpid(p, &st, 0);
			c->clones++;
		}
		p = fork();
		if (p == 0)
			_exit(unshare(CLONE_NEWUTS) ? errno : 0);
		if (p > 0) {
			waitpid(p, &st, 0);
			if (WIFEXITED(st) && !WEXITSTATUS(st))
				c->unshares++;
			else
				note(c, WIFEXITED(st) ? WEXITSTATUS(st) : EINTR);
		}
	}
	c->finished = 1;
	exit(0);
}

static void racer(int n, int workers, double end)
{
	struct counts *c = &shared[workers + n];
	char path[512];
	struct dirent *de;
	DIR *d;
	int w;

	pin(n + 1);
	while (!*go)
		sched_yield();
	while (now() < end) {
		for (w = 0; w < workers; w++) {
			snprintf(path, sizeof(path), "%s/w%d", dir, w);
			d = opendir(path);
			if (!d)
				continue;
			while ((de = readdir(d))) {
				if (strncmp(de->d_name, "node_", 5))
					continue;
				snprintf(path, sizeof(path), "%s/w%d/%s", dir, w,
					 de->d_name);
				if (!rmdir(path))
					c->removed++;
			}
			closedir(d);
			/* finished is set before the worker leaves wN */
			snprintf(path, sizeof(path), "%s/w%d", dir, w);
			if (!shared[w].finished && !rmdir(path) &&
			    !shared[w].finished) {
				c->bad++;
				c->bad_errno = 0;
			}
		}
	}
	exit(0);
}

/* a cpuset hierarchy: give a new group its parent's lists, if it has them */
static void copy_file(const char *from, const char *to, const char *name)
{
	char path[512], buf[4096];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", from, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	snprintf(path, sizeof(path), "%s/%s", to, name);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return;
	if (n > 0 && write(fd, buf, n) < 0)
		perror(path);
	close(fd);
}

int main(int argc, char **argv)
{
	struct counts sum = { 0 };
	int i, workers, st, nproc;
	char path[256];
	double end;

	if (argc != 4) {
		fprintf(stderr, "usage: nsrace DIR SECONDS WORKERS\n");
		return 2;
	}
	dir = argv[1];
	workers = atoi(argv[3]);
	nproc = 2 * workers;
	shared = shared_mem(sizeof(*shared) * nproc + sizeof(int));
	go = (volatile int *)&shared[nproc];
	for (i = 0; i < workers; i++) {
		snprintf(path, sizeof(path), "%s/w%d", dir, i);
		if (mkdir(path, 0755)) {
			perror(path);
			return 2;
		}
		copy_file(dir, path, "cpuset.cpus");
		copy_file(dir, path, "cpuset.mems");
	}
	end = now() + atof(argv[2]);
	for (i = 0; i < nproc; i++) {
		if (fork() == 0) {
			if (i < workers)
				worker(i, end);
			racer(i - workers, workers, end);
		}
	}
	for (i = 0; i < workers; i++)
		while (!__atomic_load_n(&shared[i].entered, __ATOMIC_ACQUIRE))
			sched_yield();
	*go = 1;
	for (i = 0; i < nproc; i++)
		wait(&st);
	for (i = 0; i < nproc; i++) {
		sum.clones += shared[i].clones;
		sum.unshares += shared[i].unshares;
		sum.eexist += shared[i].eexist;
		sum.removed += shared[i].removed;
		sum.bad += shared[i].bad;
		if (shared[i].bad)
			sum.bad_errno = shared[i].bad_errno;
	}
	printf("clones %ld unshares %ld eexist %ld removed %ld bad %ld",
	       sum.clones, sum.unshares, sum.eexist, sum.removed, sum.bad);
	if (sum.bad)
		printf(" (last: %s)", sum.bad_errno ? strerror(sum.bad_errno) :
		       "a worker's group was removed");
	printf("\n%s\n", sum.bad ? "FAIL" : "OK");
	return sum.bad ? 1 : 0;
}
