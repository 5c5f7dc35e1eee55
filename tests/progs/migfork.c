// SPDX-License-Identifier: GPL-2.0
/*
 * migfork - cpuset moves against forks, for tests/21-cpuset-migrate.sh.
 *
 *	migfork migrate MB MOVES SECS N0 NODE0 N1 NODE1
 *	    Fork a forker that stays where we are (the root) and forks
 *	    children that _exit at once, one at a time, timing each fork()
 *	    in the parent.  Then enter group N0 (the directory; its procs
 *	    file), whose nodes are NODE0, map MB megabytes and write to every
 *	    page, check with move_pages(2) that they are on NODE0, and move
 *	    the process (procs) to N1, N0, N1, ... MOVES times or until SECS
 *	    seconds have passed since the first move.  A migration lasts from the write to procs
 *	    until every page is on the destination node (polled after the
 *	    write returned, 30 s at most: the start of the first query that
 *	    finds them all there).  For each move it prints
 *	      move K to node N: write W s, migration M s, pages P/T on node N,
 *	      forks F, longest fork L s
 *	    (F and L: forks that overlapped the migration), and at the end
 *	      moves N complete N long N blocked N forks N
 *	    "complete": moves after which every page was on the destination;
 *	    "long": migrations longer than 1 s; "blocked": long migrations
 *	    overlapped by a fork that took at least half the migration.  Exits
 *	    2 on an unexpected error.
 *
 *	migfork storm CHAINS FORKERS REPORT
 *	    A fork storm where we are: CHAINS chains (a process forks a child
 *	    and exits, the child does the same, ...) and FORKERS processes
 *	    that fork children that _exit at once, one at a time.  We are
 *	    their subreaper.  On SIGUSR1, write to REPORT one line "PID GROUP"
 *	    for ourselves and for every storm process alive (GROUP: the
 *	    task's group in the cpuset hierarchy, /proc/PID/container).  On
 *	    SIGTERM stop the storm, reap everything and print
 *	      chains N forks N
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "progs.h"

/* write our pid to DIR/procs: 0 or the errno */
static int enter(const char *dir)
{
	char path[4096], buf[16];
	int fd, n, e = 0;

	snprintf(path, sizeof(path), "%s/procs", dir);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	n = snprintf(buf, sizeof(buf), "%d", getpid());
	if (write(fd, buf, n) != n)
		e = errno;
	close(fd);
	return e;
}

/* -------------------------------------------------------------------------
 * migrate
 */

#define MAX_FORKS 200000

struct fork_rec {
	double start, end;
};

struct mig_shared {
	volatile int stop;
	volatile long n;
	struct fork_rec f[MAX_FORKS];
};

/* how many of the pages are on @node (move_pages in query mode) */
static long pages_on(void **pages, int *status, long n, int node)
{
	long i, on = 0;

	if (syscall(SYS_move_pages, 0, n, pages, NULL, status, 0)) {
		perror("migfork: move_pages");
		exit(2);
	}
	for (i = 0; i < n; i++)
		on += status[i] == node;
	return on;
}

static void forker(struct mig_shared *sh)
{
	while (!sh->stop && sh->n < MAX_FORKS) {
		double t0 = now(), t1;
		pid_t pid = fork();

		if (!pid)
			_exit(0);
		t1 = now();
		if (pid < 0) {
			perror("migfork: fork");
			_exit(2);
		}
		sh->f[sh->n].start = t0;
		sh->f[sh->n].end = t1;
		__atomic_add_fetch(&sh->n, 1, __ATOMIC_RELEASE);
		waitpid(pid, NULL, 0);
	}
	_exit(0);
}

static int do_migrate(long mb, int moves, int secs, const char *n0, int node0,
		      const char *n1, int node1)
{
	long psz = sysconf(_SC_PAGESIZE), npages = mb * 1024 * 1024 / psz, i, on;
	const char *dir[2] = { n0, n1 };
	int node[2] = { node0, node1 }, k, e, status, *st;
	int complete = 0, nlong = 0, blocked = 0;
	double end, t0, t1, t2;
	struct mig_shared *sh;
	void **pages;
	char *mem;
	pid_t fp;

	sh = shared_mem(sizeof(*sh));
	fp = fork();
	if (fp < 0) {
		perror("migfork: fork");
		return 2;
	}
	if (!fp)
		forker(sh);

	e = enter(n0);
	if (e) {
		fprintf(stderr, "migfork: enter %s: %s\n", n0, strerror(e));
		sh->stop = 1;
		waitpid(fp, NULL, 0);
		return 2;
	}
	mem = mmap(NULL, npages * psz, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pages = calloc(npages, sizeof(*pages));
	st = calloc(npages, sizeof(*st));
	if (mem == MAP_FAILED || !pages || !st) {
		perror("migfork: memory");
		sh->stop = 1;
		waitpid(fp, NULL, 0);
		return 2;
	}
	for (i = 0; i < npages; i++) {
		mem[i * psz] = 1;
		pages[i] = mem + i * psz;
	}
	on = pages_on(pages, st, npages, node0);
	printf("start: pages %ld/%ld on node %d\n", on, npages, node0);
	fflush(stdout);
	/* SECS count from here: the first move always happens */
	end = now() + secs;

	for (k = 1; k <= moves && now() < end; k++) {
		int to = k % 2;
		long nf = 0, j;
		double longest = 0, mig;

		t0 = now();
		e = enter(dir[to]);
		t1 = now();
		if (e) {
			fprintf(stderr, "migfork: move to %s: %s\n", dir[to], strerror(e));
			sh->stop = 1;
			waitpid(fp, NULL, 0);
			return 2;
		}
		/*
		 * The migration may finish after the write (e.g. in a work
		 * item): it ended before the query that finds every page on
		 * the destination started.
		 */
		for (;;) {
			t2 = now();
			on = pages_on(pages, st, npages, node[to]);
			if (on == npages || now() > t1 + 30)
				break;
			usleep(50000);
		}
		if (on < npages)
			t2 = t1;
		mig = t2 - t0;
		/* let the forks that overlap the end finish */
		usleep(200000);
		for (j = 0; j < __atomic_load_n(&sh->n, __ATOMIC_ACQUIRE); j++) {
			struct fork_rec *f = &sh->f[j];

			if (f->end < t0 || f->start > t2)
				continue;
			nf++;
			if (f->end - f->start > longest)
				longest = f->end - f->start;
		}
		complete += on == npages;
		if (mig > 1) {
			nlong++;
			blocked += longest >= mig / 2;
		}
		printf("move %d to node %d: write %.3f s, migration %.3f s, pages %ld/%ld on node %d, forks %ld, longest fork %.3f s\n",
		       k, node[to], t1 - t0, mig, on, npages, node[to], nf, longest);
		fflush(stdout);
	}
	sh->stop = 1;
	waitpid(fp, &status, 0);
	printf("moves %d complete %d long %d blocked %d forks %ld\n",
	       k - 1, complete, nlong, blocked, sh->n);
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : 2;
}

/* -------------------------------------------------------------------------
 * storm
 */

#define MAX_STORM 64

struct storm_shared {
	volatile int stop;
	volatile int pid[MAX_STORM];	/* chains' current members, forkers */
	long chains, forks;
};

static struct storm_shared *ss;
static volatile sig_atomic_t want_report, want_stop;

static void on_usr1(int sig) { want_report = 1; }
static void on_term(int sig) { want_stop = 1; }

static void chain(int slot)
{
	for (;;) {
		pid_t c;

		ss->pid[slot] = getpid();
		if (ss->stop)
			_exit(0);
		/* a storm, but one that leaves the test some CPU time */
		usleep(1000);
		c = fork();
		if (c < 0) {
			usleep(10000);
			continue;
		}
		if (c > 0) {
			/* the slot names a live member at every moment */
			ss->pid[slot] = c;
			__sync_fetch_and_add(&ss->chains, 1);
			_exit(0);
		}
		/* the child carries the chain on */
	}
}

static void storm_forker(int slot)
{
	ss->pid[slot] = getpid();
	while (!ss->stop) {
		pid_t c;

		usleep(1000);
		c = fork();

		if (!c)
			_exit(0);
		if (c > 0) {
			waitpid(c, NULL, 0);
			__sync_fetch_and_add(&ss->forks, 1);
		} else {
			usleep(10000);
		}
	}
	_exit(0);
}

static void group_of(int pid, char *out, size_t len)
{
	char path[64], line[512];
	FILE *f;

	snprintf(out, len, "?");
	snprintf(path, sizeof(path), "/proc/%d/container", pid);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *subs = strchr(line, ':'), *grp;

		if (!subs)
			continue;
		grp = strchr(++subs, ':');
		if (!grp)
			continue;
		*grp++ = 0;
		if (strstr(subs, "cpuset")) {
			grp[strcspn(grp, "\n")] = 0;
			snprintf(out, len, "%s", grp);
			break;
		}
	}
	fclose(f);
}

static void report(const char *file, int n)
{
	char tmp[4096], grp[256];
	FILE *f;
	int i;

	snprintf(tmp, sizeof(tmp), "%s.tmp", file);
	f = fopen(tmp, "w");
	if (!f)
		return;
	group_of(getpid(), grp, sizeof(grp));
	fprintf(f, "%d %s\n", getpid(), grp);
	for (i = 0; i < n; i++) {
		int pid = ss->pid[i], tries;

		/*
		 * A chain's member may fork and exit while we look: then the
		 * slot names its child, look at that one (an exiting task may
		 * already show the top group).
		 */
		for (tries = 0; tries < 100 && pid > 0; tries++) {
			group_of(pid, grp, sizeof(grp));
			if (ss->pid[i] == pid)
				break;
			pid = ss->pid[i];
		}
		if (pid <= 0 || !strcmp(grp, "?"))
			continue;
		fprintf(f, "%d %s\n", pid, grp);
	}
	fclose(f);
	rename(tmp, file);
}

static int do_storm(int chains, int forkers, const char *file)
{
	struct sigaction sa = { 0 };
	sigset_t block, old;
	int i, n = chains + forkers;

	if (n > MAX_STORM) {
		fprintf(stderr, "migfork: at most %d storm processes\n", MAX_STORM);
		return 2;
	}
	ss = shared_mem(sizeof(*ss));
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (i = 0; i < n; i++) {
		pid_t c = fork();

		if (!c) {
			sigprocmask(SIG_SETMASK, &old, NULL);
			signal(SIGTERM, SIG_DFL);
			signal(SIGUSR1, SIG_DFL);
			if (i < chains)
				chain(i);
			storm_forker(i);
		}
	}
	/* reap what the chains leave to us, report when asked */
	while (!want_stop) {
		struct timespec ts = { 0, 20000000 };
		sigset_t pending;

		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (want_report) {
			want_report = 0;
			report(file, n);
		}
		/* sleep 20 ms or until a signal */
		sigemptyset(&pending);
		sigaddset(&pending, SIGUSR1);
		sigaddset(&pending, SIGTERM);
		sigaddset(&pending, SIGCHLD);
		i = sigtimedwait(&pending, NULL, &ts);
		if (i == SIGUSR1)
			want_report = 1;
		else if (i == SIGTERM)
			want_stop = 1;
	}
	ss->stop = 1;
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	printf("chains %ld forks %ld\n", ss->chains, ss->forks);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 9 && !strcmp(argv[1], "migrate"))
		return do_migrate(atol(argv[2]), atoi(argv[3]), atoi(argv[4]),
				  argv[5], atoi(argv[6]), argv[7], atoi(argv[8]));
	if (argc == 5 && !strcmp(argv[1], "storm"))
		return do_storm(atoi(argv[2]), atoi(argv[3]), argv[4]);
	fprintf(stderr, "usage: migfork migrate MB MOVES SECS N0 NODE0 N1 NODE1 |\n"
		"\tstorm CHAINS FORKERS REPORT\n");
	return 2;
}
