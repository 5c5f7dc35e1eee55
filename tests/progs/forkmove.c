// SPDX-License-Identifier: GPL-2.0
/*
 * forkmove - fork against moves, for tests/41-fork-move.sh.
 *
 *	forkmove classify SECS ROUNDS A D KEY
 *	    A forker in group A (the directory A; it enters A/tasks itself)
 *	    forks children in a loop, each blocking on a pipe until the
 *	    forker closes it.  A classifier process moves every new child
 *	    into D as soon as it is visible: it guesses the next pid (the last
 *	    child's + 1) and writes it to D/tasks again and again (ESRCH until
 *	    the child exists), so that the move lands while the forker may
 *	    still be inside fork().  A wrong guess (another task took that
 *	    pid) is told the real pid once fork() returned and moves it late;
 *	    a task moved by a wrong guess (e.g. a new kernel thread) is moved
 *	    back to the hierarchy's root (the parent directory of D).  After each move that returned 0
 *	    and once the forker's fork() returned, the child must be in D:
 *	    the line of /proc/PID/container whose subsystem list holds KEY
 *	    must name the path of D (its basename, "/NAME").  Stops after
 *	    ROUNDS rounds or SECS seconds; prints
 *	      rounds N races N late N foreign N failures N
 *	    ("races": the move returned before the forker's fork() did) and
 *	    one line for each of the first failures; exits 1 on a failure,
 *	    2 on an unexpected error.
 *
 *	forkmove refcount FILE SECS COUNT
 *	    read FILE (a number), fork COUNT children that _exit at once,
 *	    one at a time, reaping each (or stop after SECS seconds), and read
 *	    FILE again; prints "before N after N forks N".
 *
 *	forkmove race SECS G1 G2
 *	    moves against exits.  A spawner in G1 keeps 4 victim processes
 *	    alive; each makes a few batches of 4 threads that publish their
 *	    ids and exit within 3 ms (and now and then a short-lived child),
 *	    then exits, sometimes with threads still running.  Three movers,
 *	    pinned to CPUs 1-3 (the spawner to CPU 0), move the published
 *	    threads through G1/tasks and G2/tasks and the victims through the
 *	    procs files, alternating.  After SECS seconds no new victim starts;
 *	    the movers go on until the last victim was reaped.  Prints
 *	    "victims N threads N children N moves N esrch N other N"; exits
 *	    2 on an unexpected error (a move failing with other than ESRCH).
 *
 *	forkmove waitfork FILE
 *	    sleep; on SIGUSR1 fork a child that sleeps until killed and write
 *	    its pid to FILE; on SIGTERM kill the child, reap it and exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
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

static int open_tasks(const char *dir, const char *file)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0) {
		fprintf(stderr, "forkmove: open %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

/* write the number to an open tasks/procs file: 0 or the errno */
static int put_pid(int fd, int pid)
{
	char buf[16];
	int n = snprintf(buf, sizeof(buf), "%d", pid);

	return write(fd, buf, n) == n ? 0 : errno;
}

/* -------------------------------------------------------------------------
 * classify
 */

struct cls_shared {
	volatile int round;	/* the round whose fork() returned */
	volatile int pid;	/* ... and its child */
	volatile int stop;
};

/* the path of PID's group in the hierarchy whose subsystem list has KEY */
static int group_of(int pid, const char *key, char *out, size_t len)
{
	char path[64], line[512];
	size_t klen = strlen(key);
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/container", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *subs = strchr(line, ':'), *grp, *s;

		if (!subs)
			continue;
		grp = strchr(++subs, ':');
		if (!grp)
			continue;
		*grp++ = 0;
		for (s = subs; s && *s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL) {
			if (!strncmp(s, key, klen) && (s[klen] == ',' || !s[klen])) {
				grp[strcspn(grp, "\n")] = 0;
				snprintf(out, len, "%s", grp);
				fclose(f);
				return 0;
			}
		}
	}
	fclose(f);
	return -1;
}

static int do_classify(int secs, int rounds, const char *a, const char *d,
		       const char *key)
{
	struct cls_shared *sh = shared_mem(sizeof(*sh));
	int go[2], cpid, fd_a, status, r;
	double end = now() + secs;
	const char *dname = strrchr(d, '/');
	char want[256], root[4096];

	/* D is a child of the hierarchy's root: ROOT/NAME */
	if (!dname || dname == d) {
		fprintf(stderr, "forkmove: D must be ROOT/NAME\n");
		return 2;
	}
	snprintf(want, sizeof(want), "%s", dname);
	snprintf(root, sizeof(root), "%.*s", (int)(dname - d), d);
	sh->round = -1;
	if (pipe(go)) {
		perror("forkmove: pipe");
		return 2;
	}

	cpid = fork();
	if (cpid < 0) {
		perror("forkmove: fork");
		return 2;
	}
	if (!cpid) {
		/* the classifier */
		long races = 0, late = 0, foreign = 0, failures = 0, done = 0;
		int fd_d = open_tasks(d, "tasks"), fd_root = open_tasks(root, "tasks");
		int last = 0, err = 0;

		close(go[0]);
		pin(1);
		for (r = 0; r < rounds; r++) {
			int guess = last ? last + 1 : 0, moved = 0, race = 0, pid, e;
			char grp[256];

			/* spin on the guess until it exists or the fork returned */
			while (guess && !sh->stop) {
				e = put_pid(fd_d, guess);
				if (!e) {
					moved = guess;
					race = sh->round != r;
					break;
				}
				if (e != ESRCH) {
					fprintf(stderr, "forkmove: move %d: %s\n", guess, strerror(e));
					err = 1;
					break;
				}
				if (sh->round == r && sh->pid != guess)
					break;
			}
			while (sh->round != r && !sh->stop)
				;
			if (sh->stop || err) {
				/* no child for this round: whatever we moved is not ours */
				if (moved) {
					foreign++;
					put_pid(fd_root, moved);
				}
				break;
			}
			pid = sh->pid;
			if (moved && moved != pid) {
				/* someone else took the guessed pid: put it back */
				foreign++;
				put_pid(fd_root, moved);
				moved = 0;
			}
			if (!moved) {
				e = put_pid(fd_d, pid);
				if (e) {
					fprintf(stderr, "forkmove: late move %d: %s\n", pid, strerror(e));
					err = 1;
					break;
				}
				late++;
			}
			races += race;
			if (group_of(pid, key, grp, sizeof(grp)) || strcmp(grp, want)) {
				if (failures < 10)
					printf("round %d: child %d moved to %s%s, found in %s\n",
					       r, pid, want, race ? " before fork() returned" : "",
					       grp);
				failures++;
			}
			done++;
			last = pid;
			if (write(go[1], "x", 1) != 1)
				break;
		}
		printf("rounds %ld races %ld late %ld foreign %ld failures %ld\n",
		       done, races, late, foreign, failures);
		fflush(stdout);
		_exit(err ? 2 : failures ? 1 : 0);
	}

	/* the forker: in A, on CPU 0 */
	close(go[1]);
	pin(0);
	fd_a = open_tasks(a, "tasks");
	if (put_pid(fd_a, getpid())) {
		fprintf(stderr, "forkmove: cannot enter %s\n", a);
		sh->stop = 1;
		return 2;
	}
	for (r = 0; r < rounds && now() < end; r++) {
		int hold[2], pid;
		char c;

		if (pipe(hold)) {
			perror("forkmove: pipe");
			break;
		}
		pid = fork();
		if (!pid) {
			close(hold[1]);
			while (read(hold[0], &c, 1) < 0 && errno == EINTR)
				;
			_exit(0);
		}
		if (pid < 0) {
			perror("forkmove: fork");
			close(hold[0]);
			close(hold[1]);
			break;
		}
		sh->pid = pid;
		__atomic_store_n(&sh->round, r, __ATOMIC_SEQ_CST);
		close(hold[0]);
		/* the classifier has checked the child */
		if (read(go[0], &c, 1) != 1) {
			close(hold[1]);
			waitpid(pid, NULL, 0);
			break;
		}
		close(hold[1]);
		waitpid(pid, NULL, 0);
	}
	sh->stop = 1;
	waitpid(cpid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 2;
}

/* -------------------------------------------------------------------------
 * refcount
 */

static long read_num(const char *file)
{
	char buf[64];
	int fd = open(file, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "forkmove: open %s: %s\n", file, strerror(errno));
		exit(2);
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		fprintf(stderr, "forkmove: read %s failed\n", file);
		exit(2);
	}
	buf[n] = 0;
	return atol(buf);
}

static int do_refcount(const char *file, int secs, long count)
{
	double end = now() + secs;
	long before, after, n = 0;

	before = read_num(file);
	while (n < count && now() < end) {
		pid_t pid = fork();

		if (!pid)
			_exit(0);
		if (pid < 0) {
			perror("forkmove: fork");
			return 2;
		}
		waitpid(pid, NULL, 0);
		n++;
	}
	after = read_num(file);
	printf("before %ld after %ld forks %ld\n", before, after, n);
	return 0;
}

/* -------------------------------------------------------------------------
 * race
 */

#define SLOTS 64
#define NMOVERS 3
#define THREADS 4
#define VICTIMS 4
#define BATCHES 4

struct race_shared {
	volatile int stop;		/* movers */
	volatile int winddown;		/* victims: no more batches */
	volatile int tid[SLOTS];	/* threads, published while alive */
	volatile int proc[VICTIMS];	/* victim processes */
	long victims, threads, children;
	long moves[NMOVERS], esrch[NMOVERS], other[NMOVERS];
};

static struct race_shared *rs;

/* each victim publishes its threads' ids in its own range of slots */
#define PER_VICTIM (SLOTS / VICTIMS)
static int my_victim;

static void publish(int tid)
{
	volatile int *r = &rs->tid[my_victim * PER_VICTIM];
	int i, s = tid % PER_VICTIM;

	for (i = 0; i < PER_VICTIM; i++)
		if (__sync_bool_compare_and_swap(&r[(s + i) % PER_VICTIM], 0, tid))
			return;
}

static void unpublish(int tid)
{
	volatile int *r = &rs->tid[my_victim * PER_VICTIM];
	int i;

	for (i = 0; i < PER_VICTIM; i++)
		__sync_bool_compare_and_swap(&r[i], tid, 0);
}

static void spin(int us)
{
	double end = now() + us / 1e6;

	while (now() < end)
		;
}

struct vthread {
	pthread_t t;
	int us;
	volatile int tid;
};

static void *victim_thread(void *arg)
{
	struct vthread *v = arg;

	v->tid = syscall(SYS_gettid);
	publish(v->tid);
	spin(v->us);
	/* exit while still published: a mover may be moving us right now */
	return NULL;
}

static void victim(int slot, unsigned int seed)
{
	struct vthread t[THREADS];
	cpu_set_t all;
	int i, k, n;

	/* run anywhere, not only on the spawner's CPU */
	CPU_ZERO(&all);
	for (i = 0; i < 4; i++)
		CPU_SET(i, &all);
	sched_setaffinity(0, sizeof(all), &all);
	my_victim = slot;
	rs->proc[slot] = getpid();
	/* a few batches of threads, then the process itself exits */
	for (k = 0; k < BATCHES && !rs->winddown; k++) {
		for (i = n = 0; i < THREADS; i++) {
			t[n].us = rand_r(&seed) % 3000;
			t[n].tid = 0;
			if (!pthread_create(&t[n].t, NULL, victim_thread, &t[n]))
				n++;
		}
		if (rand_r(&seed) % 4 == 0) {
			pid_t c = fork();

			if (!c) {
				publish(getpid());
				spin(rand_r(&seed) % 2000);
				_exit(0);
			}
			if (c > 0) {
				waitpid(c, NULL, 0);
				unpublish(c);
				__sync_fetch_and_add(&rs->children, 1);
			}
		}
		for (i = 0; i < n; i++) {
			pthread_join(t[i].t, NULL);
			/* gone: take its id back before it can be reused */
			if (t[i].tid)
				unpublish(t[i].tid);
		}
		__sync_fetch_and_add(&rs->threads, n);
	}
	spin(rand_r(&seed) % 2000);
	/* exit with threads still running now and then */
	if (rand_r(&seed) % 2)
		for (i = 0; i < THREADS; i++) {
			t[i].us = 5000;
			pthread_create(&t[i].t, NULL, victim_thread, &t[i]);
		}
	rs->proc[slot] = 0;
	_exit(0);
}

static void mover(int id, const char *g1, const char *g2)
{
	int fds[2][2] = {
		{ open_tasks(g1, "tasks"), open_tasks(g1, "procs") },
		{ open_tasks(g2, "tasks"), open_tasks(g2, "procs") },
	};
	unsigned int n = id * 7, idle = 0;

	pin(id + 1);
	while (!rs->stop) {
		int procs = n % 16 == 0, pid, e;

		pid = procs ? rs->proc[n / 16 % VICTIMS] : rs->tid[n % SLOTS];
		n++;
		if (!pid) {
			/* nothing published: do not steal the victims' CPU */
			if (++idle >= SLOTS) {
				usleep(200);
				idle = 0;
			}
			continue;
		}
		idle = 0;
		e = put_pid(fds[n / 3 % 2][procs], pid);
		if (!e)
			rs->moves[id]++;
		else if (e == ESRCH)
			rs->esrch[id]++;
		else
			rs->other[id]++;
	}
	_exit(0);
}

static int do_race(int secs, const char *g1, const char *g2)
{
	pid_t movers[NMOVERS], spawner;
	long moves = 0, esrch = 0, other = 0;
	double end = now() + secs;
	int i, fd, bad = 0, status;

	rs = shared_mem(sizeof(*rs));
	for (i = 0; i < NMOVERS; i++) {
		movers[i] = fork();
		if (!movers[i])
			mover(i, g1, g2);
	}
	spawner = fork();
	if (!spawner) {
		pid_t vp[VICTIMS] = { 0 };
		unsigned int seed = getpid();
		int v;

		/* everything the spawner forks starts in G1 */
		prctl(PR_SET_CHILD_SUBREAPER, 1);
		fd = open_tasks(g1, "tasks");
		if (put_pid(fd, 0))
			_exit(2);
		close(fd);
		pin(0);
		while (now() < end) {
			for (v = 0; v < VICTIMS; v++) {
				if (vp[v] && waitpid(vp[v], NULL, WNOHANG) == 0)
					continue;
				/* reaped: its ids are stale now */
				rs->proc[v] = 0;
				for (i = 0; i < PER_VICTIM; i++)
					rs->tid[v * PER_VICTIM + i] = 0;
				vp[v] = fork();
				if (!vp[v])
					victim(v, seed + v);
				if (vp[v] > 0)
					rs->victims++;
				else
					vp[v] = 0;
				seed = seed * 1103515245 + 12345;
			}
			usleep(1000);
		}
		/* the movers go on while the last victims exit */
		rs->winddown = 1;
		for (v = 0; v < VICTIMS; v++)
			if (vp[v])
				waitpid(vp[v], NULL, 0);
		/* anything reparented to us */
		while (waitpid(-1, NULL, 0) > 0)
			;
		_exit(0);
	}
	waitpid(spawner, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		bad = 1;
	rs->stop = 1;
	for (i = 0; i < NMOVERS; i++) {
		waitpid(movers[i], NULL, 0);
		moves += rs->moves[i];
		esrch += rs->esrch[i];
		other += rs->other[i];
	}
	printf("victims %ld threads %ld children %ld moves %ld esrch %ld other %ld\n",
	       rs->victims, rs->threads, rs->children, moves, esrch, other);
	return bad || other ? 2 : 0;
}

/* -------------------------------------------------------------------------
 * waitfork
 */

static volatile sig_atomic_t want_fork, want_exit;

static void on_usr1(int sig) { want_fork = 1; }
static void on_term(int sig) { want_exit = 1; }

static int do_waitfork(const char *file)
{
	struct sigaction sa = { 0 };
	sigset_t block, old;
	pid_t child = 0;

	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	for (;;) {
		while (!want_fork && !want_exit)
			sigsuspend(&old);
		if (want_exit)
			break;
		want_fork = 0;
		if (!child) {
			child = fork();
			if (!child) {
				sigprocmask(SIG_SETMASK, &old, NULL);
				signal(SIGTERM, SIG_DFL);
				for (;;)
					pause();
			}
			if (child > 0) {
				FILE *f = fopen(file, "w");

				if (f) {
					fprintf(f, "%d\n", child);
					fclose(f);
				}
			} else {
				child = 0;
			}
		}
	}
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 7 && !strcmp(argv[1], "classify"))
		return do_classify(atoi(argv[2]), atoi(argv[3]), argv[4], argv[5], argv[6]);
	if (argc == 5 && !strcmp(argv[1], "refcount"))
		return do_refcount(argv[2], atoi(argv[3]), atol(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "race"))
		return do_race(atoi(argv[2]), argv[3], argv[4]);
	if (argc == 3 && !strcmp(argv[1], "waitfork"))
		return do_waitfork(argv[2]);
	fprintf(stderr, "usage: forkmove classify SECS ROUNDS A D KEY | refcount FILE SECS COUNT |\n"
		"\trace SECS G1 G2 | waitfork FILE\n");
	return 2;
}
